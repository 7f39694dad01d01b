// Model Groups: the tenant's available groups, kept live by the model-groups event stream.

import { h, mount } from '../dom.js';
import { t } from '../i18n.js';
import { subscribe } from '../events.js';
import { pageHeader, card, table } from '../ui.js';
import { groupColumns } from './dashboard.js';

export async function modelGroupsPage(view) {
  const state = h('span', { class: 'live', role: 'status' }, t('groups.connecting'));
  const list = h('div', { class: 'group-list' });
  const stop = subscribe('/api/model-groups/events', (name, data) => {
    if (name !== 'model-groups') return;
    const groups = JSON.parse(data);
    mount(list, table(groupColumns(), groups, { label: t('nav.modelGroups'), empty: t('groups.none') }));
    list.dataset.count = String(groups.length);
  }, (s) => {
    state.className = `live live-${s}`;
    state.textContent = t(`groups.${s}`);
  });
  view.onLeave(stop);
  mount(view.main,
    pageHeader(t('nav.modelGroups'), state),
    h('p', { class: 'intro' }, t('groups.intro')),
    card(null, list));
}
