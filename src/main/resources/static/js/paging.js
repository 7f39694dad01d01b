// The API's paged lists (`limit` 1–200, `before` = the last id seen; members, invitations): the first page,
// then "Show more" appends the next one; a reload after a change shows as many entries as were shown.

import { get, query } from './api.js';

/** The API's largest page. */
const MAX_LIMIT = 200;

/**
 * A list of `path` read `size` entries at a time: `reload()` reads the first page (or again as many
 * entries as are shown), `next()` appends the next page; `items` and `more` say what there is.
 */
export function pagedList(path, size = 50) {
  const list = { items: [], more: false };
  // One entry beyond the page tells whether another page follows (no empty last page).
  const fetchPage = async (before, limit) => {
    const asked = Math.min(MAX_LIMIT, limit + 1);
    const page = await get(`${path}${query({ limit: asked, before })}`);
    const kept = page.slice(0, limit);
    list.items = list.items.concat(kept);
    list.more = page.length > kept.length || (asked === limit && page.length === limit);
  };
  list.reload = async () => {
    const shown = Math.max(list.items.length, size);
    list.items = [];
    list.more = false;
    do {
      await fetchPage(list.items.at(-1)?.id, Math.min(MAX_LIMIT, shown - list.items.length));
    } while (list.more && list.items.length < shown);
  };
  list.next = () => fetchPage(list.items.at(-1)?.id, size);
  return list;
}
