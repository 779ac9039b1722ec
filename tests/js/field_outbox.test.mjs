// Outbox state machine: an entry leaves only on applied/duplicate; rejected and conflict stay visible; no answer = retry.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BATCH, afterDiscard, newOp, opData, transition } from '../../posyandu_app/static/js/outbox.js';

// A fake in-memory outbox driven by the real transition(): push() answers with `server(batch)`.
function fakeOutbox(count) {
  const ops = new Map();
  for (let i = 0; i < count; i += 1) {
    const op = newOp('growth', {
      id: `v${i}`,
      person_id: 'p1',
      weight_kg: 9 + i / 100,
      results: { z: 1 },
      _state: 'local',
    });
    ops.set(op.op_id, op);
  }
  const received = new Map(); // server side: op_id -> times seen (idempotent by op_id)
  return {
    ops,
    received,
    pending: () => [...ops.values()].filter((o) => o.state === 'pending').slice(0, BATCH),
    push(server) {
      const batch = this.pending();
      assert.ok(batch.length <= BATCH, 'a push never exceeds the batch bound');
      const results = server(batch);
      for (const op of batch) {
        const result = results && results.find((r) => r.op_id === op.op_id);
        if (result) received.set(op.op_id, (received.get(op.op_id) || 0) + 1);
        const next = transition(op, result);
        if (next.remove) ops.delete(op.op_id);
        else ops.set(op.op_id, next.op);
      }
      return batch.length;
    },
  };
}

test('op data carries only model fields, no phone-side or server-side fields', () => {
  const data = opData({
    id: 'x',
    entity: 'growth',
    person_id: 'p',
    weight_kg: 8.1,
    local_results: {},
    results: {},
    status: 'submitted',
    version: 2,
    _state: 'local',
    _op: 'o',
  });
  assert.deepEqual(data, { person_id: 'p', weight_kg: 8.1 });
});

test('an edit sends only the fields the kader changed', () => {
  const op = newOp(
    'person',
    { id: 'p', name: 'Siti', phone: '0812', address: 'Jl. Mawar', version: 2, _changed: ['phone'] },
    2,
  );
  assert.deepEqual(op.data, { phone: '0812' });
  assert.equal(op.base_version, 2);
});

test('every op gets its own UUID and keeps the record id', () => {
  const a = newOp('person', { id: 'r1', name: 'A' }, 3);
  const b = newOp('person', { id: 'r1', name: 'A' }, 3);
  assert.notEqual(a.op_id, b.op_id);
  assert.equal(a.id, 'r1');
  assert.equal(a.base_version, 3);
  assert.equal(a.state, 'pending');
});

test('applied and duplicate remove the entry; the server copy comes back', () => {
  const op = newOp('growth', { id: 'v' });
  for (const status of ['applied', 'duplicate']) {
    const next = transition(op, { op_id: op.op_id, status, record: { id: 'v', version: 1 } });
    assert.equal(next.remove, true);
    assert.deepEqual(next.server, { id: 'v', version: 1 });
  }
});

test('rejected is kept with its errors for "perlu diperbaiki", never dropped', () => {
  const op = newOp('growth', { id: 'v' });
  const next = transition(op, {
    op_id: op.op_id,
    status: 'rejected',
    errors: { weight_kg: { id: 'Terlalu berat', en: 'Too heavy' } },
  });
  assert.equal(next.remove, false);
  assert.equal(next.op.state, 'rejected');
  assert.deepEqual(next.op.errors.weight_kg.id, 'Terlalu berat');
});

test('conflict keeps both: the local op stays and the server copy is attached', () => {
  const op = newOp('person', { id: 'p', name: 'Mine' }, 1);
  const next = transition(op, { op_id: op.op_id, status: 'conflict', record: { id: 'p', name: 'Theirs', version: 2 } });
  assert.equal(next.remove, false);
  assert.equal(next.op.state, 'conflict');
  assert.equal(next.op.data.name, 'Mine');
  assert.equal(next.op.server.name, 'Theirs');
});

test('no answer (server error, lost response) keeps the entry pending for a retry', () => {
  const op = newOp('growth', { id: 'v' });
  const next = transition(op, undefined);
  assert.equal(next.remove, false);
  assert.equal(next.op.state, 'pending');
  assert.equal(next.op.attempts, 1);
});

test('450 ops: bounded batches, a failed push loses nothing, each op applied exactly once', () => {
  const box = fakeOutbox(450);
  let calls = 0;
  const server = (batch) => {
    calls += 1;
    if (calls === 2) return null; // HTTP 500 mid-way: no answers at all
    return batch.map((op) => ({ op_id: op.op_id, status: box.received.has(op.op_id) ? 'duplicate' : 'applied' }));
  };
  const sizes = [];
  while (box.pending().length) sizes.push(box.push(server));
  assert.deepEqual(sizes, [200, 200, 200, 50]);
  assert.equal(box.ops.size, 0);
  assert.equal(box.received.size, 450);
  assert.ok([...box.received.values()].every((n) => n === 1));
});

test('a rejected op stays out of later batches but stays in the outbox', () => {
  const box = fakeOutbox(3);
  const [bad] = box.ops.keys();
  box.push((batch) =>
    batch.map((op) => ({ op_id: op.op_id, status: op.op_id === bad ? 'rejected' : 'applied', errors: {} })),
  );
  assert.equal(box.ops.size, 1);
  assert.equal(box.ops.get(bad).state, 'rejected');
  assert.equal(box.pending().length, 0);
});

test('an entry handed to a push stays marked after a lost or retry answer (the server may hold it)', () => {
  const op = { ...newOp('growth', { id: 'v1', person_id: 'p1', weight_kg: 25 }), offered: true };
  assert.equal(transition(op, undefined).op.offered, true);
  assert.equal(transition(op, { op_id: op.op_id, status: 'rejected', retry: true }).op.offered, true);
  assert.equal(transition(op, undefined).op.state, 'pending');
});

test('op_id_reused and id_taken are rejections: kept, shown with their messages, never dropped', () => {
  const op = newOp('growth', { id: 'v' });
  for (const code of ['op_id_reused', 'id_taken']) {
    const field = code === 'id_taken' ? 'id' : 'op_id';
    const errors = { [field]: { id: 'Pesan', en: 'Message' } };
    const next = transition(op, { op_id: op.op_id, status: 'rejected', code, errors });
    assert.equal(next.remove, false);
    assert.equal(next.state, 'rejected');
    assert.equal(next.op.state, 'rejected');
    assert.deepEqual(next.op.errors, errors);
  }
});

test('deleting a rejected entry: a new record goes, an edit falls back to the server copy', () => {
  const visit = newOp('growth', { id: 'v' });
  assert.deepEqual(afterDiscard(visit, { id: 'v', _op: visit.op_id, _state: 'rejected' }), { remove: true });
  const edit = newOp('person', { id: 'p', name: 'Baru', _changed: ['name'] }, 2);
  const base = { id: 'p', name: 'Lama', version: 2 };
  const local = { id: 'p', name: 'Baru', version: 2, _op: edit.op_id, _state: 'rejected', _base: base };
  assert.deepEqual(afterDiscard(edit, local), { put: { ...base, _state: 'sent' } });
  const bare = { id: 'p', name: 'Baru', version: 2, _op: edit.op_id, _state: 'rejected', _errors: {} };
  assert.deepEqual(afterDiscard(edit, bare), { put: { id: 'p', name: 'Baru', version: 2, _state: 'sent' }, repull: true });
  assert.deepEqual(afterDiscard(edit, { id: 'p', _op: 'another op' }), {}); // not this entry's copy: left alone
});
