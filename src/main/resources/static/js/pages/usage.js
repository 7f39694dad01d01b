// Usage: a range picker, totals, a chart by group (Chart.js from its WebJar) and a CSV export.

import { h, mount, formValues } from '../dom.js';
import { t, formatMoney, formatNumber } from '../i18n.js';
import { get, query, api } from '../api.js';
import { pageHeader, card, table, alertBox, field, button, showProblem, clearErrors } from '../ui.js';
import { metric } from './dashboard.js';

const DAY = 24 * 3600 * 1000;

function dateInput(date) {
  return date.toISOString().slice(0, 10);
}

export async function usagePage(view) {
  const alert = alertBox();
  const results = h('div', { 'aria-live': 'polite' });
  const today = new Date();
  const form = h('form', { class: 'range', 'aria-label': t('usage.range') },
    field(t('usage.from'), { name: 'from', type: 'date', value: dateInput(new Date(today - 29 * DAY)) }),
    field(t('usage.to'), { name: 'to', type: 'date', value: dateInput(today) }),
    h('div', { class: 'presets', role: 'group', 'aria-label': t('usage.presets') },
      [1, 7, 30].map((days) => button(days === 1 ? t('usage.last24h') : t('usage.lastDays', { days }), () => preset(days), { class: 'small' }))),
    h('button', { type: 'submit', class: 'primary' }, t('usage.show')),
    button(t('usage.export'), () => exportCsv(), { class: 'secondary' }));

  let chart = null;
  // A quick range is exact (the last 24 hours end now); dates typed in cover whole UTC days.
  let exact = null;
  form.addEventListener('input', () => { exact = null; });
  const range = () => {
    if (exact) return exact;
    const { from, to } = formValues(form);
    return {
      from: from ? new Date(`${from}T00:00:00Z`).toISOString() : undefined,
      to: to ? new Date(new Date(`${to}T00:00:00Z`).getTime() + DAY).toISOString() : undefined,
    };
  };
  const preset = (days) => {
    const now = Date.now();
    form.elements.from.value = dateInput(new Date(now - days * DAY));
    form.elements.to.value = dateInput(new Date(now));
    exact = { from: new Date(now - days * DAY).toISOString(), to: new Date(now).toISOString() };
    load();
  };
  const load = async () => {
    alert.clear();
    clearErrors(form);
    try {
      const report = await get(`/api/usage${query(range())}`);
      chart?.destroy();
      const canvas = h('canvas', { role: 'img', 'aria-label': t('usage.chartLabel') });
      mount(results,
        h('div', { class: 'metrics' },
          metric(t('usage.requests'), formatNumber(report.totals.requests)),
          metric(t('usage.inputTokens'), formatNumber(report.totals.inputTokens)),
          metric(t('usage.outputTokens'), formatNumber(report.totals.outputTokens)),
          metric(t('usage.cost'), formatMoney(report.totals.cost))),
        card(t('usage.byGroup'),
          report.byGroup.length ? h('div', { class: 'chart' }, canvas) : null,
          table([
            { label: t('groups.name'), value: (g) => g.groupName },
            { label: t('usage.requests'), value: (g) => formatNumber(g.requests), class: 'num' },
            { label: t('usage.inputTokens'), value: (g) => formatNumber(g.inputTokens), class: 'num' },
            { label: t('usage.outputTokens'), value: (g) => formatNumber(g.outputTokens), class: 'num' },
            { label: t('usage.cost'), value: (g) => formatMoney(g.cost), class: 'num' },
          ], report.byGroup, { label: t('usage.byGroup'), empty: t('usage.noUsage') })));
      if (report.byGroup.length && window.Chart) chart = drawChart(canvas, report.byGroup);
    } catch (problem) {
      showProblem(form, alert, problem);
    }
  };
  const exportCsv = async () => {
    alert.clear();
    clearErrors(form);
    try {
      const response = await api('GET', `/api/usage/export${query(range())}`, undefined,
        { response: true, accept: 'text/csv, application/problem+json' });
      const url = URL.createObjectURL(await response.blob());
      const a = h('a', { href: url, download: fileName(response), hidden: true });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (problem) {
      showProblem(form, alert, problem);
    }
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    load();
  });
  view.onLeave(() => chart?.destroy());
  mount(view.main, pageHeader(t('nav.usage')), card(null, form), alert, results);
  await load();
}

/** The server's name for the download (Content-Disposition), else usage.csv. */
function fileName(response) {
  const match = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') || '');
  return match ? match[1] : 'usage.csv';
}

function drawChart(canvas, byGroup) {
  return new window.Chart(canvas, {
    type: 'bar',
    data: {
      labels: byGroup.map((g) => g.groupName),
      datasets: [
        { label: t('usage.cost'), data: byGroup.map((g) => Number(g.cost)), backgroundColor: '#2f5bea', yAxisID: 'cost' },
        { label: t('usage.requests'), data: byGroup.map((g) => g.requests), backgroundColor: '#9db4f7', yAxisID: 'requests' },
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: {
        cost: { position: 'left', beginAtZero: true, title: { display: true, text: t('usage.cost') } },
        requests: { position: 'right', beginAtZero: true, grid: { drawOnChartArea: false }, title: { display: true, text: t('usage.requests') } },
      },
    },
  });
}
