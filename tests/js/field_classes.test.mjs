// Class sessions (static/js/classes.js): a pasted class list read line by line, the classes the persons name.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classesOf, members, readList, sexOf } from '../../posyandu_app/static/js/classes.js';

const TODAY = '2026-12-05';
const AGES = { min_years: 5, max_years: 18 };
let n = 0;
const read = (text, persons = [], className = '5A') =>
  readList(text, {
    school: 'SD Negeri 1',
    className,
    persons,
    today: TODAY,
    posyandu: 7,
    ages: AGES,
    newId: () => `id${++n}`,
  });

test('a line per child: semicolons or tabs, dd/mm/yyyy, L/P; the class of the line wins over the form', () => {
  const rows = read('Andi Saputra; L; 14/03/2015; 5B\nSiti Aisyah\tP\t02/01/2016\t\n\n');
  assert.deepEqual(
    rows.map((r) => [r.line, r.errors, r.person.name, r.person.sex, r.person.birth_date, r.person.class_name]),
    [
      [1, [], 'Andi Saputra', 'M', '2015-03-14', '5B'],
      [2, [], 'Siti Aisyah', 'F', '2016-01-02', '5A'],
    ],
  );
  assert.equal(rows[0].person.school, 'SD Negeri 1');
  assert.equal(rows[0].person.posyandu_id, 7);
});

test('a CSV file: comma-separated, its header line skipped', () => {
  const rows = read('nama,jenis_kelamin,tanggal_lahir,kelas\nDewi Sartika,P,2015-07-01,4C');
  assert.deepEqual(
    rows.map((r) => [r.line, r.errors, r.person.name, r.person.birth_date, r.person.class_name]),
    [[2, [], 'Dewi Sartika', '2015-07-01', '4C']],
  );
});

test('each bad line says why: unknown sex, bad or future date, age outside 5-18, missing name', () => {
  const rows = read(
    'Budi; X; 14/03/2015\nCici; P; 31/02/2015\nDodi; L; 14/03/2030\nEka; P; 01/01/2024\n; L; 01/01/2015',
  );
  assert.deepEqual(
    rows.map((r) => r.errors),
    [['sex_unknown'], ['birth_bad'], ['birth_future'], ['age_outside'], ['name_missing']],
  );
});

test('a child already registered (offline duplicate check), or twice in the list, is not registered again', () => {
  const known = { id: 'k', name: 'Andi Saputra', birth_date: '2015-03-14', sex: 'M' };
  const rows = read('andi saputra; L; 14/03/2015\nRina; P; 01/02/2014\nRina; P; 01/02/2014', [known]);
  assert.deepEqual(
    rows.map((r) => r.errors),
    [['duplicate'], [], ['duplicate_in_list']],
  );
  assert.equal(rows[0].match, known);
});

test('sex words of a teacher\'s list', () => {
  assert.deepEqual(
    ['L', 'p', 'Laki-laki', 'Perempuan', 'M', 'F', 'x', ''].map(sexOf),
    ['M', 'F', 'M', 'F', 'M', 'F', null, null],
  );
});

test('classes by school, sorted naturally; who left is in no class', () => {
  const people = [
    { id: 1, name: 'B', school: 'SD 2', class_name: 'Kelas 10' },
    { id: 2, name: 'A', school: 'SD 2', class_name: 'Kelas 2' },
    { id: 3, name: 'C', school: 'SD 1', class_name: '6' },
    { id: 4, name: 'D', school: 'SD 1', class_name: '7', left_on: '2026-01-01' },
    { id: 5, name: 'E' },
  ];
  assert.deepEqual(classesOf(people), { 'SD 1': ['6'], 'SD 2': ['Kelas 2', 'Kelas 10'] });
  assert.deepEqual(members(people, 'SD 2', '').map((p) => p.id), [2, 1]);
  assert.deepEqual(members(people, 'SD 1', '7'), []);
});
