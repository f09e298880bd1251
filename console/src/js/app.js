// The console's entry: sign-in, the navigation of the key's role, the language switch and the
// screens by hash route (#/caseload, #/person/ID, ...), so that no key or record ever reaches a
// URL the server sees.
import { h, mount, newView, view } from './dom.js';
import * as api from './api.js';
import * as session from './session.js';
import { t, lang, setLang, loadReference } from './i18n.js';
import * as officer from './officer.js';
import * as board from './referrals.js';
import * as review from './review.js';
import * as employer from './employer.js';
import * as analyst from './analyst.js';
import * as admin from './admin.js';

const OFFICER_NAV = [['#/caseload', 'nav.caseload'], ['#/intake', 'nav.intake'], ['#/referrals', 'nav.referrals'],
  ['#/review', 'nav.review'], ['#/allocate', 'nav.allocate']];
const NAV = {
  officer: OFFICER_NAV,
  employer: [['#/referrals', 'nav.referrals'], ['#/vacancies', 'nav.vacancies']],
  analyst: [['#/dashboard', 'nav.dashboard'], ['#/market', 'nav.market']],
  admin: [...OFFICER_NAV, ['#/dashboard', 'nav.dashboard'], ['#/market', 'nav.market'], ['#/keys', 'nav.keys'],
    ['#/plugins', 'nav.plugins'], ['#/audit', 'nav.audit']],
};
const HOME = { officer: '#/caseload', employer: '#/referrals', analyst: '#/dashboard', admin: '#/caseload' };

const OFFICERS = ['officer', 'admin'];
const SCREENS = [
  [/^#\/caseload$/, OFFICERS, () => officer.caseload()],
  [/^#\/intake$/, OFFICERS, () => officer.intake()],
  [/^#\/person\/([\w-]+)$/, OFFICERS, (m) => officer.person(m[1])],
  [/^#\/person\/([\w-]+)\/edit$/, OFFICERS, (m) => officer.editPerson(m[1])],
  [/^#\/referrals$/, ['officer', 'employer', 'admin'], () => board.referrals()],
  [/^#\/review$/, OFFICERS, () => review.reviewQueue()],
  [/^#\/allocate$/, OFFICERS, () => review.allocation()],
  [/^#\/vacancies$/, ['employer'], () => employer.vacancies()],
  [/^#\/vacancy\/new$/, ['employer'], () => employer.vacancyForm()],
  [/^#\/vacancy\/([\w-]+)$/, ['employer'], (m) => employer.vacancyForm(m[1])],
  [/^#\/dashboard$/, ['analyst', 'admin'], () => analyst.dashboard()],
  [/^#\/market$/, ['analyst', 'admin'], () => analyst.market()],
  [/^#\/keys$/, ['admin'], () => admin.keys()],
  [/^#\/plugins$/, ['admin'], () => admin.plugins()],
  [/^#\/audit$/, ['admin'], () => admin.audit()],
];

let referenceLoaded = false;
async function ensureReference() {
  if (referenceLoaded) return;
  const [skills, occupations, provinces] = await Promise.all([
    fetch('/reference/skills.json').then((r) => r.json()),
    fetch('/reference/isco08.json').then((r) => r.json()),
    api.get('/v1/provinces').catch(() => ({ items: [] })),
  ]);
  loadReference({ skills: skills.skills, occupations: occupations.groups, provinces: provinces.items || provinces });
  referenceLoaded = true;
}

function renderChrome() {
  document.documentElement.lang = lang();
  document.querySelector('.skip').textContent = t('skip');
  document.getElementById('lang-label').textContent = t('language');
  document.getElementById('lang').value = lang();
  const signout = document.getElementById('signout');
  signout.textContent = t('sign_out');
  const role = session.role();
  signout.hidden = !role;
  const nav = document.getElementById('nav');
  mount(nav, role ? (NAV[role] || []).map(([href, key]) =>
    h('a', { href, 'aria-current': location.hash.startsWith(href) ? 'page' : null }, t(key))) : []);
}

function signInScreen(notice) {
  const input = h('input', { id: 'key', name: 'key', type: 'password', autocomplete: 'off',
    spellcheck: 'false', 'aria-describedby': 'key-hint', required: true, size: 40 });
  const error = h('p', { class: 'error-message', id: 'key-error', role: 'alert' });
  const form = h('form', { novalidate: true, onsubmit: async (event) => {
    event.preventDefault();
    const value = input.value.trim();
    error.textContent = '';
    if (!value) { error.textContent = t('signin.required'); input.focus(); return; }
    const found = await api.roleOf(value);
    if (found.error) {
      error.textContent = t(found.error === 429 ? 'signin.throttled' : 'signin.wrong');
      input.focus();
      return;
    }
    session.signIn(value, found.role);
    go(HOME[found.role]);
  } },
  h('h1', {}, t('signin.title')),
  notice ? h('p', { class: 'notice', role: 'status' }, notice) : null,
  h('label', { for: 'key' }, t('signin.key')),
  h('p', { class: 'hint', id: 'key-hint' }, t('signin.hint')),
  error, input, h('div', {}, h('button', { type: 'submit' }, t('signin.submit'))));
  mount(newView(), form);
  input.focus();
}

// Shows the screen at `hash` (the hashchange listener renders it).
export function go(hash) {
  if (location.hash === hash) return route();
  location.hash = hash;
}

let notice = null;
export async function route() {
  renderChrome();
  const role = session.role();
  if (!role) return signInScreen(notice);
  notice = null;
  if (!SCREENS.some(([re]) => re.test(location.hash))) return go(HOME[role]);
  for (const [re, roles, screen] of SCREENS) {
    const m = location.hash.match(re);
    if (!m) continue;
    if (!roles.includes(role)) return go(HOME[role]);
    const root = newView();
    mount(root, h('p', { role: 'status' }, t('loading')));
    try {
      await ensureReference();
      // Navigated elsewhere meanwhile: that screen owns the view now (a screen takes view() as
      // its root when it starts, and a stale one would draw over it).
      if (view() !== root) return;
      await screen(m);
    } catch (e) {
      if (e instanceof api.ApiError && e.status === 401) { session.signOut(); return route(); }
      mount(root, h('h1', {}, t('intake.errors')), h('p', { class: 'error-summary', role: 'alert' },
        e instanceof api.ApiError && e.status === 403 ? t('error.forbidden')
          : e instanceof api.ApiError && e.status === 404 ? t('error.not_found')
            : t('error.generic', { detail: e.message })));
    }
    renderChrome();
    return;
  }
}

document.getElementById('lang').addEventListener('change', (event) => {
  setLang(event.target.value);
  route();
});
document.getElementById('signout').addEventListener('click', () => {
  session.signOut();
  notice = t('signin.signed_out');
  history.replaceState(null, '', '/');
  route();
});
window.addEventListener('hashchange', route);
session.watchIdle(() => { notice = t('signin.expired'); history.replaceState(null, '', '/'); route(); });
if (session.expireIfIdle()) notice = t('signin.expired');
setLang(lang());
route();
