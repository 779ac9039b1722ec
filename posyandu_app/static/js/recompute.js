// Pull v2 brings visits without the server's results: the phone's rule twins compute them from the measured fields
// (the shared vectors prove the twins equal). The server's promoted columns came along; where the phone's result
// differs from them the difference is kept and shown in Pengaturan (never hidden), and the server stays authoritative.
import { getMeta, setMeta, tx } from './db.js';
import { today } from './clock.js';
import { kind, ready } from './kinds.js';

const MAX_KEPT = 50; // differences kept for Pengaturan (the newest); each is also logged to the console

const num = (a, b, places) => a === b || (typeof a === 'number' && typeof b === 'number' && Math.abs(a - b) < 0.5 / 10 ** places);

// The twin's input of a stored visit, built by the twin module's function the kind names (`record_input`), as the
// form builds it. ctx: {person, visits: the person's other current visits, episode}. null: not recomputed.
export async function inputFor(entity, record, ctx) {
  const build = kind(entity)?.twin.record_input;
  if (!build) return null;
  const { preload } = await import('./results.js'); // loaded with the first result to compute, not with the shell
  const module = await preload(entity);
  return module[build](record, { ...ctx, today: ctx.today || today() });
}

const code = (x) => (x && typeof x === 'object' ? x.code ?? null : x ?? null);

// A promoted column's value read from the phone's result by its declared path ("referrals[]": a non-empty list).
function valueAt(results, path) {
  const list = path.endsWith('[]');
  let node = results;
  for (const key of (list ? path.slice(0, -2) : path).split('.')) node = node == null ? undefined : node[key];
  return list ? !!(node && node.length) : code(node);
}

// [{field, server, phone}] where the phone's result disagrees with a column the server promoted (absent = not sent).
export function differences(entity, record, results) {
  const declared = kind(entity)?.promoted_from || [];
  if (!results) return [];
  return declared
    .map(([field, path, places]) => [field, valueAt(results, path), places])
    .filter(([field, phone, places]) => {
      if (!(field in record)) return false;
      const server = record[field] ?? null;
      return places === null || places === undefined ? server !== phone : !num(server, phone, places);
    })
    .map(([field, phone]) => ({ field, server: record[field] ?? null, phone }));
}

const needsResult = (v) =>
  kind(v.entity)?.twin.record_input && v._state === 'sent' && !(v.results && Object.keys(v.results).length) && !v.local_results;

// After a pull: every downloaded visit without a result gets the phone's; differences are remembered.
export async function recomputeAll() {
  const [persons, visits] = await tx(['roster', 'visits'], 'readonly', (s, done) =>
    Promise.all([done(s.roster.getAll()), done(s.visits.getAll())]),
  );
  await ready();
  const todo = visits.filter(needsResult);
  if (!todo.length) return { computed: 0, differences: 0 };
  const { assess } = await import('./results.js');
  const personOf = new Map(persons.map((p) => [p.id, p]));
  const byPerson = new Map();
  for (const v of visits) {
    if (v.is_current === false || v.deleted_at) continue;
    if (!byPerson.has(v.person_id)) byPerson.set(v.person_id, []);
    byPerson.get(v.person_id).push(v);
  }
  const episodes = new Map(visits.filter((v) => v.entity === 'pregnancy').map((e) => [e.id, e]));
  const updated = [];
  const found = [];
  for (const v of todo) {
    const person = personOf.get(v.person_id);
    if (!person) continue;
    const input = await inputFor(v.entity, v, {
      person,
      visits: byPerson.get(v.person_id) || [],
      episode: episodes.get(v.episode_id),
    });
    if (!input) continue;
    const outcome = await assess(v.entity, input);
    if (!outcome.results) continue; // rules not on the phone yet, or an input they refuse: the server's columns stand
    updated.push({ ...v, local_results: outcome.results, _recomputed: true });
    for (const d of differences(v.entity, v, outcome.results)) found.push({ entity: v.entity, id: v.id, ...d });
  }
  await tx('visits', 'readwrite', (s) => {
    for (const v of updated) s.visits.put(v);
  });
  if (found.length) {
    console.warn('phone and server results differ', found);
    const kept = (await getMeta('recompute_differences')) || [];
    await setMeta('recompute_differences', [...found.map((d) => ({ ...d, at: today() })), ...kept].slice(0, MAX_KEPT));
  }
  return { computed: updated.length, differences: found.length };
}
