// Sync backoff: doubles per failure from 2 s, capped at 5 minutes, with jitter in the upper half.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backoffDelay } from '../../posyandu_app/static/js/sync.js';

test('grows exponentially and stays within [ceiling/2, ceiling]', () => {
  assert.equal(
    backoffDelay(1, () => 0.999999),
    2000,
  );
  assert.equal(
    backoffDelay(1, () => 0),
    1000,
  );
  assert.equal(
    backoffDelay(2, () => 0.999999),
    4000,
  );
  assert.equal(
    backoffDelay(5, () => 0.999999),
    32000,
  );
});

test('is capped at five minutes however many failures', () => {
  assert.equal(
    backoffDelay(30, () => 0.999999),
    300000,
  );
  assert.ok(backoffDelay(30, () => 0) >= 150000);
});
