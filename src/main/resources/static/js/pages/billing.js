// Billing: balance, top-up (tenant admin) and the ledger, page by page.

import { h, mount, formValues } from '../dom.js';
import { t, formatDate, formatMoney } from '../i18n.js';
import { get, post, query, session } from '../api.js';
import { pageHeader, card, table, alertBox, field, showProblem, clearErrors, busy, button } from '../ui.js';
import { metric } from './dashboard.js';

const PAGE = 20;

export async function billingPage(view) {
  const balanceBox = h('div', { class: 'metrics' });
  const ledger = h('div');
  const cursors = [null];
  let page = 0;

  const loadBalance = async () => {
    const { balance } = await get('/api/billing/balance');
    mount(balanceBox, metric(t('dashboard.balance'), formatMoney(balance)));
  };
  const loadLedger = async () => {
    // One entry beyond the page tells whether an older page exists (so "Older" never leads to an empty one).
    const read = await get(`/api/billing/ledger${query({ limit: PAGE + 1, before: cursors[page] })}`);
    const entries = read.slice(0, PAGE);
    if (read.length > PAGE) cursors[page + 1] = entries[entries.length - 1].id;
    else cursors.length = page + 1;
    mount(ledger,
      table([
        { label: t('billing.date'), value: (e) => formatDate(e.createdAt) },
        { label: t('billing.kind'), value: (e) => t(`ledger.${e.kind}`) },
        { label: t('billing.amount'), value: (e) => h('span', { class: e.amount.startsWith('-') ? 'neg' : 'pos' }, formatMoney(e.amount)), class: 'num' },
        { label: t('billing.balanceAfter'), value: (e) => formatMoney(e.balanceAfter), class: 'num' },
        { label: t('billing.reference'), value: (e) => h('code', { class: 'ref' }, e.reference || '—') },
      ], entries, { label: t('billing.ledger'), empty: t('billing.noEntries') }),
      h('div', { class: 'pager' },
        button(t('common.newer'), () => { page -= 1; loadLedger(); }, { class: 'small', disabled: page === 0 }),
        h('span', {}, t('common.page', { page: page + 1 })),
        button(t('common.older'), () => { page += 1; loadLedger(); }, { class: 'small', disabled: cursors[page + 1] === undefined })));
  };

  let topUp = null;
  if (session.me.user.role === 'TENANT_ADMIN') {
    const alert = alertBox();
    topUp = h('form', { novalidate: true, class: 'inline-form', 'aria-label': t('billing.topUp') },
      alert,
      field(t('billing.amount'), { name: 'amount', inputmode: 'decimal', placeholder: '100.00' }, { hint: t('billing.amountHint') }),
      h('button', { type: 'submit', class: 'primary' }, t('billing.topUp')));
    topUp.addEventListener('submit', (event) => {
      event.preventDefault();
      busy(topUp, async () => {
        alert.clear();
        clearErrors(topUp);
        try {
          const order = await post('/api/billing/top-ups', { amount: formValues(topUp).amount });
          if (order.paymentUrl) {
            alert.show(t('billing.pay'), 'info');
            alert.append(' ', h('a', { href: order.paymentUrl, target: '_blank', rel: 'noopener' }, t('billing.payLink')));
          } else {
            alert.show(t('billing.paid', { amount: formatMoney(order.amount) }), 'info');
          }
          topUp.reset();
          page = 0;
          await Promise.all([loadBalance(), loadLedger()]);
        } catch (problem) {
          showProblem(topUp, alert, problem);
        }
      });
    });
  }

  await Promise.all([loadBalance(), loadLedger()]);
  mount(view.main,
    pageHeader(t('nav.billing')),
    h('div', { class: 'grid-2' }, card(t('billing.balance'), balanceBox), topUp ? card(t('billing.topUp'), topUp) : null),
    card(t('billing.ledger'), ledger));
}
