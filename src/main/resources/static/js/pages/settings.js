// Tenant Settings: the Tenant Information card with the region badge and, for the tenant admin, the
// Change Region dialog (pre-check on every choice, compliance acknowledgement for Overseas).

import { h, mount, uid } from '../dom.js';
import { t, formatDate, formatMoney, regionLabel } from '../i18n.js';
import { get, put } from '../api.js';
import { pageHeader, card, table, regionBadge, alertBox, openDialog, button, problemText, field, showProblem,
  clearErrors, busy, secretBox, statusBadge } from '../ui.js';

const REGIONS = ['CN', 'OVERSEAS'];

export async function settingsPage(view, flash) {
  const tenant = await get('/api/tenant');
  const info = h('dl', { class: 'info' },
    item(t('field.tenantName'), tenant.name),
    item(t('field.region'), h('span', { id: 'tenant-region' }, regionBadge(tenant.region))),
    item(t('field.contactName'), tenant.contactName),
    item(t('field.contactPhone'), tenant.contactPhone),
    item(t('dashboard.balance'), formatMoney(tenant.balance)),
    item(t('settings.created'), formatDate(tenant.createdAt)));
  const change = tenant.canChangeRegion
    ? button(t('settings.changeRegion'), () => changeRegionDialog(view, tenant), { class: 'primary' })
    : null;
  const history = tenant.canChangeRegion ? await regionHistory() : null;
  const alerts = tenant.canChangeRegion ? await alertsCard() : null;
  mount(view.main,
    pageHeader(t('nav.settings')),
    flash || null,
    card(t('settings.tenantInformation'), info, h('div', { class: 'card-actions' }, change,
      tenant.canChangeRegion ? null : h('p', { class: 'hint' }, t('settings.adminOnly')))),
    history,
    alerts);
}

function item(label, value) {
  return h('div', { class: 'info-item' }, h('dt', {}, label), h('dd', {}, value));
}

async function regionHistory() {
  const changes = await get('/api/tenant/region/changes');
  return card(t('settings.history'), table([
    { label: t('audit.when'), value: (c) => formatDate(c.changedAt) },
    { label: t('settings.fromTo'), value: (c) => `${regionLabel(c.fromRegion)} → ${regionLabel(c.toRegion)}` },
    { label: t('audit.actor'), value: (c) => c.changedBy?.email ?? '—' },
    { label: t('settings.unboundKeys'), value: (c) => String((c.unboundKeys || []).length), class: 'num' },
  ], changes, { label: t('settings.history'), empty: t('settings.noChanges') }));
}

function changeRegionDialog(view, tenant) {
  const current = tenant.region;
  let target = current;
  let precheck = null;
  let loading = false;
  let sequence = 0;

  const selectId = uid('region');
  const select = h('select', { id: selectId, name: 'region' },
    REGIONS.map((code) => h('option', { value: code, selected: code === current }, regionLabel(code))));
  const result = h('div', { class: 'precheck', 'aria-live': 'polite' });
  const alert = alertBox();
  const ackId = uid('ack');
  const ack = h('input', { id: ackId, type: 'checkbox', name: 'complianceAcknowledged' });
  const confirm = h('button', { type: 'button', class: 'primary', disabled: true }, t('settings.confirmChange'));
  const cancel = h('button', { type: 'button', class: 'secondary' }, t('common.cancel'));

  const update = () => {
    const needsAck = Boolean(precheck?.requiresComplianceAck);
    confirm.disabled = loading || target === current || !precheck || precheck.targetRegion !== target
      || (needsAck && !ack.checked);
  };

  const showPrecheck = () => {
    if (target === current) {
      mount(result, h('p', { class: 'hint' }, t('settings.sameRegion', { region: regionLabel(current) })));
      return;
    }
    const p = precheck;
    ack.checked = false;
    mount(result,
      h('div', { class: 'grid-2 tight' },
        groupList(t('settings.groupsLost'), p.groupsLost, 'lost'),
        groupList(t('settings.groupsGained'), p.groupsGained, 'gained')),
      h('h3', {}, t('settings.affectedKeys')),
      p.affectedKeys.length
        ? table([
          { label: t('keys.name'), value: (k) => h('strong', {}, k.name) },
          { label: t('keys.prefix'), value: (k) => h('code', {}, `${k.prefix}…`) },
          { label: t('keys.group'), value: (k) => k.groupName },
          { label: t('keys.lastUsed'), value: (k) => formatDate(k.lastUsedAt) },
          { label: t('settings.inUse'), value: (k) => (k.inUse ? h('span', { class: 'status status-bad' }, t('settings.inUseYes')) : t('settings.inUseNo')) },
        ], p.affectedKeys, { label: t('settings.affectedKeys') })
        : h('p', { class: 'hint' }, t('settings.noAffectedKeys')),
      p.affectedKeys.length ? h('p', { class: 'notice warn' }, t('settings.keysWillPend', { count: p.affectedKeys.length })) : null,
      p.requiresComplianceAck
        ? h('div', { class: 'compliance' },
          h('h3', {}, t('settings.complianceTitle')),
          h('p', { class: 'compliance-text' }, p.complianceNotice),
          h('div', { class: 'field check' }, ack, h('label', { for: ackId }, t('settings.acknowledge'))))
        : null);
  };

  const runPrecheck = async () => {
    const mine = ++sequence;
    alert.clear();
    precheck = null;
    if (target === current) {
      loading = false;
      showPrecheck();
      update();
      return;
    }
    loading = true;
    result.setAttribute('aria-busy', 'true');
    mount(result, h('p', { class: 'loading', role: 'status' }, t('settings.checking')));
    update();
    try {
      const answer = await get(`/api/tenant/region/precheck?target=${encodeURIComponent(target)}`);
      if (mine !== sequence) return;
      precheck = answer;
      showPrecheck();
    } catch (problem) {
      if (mine !== sequence) return;
      mount(result);
      alert.show(problem);
    } finally {
      if (mine === sequence) {
        loading = false;
        result.removeAttribute('aria-busy');
        update();
      }
    }
  };

  select.addEventListener('change', () => {
    target = select.value;
    runPrecheck();
  });
  ack.addEventListener('change', update);

  const body = h('div', {},
    h('p', {}, t('settings.currentRegion'), ' ', regionBadge(current)),
    h('div', { class: 'field' }, h('label', { for: selectId }, t('field.region')), select),
    result,
    alert,
    h('div', { class: 'dialog-actions' }, cancel, confirm));
  const { close } = openDialog(t('settings.changeRegion'), body, { wide: true });
  cancel.addEventListener('click', close);
  showPrecheck();

  confirm.addEventListener('click', async () => {
    confirm.disabled = true;
    alert.clear();
    try {
      const answer = await put('/api/tenant/region', {
        region: target,
        complianceAcknowledged: Boolean(precheck?.requiresComplianceAck && ack.checked),
      });
      close();
      await view.refreshShell();
      const unbound = answer.unboundKeys.length;
      const flash = h('p', { class: 'notice ok', role: 'status' },
        t('settings.changed', { region: regionLabel(answer.region) }),
        unbound ? [' ', t('settings.changedKeys', { count: unbound }), ' ', h('a', { href: '/keys' }, t('settings.goToKeys'))] : null);
      await settingsPage(view, flash);
    } catch (problem) {
      alert.show(problemText(problem));
      update();
    }
  });
}

function groupList(title, groups, kind) {
  return h('div', { class: `group-change ${kind}` },
    h('h3', {}, title, ` (${groups.length})`),
    groups.length ? h('ul', {}, groups.map((g) => h('li', {}, g.name, h('span', { class: 'muted' }, ` · ${g.platform}`))))
      : h('p', { class: 'hint' }, t('common.none')));
}

/** Governance alerts (tenant admin): low balance, key budgets, a signed webhook; and their deliveries. */
async function alertsCard() {
  const alert = alertBox();
  let settings;
  try {
    settings = await get('/api/tenant/alerts');
  } catch (problem) {
    alert.show(problem);
    return card(t('alerts.title'), h('p', { class: 'hint' }, t('alerts.intro')), alert);
  }
  const secret = h('div');
  const form = h('form', { novalidate: true, 'aria-label': t('alerts.title') },
    alert,
    h('div', { class: 'row' },
      field(t('alerts.lowBalance'), { name: 'lowBalanceThreshold', inputmode: 'decimal', value: settings.lowBalanceThreshold ?? '' }),
      field(t('alerts.keyBudgets'), { name: 'keyBudgetThresholds', value: (settings.keyBudgetThresholds || []).join(', '), placeholder: '80, 100' },
        { hint: t('alerts.keyBudgetsHint') }),
      field(t('alerts.webhookUrl'), { name: 'webhookUrl', type: 'url', value: settings.webhookUrl ?? '', placeholder: 'https://' })),
    h('button', { type: 'submit', class: 'primary' }, t('alerts.save')),
    secret);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(form, async () => {
      alert.clear();
      clearErrors(form);
      const v = Object.fromEntries(new FormData(form));
      const budgets = String(v.keyBudgetThresholds || '').split(/[\s,]+/).filter(Boolean).map(Number);
      try {
        const saved = await put('/api/tenant/alerts', {
          lowBalanceThreshold: v.lowBalanceThreshold || null,
          keyBudgetThresholds: budgets.length ? budgets : null,
          webhookUrl: v.webhookUrl || null,
        });
        alert.show(t('alerts.saved'), 'info');
        mount(secret, saved.webhookSecret ? secretBox(t('alerts.webhookSecret'), saved.webhookSecret) : null);
      } catch (problem) {
        showProblem(form, alert, problem);
      }
    });
  });
  let deliveries = [];
  try {
    deliveries = await get('/api/tenant/alerts/deliveries?limit=20');
  } catch (problem) {
    alert.show(problem);
  }
  return card(t('alerts.title'), h('p', { class: 'hint' }, t('alerts.intro')), form,
    h('h3', {}, t('alerts.deliveries')),
    table([
      { label: t('audit.when'), value: (d) => formatDate(d.createdAt) },
      { label: t('alerts.type'), value: (d) => t(`alertType.${d.type}`) },
      { label: t('alerts.threshold'), value: (d) => (d.type === 'KEY_BUDGET' ? `${Number(d.threshold)}%` : formatMoney(d.threshold)), class: 'num' },
      { label: t('alerts.value'), value: (d) => formatMoney(d.value), class: 'num' },
      { label: t('alerts.channel'), value: (d) => t(`alertChannel.${d.channel}`) },
      { label: t('members.status'), value: (d) => statusBadge(d.status) },
      { label: t('alerts.attempts'), value: (d) => String(d.attempts ?? 0), class: 'num' },
    ], deliveries, { label: t('alerts.deliveries'), empty: t('alerts.noDeliveries') }));
}
