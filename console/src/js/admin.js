// The administrator's screens: API keys (create, shown once, revoke), plugins (state, errors,
// reload) and the audit log with its filters.
import { h, mount, view } from './dom.js';
import * as api from './api.js';
import { t, num, provinceName } from './i18n.js';

export async function keys() {
  const root = view();
  const list = await api.get('/v1/api-keys?limit=200');
  const shown = h('div', { role: 'status' });
  const form = h('form', { onsubmit: async (e) => {
    e.preventDefault();
    const d = new FormData(form);
    const body = { role: d.get('role'), label: d.get('label') };
    const ps = String(d.get('provinces') || '').split(',').map((x) => x.trim()).filter(Boolean);
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
    h('div', { class: 'scroll', tabindex: '0', role: 'region', 'aria-label': t('keys.title') },
      h('table', {}, h('tbody', {}, list.items.map((k) => h('tr', {},
        h('td', {}, k.label), h('td', {}, t(`role.${k.role}`)), h('td', {}, (k.provinces || []).join(', ')),
        h('td', {}, k.revoked_at ? t('keys.revoked') : h('button', { type: 'button', class: 'secondary',
          onclick: async () => { await api.del(`/v1/api-keys/${encodeURIComponent(k.id)}`); keys(); } },
        `${t('keys.revoke')}: ${k.label}`))))))), form);
}

export async function plugins(message) {
  const root = view();
  const list = await api.get('/v1/plugins');
  const items = list.items || list;
  const status = h('div', { role: 'status', id: 'reload-status' }, message || null);
  const reload = h('button', { type: 'button', id: 'reload', onclick: async () => {
    reload.disabled = true;
    mount(status, h('p', {}, t('plugins.reloading')));
    try {
      const after = await api.post('/v1/plugins/reload', undefined);
      const loaded = (after?.items || after || []).filter?.((p) => p.state === 'loaded').length;
      await plugins(h('p', { class: 'success' }, t('plugins.reloaded', { n: num(loaded ?? 0) })));
      document.getElementById('reload')?.focus();
    } catch (e) {
      reload.disabled = false;
      mount(status, h('p', { class: 'error-message' }, t('error.generic', { detail: e.message })));
    }
  } }, t('plugins.reload'));
  mount(root, h('h1', {}, t('plugins.title')), h('p', { class: 'hint' }, t('plugins.hint')), reload, status,
    h('ul', { class: 'cards' }, items.map((p) => h('li', { class: `card plugin-${p.state}` },
      h('h2', { class: 'card-title' }, `${p.name} (${provinceName(p.province)})`),
      h('p', {}, `${t('plugins.state')}: `, h('strong', {}, t(`plugin.state.${p.state}`)),
        ` · ${p.id} ${p.version} · SDK ${p.sdk_version}`),
      h('p', { class: 'muted' }, `${t('plugins.provides')}: ${(p.provides || []).join(', ')}`),
      p.error ? h('p', { class: 'error-message' }, `${t('plugins.error')}: ${p.error}`) : null))));
}

// The audit log: GET /v1/audit with its filters (subject, actor, action), a page at a time.
const auditFilters = { subject: '', actor: '', action: '' };
export async function audit() {
  const root = view();
  const rows = h('tbody', {});
  const more = h('button', { type: 'button', class: 'secondary', id: 'audit-more' }, t('caseload.more'));
  const count = h('p', { role: 'status' });
  let shown = 0;
  const load = async (cursor) => {
    const page = await api.get(`/v1/audit${api.query({ ...auditFilters, limit: 100, cursor })}`);
    for (const e of page.items) {
      rows.append(h('tr', {}, h('td', {}, e.at.replace('T', ' ').slice(0, 19)), h('td', {}, e.actor),
        h('td', {}, e.action), h('td', { class: 'wrap' }, e.subject), h('td', {}, t(`outcome.${e.outcome}`)),
        h('td', { class: 'wrap hide-narrow' }, e.detail || '')));
    }
    shown += page.items.length;
    count.textContent = t('audit.count', { n: num(shown) });
    more.hidden = !page.next_cursor;
    more.onclick = () => load(page.next_cursor);
  };
  const input = (name) => h('div', {}, h('label', { for: `audit-${name}` }, t(`audit.${name}`)),
    h('input', { id: `audit-${name}`, name, value: auditFilters[name] }));
  const form = h('form', { class: 'filters', role: 'search', onsubmit: (e) => {
    e.preventDefault();
    const d = new FormData(form);
    for (const name of Object.keys(auditFilters)) auditFilters[name] = String(d.get(name) || '').trim();
    audit();
  } }, input('subject'), input('actor'), input('action'), h('div', {}, h('button', { type: 'submit' }, t('caseload.apply'))));
  mount(root, h('h1', {}, t('audit.title')), h('p', { class: 'hint' }, t('audit.hint')), form, count,
    h('div', { class: 'scroll', tabindex: '0', role: 'region', 'aria-label': t('audit.title') },
      h('table', {}, h('thead', {}, h('tr', {}, ['at', 'actor', 'action', 'subject', 'outcome'].map((c) =>
        h('th', { scope: 'col' }, t(`audit.${c}`))), h('th', { scope: 'col', class: 'hide-narrow' }, t('audit.detail')))), rows)),
    more);
  await load();
}
