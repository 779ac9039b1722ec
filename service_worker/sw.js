// Posyandu ILP service worker: precached shell (cache-first), network-first pages, never caches /api/.
// VERSION and PRECACHE are injected by posyandu_app/web/pwa.py (hash of the precached files' contents).
const VERSION = '__VERSION__';
const PRECACHE = ['__PRECACHE__'];
const CACHE = `posyandu-shell-${VERSION}`;
const SHELL = '/app';
const OFFLINE = '/offline';

self.addEventListener('install', (event) => {
  // No skipWaiting here: a new version waits until the page says no form is open.
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(PRECACHE.map((url) => new Request(url, { cache: 'reload' })))),
  );
});

self.addEventListener('activate', (event) => {
  // Only our own old shell caches go; IndexedDB (the kader's records) is never touched by the worker.
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key.startsWith('posyandu-shell-') && key !== CACHE) await caches.delete(key);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('message', (event) => {
  const type = event.data && event.data.type;
  if (type === 'skip-waiting') self.skipWaiting();
  else if (type === 'version' && event.ports[0]) event.ports[0].postMessage({ version: VERSION });
  // The page checks readiness for a day offline against exactly this list and this version's cache.
  else if (type === 'precache' && event.ports[0]) event.ports[0].postMessage({ version: VERSION, urls: PRECACHE });
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  if (request.mode === 'navigate') {
    event.respondWith(navigate(request, url));
  } else if (PRECACHE.includes(url.pathname) || url.pathname.startsWith('/static/')) {
    event.respondWith(cacheFirst(request));
  }
});

async function navigate(request, url) {
  try {
    return await fetch(request);
  } catch (error) {
    const cache = await caches.open(CACHE);
    const fallback = url.pathname === SHELL || url.pathname === '/' ? SHELL : OFFLINE;
    return (await cache.match(fallback)) || Response.error();
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request, { ignoreSearch: true });
  return hit || fetch(request);
}

// Background Sync: wake an open app to upload; the page owns the outbox, its session and the CSRF token.
self.addEventListener('sync', (event) => {
  if (event.tag !== 'outbox') return;
  event.waitUntil(
    self.clients.matchAll({ type: 'window' }).then((clients) => {
      for (const client of clients) client.postMessage({ type: 'sync' });
    }),
  );
});
