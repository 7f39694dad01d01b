// Building blocks shared by the pages: labelled fields, problem messages, tables, badges and dialogs.

import { h, uid } from './dom.js';
import { t, has, language, regionFlag, regionLabel } from './i18n.js';

/**
 * A labelled control with a place for its error: field('Email', {name: 'email', type: 'email'}).
 * The label's for/id pair gives the control its accessible name.
 */
export function field(label, attrs = {}, options = {}) {
  const id = uid(attrs.name || 'field');
  const errorId = `${id}-error`;
  const hintId = options.hint ? `${id}-hint` : null;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ');
  let control;
  if (options.choices) {
    control = h('select', { id, 'aria-describedby': describedBy, ...attrs },
      options.choices.map((c) => h('option', { value: c.value, selected: c.value === attrs.value }, c.label)));
  } else if (options.multiline) {
    control = h('textarea', { id, 'aria-describedby': describedBy, rows: 3, ...attrs });
  } else {
    control = h('input', { id, type: 'text', 'aria-describedby': describedBy, ...attrs });
  }
  return h('div', { class: 'field', dataset: { field: attrs.name || '' } },
    h('label', { for: id }, label),
    control,
    hintId && h('p', { class: 'hint', id: hintId }, options.hint),
    h('p', { class: 'field-error', id: errorId, 'aria-live': 'polite' }));
}

/** A checkbox whose label may contain links. */
export function checkbox(labelNodes, attrs = {}) {
  const id = uid(attrs.name || 'check');
  const errorId = `${id}-error`;
  return h('div', { class: 'field check', dataset: { field: attrs.name || '' } },
    h('input', { id, type: 'checkbox', 'aria-describedby': errorId, ...attrs }),
    h('label', { for: id }, labelNodes),
    h('p', { class: 'field-error', id: errorId, 'aria-live': 'polite' }));
}

/** The words of a problem, in the console's language where it has them. */
export function problemText(problem) {
  if (problem.status === 0) return t('problem.network');
  if (language() !== 'en' && has(`problem.${problem.code}`)) return t(`problem.${problem.code}`);
  return problem.detail || problem.title || t('problem.unknown');
}

/** An alert area; show(problemOrText) fills it, clear() empties it. */
export function alertBox() {
  const box = h('div', { class: 'alert', role: 'alert', hidden: true });
  box.show = (message, kind = 'error') => {
    box.className = `alert alert-${kind}`;
    box.textContent = typeof message === 'string' ? message : problemText(message);
    box.hidden = false;
  };
  box.clear = () => {
    box.hidden = true;
    box.textContent = '';
  };
  return box;
}

/**
 * The form slot for an errors[] field: its own name, else the list it is an element of
 * (`allowedIps[2]` → `allowedIps`), else its last part (`rateLimit.rpm` → `rpm`).
 */
function errorSlot(form, name) {
  const candidates = [name, name.replace(/\[\d+\]/g, ''), name.replace(/\[\d+\]/g, '').split('.').pop()];
  for (const candidate of candidates) {
    const slot = form.querySelector(`[data-field="${CSS.escape(candidate)}"] .field-error`);
    if (slot) return slot;
  }
  return null;
}

/**
 * Shows a problem on a form: each errors[] entry beside its field (by name), anything else in the alert.
 * Returns true when at least one message was placed.
 */
export function showProblem(form, alert, problem) {
  clearErrors(form);
  const unplaced = [];
  let placed = false;
  for (const error of problem.errors || []) {
    const slot = errorSlot(form, error.field);
    if (slot) {
      slot.textContent = slot.textContent ? `${slot.textContent} ${error.message}` : error.message;
      slot.closest('.field').classList.add('invalid');
      slot.closest('.field').querySelector('input, select, textarea')?.setAttribute('aria-invalid', 'true');
      placed = true;
    } else {
      unplaced.push(`${error.field}: ${error.message}`);
    }
  }
  if (!placed) alert.show(problem);
  else alert.show([t('problem.checkFields'), ...unplaced].join(' '));
  return placed;
}

export function clearErrors(form) {
  for (const slot of form.querySelectorAll('.field-error')) slot.textContent = '';
  for (const f of form.querySelectorAll('.field.invalid')) f.classList.remove('invalid');
  for (const c of form.querySelectorAll('[aria-invalid]')) c.removeAttribute('aria-invalid');
}

/** Disables a form's buttons while work runs. */
export async function busy(form, work) {
  const buttons = form.querySelectorAll('button');
  buttons.forEach((b) => { b.disabled = true; });
  form.setAttribute('aria-busy', 'true');
  try {
    return await work();
  } finally {
    buttons.forEach((b) => { b.disabled = false; });
    form.removeAttribute('aria-busy');
  }
}

export function pageHeader(title, ...actions) {
  return h('div', { class: 'page-header' }, h('h1', {}, title), h('div', { class: 'actions' }, actions));
}

export function card(title, ...content) {
  return h('section', { class: 'card', 'aria-label': title }, title && h('h2', {}, title), content);
}

/** A table: columns [{label, value: row => node}], rows; empty text when none. */
export function table(columns, rows, options = {}) {
  if (!rows.length) return h('p', { class: 'empty' }, options.empty || t('common.none'));
  return h('div', { class: 'table-wrap' },
    h('table', { 'aria-label': options.label },
      h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col', class: c.class }, c.label)))),
      h('tbody', {}, rows.map((row) => h('tr', { class: options.rowClass?.(row), dataset: { id: row.id ?? '' } },
        columns.map((c) => h('td', { class: c.class }, c.value(row))))))));
}

export function regionBadge(code) {
  const kind = code === 'CN' ? 'badge-cn' : 'badge-overseas';
  return h('span', { class: `badge ${kind}` }, `${regionFlag(code)} ${regionLabel(code)}`);
}

const statusKinds = { ACTIVE: 'ok', PAID: 'ok', DELIVERED: 'ok', MAINTENANCE: 'warn', PENDING: 'warn',
  PENDING_REASSIGNMENT: 'warn', DISABLED: 'muted', REVOKED: 'muted', EXPIRED: 'muted', USED_UP: 'muted',
  FAILED: 'bad' };
export function statusBadge(status) {
  return h('span', { class: `status status-${statusKinds[status] || 'muted'}` }, t(`status.${status}`));
}

/** A modal <dialog>; returns {dialog, close}. The dialog is removed from the page when closed. */
export function openDialog(title, body, options = {}) {
  const titleId = uid('dialog-title');
  const dialog = h('dialog', { class: `dialog ${options.wide ? 'wide' : ''}`, 'aria-labelledby': titleId },
    h('div', { class: 'dialog-head' },
      h('h2', { id: titleId }, title),
      h('button', { type: 'button', class: 'icon', 'aria-label': t('common.close'), onclick: () => dialog.close() }, '×')),
    h('div', { class: 'dialog-body' }, body));
  dialog.addEventListener('close', () => {
    dialog.remove();
    options.onClose?.();
  });
  document.body.append(dialog);
  dialog.showModal();
  return { dialog, close: () => dialog.close() };
}

/** Shows a secret once (a new API key, an invitation link) with a copy button. */
export function secretBox(label, value) {
  const id = uid('secret');
  const status = h('span', { class: 'copied', 'aria-live': 'polite' });
  const input = h('input', { id, type: 'text', readonly: true, value, class: 'secret' });
  return h('div', { class: 'field secret-box' },
    h('label', { for: id }, label),
    h('div', { class: 'secret-row' }, input,
      h('button', {
        type: 'button',
        onclick: async () => {
          try {
            await navigator.clipboard.writeText(value);
          } catch {
            input.select();
            document.execCommand('copy');
          }
          status.textContent = t('common.copied');
        },
      }, t('common.copy')), status));
}

export function button(label, onclick, attrs = {}) {
  return h('button', { type: 'button', onclick, ...attrs }, label);
}

export function loading() {
  return h('p', { class: 'loading', role: 'status' }, t('common.loading'));
}
