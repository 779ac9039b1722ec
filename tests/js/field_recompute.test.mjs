// Pull v2 on the phone: a compact page comes back as the v1 records (ids, times, nulls, defaults), and a visit
// downloaded without the server's results is recomputed by the twin; a difference with the server's promoted
// columns is reported, agreement is silent.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assess } from '../../posyandu_app/static/js/results.js';
import { expand, timeOf, uuidOf } from '../../posyandu_app/static/js/pull.js';
import { differences, inputFor } from '../../posyandu_app/static/js/recompute.js';
import { loadForTests } from './load_data.mjs';
import { RULE_DATA } from './vectors.mjs';

await loadForTests([...RULE_DATA, 'visit_kinds']);

const b64 = (uuid) => Buffer.from(uuid.replaceAll('-', ''), 'hex').toString('base64url');
const micros = (iso) => Date.parse(iso) * 1000;

test('a compact page expands into the records v1 would send', () => {
  const ids = ['0c2f8a4e-6f0e-4c4e-9a39-2f5d6f0f6c01', 'ffffffff-0000-4000-8000-00000000000a'];
  const person = '5b8e3f0a-3c1d-4b8e-9d62-0f8a4b1c2d3e';
  const t1 = micros('2026-11-20T02:21:07Z') + 412345;
  const t2 = micros('2026-11-21T00:00:00Z');
  const page = {
    v: 2,
    tables: {
      growth: {
        n: 2,
        cols: { id: ids.map(b64), person_id: [b64(person), b64(person)], weight_kg: [8.4, null], created_at: [t1, t2 - t1] },
        codes: { id: 'u', person_id: 'u', created_at: 't' },
        null: ['supersedes_id'],
        defaults: { is_current: true, status: 'submitted', version: 1 },
      },
    },
    gone: [{ e: 'person', id: 'abc', into: null }],
  };
  const [first, second, tomb] = expand(page);
  assert.deepEqual(first, {
    entity: 'growth',
    id: ids[0],
    version: 1,
    deleted: false,
    data: {
      id: ids[0],
      person_id: person,
      weight_kg: 8.4,
      created_at: '2026-11-20T02:21:07.412345+00:00',
      supersedes_id: null,
      is_current: true,
      status: 'submitted',
      version: 1,
    },
  });
  assert.equal(second.data.id, ids[1]);
  assert.equal(second.data.weight_kg, null);
  assert.equal(second.data.created_at, '2026-11-21T00:00:00+00:00'); // no fraction, as Python writes it
  assert.deepEqual(tomb, { entity: 'person', id: 'abc', version: null, deleted: true, data: { merged_into_id: null } });
  assert.equal(uuidOf(b64(person)), person);
  assert.equal(timeOf(0), '1970-01-01T00:00:00+00:00');
});

const child = { id: 'p1', sex: 'F', birth_date: '2025-01-10' };
const weighing = (id, visit_date, weight_kg) => ({
  id,
  entity: 'growth',
  person_id: 'p1',
  visit_date,
  weight_kg,
  length_cm: 74,
  measured: 'L',
  _state: 'sent',
});

test('a downloaded weighing is assessed with the child and her earlier weighings, as the form does', async () => {
  const earlier = weighing('g1', '2025-11-10', 8.6);
  const visit = weighing('g2', '2025-12-10', 8.5);
  const input = await inputFor('growth', visit, { person: child, visits: [earlier, visit], today: '2025-12-10' });
  assert.deepEqual(input.visit.previous_weighings, [{ date: '2025-11-10', weight_kg: 8.6 }]);
  assert.equal(input.visit.sex, 'F');
  const { results } = await assess('growth', input);
  assert.equal(results.kms.code, 'T'); // lost weight: the KMS needs the earlier weighing the phone supplied
  // the server promoted the same numbers: nothing to report
  const server = {
    ...visit,
    waz: results.z.waz,
    haz: results.z.haz,
    whz: results.z.whz,
    baz: results.z.baz,
    kms_code: 'T',
    needs_referral: results.referrals.length > 0,
  };
  assert.deepEqual(differences('growth', server, results), []);
  // a server column that disagrees is reported, with both values
  const found = differences('growth', { ...server, waz: server.waz + 0.3, kms_code: 'N' }, results);
  assert.deepEqual(
    found.map((d) => d.field),
    ['waz', 'kms_code'],
  );
  assert.equal(found[1].server, 'N');
  assert.equal(found[1].phone, 'T');
  // a column the server did not send (an older answer) is not a difference
  assert.deepEqual(differences('growth', visit, results), []);
});

test('a downloaded screening is assessed with the person and compared on its classes', async () => {
  const adult = { id: 'p2', sex: 'M', birth_date: '1970-01-15' };
  const visit = { id: 's1', entity: 'screening', person_id: 'p2', visit_date: '2025-12-10', weight_kg: 70, height_cm: 160, systolic: 150, diastolic: 95 };
  const { results } = await assess('screening', await inputFor('screening', visit, { person: adult }));
  const server = { ...visit, bmi: results.bmi.value, bmi_class: results.bmi.class.code, bp_class: 'normal' };
  assert.deepEqual(
    differences('screening', server, results).map((d) => d.field),
    ['bp_class'],
  );
});

test('every kind that declares a record input is recomputed from its declaration; the others are not', async () => {
  const girl = { id: 'p3', sex: 'F', birth_date: '2011-03-02' };
  const visit = { id: 'y1', entity: 'youth_screening', person_id: 'p3', visit_date: '2025-12-10', hb_g_dl: 9.5 };
  const { results } = await assess('youth_screening', await inputFor('youth_screening', visit, { person: girl }));
  const anaemia = results.haemoglobin.class.code;
  assert.notEqual(anaemia, 'normal'); // 9.5 g/dL at 14 years
  assert.deepEqual(differences('youth_screening', { ...visit, anaemia_class: anaemia, needs_referral: results.referrals.length > 0 }, results), []);
  assert.deepEqual(
    differences('youth_screening', { ...visit, anaemia_class: 'normal' }, results).map((d) => [d.server, d.phone]),
    [['normal', anaemia]],
  );
  const mother = { id: 'p4', sex: 'F', birth_date: '1995-05-05' };
  const episode = { id: 'e1', entity: 'pregnancy', person_id: 'p4', hpht: '2025-06-01', gravida: 1, para: 0, abortus: 0 };
  const anc = (id, visit_date) => ({ id, entity: 'pregnancy_visit', episode_id: 'e1', person_id: 'p4', visit_date });
  const second = anc('a2', '2025-11-01');
  const input = await inputFor('pregnancy_visit', second, { person: mother, episode, visits: [anc('a1', '2025-08-01'), second] });
  assert.deepEqual(input.previous, ['2025-08-01']);
  assert.equal(input.episode.mother_birth_date, '1995-05-05');
  assert.equal(await inputFor('pregnancy_visit', second, { person: mother, visits: [] }), null); // episode not here
  const dose = { id: 'i1', entity: 'immunization', person_id: 'p1', visit_date: '2025-12-10', antigen: 'bcg', dose: 1 };
  assert.equal(await inputFor('immunization', dose, { person: child }), null); // its card is drawn from all doses
});
