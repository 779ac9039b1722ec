// Roster logic of the field app: name normalisation (twin of registry.normalize_name), duplicates, groups, search.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  findDuplicates,
  group,
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

test('life-cycle groups: balita < 5 y, lansia 60+, pregnant wins', () => {
  assert.equal(group({ birth_date: '2022-01-10' }, '2026-11-23'), 'balita');
  assert.equal(group({ birth_date: '2021-11-23' }, '2026-11-23'), 'dewasa');
  assert.equal(group({ birth_date: '1966-11-23' }, '2026-11-23'), 'lansia');
  assert.equal(group({ birth_date: '1998-01-01' }, '2026-11-23', true), 'pregnant');
});

test('due: monthly groups need a visit this calendar month, adults one a year', () => {
  assert.ok(isDue('balita', '2026-10-30', '2026-11-23'));
  assert.ok(!isDue('balita', '2026-11-02', '2026-11-23'));
  assert.ok(isDue('balita', null, '2026-11-23'));
  assert.ok(!isDue('dewasa', '2026-01-05', '2026-11-23'));
  assert.ok(isDue('dewasa', '2025-10-01', '2026-11-23'));
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
