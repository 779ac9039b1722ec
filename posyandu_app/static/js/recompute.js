// Pull v2 brings visits without the server's results: the phone's rule twins compute them from the measured fields
// (the shared vectors prove the twins equal). The server's promoted columns came along; where the phone's result
// differs from them the difference is kept and shown in Pengaturan (never hidden), and the server stays authoritative.
import { getMeta, setMeta, tx } from './db.js';
import { today } from './clock.js';

const MAX_KEPT = 50; // differences kept for Pengaturan (the newest); each is also logged to the console

const num = (a, b, places) => a === b || (typeof a === 'number' && typeof b === 'number' && Math.abs(a - b) < 0.5 / 10 ** places);

// The twin's input of a stored visit, as its form builds it (screens/growth.js, pregnancy.js, screening.js).
// ctx: {person, visits: the person's other current visits, episode}.
export function inputFor(entity, record, ctx) {
  const { person, visits = [], episode } = ctx;
  if (entity === 'growth') {
    const earlier = visits.filter(
      (g) =>
        g.entity === 'growth' &&
        g.id !== record.id &&
        g.visit_date < record.visit_date &&
        g.weight_kg !== null &&
        g.weight_kg !== undefined,
    );
    return {
      visit: {
        sex: person.sex,
        birth_date: person.birth_date,
        visit_date: record.visit_date,
        weight_kg: record.weight_kg,
        length_cm: record.length_cm,
        measured: record.measured,
        head_cm: record.head_cm,
        muac_cm: record.muac_cm,
        oedema: !!record.oedema,
        previous_weighings: earlier.map((g) => ({ date: g.visit_date, weight_kg: g.weight_kg })),
        today: ctx.today || today(),
      },
    };
  }
  if (entity === 'pregnancy_visit') {
    if (!episode) return null;
    const previous = visits
      .filter((v) => v.entity === 'pregnancy_visit' && v.episode_id === episode.id && v.id !== record.id)
      .filter((v) => v.visit_date < record.visit_date)
      .map((v) => v.visit_date);
    const visit = { ...record, danger_signs: record.danger_signs || [], tb_symptoms: record.tb_symptoms || [] };
    return { episode: { ...episode, mother_birth_date: person.birth_date }, visit, previous };
  }
  if (entity === 'screening') return { person: { sex: person.sex, birth_date: person.birth_date }, visit: record };
  return null;
}

const code = (x) => (x && typeof x === 'object' ? x.code ?? null : x ?? null);
// What the server promoted from its result, read from the phone's result: [column, value of the phone, places].
const PROMOTED = {
  growth: (r) => [
    ['waz', r.z?.waz ?? null, 2],
    ['haz', r.z?.haz ?? null, 2],
    ['whz', r.z?.whz ?? null, 2],
    ['baz', r.z?.baz ?? null, 2],
    ['kms_code', r.kms?.code ?? null],
    ['needs_referral', !!(r.referrals && r.referrals.length)],
  ],
  pregnancy_visit: (r) => [
    ['gestational_weeks', r.gestational_age?.weeks ?? null],
    ['anc_contact', r.anc?.contact_number ?? null],
    ['needs_referral', !!(r.referrals && r.referrals.length)],
  ],
  screening: (r) => [
    ['bmi', r.bmi ? r.bmi.value : null, 1],
    ['bmi_class', r.bmi ? code(r.bmi.class) : null],
    ['bp_class', r.blood_pressure ? code(r.blood_pressure.class) : null],
    ['glucose_class', r.glucose ? code(r.glucose.class) : null],
    ['needs_referral', !!(r.referrals && r.referrals.length)],
  ],
};

// [{field, server, phone}] where the phone's result disagrees with a column the server promoted (absent = not sent).
export function differences(entity, record, results) {
  const read = PROMOTED[entity];
  if (!read || !results) return [];
  return read(results)
    .filter(([field, phone, places]) => {
      if (!(field in record)) return false;
      const server = record[field] ?? null;
      return places === undefined ? server !== phone : !num(server, phone, places);
    })
    .map(([field, phone]) => ({ field, server: record[field] ?? null, phone }));
}

const needsResult = (v) =>
  PROMOTED[v.entity] && v._state === 'sent' && !(v.results && Object.keys(v.results).length) && !v.local_results;

// After a pull: every downloaded visit without a result gets the phone's; differences are remembered.
export async function recomputeAll() {
  const [persons, visits] = await tx(['roster', 'visits'], 'readonly', (s, done) =>
    Promise.all([done(s.roster.getAll()), done(s.visits.getAll())]),
  );
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
    const input = inputFor(v.entity, v, {
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
