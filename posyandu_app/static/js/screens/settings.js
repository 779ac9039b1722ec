// "Lainnya": language, storage gauge, export of unsent records, app version, logout.
import { nowIso, today } from '../clock.js';
import { getMeta, setMeta } from '../db.js';
import { language, setLanguage, t, num } from '../i18n.js';
import * as outbox from '../outbox.js';
import { line as readinessLine } from '../readiness.js';
import { h, field } from '../ui.js';

// Where the phone's own result of a downloaded visit differs from the server's (pull v2, recompute.js): shown,
// not hidden; the server's result is the one the bidan and the reports use.
async function differencesCard() {
  const found = (await getMeta('recompute_differences')) || [];
  if (!found.length) return null;
  return h(
    'section',
    { class: 'card', 'data-testid': 'result-differences' },
    h('h2', {}, t('field.differences_title')),
    h('p', { class: 'hint' }, t('field.differences_help', { n: found.length })),
    h(
      'ul',
      {},
      found.map((d) =>
        h('li', {}, `${d.entity} ${d.id.slice(0, 8)} · ${d.field}: server ${d.server ?? '–'}, HP ${d.phone ?? '–'}`),
      ),
    ),
  );
}

async function storageGauge() {
  const box = h('div', { class: 'gauge' });
  if (!navigator.storage || !navigator.storage.estimate) return box;
  const { usage = 0, quota = 0 } = await navigator.storage.estimate();
  const persisted = navigator.storage.persisted ? await navigator.storage.persisted() : false;
  box.append(
    h(
      'label',
      { for: 'storage-meter' },
      t('field.storage_used', { used: num(usage / 1048576, 1), quota: num(quota / 1048576, 0) }),
    ),
    h('meter', {
      id: 'storage-meter',
      min: 0,
      max: quota || 1,
      value: usage,
      low: quota * 0.7,
      high: quota * 0.9,
      optimum: 0,
    }),
    h('p', { class: 'hint' }, persisted ? t('field.storage_persisted') : t('field.storage_not_persisted')),
  );
  return box;
}

// Everything not yet confirmed by the server, as a JSON file the kader can hand to the bidan (WhatsApp, USB).
async function exportUnsent() {
  const ops = await outbox.list();
  const user = await getMeta('user');
  const body = {
    exported_at: nowIso(),
    device_id: await getMeta('device_id'),
    user: user && user.username,
    ops,
  };
  const blob = new Blob([JSON.stringify(body, null, 1)], { type: 'application/json' });
  const a = h('a', {
    href: URL.createObjectURL(blob),
    download: `posyandu-belum-terkirim-${today()}.json`,
  });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  return ops.length;
}

async function workerVersion() {
  const worker = navigator.serviceWorker && navigator.serviceWorker.controller;
  if (!worker) return '–';
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (e) => resolve(e.data.version);
    worker.postMessage({ type: 'version' }, [channel.port2]);
    setTimeout(() => resolve('–'), 1000);
  });
}

// A kader (and whoever helps them on the phone) reads a date, not a content hash: the day this phone took this
// version. The hash stays the key, remembered in meta beside the day it first answered.
async function versionText() {
  const hash = await workerVersion();
  if (hash === '–') return hash;
  let seen = await getMeta('version_seen');
  if (!seen || seen.hash !== hash) {
    seen = { hash, at: nowIso() };
    await setMeta('version_seen', seen);
  }
  return new Date(seen.at).toLocaleString(language() === 'en' ? 'en-GB' : 'id-ID', {
    dateStyle: 'medium',
    timeStyle: 'short',
  });
}

// A weak signal can stall a request for minutes without an error, and a kader must not be stuck on "Keluar": after
// LOGOUT_WAIT_MS the request is aborted (so a late answer cannot clear the next login's cookie) and the phone signs
// out anyway; the server session then ends by its own expiry, as it does when the phone is offline.
const LOGOUT_WAIT_MS = 5000;

async function endServerSession() {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), LOGOUT_WAIT_MS);
  try {
    await fetch('/api/v1/auth/logout', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'X-CSRFToken': (await getMeta('csrf')) || '' },
      signal: abort.signal,
    });
  } catch {
    /* offline or stalled: the local sign-out still happens */
  } finally {
    clearTimeout(timer);
  }
}

// Unsent records on the phone: the kader is asked on the screen itself, in the app's language and with the
// records' count beside the choice (a native confirm shows the browser's own buttons, and a tap can dismiss it).
function unsentQuestion(n, signOut, cancel) {
  const box = h(
    'div',
    { class: 'alert alert-warn', role: 'alertdialog', 'aria-labelledby': 'logout-unsent', hidden: true },
    h('p', { id: 'logout-unsent' }, t('field.logout_unsent', { n })),
  );
  box.append(
    h('button', { type: 'button', class: 'btn btn-block', onclick: signOut }, t('field.logout_anyway')),
    h(
      'button',
      {
        type: 'button',
        class: 'btn btn-block',
        onclick: () => {
          box.hidden = true;
          cancel();
        },
      },
      t('field.cancel'),
    ),
  );
  return box;
}

export async function show(params, app) {
  const lang = field({
    name: 'lang',
    label: t('field.language'),
    type: 'select',
    value: language(),
    options: [
      ['id', t('lang.id')],
      ['en', t('lang.en')],
    ],
  });
  lang.querySelector('select').addEventListener('change', async (e) => {
    await setMeta('lang', e.target.value);
    await setLanguage(e.target.value);
    location.reload(); // the shell's static labels follow the new language
  });
  const counts = await outbox.counts();
  const exportStatus = h('p', { role: 'status' });
  const logout = h('button', { type: 'button', class: 'btn btn-block' }, t('nav.logout'));
  const signOut = async () => {
    logout.disabled = true;
    logout.textContent = t('field.logging_out');
    unsentWarning.hidden = true;
    await endServerSession();
    await setMeta('user', null);
    app.user = null;
    app.go('login');
  };
  const unsentWarning = unsentQuestion(counts.total, signOut, () => logout.focus());
  logout.addEventListener('click', () => {
    if (!counts.total) return signOut();
    unsentWarning.hidden = false;
    unsentWarning.querySelector('button').focus();
  });
  const el = h(
    'div',
    {},
    h(
      'section',
      { class: 'card' },
      h('h1', {}, t('field.settings_title')),
      app.user ? h('p', {}, `${app.user.full_name} · ${app.user.facility ? app.user.facility.name : ''}`) : null,
      lang,
    ),
    h(
      'section',
      { class: 'card' },
      h('h2', {}, t('field.storage_title')),
      await storageGauge(),
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn-block',
          id: 'export',
          onclick: async () => {
            exportStatus.textContent = t('field.exported', { n: await exportUnsent() });
          },
        },
        t('field.export_unsent'),
      ),
      exportStatus,
    ),
    await differencesCard(),
    h(
      'section',
      { class: 'card' },
      h('h2', {}, t('field.about_title')),
      readinessLine(),
      h('p', { class: 'muted' }, t('field.app_version', { v: await versionText() })),
      logout,
      unsentWarning,
    ),
  );
  return { el, title: t('field.settings_title') };
}
