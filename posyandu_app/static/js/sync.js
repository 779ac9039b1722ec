// Sync client: push the outbox in bounded batches, pull by cursor; one run at a time, backoff after failures.
import { now, nowIso } from './clock.js';
import { getMeta, setMeta } from './db.js';
import * as outbox from './outbox.js';
import { expand } from './pull.js';
import { recomputeAll } from './recompute.js';
import { applyChanges, mergeServer } from './store.js';

const API = '/api/v1';
const PULL_LIMIT = 2000; // the most v2 gives; bigger pages group a person's visits better (~45 bytes a record)
const PULL_VERSION = 2; // compact records without the visits' server results (docs/SYNC.md §4.3)
const events = new EventTarget();
let running = null;
let stopped = false; // set on pagehide: a dying page must not start an upload
let failures = 0;
let retryTimer = null;
let again = false;
let last = null; // the last run's outcome, shown by the status screen

export const lastResult = () => last;

export const on = (type, fn) => events.addEventListener(type, (e) => fn(e.detail));
const emit = (type, detail) => events.dispatchEvent(new CustomEvent(type, { detail }));

// Exponential backoff with jitter: 2 s, 4 s, 8 s … capped at 5 minutes; random() in [0, 1).
export function backoffDelay(attempt, random = Math.random, base = 2000, cap = 300000) {
  const ceiling = Math.min(cap, base * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

export class AuthRequired extends Error {}
// The account must change its password (first login with a given password) before the server takes uploads.
export class PasswordChangeRequired extends AuthRequired {}
class HttpError extends Error {
  constructor(status) {
    super(`HTTP ${status}`);
    this.status = status;
  }
}

async function call(path, options = {}, sized = null) {
  const response = await fetch(API + path, { credentials: 'same-origin', cache: 'no-store', ...options });
  if (sized) sized.bytes = Number(response.headers.get('Content-Length')) || 0; // on the wire (gzip)
  if (response.status === 401) throw new AuthRequired();
  if (response.status === 403) {
    const body = await response.json().catch(() => ({}));
    if (body.error && body.error.code === 'password_change_required') throw new PasswordChangeRequired();
  }
  if (!response.ok) throw new HttpError(response.status);
  return response.json();
}

// The session and a fresh CSRF token, asked before every push (a stale token must not cost an upload).
export async function refreshSession() {
  const body = await call('/auth/session');
  await setMeta('user', body.user);
  await setMeta('csrf', body.csrf_token);
  if (!body.user.must_change_password) await setMeta('auth_required', false);
  return body;
}

async function deviceId() {
  let id = await getMeta('device_id');
  if (!id) {
    id = crypto.randomUUID();
    await setMeta('device_id', id);
  }
  return id;
}

async function push(progress) {
  const device = await deviceId();
  let sent = 0;
  const total = (await outbox.counts()).pending;
  for (;;) {
    const batch = await outbox.pendingBatch(outbox.BATCH);
    if (!batch.length) break;
    const csrf = (await refreshSession()).csrf_token;
    await outbox.markOffered(batch); // from here the server may store them even if its answer never arrives
    const body = JSON.stringify({
      device_id: device,
      ops: batch.map(({ op_id, entity, id, base_version, recorded_at, data }) => ({
        op_id,
        entity,
        id,
        base_version,
        recorded_at,
        data,
      })),
    });
    const answer = await call('/sync/push', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CSRFToken': csrf },
      body,
    });
    const tally = await outbox.applyResults(batch, answer.results || [], mergeServer);
    sent += batch.length;
    progress({ phase: 'push', sent, total });
    await setMeta('last_upload', nowIso());
    if (tally.kept === batch.length) break; // the server answered none of them: try again later, not in a loop
  }
  return sent;
}

let pulling = null; // the download under way: {received, remaining, bytes}, shown on the roster
export const pullProgress = () => pulling;

async function pull(progress) {
  let cursor = (await getMeta('cursor')) || 0;
  // a visit came without the server's results (pull v2), in this run or in one cut before it could assess them
  let unassessed = !!(await getMeta('recompute_pending'));
  // A download cut halfway resumes at its last stored page, and its count goes on from there.
  const done = (cursor && (await getMeta('pull_progress'))) || { received: 0, bytes: 0, remaining: null };
  pulling = { ...done };
  try {
    for (;;) {
      const sized = {};
      const path = `/sync/pull?v=${PULL_VERSION}&cursor=${encodeURIComponent(cursor)}&limit=${PULL_LIMIT}`;
      const page = await call(path, {}, sized);
      const changes = page.v === 2 ? expand(page) : page.changes || [];
      await applyChanges(changes);
      if (!unassessed && changes.some((c) => !c.deleted && c.entity !== 'person' && !c.data.results)) {
        unassessed = true;
        await setMeta('recompute_pending', true);
      }
      cursor = page.next_cursor ?? cursor;
      pulling = {
        received: pulling.received + changes.length,
        bytes: pulling.bytes + (sized.bytes || 0),
        remaining: page.remaining ?? 0,
      };
      await setMeta('pull_progress', page.more ? pulling : null); // the roster shows it until the download ends
      await setMeta('cursor', cursor); // resumable: a broken pull restarts here, not from zero
      progress({ phase: 'pull', cursor, ...pulling });
      if (!page.more) break;
    }
  } finally {
    pulling = null;
  }
  // Visits came without the server's results: the phone's twins compute them (differences are reported).
  if (unassessed) {
    await recomputeAll();
    await setMeta('recompute_pending', false);
  }
}

// One sync run (single flight: callers during a run share it). reason: start|online|save|manual|background.
export function syncNow(reason = 'manual') {
  if (stopped) return Promise.resolve({ skipped: 'pagehide' });
  if (running) {
    again = true; // a save during a run may have missed its batch: one more run follows
    return running;
  }
  clearTimeout(retryTimer);
  running = (async () => {
    let noUser = false;
    emit('state', { running: true, reason });
    try {
      if (!(await getMeta('user'))) {
        noUser = true;
        return { skipped: 'no-user' };
      }
      const sent = await push((p) => emit('progress', p));
      if (stopped) return { sent };
      await refreshSession();
      await pull((p) => emit('progress', p));
      failures = 0;
      await setMeta('last_sync', nowIso());
      last = { ok: true, sent, at: now().getTime() };
      emit('done', last);
      return last;
    } catch (error) {
      if (error instanceof AuthRequired) {
        await setMeta('auth_required', error instanceof PasswordChangeRequired ? 'password' : true);
        last = { auth: true, at: now().getTime() };
        emit('auth-required', {});
        emit('done', last);
        return last;
      }
      failures += 1;
      const delay = backoffDelay(failures);
      if (!stopped) retryTimer = setTimeout(() => syncNow('retry'), delay);
      last = { ok: false, error: String(error.message || error), retryIn: delay, at: now().getTime() };
      emit('done', last);
      return last;
    } finally {
      running = null;
      emit('state', { running: false });
      // After a failure the backoff retry covers it. A run that found no user or no session is no failure: a login
      // during it (the likely caller) must still get its own run, or the phone waits for the next trigger.
      const rerun = again && !stopped && (noUser || (last && (last.ok || last.auth)));
      again = false;
      if (rerun) syncNow('again');
    }
  })();
  return running;
}

export function install() {
  addEventListener('pagehide', () => {
    stopped = true;
    clearTimeout(retryTimer);
  });
  addEventListener('pageshow', (event) => {
    if (event.persisted) stopped = false;
  });
  // A hint only (the push itself tells the truth), but a fresh one: the backoff built up offline starts over.
  addEventListener('online', () => {
    failures = 0;
    syncNow('online');
  });
  if (navigator.serviceWorker) {
    navigator.serviceWorker.addEventListener('message', (event) => {
      if (event.data && event.data.type === 'sync') syncNow('background');
    });
  }
}

// After a save: upload now when there is a signal, else ask for Background Sync where the browser has it.
export async function afterSave() {
  if (navigator.onLine) syncNow('save');
  try {
    const registration = await navigator.serviceWorker?.ready;
    if (registration && registration.sync) await registration.sync.register('outbox');
  } catch {
    /* Background Sync is an extra; the online event and app start cover the rest */
  }
}
