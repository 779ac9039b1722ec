// The field app assesses each kind as static/data/visit_kinds.json declares (twin module, function, inputs in
// order): results.assess() gives what a direct call of the twin gives, for the vector cases of every kind.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assess } from '../../posyandu_app/static/js/results.js';
import { assessAdultScreening } from '../../posyandu_app/static/js/rules/adult.js';
import { assessGrowth } from '../../posyandu_app/static/js/rules/growth.js';
import { assessPregnancyEpisode, assessPregnancyVisit } from '../../posyandu_app/static/js/rules/pregnancy.js';
import { all, kind, offerData, offers, openGroups, openRecords } from '../../posyandu_app/static/js/kinds.js';
import { ageYears, group } from '../../posyandu_app/static/js/people.js';
import { loadForTests, readVectors } from './load_data.mjs';
import { RULE_DATA } from './vectors.mjs';

await loadForTests([...RULE_DATA, 'visit_kinds']);

// entity -> [vector file, vector fn, the form's input from a vector input, the direct call]
const KINDS = {
  growth: ['growth.json', 'assess_growth', (i) => ({ visit: i }), (i) => assessGrowth(i)],
  pregnancy: [
    'pregnancy.json',
    'assess_pregnancy_episode',
    (i) => ({ episode: i.episode, today: i.as_of, visits: i.visits }),
    (i) => assessPregnancyEpisode(i.episode, i.as_of, i.visits || []),
  ],
  pregnancy_visit: [
    'pregnancy.json',
    'assess_pregnancy_visit',
    (i) => ({ episode: i.episode, visit: i.visit, previous: i.previous_visit_dates }),
    (i) => assessPregnancyVisit(i.episode, i.visit, i.previous_visit_dates || []),
  ],
  screening: [
    'adult.json',
    'assess_adult_screening',
    (i) => ({ person: i.person, visit: i.visit }),
    (i) => assessAdultScreening(i.person, i.visit),
  ],
};

for (const [entity, [file, fn, formInput, direct]] of Object.entries(KINDS)) {
  test(`${entity}: the declared twin call gives the twin's own answer`, async () => {
    assert.ok(kind(entity), `${entity} is declared in visit_kinds.json`);
    const cases = readVectors(file).cases.filter((c) => c.fn === fn && !c.errors && !c.expected_errors);
    assert.ok(cases.length > 0, `${file} has ${fn} cases`);
    for (const c of cases) {
      let expected;
      try {
        expected = { results: direct(c.input) };
      } catch {
        continue; // an impossible input: the form shows field errors, compared elsewhere
      }
      assert.deepEqual(await assess(entity, formInput(c.input)), expected, `${file} ${c.id}`);
    }
  });
}

test('a visit kind is append-only; the pregnancy episode is edited in place', () => {
  assert.equal(kind('growth').append_only, true);
  assert.equal(kind('pregnancy').append_only, false);
  assert.equal(kind('person'), undefined);
});

// The person page's buttons (screens/detail.js) as each kind's `offer` declares them, at the rule data's ages.
const TODAY = '2026-12-05';
function buttons(person, records = []) {
  const open = openRecords(records.map((r) => ({ person_id: person.id, ...r })));
  const pregnant = openGroups(open).has('pregnant');
  const who = { group: group(person, TODAY, pregnant), age: ageYears(person.birth_date, TODAY), open, today: TODAY };
  return offers(person, { ...who, records }).map(
    ({ route, label }) => `${route}:${label}`,
  );
}

test('the person page offers each form to whom its kind declares, ages from the rule data', async () => {
  await loadForTests(offerData());
  assert.deepEqual(offerData().sort(), [
    'adult_rules',
    'elderly_rules',
    'growth_rules',
    'postnatal_rules',
    'pregnancy_rules',
    'youth_rules',
  ]);
  const balita = ['growth:field.action_growth', 'immunization:field.action_immunization'];
  assert.deepEqual(buttons({ sex: 'M', birth_date: '2024-01-01' }), balita);
  assert.deepEqual(buttons({ sex: 'F', birth_date: '2021-12-06' }), balita); // 59 months
  // 5-18 completed years: still weighed and measured (WHO 2007 reference, growth_rules.json age.who2007)
  // and screened as a school-age child (1,826 days today: the youth rules, which start at 1,827 days like the end
  // of the growth standards, answer "Umur harus 5–18 tahun" on this one day)
  assert.deepEqual(buttons({ sex: 'F', birth_date: '2021-12-05' }), [
    'growth:field.action_growth',
    'youth:field.action_youth',
  ]); // 5 years
  assert.deepEqual(buttons({ sex: 'F', birth_date: '2016-12-05' }), [
    'growth:field.action_growth',
    'pregnancy:field.action_pregnancy',
    'youth:field.action_youth',
  ]); // 10
  assert.deepEqual(buttons({ sex: 'M', birth_date: '2011-12-05' }), [
    'growth:field.action_growth',
    'screening:field.action_adult',
    'youth:field.action_youth',
  ]); // 15
  assert.deepEqual(buttons({ sex: 'M', birth_date: '2007-12-06' }), [
    'growth:field.action_growth',
    'screening:field.action_adult',
    'youth:field.action_youth',
  ]); // 18 years 11 months
  assert.deepEqual(buttons({ sex: 'M', birth_date: '2007-12-05' }), ['screening:field.action_adult']); // 19
  const young = { entity: 'pregnancy', id: 'e0', hpht: '2026-08-01', outcome: null };
  // 17 and pregnant: no growth visit (her weight gain would read as BMI-for-age)
  assert.ok(!buttons({ sex: 'F', birth_date: '2009-06-01' }, [young]).includes('growth:field.action_growth'));
  assert.deepEqual(buttons({ sex: 'F', birth_date: '1996-05-01' }), [
    'pregnancy:field.action_pregnancy',
    'screening:field.action_adult',
  ]);
  const ongoing = { entity: 'pregnancy', id: 'e1', hpht: '2026-08-01', outcome: null };
  assert.deepEqual(buttons({ sex: 'F', birth_date: '1996-05-01' }, [ongoing]), [
    'anc:field.action_anc',
    'delivery:field.action_delivery', // the birth is recorded while she is pregnant, and closes the pregnancy
    'pregnancy:field.episode_edit',
    'screening:field.action_adult',
  ]);
  const delivered = { ...ongoing, outcome: 'delivered' };
  assert.deepEqual(buttons({ sex: 'F', birth_date: '1996-05-01' }, [delivered]), [
    'pregnancy:field.action_pregnancy',
    'screening:field.action_adult',
  ]);
  // KF: while her delivery is at most 42 days old (postnatal_rules.json kf.max_day); KN: a baby of 0-28 days
  const mother = { sex: 'F', birth_date: '1996-05-01' };
  assert.deepEqual(buttons(mother, [{ ...delivered, delivery_date: '2026-10-24' }]), [
    'pregnancy:field.action_pregnancy',
    'screening:field.action_adult',
    'kf:field.action_postnatal',
  ]); // day 42
  assert.ok(!buttons(mother, [{ ...delivered, delivery_date: '2026-10-23' }]).includes('kf:field.action_postnatal'));
  assert.deepEqual(buttons({ sex: 'M', birth_date: '2026-11-07' }), [...balita, 'kn:field.action_newborn']); // 28 days
  assert.deepEqual(buttons({ sex: 'M', birth_date: '2026-11-06' }), balita); // 29 days
  assert.deepEqual(buttons({ sex: 'F', birth_date: '1966-12-05' }), [
    'pregnancy:field.action_pregnancy',
    'screening:field.action_elderly',
  ]); // 60: the oldest mother age the rules accept, and lansia
  assert.deepEqual(buttons({ sex: 'F', birth_date: '1965-12-05' }), ['screening:field.action_elderly']); // 61
});

test('every life-cycle group has one kind whose last visit makes it due on the roster', () => {
  const due = (g) => Object.keys(all()).filter((entity) => kind(entity).due_for.includes(g));
  assert.deepEqual(['balita', 'usia_sekolah', 'pregnant', 'dewasa', 'lansia'].map(due), [
    ['growth'],
    ['growth'],
    ['pregnancy_visit'],
    ['screening'],
    ['screening'],
  ]);
  assert.deepEqual(kind('screening').group_titles, [['lansia', 'field.elderly_title']]);
  assert.equal(kind('growth').remeasure, true);
  assert.equal(kind('screening').remeasure, false);
});
