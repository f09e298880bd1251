// End-to-end tests of the web console (docs/console.md): a real homeward-server with the demo data
// on a free loopback port and a temporary database, Debian's chromium driven headless by
// playwright-core, and an axe-core check of each screen (no serious or critical violation).
//
//   node e2e/run.mjs --server BUILD/api/homeward-server --admin BUILD/admin/homeward-admin \
//     --plugins BUILD/plugins [--screenshots DIR] [--chromium /usr/bin/chromium]
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, readFileSync, openSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) =>
  (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []));
for (const needed of ['server', 'admin', 'plugins']) {
  if (!args[needed]) { console.error(`--${needed} is required`); process.exit(2); }
}
const ADMIN_KEY = 'e2e-admin-key-0123456789abcdef0123456789';
const dir = mkdtempSync(join(tmpdir(), 'homeward-console-e2e-'));
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
let failures = 0;
let server;
let browser;

function check(ok, what) {
  if (ok) { console.log(`ok   ${what}`); return; }
  failures += 1;
  console.log(`FAIL ${what}`);
}

function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

async function startServer() {
  const port = await freePort();
  const keyFile = join(dir, 'data.key');
  execFileSync(args.admin, ['create-key', '--key-file', keyFile], { stdio: 'ignore' });
  const log = openSync(join(dir, 'server.log'), 'w');
  server = spawn(args.server, ['--listen', `127.0.0.1:${port}`, '--db', join(dir, 'e2e.db'),
    '--key-file', keyFile, '--plugins', args.plugins, '--demo'],
  { env: { ...process.env, HOMEWARD_ADMIN_KEY: ADMIN_KEY }, stdio: ['ignore', log, log] });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; ++i) {
    try { if ((await fetch(`${base}/v1/health`)).ok) return base; } catch { /* not yet */ }
    if (server.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the server did not start:\n${readFileSync(join(dir, 'server.log'), 'utf8').slice(-3000)}`);
}

async function api(base, key, method, path, body) {
  const response = await fetch(base + path, { method, headers: { Authorization: `Bearer ${key}`,
    ...(body ? { 'Content-Type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

// A browser page that records what must never happen: a script error, a CSP refusal, a request
// whose URL carries the key.
async function openPage(context, key, base) {
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/.test(m.text())) page.problems.push(`CSP: ${m.text()}`);
  });
  page.on('request', (r) => { if (key && r.url().includes(key)) page.problems.push(`key in URL ${r.url()}`); });
  await page.goto(`${base}/`);
  return page;
}

async function axe(page, screen) {
  await page.evaluate(axeSource);  // through the debugger protocol: the page's CSP stays as served
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }));
  const bad = result.violations.filter((v) => ['serious', 'critical'].includes(v.impact));
  for (const v of bad) console.log(`     ${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target).join(' ')}`);
  check(bad.length === 0, `axe: no serious or critical violation on ${screen}`);
}

async function shot(page, name, fullPage = false) {
  if (!args.screenshots) return;
  mkdirSync(args.screenshots, { recursive: true });
  await page.screenshot({ path: join(args.screenshots, `${name}.png`), fullPage });
}

async function signIn(page, key) {
  await page.fill('#key', key);
  await page.click('form button[type=submit]');
  await page.waitForSelector('#signout:not([hidden])');
}

async function officerPath(base, context) {
  // A vacancy of Phnom Penh that screening cleared: the person is given its skills and occupation.
  const open = await api(base, ADMIN_KEY, 'GET', '/v1/vacancies?province=KH-12&status=open&limit=200');
  const vacancy = open.items.find((v) => v.screening.status === 'clear' && v.required_skills.length > 0
    && !v.work_abroad);
  const officer = await api(base, ADMIN_KEY, 'POST', '/v1/api-keys',
    { role: 'officer', provinces: ['KH-12'], label: 'e2e officer' });

  const page = await openPage(context, officer.key, base);
  await axe(page, 'sign-in');
  await shot(page, 'sign-in-en');
  await page.click('form button[type=submit]');
  check(await page.isVisible('#key-error:has-text("Enter your API key")'), 'sign-in without a key names the field');
  await page.fill('#key', 'not-a-key-at-all-0123456789');
  await page.click('form button[type=submit]');
  await page.waitForSelector('#key-error:has-text("not valid")');
  check(true, 'a wrong key is refused');

  await signIn(page, officer.key);
  const started = Date.now();
  await page.waitForSelector('main table');
  console.log(`     caseload shown ${Date.now() - started} ms after sign-in`);
  check(await page.evaluate(() => Object.keys(sessionStorage).includes('homeward.key')
    && !Object.keys(localStorage).some((k) => localStorage.getItem(k).length > 20)), 'the key is in sessionStorage only');
  check(await page.isVisible('nav a[href="#/intake"]') && !(await page.isVisible('nav a[href="#/keys"]')),
    'an officer sees the officer navigation');
  await axe(page, 'caseload');
  await shot(page, 'caseload-en');

  await page.selectOption('#lang', 'km');
  await page.waitForSelector('h1:has-text("បញ្ជីករណី")');
  check(await page.evaluate(() => document.documentElement.lang) === 'km', 'the page switches to Khmer');
  check(await page.isVisible('td:has-text("ភ្នំពេញ")'), 'provinces carry their Khmer names');
  await shot(page, 'caseload-km');

  await page.click('nav a[href="#/intake"]');
  await page.waitForSelector('#given_name');
  await page.click('form button[type=submit]');
  await page.waitForSelector('.error-summary:not([hidden])');
  check(await page.isVisible('#given_name-error:not([hidden])') && await page.isVisible('#birth_date-error:not([hidden])'),
    'a form without its required fields shows each error at its field');
  await axe(page, 'intake with errors');

  await page.fill('#given_name', 'សុខា');
  await page.fill('#family_name', 'ចាន់');
  await page.selectOption('#sex', 'female');
  await page.fill('#birth_date', '2001-03-15');
  await page.selectOption('#province', 'KH-12');
  await page.fill('#district', vacancy.district || 'Mean Chey');
  await page.selectOption('#education', 'lower_secondary');
  for (const [i, skill] of vacancy.required_skills.slice(0, 2).entries()) {
    await page.selectOption(`#skill-${i}`, skill.code);
    await page.fill(`#level-${i}`, '5');
  }
  await page.selectOption('#desired_occupations', vacancy.occupation);
  await page.fill('#max_commute_km', '-3');  // the API refuses it: its error shows at the field
  for (const scope of ['matching', 'referral', 'data_sharing_employer']) await page.check(`#consent-${scope}`);
  await shot(page, 'intake-km', true);
  await page.click('form button[type=submit]');
  await page.waitForSelector('#max_commute_km-error:not([hidden])');
  check(true, 'the API\'s problem+json error shows at its field (max_commute_km)');
  await page.fill('#max_commute_km', '20');
  await page.click('form button[type=submit]');
  await page.waitForSelector('h1:has-text("ចាន់ សុខា")');
  const personId = (await page.evaluate(() => location.hash)).split('/')[2];
  const stored = await api(base, ADMIN_KEY, 'GET', `/v1/individuals/${personId}`);
  check(stored.given_name === 'សុខា' && stored.consent.given && stored.consent.scope.length === 3,
    'the person is registered in Khmer with her consent');

  await page.waitForSelector('.cards .card');
  const cards = await page.$$('.cards .card');
  check(cards.length > 0, `she has explained matches (${cards.length})`);
  await page.click('.cards .card details summary');
  check(await page.$$eval('.cards .card:first-child .components tbody tr', (rows) => rows.length) > 1,
    'the first match shows its component scores');
  check(await page.$$eval('.cards .card:first-child meter', (m) => m.length) > 1, 'components are drawn as bars');
  await axe(page, 'person');
  await shot(page, 'person-km');

  const title = await page.textContent('.cards .card:first-child h3');
  await page.click('.cards .card:first-child button');
  await page.waitForSelector('.cards .card:first-child .success');
  const referrals = await api(base, ADMIN_KEY, 'GET', `/v1/referrals?individual_id=${personId}`);
  check(referrals.items.length === 1 && referrals.items[0].status === 'referred', `she is referred to ${title}`);

  await page.click('#signout');
  await page.waitForSelector('#key');
  check(await page.evaluate(() => sessionStorage.getItem('homeward.key')) === null, 'sign-out forgets the key');
  await signIn(page, officer.key);
  await page.evaluate(() => sessionStorage.setItem('homeward.active', String(Date.now() - 31 * 60 * 1000)));
  await page.reload();
  await page.waitForSelector('#key');
  check(await page.evaluate(() => sessionStorage.getItem('homeward.key')) === null,
    'after 30 minutes idle the key is forgotten');
  check(page.problems.length === 0, `no script error, CSP refusal or key in a URL ${page.problems.join('; ')}`);
  await page.close();
  return { referral: referrals.items[0], opportunity: referrals.items[0].opportunity_id };
}

async function employerPath(base, context, { referral }) {
  const vacancy = await api(base, ADMIN_KEY, 'GET', `/v1/vacancies/${referral.opportunity_id}`);
  const employer = await api(base, ADMIN_KEY, 'POST', '/v1/api-keys',
    { role: 'employer', employer_id: vacancy.employer_id, label: 'e2e employer' });
  const page = await openPage(context, employer.key, base);
  await page.selectOption('#lang', 'en');
  await signIn(page, employer.key);
  // The demo's history may hold another សុខា referred to this employer: her row is the one
  // naming the vacancy she was referred to.
  const row = page.locator('tbody tr', { hasText: 'សុខា' }).filter({ hasText: referral.opportunity_id });
  await row.waitFor();
  check(await row.count() === 1, 'the employer sees the referral with her given name');
  await axe(page, 'employer referrals');
  await shot(page, 'employer-referrals-en');
  for (const [move, shown] of [['interviewing', 'Interviewing'], ['hired', 'Hired']]) {
    await row.locator('select').selectOption(move);
    await row.locator('button').click();
    await row.locator(`.referral-status:has-text("${shown}")`).waitFor();
  }
  const after = await api(base, ADMIN_KEY, 'GET', `/v1/referrals/${referral.id}`);
  check(after.status === 'hired', 'the employer marks the hire');
  check(page.problems.length === 0, `no script error, CSP refusal or key in a URL ${page.problems.join('; ')}`);
  await page.close();
}

async function analystPath(base, context) {
  const analyst = await api(base, ADMIN_KEY, 'POST', '/v1/api-keys',
    { role: 'analyst', provinces: ['KH-12'], label: 'e2e analyst' });
  const page = await openPage(context, analyst.key, base);
  await signIn(page, analyst.key);
  await page.waitForSelector('main table');
  await axe(page, 'dashboard');
  await shot(page, 'dashboard-en');
  await page.selectOption('#dash-province', 'KH-12');
  await page.waitForSelector('h1:has-text("Phnom Penh")');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('main button')]);
  const csv = readFileSync(await download.path(), 'utf8');
  check(download.suggestedFilename() === 'homeward-summary-KH-12.csv' && csv.split('\n').length > 2,
    `the analyst downloads the CSV (${download.suggestedFilename()}, ${csv.split('\n').length} lines)`);
  check(page.problems.length === 0, `no script error, CSP refusal or key in a URL ${page.problems.join('; ')}`);
  await page.close();
}

async function adminPath(base, context) {
  const page = await openPage(context, ADMIN_KEY, base);
  await signIn(page, ADMIN_KEY);
  await page.click('nav a[href="#/keys"]');
  await page.waitForSelector('#key-label');
  await page.fill('#key-label', 'e2e made by the console');
  await page.selectOption('#key-role', 'officer');
  await page.fill('#key-provinces', 'KH-3');
  await page.click('form button[type=submit]');
  await page.waitForSelector('#new-key');
  const shown = (await page.textContent('#new-key')).trim();
  check((await fetch(`${base}/v1/individuals?limit=1`, { headers: { Authorization: `Bearer ${shown}` } })).status === 200,
    'the admin creates a key and it is shown once, working');
  await axe(page, 'api keys');
  await shot(page, 'keys-en');
  await page.click('button:has-text("Revoke: e2e made by the console")');
  await page.waitForSelector('#key-label');
  await page.waitForFunction(() => !document.querySelector('#new-key'));
  check((await fetch(`${base}/v1/individuals?limit=1`, { headers: { Authorization: `Bearer ${shown}` } })).status === 401,
    'the admin revokes it and it no longer works');
  check(page.problems.length === 0, `no script error, CSP refusal or key in a URL ${page.problems.join('; ')}`);
  await page.close();
}

try {
  const base = await startServer();
  browser = await chromium.launch({ executablePath: args.chromium || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, acceptDownloads: true });
  const referred = await officerPath(base, context);
  await employerPath(base, context, referred);
  await analystPath(base, context);
  await adminPath(base, context);
  // 360 px wide: the caseload still fits without sideways scrolling.
  const narrow = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await openPage(narrow, ADMIN_KEY, base);
  await signIn(page, ADMIN_KEY);
  await page.waitForSelector('main table');
  check(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1),
    'the caseload fits 360 px without sideways scrolling');
  await shot(page, 'caseload-360-en');
} catch (e) {
  failures += 1;
  console.log(`FAIL ${e.stack || e}`);
  try { console.log(readFileSync(join(dir, 'server.log'), 'utf8').slice(-2000)); } catch { /* none */ }
} finally {
  if (browser) await browser.close();
  if (server) server.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
console.log(failures === 0 ? 'all console end-to-end checks passed' : `${failures} check(s) failed`);
process.exit(failures === 0 ? 0 : 1);
