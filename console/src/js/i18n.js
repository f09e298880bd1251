// Messages in Khmer and English (i18n/km.js, i18n/en.js, the same keys side by side), the
// reference data's labels of provinces, skills and occupations, and Cambodian formats.
import en from '../i18n/en.js';
import km from '../i18n/km.js';

const catalogues = { en, km };
let current = localStorage.getItem('homeward.lang') === 'km' ? 'km' : 'en';
const reference = { provinces: new Map(), skills: new Map(), occupations: new Map() };

export function lang() { return current; }
export function setLang(code) {
  current = code === 'km' ? 'km' : 'en';
  localStorage.setItem('homeward.lang', current);  // a preference, not a secret
  document.documentElement.lang = current;
}

// The message `key` with {name} parameters filled in; the English text when Khmer lacks it.
export function t(key, params = {}) {
  const text = catalogues[current][key] ?? en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(params[name] ?? ''));
}

const KHMER_DIGITS = '០១២៣៤៥៦៧៨៩';
export function num(n, digits = 0) {
  const s = Number(n).toLocaleString('en-US', { maximumFractionDigits: digits });
  return current === 'km' ? s.replace(/[0-9]/g, (d) => KHMER_DIGITS[d]) : s;
}

// A date as Cambodia writes it: day/month/year (Khmer digits in Khmer).
export function date(iso) {
  if (!iso) return '';
  const [y, m, d] = String(iso).slice(0, 10).split('-');
  return localDigits(`${d}/${m}/${y}`);
}
// A calendar month ("2026-05") as month/year.
export function month(ym) {
  const [y, m] = String(ym).split('-');
  return localDigits(`${m}/${y}`);
}
function localDigits(s) {
  return current === 'km' ? s.replace(/[0-9]/g, (d) => KHMER_DIGITS[d]) : s;
}

// Money as {amount, currency, period}: dollars with a $ sign, riel with ៛, baht with ฿.
export function money(m) {
  if (!m) return '';
  const symbol = { USD: '$', KHR: '៛', THB: '฿' }[m.currency] || `${m.currency} `;
  const amount = num(m.amount, m.currency === 'USD' ? 2 : 0);
  const period = m.period ? ` / ${t(`period.${m.period}`)}` : '';
  return m.currency === 'KHR' ? `${amount}${symbol}${period}` : `${symbol}${amount}${period}`;
}

// Reference data: provinces from the API, skills and occupations from the reference files the
// server ships with the console (engine/data/reference).
export function loadReference({ provinces, skills, occupations }) {
  if (provinces) for (const p of provinces) reference.provinces.set(p.code, { en: p.name_en, km: p.name_km });
  if (skills) for (const s of skills) reference.skills.set(s.id, { en: s.label_en, km: s.label_km });
  if (occupations) {
    for (const o of occupations) reference.occupations.set(o.code, { en: o.title_en, km: o.title_km });
  }
}
function label(map, code) {
  const l = map.get(code);
  return l ? (l[current] || l.en) : code;
}
export const provinceName = (code) => label(reference.provinces, code);
export const skillName = (code) => label(reference.skills, code);
export const occupationName = (code) => label(reference.occupations, code);
export const provinces = () => [...reference.provinces.keys()];
export const skills = () => [...reference.skills.keys()];
export const occupations = (level = 4) =>
  [...reference.occupations.keys()].filter((code) => code.length === level);
