// The API key lives in sessionStorage only (never in a URL, a cookie or a log) and is forgotten
// on sign-out and after 30 minutes without a keystroke, click or touch.
const KEY = 'homeward.key';
const ROLE = 'homeward.role';
const LAST = 'homeward.active';
export const IDLE_MS = 30 * 60 * 1000;

export function key() {
  expireIfIdle();
  return sessionStorage.getItem(KEY);
}
export function role() { return key() ? sessionStorage.getItem(ROLE) : null; }

export function signIn(apiKey, apiRole) {
  sessionStorage.setItem(KEY, apiKey);
  sessionStorage.setItem(ROLE, apiRole);
  touch();
}

export function signOut() {
  sessionStorage.removeItem(KEY);
  sessionStorage.removeItem(ROLE);
  sessionStorage.removeItem(LAST);
}

export function touch() { sessionStorage.setItem(LAST, String(Date.now())); }

// True when the session was dropped for idleness.
export function expireIfIdle(now = Date.now()) {
  const last = Number(sessionStorage.getItem(LAST) || 0);
  if (sessionStorage.getItem(KEY) && now - last > IDLE_MS) {
    signOut();
    return true;
  }
  return false;
}

// Counts activity and checks idleness every minute; `onExpired` runs when the key was dropped.
export function watchIdle(onExpired) {
  for (const type of ['keydown', 'pointerdown', 'touchstart']) {
    window.addEventListener(type, () => { if (sessionStorage.getItem(KEY)) touch(); },
      { passive: true });
  }
  setInterval(() => { if (expireIfIdle()) onExpired(); }, 60 * 1000);
}
