// Dashboard: balance, region, last 24 h usage and the tenant's available groups.

import { h, mount } from '../dom.js';
import { t, formatMoney, formatNumber } from '../i18n.js';
import { get } from '../api.js';
import { pageHeader, card, table, regionBadge, statusBadge } from '../ui.js';

export function metric(label, value, extra) {
  return h('div', { class: 'metric' }, h('span', { class: 'metric-label' }, label),
    h('span', { class: 'metric-value' }, value), extra);
}

export function groupColumns() {
  return [
    { label: t('groups.name'), value: (g) => h('strong', {}, g.name) },
    { label: t('groups.platform'), value: (g) => g.platform },
    { label: t('groups.multiplier'), value: (g) => `×${g.rateMultiplier}`, class: 'num' },
    { label: t('groups.serviceRegion'), value: (g) => regionBadge(g.serviceRegion) },
    { label: t('groups.status'), value: (g) => statusBadge(g.status) },
  ];
}

export async function dashboardPage(view) {
  const d = await get('/api/dashboard');
  const usage = d.usage.last24h;
  mount(view.main,
    pageHeader(t('nav.dashboard')),
    h('div', { class: 'metrics' },
      metric(t('dashboard.balance'), formatMoney(d.balance), h('a', { href: '/billing', class: 'metric-link' }, t('dashboard.topUp'))),
      metric(t('field.region'), regionBadge(d.tenant.region)),
      metric(t('dashboard.requests24h'), formatNumber(usage.requests)),
      metric(t('dashboard.tokens24h'), formatNumber(usage.inputTokens + usage.outputTokens)),
      metric(t('dashboard.cost24h'), formatMoney(usage.cost))),
    h('div', { class: 'grid-2' },
      card(t('dashboard.availableGroups'), table(groupColumns().filter((c) => c.label !== t('groups.serviceRegion')), d.modelGroups,
        { label: t('dashboard.availableGroups'), empty: t('groups.none') })),
      card(t('dashboard.usageByGroup'), table([
        { label: t('groups.name'), value: (g) => g.groupName },
        { label: t('usage.requests'), value: (g) => formatNumber(g.requests), class: 'num' },
        { label: t('usage.cost'), value: (g) => formatMoney(g.cost), class: 'num' },
      ], d.usage.byGroup, { label: t('dashboard.usageByGroup'), empty: t('usage.noUsage') }))));
}
