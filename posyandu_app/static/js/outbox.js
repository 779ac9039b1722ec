// The outbox: the only writer of the `outbox` store. An entry leaves only on the server's applied/duplicate answer.
import { now as clockNow } from './clock.js';
import { setMeta, tx } from './db.js';
import { kind, ready, storeOf } from './kinds.js';

export const BATCH = 200;
// Record fields that belong to the phone or to the server, never sent as op data.
const NOT_DATA = new Set([
  'entity',
  'results',
  'local_results',
  'status',
  'review_note',
  'reviewed_at',
  'version',
  'state',
  'server',
  'errors',
  'created_at',
  'updated_at',
  'is_current',
  'needs_referral',
  'flagged',
  'recorded_at',
  'device_id',
]);

export function opData(record) {
  return Object.fromEntries(
    Object.entries(record).filter(([k]) => !k.startsWith('_') && !NOT_DATA.has(k) && k !== 'id'),
  );
}

// An edit of a mutable record (`_changed` = the fields the kader changed) sends only those fields, so a
// conflicting edit on the server of other fields is never overwritten.
export function newOp(entity, record, baseVersion = null, now = clockNow()) {
  const data = opData(record);
  const sent = record._changed
    ? Object.fromEntries(Object.entries(data).filter(([k]) => record._changed.includes(k)))
    : data;
  return {
    op_id: crypto.randomUUID(),
    entity,
    id: record.id,
    base_version: baseVersion,
    recorded_at: now.toISOString(),
    data: sent,
    seq: now.getTime() * 1000 + Math.floor(Math.random() * 1000),
    state: 'pending',
    attempts: 0,
  };
}

// The state machine of one entry given the server's answer -> {remove, op, record}.
// applied/duplicate: gone from the outbox, the server's copy replaces the local one.
// rejected: kept, visible in "perlu diperbaiki" with the errors. conflict: kept, both copies shown.
// Anything else (no answer for this op): stays pending for the next push.
export function transition(op, result) {
  const status = result && result.status;
  if (status === 'applied' || status === 'duplicate')
    return { remove: true, op: null, state: 'sent', server: result.record || null };
  // retry: a server fault inside that one op; the op_id was not remembered, so the same op may be sent again.
  if (status === 'rejected' && result.retry)
    return { remove: false, op: { ...op, attempts: (op.attempts || 0) + 1 }, state: 'local' };
  if (status === 'rejected')
    return { remove: false, op: { ...op, state: 'rejected', errors: result.errors || {} }, state: 'rejected' };
  if (status === 'conflict')
    return { remove: false, op: { ...op, state: 'conflict', server: result.record || null }, state: 'conflict' };
  return { remove: false, op: { ...op, attempts: (op.attempts || 0) + 1 }, state: 'local' };
}

const request = (r) =>
  new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });

// A visit handed to a push may be stored on the server even when its answer was lost; the server answers a
// replacement with the same visit id `duplicate` and keeps the first. So such a visit is not edited any more.
export class AlreadySending extends Error {}
// Visits (append-only kinds) and their corrections; a person or a pregnancy is edited in place with base_version.
const appendOnly = (entity) => entity === 'correction' || !!(kind(entity) || {}).append_only;
const tooLate = (op) => op && op.state === 'pending' && op.offered && appendOnly(op.entity);

// Save a record and its outbox entry in ONE transaction: either both are on the phone or neither.
// A record edited again before it was sent keeps one entry (the newest data, the first base_version).
export async function save(entity, record, baseVersion = null) {
  const store = storeOf(entity);
  await ready(); // tooLate reads the kinds inside the transaction, which must not wait on anything else
  let op;
  await tx([store, 'outbox'], 'readwrite', async (s) => {
    const earlier = record._op ? await request(s.outbox.get(record._op)) : null;
    if (tooLate(earlier)) throw new AlreadySending();
    if (earlier) await request(s.outbox.delete(earlier.op_id));
    op = newOp(entity, record, earlier && earlier.state === 'pending' ? earlier.base_version : baseVersion);
    if (earlier && earlier.entity === 'correction') op.entity = 'correction';
    // The replacement keeps its place in the queue: records saved after it (a visit of this new pregnancy)
    // may depend on it, and ops are applied in order.
    if (earlier) op.seq = earlier.seq;
    // Saved after everything already queued, even within one millisecond (a newborn, then the delivery naming her):
    // ops are applied in this order, and a record must reach the server before one that names it.
    const last = earlier ? null : await request(s.outbox.index('seq').openCursor(null, 'prev'));
    if (last && last.value.seq >= op.seq) op.seq = last.value.seq + 1;
    await request(s[store].put({ ...record, _state: 'local', _op: op.op_id }));
    await request(s.outbox.put(op));
  });
  return op;
}

// Marks entries as handed to the server (called just before a push sends them).
export async function markOffered(ops) {
  await tx('outbox', 'readwrite', async (s) => {
    for (const op of ops) {
      const current = await request(s.outbox.get(op.op_id));
      if (current && !current.offered) await request(s.outbox.put({ ...current, offered: true }));
    }
  });
}

// Can this record still be edited in place (same id, its one outbox entry replaced)? Only while unsent.
export async function editable(record) {
  if (!record || record._state !== 'local' || !record._op) return false;
  await ready();
  const op = await tx('outbox', 'readonly', (s) => request(s.outbox.get(record._op)));
  return !!op && op.state === 'pending' && !tooLate(op);
}

export async function list() {
  return tx('outbox', 'readonly', (s) => request(s.outbox.index('seq').getAll()));
}

export async function pendingBatch(limit = BATCH) {
  return (await list()).filter((op) => op.state === 'pending').slice(0, limit);
}

export const counts = async () => {
  const ops = await list();
  return {
    pending: ops.filter((o) => o.state === 'pending').length,
    rejected: ops.filter((o) => o.state === 'rejected').length,
    conflict: ops.filter((o) => o.state === 'conflict').length,
    total: ops.length,
  };
};

// Apply the push answer: outbox entries and local copies change together, in one transaction.
export async function applyResults(ops, results, merge) {
  const byId = new Map(results.map((r) => [r.op_id, r]));
  const stores = ['outbox', 'roster', 'visits', 'reviews'];
  return tx(stores, 'readwrite', async (s) => {
    const tally = { applied: 0, rejected: 0, conflict: 0, kept: 0 };
    for (const op of ops) {
      const next = transition(op, byId.get(op.op_id));
      const store = s[storeOf(op.entity)];
      const local = await request(store.get(op.id));
      if (next.remove) {
        await request(s.outbox.delete(op.op_id));
        tally.applied += 1;
        if (op.entity === 'correction' && op.data.supersedes) await request(s.reviews.delete(op.data.supersedes));
      } else {
        await request(s.outbox.put(next.op));
        tally[next.state === 'local' ? 'kept' : next.state] += 1;
      }
      if (local && local._op === op.op_id) {
        const updated = next.remove && next.server ? merge(local, next.server) : { ...local };
        updated._state = next.state;
        if (next.remove) {
          delete updated._op;
          updated._mine = true; // sent from this phone: the outbox screen lists it as Terkirim
        }
        if (next.state === 'rejected') updated._errors = next.op.errors;
        if (next.state === 'conflict') updated._server = next.op.server;
        await request(store.put(updated));
      }
    }
    return tally;
  });
}

// Send a rejected entry again unchanged, under a new op_id (the old one would only replay its answer): for when
// the cause was fixed elsewhere, e.g. the person the visit belongs to was corrected and accepted.
export async function resend(op) {
  const store = storeOf(op.entity);
  const fresh = { ...newOp(op.entity, { id: op.id }, op.base_version), data: op.data, seq: op.seq };
  await tx([store, 'outbox'], 'readwrite', async (s) => {
    await request(s.outbox.delete(op.op_id));
    await request(s.outbox.put(fresh));
    const local = await request(s[store].get(op.id));
    if (local) await request(s[store].put({ ...local, _state: 'local', _op: fresh.op_id, _errors: undefined }));
  });
  return fresh;
}

// What becomes of the local copy when the kader deletes a rejected entry: a record the server never took (a new
// person or episode, any visit or correction) goes; an edit falls back to the server's copy, or, when the phone
// holds none, stays as it is until a fresh pull from the start brings the server's.
export function afterDiscard(op, local) {
  if (!local || local._op !== op.op_id) return {};
  if (op.base_version === null || op.base_version === undefined) return { remove: true };
  const server = local._server || local._base;
  if (server) return { put: { ...server, _state: 'sent' } };
  const { _op, _errors, ...kept } = local;
  return { put: { ...kept, _state: 'sent' }, repull: true };
}

// Delete a rejected entry (the kader confirmed it): gone from the outbox, and its local copy as afterDiscard says.
export async function discard(op) {
  const store = storeOf(op.entity);
  let repull = false;
  await tx([store, 'outbox'], 'readwrite', async (s) => {
    await request(s.outbox.delete(op.op_id));
    const next = afterDiscard(op, await request(s[store].get(op.id)));
    if (next.remove) await request(s[store].delete(op.id));
    if (next.put) await request(s[store].put(next.put));
    repull = Boolean(next.repull);
  });
  if (repull) await setMeta('cursor', 0);
}

// Conflict settled in favour of the server copy: the kader chose it, so the local edit is dropped on purpose.
export async function acceptServer(op, serverRecord) {
  const store = storeOf(op.entity);
  await tx([store, 'outbox'], 'readwrite', async (s) => {
    await request(s.outbox.delete(op.op_id));
    await request(s[store].put({ ...serverRecord, _state: 'sent' }));
  });
}
