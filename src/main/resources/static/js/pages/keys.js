// API Keys: list with status (pending reassignment highlighted), create (key shown once), edit policies,
// rebind, rotate, revoke.

import { h, mount, formValues } from '../dom.js';
import { t, formatDate, formatMoney, formatNumber } from '../i18n.js';
import { get, post, put, del, query } from '../api.js';
import { pageHeader, card, table, statusBadge, alertBox, field, openDialog, secretBox, showProblem,
  clearErrors, busy, button } from '../ui.js';

const PERIODS = ['DAILY', 'WEEKLY', 'MONTHLY', 'TOTAL'];

const PAGE = 50;

export async function keysPage(view) {
  const alert = alertBox();
  const list = h('div');
  // The list is paged (limit/before, oldest first): "Show more" appends the next page.
  let items = [];
  let more = false;
  const fetchPage = async (before, limit = PAGE) => {
    const page = await get(`/api/api-keys${query({ limit, before })}`);
    items = items.concat(page);
    more = page.length === limit;
  };
  const [, groups] = await Promise.all([fetchPage(null), get('/api/model-groups')]);

  const reload = async () => {
    // As many keys as were shown, from the first page on.
    const shown = Math.max(items.length, PAGE);
    items = [];
    do {
      await fetchPage(items.at(-1)?.id, Math.min(200, shown - items.length));
    } while (more && items.length < shown);
    renderList();
  };
  const showMore = async () => {
    try {
      await fetchPage(items.at(-1)?.id);
      renderList();
    } catch (problem) {
      alert.show(problem);
    }
  };
  const renderList = () => {
    const pending = items.filter((k) => k.status === 'PENDING_REASSIGNMENT').length;
    mount(list,
      pending ? h('p', { class: 'notice warn' }, t('keys.pendingNotice', { count: pending })) : null,
      table(columns(groups, reload, alert), items, {
        label: t('nav.apiKeys'),
        empty: t('keys.none'),
        rowClass: (k) => (k.status === 'PENDING_REASSIGNMENT' ? 'row-pending' : k.status === 'REVOKED' ? 'row-muted' : null),
      }),
      more ? h('div', { class: 'pager' }, button(t('keys.showMore'), showMore, { class: 'small' })) : null);
  };
  renderList();
  mount(view.main,
    pageHeader(t('nav.apiKeys'), button(t('keys.create'), () => createDialog(groups, reload), { class: 'primary' })),
    h('p', { class: 'intro' }, t('keys.intro')),
    alert,
    card(null, list));
}

function columns(groups, reload, alert) {
  return [
    { label: t('keys.name'), value: (k) => h('strong', {}, k.name) },
    { label: t('keys.prefix'), value: (k) => h('code', {}, `${k.prefix}…`) },
    { label: t('keys.group'), value: (k) => k.groupName || h('span', { class: 'muted' }, t('keys.noGroup')) },
    { label: t('keys.status'), value: (k) => statusBadge(k.status) },
    { label: t('keys.policies'), value: (k) => policySummary(k) },
    { label: t('keys.lastUsed'), value: (k) => formatDate(k.lastUsedAt) },
    {
      label: t('common.actions'),
      class: 'actions-cell',
      value: (k) => (k.status === 'REVOKED' ? null : h('div', { class: 'row-actions' },
        k.status === 'PENDING_REASSIGNMENT'
          ? button(t('keys.chooseGroup'), () => editDialog(k, groups, reload, true),
            { class: 'primary small', 'aria-label': `${t('keys.chooseGroup')}: ${k.name}` })
          : null,
        button(t('common.edit'), () => editDialog(k, groups, reload, false), { class: 'small', 'aria-label': `${t('common.edit')}: ${k.name}` }),
        button(t('keys.rotate'), () => rotateDialog(k, reload), { class: 'small', 'aria-label': `${t('keys.rotate')}: ${k.name}` }),
        button(t('keys.revoke'), async () => {
          if (!window.confirm(t('keys.revokeConfirm', { name: k.name }))) return;
          try {
            await del(`/api/api-keys/${k.id}`);
            await reload();
          } catch (problem) {
            alert.show(problem);
          }
        }, { class: 'small danger', 'aria-label': `${t('keys.revoke')}: ${k.name}` }))),
    },
  ];
}

function policySummary(k) {
  const parts = [];
  if (k.expiresAt) parts.push(t('keys.expires', { date: formatDate(k.expiresAt) }));
  if (k.spendLimit) {
    parts.push(t('keys.spendSummary', { spent: formatMoney(k.spentInPeriod ?? '0.00'), limit: formatMoney(k.spendLimit), period: t(`period.${k.spendLimitPeriod}`) }));
    if (k.periodResetsAt) parts.push(t('keys.resets', { date: formatDate(k.periodResetsAt) }));
  }
  if (k.allowedIps?.length) {
    parts.push(k.allowedIps.length <= 3 ? t('keys.ipsList', { ips: k.allowedIps.join(', ') }) : t('keys.ipsSummary', { count: k.allowedIps.length }));
  }
  if (k.rateLimit?.rpm) parts.push(`${formatNumber(k.rateLimit.rpm)} RPM`);
  if (k.rateLimit?.tpm) parts.push(`${formatNumber(k.rateLimit.tpm)} TPM`);
  return parts.length ? h('span', { class: 'policies' }, parts.join(' · ')) : h('span', { class: 'muted' }, t('keys.noPolicies'));
}

function groupChoices(groups, withEmpty) {
  const choices = groups.map((g) => ({ value: g.id, label: `${g.name} (${g.platform}, ×${g.rateMultiplier})` }));
  return withEmpty ? [{ value: '', label: t('keys.chooseGroupOption') }, ...choices] : choices;
}

/** The policy fields of the contract, as they are in the form (strings) and in JSON. */
function policyFields(key = {}) {
  const local = key.expiresAt ? new Date(key.expiresAt).toISOString().slice(0, 16) : '';
  return h('fieldset', { class: 'policies-set' },
    h('legend', {}, t('keys.policies')),
    h('div', { class: 'row' },
      field(t('keys.expiresAt'), { name: 'expiresAt', type: 'datetime-local', value: local }, { hint: t('keys.utcHint') }),
      field(t('keys.allowedIps'), { name: 'allowedIps', value: (key.allowedIps || []).join(', '), placeholder: '203.0.113.0/24' })),
    h('div', { class: 'row' },
      field(t('keys.spendLimit'), { name: 'spendLimit', inputmode: 'decimal', value: key.spendLimit ?? '' }),
      field(t('keys.spendLimitPeriod'), { name: 'spendLimitPeriod', value: key.spendLimitPeriod ?? '' },
        { choices: [{ value: '', label: t('keys.noPeriod') }, ...PERIODS.map((p) => ({ value: p, label: t(`period.${p}`) }))] })),
    h('div', { class: 'row' },
      field(t('keys.rpm'), { name: 'rpm', type: 'number', min: 1, value: key.rateLimit?.rpm ?? '' }),
      field(t('keys.tpm'), { name: 'tpm', type: 'number', min: 1, value: key.rateLimit?.tpm ?? '' })));
}

function policiesFrom(values) {
  const ips = values.allowedIps ? values.allowedIps.split(/[\s,]+/).filter(Boolean) : [];
  const rpm = values.rpm ? Number(values.rpm) : null;
  const tpm = values.tpm ? Number(values.tpm) : null;
  return {
    expiresAt: values.expiresAt ? new Date(`${values.expiresAt}:00Z`).toISOString() : null,
    spendLimit: values.spendLimit || null,
    spendLimitPeriod: values.spendLimitPeriod || null,
    allowedIps: ips.length ? ips : null,
    rateLimit: rpm || tpm ? { rpm, tpm } : null,
  };
}

/**
 * The problem with each allowlist error naming the entry it is about (`allowedIps[1]` → "10.0.0.0/33: …"),
 * shown beside the Allowed IPs field.
 */
function namingEntries(problem, body) {
  problem.errors = problem.errors.map((error) => {
    const entry = /^allowedIps\[(\d+)\]$/.exec(error.field);
    const value = entry && body.allowedIps?.[Number(entry[1])];
    return value === undefined || value === null ? error : { field: 'allowedIps', message: `${value}: ${error.message}` };
  });
  return problem;
}

function same(a, b) {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function createDialog(groups, reload) {
  const alert = alertBox();
  const form = h('form', { novalidate: true },
    alert,
    field(t('keys.name'), { name: 'name', required: true, maxlength: 64 }),
    field(t('keys.group'), { name: 'groupId' }, { choices: groupChoices(groups, false), hint: t('keys.groupHint') }),
    h('details', {}, h('summary', {}, t('keys.policiesOptional')), policyFields()),
    h('div', { class: 'dialog-actions' },
      h('button', { type: 'submit', class: 'primary' }, t('keys.create'))));
  const { dialog } = openDialog(t('keys.create'), form, { onClose: reload });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(form, async () => {
      alert.clear();
      clearErrors(form);
      const values = formValues(form);
      const body = { name: values.name, groupId: values.groupId || null };
      // Only policies the user set are sent: a server without them ignores nothing it was not sent.
      for (const [name, value] of Object.entries(policiesFrom(values))) if (value !== null) body[name] = value;
      try {
        const created = await post('/api/api-keys', body);
        mount(dialog.querySelector('.dialog-body'),
          h('p', { class: 'notice ok' }, t('keys.createdOnce')),
          secretBox(t('keys.secret'), created.key),
          h('div', { class: 'dialog-actions' }, button(t('common.done'), () => dialog.close(), { class: 'primary' })));
      } catch (problem) {
        showProblem(form, alert, namingEntries(problem, body));
      }
    });
  });
}

function editDialog(key, groups, reload, focusGroup) {
  const alert = alertBox();
  const pending = key.status === 'PENDING_REASSIGNMENT';
  const form = h('form', { novalidate: true },
    alert,
    pending ? h('p', { class: 'notice warn' }, t('keys.pendingExplain')) : null,
    field(t('keys.name'), { name: 'name', value: key.name, maxlength: 64 }),
    field(t('keys.group'), { name: 'groupId', value: key.groupId ?? '' }, { choices: groupChoices(groups, pending), hint: t('keys.groupHint') }),
    h('details', { open: !focusGroup && hasPolicies(key) }, h('summary', {}, t('keys.policiesOptional')), policyFields(key)),
    h('div', { class: 'dialog-actions' },
      h('button', { type: 'submit', class: 'primary' }, t('common.save'))));
  const { close } = openDialog(focusGroup ? t('keys.chooseGroupTitle', { name: key.name }) : t('keys.editTitle', { name: key.name }), form);
  if (focusGroup) form.querySelector('select[name="groupId"]').focus();
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(form, async () => {
      alert.clear();
      clearErrors(form);
      const values = formValues(form);
      const body = {};
      if (values.name !== key.name) body.name = values.name;
      if (values.groupId && values.groupId !== key.groupId) body.groupId = values.groupId;
      const before = policiesFrom(formValues(h('form', {}, policyFields(key))));
      for (const [name, value] of Object.entries(policiesFrom(values))) if (!same(value, before[name])) body[name] = value;
      if (pending && !body.groupId) {
        form.querySelector('[data-field="groupId"] .field-error').textContent = t('keys.groupRequired');
        return;
      }
      try {
        if (Object.keys(body).length) await put(`/api/api-keys/${key.id}`, body);
        close();
        await reload();
      } catch (problem) {
        showProblem(form, alert, namingEntries(problem, body));
      }
    });
  });
}

function hasPolicies(k) {
  return Boolean(k.expiresAt || k.spendLimit || k.allowedIps?.length || k.rateLimit);
}

function rotateDialog(key, reload) {
  const alert = alertBox();
  const form = h('form', { novalidate: true },
    h('p', {}, t('keys.rotateExplain', { name: key.name })),
    alert,
    field(t('keys.gracePeriod'), { name: 'gracePeriodHours', type: 'number', min: 0, max: 168, value: '24' }),
    h('div', { class: 'dialog-actions' }, h('button', { type: 'submit', class: 'primary' }, t('keys.rotate'))));
  const { dialog } = openDialog(t('keys.rotateTitle', { name: key.name }), form, { onClose: reload });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(form, async () => {
      alert.clear();
      clearErrors(form);
      try {
        const hours = Number(formValues(form).gracePeriodHours || 24);
        const rotated = await post(`/api/api-keys/${key.id}/rotate`, { gracePeriodHours: hours });
        mount(dialog.querySelector('.dialog-body'),
          h('p', { class: 'notice ok' }, t('keys.rotated', { date: formatDate(rotated.previousKeyExpiresAt) })),
          secretBox(t('keys.secret'), rotated.key),
          h('div', { class: 'dialog-actions' }, button(t('common.done'), () => dialog.close(), { class: 'primary' })));
      } catch (problem) {
        showProblem(form, alert, problem);
      }
    });
  });
}
