// Local records for the screens (roster, visits, reviews) and how server copies from sync land on the phone.
import { all, byIndex, get, put, tx } from './db.js';
import { kind, ready } from './kinds.js';

export { today } from './clock.js'; // the phone's local YYYY-MM-DD (one clock for every screen)

// Everyone on the phone, including people who left the register (people.hasLeft): search, names in the outbox
// and the duplicate check need them; the roster keeps them out of groups, due and referral lists itself.
export const persons = async () => (await all('roster')).filter((p) => !p.deleted_at && !p.merged_into_id);
export const person = (id) => get('roster', id);
export const visit = (id) => get('visits', id);
export const reviews = () => all('reviews');

// A person's visits, newest first; superseded versions hidden (their correction stands in for them).
export async function visitsOf(personId, entity = null) {
  const own = await byIndex('visits', 'person_id', personId);
  const superseded = new Set(own.map((v) => v.supersedes || v.supersedes_id).filter(Boolean));
  const rows = own.filter(
    (v) => v.is_current !== false && !v.deleted_at && !superseded.has(v.id) && (!entity || v.entity === entity),
  );
  return rows.sort(
    (a, b) =>
      (b.visit_date || '').localeCompare(a.visit_date || '') ||
      (b.recorded_at || '').localeCompare(a.recorded_at || ''),
  );
}

export async function allVisits() {
  const rows = await all('visits');
  const superseded = new Set(rows.map((v) => v.supersedes || v.supersedes_id).filter(Boolean));
  return rows.filter((v) => v.is_current !== false && !v.deleted_at && !superseded.has(v.id));
}

// Returned visits still waiting for the kader (a correction saved on the phone settles them).
export async function openReviews() {
  const [rows, visits] = await Promise.all([all('reviews'), all('visits')]);
  const corrected = new Set(visits.map((v) => v.supersedes).filter(Boolean));
  return rows.filter((r) => !corrected.has(r.id));
}

// The ongoing pregnancy of a person, if any.
export async function currentEpisode(personId) {
  return (await visitsOf(personId, 'pregnancy')).find((e) => (e.outcome || 'ongoing') === 'ongoing') || null;
}

// A visit whose kind closes the record it hangs below (visit_kinds.json `closes`: a delivery ends its pregnancy):
// the phone shows it closed at once. The server closes it in the same op (services/sync_close.py) and its copy,
// one version up, replaces this one at the next pull; no op is queued for it.
export async function closeParent(entity, visit) {
  const k = kind(entity);
  const parent = k && k.closes && k.parent ? await get('visits', visit[k.parent]) : null;
  if (!parent) return null;
  const closed = { ...parent, [k.closes.field]: k.closes.value, [k.closes.date_field]: visit.visit_date };
  await put('visits', closed);
  return closed;
}

// The server copy wins for server-owned fields (results, status, version, review) once the op is applied.
export function mergeServer(local, server) {
  // _mine: this phone sent it (the outbox lists only those as "Terkirim"; downloaded records are not the kader's).
  const merged = {
    ...local,
    ...server,
    entity: local.entity,
    local_results: local.local_results,
    _state: 'sent',
    _mine: true,
  };
  delete merged._base;
  delete merged._changed;
  delete merged._server;
  return merged;
}

// A local copy still waiting in the outbox (or for the kader's fix) is never dropped by a pull.
const UNSENT = new Set(['local', 'rejected', 'conflict']);

// Pulled changes: [{entity, id, deleted, data}]. A record with an unsent local edit keeps it (the server copy
// is remembered beside it); returned visits go to the kader's "perlu diperbaiki" list.
export async function applyChanges(changes) {
  if (!changes.length) return;
  await ready(); // which entities are visits (reviewed, returned): read inside the transaction, which cannot wait
  await tx(['roster', 'visits', 'reviews'], 'readwrite', async (s) => {
    const req = (r) =>
      new Promise((resolve, reject) => {
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
    for (const change of changes) {
      const { entity } = change;
      const data = change.data || change.record || {};
      const id = change.id || change.record_id || data.id;
      const store = entity === 'person' ? s.roster : s.visits;
      const local = await req(store.get(id));
      if (change.deleted || data.deleted_at) {
        if (!local || local._state !== 'local') await req(store.delete(id));
        await req(s.reviews.delete(id));
        if (entity === 'person' && data.merged_into_id) {
          // merged by the bidan: the visits follow the person
          for (const v of await req(s.visits.index('person_id').getAll(id)))
            await req(s.visits.put({ ...v, person_id: data.merged_into_id }));
        } else if (entity === 'person') {
          // deleted, or merged into a person of another posyandu (the server does not name it): its sent visits
          // now live elsewhere; what the kader has not sent yet stays, and the server's answer says why
          for (const v of await req(s.visits.index('person_id').getAll(id))) {
            if (v._op || UNSENT.has(v._state)) continue;
            await req(s.visits.delete(v.id));
            await req(s.reviews.delete(v.id));
          }
        }
        continue;
      }
      const server = { ...data, id, ...(entity === 'person' ? {} : { entity }) };
      if (local && local._state === 'local') {
        await req(store.put({ ...local, _server: server }));
      } else {
        await req(store.put({ ...server, local_results: local?.local_results, _state: 'sent', _mine: local?._mine }));
      }
      if (kind(entity)?.append_only) {
        if (data.status === 'returned' && data.is_current !== false) {
          await req(
            s.reviews.put({
              id,
              entity,
              person_id: data.person_id,
              visit_date: data.visit_date,
              review_note: data.review_note,
              reviewed_at: data.reviewed_at,
            }),
          );
        } else {
          await req(s.reviews.delete(id));
        }
      }
    }
  });
}

// Visible state of a record: tersimpan di HP -> terkirim -> diverifikasi / perlu diperbaiki.
export function recordState(record) {
  if (!record) return 'local';
  if (record._state === 'rejected' || record._state === 'conflict') return record._state;
  if (record._state === 'local') return 'local';
  if (record.status === 'verified') return 'verified';
  if (record.status === 'returned') return 'returned';
  return 'sent';
}
