// The officer's screens: the caseload, a person's page with explained matches and one-step
// referral, and the intake form with consent and the API's errors at each field.
import { h, mount, view } from './dom.js';
import * as api from './api.js';
import { go } from './app.js';
import { fillNames } from './names.js';
import { barChart } from './charts.js';
import {
  t, num, date, money, provinceName, skillName, occupationName, provinces, skills, occupations,
} from './i18n.js';

const fullName = (p) => [p.family_name, p.given_name].filter(Boolean).join(' ');
const today = () => new Date().toISOString().slice(0, 10);
function age(birth) {
  if (!birth) return '';
  const b = new Date(birth);
  const n = new Date();
  return n.getFullYear() - b.getFullYear() - (n < new Date(n.getFullYear(), b.getMonth(), b.getDate()) ? 1 : 0);
}
function options(values, labelOf, selected, anyLabel) {
  return [anyLabel === undefined ? null : h('option', { value: '' }, anyLabel),
    ...values.map((v) => h('option', { value: v, selected: v === selected }, labelOf(v)))];
}
function field(id, labelKey, control, hint) {
  return h('div', { class: 'field', id: `field-${id}` },
    h('label', { for: id }, t(labelKey)),
    hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null,
    h('p', { class: 'error-message', id: `${id}-error`, hidden: true }),
    control);
}

// Caseload: people in the officer's provinces, filtered by province and status on the server, a
// page of CASELOAD_PAGE at a time ("Show more" follows next_cursor), and by name, vulnerability
// and follow-ups due here, over the pages loaded.
const CASELOAD_PAGE = 50;
const filters = { province: '', status: 'active', q: '', vulnerability: '', due: false };
export async function caseload() {
  const root = view();
  const listPath = (cursor) => `/v1/individuals${api.query({ province: filters.province, status: filters.status,
    limit: CASELOAD_PAGE, cursor })}`;
  const [first, due] = await Promise.all([
    api.get(listPath()),
    filters.due ? api.get('/v1/referrals?follow_up_due=true&limit=500') : Promise.resolve({ items: [] }),
  ]);
  const people = [...first.items];
  let next = first.next_cursor;
  const dueDates = new Map(due.items.map((r) => [r.individual_id, r.follow_up_on]));
  const q = filters.q.trim().toLowerCase();
  const matches = (p) => (!q || fullName(p).toLowerCase().includes(q))
    && (!filters.vulnerability || (p.vulnerability?.score ?? 0) >= Number(filters.vulnerability))
    && (!filters.due || dueDates.has(p.id));

  const form = h('form', { class: 'filters', role: 'search', onsubmit: (event) => {
    event.preventDefault();
    const data = new FormData(event.target);
    Object.assign(filters, { q: data.get('q'), province: data.get('province'), status: data.get('status'),
      vulnerability: data.get('vulnerability'), due: data.get('due') === 'on' });
    caseload();
  } },
  h('div', {}, h('label', { for: 'q' }, t('caseload.search')),
    h('input', { id: 'q', name: 'q', type: 'search', value: filters.q })),
  h('div', {}, h('label', { for: 'province' }, t('caseload.province')),
    h('select', { id: 'province', name: 'province' }, options(provinces(), provinceName, filters.province, t('any')))),
  h('div', {}, h('label', { for: 'status' }, t('caseload.status')),
    h('select', { id: 'status', name: 'status' },
      options(['active', 'placed', 'closed'], (s) => t(`status.${s}`), filters.status, t('any')))),
  h('div', {}, h('label', { for: 'vulnerability' }, t('caseload.vulnerability')),
    h('select', { id: 'vulnerability', name: 'vulnerability' },
      options(['25', '50', '75'], (v) => num(v), filters.vulnerability, t('any')))),
  h('div', { class: 'check' }, h('input', { id: 'due', name: 'due', type: 'checkbox', checked: filters.due }),
    h('label', { for: 'due' }, t('caseload.followups'))),
  h('div', {}, h('button', { type: 'submit' }, t('caseload.apply'))));

  const bands = [[0, 24], [25, 49], [50, 74], [75, 100]];
  const results = h('div', { id: 'caseload-results' });
  const more = h('button', { type: 'button', class: 'secondary', id: 'caseload-more' }, t('caseload.more'));
  const row = (p) => h('tr', {},
    h('td', {}, h('a', { href: `#/person/${p.id}` }, fullName(p))),
    h('td', {}, provinceName(p.province)),
    h('td', { class: 'hide-narrow' }, num(age(p.birth_date))),
    h('td', {}, num(p.vulnerability?.score ?? 0)),
    h('td', { class: 'hide-narrow' }, t(`status.${p.status}`)),
    filters.due ? h('td', {}, date(dueDates.get(p.id))) : null);
  const draw = () => {
    const shown = people.filter(matches);
    mount(results,
      h('p', { role: 'status' }, next ? t('caseload.count_more', { n: num(shown.length), loaded: num(people.length) })
        : t('caseload.count', { n: num(shown.length) })),
      shown.length ? h('details', { class: 'distribution' }, h('summary', {}, t('caseload.distribution')),
        barChart(t('caseload.distribution_of', { n: num(shown.length) }), bands.map(([lo, hi]) => [`${num(lo)}–${num(hi)}`,
          shown.filter((p) => { const v = p.vulnerability?.score ?? 0; return v >= lo && v <= hi; }).length,
          hi === 100 ? 'bar-blocked' : 'bar-active']))) : null,
      shown.length === 0 ? h('p', {}, t('caseload.none')) : h('table', {},
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('col.name')),
          h('th', { scope: 'col' }, t('col.province')), h('th', { scope: 'col', class: 'hide-narrow' }, t('col.age')),
          h('th', { scope: 'col' }, t('col.vulnerability')), h('th', { scope: 'col', class: 'hide-narrow' }, t('col.status')),
          filters.due ? h('th', { scope: 'col' }, t('col.follow_up')) : null)),
        h('tbody', {}, shown.map(row))));
    more.hidden = !next;
    return shown;
  };
  // The next page from the server; focus moves to the first person it adds that the filters show
  // (else stays on the button), so a keyboard user carries on where the list grew.
  more.onclick = async () => {
    more.disabled = true;
    try {
      const page = await api.get(listPath(next));
      people.push(...page.items);
      next = page.next_cursor;
      const added = new Set(page.items.map((p) => p.id));
      const shown = draw();
      const firstNew = shown.find((p) => added.has(p.id));
      const link = firstNew && results.querySelector(`a[href="#/person/${firstNew.id}"]`);
      if (link) link.focus(); else if (next) more.focus();
    } finally {
      more.disabled = false;
    }
  };
  mount(root, h('h1', {}, t('caseload.title')), form, results, more);
  draw();
}

function explained(item, person, referredIds) {
  const o = item.opportunity || {};
  const title = o.title || o.name || o.id;
  const status = h('p', { role: 'status' });
  const refer = h('button', { type: 'button', disabled: referredIds.has(o.id),
    'aria-describedby': `score-${o.id}`, onclick: async () => {
      refer.disabled = true;
      try {
        const referral = await api.post('/v1/referrals',
          { individual_id: person.id, opportunity_id: o.id, status: 'referred' });
        referredIds.add(o.id);
        refer.textContent = t('person.already');
        status.className = 'success';
        status.textContent = t('person.referred', { title, date: date(referral.follow_up_on) });
      } catch (e) {
        refer.disabled = false;
        status.className = 'error-message';
        status.textContent = t('error.generic', { detail: e.message });
      }
    } }, referredIds.has(o.id) ? t('person.already') : `${t('person.refer')}: ${title}`);
  return h('li', { class: 'card' },
    h('h3', {}, title),
    h('p', { class: 'muted' }, [item.kind ? t(`kind1.${item.kind}`) : null, o.kind ? t(`programme.${o.kind}`) : null,
      o.occupation ? occupationName(o.occupation) : null, provinceName(o.province),
      o.wage ? money(o.wage) : null, o.support ? `${t('programme.support')} ${money(o.support)}` : null,
      o.expected_income_gain ? `${t('programme.gain')} ${money(o.expected_income_gain)}` : null,
      o.provider].filter(Boolean).join(' · ')),
    h('p', { id: `score-${o.id}` }, `${t('match.score')}: `, h('span', { class: 'score' }, num(item.score, 0)),
      ' / ', num(100)),
    h('details', {}, h('summary', {}, t('match.why')),
      h('table', { class: 'components' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('match.component')),
          h('th', { scope: 'col' }, t('match.score')), h('th', { scope: 'col', class: 'hide-narrow' }, t('match.weight')),
          h('th', { scope: 'col' }, t('match.reason')))),
        h('tbody', {}, item.components.map((c) => h('tr', {},
          h('th', { scope: 'row' }, t(`component.${c.name}`) === `component.${c.name}` ? c.name : t(`component.${c.name}`)),
          h('td', {}, h('meter', { min: 0, max: 100, low: 40, high: 70, optimum: 100, value: c.score,
            'aria-label': `${c.name} ${Math.round(c.score)}` }, num(c.score)), ' ', num(c.score)),
          h('td', { class: 'hide-narrow' }, num(c.weight, 2)),
          h('td', {}, c.reason))))),
      item.rules.length ? [h('h4', {}, t('match.rules')), h('ul', {}, item.rules.map((r) =>
        h('li', {}, `${r.plugin} · ${r.rule}: ${r.effect > 0 ? '+' : ''}${num(r.effect, 1)}`,
          r.reason ? ` — ${r.reason}` : '')))] : null,
      item.closes_skills?.length ? [h('h4', {}, t('match.closes')),
        h('ul', { class: 'tags' }, item.closes_skills.map((s) => h('li', {}, skillName(s))))] : null,
      item.unlocks?.length ? h('p', {}, t('match.unlocks', { n: num(item.unlocks.length) })) : null),
    item.kind !== 'training' ? refer : null, status);
}

export async function person(id, kind = 'job') {
  const root = view();
  const [p, referrals] = await Promise.all([
    api.get(`/v1/individuals/${encodeURIComponent(id)}`),
    api.get(`/v1/referrals${api.query({ individual_id: id, limit: 500 })}`),
  ]);
  const referredIds = new Set(referrals.items.filter((r) => !['rejected', 'withdrawn'].includes(r.status))
    .map((r) => r.opportunity_id));
  const consented = p.consent?.given && (!p.consent.scope || p.consent.scope.includes('matching'));
  let matches = { items: [] };
  if (consented) {
    matches = await api.get(`/v1/individuals/${encodeURIComponent(id)}/matches${api.query({ kind, limit: 10 })}`);
  }
  const v = p.vulnerability || { score: 0, factors: [] };
  const kindSelect = h('select', { id: 'kind', onchange: (e) => person(id, e.target.value) },
    options(['job', 'training', 'programme', 'all'], (k) => t(`kind.${k}`), kind));
  mount(root,
    h('h1', {}, fullName(p)),
    h('p', {}, h('a', { href: `#/person/${p.id}/edit`, class: 'button secondary', id: 'edit-person' }, t('person.edit'))),
    h('h2', {}, t('person.details')),
    h('dl', { class: 'summary' },
      h('dt', {}, t('field.sex')), h('dd', {}, t(`sex.${p.sex}`)),
      h('dt', {}, t('field.birth_date')), h('dd', {}, `${date(p.birth_date)} (${num(age(p.birth_date))})`),
      h('dt', {}, t('field.province')), h('dd', {}, [provinceName(p.province), p.district, p.commune].filter(Boolean).join(', ')),
      h('dt', {}, t('field.status')), h('dd', {}, t(`status.${p.status}`)),
      h('dt', {}, t('field.skills')), h('dd', {}, h('ul', { class: 'tags' },
        (p.skills || []).map((s) => h('li', {}, `${skillName(s.code)} (${num(s.level)})`)))),
      h('dt', {}, t('field.desired_occupations')), h('dd', {}, (p.desired_occupations || []).map(occupationName).join(', ')),
      h('dt', {}, t('field.consent')), h('dd', { id: 'consent-shown' }, p.consent?.given
        ? [t('edit.consent_given', { date: date(p.consent.date) }), h('ul', {}, (p.consent.scope || []).map((sc) =>
          h('li', {}, t(`consent.${sc}`))))] : t('edit.consent_none'))),
    h('h2', {}, t('person.vulnerability')),
    h('p', {}, h('meter', { id: 'vulnerability-meter', min: 0, max: 100, value: v.score, 'aria-label': t('person.vulnerability') }),
      ' ', h('span', { class: 'score' }, num(v.score)), ' / ', num(100)),
    v.factors?.length ? h('ul', {}, v.factors.map((f) => h('li', {}, `${f.reason} (${t('person.points', { n: num(f.points) })})`)))
      : h('p', {}, t('person.no_factors')),
    referrals.items.length ? [h('h2', {}, t('person.referrals')), h('table', { class: 'stack', id: 'person-referrals' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('referral.opportunity')), h('th', { scope: 'col' }, t('col.status')),
        h('th', { scope: 'col' }, t('col.follow_up')))),
      h('tbody', {}, referrals.items.map((r) => h('tr', {},
        h('td', { 'data-label': t('referral.opportunity'), dataset: { opportunity: r.opportunity_id } }, r.opportunity_id),
        h('td', { 'data-label': t('col.status') }, t(`referral.status.${r.status}`)),
        h('td', { 'data-label': t('col.follow_up'), class: 'date' }, date(r.follow_up_on)))))),
    h('p', {}, h('a', { href: '#/referrals' }, t('person.board')))] : null,
    h('h2', {}, t('person.matches')),
    consented ? [h('label', { for: 'kind' }, t('person.kind')), kindSelect,
      matches.items.length ? h('ol', { class: 'cards' }, matches.items.map((m) => explained(m, p, referredIds)))
        : h('p', {}, t('person.no_matches'))]
      : h('p', { class: 'notice' }, t('person.no_consent')));
  fillNames(root);
}

// The intake and edit form. Errors come from the API's problem+json (the same JSON Schemas),
// each shown in the summary at the top and at its field.
const FIELD_OF_PATH = (path) => {
  const parts = String(path || '').replace(/^\//, '').split('/');
  if (parts[0] === 'household') return parts[1] === 'size' ? 'household_size' : parts[1];
  if (parts[0] === 'consent') return 'consent';
  if (parts[0] === 'skills') return 'skills';
  return parts[0];
};
const CONSENT_SCOPES = [['matching', 'intake.consent_matching'], ['referral', 'intake.consent_referral'],
  ['data_sharing_employer', 'intake.consent_sharing']];

// The form of a person, empty for intake or filled with `p` for an edit. The sensitive fields
// (survivor, prior migration, debt) are shown only when the record carries them: an officer who
// is not the person's case officer gets the record without them and must not overwrite them.
function personForm(root, p, onSubmit) {
  const editing = Boolean(p);
  const sensitive = !editing || 'survivor' in p || 'prior_migration' in p;
  const hh = p?.household || {};
  const value = (v) => (v === undefined || v === null ? undefined : String(typeof v === 'object' ? v.amount : v));
  const input = (id, attrs = {}) => h('input', { id, name: id, 'aria-describedby': `${id}-error`, ...attrs });
  const select = (id, values, labelOf, selected, attrs = {}) => h('select',
    { id, name: id, 'aria-describedby': `${id}-error`, ...attrs }, options(values, labelOf, selected, t('choose')));
  const summary = h('div', { class: 'error-summary', role: 'alert', tabindex: '-1', hidden: true });
  const skillCodes = skills();
  const skillRow = (i, skill) => h('div', { class: 'skill-row' },
    h('label', { for: `skill-${i}` }, `${t('field.skills')} ${num(i + 1)} ${t('intake.optional')}`),
    h('select', { id: `skill-${i}`, name: `skill-${i}` }, options(skillCodes, skillName, skill?.code, t('choose'))),
    h('label', { for: `level-${i}` }, t('field.skill_level')),
    h('input', { id: `level-${i}`, name: `level-${i}`, type: 'number', min: 1, max: 5, value: skill?.level ?? 3,
      inputmode: 'numeric' }));
  const current = p?.skills || [];
  const skillRows = h('div', { id: 'skills' }, [...current, null, ...(current.length ? [] : [null])]
    .map((sk, i) => skillRow(i, sk)));
  const scope = p?.consent?.given ? (p.consent.scope || []) : [];
  const checkbox = (id, checked) => h('input', { type: 'checkbox', id, name: id, checked });
  // A household amount in the currency the family gave it in (docs/money.md): its amount and its
  // currency; a plain number from the API is US dollars.
  const moneyFieldset = (id, legendKey, amount) => h('fieldset', { id: `field-${id}` }, h('legend', {}, t(legendKey)),
    h('p', { class: 'error-message', id: `${id}-error`, hidden: true }),
    h('label', { for: id }, t('money.amount')),
    input(id, { type: 'number', min: 0, step: 'any', inputmode: 'decimal', value: value(amount) }),
    h('label', { for: `${id}_currency` }, t('money.currency')),
    h('select', { id: `${id}_currency`, name: `${id}_currency` }, ['USD', 'KHR', 'THB'].map((c) =>
      h('option', { value: c, selected: c === (amount?.currency || 'USD') }, t(`currency.${c}`)))));

  const form = h('form', { novalidate: true, onsubmit: (e) => { e.preventDefault(); submit(form, summary, onSubmit); } },
    h('h1', {}, editing ? t('edit.title', { name: fullName(p) }) : t('intake.title')),
    h('p', { class: 'hint' }, t(editing ? 'edit.hint' : 'intake.hint')), summary,
    field('given_name', 'field.given_name', input('given_name', { autocomplete: 'off', required: true, value: p?.given_name })),
    field('family_name', 'field.family_name', input('family_name', { autocomplete: 'off', value: p?.family_name })),
    field('sex', 'field.sex', select('sex', ['female', 'male', 'other'], (x) => t(`sex.${x}`), p?.sex, { required: true })),
    field('birth_date', 'field.birth_date', input('birth_date', { type: 'date', required: true, max: today(), value: p?.birth_date })),
    field('province', 'field.province', select('province', provinces(), provinceName, p?.province, { required: true })),
    field('district', 'field.district', input('district', { value: p?.district })),
    field('commune', 'field.commune', input('commune', { value: p?.commune })),
    editing ? field('status', 'field.status', select('status', ['active', 'placed', 'closed'], (x) => t(`status.${x}`), p.status)) : null,
    field('education', 'field.education', select('education',
      ['none', 'primary', 'lower_secondary', 'upper_secondary', 'vocational', 'tertiary'], (x) => t(`edu.${x}`), p?.education)),
    languagesFieldset('lang', p ? p.languages || [] : undefined),
    h('fieldset', { id: 'field-skills' }, h('legend', {}, t('field.skills')),
      h('p', { class: 'error-message', id: 'skills-error', hidden: true }), skillRows,
      h('button', { type: 'button', class: 'secondary', onclick: () => skillRows.append(skillRow(skillRows.children.length)) },
        t('intake.add_skill'))),
    field('desired_occupations', 'field.desired_occupations',
      select('desired_occupations', occupations(4), (c) => `${occupationName(c)} (${c})`, p?.desired_occupations?.[0])),
    field('max_commute_km', 'field.max_commute_km', input('max_commute_km',
      { type: 'number', min: 0, max: 1000, inputmode: 'numeric', value: value(p?.max_commute_km) })),
    field('household_size', 'field.household_size', input('household_size',
      { type: 'number', min: 1, max: 50, inputmode: 'numeric', value: value(hh.size) })),
    field('dependents', 'field.dependents', input('dependents',
      { type: 'number', min: 0, max: 50, inputmode: 'numeric', value: value(hh.dependents) })),
    moneyFieldset('monthly_income', 'field.monthly_income', hh.monthly_income),
    sensitive ? moneyFieldset('debt', 'field.debt', hh.debt) : null,
    sensitive ? [h('div', { class: 'check' }, checkbox('prior_migration', p?.prior_migration),
      h('label', { for: 'prior_migration' }, t('field.prior_migration'))),
    h('div', { class: 'check' }, checkbox('survivor', p?.survivor),
      h('label', { for: 'survivor' }, t('field.survivor')))] : h('p', { class: 'notice' }, t('edit.not_case_officer')),
    h('fieldset', { id: 'field-consent', 'aria-describedby': 'consent-hint consent-error' },
      h('legend', {}, t('intake.consent_legend')),
      h('p', { class: 'hint', id: 'consent-hint' }, editing
        ? [p.consent?.given ? t('edit.consent_given', { date: date(p.consent.date) }) : t('edit.consent_none'), ' ',
          t('edit.consent_withdraw')] : t('intake.consent_hint')),
      h('p', { class: 'error-message', id: 'consent-error', hidden: true }),
      CONSENT_SCOPES.map(([sc, key]) => h('div', { class: 'check' },
        h('input', { type: 'checkbox', id: `consent-${sc}`, name: 'consent', value: sc, checked: scope.includes(sc) }),
        h('label', { for: `consent-${sc}` }, t(key))))),
    h('div', {}, h('button', { type: 'submit' }, t(editing ? 'edit.submit' : 'intake.submit')),
      editing ? h('a', { href: `#/person/${p.id}`, class: 'button secondary' }, t('edit.cancel')) : null));
  mount(root, form);
}

// The languages a person speaks or a vacancy asks for, as checkboxes (Khmer ticked on a new record).
export function languagesFieldset(prefix, languages) {
  return h('fieldset', { id: 'field-languages' }, h('legend', {}, t('field.languages')),
    ['km', 'en', 'th'].map((l) => h('div', { class: 'check' },
      h('input', { type: 'checkbox', id: `${prefix}-${l}`, name: 'languages', value: l,
        checked: languages ? languages.includes(l) : l === 'km' }),
      h('label', { for: `${prefix}-${l}` }, t(`lang.${l}`)))));
}

export function intake() {
  personForm(view(), null, async (body) => {
    const created = await api.post('/v1/individuals', body);
    go(`#/person/${created.id}`);
  });
}

// Edit: a JSON merge patch of what changed only (docs/api-guide.md), so fields the form does not
// show, or this officer may not see, stay as they are; an emptied optional field is removed.
export async function editPerson(id) {
  const root = view();
  const p = await api.get(`/v1/individuals/${encodeURIComponent(id)}`);
  personForm(root, p, async (body) => {
    const patch = changes(p, body);
    if (Object.keys(patch).length) await api.patch(`/v1/individuals/${encodeURIComponent(id)}`, patch);
    go(`#/person/${id}`);
  });
}

const same = (a, b) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
function changes(p, body) {
  const patch = {};
  for (const name of ['given_name', 'family_name', 'sex', 'birth_date', 'province', 'district', 'commune',
    'education', 'status', 'max_commute_km', 'prior_migration', 'survivor']) {
    if (!(name in body) && !(name in p)) continue;
    if (name in body && !same(body[name], p[name])) patch[name] = body[name];
    else if (!(name in body) && p[name] !== undefined && ['family_name', 'district', 'commune', 'education',
      'max_commute_km'].includes(name)) patch[name] = null;
  }
  if (!same([...(body.languages || [])].sort(), [...(p.languages || [])].sort())) patch.languages = body.languages;
  if (!same(body.skills || [], p.skills || [])) patch.skills = body.skills || [];
  const wanted = body.desired_occupations?.[0];
  const had = p.desired_occupations || [];
  if (wanted !== had[0]) patch.desired_occupations = wanted ? [wanted, ...had.filter((c) => c !== wanted)] : had.slice(1);
  const household = {};
  const hh = p.household || {};
  // Money compares by amount and currency (a plain number is US dollars).
  const plain = (v) => (typeof v === 'object' && v !== null ? `${v.amount} ${v.currency}` : v === undefined ? v : `${v} USD`);
  for (const name of ['size', 'dependents', 'monthly_income', 'debt']) {
    const before = plain(hh[name]);
    const after = body.household?.[name];
    if (name === 'debt' && !('debt' in hh) && !('survivor' in p)) continue;  // not shown to this officer
    if (after !== undefined && plain(after) !== before) household[name] = after;
    else if (after === undefined && before !== undefined) household[name] = null;
  }
  if (Object.keys(household).length) patch.household = household;
  const scopeBefore = p.consent?.given ? [...(p.consent.scope || [])].sort() : [];
  if (!same([...body.consent.scope].sort(), scopeBefore)) patch.consent = body.consent;
  return patch;
}

function bodyOf(form) {
  const d = new FormData(form);
  const text = (name) => (d.get(name) || '').trim();
  const number = (name) => (text(name) === '' ? undefined : Number(text(name)));
  const body = { given_name: text('given_name'), sex: text('sex'), birth_date: text('birth_date'),
    province: text('province') };
  for (const name of ['family_name', 'district', 'commune', 'education', 'status']) if (text(name)) body[name] = text(name);
  body.languages = d.getAll('languages');
  const skillsChosen = [];
  for (let i = 0; d.has(`skill-${i}`); ++i) {
    if (text(`skill-${i}`)) skillsChosen.push({ code: text(`skill-${i}`), level: number(`level-${i}`) ?? 3 });
  }
  if (skillsChosen.length) body.skills = skillsChosen;
  if (text('desired_occupations')) body.desired_occupations = [text('desired_occupations')];
  if (number('max_commute_km') !== undefined) body.max_commute_km = number('max_commute_km');
  const household = {};
  if (number('household_size') !== undefined) household.size = number('household_size');
  if (number('dependents') !== undefined) household.dependents = number('dependents');
  // US dollars go as a plain number (what the API writes back for them); riel and baht as money.
  const money = (name) => {
    const currency = text(`${name}_currency`) || 'USD';
    return currency === 'USD' ? number(name) : { amount: number(name), currency, period: 'month' };
  };
  for (const name of ['monthly_income', 'debt']) if (number(name) !== undefined) household[name] = money(name);
  if (Object.keys(household).length) body.household = household;
  if (form.querySelector('#survivor')) {
    body.prior_migration = d.get('prior_migration') === 'on';
    body.survivor = d.get('survivor') === 'on';
  }
  const scope = d.getAll('consent');
  body.consent = { given: scope.length > 0, date: today(), scope };
  return body;
}

// Shows each error of a problem+json (or of the checks made here) in the summary at the top and
// at its field; `fieldOf` maps an error's JSON pointer to the id of the field.
export function showErrors(form, summary, e, fieldOf = FIELD_OF_PATH) {
  const errors = e.errors.length ? e.errors : [{ path: '', message: e.message }];
  mount(summary, h('h2', {}, t('intake.errors')), h('ul', {}, errors.map((err) => {
    const name = fieldOf(err.path);
    const at = name && form.querySelector(`#${CSS.escape(name)}-error`);
    if (at) {
      at.hidden = false;
      at.textContent = at.textContent ? `${at.textContent}; ${err.message}` : err.message;
      form.querySelector(`#field-${CSS.escape(name)}`)?.classList.add('field-error');
      return h('li', {}, h('a', { href: `#${name}`, onclick: (ev) => {
        ev.preventDefault(); (form.querySelector(`#${CSS.escape(name)}`) || at).focus();
      } }, err.message));
    }
    return h('li', {}, err.path ? `${err.path}: ${err.message}` : err.message);
  })));
  summary.hidden = false;
  summary.focus();
}
export function clearErrors(form, summary) {
  for (const el of form.querySelectorAll('.error-message')) { el.hidden = true; el.textContent = ''; }
  for (const el of form.querySelectorAll('.field-error')) el.classList.remove('field-error');
  summary.hidden = true;
}

async function submit(form, summary, save) {
  clearErrors(form, summary);
  const body = bodyOf(form);
  // The API would refuse these too; saying so here spares a round trip and names the field.
  const missing = ['given_name', 'sex', 'birth_date', 'province'].filter((f) => !body[f])
    .map((f) => ({ path: `/${f}`, message: t('error.required', { field: t(`field.${f}`) }) }));
  try {
    if (missing.length) throw new api.ApiError(400, { title: t('intake.errors'), errors: missing });
    await save(body);
  } catch (e) {
    if (!(e instanceof api.ApiError)) throw e;
    showErrors(form, summary, e);
  }
}
