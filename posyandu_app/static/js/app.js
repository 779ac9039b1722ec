// Field app boot: storage, language, service worker (with a safe update flow), hash routing between screens.
import { getMeta, open, setMeta } from './db.js';
import { setLanguage, t } from './i18n.js';
import * as kinds from './kinds.js';
import * as outbox from './outbox.js';
import * as place from './place.js';
import * as readiness from './readiness.js';
import * as sync from './sync.js';
import { dateErrors, h, showErrors } from './ui.js';

const ROUTES = [
  [/^login$/, 'login'],
  [/^$/, 'roster'],
  [/^person\/new$/, 'person', () => ({ mode: 'new' })],
  [/^person\/([\w-]+)\/edit$/, 'person', (m) => ({ mode: 'edit', id: m[1] })],
  [/^person\/([\w-]+)$/, 'detail', (m) => ({ id: m[1] })],
  [/^visit\/([\w-]+)$/, 'visit', (m) => ({ id: m[1] })],
  [/^fix\/([\w-]+)$/, 'fix', (m) => ({ id: m[1] })],
  [/^outbox$/, 'outbox'],
  [/^imm-due$/, 'imm_due'],
  [/^class$/, 'class_list'],
  [/^class-session$/, 'class_session'],
  [/^settings$/, 'settings'],
  [/^posyandu$/, 'posyandu'],
];
const PUBLIC = new Set(['login']);
const FORM = /^person\/([\w-]+)\/(\w+)$/;

// #/person/<id>/<route> opens the form of the kind declaring that route (visit_kinds.json `route`, `screen`).
async function formRoute(path) {
  const m = path.match(FORM);
  if (!m) return null;
  await kinds.ready();
  const [entity, declared] = Object.entries(kinds.all()).find(([, k]) => k.route === m[2]) || [];
  return declared && [declared.screen, { personId: m[1], entity, form: declared.append_only ? 'visit' : 'episode' }];
}

const main = document.getElementById('screen');
const banners = document.getElementById('banner');
let formOpen = false;
let waitingWorker = null;
let reloading = false;
let updateRequested = false; // set when we tell a waiting worker to take over

export const app = {
  user: null,
  place: null, // today's posyandu {id, name} (place.js); null while an account of several has not chosen today
  go(path) {
    if (location.hash === `#/${path}`)
      route(); // same screen: draw it again with the new data
    else location.hash = `#/${path}`;
  },
  async refreshCounts() {
    const c = await outbox.counts();
    const badge = document.getElementById('pending-count');
    badge.textContent = c.total ? String(c.total) : '';
    badge.className = c.rejected || c.conflict ? 'count count-bad' : 'count';
  },
  saved() {
    // after every save: counts, then upload now when there is a signal
    app.refreshCounts();
    sync.afterSave();
  },
  isFormOpen: () => formOpen,
  ensureReady: (reason) => readiness.ensure(reason),
};

function banner(id, tone, text, action) {
  let el = document.getElementById(id);
  if (!text) {
    if (el) el.remove();
    return;
  }
  if (!el) {
    el = h('div', { id, class: `alert alert-${tone} banner`, role: 'status' });
    banners.append(el);
  }
  el.replaceChildren(
    h('span', {}, text),
    action ? h('button', { type: 'button', class: 'btn btn-small', onclick: action.run }, action.text) : '',
  );
}

// Routes can overlap (a sync redraws the roster while the kader taps another tab, a slow screen is still loading):
// only the latest one may draw, or a late one would put an old screen over the one she asked for.
let routeSeq = 0;

async function route() {
  const seq = ++routeSeq;
  const path = decodeURIComponent(location.hash.replace(/^#\/?/, ''));
  let name = 'roster';
  let params = {};
  const fixed = ROUTES.find(([pattern]) => pattern.test(path));
  if (fixed) {
    const [pattern, screen, read] = fixed;
    name = screen;
    params = read ? read(path.match(pattern)) : {};
  } else {
    // Not stored on this phone (the first load was cut): the screen below says so.
    const form = await formRoute(path).catch(() => ['unavailable', {}]);
    if (seq !== routeSeq) return;
    if (form) [name, params] = form;
  }
  if (!app.user && !PUBLIC.has(name)) {
    name = 'login';
    params = {};
  }
  for (const tab of document.querySelectorAll('#tabs a')) {
    tab.toggleAttribute('aria-current', tab.dataset.tab === name);
  }
  document.getElementById('tabs').hidden = !app.user;
  await showPlace();
  if (seq !== routeSeq) return;
  // Several posyandu and none chosen today: the roster and a new registration ask first (one tap).
  if (app.user && !app.place && place.picks(app.user) && (name === 'roster' || params.mode === 'new')) {
    params = { next: name === 'roster' ? '' : path };
    name = 'posyandu';
  }
  let module;
  try {
    // Screens read the visit kinds' declaration synchronously (titles, result cards): loaded with the screen.
    [module] = await Promise.all([import(`./screens/${name}.js`), kinds.ready()]);
  } catch (error) {
    if (seq !== routeSeq) return;
    // Not stored on this phone (the first load was cut): say so instead of leaving the old screen up.
    console.warn('screen unavailable', name, error);
    main.replaceChildren(h('p', { class: 'card alert alert-warn', role: 'alert' }, t('field.screen_unavailable')));
    main.dataset.screen = 'unavailable';
    readiness.ensure('route');
    return;
  }
  const view = await module.show(params, app);
  if (seq !== routeSeq) return;
  formOpen = !!view.form;
  main.replaceChildren(view.el);
  main.dataset.screen = name;
  if (view.title) document.title = `${view.title} · Posyandu ILP`;
  main.focus({ preventScroll: true });
  scrollTo(0, 0);
  applyUpdateIfSafe();
}

// A new service worker waits; it takes over only when no form is open, and only then does the page reload.
function applyUpdateIfSafe() {
  if (!waitingWorker) return;
  if (formOpen) {
    banner('update', 'info', t('field.update_waiting'));
    return;
  }
  banner('update', 'info', t('field.updating'));
  updateRequested = true;
  waitingWorker.postMessage({ type: 'skip-waiting' });
}

let tracked = null; // the registration whose update flow is wired (register() may be called again to retry)

// Registers the worker; called again whenever readiness finds none active (a signal cut during the first load
// fails the registration or the install, and the browser never retries by itself).
async function registerWorker() {
  if (!('serviceWorker' in navigator)) return null;
  const registration = await navigator.serviceWorker.register('/sw.js', { scope: '/' });
  if (tracked !== registration) watchUpdates(registration);
  return registration;
}

function watchUpdates(registration) {
  tracked = registration;
  const hadController = !!navigator.serviceWorker.controller;
  const track = (worker) => {
    worker.addEventListener('statechange', () => {
      if (worker.state === 'installed' && navigator.serviceWorker.controller) {
        waitingWorker = worker;
        applyUpdateIfSafe();
      }
    });
  };
  if (registration.waiting && hadController) {
    waitingWorker = registration.waiting;
    applyUpdateIfSafe();
  }
  if (registration.installing) track(registration.installing);
  registration.addEventListener('updatefound', () => track(registration.installing));
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    // First install (clients.claim): nothing to reload. An update we asked for: reload, never over an open form.
    if (!updateRequested || reloading || formOpen) return;
    reloading = true;
    location.reload();
  });
  app.checkForUpdate = () => registration.update();
}

// The header names today's posyandu (a tap changes it); hidden for an account of one posyandu.
async function showPlace() {
  app.place = app.user ? await place.current(app.user) : null;
  const link = document.getElementById('place');
  link.hidden = !app.user || !place.picks(app.user);
  link.textContent = app.place ? app.place.name : t('field.place_choose');
  link.setAttribute('aria-label', `${t('field.place_title')}: ${link.textContent}`);
}

function watchNetwork() {
  const net = document.getElementById('net');
  const show = () => {
    net.textContent = navigator.onLine ? t('field.online') : t('field.offline');
    net.className = `net ${navigator.onLine ? 'net-on' : 'net-off'}`;
  };
  addEventListener('online', show);
  addEventListener('offline', show);
  show();
}

function watchInstall() {
  const button = document.getElementById('install');
  let deferred = null;
  addEventListener('beforeinstallprompt', (event) => {
    event.preventDefault(); // offer it on our own button, at a calm moment
    deferred = event;
    button.hidden = false;
  });
  button.textContent = t('field.install');
  button.addEventListener('click', async () => {
    if (!deferred) return;
    deferred.prompt();
    await deferred.userChoice;
    deferred = null;
    button.hidden = true;
  });
  addEventListener('appinstalled', () => {
    button.hidden = true;
  });
}

async function authBanner() {
  const needed = app.user && (await getMeta('auth_required'));
  if (needed === 'password') {
    const run = () => location.assign('/account/password'); // afterwards home, which is /app for a kader
    banner('auth', 'warn', t('field.password_banner'), { text: t('field.password_change'), run });
    return;
  }
  banner(
    'auth',
    'warn',
    needed ? t('field.relogin_banner') : null,
    needed ? { text: t('field.relogin'), run: () => app.go('login') } : null,
  );
}

async function boot() {
  await open();
  app.user = (await getMeta('user')) || null;
  await setLanguage((await getMeta('lang')) || app.user?.language || 'id');
  for (const tab of document.querySelectorAll('#tabs a'))
    tab.firstChild.textContent = `${t(`field.tab_${tab.dataset.tab}`)} `;
  watchNetwork();
  watchInstall();
  sync.install();
  sync.on('auth-required', authBanner);
  // Marks the page while a sync runs (styles and browser tests read it; no state lives in the DOM otherwise).
  document.documentElement.dataset.sync = 'idle';
  sync.on('state', ({ running }) => (document.documentElement.dataset.sync = running ? 'running' : 'idle'));
  sync.on('done', () => {
    app.refreshCounts();
    authBanner();
    // Show what the sync brought, but never under the kader's fingers (typing a search, choosing a filter).
    const busy = main.contains(document.activeElement) && document.activeElement.matches('input, select, textarea');
    if (!formOpen && !busy && ['roster', 'outbox', 'detail', 'visit'].includes(main.dataset.screen)) route();
  });
  addEventListener('hashchange', route);
  // One date check for every form: an unreadable date stops the submit (before the form's own handler) with its
  // message beside the field, so no screen ever stores a guessed day.
  main.addEventListener(
    'submit',
    (event) => {
      const errors = dateErrors(event.target);
      if (!Object.keys(errors).length) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      showErrors(event.target, errors);
    },
    true,
  );
  if (!(await getMeta('persist_asked')) && navigator.storage && navigator.storage.persist) {
    await setMeta('persisted', await navigator.storage.persist());
    await setMeta('persist_asked', true);
  }
  await route();
  app.refreshCounts();
  authBanner();
  if (app.user) sync.syncNow('start');
  await registerWorker().catch((error) => console.warn('service worker', error));
  readiness.start({ register: registerWorker, sync: (reason) => sync.syncNow(reason), loggedIn: () => !!app.user });
  sync.on('done', (result) => result.ok && !readiness.current()?.ready && readiness.ensure('sync'));
}

boot();
