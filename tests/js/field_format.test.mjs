// Indonesian dates and numbers on the field app's forms (static/js/i18n.js), whatever the browser's locale.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dateInput, maskDate, numberInput, parseDate, parseNumber } from '../../posyandu_app/static/js/i18n.js';

test('a date is read day first, as written in the KIA book', () => {
  assert.deepEqual(parseDate('04/12/2026'), { iso: '2026-12-04' });
  assert.deepEqual(parseDate('4/12/2026'), { iso: '2026-12-04' });
  assert.deepEqual(parseDate(' 4-12-2026 '), { iso: '2026-12-04' });
  assert.deepEqual(parseDate('04.12.2026'), { iso: '2026-12-04' });
  assert.deepEqual(parseDate('12/04/2026'), { iso: '2026-04-12' }); // never mm/dd
});

test('an ISO date (pasted, or from older tests and tools) is still understood', () => {
  assert.deepEqual(parseDate('2026-12-04'), { iso: '2026-12-04' });
});

test('empty is "not given", not an error', () => {
  assert.equal(parseDate(''), null);
  assert.equal(parseDate('   '), null);
  assert.equal(parseDate(undefined), null);
});

test('a day that is not on the calendar, or not a date at all, is an error', () => {
  assert.deepEqual(parseDate('31/02/2026'), { error: 'day' });
  assert.deepEqual(parseDate('29/02/2025'), { error: 'day' });
  assert.deepEqual(parseDate('29/02/2024'), { iso: '2024-02-29' });
  assert.deepEqual(parseDate('00/12/2026'), { error: 'day' });
  assert.deepEqual(parseDate('04/13/2026'), { error: 'day' });
  assert.deepEqual(parseDate('12/31/2026'), { error: 'day' }); // the mm/dd/yyyy the browser widget gave
  assert.deepEqual(parseDate('04/12/26'), { error: 'format' });
  assert.deepEqual(parseDate('4 Des 2026'), { error: 'format' });
  assert.deepEqual(parseDate('kemarin'), { error: 'format' });
});

test('a stored date is shown dd/mm/yyyy in the form', () => {
  assert.equal(dateInput('2026-12-04'), '04/12/2026');
  assert.equal(dateInput('2026-12-04T10:00:00Z'), '04/12/2026');
  assert.equal(dateInput(null), '');
  assert.equal(parseDate(dateInput('2024-02-29')).iso, '2024-02-29');
});

test('typing digits gets the slashes', () => {
  assert.equal(maskDate('04'), '04');
  assert.equal(maskDate('041'), '04/1');
  assert.equal(maskDate('0412'), '04/12');
  assert.equal(maskDate('04122026'), '04/12/2026');
  assert.equal(maskDate('04/12/2026'), '04/12/2026');
  assert.equal(maskDate('2026-12-04'), '2026-12-04');
  assert.equal(maskDate('04/1'), '04/1');
  assert.equal(maskDate('04/112'), '04/11/2'); // typed one digit at a time
  assert.equal(maskDate('04/11/2025'), '04/11/2025');
  assert.equal(maskDate('4/11/2025'), '4/11/2025');
  assert.equal(maskDate('04/'), '04/');
});

test('numbers are read with a comma or a point', () => {
  assert.equal(parseNumber('11,6'), 11.6);
  assert.equal(parseNumber('11.6'), 11.6);
  assert.equal(parseNumber(' 72 '), 72);
  assert.equal(parseNumber('12,'), 12);
  assert.equal(parseNumber(''), null);
  assert.ok(Number.isNaN(parseNumber('11,6,2')));
  assert.ok(Number.isNaN(parseNumber('sebelas')));
  assert.ok(Number.isNaN(parseNumber('1e3')));
});

test('a stored number comes back into a form as it is typed: 11,6 in Indonesian', () => {
  assert.equal(numberInput(11.6), '11,6');
  assert.equal(numberInput(11.6, 'id'), '11,6');
  assert.equal(numberInput(11.6, 'en'), '11.6');
  assert.equal(numberInput(72), '72');
  assert.equal(numberInput(null), '');
  assert.equal(parseNumber(numberInput(0.05)), 0.05);
});
