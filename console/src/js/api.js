// The console's only way to the server: the public API under /v1 with the user's key in the
// Authorization header, answers in the chosen language where the API has them.
import * as session from './session.js';
import { lang } from './i18n.js';

export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
  }
  // The problem's field errors: [{path, message}].
  get errors() { return Array.isArray(this.problem.errors) ? this.problem.errors : []; }
}

export async function call(method, path, body, { key = session.key(), accept } = {}) {
  const headers = { 'Accept-Language': lang() };
  if (key) headers.Authorization = `Bearer ${key}`;
  if (accept) headers.Accept = accept;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body),
    cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer',
  });
  if (response.status === 204) return null;
  const type = response.headers.get('Content-Type') || '';
  const payload = type.includes('json') ? await response.json().catch(() => null)
    : await response.text();
  if (!response.ok) throw new ApiError(response.status, typeof payload === 'object' ? payload : null);
  return payload;
}

export const get = (path, options) => call('GET', path, undefined, options);
export const post = (path, body) => call('POST', path, body);
export const patch = (path, body) => call('PATCH', path, body);
export const del = (path) => call('DELETE', path);

// Query string from an object, skipping empty values.
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

// The role and scope of a key, as GET /v1/me answers them (never the key itself).
export async function roleOf(key) {
  try {
    const me = await get('/v1/me', { key });
    return { role: me.role, provinces: me.provinces, employerId: me.employer_id, label: me.label };
  } catch (e) {
    if (e instanceof ApiError) return { error: e.status };
    throw e;
  }
}
