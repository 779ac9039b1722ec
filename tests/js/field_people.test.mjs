// Roster logic of the field app: name normalisation (twin of registry.normalize_name), duplicates, groups, search.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ruleData } from '../../posyandu_app/static/js/rules/data.js';
import { loadForTests } from './load_data.mjs';
import {
  departure,
  departureErrors,
  DUE_MONTHS,
  findDuplicates,
  group,
  GROUP_AGES,
  hasLeft,
  isDue,
  nikIsValid,
  normalizeName,
  search,
  searchKey,
  similarNames,
} from '../../posyandu_app/static/js/people.js';

const siti = {
  id: 'a',
  name: 'Siti Aminah',
  birth_date: '2024-03-01',
  mother_name: 'Rina Wati',
  nik: '3201014103240001',
};

test('names normalise like the server: titles dropped, accents and punctuation gone', () => {
  assert.equal(normalizeName('Ny. Siti  Rahma'), 'siti rahma');
  assert.equal(normalizeName("An. Muh'ammad Ré"), 'muh ammad re');
  assert.equal(normalizeName(null), '');
});

test('NIK: 16 digits with a plausible birth date (women +40)', () => {
  assert.ok(nikIsValid('3201014103240001'));
  assert.ok(!nikIsValid('3201019903240001'));
  assert.ok(!nikIsValid('32010141032400'));
});

test('same NIK is a duplicate whatever the name', () => {
  const found = findDuplicates({ id: 'b', name: 'Other', birth_date: '2020-01-01', nik: siti.nik }, [siti]);
  assert.deepEqual(
    found.map((d) => d.reason),
    ['nik'],
  );
});

test('similar name + same birth date + similar mother is a duplicate', () => {
  const found = findDuplicates(
    { id: 'b', name: 'siti aminah', birth_date: '2024-03-01', mother_name: 'Ibu Rina Wati' },
    [siti],
  );
  assert.deepEqual(
    found.map((d) => d.reason),
    ['name_birth_mother'],
  );
  const typo = findDuplicates({ id: 'c', name: 'Siti Aminnah', birth_date: '2024-03-01', mother_name: 'Rina Wati' }, [
    siti,
  ]);
  assert.equal(typo.length, 1);
});

test('a different birth date or a different mother is not a duplicate; the record itself never is', () => {
  assert.equal(
    findDuplicates({ id: 'b', name: 'Siti Aminah', birth_date: '2024-03-02', mother_name: 'Rina Wati' }, [siti]).length,
    0,
  );
  assert.equal(
    findDuplicates({ id: 'b', name: 'Siti Aminah', birth_date: '2024-03-01', mother_name: 'Dewi Lestari' }, [siti])
      .length,
    0,
  );
  assert.equal(findDuplicates({ ...siti }, [siti]).length, 0);
});

test('similar names: containment and small typos, not different people', () => {
  assert.ok(similarNames('Budi', 'Budi Santoso'));
  assert.ok(similarNames('Rizky Pratama', 'Rizki Pratama'));
  assert.ok(!similarNames('Budi Santoso', 'Agus Santoso'));
});

test('the life-cycle group ages are the rule data: balita below the WHO standards end, school age to 18, lansia as SKILAS/ADL', async () => {
  await loadForTests(['growth_rules', 'elderly_rules', 'youth_rules']);
  assert.deepEqual(GROUP_AGES, {
    balitaBelowMonths: ruleData('growth_rules').age.z_max_age_months,
    schoolBelowMonths: (ruleData('youth_rules').age.max_years + 1) * 12,
    lansiaFromMonths: ruleData('elderly_rules').age_min_years.value * 12,
  });
  assert.equal(GROUP_AGES.balitaBelowMonths, ruleData('youth_rules').age.min_years * 12);
  assert.equal(DUE_MONTHS.usia_sekolah, ruleData('youth_rules').due.interval_months);
});

test('life-cycle groups: balita < 5 y, lansia 60+, pregnant wins', () => {
  assert.equal(group({ birth_date: '2022-01-10' }, '2026-11-23'), 'balita');
  assert.equal(group({ birth_date: '2021-11-23' }, '2026-11-23'), 'usia_sekolah');
  assert.equal(group({ birth_date: '2007-11-24' }, '2026-11-23'), 'usia_sekolah'); // 18 years, one day short of 19
  assert.equal(group({ birth_date: '2007-11-23' }, '2026-11-23'), 'dewasa');
  assert.equal(group({ birth_date: '1966-11-23' }, '2026-11-23'), 'lansia');
  assert.equal(group({ birth_date: '1998-01-01' }, '2026-11-23', true), 'pregnant');
});

test('due: monthly groups need a visit this calendar month, adults one a year', () => {
  assert.ok(isDue('balita', '2026-10-30', '2026-11-23'));
  assert.ok(!isDue('balita', '2026-11-02', '2026-11-23'));
  assert.ok(isDue('balita', null, '2026-11-23'));
  assert.ok(!isDue('dewasa', '2026-01-05', '2026-11-23'));
  assert.ok(isDue('dewasa', '2025-10-01', '2026-11-23'));
  assert.ok(!isDue('usia_sekolah', '2026-01-05', '2026-11-23'));
  assert.ok(isDue('usia_sekolah', '2025-11-23', '2026-11-23'));
});

test('search by name, NIK or mother', () => {
  const entries = [siti, { id: 'b', name: 'Budi', mother_name: 'Ani' }].map((p) => ({ person: p, key: searchKey(p) }));
  assert.deepEqual(
    search(entries, 'amin').map((e) => e.person.id),
    ['a'],
  );
  assert.deepEqual(
    search(entries, '320101').map((e) => e.person.id),
    ['a'],
  );
  assert.deepEqual(
    search(entries, 'ani').map((e) => e.person.id),
    ['b'],
  );
  assert.equal(search(entries, '').length, 2);
});

const moved = { ...siti, id: 'm', left_on: '2026-11-12', left_reason: 'moved' };

test('leaving the register: a recorded date means left; missing fields (older server) mean still registered', () => {
  assert.ok(hasLeft(moved));
  assert.ok(!hasLeft(siti));
  assert.ok(!hasLeft({ ...siti, left_on: null, left_reason: null }));
  assert.deepEqual(departure(moved), { reason: 'moved', on: '2026-11-12' });
  assert.equal(departure(siti), null);
  assert.deepEqual(departure({ ...siti, left_on: '2026-10-03' }), { reason: 'other', on: '2026-10-03' });
});

test('departure checks: reason and date together, not in the future, not before birth', () => {
  const today = '2026-11-23';
  const check = (reason, on, birth = '2024-03-01') =>
    departureErrors({ left_reason: reason, left_on: on, birth_date: birth }, today);
  assert.deepEqual(check(null, null), {});
  assert.deepEqual(check('moved', '2026-11-12'), {});
  assert.deepEqual(check('died', today), {});
  assert.deepEqual(check('other', '2024-03-01'), {}, 'the day of birth itself is allowed');
  assert.deepEqual(check('moved', null), { left_on: 'required' });
  assert.deepEqual(check(null, '2026-11-12'), { left_reason: 'reason_required' });
  assert.deepEqual(check('gone', '2026-11-12'), { left_reason: 'reason_required' });
  assert.deepEqual(check('moved', '2026-11-24'), { left_on: 'future' });
  assert.deepEqual(check('died', '2024-02-29'), { left_on: 'before_birth' });
  assert.deepEqual(check('moved', '12/11/2026'), { left_on: 'invalid' });
});

test('someone who left is still found by the duplicate check and by search', () => {
  const again = { id: 'n', name: 'Siti Aminah', birth_date: '2024-03-01', mother_name: 'Rina Wati' };
  assert.deepEqual(
    findDuplicates(again, [moved]).map((d) => d.person.id),
    ['m'],
  );
  assert.deepEqual(
    search([{ person: moved, key: searchKey(moved) }], 'siti').map((e) => e.person.id),
    ['m'],
  );
});
