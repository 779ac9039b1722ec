// The field app's growth curves past five: height-for-age and BMI-for-age go on to 19 years with no step at 60 months.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { curves } from '../../posyandu_app/static/js/chart.js';
import { ruleData } from '../../posyandu_app/static/js/rules/data.js';
import { lmsByDay, lmsByMonth } from '../../posyandu_app/static/js/rules/growth_tables.js';
import { loadForTests } from './load_data.mjs';

await loadForTests(['who_growth', 'growth_rules']);
const { days_per_month: perMonth, z_max_age_months: end, who2007 } = ruleData('growth_rules').age;
const joined = (day2006, month2007, sex) => (m) =>
  m < end ? lmsByDay(day2006, sex, Math.round(m * perMonth)) : lmsByMonth(month2007, sex, m, who2007.max_months);

for (const [d, m, label] of [['lhfa', 'hfa_2007', 'height'], ['bfa', 'bfa_2007', 'BMI']]) {
  for (const sex of ['M', 'F']) {
    test(`${label}-for-age curves run from birth to 228 months without a seam (${sex})`, () => {
      const c = curves(joined(d, m, sex), who2007.max_months, perMonth);
      const median = new Map(c[0]);
      assert.equal(c[0][0][0], 0);
      assert.equal(c[0].at(-1)[0], 228);
      // 59 -> 60 -> 61 months: the step across the join is no larger than the month before or after it
      const before = Math.abs(median.get(60) - median.get(59));
      const after = Math.abs(median.get(61) - median.get(60));
      assert.ok(before < 0.8 && after < 0.8, `median 59/60/61: ${median.get(59)} ${median.get(60)} ${median.get(61)}`);
      for (const k of [-3, -2, 2, 3]) assert.equal(c[k].length, c[0].length);
    });
  }
}
