// Is this phone ready for a day without signal? Computed from real state (the active worker, every precached
// file in its cache, a finished roster download), retried while something is missing, shown on the roster.
import { getMeta } from './db.js';
import { t } from './i18n.js';
import { h } from './ui.js';

let state = null; // {ready, missing: ['worker' | 'files' | 'roster'], absent: [url]}
let timer = null;
let failures = 0;
let running = null;
let again = false; // asked while a run was under way (the signal came back mid-check): one more run after it
let hooks = { register: async () => null, sync: () => {}, loggedIn: () => false };
const listeners = new Set();

// Ask a worker over a MessageChannel; null when it does not answer (an old worker, or none).
function ask(worker, type) {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    const give = setTimeout(() => resolve(null), 3000);
    channel.port1.onmessage = (e) => {
      clearTimeout(give);
      resolve(e.data);
    };
    worker.postMessage({ type }, [channel.port2]);
  });
}

// A worker still installing is waited for: its outcome (active, or redundant after a failed install) is the state.
async function settled(registration) {
  for (let i = 0; i < 60; i += 1) {
    const worker = registration.installing || (!registration.active && registration.waiting);
    if (!worker) return;
    await new Promise((resolve) => {
      worker.addEventListener('statechange', resolve, { once: true });
      setTimeout(resolve, 500);
    });
  }
}

export async function check() {
  const missing = [];
  let absent = [];
  const registration = navigator.serviceWorker && (await navigator.serviceWorker.getRegistration('/'));
  if (registration) await settled(registration);
  const active = registration && registration.active;
  const info = active && (await ask(active, 'precache'));
  if (!info || !info.urls) {
    missing.push('worker');
  } else {
    const name = `posyandu-shell-${info.version}`;
    const cache = globalThis.caches && (await caches.has(name)) ? await caches.open(name) : null;
    for (const url of info.urls) if (!cache || !(await cache.match(url))) absent.push(url);
    if (absent.length) missing.push('files');
  }
  if (!(await getMeta('last_sync'))) missing.push('roster'); // one finished download of the posyandu's people
  return { ready: !missing.length, missing, absent, version: info && info.version };
}

// Files the worker's cache lost (storage pressure, a cut during install): fetched again into the same cache.
async function repair(found) {
  if (!found.version || !found.absent.length) return;
  const cache = await caches.open(`posyandu-shell-${found.version}`);
  await Promise.all(found.absent.map((url) => cache.add(new Request(url, { cache: 'reload' })).catch(() => {})));
}

function publish(next) {
  state = next;
  document.documentElement.dataset.ready = next.ready ? 'yes' : 'no';
  for (const fn of listeners) fn(next);
}

// One run: (re)register the worker when it is missing, repair the cache, fetch the roster, then say where we are.
// While anything is missing it runs again on `online`, after a login, and on a backoff timer (5 s … 5 min).
export function ensure(reason = 'start') {
  if (running) {
    again = true;
    return running;
  }
  clearTimeout(timer);
  running = (async () => {
    try {
      let found = await check();
      if (!found.ready && navigator.onLine) {
        if (found.missing.includes('worker')) await hooks.register().catch(() => null);
        else await repair(found);
        if (found.missing.includes('roster') && hooks.loggedIn()) await hooks.sync(reason);
        found = await check();
      }
      publish(found);
      failures = found.ready ? 0 : failures + 1;
      if (!found.ready) timer = setTimeout(() => ensure('retry'), Math.min(300000, 5000 * 2 ** (failures - 1)));
      return found;
    } catch (error) {
      console.warn('readiness', error);
      timer = setTimeout(() => ensure('retry'), 10000);
      return null;
    } finally {
      running = null;
      if (again) {
        again = false;
        ensure('again');
      }
    }
  })();
  return running;
}

export function start(options) {
  hooks = { ...hooks, ...options };
  addEventListener('online', () => {
    failures = 0;
    ensure('online');
  });
  return ensure('start');
}

export const current = () => state;

// "Siap dipakai tanpa sinyal" / "Belum siap tanpa sinyal: aplikasi, data sasaran. Sambungkan ke internet."
function text(s) {
  if (!s) return t('field.not_ready_checking');
  if (s.ready) return t('field.ready');
  const parts = s.missing.map((m) =>
    m === 'files' ? t('field.missing_files', { n: s.absent.length }) : t(`field.missing_${m}`),
  );
  return t('field.not_ready', { missing: parts.join(', ') });
}

// The readiness line; it follows every new check while it is on screen.
export function line() {
  const el = h('p', { id: 'readiness', role: 'status', 'aria-live': 'polite' });
  const draw = (s) => {
    if (el.isConnected) el.dataset.shown = '1';
    else if (el.dataset.shown) {
      listeners.delete(draw); // the screen was left
      return;
    }
    el.dataset.ready = s ? (s.ready ? 'yes' : 'no') : 'checking';
    el.className = `readiness alert ${s && s.ready ? 'alert-ok' : s ? 'alert-warn' : 'alert-info'}`;
    el.textContent = text(s);
  };
  draw(state);
  listeners.add(draw);
  return el;
}
