// The phone's one clock (static/js/clock.js) and the date rules that read it, at the instants of the server's
// date matrix (tests/instants.py): month ends, the leap day, and the evening hours when Papua is already tomorrow.
import assert from 'node:assert/strict';
import { mock, test } from 'node:test';
import { now, nowIso, today } from '../../posyandu_app/static/js/clock.js';
import { group, isDue } from '../../posyandu_app/static/js/people.js';

// Run `fn` with the phone in `zone` and its clock at the UTC instant `iso`.
function at(zone, iso, fn) {
  const saved = process.env.TZ;
  process.env.TZ = zone;
  mock.timers.enable({ apis: ['Date'], now: new Date(iso) });
  try {
    return fn();
  } finally {
    mock.timers.reset();
    process.env.TZ = saved;
  }
}

test("today() is the phone's own calendar date in each of Indonesia's zones", () => {
  // 31 Oct 14:50 UTC = 21:50 WIB, 22:50 WITA, 23:50 WIT: still 31 October everywhere.
  for (const zone of ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura']) {
    assert.equal(at(zone, '2026-10-31T14:50:00Z', today), '2026-10-31', zone);
  }
  // 16:00 UTC: 1 November in Papua and Bali (01:00 WIT, 00:00 WITA), still 31 October in Java (23:00 WIB).
  assert.equal(at('Asia/Jayapura', '2026-10-31T16:00:00Z', today), '2026-11-01');
  assert.equal(at('Asia/Makassar', '2026-10-31T16:00:00Z', today), '2026-11-01');
  assert.equal(at('Asia/Jakarta', '2026-10-31T16:00:00Z', today), '2026-10-31');
  // New Year's Eve 23:30 UTC is 1 January in every Indonesian zone; the leap day exists in 2028.
  assert.equal(at('Asia/Jakarta', '2026-12-31T23:30:00Z', today), '2027-01-01');
  assert.equal(at('Asia/Jayapura', '2028-02-28T16:30:00Z', today), '2028-02-29');
  // Instants stay UTC whatever the zone: recorded_at and the last sync compare across phones.
  assert.equal(at('Asia/Jayapura', '2026-10-31T16:00:00Z', nowIso), '2026-10-31T16:00:00.000Z');
  assert.equal(at('Asia/Jayapura', '2026-10-31T16:00:00Z', () => now().getTime()), Date.parse('2026-10-31T16:00:00Z'));
});

test('due this month turns over on the 1st, on month ends of every length and the leap day', () => {
  assert.equal(isDue('balita', '2026-10-31', '2026-11-01'), true);
  assert.equal(isDue('balita', '2026-11-01', '2026-11-30'), false);
  assert.equal(isDue('balita', '2027-02-01', '2027-02-28'), false);
  assert.equal(isDue('balita', '2027-02-28', '2027-03-01'), true);
  assert.equal(isDue('balita', '2028-02-29', '2028-02-29'), false);
  assert.equal(isDue('balita', '2026-12-31', '2027-01-01'), true);
  assert.equal(isDue('lansia', '2026-12-10', '2027-01-09'), true);
  // Adults once a year: due again on the same date a year later (the leap day's year ends on 1 March).
  assert.equal(isDue('dewasa', '2027-03-10', '2028-03-09'), false);
  assert.equal(isDue('dewasa', '2027-03-10', '2028-03-10'), true);
  assert.equal(isDue('dewasa', '2028-02-29', '2029-02-28'), false);
  assert.equal(isDue('dewasa', '2028-02-29', '2029-03-01'), true);
});

test('a balita until the day before 60 months, on the phone as on the server', () => {
  const child = { birth_date: '2024-02-29' };
  assert.equal(group(child, '2029-02-28'), 'balita');
  assert.notEqual(group(child, '2029-03-01'), 'balita');
  assert.equal(group({ birth_date: '2021-12-31' }, '2026-12-30'), 'balita');
  assert.notEqual(group({ birth_date: '2021-12-31' }, '2026-12-31'), 'balita');
});
