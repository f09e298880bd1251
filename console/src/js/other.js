// The referral board (officer, employer), the employer's vacancies, the analyst's dashboard and
// the administrator's API keys.
import { h, mount, view } from './dom.js';
import * as api from './api.js';
import * as session from './session.js';
import { t, num, date, money, provinceName, occupationName, provinces } from './i18n.js';

const NEXT = {
  proposed: ['referred', 'withdrawn'], referred: ['interviewing', 'rejected', 'withdrawn'],
  interviewing: ['hired', 'rejected', 'withdrawn'], hired: ['retained_3m', 'left'],
  retained_3m: ['retained_6m', 'left'],
};

export async function referrals() {
  const root = view();
  const list = await api.get('/v1/referrals?limit=200');
  const board = list.items.map((r) => {
    const moves = NEXT[r.status] || [];
    const status = h('span', { class: 'referral-status' }, t(`referral.status.${r.status}`));
    const selectId = `move-${r.id}`;
    const select = h('select', { id: selectId }, moves.map((s) => h('option', { value: s }, t(`referral.status.${s}`))));
    const message = h('span', { role: 'status' });
    const move = h('button', { type: 'button', class: 'secondary', onclick: async () => {
      try {
        const updated = await api.patch(`/v1/referrals/${encodeURIComponent(r.id)}`, { status: select.value });
        status.textContent = t(`referral.status.${updated.status}`);
        message.textContent = '';
        r.status = updated.status;
        const next = NEXT[updated.status] || [];
        mount(select, next.map((s) => h('option', { value: s }, t(`referral.status.${s}`))));
        select.disabled = move.disabled = next.length === 0;
      } catch (e) { message.textContent = t('error.generic', { detail: e.message }); }
    } }, t('referral.move'));
    const who = r.individual?.given_name || r.individual_id;
    return h('tr', {},
      h('td', {}, session.role() === 'employer' ? who : h('a', { href: `#/person/${r.individual_id}` }, who)),
      h('td', {}, r.opportunity?.title || r.opportunity_id),
      h('td', {}, status), h('td', { class: 'hide-narrow' }, date(r.follow_up_on)),
      h('td', {}, moves.length ? [h('label', { for: selectId, class: 'visually-hidden' }, t('referral.move')), select, move] : null,
        message));
  });
  mount(root, h('h1', {}, t('referrals.title')),
    board.length ? h('table', {}, h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, t('col.name')), h('th', { scope: 'col' }, t('nav.vacancies')),
      h('th', { scope: 'col' }, t('col.status')), h('th', { scope: 'col', class: 'hide-narrow' }, t('col.follow_up')),
      h('th', { scope: 'col' }, t('referral.move')))), h('tbody', {}, board)) : h('p', {}, t('referral.none')));
}

export async function vacancies() {
  const root = view();
  const list = await api.get('/v1/vacancies?limit=200');
  mount(root, h('h1', {}, t('nav.vacancies')), h('ul', { class: 'cards' }, list.items.map((v) => h('li', { class: 'card' },
    h('h3', {}, v.title), h('p', { class: 'muted' },
      [occupationName(v.occupation), provinceName(v.province), money(v.wage), v.status].filter(Boolean).join(' · ')),
    v.screening?.flags?.length ? h('ul', {}, v.screening.flags.map((f) =>
      h('li', { class: `flag-${f.severity}` }, f.reason))) : null))));
}

function countsTable(caption, counts) {
  const rows = Object.entries(counts || {}).filter(([, v]) => typeof v === 'number');
  const max = Math.max(1, ...rows.map(([, v]) => v));
  return h('table', {}, h('caption', {}, caption), h('tbody', {}, rows.map(([k, v]) => h('tr', {},
    h('th', { scope: 'row' }, t(`referral.status.${k}`) === `referral.status.${k}`
      ? (t(`status.${k}`) === `status.${k}` ? k : t(`status.${k}`)) : t(`referral.status.${k}`)),
    h('td', {}, h('meter', { min: 0, max, value: v, 'aria-label': k }), ' ', num(v))))));
}

export async function dashboard(province = '', refocus = false) {
  const root = view();
  const summary = await api.get(`/v1/reports/summary${api.query({ province })}`);
  const select = h('select', { id: 'dash-province', onchange: (e) => dashboard(e.target.value, true) },
    h('option', { value: '' }, t('any')), provinces().map((p) => h('option', { value: p, selected: p === province }, provinceName(p))));
  const download = h('button', { type: 'button', onclick: async () => {
    const csv = await api.get(`/v1/reports/summary${api.query({ province })}`, { accept: 'text/csv' });
    const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
    const a = h('a', { href: url, download: `homeward-summary${province ? `-${province}` : ''}.csv` });
    document.body.append(a); a.click(); a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  } }, t('dashboard.csv'));
  const sections = Object.entries(summary).filter(([, v]) => v && typeof v === 'object' && !Array.isArray(v))
    .map(([name, counts]) => countsTable(name.replace(/_/g, ' '), counts));
  mount(root, h('h1', {}, province ? `${t('dashboard.title')}: ${provinceName(province)}` : t('dashboard.title')),
    h('label', { for: 'dash-province' }, t('caseload.province')), select, h('div', {}, download), sections);
  if (refocus) select.focus();
}

export async function keys() {
  const root = view();
  const list = await api.get('/v1/api-keys?limit=200');
  const shown = h('div', { role: 'status' });
  const form = h('form', { onsubmit: async (e) => {
    e.preventDefault();
    const d = new FormData(form);
    const body = { role: d.get('role'), label: d.get('label') };
    const ps = String(d.get('provinces') || '').split(',').map((s) => s.trim()).filter(Boolean);
    if (ps.length) body.provinces = ps;
    if (d.get('employer_id')) body.employer_id = d.get('employer_id');
    try {
      const created = await api.post('/v1/api-keys', body);
      await keys();
      mount(document.getElementById('key-shown'), h('div', { class: 'success' }, h('p', {}, t('keys.created')),
        h('code', { id: 'new-key' }, created.key)));
    } catch (err) { mount(shown, h('p', { class: 'error-message' }, err.message)); }
  } },
  h('h2', {}, t('keys.create')),
  h('label', { for: 'key-label' }, t('keys.label')), h('input', { id: 'key-label', name: 'label', required: true }),
  h('label', { for: 'key-role' }, t('keys.role')), h('select', { id: 'key-role', name: 'role' },
    ['officer', 'employer', 'analyst', 'admin'].map((r) => h('option', { value: r }, t(`role.${r}`)))),
  h('label', { for: 'key-provinces' }, t('keys.provinces')), h('input', { id: 'key-provinces', name: 'provinces' }),
  h('label', { for: 'key-employer' }, t('keys.employer')), h('input', { id: 'key-employer', name: 'employer_id' }),
  h('div', {}, h('button', { type: 'submit' }, t('keys.create'))), shown);
  mount(root, h('h1', {}, t('keys.title')), h('div', { id: 'key-shown' }),
    h('table', {}, h('tbody', {}, list.items.map((k) => h('tr', {},
      h('td', {}, k.label), h('td', {}, t(`role.${k.role}`)), h('td', {}, (k.provinces || []).join(', ')),
      h('td', {}, k.revoked_at ? t('keys.revoked') : h('button', { type: 'button', class: 'secondary',
        onclick: async () => { await api.del(`/v1/api-keys/${encodeURIComponent(k.id)}`); keys(); } },
      `${t('keys.revoke')}: ${k.label}`)))))), form);
}
