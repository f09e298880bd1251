// Names in place of the ids that referrals and allocations carry.
import * as api from './api.js';

// Names in place of ids, filled in once the board shows: the people of the caller's provinces
// (one page) and each opportunity still in play (read one by one, a few at a time).
const PATH_OF = { vac: 'vacancies', trn: 'trainings', prg: 'programmes' };
const titles = new Map();
export async function fillNames(root) {
  const cells = [...root.querySelectorAll('[data-opportunity]')];
  const wanted = [...new Set(cells.filter((c) => c.textContent === c.dataset.opportunity).map((c) => c.dataset.opportunity))]
    .filter((id) => !titles.has(id)).slice(0, 150);
  if (root.querySelector('[data-person]')) {
    const people = await api.get('/v1/individuals?limit=500').catch(() => ({ items: [] }));
    const names = new Map(people.items.map((p) => [p.id, [p.family_name, p.given_name].filter(Boolean).join(' ')]));
    for (const a of root.querySelectorAll('[data-person]')) if (names.get(a.dataset.person)) a.textContent = names.get(a.dataset.person);
  }
  const queue = [...wanted];
  await Promise.all(Array.from({ length: 4 }, async () => {
    while (queue.length) {
      const id = queue.shift();
      const path = PATH_OF[id.slice(0, 3)];
      if (!path) continue;
      try { titles.set(id, (await api.get(`/v1/${path}/${encodeURIComponent(id)}`)).title); } catch { titles.set(id, null); }
    }
  }));
  for (const cell of cells) if (titles.get(cell.dataset.opportunity)) cell.textContent = titles.get(cell.dataset.opportunity);
  root.dataset.named = 'true';  // the end-to-end test waits for it before a screenshot
}
