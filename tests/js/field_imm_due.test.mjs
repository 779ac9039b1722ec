// The field app's immunization due list: the next posyandu day, and who to call grouped by dusun.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dueByDusun, nextPosyanduDay } from '../../posyandu_app/static/js/screens/imm_due.js';
import { loadForTests } from './load_data.mjs';

await loadForTests(['immunization_rules', 'adult_rules']);

test('the next posyandu day: this month if not past, else next month, clamped to the month end', () => {
  assert.equal(nextPosyanduDay(10, '2026-12-09'), '2026-12-10');
  assert.equal(nextPosyanduDay(10, '2026-12-10'), '2026-12-10');
  assert.equal(nextPosyanduDay(10, '2026-12-11'), '2027-01-10');
  assert.equal(nextPosyanduDay(31, '2027-02-01'), '2027-02-28');
  assert.equal(nextPosyanduDay(31, '2028-02-01'), '2028-02-29');
  assert.equal(nextPosyanduDay(null, '2026-12-11'), null);
});

test('children due or overdue on the day, by dusun (none last), by name; the others left out', () => {
  const child = (id, name, birth, dusun) => ({ id, name, birth_date: birth, dusun, sex: 'F' });
  const people = [
    child('a', 'Ani', '2026-10-10', 'Krajan'), // 2 months on 10 Dec: DPT-HB-Hib 1 due
    child('b', 'Budi', '2026-07-10', 'Krajan'), // 5 months, nothing after birth: overdue
    child('c', 'Citra', '2026-11-11', 'Bukit'), // one day short of a month: nothing due yet
    child('d', 'Dedi', '2026-07-10', null),
    child('e', 'Eko', '2021-12-10', 'Krajan'), // five years: not a balita
  ];
  const dose = (person, antigen, n, day) => ({ entity: 'immunization', person_id: person, antigen, dose: n, visit_date: day });
  const visits = [dose('a', 'hb0', 1, '2026-10-10'), dose('a', 'bcg', 1, '2026-11-10'), dose('a', 'opv', 1, '2026-11-10'),
    dose('c', 'hb0', 1, '2026-11-11'), dose('b', 'hb0', 1, '2026-07-10')];
  const groups = dueByDusun(people, visits, '2026-12-10');
  assert.deepEqual(groups.map((g) => [g.dusun, g.children.map((c) => c.person.name)]),
    [['Krajan', ['Ani', 'Budi']], ['', ['Dedi']]]);
  const [ani, budi] = groups[0].children;
  assert.ok(ani.due.some((l) => l.code === 'dpt_hb_hib_1') && ani.overdue.length === 0);
  assert.ok(budi.overdue.some((l) => l.code === 'dpt_hb_hib_1'));
});
