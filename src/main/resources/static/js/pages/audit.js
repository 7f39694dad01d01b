// Audit Log: the tenant's entries (tenant admin) or every entry (operator), filtered and paged.

import { h, mount, formValues } from '../dom.js';
import { t, formatDate } from '../i18n.js';
import { get, query } from '../api.js';
import { pagedList } from '../paging.js';
import { pageHeader, card, table, alertBox, field, button, showProblem, clearErrors } from '../ui.js';

const PAGE = 50;
const TENANT_ACTIONS = ['SIGNED_IN', 'SIGN_IN_FAILED', 'PASSWORD_CHANGED', 'MEMBER_ADDED', 'MEMBER_REMOVED',
  'INVITATION_CREATED', 'INVITATION_REVOKED', 'INVITATION_ACCEPTED', 'API_KEY_CREATED', 'API_KEY_UPDATED',
  'API_KEY_ROTATED', 'API_KEY_REVOKED', 'REGION_CHANGED', 'ALERTS_UPDATED', 'TOP_UP_CREATED', 'TOP_UP_PAID'];
const OPERATOR_ACTIONS = ['MODEL_GROUP_CREATED', 'MODEL_GROUP_UPDATED', 'TENANT_ACCESS_CHANGED', 'BALANCE_ADJUSTED'];

export async function auditPage(view, operator) {
  const path = operator ? '/api/admin/audit-log' : '/api/audit-log';
  const actions = operator ? [...TENANT_ACTIONS, ...OPERATOR_ACTIONS] : TENANT_ACTIONS;
  const alert = alertBox();
  const results = h('div');
  const cursors = [null];
  let page = 0;
  // The tenant admin filters by who acted: one of the tenant's members (every page of them).
  const actors = operator ? null : await tenantMembers();
  const form = h('form', { class: 'range', 'aria-label': t('audit.filters') },
    field(t('audit.action'), { name: 'action', value: '' },
      { choices: [{ value: '', label: t('audit.allActions') }, ...actions.map((a) => ({ value: a, label: t(`action.${a}`) }))] }),
    actors ? field(t('audit.actorFilter'), { name: 'actorId', value: '' },
      { choices: [{ value: '', label: t('audit.allActors') }, ...actors.map((m) => ({ value: m.id, label: m.email }))] }) : null,
    // The operator's Tenants page links here with ?tenantId=…, as does each entry's tenant.
    operator ? field(t('audit.tenantId'), { name: 'tenantId', placeholder: 'UUID',
      value: new URLSearchParams(location.search).get('tenantId') || '' }) : null,
    field(t('usage.from'), { name: 'from', type: 'date' }),
    field(t('usage.to'), { name: 'to', type: 'date' }),
    h('button', { type: 'submit', class: 'primary' }, t('audit.apply')));

  const load = async () => {
    alert.clear();
    clearErrors(form);
    const f = formValues(form);
    const params = {
      limit: PAGE,
      before: cursors[page],
      action: f.action,
      actorId: f.actorId,
      tenantId: f.tenantId,
      from: f.from ? new Date(`${f.from}T00:00:00Z`).toISOString() : undefined,
      to: f.to ? new Date(new Date(`${f.to}T00:00:00Z`).getTime() + 86400000).toISOString() : undefined,
    };
    try {
      // One entry beyond the page tells whether an older page exists (so "Older" never leads to an empty one).
      const read = await get(`${path}${query({ ...params, limit: PAGE + 1 })}`);
      const entries = read.slice(0, PAGE);
      if (read.length > PAGE) cursors[page + 1] = entries[entries.length - 1].id;
      else cursors.length = page + 1;
      mount(results,
        table([
          { label: t('audit.when'), value: (e) => formatDate(e.occurredAt) },
          { label: t('audit.action'), value: (e) => h('span', { class: 'tag' }, t(`action.${e.action}`)) },
          { label: t('audit.actor'), value: (e) => e.actor?.email || t(`role.${e.actor?.role || 'SYSTEM'}`) },
          operator ? { label: t('audit.tenant'), value: (e) => (e.tenantId
            ? h('a', { href: `/operator/audit-log?tenantId=${e.tenantId}`, title: e.tenantId,
              'aria-label': t('audit.onlyTenant', { id: e.tenantId }) }, h('code', {}, e.tenantId.slice(0, 8)))
            : '—') } : null,
          { label: t('audit.summary'), value: (e) => e.summary },
          { label: t('audit.ip'), value: (e) => e.ip || '—' },
        ].filter(Boolean), entries, { label: t('nav.auditLog'), empty: t('audit.none') }),
        h('div', { class: 'pager' },
          button(t('common.newer'), () => { page -= 1; load(); }, { class: 'small', disabled: page === 0 }),
          h('span', {}, t('common.page', { page: page + 1 })),
          button(t('common.older'), () => { page += 1; load(); }, { class: 'small', disabled: cursors[page + 1] === undefined })));
    } catch (problem) {
      mount(results);
      showProblem(form, alert, problem);
    }
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    page = 0;
    cursors.length = 1;
    load();
  });
  mount(view.main, pageHeader(t('nav.auditLog')), card(null, form), alert, card(null, results));
  await load();
}

/** Every member of the tenant, a page of 200 at a time (the member quota keeps it bounded). */
async function tenantMembers() {
  const members = pagedList('/api/members', 200);
  await members.reload();
  while (members.more) await members.next();
  return members.items;
}
