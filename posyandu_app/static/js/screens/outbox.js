// Outbox / status: every record's state, last upload, "Kirim sekarang" with progress, and what needs fixing.
// show() loads what the phone holds (load), renders it section by section, and each action is a named handler.
import { getMeta } from '../db.js';
import { date, label, num, t } from '../i18n.js';
import { kind } from '../kinds.js';
import * as outbox from '../outbox.js';
import { allVisits, openReviews, persons, recordState } from '../store.js';
import * as sync from '../sync.js';
import { badge, h } from '../ui.js';
import { fieldName, stateBadge, visitTitle } from './common.js';

const RECENT = 25;
let onProgress = null; // the visible screen's progress bar (one listener for the module's lifetime)
sync.on('progress', (p) => onProgress && onProgress(p));

const when = (iso) =>
  iso
    ? new Date(iso).toLocaleString(document.documentElement.lang === 'en' ? 'en-GB' : 'id-ID', {
        dateStyle: 'medium',
        timeStyle: 'short',
      })
    : t('field.never');

// A value of the conflict table as the kader reads it elsewhere: 11,6 and 4 Des 2026.
const shown = (value) =>
  value === null || value === undefined || value === ''
    ? '–'
    : typeof value === 'number'
      ? num(value, 2)
      : /^\d{4}-\d{2}-\d{2}$/.test(value)
        ? date(value)
        : String(value);

function errorsText(errors) {
  const lang = document.documentElement.lang;
  if (!errors) return '';
  return Object.entries(errors)
    .map(([k, m]) => `${fieldName(k)}: ${typeof m === 'string' ? m : label(m) || m[lang] || m.id || JSON.stringify(m)}`)
    .join('; ');
}

// A record edited in place (a pregnancy): a kind that is no visit of its own (kinds.js).
const inPlace = (entity) => kind(entity) && !kind(entity).append_only;

// The form that fixes a rejected entry: a person's edit form, a record's own form, else the visit (with "fix").
const fixHref = (op) =>
  op.entity === 'person'
    ? `#/person/${op.id}/edit`
    : inPlace(op.entity)
      ? `#/person/${op.data.person_id}/${kind(op.entity).route}`
      : `#/visit/${op.id}`;

// --- Loading: everything the screen shows, read once from the phone's store.

// Records still moving first (on the phone, to fix, in conflict), then the latest ones the server holds.
const moving = (r) => (['local', 'rejected', 'conflict', 'returned'].includes(recordState(r)) ? 0 : 1);
const stamp = (r) => r.recorded_at || r.updated_at || r.created_at || r.visit_date || '';
// Only what this phone made: people and visits downloaded from the server were never "sent" by this kader.
const recentRecords = (people, visits) =>
  [...people.map((p) => ({ ...p, entity: 'person' })), ...visits]
    .filter((r) => r._mine || moving(r) === 0)
    .sort((a, b) => moving(a) - moving(b) || stamp(b).localeCompare(stamp(a)))
    .slice(0, RECENT);

async function load() {
  const [ops, returned, people, visits, lastUpload, lastSync, authRequired] = await Promise.all([
    outbox.list(),
    openReviews(),
    persons(),
    allVisits(),
    getMeta('last_upload'),
    getMeta('last_sync'),
    getMeta('auth_required'),
  ]);
  return {
    names: new Map(people.map((p) => [p.id, p.name])),
    byId: new Map(people.map((p) => [p.id, p])),
    pending: ops.filter((o) => o.state === 'pending'),
    rejected: ops.filter((o) => o.state === 'rejected'),
    conflicts: ops.filter((o) => o.state === 'conflict'),
    returned,
    recent: recentRecords(people, visits),
    lastUpload,
    lastSync,
    authRequired,
  };
}

// --- Handlers: each changes the outbox, then draws the screen again from the store.

const resend = (op, app) => async () => {
  await outbox.resend(op);
  app.saved();
  app.go('outbox');
};

const discard = (op, app) => async () => {
  if (!confirm(t('field.discard_confirm'))) return;
  await outbox.discard(op);
  app.refreshCounts();
  app.go('outbox');
};

// "Keep mine": my values on top of the server's copy, sent again against the server's version.
const keepMine = (op, app) => async () => {
  const mine = op.data || {};
  const server = op.server || {};
  await outbox.save(
    op.entity,
    { ...server, ...mine, id: op.id, _op: op.op_id, _base: server, _changed: Object.keys(mine) },
    server.version ?? null,
  );
  app.saved();
  app.go('outbox');
};

const keepServer = (op, app) => async () => {
  await outbox.acceptServer(op, op.server || {});
  app.refreshCounts();
  app.go('outbox');
};

// Say what happened: an upload the app already did on its own is "all sent", not "0 sent"; no signal is
// "waiting for a signal", not a countdown the kader cannot act on.
const resultText = (result) =>
  result.auth
    ? t('field.relogin_banner')
    : result.ok
      ? result.sent
        ? t('field.sent_ok', { n: result.sent })
        : t('field.all_sent')
      : navigator.onLine
        ? t('field.send_failed')
        : t('field.waiting_signal');

// "Kirim sekarang" with its progress bar and status line; the status starts with the last upload's result.
function sendControls(pendingCount) {
  const progress = h('progress', {
    max: Math.max(1, pendingCount),
    value: 0,
    hidden: true,
    'aria-label': t('field.sending'),
  });
  const status = h('p', { role: 'status', 'aria-live': 'polite', id: 'sync-status' });
  const send = h('button', { type: 'button', class: 'btn btn-primary btn-block', id: 'send-now' }, t('field.send_now'));
  const showResult = (result) => {
    if (result && !result.skipped) status.textContent = resultText(result);
  };
  send.addEventListener('click', async () => {
    send.disabled = true;
    progress.hidden = false;
    status.textContent = t('field.sending');
    showResult(await sync.syncNow('manual'));
    send.disabled = false;
    progress.hidden = true;
  });
  showResult(sync.lastResult());
  onProgress = (p) => {
    if (p.phase === 'push') {
      progress.max = Math.max(1, p.total);
      progress.value = p.sent;
      status.textContent = t('field.sent_progress', { n: p.sent, total: p.total });
    }
  };
  return [send, progress, status];
}

// --- Rendering

function statusCard(s, controls) {
  return h(
    'section',
    { class: 'card' },
    h('h1', {}, t('field.outbox_title')),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, t('field.state_local')),
      h('dd', { 'data-testid': 'pending' }, String(s.pending.length)),
      h('dt', {}, t('field.state_rejected')),
      h('dd', {}, String(s.rejected.length + s.returned.length)),
      h('dt', {}, t('field.last_upload')),
      h('dd', { 'data-testid': 'last-upload' }, when(s.lastUpload)),
      h('dt', {}, t('field.last_sync')),
      h('dd', {}, when(s.lastSync)),
    ),
    s.authRequired ? h('a', { class: 'btn btn-block', href: '#/login' }, t('field.relogin')) : null,
    ...controls,
  );
}

function rejectedItem(op, s, app) {
  const name = s.names.get(op.data.person_id) || op.data.name || s.names.get(op.id) || '';
  const title = t(`field.title_${op.entity === 'correction' ? 'correction' : op.entity}`);
  return h(
    'li',
    { 'data-testid': 'fix-item' },
    h('a', { href: fixHref(op) }, h('strong', {}, name), ` · ${title}`),
    ' ',
    badge('bad', t('field.state_rejected')),
    h('p', { class: 'hint' }, errorsText(op.errors)),
    h('button', { type: 'button', class: 'btn btn-small', onclick: resend(op, app) }, t('field.resend')),
    h(
      'button',
      { type: 'button', class: 'btn btn-small', 'data-testid': 'discard', onclick: discard(op, app) },
      t('field.discard'),
    ),
  );
}

function returnedItem(r, s) {
  return h(
    'li',
    { 'data-testid': 'fix-item' },
    h(
      'a',
      { href: `#/fix/${r.id}` },
      h('strong', {}, s.names.get(r.person_id) || ''),
      ` · ${t(`field.title_${r.entity}`)} · ${date(r.visit_date)}`,
    ),
    ' ',
    badge('bad', t('field.state_returned')),
    h('p', { class: 'hint' }, r.review_note || ''),
  );
}

function fixSection(s, app) {
  const items = [...s.rejected.map((op) => rejectedItem(op, s, app)), ...s.returned.map((r) => returnedItem(r, s))];
  return h(
    'section',
    { class: 'card', id: 'needs-fix' },
    h('h2', {}, t('field.needs_fix_title')),
    items.length ? h('ul', { class: 'fix-list' }, items) : h('p', { class: 'muted' }, t('field.nothing_to_fix')),
  );
}

function conflictItem(op, app) {
  const mine = op.data || {};
  const server = op.server || {};
  const keys = Object.keys(mine).filter(
    (k) => !k.endsWith('_normalized') && JSON.stringify(mine[k] ?? null) !== JSON.stringify(server[k] ?? null),
  );
  const head = h('tr', {}, h('th', {}, ''), h('th', {}, t('field.mine')), h('th', {}, t('field.server_copy')));
  const rows = keys.map((k) =>
    h('tr', {}, h('th', {}, fieldName(k)), h('td', {}, shown(mine[k])), h('td', {}, shown(server[k]))),
  );
  return h(
    'li',
    { class: 'card conflict' },
    h('strong', {}, mine.name || op.id),
    ' ',
    badge('warn', t('field.state_conflict')),
    h('p', { class: 'hint' }, t('field.conflict_help')),
    h('table', { class: 'diff' }, h('thead', {}, head), h('tbody', {}, rows)),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'button', class: 'btn btn-primary', onclick: keepMine(op, app) }, t('field.keep_mine')),
      h('button', { type: 'button', class: 'btn', onclick: keepServer(op, app) }, t('field.keep_server')),
    ),
  );
}

function conflictSection(s, app) {
  if (!s.conflicts.length) return null;
  const items = s.conflicts.map((op) => conflictItem(op, app));
  return h('section', {}, h('h2', {}, t('field.conflicts_title')), h('ul', { class: 'plain' }, items));
}

const recordHref = (r) =>
  r.entity === 'person' ? `#/person/${r.id}` : inPlace(r.entity) ? `#/person/${r.person_id}` : `#/visit/${r.id}`;

function recordItem(r, s) {
  const who = r.entity === 'person' ? r.name : s.names.get(r.person_id) || '';
  const what = visitTitle(r.entity, s.byId.get(r.person_id), r.visit_date);
  return h('li', {}, h('a', { href: recordHref(r) }, `${who} · ${what}`), ' ', stateBadge(r));
}

function recordsSection(s) {
  return h(
    'section',
    { class: 'card' },
    h('h2', {}, t('field.records_title')),
    s.recent.length ? null : h('p', { class: 'muted' }, t('field.records_empty')),
    h('ul', { class: 'visits' }, s.recent.map((r) => recordItem(r, s))),
  );
}

export async function show(params, app) {
  const s = await load();
  const sections = [statusCard(s, sendControls(s.pending.length)), fixSection(s, app), conflictSection(s, app)];
  return { el: h('div', {}, ...sections, recordsSection(s)), title: t('field.outbox_title') };
}
