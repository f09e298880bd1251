// End-to-end tests of the web console (docs/console.md): a real homeward-server with the demo data
// on a free loopback port and a temporary database, Debian's chromium driven headless by
// playwright-core, and an axe-core check of each screen (no serious or critical violation).
//
//   node e2e/run.mjs --server BUILD/api/homeward-server --admin BUILD/admin/homeward-admin \
//     --plugins BUILD/plugins [--plugin-trust-key BUILD/plugin-dev-key.pub] [--screenshots DIR]
//     [--chromium /usr/bin/chromium]
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
    '--key-file', keyFile, '--plugins', args.plugins, '--demo',
    ...(args['plugin-trust-key'] ? ['--plugin-trust-key', args['plugin-trust-key']] : [])],
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
  await page.click('details.distribution summary');
  check(await page.$$eval('details.distribution svg[role=img] rect', (r) => r.length) === 4,
    'the caseload shows its vulnerability distribution in four bands');
  await axe(page, 'caseload');
  // The caseload reads a page at a time with the status filter on the server; Show more, pressed
  // from the keyboard, follows next_cursor and moves focus to the first person it added.
  const firstPage = await api(base, officer.key, 'GET', '/v1/individuals?status=active&limit=50');
  const before = await page.$$eval('main tbody tr', (r) => r.length);
  check(firstPage.next_cursor && before === firstPage.items.length && await page.isVisible('#caseload-more'),
    `the caseload shows the first page (${before} people) and offers Show more`);
  await page.focus('#caseload-more');
  const [nextPage] = await Promise.all([page.waitForRequest((r) => r.url().includes('/v1/individuals?')),
    page.keyboard.press('Enter')]);
  await page.waitForFunction((n) => document.querySelectorAll('main tbody tr').length > n, before);
  const after = await page.$$eval('main tbody tr', (r) => r.length);
  const focused = await page.evaluate(() => document.activeElement?.tagName === 'A'
    && document.activeElement.closest('tbody') !== null);
  const asked = new URL(nextPage.url()).searchParams;
  check(after > before && focused && asked.get('status') === 'active' && asked.get('cursor') === firstPage.next_cursor,
    `Show more loads the next page (${after} people, status and cursor sent to the API) and focuses the first new person`);

  await page.selectOption('#lang', 'km');
  await page.waitForSelector('h1:has-text("បញ្ជីករណី")');
  check(await page.evaluate(() => document.documentElement.lang) === 'km', 'the page switches to Khmer');
  check(await page.isVisible('td:has-text("ភ្នំពេញ")'), 'provinces carry their Khmer names');

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
  const reasons = await page.$$eval('.cards .card:first-child .components tbody tr td:last-child',
    (cells) => cells.map((cell) => cell.textContent));
  check(reasons.length > 0 && reasons.every((text) => /[\u1780-\u17FF]/.test(text)),
    `the API explains each component in Khmer (${reasons[0]})`);
  await axe(page, 'person');

  const title = await page.textContent('.cards .card:first-child h3');
  await page.click('.cards .card:first-child button');
  await page.waitForSelector('.cards .card:first-child .success');
  const referrals = await api(base, ADMIN_KEY, 'GET', `/v1/referrals?individual_id=${personId}`);
  check(referrals.items.length === 1 && referrals.items[0].status === 'referred', `she is referred to ${title}`);

  await officerEdits(page, base, personId);
  await officerBoard(page, base, personId);
  await officerReview(page, base);
  await officerAllocation(page, base);

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

// Edit: the form comes filled, an API error shows at its field, only the change is saved and the
// consent is shown on her page.
async function officerEdits(page, base, personId) {
  await page.click('#edit-person');
  await page.waitForSelector('#commune');
  check(await page.inputValue('#given_name') === 'សុខា' && await page.isChecked('#consent-data_sharing_employer'),
    'the edit form comes filled, her consent ticked');
  await page.fill('#max_commute_km', '-5');
  await page.click('form button[type=submit]');
  await page.waitForSelector('#max_commute_km-error:not([hidden])');
  check(true, 'an edit refused by the API shows its error at the field');
  await axe(page, 'edit person with an error');
  await page.fill('#max_commute_km', '15');
  await page.fill('#commune', 'ស្ទឹងមានជ័យ');
  await page.fill('#household_size', '4');
  await page.fill('#monthly_income', '800000');
  await page.selectOption('#monthly_income_currency', 'KHR');
  await page.click('form button[type=submit]');
  await page.waitForSelector('#consent-shown li');
  const after = await api(base, ADMIN_KEY, 'GET', `/v1/individuals/${personId}`);
  check(after.commune === 'ស្ទឹងមានជ័យ' && after.household.size === 4 && after.max_commute_km === 15
    && after.consent.scope.length === 3, 'the edit saves her commune, household and travel, her consent unchanged');
  check(after.household.monthly_income?.amount === 800000 && after.household.monthly_income.currency === 'KHR',
    `her household income is kept in riel (${JSON.stringify(after.household.monthly_income)})`);
  check(await page.$$eval('#consent-shown li', (li) => li.length) === 3, 'her page shows the consent she gave');
  await page.waitForSelector('#person-referrals td[data-label]');
  check(await page.locator('#person-referrals tbody tr').count() === 1, 'her page lists her referral');
}

// The board: follow-ups due first, then one group per status; a check-in on a due follow-up.
async function officerBoard(page, base, personId) {
  await page.click('nav a[href="#/referrals"]');
  await page.waitForSelector('#follow-ups');
  check(await page.locator(`#group-referred a[data-person="${personId}"]`).count() === 1,
    'the board shows her referral in the Referred group');
  const groups = await page.$$eval('.group', (g) => g.length);
  check(groups >= 3, `the board groups referrals by status (${groups} groups)`);
  const due = await page.$$('#follow-ups details');
  if (due.length) {
    const form = page.locator('#follow-ups details').first();
    await form.locator('summary').click();
    await form.locator('select').first().selectOption('yes');
    await form.locator('button[type=submit]').click();
    await form.locator('.success, .error-summary, .error-message').first().waitFor();
    check(await form.locator('.success').count() === 1, `a check-in on a due follow-up is saved (${due.length} due)`);
  } else {
    check(true, 'no follow-up due in the officer\'s province (no check-in to record)');
  }
  await axe(page, 'referral board');
}

// The review queue: a note is required; approving takes the vacancy out of the queue.
async function officerReview(page, base) {
  await page.click('nav a[href="#/review"]');
  await page.waitForSelector('#review-province');
  await page.selectOption('#review-province', 'KH-12');
  await page.click('main form button[type=submit]');
  await page.waitForSelector('main p[role=status]');
  await page.waitForFunction(() => document.querySelector('#review-province')?.value === 'KH-12');
  const cards = await page.$$('main .cards .card');
  await axe(page, 'vacancy review queue');
  if (!cards.length) { check(true, 'no vacancy of Phnom Penh waits for review'); return; }
  const card = page.locator('main .cards .card').first();
  const title = (await card.locator('h2').textContent()).trim();
  await card.locator('button').first().click();
  await card.locator('.error-message:not([hidden])').waitFor();
  check(true, 'approving without a note names the missing note');
  await card.locator('textarea').fill('ពិនិត្យជាមួយនិយោជកតាមទូរស័ព្ទ');
  await card.locator('button').first().click();
  await card.locator('.success').waitFor();
  const pending = await api(base, ADMIN_KEY, 'GET', '/v1/vacancies?province=KH-12&status=pending_review&limit=500');
  check(!pending.items.some((v) => v.title === title && v.review), `the officer approves "${title}" with a note`);
}

// Allocation: run for the province, see assignments and the unassigned with reasons, refer one.
async function officerAllocation(page, base) {
  await page.click('nav a[href="#/allocate"]');
  await page.waitForSelector('#alloc-province');
  await page.selectOption('#alloc-province', 'KH-12');
  await page.selectOption('#alloc-kind', 'job');
  await page.click('main form button[type=submit]');
  await page.waitForSelector('#allocation-result h2', { timeout: 120000 });
  const assigned = await page.$$('#allocation-result input[name=refer]');
  const unassigned = await page.$$eval('#allocation-result h3 + table tbody tr', (r) => r.length);
  check(assigned.length + unassigned > 0, `the allocation shows ${assigned.length} assignments and the unassigned with reasons`);
  await axe(page, 'allocation');
  if (!assigned.length) return;
  await assigned[0].check();
  await page.click('#refer-selected');
  await page.waitForSelector('#refer-summary p');
  const id = await assigned[0].getAttribute('value');
  const referrals = await api(base, ADMIN_KEY, 'GET', `/v1/referrals?individual_id=${id}&limit=500`);
  const made = referrals.items.some((r) => r.allocation_id);
  const refused = await page.$$eval('#allocation-result td[role=status] .error-message', (e) => e.length);
  check(made || refused === 1, made ? 'the ticked assignment is referred, with the allocation\'s id'
    : 'a refused referral shows the API\'s reason in its row');
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
  const row = page.locator('tbody tr', { hasText: 'សុខា' })
    .filter({ has: page.locator(`[data-opportunity="${referral.opportunity_id}"]`) });
  await row.waitFor();
  check(await row.count() === 1, 'the employer sees the referral with her given name');
  await axe(page, 'employer referrals');
  for (const [move, shown] of [['interviewing', 'Interviewing'], ['hired', 'Hired']]) {
    await row.locator('select').selectOption(move);
    await row.locator('button').click();
    await row.locator(`.referral-status:has-text("${shown}")`).waitFor();
  }
  const after = await api(base, ADMIN_KEY, 'GET', `/v1/referrals/${referral.id}`);
  check(after.status === 'hired', 'the employer marks the hire');

  // Posting a vacancy with a fee charged to the worker: screening holds it and says why.
  await page.click('nav a[href="#/vacancies"]');
  await page.click('#post-vacancy');
  await page.waitForSelector('#title');
  await page.click('form button[type=submit]');
  await page.waitForSelector('#title-error:not([hidden])');
  check(await page.isVisible('#wage-error:not([hidden])'), 'a vacancy without its required fields shows each error at its field');
  await axe(page, 'vacancy form with errors');
  await page.fill('#title', 'Sewing machine operator, night shift (e2e)');
  await page.selectOption('#occupation', vacancy.occupation);
  await page.selectOption('#province', 'KH-12');
  await page.fill('#wage', '260');
  await page.selectOption('#contract', 'permanent');
  await page.fill('#worker_fees', '50');
  await page.click('form button[type=submit]');
  await page.waitForSelector('#vacancy-saved .flags li');
  const posted = (await api(base, ADMIN_KEY, 'GET', `/v1/vacancies?employer_id=${vacancy.employer_id}&limit=500`))
    .items.find((v) => v.title === 'Sewing machine operator, night shift (e2e)');
  check(posted && posted.screening.status !== 'clear' && await page.isVisible('#vacancy-saved .flag-block, #vacancy-saved .flag-review'),
    `the employer posts a vacancy and sees its screening (${posted?.screening.status}) with its reasons`);
  await axe(page, 'employer vacancies');
  await page.click(`a[href="#/vacancy/${posted.id}"]`);
  await page.waitForSelector('#worker_fees');
  check(await page.inputValue('#worker_fees') === '50', 'the edit form comes filled');
  await page.fill('#worker_fees', '0');
  await page.click('form button[type=submit]');
  await page.waitForSelector('#vacancy-saved');
  const edited = await api(base, ADMIN_KEY, 'GET', `/v1/vacancies/${posted.id}`);
  check(edited.worker_fees.amount === 0, `the employer edits it and it is screened again (${edited.screening.status})`);
  check(page.problems.length === 0, `no script error, CSP refusal or key in a URL ${page.problems.join('; ')}`);
  await page.close();
}

async function analystPath(base, context) {
  const analyst = await api(base, ADMIN_KEY, 'POST', '/v1/api-keys',
    { role: 'analyst', provinces: ['KH-12'], label: 'e2e analyst' });
  const page = await openPage(context, analyst.key, base);
  await signIn(page, analyst.key);
  await page.waitForSelector('figure.chart svg');
  const charts = await page.$$eval('figure.chart svg[role=img]', (svgs) => svgs.filter((svg) =>
    svg.querySelectorAll('rect').length > 0 && svg.querySelector('desc').textContent.length > 0).length);
  check(charts >= 5, `the dashboard draws ${charts} charts as SVG, each with its figures in words`);
  // The figures the report gained: months by sex with their retention, and the vulnerability bands.
  const drawn = await page.$$eval('figure.chart', (figures) => Object.fromEntries(figures.map((f) => {
    const svg = f.querySelector('svg');
    const bars = [...svg.querySelectorAll('rect.bar')].filter((r) => Number(r.getAttribute('width')) > 0
      && Number(r.getAttribute('height')) > 12);
    return [f.querySelector('figcaption').textContent,
      { rows: svg.querySelector('desc').textContent.split('; ').length, bars: bars.length,
        desc: svg.querySelector('desc').textContent }];
  })));
  const find = (start) => Object.entries(drawn).find(([caption]) => caption.startsWith(start))?.[1];
  const placed = find('Placements by month');
  const kept3 = find('Still in the job at 3 months');
  const bands = find('Active people by vulnerability');
  check(placed?.rows === 24 && placed.bars > 0 && kept3?.rows === 24 && kept3.bars > 0 && find('Still in the job at 6 months'),
    `the dashboard draws placements and retention by month and sex (${placed?.bars} and ${kept3?.bars} bars over 24 months)`);
  check(bands?.bars > 0 && /0–24: [\d,]+, 25–49: [\d,]+, 50–74: [\d,]+, 75–100: [\d,]+/.test(bands.desc),
    `the dashboard draws the active people by vulnerability band (${bands?.desc})`);
  await axe(page, 'dashboard');
  await page.selectOption('#dash-province', 'KH-12');
  await page.waitForSelector('h1:has-text("Phnom Penh")');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#csv')]);
  const csv = readFileSync(await download.path(), 'utf8');
  check(download.suggestedFilename() === 'homeward-summary-KH-12.csv' && csv.split('\n').length > 2,
    `the analyst downloads the CSV (${download.suggestedFilename()}, ${csv.split('\n').length} lines)`);

  await page.click('nav a[href="#/market"]');
  await page.selectOption('#market-province', 'KH-12');
  await page.click('main form button[type=submit]');
  await page.waitForSelector('#living_wage');
  const before = await api(base, analyst.key, 'GET', '/v1/provinces/KH-12/market');
  await axe(page, 'market data');
  await page.fill('#living_wage', '-1');
  await page.click('#market-saved-wrap form button[type=submit]');
  await page.waitForSelector('.error-summary:not([hidden])');
  check(true, 'a market figure the API refuses shows its error');
  await page.fill('#living_wage', String(before.living_wage + 5));
  await page.fill('#demand-0-0', '1.5');
  // A sector the province did not have, added from the keyboard: the button puts focus on its name.
  await page.focus('#add-sector');
  await page.keyboard.press('Enter');
  check(await page.evaluate(() => document.activeElement?.id === 'new-sector-0'), 'Add a sector focuses the new name');
  await page.keyboard.type('security');
  await page.fill('#new-demand-0-11', '1.3');
  await axe(page, 'market data with a new sector');
  await page.click('#market-saved-wrap form button[type=submit]');
  await page.waitForSelector('#market-saved .success');
  const replaced = await api(base, analyst.key, 'GET', '/v1/provinces/KH-12/market');
  check(replaced.living_wage === before.living_wage + 5 && replaced.version > (before.version ?? 0)
    && Object.values(replaced.sector_demand)[0][0] === 1.5
    && JSON.stringify(Object.values(replaced.sector_demand)[0].slice(1)) === JSON.stringify(Object.values(before.sector_demand)[0].slice(1)),
  `the analyst replaces the living wage and one month's sector demand (version ${replaced.version}), the rest kept`);
  check(!before.sector_demand.security && JSON.stringify(replaced.sector_demand.security) === JSON.stringify([...Array(11).fill(1), 1.3]),
    `the analyst adds a sector with its months (${JSON.stringify(replaced.sector_demand.security)})`);
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
  await page.click('button:has-text("Revoke: e2e made by the console")');
  await page.waitForSelector('#key-label');
  await page.waitForFunction(() => !document.querySelector('#new-key'));
  check((await fetch(`${base}/v1/individuals?limit=1`, { headers: { Authorization: `Bearer ${shown}` } })).status === 401,
    'the admin revokes it and it no longer works');

  await page.click('nav a[href="#/plugins"]');
  await page.waitForSelector('main .cards .card');
  const plugins = await page.$$eval('main .cards .card', (c) => c.length);
  await axe(page, 'plugins');
  await page.click('#reload');
  await page.waitForSelector('#reload-status .success', { timeout: 120000 });
  check(plugins > 0, `the admin sees ${plugins} plugins with their state and reloads them`);

  await page.click('nav a[href="#/audit"]');
  await page.waitForSelector('#audit-action');
  await page.fill('#audit-action', 'api_key.revoke');
  await page.click('main form button[type=submit]');
  await page.waitForFunction(() => document.querySelector('#audit-action')?.value === 'api_key.revoke'
    && document.querySelectorAll('main tbody tr').length > 0);
  const actions = await page.$$eval('main tbody tr td:nth-child(3)', (td) => [...new Set(td.map((x) => x.textContent))]);
  check(actions.length === 1 && actions[0] === 'api_key.revoke', `the audit log filters by action (${actions.join(', ')})`);
  await axe(page, 'audit log');
  check(page.problems.length === 0, `no script error, CSP refusal or key in a URL ${page.problems.join('; ')}`);
  await page.close();
}

// Screenshots of every main screen in English and Khmer (docs/console/, shown in the README).
async function screenshotTour(browser, base) {
  const employerOf = (await api(base, ADMIN_KEY, 'GET', '/v1/vacancies?province=KH-12&status=open&limit=1')).items[0].employer_id;
  const keyOf = async (body) => (await api(base, ADMIN_KEY, 'POST', '/v1/api-keys', { label: 'e2e screenshots', ...body })).key;
  const person = (await api(base, ADMIN_KEY, 'GET', '/v1/individuals?province=KH-12&status=active&limit=1')).items[0].id;
  const tours = [
    [await keyOf({ role: 'officer', provinces: ['KH-12'] }), [['caseload', '#/caseload'], ['person', `#/person/${person}`],
      ['edit', `#/person/${person}/edit`], ['intake', '#/intake'], ['referrals', '#/referrals'], ['review', '#/review'],
      ['allocation', '#/allocate']]],
    [await keyOf({ role: 'employer', employer_id: employerOf }), [['employer-referrals', '#/referrals'],
      ['vacancies', '#/vacancies'], ['vacancy-form', '#/vacancy/new']]],
    [await keyOf({ role: 'analyst', provinces: ['KH-12'] }), [['dashboard', '#/dashboard'], ['market', '#/market']]],
    [ADMIN_KEY, [['keys', '#/keys'], ['plugins', '#/plugins'], ['audit', '#/audit']]],
  ];
  for (const lang of ['en', 'km']) {
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    for (const [key, screens] of tours) {
      const page = await openPage(context, key, base);
      await page.selectOption('#lang', lang);
      if (key === ADMIN_KEY) await shot(page, `sign-in-${lang}`);
      await signIn(page, key);
      for (const [name, hash] of screens) {
        await page.evaluate((h) => { location.hash = h; }, hash);
        await page.waitForSelector('main h1');
        await page.waitForLoadState('networkidle');
        if (hash === '#/market') {
          await page.selectOption('#market-province', 'KH-12');
          await page.click('main form button[type=submit]');
          await page.waitForSelector('#living_wage');
        }
        if (hash === '#/allocate') {
          await page.selectOption('#alloc-province', 'KH-12');
          await page.click('main form button[type=submit]');
          await page.waitForSelector('#allocation-result h2', { timeout: 120000 });
        }
        if (['referrals', 'employer-referrals', 'allocation'].includes(name)) {
          await page.waitForSelector('main [data-named]', { timeout: 120000 }).catch(() => {});
        }
        if (name === 'person' && await page.$('.cards .card details summary')) await page.click('.cards .card details summary');
        await shot(page, `${name}-${lang}`);
      }
      await page.close();
    }
    await context.close();
  }
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
  // 360 px wide: every screen fits without sideways scrolling.
  const narrow = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await openPage(narrow, ADMIN_KEY, base);
  await signIn(page, ADMIN_KEY);
  await page.waitForSelector('main table');
  await shot(page, 'caseload-360-en');
  const wide = [];
  for (const hash of ['#/caseload', '#/intake', '#/referrals', '#/review', '#/allocate', '#/dashboard', '#/market',
    '#/keys', '#/plugins', '#/audit']) {
    await page.evaluate((h) => { location.hash = h; }, hash);
    await page.waitForSelector('main h1');
    await page.waitForLoadState('networkidle');
    if (!await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)) wide.push(hash);
  }
  check(wide.length === 0, `every screen fits 360 px without sideways scrolling ${wide.join(' ')}`);
  if (args.screenshots) await screenshotTour(browser, base);
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
