// The analyst's screens: the dashboard's charts, drawn as inline SVG from
// GET /v1/reports/summary (no chart library; colours from classes, no style attribute), with
// the CSV download; and a province's market data, shown and replaced through the API.
import { h, mount, view } from './dom.js';
import { barChart, stackedChart } from './charts.js';
import * as api from './api.js';
import { showErrors, clearErrors } from './officer.js';
import { t, num, date, month, provinceName, occupationName, provinces } from './i18n.js';

const label = (prefix, k) => (t(`${prefix}.${k}`) === `${prefix}.${k}` ? k : t(`${prefix}.${k}`));

const REFERRAL_ORDER = ['proposed', 'referred', 'interviewing', 'hired', 'retained_3m', 'retained_6m', 'enrolled',
  'completed', 'income_verified_6m', 'left', 'rejected', 'withdrawn'];
const CLOSED = new Set(['left', 'rejected', 'withdrawn']);
const SEXES = ['female', 'male', 'other'];
const BANDS = ['0-24', '25-49', '50-74', '75-100'];

// Placements of the last 24 months by month and sex, and those retained at 3 and at 6 months by
// the month of their hire, newest month first.
function monthly(summary) {
  const months = [...(summary.placements_by_month || [])].reverse();
  const series = SEXES.map((k) => [t(`sex.${k}`), `bar-${k}`]);
  const chart = (measure, titleKey) => stackedChart(t(titleKey), series,
    months.map((m) => [month(m.month), SEXES.map((k) => m[measure]?.[k] ?? 0)]));
  return [chart('placements', 'chart.placements_by_month'),
    chart('retained_3m', 'chart.retained_3m_by_month'), chart('retained_6m', 'chart.retained_6m_by_month')];
}

function charts(summary) {
  const people = summary.people_by_status || {};
  const sexes = summary.placements_by_sex || {};
  const vacancies = summary.vacancies_by_screening || {};
  const referrals = summary.referrals_by_status || {};
  const retention = summary.retention || {};
  const safeguards = summary.safeguards || {};
  const percent = (v) => `${num(v * 100, 0)} %`;
  return h('div', { class: 'charts' },
    barChart(t('chart.people'), ['active', 'placed', 'closed'].map((k) => [t(`status.${k}`), people[k] ?? 0, `bar-${k}`])),
    barChart(t('chart.placements_by_sex', { n: num(summary.placements ?? 0) }),
      ['female', 'male', 'other'].map((k) => [t(`sex.${k}`), sexes[k] ?? 0, `bar-${k}`])),
    ...monthly(summary),
    barChart(t('chart.vulnerability'), BANDS.map((k) =>
      [k.replace(/\d+/g, (d) => num(d)).replace('-', '–'), summary.vulnerability_distribution?.[k] ?? 0,
        k === '75-100' ? 'bar-blocked' : 'bar-active']), { note: t('chart.vulnerability_note') }),
    barChart(t('chart.retention'), ['3m', '6m'].map((m) =>
      [t(`referral.status.retained_${m}`), retention[m]?.rate ?? null, 'bar-placed']), { max: 1, format: percent,
      note: ['3m', '6m'].map((m) => t('chart.retention_detail', {
        period: t(`referral.status.retained_${m}`), due: num(retention[m]?.due ?? 0),
        retained: num(retention[m]?.retained ?? 0), pending: num(retention[m]?.pending ?? 0) })).join(' ') }),
    barChart(t('chart.vacancies'), ['clear', 'review', 'blocked'].map((k) => [t(`screening.${k}`), vacancies[k] ?? 0, `bar-${k}`])),
    barChart(t('chart.referrals'), REFERRAL_ORDER.filter((k) => referrals[k] > 0)
      .map((k) => [label('referral.status', k), referrals[k], CLOSED.has(k) ? 'bar-closed' : 'bar-active'])),
    barChart(t('chart.safeguards'), Object.entries(safeguards).filter(([, v]) => typeof v === 'number')
      .map(([k, v]) => [label('safeguard', k), v, 'bar-review'])),
    h('p', {}, t('chart.follow_ups', { n: num(summary.follow_ups_due ?? 0) })));
}

export async function dashboard(province = '', refocus = false) {
  const root = view();
  const report = await api.get(`/v1/reports/summary${api.query({ province })}`);
  const summary = province ? (report.provinces || []).find((p) => p.province === province) || report.overall : report.overall;
  const select = h('select', { id: 'dash-province', onchange: (e) => dashboard(e.target.value, true) },
    h('option', { value: '' }, t('any')), provinces().map((p) => h('option', { value: p, selected: p === province }, provinceName(p))));
  const download = h('button', { type: 'button', id: 'csv', onclick: async () => {
    const csv = await api.get(`/v1/reports/summary${api.query({ province })}`, { accept: 'text/csv' });
    const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
    const a = h('a', { href: url, download: `homeward-summary${province ? `-${province}` : ''}.csv` });
    document.body.append(a); a.click(); a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  } }, t('dashboard.csv'));
  mount(root, h('h1', {}, province ? `${t('dashboard.title')}: ${provinceName(province)}` : t('dashboard.title')),
    h('div', { class: 'filters' }, h('div', {}, h('label', { for: 'dash-province' }, t('caseload.province')), select),
      h('div', {}, download)),
    h('p', { class: 'hint' }, t('dashboard.generated', { date: date(report.generated_at) })),
    charts(summary));
  if (refocus) select.focus();
}

// Market data: GET shows it; the form replaces the figures an analyst keeps up to date (living
// wage, poverty line, minimum wage, median wages, sector demand by month, source and date) with
// PUT, keeping the seasons as they are.
const marketState = { province: '' };
export async function market() {
  const root = view();
  const province = marketState.province;
  const select = h('select', { id: 'market-province' }, h('option', { value: '' }, t('choose')),
    provinces().map((p) => h('option', { value: p, selected: p === province }, provinceName(p))));
  const pick = h('form', { class: 'filters', onsubmit: (e) => { e.preventDefault(); marketState.province = select.value; market(); } },
    h('div', {}, h('label', { for: 'market-province' }, t('caseload.province')), select),
    h('div', {}, h('button', { type: 'submit' }, t('caseload.apply'))));
  if (!province) { mount(root, h('h1', {}, t('market.title')), pick); return; }
  const data = await api.get(`/v1/provinces/${encodeURIComponent(province)}/market`);
  mount(root, h('h1', {}, `${t('market.title')}: ${provinceName(province)}`), pick,
    h('p', { class: 'hint' }, t('market.source', { source: data.source, date: date(data.as_of), version: num(data.version ?? 0) })),
    barChart(t('market.wages'), [[t('market.living_wage'), data.living_wage, 'bar-active'],
      [t('market.minimum_wage'), data.minimum_wage, 'bar-placed'], [t('market.poverty_line'), data.poverty_line, 'bar-review']],
    { format: (v) => `$${num(v)}` }),
    demandTable(data.sector_demand || {}),
    marketForm(province, data));
}

function demandTable(demand) {
  const months = Array.from({ length: 12 }, (_, i) => i + 1);
  return h('div', { class: 'scroll', tabindex: '0', role: 'region', 'aria-labelledby': 'demand-caption' },
    h('table', { class: 'demand' }, h('caption', { id: 'demand-caption' }, t('market.demand')),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('field.sector')),
        months.map((m) => h('th', { scope: 'col' }, num(m))))),
      h('tbody', {}, Object.entries(demand).map(([sector, values]) => h('tr', {}, h('th', { scope: 'row' }, sector),
        values.map((v) => h('td', { class: v > 1.1 ? 'high' : v < 0.9 ? 'low' : null }, num(v, 2))))))));
}

function marketForm(province, data) {
  const summary = h('div', { class: 'error-summary', role: 'alert', tabindex: '-1', hidden: true });
  const done = h('div', { role: 'status' });
  const numberField = (name, value) => h('div', { class: 'field', id: `field-${name}` },
    h('label', { for: name }, t(`market.${name}`)),
    h('p', { class: 'error-message', id: `${name}-error`, hidden: true }),
    h('input', { id: name, name, type: 'number', step: 'any', min: 0, inputmode: 'decimal', value, 'aria-describedby': `${name}-error` }));
  const wages = Object.entries(data.median_wages || {});
  const wageRows = h('tbody', {}, wages.map(([code, value], i) => h('tr', {},
    h('th', { scope: 'row' }, h('label', { for: `median-${i}` }, `${occupationName(code)} (${code})`)),
    h('td', {}, h('input', { id: `median-${i}`, name: `median-${code}`, type: 'number', step: 'any', min: 0, value, inputmode: 'decimal' })))));
  const months = Array.from({ length: 12 }, (_, i) => i);
  const sectors = Object.entries(data.sector_demand || {});
  const demandCell = (id, sector, m, value) => h('td', {},
    h('label', { for: id, class: 'visually-hidden' }, t('market.demand_cell', { sector, month: num(m + 1) })),
    h('input', { id, name: id, type: 'number', step: 'any', min: 0, max: 10, inputmode: 'decimal', class: 'narrow', value }));
  const demandBody = h('tbody', {}, sectors.map(([sector, values], si) => h('tr', {}, h('th', { scope: 'row' }, sector),
    months.map((m) => demandCell(`demand-${si}-${m}`, sector, m, values[m])))));
  const demandInputs = h('div', { class: 'scroll', tabindex: '0', role: 'region', 'aria-labelledby': 'demand-edit-caption' },
    h('table', { class: 'demand' }, h('caption', { id: 'demand-edit-caption' }, t('market.demand')),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('field.sector')), months.map((m) => h('th', { scope: 'col' }, num(m + 1))))),
      demandBody));
  // A new sector: a row with its name and twelve months at 1 (normal demand), sent with the rest;
  // a row left without a name is not sent.
  let added = 0;
  const addSector = h('button', { type: 'button', class: 'secondary', id: 'add-sector', onclick: () => {
    const n = added++;
    const name = h('input', { id: `new-sector-${n}`, name: `new-sector-${n}`, class: 'narrow-text', autocomplete: 'off' });
    demandBody.append(h('tr', {}, h('th', { scope: 'row' },
      h('label', { for: `new-sector-${n}`, class: 'visually-hidden' }, t('market.new_sector')), name),
    months.map((m) => demandCell(`new-demand-${n}-${m}`, t('market.new_sector'), m, 1))));
    name.focus();
  } }, t('market.add_sector'));
  const form = h('form', { novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    clearErrors(form, summary);
    const d = new FormData(form);
    const body = { ...data };
    delete body.version;
    delete body.province;
    for (const name of ['living_wage', 'poverty_line', 'minimum_wage']) body[name] = d.get(name) === '' ? undefined : Number(d.get(name));
    body.median_wages = Object.fromEntries(wages.map(([code]) => [code, Number(d.get(`median-${code}`))]));
    body.sector_demand = Object.fromEntries(sectors.map(([sector], si) =>
      [sector, months.map((m) => Number(d.get(`demand-${si}-${m}`)))]));
    for (let n = 0; n < added; n += 1) {
      const sector = String(d.get(`new-sector-${n}`) || '').trim();
      if (sector) body.sector_demand[sector] = months.map((m) => Number(d.get(`new-demand-${n}-${m}`)));
    }
    body.source = String(d.get('source') || '').trim();
    body.as_of = d.get('as_of');
    try {
      const saved = await api.call('PUT', `/v1/provinces/${encodeURIComponent(province)}/market`, body);
      await market();
      mount(document.getElementById('market-saved') || done, h('p', { class: 'success', role: 'status' },
        t('market.saved', { version: num(saved?.version ?? 0) })));
    } catch (err) {
      if (!(err instanceof api.ApiError)) throw err;
      showErrors(form, summary, err, (path) => {
        const parts = String(path || '').replace(/^\//, '').split('/');
        return ['living_wage', 'poverty_line', 'minimum_wage', 'source', 'as_of'].includes(parts[0]) ? parts[0] : null;
      });
    }
  } },
  h('h2', {}, t('market.replace')), h('p', { class: 'hint' }, t('market.replace_hint')), summary,
  numberField('living_wage', data.living_wage), numberField('minimum_wage', data.minimum_wage),
  numberField('poverty_line', data.poverty_line),
  h('table', {}, h('caption', {}, t('market.median_wages')), wageRows),
  demandInputs, h('div', {}, addSector),
  h('div', { class: 'field', id: 'field-source' }, h('label', { for: 'source' }, t('market.source_field')),
    h('p', { class: 'error-message', id: 'source-error', hidden: true }),
    h('textarea', { id: 'source', name: 'source', rows: 2, 'aria-describedby': 'source-error' }, data.source || '')),
  h('div', { class: 'field', id: 'field-as_of' }, h('label', { for: 'as_of' }, t('market.as_of')),
    h('p', { class: 'error-message', id: 'as_of-error', hidden: true }),
    h('input', { id: 'as_of', name: 'as_of', type: 'date', value: data.as_of, 'aria-describedby': 'as_of-error' })),
  h('div', {}, h('button', { type: 'submit' }, t('market.submit'))), done);
  return h('div', { id: 'market-saved-wrap' }, h('div', { id: 'market-saved' }), form);
}
