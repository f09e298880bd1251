// The referral board (officer, admin, employer): referrals grouped by status, the follow-ups due
// first (officers and admins), each moved on in place; a due follow-up takes a check-in.
import { h, mount, view } from './dom.js';
import * as api from './api.js';
import * as session from './session.js';
import { t, num, date } from './i18n.js';
import { fillNames } from './names.js';

// The moves the API allows (docs/referrals.md): jobs and trainings, and programmes.
const NEXT = {
  proposed: ['referred', 'withdrawn'], referred: ['interviewing', 'rejected', 'withdrawn'],
  interviewing: ['hired', 'rejected', 'withdrawn'], hired: ['retained_3m', 'left'],
  retained_3m: ['retained_6m', 'left'],
};
const NEXT_PROGRAMME = {
  proposed: ['referred', 'withdrawn'], referred: ['enrolled', 'withdrawn'], enrolled: ['completed', 'left', 'withdrawn'],
  completed: ['income_verified_6m', 'left'],
};
const ORDER = ['proposed', 'referred', 'interviewing', 'enrolled', 'hired', 'completed', 'retained_3m', 'retained_6m',
  'income_verified_6m', 'left', 'rejected', 'withdrawn'];
const CLOSED = new Set(['retained_6m', 'income_verified_6m', 'left', 'rejected', 'withdrawn']);
// Retention is an officer's word (an employer gets 403): the employer is not offered it.
const EMPLOYER_MAY = new Set(['interviewing', 'hired', 'rejected', 'left']);

function movesOf(r) {
  const moves = (r.kind === 'programme' ? NEXT_PROGRAMME : NEXT)[r.status] || [];
  return session.role() === 'employer' ? moves.filter((m) => EMPLOYER_MAY.has(m)) : moves;
}

function row(r, due) {
  const status = h('span', { class: 'referral-status' }, t(`referral.status.${r.status}`));
  const selectId = `move-${r.id}${due ? '-due' : ''}`;
  const moveOptions = () => movesOf(r).map((m) => h('option', { value: m }, t(`referral.status.${m}`)));
  const select = h('select', { id: selectId }, moveOptions());
  const message = h('span', { role: 'status' });
  const followUp = h('span', {}, date(r.follow_up_on));
  const move = h('button', { type: 'button', class: 'secondary', onclick: async () => {
    try {
      const updated = await api.patch(`/v1/referrals/${encodeURIComponent(r.id)}`, { status: select.value });
      Object.assign(r, updated);
      status.textContent = t(`referral.status.${updated.status}`);
      followUp.textContent = date(updated.follow_up_on);
      message.textContent = '';
      mount(select, moveOptions());
      select.disabled = move.disabled = movesOf(r).length === 0;
    } catch (e) { message.textContent = t('error.generic', { detail: e.message }); }
  } }, t('referral.move'));
  const who = r.individual?.given_name || r.individual_id;
  const employer = session.role() === 'employer';
  const main = h('tr', {},
    h('td', { 'data-label': t('col.name') }, employer ? who
      : h('a', { href: `#/person/${r.individual_id}`, dataset: { person: r.individual_id } }, who)),
    h('td', { 'data-label': t('referral.opportunity'), dataset: { opportunity: r.opportunity_id } },
      r.opportunity?.title || r.opportunity_id),
    h('td', { 'data-label': t('col.status') }, status),
    h('td', { 'data-label': t('col.follow_up'), class: r.follow_up_on ? 'date' : 'hide-narrow' }, followUp),
    h('td', {}, movesOf(r).length ? [h('label', { for: selectId, class: 'visually-hidden' }, t('referral.move')), select, move] : null,
      message));
  return due ? [main, h('tr', { class: 'follow' }, h('td', { colspan: 5 }, checkInForm(r, followUp)))] : main;
}

// Every page of a list, up to `max` items.
async function all(path, max = 2000) {
  const items = [];
  let cursor = null;
  do {
    const page = await api.get(`${path}${path.includes('?') ? '&' : '?'}limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    items.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor && items.length < max);
  return items;
}

function table(rows) {
  return h('table', { class: 'stack' }, h('thead', {}, h('tr', {},
    h('th', { scope: 'col' }, t('col.name')), h('th', { scope: 'col' }, t('referral.opportunity')),
    h('th', { scope: 'col' }, t('col.status')), h('th', { scope: 'col' }, t('col.follow_up')),
    h('th', { scope: 'col' }, t('referral.move')))), h('tbody', {}, rows));
}

// A check-in with a placed person (POST /v1/referrals/{id}/check-ins): each answer may stay
// unasked; the answer names the forced-labour indicators it shows.
const ANSWERS = ['paid_on_time', 'paid_in_full', 'documents_held_by_employer', 'free_to_leave',
  'threatened_or_punished', 'owes_employer'];
function checkInForm(r, followUp) {
  const id = (name) => `ci-${r.id}-${name}`;
  const result = h('div', { role: 'status' });
  const form = h('form', { class: 'check-in', onsubmit: async (e) => {
    e.preventDefault();
    const d = new FormData(form);
    const answers = {};
    for (const a of ANSWERS) if (d.get(a)) answers[a] = d.get(a) === 'yes';
    if (d.get('hours_per_week')) answers.hours_per_week = Number(d.get('hours_per_week'));
    const body = { date: d.get('date'), answers };
    if (String(d.get('note') || '').trim()) body.note = String(d.get('note')).trim();
    try {
      const made = await api.post(`/v1/referrals/${encodeURIComponent(r.id)}/check-ins`, body);
      mount(result, h('p', { class: made.indicators?.length ? 'error-summary' : 'success' },
        made.indicators?.length ? t('checkin.indicators', { list: made.indicators.map((i) => t(`indicator.${i}`)).join(', ') })
          : t('checkin.saved')));
      const updated = await api.get(`/v1/referrals/${encodeURIComponent(r.id)}`);
      followUp.textContent = date(updated.follow_up_on);
    } catch (err) { mount(result, h('p', { class: 'error-message' }, t('error.generic', { detail: err.message }))); }
  } },
  h('label', { for: id('date') }, t('checkin.date')),
  h('input', { id: id('date'), name: 'date', type: 'date', required: true, value: new Date().toISOString().slice(0, 10) }),
  ANSWERS.map((a) => [h('label', { for: id(a) }, t(`checkin.${a}`)),
    h('select', { id: id(a), name: a }, h('option', { value: '' }, t('checkin.not_asked')),
      h('option', { value: 'yes' }, t('yes')), h('option', { value: 'no' }, t('no')))]),
  h('label', { for: id('hours') }, t('checkin.hours_per_week')),
  h('input', { id: id('hours'), name: 'hours_per_week', type: 'number', min: 0, max: 168, inputmode: 'numeric' }),
  h('label', { for: id('note') }, t('checkin.note')),
  h('textarea', { id: id('note'), name: 'note', rows: 2 }),
  h('div', {}, h('button', { type: 'submit' }, t('checkin.submit'))), result);
  return h('details', {}, h('summary', {}, t('checkin.title')), form);
}

export async function referrals() {
  const root = view();
  const officer = session.role() !== 'employer';
  const [items, due] = await Promise.all([
    all('/v1/referrals'),
    officer ? api.get('/v1/referrals?follow_up_due=true&limit=500') : Promise.resolve({ items: [] }),
  ]);
  const byStatus = new Map(ORDER.map((st) => [st, []]));
  for (const r of items) (byStatus.get(r.status) || byStatus.set(r.status, []).get(r.status)).push(r);
  const sections = [...byStatus].filter(([, items]) => items.length).map(([st, items]) => {
    const heading = `${t(`referral.status.${st}`)} (${num(items.length)})`;
    const body = table(items.map((r) => row(r, false)));
    return CLOSED.has(st)
      ? h('details', { class: 'group', id: `group-${st}` }, h('summary', {}, h('h2', { class: 'inline' }, heading)), body)
      : h('section', { class: 'group', id: `group-${st}`, 'aria-labelledby': `heading-${st}` },
        h('h2', { id: `heading-${st}` }, heading), body);
  });
  mount(root, h('h1', {}, t('referrals.title')),
    officer ? h('section', { id: 'follow-ups', 'aria-labelledby': 'heading-due' },
      h('h2', { id: 'heading-due' }, `${t('referrals.due')} (${num(due.items.length)})`),
      due.items.length ? [h('p', { class: 'hint' }, t('referrals.due_hint')), table(due.items.map((r) => row(r, true)))]
        : h('p', {}, t('referrals.none_due'))) : null,
    h('nav', { 'aria-label': t('referrals.groups'), class: 'jump' }, h('ul', { class: 'tags' },
      [...byStatus].filter(([, items]) => items.length).map(([st, items]) =>
        h('li', {}, h('a', { href: `#group-${st}`, onclick: (ev) => {
          ev.preventDefault();
          const target = document.getElementById(`group-${st}`);
          if (target.tagName === 'DETAILS') target.open = true;
          target.scrollIntoView();
          target.querySelector('h2')?.setAttribute('tabindex', '-1');
          target.querySelector('h2')?.focus();
        } }, `${t(`referral.status.${st}`)} ${num(items.length)}`))))),
    sections.length ? sections : h('p', {}, t('referral.none')));
  fillNames(root);
}
