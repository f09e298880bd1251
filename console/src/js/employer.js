// The employer's vacancies: its list with each one's status and screening, and the form that
// posts a new one or changes one, showing the screening's result and reasons once saved.
import { h, mount, view } from './dom.js';
import * as api from './api.js';
import { go } from './app.js';
import { showErrors, clearErrors, languagesFieldset } from './officer.js';
import { vacancyFacts, flagList } from './review.js';
import { t, num, provinceName, skillName, occupationName, provinces, skills, occupations } from './i18n.js';

const enc = encodeURIComponent;
const BENEFITS = ['housing', 'transport', 'meals', 'childcare', 'health_insurance', 'nssf'];
const CONTRACTS = ['permanent', 'fixed_term', 'seasonal', 'daily'];

function screeningOf(v) {
  return h('div', { class: `screening screening-${v.screening?.status}` },
    h('p', {}, `${t('review.screening')}: `, h('strong', {}, t(`screening.${v.screening?.status}`)), ' · ',
      `${t('col.status')}: `, h('strong', {}, t(`vacancy.status.${v.status}`))),
    v.screening?.flags?.length ? flagList(v.screening.flags) : null);
}

let lastSaved = null;  // the vacancy just saved, shown with its screening on the list
export async function vacancies() {
  const root = view();
  const saved = lastSaved;
  lastSaved = null;
  const list = await api.get('/v1/vacancies?limit=200');
  mount(root, h('h1', {}, t('nav.vacancies')),
    saved ? h('div', { class: 'success', role: 'status', id: 'vacancy-saved' },
      h('p', {}, t('vacancy.saved', { title: saved.title })), screeningOf(saved)) : null,
    h('p', {}, h('a', { href: '#/vacancy/new', class: 'button', id: 'post-vacancy' }, t('vacancy.post'))),
    list.items.length ? h('ul', { class: 'cards' }, list.items.map((v) => h('li', { class: 'card' },
      h('h2', { class: 'card-title' }, v.title), h('p', { class: 'muted' }, vacancyFacts(v)),
      h('p', {}, t('vacancy.filled', { n: num(v.slots_filled ?? 0), of: num(v.slots) })),
      screeningOf(v),
      h('a', { href: `#/vacancy/${v.id}`, class: 'button secondary' }, `${t('vacancy.edit')}: ${v.title}`))))
      : h('p', {}, t('vacancy.none')));
}

const FIELD_OF = (path) => {
  const parts = String(path || '').replace(/^\//, '').split('/');
  if (parts[0] === 'wage' || parts[0] === 'worker_fees') return parts[0];
  return parts[0];
};

function field(id, labelKey, control, optional) {
  return h('div', { class: 'field', id: `field-${id}` },
    h('label', { for: id }, optional ? `${t(labelKey)} ${t('intake.optional')}` : t(labelKey)),
    h('p', { class: 'error-message', id: `${id}-error`, hidden: true }), control);
}

// `id` of the vacancy to change, or none for a new one.
export async function vacancyForm(id) {
  const root = view();
  const v = id ? await api.get(`/v1/vacancies/${enc(id)}`) : null;
  const input = (name, attrs = {}) => h('input', { id: name, name, 'aria-describedby': `${name}-error`, ...attrs });
  const select = (name, values, labelOf, selected, any = t('choose')) => h('select',
    { id: name, name, 'aria-describedby': `${name}-error` },
    [any === null ? null : h('option', { value: '' }, any),
      ...values.map((x) => h('option', { value: x, selected: x === selected }, labelOf(x)))]);
  const skillCodes = skills();
  const skillRow = (i, sk) => h('div', { class: 'skill-row' },
    h('label', { for: `rskill-${i}` }, `${t('vacancy.required_skill')} ${num(i + 1)} ${t('intake.optional')}`),
    h('select', { id: `rskill-${i}`, name: `rskill-${i}` }, h('option', { value: '' }, t('choose')),
      skillCodes.map((c) => h('option', { value: c, selected: c === sk?.code }, skillName(c)))),
    h('label', { for: `rlevel-${i}` }, t('vacancy.min_level')),
    h('input', { id: `rlevel-${i}`, name: `rlevel-${i}`, type: 'number', min: 1, max: 5, value: sk?.min_level ?? 2, inputmode: 'numeric' }));
  const current = v?.required_skills || [];
  const skillRows = h('div', { id: 'required_skills' }, [...current, null].map((sk, i) => skillRow(i, sk)));
  const summary = h('div', { class: 'error-summary', role: 'alert', tabindex: '-1', hidden: true });
  const form = h('form', { novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    clearErrors(form, summary);
    const body = vacancyBody(form);
    const missing = ['title', 'occupation', 'province', 'wage', 'slots', 'hours_per_week', 'contract']
      .filter((f) => body[f] === undefined || body[f] === '')
      .map((f) => ({ path: `/${f}`, message: t('error.required', { field: t(`field.${f}`) }) }));
    try {
      if (missing.length) throw new api.ApiError(400, { errors: missing });
      const saved = v ? await api.patch(`/v1/vacancies/${enc(v.id)}`, body) : await api.post('/v1/vacancies', body);
      lastSaved = saved;
      go('#/vacancies');
    } catch (err) {
      if (!(err instanceof api.ApiError)) throw err;
      showErrors(form, summary, err, FIELD_OF);
    }
  } },
  h('h1', {}, v ? `${t('vacancy.edit')}: ${v.title}` : t('vacancy.post')),
  h('p', { class: 'hint' }, t('vacancy.hint')),
  v ? screeningOf(v) : null, summary,
  field('title', 'field.title', input('title', { required: true, value: v?.title })),
  field('description', 'field.description', h('textarea', { id: 'description', name: 'description', rows: 3,
    'aria-describedby': 'description-error' }, v?.description || ''), true),
  field('occupation', 'field.occupation', select('occupation', occupations(4), (c) => `${occupationName(c)} (${c})`, v?.occupation)),
  field('sector', 'field.sector', input('sector', { value: v?.sector, pattern: '[a-z_]+' }), true),
  field('province', 'field.province', select('province', provinces(), provinceName, v?.province)),
  field('district', 'field.district', input('district', { value: v?.district }), true),
  field('slots', 'field.slots', input('slots', { type: 'number', min: 1, inputmode: 'numeric', value: v?.slots ?? 1 })),
  h('fieldset', { id: 'field-wage' }, h('legend', {}, t('field.wage')),
    h('p', { class: 'error-message', id: 'wage-error', hidden: true }),
    h('label', { for: 'wage' }, t('money.amount')),
    input('wage', { type: 'number', min: 0, step: 'any', inputmode: 'decimal', value: v?.wage?.amount }),
    h('label', { for: 'wage_currency' }, t('money.currency')),
    select('wage_currency', ['USD', 'KHR', 'THB'], (c) => c, v?.wage?.currency || 'USD', null),
    h('label', { for: 'wage_period' }, t('money.period')),
    select('wage_period', ['month', 'day', 'hour'], (p) => t(`period.${p}`), v?.wage?.period || 'month', null)),
  field('hours_per_week', 'field.hours_per_week', input('hours_per_week',
    { type: 'number', min: 1, max: 100, inputmode: 'numeric', value: v?.hours_per_week ?? 48 })),
  field('contract', 'field.contract', select('contract', CONTRACTS, (c) => t(`contract.${c}`), v?.contract)),
  h('fieldset', { id: 'field-required_skills' }, h('legend', {}, t('vacancy.required_skills')),
    h('p', { class: 'error-message', id: 'required_skills-error', hidden: true }), skillRows,
    h('button', { type: 'button', class: 'secondary', onclick: () => skillRows.append(skillRow(skillRows.children.length)) },
      t('intake.add_skill'))),
  field('min_age', 'field.min_age', input('min_age', { type: 'number', min: 15, max: 65, inputmode: 'numeric', value: v?.min_age ?? 18 })),
  languagesFieldset('vlang', v ? v.languages || [] : undefined),
  h('fieldset', { id: 'field-benefits' }, h('legend', {}, t('field.benefits')),
    h('p', { class: 'error-message', id: 'benefits-error', hidden: true }),
    BENEFITS.map((b) => h('div', { class: 'check' },
      h('input', { type: 'checkbox', id: `benefit-${b}`, name: 'benefits', value: b, checked: (v?.benefits || []).includes(b) }),
      h('label', { for: `benefit-${b}` }, t(`benefit.${b}`))))),
  field('worker_fees', 'field.worker_fees', input('worker_fees',
    { type: 'number', min: 0, step: 'any', inputmode: 'decimal', value: v?.worker_fees?.amount ?? 0, 'aria-describedby': 'worker_fees-hint worker_fees-error' })),
  h('p', { class: 'hint', id: 'worker_fees-hint' }, t('vacancy.fees_hint')),
  h('div', { class: 'check' }, h('input', { type: 'checkbox', id: 'employer_holds_documents', name: 'employer_holds_documents',
    checked: v?.employer_holds_documents }), h('label', { for: 'employer_holds_documents' }, t('field.employer_holds_documents'))),
  h('div', { class: 'check' }, h('input', { type: 'checkbox', id: 'work_abroad', name: 'work_abroad', checked: v?.work_abroad }),
    h('label', { for: 'work_abroad' }, t('field.work_abroad'))),
  field('starts_on', 'field.starts_on', input('starts_on', { type: 'date', value: v?.starts_on }), true),
  field('closes_on', 'field.closes_on', input('closes_on', { type: 'date', value: v?.closes_on }), true),
  h('div', {}, h('button', { type: 'submit' }, t(v ? 'vacancy.save' : 'vacancy.post')),
    h('a', { href: '#/vacancies', class: 'button secondary' }, t('edit.cancel'))));
  mount(root, form);
}

function vacancyBody(form) {
  const d = new FormData(form);
  const text = (name) => String(d.get(name) || '').trim();
  const number = (name) => (text(name) === '' ? undefined : Number(text(name)));
  const body = { title: text('title'), occupation: text('occupation'), province: text('province'),
    slots: number('slots'), hours_per_week: number('hours_per_week'), contract: text('contract') };
  if (number('wage') !== undefined) {
    body.wage = { amount: number('wage'), currency: text('wage_currency'), period: text('wage_period') };
  }
  for (const name of ['description', 'sector', 'district', 'starts_on', 'closes_on']) if (text(name)) body[name] = text(name);
  if (number('min_age') !== undefined) body.min_age = number('min_age');
  const required = [];
  for (let i = 0; d.has(`rskill-${i}`); ++i) {
    if (text(`rskill-${i}`)) required.push({ code: text(`rskill-${i}`), min_level: number(`rlevel-${i}`) ?? 1 });
  }
  body.required_skills = required;
  body.languages = d.getAll('languages');
  body.benefits = d.getAll('benefits');
  body.worker_fees = { amount: number('worker_fees') ?? 0, currency: text('wage_currency') || 'USD', period: 'month' };
  body.employer_holds_documents = d.get('employer_holds_documents') === 'on';
  body.work_abroad = d.get('work_abroad') === 'on';
  return body;
}
