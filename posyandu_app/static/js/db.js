// IndexedDB in the spirit of idb-keyval: a few promise helpers over versioned stores (the phone's only copy).
const NAME = 'posyandu-ilp';
// Each entry upgrades from the previous version; never edit a released step, add a new one.
const UPGRADES = [
  (db) => {
    const roster = db.createObjectStore('roster', { keyPath: 'id' });
    roster.createIndex('posyandu_id', 'posyandu_id');
    const visits = db.createObjectStore('visits', { keyPath: 'id' });
    visits.createIndex('person_id', 'person_id');
    const outbox = db.createObjectStore('outbox', { keyPath: 'op_id' });
    outbox.createIndex('seq', 'seq');
    outbox.createIndex('record_id', 'id');
    db.createObjectStore('reviews', { keyPath: 'id' });
    db.createObjectStore('meta');
  },
];
export const VERSION = UPGRADES.length;

let opening = null;

export function open(factory = globalThis.indexedDB) {
  if (!opening) {
    opening = new Promise((resolve, reject) => {
      const request = factory.open(NAME, VERSION);
      request.onupgradeneeded = (event) => {
        for (let v = event.oldVersion; v < VERSION; v += 1) UPGRADES[v](request.result, request.transaction);
      };
      request.onsuccess = () => {
        const db = request.result;
        db.onversionchange = () => {
          db.close();
          opening = null;
        }; // let a newer tab upgrade
        resolve(db);
      };
      request.onerror = () => {
        opening = null;
        reject(request.error);
      };
      request.onblocked = () => console.warn('IndexedDB upgrade blocked by another tab');
    });
  }
  return opening;
}

const done = (request) =>
  new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });

// Run fn(stores) inside one transaction over `names`; resolves after the commit (so data is really stored).
export async function tx(names, mode, fn) {
  const db = await open();
  const list = Array.isArray(names) ? names : [names];
  const t = db.transaction(list, mode);
  const stores = Object.fromEntries(list.map((n) => [n, t.objectStore(n)]));
  let result;
  const committed = new Promise((resolve, reject) => {
    t.oncomplete = () => resolve();
    t.onerror = () => reject(t.error);
    t.onabort = () => reject(t.error || new Error('transaction aborted'));
  });
  result = await fn(stores, done);
  await committed;
  return result;
}

export const get = (store, key) => tx(store, 'readonly', (s) => done(s[store].get(key)));
export const all = (store) => tx(store, 'readonly', (s) => done(s[store].getAll()));
export const put = (store, value, key) =>
  tx(store, 'readwrite', (s) => done(key === undefined ? s[store].put(value) : s[store].put(value, key)));
export const byIndex = (store, index, key) => tx(store, 'readonly', (s) => done(s[store].index(index).getAll(key)));

// Empty several stores in one transaction (another account takes over the phone).
export const clearStores = (names) =>
  tx(names, 'readwrite', (s) => Promise.all(names.map((name) => done(s[name].clear()))));
export const getMeta = (key) => get('meta', key);
export const setMeta = (key, value) => put('meta', value, key);
