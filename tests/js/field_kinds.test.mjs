// The field app assesses each kind as static/data/visit_kinds.json declares (twin module, function, inputs in
// order): results.assess() gives what a direct call of the twin gives, for the vector cases of every kind.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assess } from '../../posyandu_app/static/js/results.js';
import { assessAdultScreening } from '../../posyandu_app/static/js/rules/adult.js';
import { assessGrowth } from '../../posyandu_app/static/js/rules/growth.js';
import { assessPregnancyEpisode, assessPregnancyVisit } from '../../posyandu_app/static/js/rules/pregnancy.js';
import { kind } from '../../posyandu_app/static/js/kinds.js';
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
