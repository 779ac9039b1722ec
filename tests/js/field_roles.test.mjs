// What a bidan measures: the ANC form shows haemoglobin, fundal height and fetal heart rate to a bidan or a
// supervisor and not to a kader, as visit_kinds.json declares (field -> roles); other fields are for everyone.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { shows } from '../../posyandu_app/static/js/kinds.js';
import { loadForTests } from './load_data.mjs';

await loadForTests(['visit_kinds']);

test('clinical ANC fields by role, everything else for everyone', () => {
  for (const field of ['hb_g_dl', 'fundal_height_cm', 'fetal_heart_rate']) {
    assert.equal(shows('pregnancy_visit', field, 'kader'), false, field);
    assert.equal(shows('pregnancy_visit', field, 'bidan'), true, field);
    assert.equal(shows('pregnancy_visit', field, 'supervisor'), true, field);
  }
  for (const field of ['weight_kg', 'muac_cm', 'systolic', 'ttd_given'])
    assert.equal(shows('pregnancy_visit', field, 'kader'), true, field);
  assert.equal(shows('growth', 'weight_kg', 'kader'), true);
});
