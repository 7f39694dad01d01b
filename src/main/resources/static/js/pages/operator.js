// Operator pages (system admin): the model-group catalog and the tenants (access overrides, balance adjustments).

import { h, mount, formValues } from '../dom.js';
import { t, formatDate, formatMoney, regionLabel } from '../i18n.js';
import { get, put, post, query, api } from '../api.js';
import { pageHeader, card, table, alertBox, field, openDialog, showProblem, clearErrors, busy, button,
  regionBadge, statusBadge } from '../ui.js';

const STATUSES = ['ACTIVE', 'MAINTENANCE', 'DISABLED'];
const VISIBILITIES = ['PUBLIC', 'RESTRICTED'];
const REGIONS = ['CN', 'OVERSEAS'];

export async function modelGroupsPage(view) {
  const alert = alertBox();
  const list = h('div');
  const reload = async () => {
    const groups = await get('/api/admin/model-groups');
    mount(list, table([
      { label: t('groups.name'), value: (g) => h('strong', {}, g.name) },
      { label: t('groups.platform'), value: (g) => g.platform },
      { label: t('groups.multiplier'), value: (g) => `×${g.rateMultiplier}`, class: 'num' },
      { label: t('groups.serviceRegion'), value: (g) => regionBadge(g.serviceRegion) },
      { label: t('groups.visibility'), value: (g) => t(`visibility.${g.visibility}`) },
      { label: t('groups.models'), value: (g) => h('span', { class: 'models' }, g.models.join(', ')) },
      { label: t('groups.status'), value: (g) => statusBadge(g.status) },
      {
        label: t('common.actions'),
        value: (g) => h('div', { class: 'row-actions' },
          button(t('common.edit'), () => groupDialog(g, reload), { class: 'small', 'aria-label': `${t('common.edit')}: ${g.name}` }),
          statusSelect(g, reload, alert)),
      },
    ], groups, { label: t('nav.operatorGroups') }));
  };
  await reload();
  mount(view.main,
    pageHeader(t('nav.operatorGroups'), button(t('operator.createGroup'), () => groupDialog(null, reload), { class: 'primary' })),
    h('p', { class: 'intro' }, t('operator.groupsIntro')),
    alert,
    card(null, list));
}

function body(group, changes = {}) {
  return {
    name: group.name,
    platform: group.platform,
    rateMultiplier: group.rateMultiplier,
    serviceRegion: group.serviceRegion,
    visibility: group.visibility,
    status: group.status,
    models: group.models,
    ...changes,
  };
}

function statusSelect(group, reload, alert) {
  const select = h('select', { 'aria-label': `${t('groups.status')}: ${group.name}`, class: 'small' },
    STATUSES.map((s) => h('option', { value: s, selected: s === group.status }, t(`status.${s}`))));
  select.addEventListener('change', async () => {
    try {
      await put(`/api/admin/model-groups/${group.id}`, body(group, { status: select.value }));
      await reload();
    } catch (problem) {
      alert.show(problem);
      select.value = group.status;
    }
  });
  return select;
}

function groupDialog(group, reload) {
  const alert = alertBox();
  const g = group || { name: '', platform: '', rateMultiplier: '1.0', serviceRegion: 'CN', visibility: 'PUBLIC', status: 'ACTIVE', models: [] };
  const form = h('form', { novalidate: true },
    alert,
    h('div', { class: 'row' },
      field(t('groups.name'), { name: 'name', value: g.name }),
      field(t('groups.platform'), { name: 'platform', value: g.platform })),
    h('div', { class: 'row' },
      field(t('groups.multiplier'), { name: 'rateMultiplier', inputmode: 'decimal', value: g.rateMultiplier }),
      field(t('groups.serviceRegion'), { name: 'serviceRegion', value: g.serviceRegion }, { choices: REGIONS.map((r) => ({ value: r, label: regionLabel(r) })) })),
    h('div', { class: 'row' },
      field(t('groups.visibility'), { name: 'visibility', value: g.visibility }, { choices: VISIBILITIES.map((v) => ({ value: v, label: t(`visibility.${v}`) })) }),
      field(t('groups.status'), { name: 'status', value: g.status }, { choices: STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) })) })),
    field(t('groups.models'), { name: 'models', value: g.models.join(', ') }, { hint: t('operator.modelsHint') }),
    h('div', { class: 'dialog-actions' }, h('button', { type: 'submit', class: 'primary' }, group ? t('common.save') : t('operator.createGroup'))));
  const { close } = openDialog(group ? t('operator.editGroup', { name: group.name }) : t('operator.createGroup'), form);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(form, async () => {
      alert.clear();
      clearErrors(form);
      const v = formValues(form);
      // The API reads the multiplier as a number: anything else would be refused as malformed, not beside the field.
      if (!/^\d+(\.\d+)?$/.test(v.rateMultiplier)) {
        showProblem(form, alert, { errors: [{ field: 'rateMultiplier', message: t('operator.multiplierInvalid') }] });
        return;
      }
      const payload = { ...v, models: v.models.split(/[\s,]+/).filter(Boolean) };
      try {
        if (group) await put(`/api/admin/model-groups/${group.id}`, payload);
        else await post('/api/admin/model-groups', payload);
        close();
        await reload();
      } catch (problem) {
        showProblem(form, alert, problem);
      }
    });
  });
}

const TENANT_PAGE = 25;

export async function tenantsPage(view) {
  const list = h('div');
  let page = 0;
  const groups = await get('/api/admin/model-groups');
  const reload = async () => {
    const response = await api('GET', `/api/admin/tenants${query({ page, size: TENANT_PAGE })}`, undefined, { response: true });
    const tenants = await response.json();
    const total = Number(response.headers.get('X-Total-Count') || tenants.length);
    const pages = Math.max(1, Math.ceil(total / TENANT_PAGE));
    mount(list,
      table([
        { label: t('operator.tenant'), value: (x) => h('strong', {}, x.name) },
        { label: t('field.region'), value: (x) => regionBadge(x.region) },
        { label: t('dashboard.balance'), value: (x) => formatMoney(x.balance), class: 'num' },
        { label: t('operator.members'), value: (x) => String(x.memberCount), class: 'num' },
        { label: t('settings.created'), value: (x) => formatDate(x.createdAt) },
        {
          label: t('common.actions'),
          value: (x) => h('div', { class: 'row-actions' },
            button(t('operator.manage'), () => tenantDialog(x, groups, reload), { class: 'small', 'aria-label': `${t('operator.manage')}: ${x.name}` }),
            h('a', { href: `/operator/audit-log?tenantId=${x.id}`, class: 'small', 'aria-label': `${t('nav.auditLog')}: ${x.name}` }, t('nav.auditLog'))),
        },
      ], tenants, { label: t('nav.operatorTenants') }),
      h('div', { class: 'pager' },
        button(t('common.previous'), () => { page -= 1; reload(); }, { class: 'small', disabled: page === 0 }),
        h('span', {}, t('operator.pageOf', { page: page + 1, pages, total })),
        button(t('common.next'), () => { page += 1; reload(); }, { class: 'small', disabled: page + 1 >= pages })));
  };
  await reload();
  mount(view.main, pageHeader(t('nav.operatorTenants')), card(null, list));
}

function tenantDialog(tenant, groups, reload) {
  const balance = h('span', {}, t('operator.balanceIs', { balance: formatMoney(tenant.balance) }));
  const adjustAlert = alertBox();
  const adjust = h('form', { novalidate: true, 'aria-label': t('operator.adjustBalance') },
    adjustAlert,
    h('div', { class: 'row' },
      field(t('billing.amount'), { name: 'amount', inputmode: 'decimal', placeholder: '100.00' }, { hint: t('operator.amountHint') }),
      field(t('operator.reason'), { name: 'reason' })),
    h('button', { type: 'submit', class: 'primary' }, t('operator.adjustBalance')));
  adjust.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(adjust, async () => {
      adjustAlert.clear();
      clearErrors(adjust);
      try {
        const entry = await post(`/api/admin/tenants/${tenant.id}/balance-adjustments`, formValues(adjust));
        adjustAlert.show(t('operator.adjusted', { balance: formatMoney(entry.balanceAfter) }), 'info');
        balance.textContent = t('operator.balanceIs', { balance: formatMoney(entry.balanceAfter) });
        adjust.reset();
        await reload();
      } catch (problem) {
        showProblem(adjust, adjustAlert, problem);
      }
    });
  });
  const accessAlert = alertBox();
  const access = h('form', { novalidate: true, 'aria-label': t('operator.groupAccess') },
    accessAlert,
    h('div', { class: 'row' },
      field(t('operator.group'), { name: 'groupId' }, { choices: groups.map((g) => ({ value: g.id, label: `${g.name} (${t(`visibility.${g.visibility}`)})` })) }),
      field(t('operator.access'), { name: 'access', value: 'DEFAULT' }, { choices: ['DEFAULT', 'GRANTED', 'BLOCKED'].map((a) => ({ value: a, label: t(`access.${a}`) })) })),
    h('button', { type: 'submit', class: 'primary' }, t('operator.setAccess')));
  access.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(access, async () => {
      accessAlert.clear();
      const v = formValues(access);
      try {
        await put(`/api/admin/tenants/${tenant.id}/model-groups/${v.groupId}`, { access: v.access });
        accessAlert.show(t('operator.accessSet'), 'info');
      } catch (problem) {
        showProblem(access, accessAlert, problem);
      }
    });
  });
  openDialog(t('operator.manageTitle', { name: tenant.name }), h('div', {},
    h('p', {}, regionBadge(tenant.region), ' ', balance),
    h('h3', {}, t('operator.adjustBalance')), adjust,
    h('h3', {}, t('operator.groupAccess')), h('p', { class: 'hint' }, t('operator.accessHint')), access), { wide: true });
}
