// The officer's province-wide screens: the vacancy review queue (screening flags and reasons,
// approve or block with a note) and the allocation run (assignments, the unassigned and their
// reasons, and referral of a reviewed selection).
import { h, mount, view } from './dom.js';
import * as api from './api.js';
import { t, num, money, provinceName, occupationName, provinces } from './i18n.js';
import { fillNames } from './names.js';

const enc = encodeURIComponent;
const state = { province: '' };

function flagList(flags) {
  return flags?.length ? h('ul', { class: 'flags' }, flags.map((f) => h('li', { class: `flag-${f.severity}` },
    h('strong', {}, `${t(`severity.${f.severity}`)}: `), f.reason || f.code,
    h('span', { class: 'muted' }, ` (${f.code}${f.source ? ` · ${f.source}` : ''})`)))) : h('p', {}, t('review.no_flags'));
}

export function vacancyFacts(v) {
  return [occupationName(v.occupation), provinceName(v.province), v.district, money(v.wage),
    v.hours_per_week ? t('vacancy.hours', { n: num(v.hours_per_week) }) : null,
    v.contract ? t(`contract.${v.contract}`) : null,
    v.worker_fees?.amount > 0 ? `${t('field.worker_fees')}: ${money(v.worker_fees)}` : null,
    v.employer_holds_documents ? t('field.employer_holds_documents') : null,
    v.work_abroad ? t('field.work_abroad') : null].filter(Boolean).join(' · ');
}
export { flagList };

function reviewCard(v) {
  const id = (name) => `review-${v.id}-${name}`;
  const result = h('div', { role: 'status' });
  const note = h('textarea', { id: id('note'), name: 'note', rows: 2, required: true, 'aria-describedby': id('error') });
  const error = h('p', { class: 'error-message', id: id('error'), hidden: true });
  const decide = (decision) => async () => {
    error.hidden = true;
    if (!note.value.trim()) {
      error.textContent = t('review.note_required');
      error.hidden = false;
      note.focus();
      return;
    }
    try {
      const after = await api.post(`/v1/vacancies/${enc(v.id)}/review`, { decision, note: note.value.trim() });
      mount(card, h('h2', { class: 'card-title' }, v.title), h('p', { class: 'success', role: 'status' },
        t('review.done', { title: v.title, status: t(`vacancy.status.${after.status}`) })));
    } catch (e) {
      mount(result, h('p', { class: 'error-message' }, t('error.generic', { detail: e.message })));
    }
  };
  const card = h('li', { class: 'card' },
    h('h2', { class: 'card-title' }, v.title),
    h('p', { class: 'muted' }, vacancyFacts(v)),
    h('p', {}, `${t('review.screening')}: `, h('strong', {}, t(`screening.${v.screening?.status}`))),
    flagList(v.screening?.flags),
    h('label', { for: id('note') }, t('review.note')), error, note,
    h('div', {}, h('button', { type: 'button', onclick: decide('approve') }, `${t('review.approve')}: ${v.title}`),
      h('button', { type: 'button', class: 'warning', onclick: decide('block') }, `${t('review.block')}: ${v.title}`)),
    result);
  return card;
}

export async function reviewQueue() {
  const root = view();
  const list = await api.get(`/v1/vacancies${api.query({ status: 'pending_review', province: state.province, limit: 200 })}`);
  const select = h('select', { id: 'review-province', name: 'province' },
    h('option', { value: '' }, t('any')), provinces().map((p) => h('option', { value: p, selected: p === state.province }, provinceName(p))));
  const form = h('form', { class: 'filters', onsubmit: (e) => { e.preventDefault(); state.province = select.value; reviewQueue(); } },
    h('div', {}, h('label', { for: 'review-province' }, t('caseload.province')), select),
    h('div', {}, h('button', { type: 'submit' }, t('caseload.apply'))));
  mount(root, h('h1', {}, t('review.title')), h('p', { class: 'hint' }, t('review.hint')), form,
    h('p', { role: 'status' }, t('review.count', { n: num(list.items.length) })),
    list.items.length ? h('ul', { class: 'cards' }, list.items.map(reviewCard)) : h('p', {}, t('review.none')));
}

// Allocation: POST /v1/allocations proposes; nothing is referred until the officer ticks the
// assignments she has reviewed and presses "Refer".
const OPPORTUNITIES = { job: ['vacancies'], training: ['trainings'], programme: ['programmes'],
  all: ['vacancies', 'trainings', 'programmes'] };
export async function allocation() {
  const root = view();
  const result = h('div', { id: 'allocation-result' });
  const province = h('select', { id: 'alloc-province', name: 'province', required: true },
    h('option', { value: '' }, t('choose')), provinces().map((p) => h('option', { value: p }, provinceName(p))));
  const kind = h('select', { id: 'alloc-kind', name: 'kind' },
    ['job', 'training', 'programme', 'all'].map((k) => h('option', { value: k }, t(`kind.${k}`))));
  const error = h('p', { class: 'error-message', id: 'alloc-province-error', hidden: true });
  const run = h('button', { type: 'submit' }, t('alloc.run'));
  const form = h('form', { class: 'filters', novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    error.hidden = true;
    if (!province.value) { error.textContent = t('error.required', { field: t('field.province') }); error.hidden = false; province.focus(); return; }
    run.disabled = true;
    mount(result, h('p', { role: 'status' }, t('alloc.running')));
    try {
      const made = await api.post('/v1/allocations', { province: province.value, kind: kind.value });
      await showAllocation(result, made);
    } catch (err) {
      mount(result, h('p', { class: 'error-summary', role: 'alert' }, t('error.generic', { detail: err.message })));
    } finally { run.disabled = false; }
  } },
  h('div', {}, h('label', { for: 'alloc-province' }, t('field.province')), error, province),
  h('div', {}, h('label', { for: 'alloc-kind' }, t('alloc.kind')), kind),
  h('div', {}, run));
  mount(root, h('h1', {}, t('alloc.title')), h('p', { class: 'hint' }, t('alloc.hint')), form, result);
}

async function namesFor(made) {
  const lists = await Promise.all([
    api.get(`/v1/individuals${api.query({ province: made.province, limit: 500 })}`).catch(() => ({ items: [] })),
    ...OPPORTUNITIES[made.kind].map((c) => api.get(`/v1/${c}${api.query({ province: made.province, limit: 500 })}`)
      .catch(() => ({ items: [] }))),
  ]);
  const people = new Map(lists[0].items.map((p) => [p.id, [p.family_name, p.given_name].filter(Boolean).join(' ')]));
  const opportunities = new Map(lists.slice(1).flatMap((l) => l.items.map((o) => [o.id, o.title])));
  return { person: (id) => people.get(id) || id, opportunity: (id) => opportunities.get(id) || id };
}

async function showAllocation(result, made) {
  const names = await namesFor(made);
  const outcome = new Map();
  const boxes = made.assignments.map((a) => h('input', { type: 'checkbox', id: `assign-${a.individual_id}`,
    name: 'refer', value: a.individual_id }));
  const referButton = h('button', { type: 'button', id: 'refer-selected', onclick: async () => {
    const chosen = made.assignments.filter((a, i) => boxes[i].checked && !boxes[i].disabled);
    const summary = document.getElementById('refer-summary');
    if (!chosen.length) { mount(summary, h('p', { class: 'error-message' }, t('alloc.none_selected'))); return; }
    referButton.disabled = true;
    let done = 0;
    for (const a of chosen) {
      const cell = outcome.get(a.individual_id);
      try {
        await api.post('/v1/referrals', { individual_id: a.individual_id, opportunity_id: a.opportunity_id,
          status: 'referred', allocation_id: made.id });
        done += 1;
        boxes[made.assignments.indexOf(a)].disabled = true;
        mount(cell, h('span', { class: 'ok' }, t('alloc.referred')));
      } catch (e) {
        mount(cell, h('span', { class: 'error-message' }, e.errors.length ? e.errors.map((x) => x.message).join('; ') : e.message));
      }
    }
    referButton.disabled = false;
    mount(summary, h('p', { class: done === chosen.length ? 'success' : 'error-summary' },
      t('alloc.referred_n', { n: num(done), of: num(chosen.length) })));
  } }, t('alloc.refer'));
  mount(result,
    h('h2', {}, t('alloc.result', { province: provinceName(made.province) })),
    h('dl', { class: 'summary' },
      h('dt', {}, t('alloc.people')), h('dd', {}, num(made.stats?.people ?? made.individuals?.length ?? 0)),
      h('dt', {}, t('alloc.opportunities')), h('dd', {}, num(made.stats?.opportunities ?? 0)),
      h('dt', {}, t('alloc.assigned')), h('dd', {}, num(made.assignments.length)),
      h('dt', {}, t('alloc.objective')), h('dd', {}, num(made.objective, 1))),
    h('h3', {}, t('alloc.assignments')),
    made.assignments.length ? [h('p', { class: 'hint' }, t('alloc.review_hint')),
      h('table', { class: 'stack' }, h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('alloc.select')),
        h('th', { scope: 'col' }, t('col.name')), h('th', { scope: 'col' }, t('referral.opportunity')),
        h('th', { scope: 'col' }, t('match.score')), h('th', { scope: 'col' }, t('alloc.outcome')))),
      h('tbody', {}, made.assignments.map((a, i) => {
        const cell = h('td', { role: 'status' });
        outcome.set(a.individual_id, cell);
        return h('tr', {}, h('td', {}, boxes[i], h('label', { for: boxes[i].id, class: 'visually-hidden' },
          `${t('alloc.select')}: ${names.person(a.individual_id)}`)),
        h('td', { 'data-label': t('col.name') }, h('a', { href: `#/person/${a.individual_id}` }, names.person(a.individual_id))),
        h('td', { 'data-label': t('referral.opportunity'), dataset: { opportunity: a.opportunity_id } },
          names.opportunity(a.opportunity_id)),
        h('td', { 'data-label': t('match.score') }, num(a.score, 0)), cell);
      }))),
      h('div', { id: 'refer-summary' }), referButton] : h('p', {}, t('alloc.no_assignments')),
    h('h3', {}, `${t('alloc.unassigned')} (${num(made.unassigned.length)})`),
    made.unassigned.length ? h('table', {}, h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('col.name')),
      h('th', { scope: 'col' }, t('match.reason')))), h('tbody', {}, made.unassigned.map((u) => h('tr', {},
      h('td', {}, h('a', { href: `#/person/${u.individual_id}` }, names.person(u.individual_id))),
      h('td', {}, t(`unassigned.${u.reason}`) === `unassigned.${u.reason}` ? u.reason : t(`unassigned.${u.reason}`))))))
      : h('p', {}, t('alloc.all_assigned')));
  result.querySelector('h2').setAttribute('tabindex', '-1');
  result.querySelector('h2').focus();
  fillNames(result);
}
