// Today's posyandu: a bidan (or anyone with several posyandu) says where she works today; the roster, due lists and
// new registrations follow it. Remembered for the phone's calendar day only (clock.js), so tomorrow asks again.
import { today } from './clock.js';
import { getMeta, setMeta } from './db.js';

const KEY = 'today_posyandu';

// [{id, name}] of the account's posyandu (the session's list; an older session held only the ids).
export function choices(user) {
  if (!user) return [];
  if (Array.isArray(user.posyandu) && user.posyandu.length) return user.posyandu;
  return (user.posyandu_ids || []).map((id) => ({ id, name: String(id) }));
}

// Only an account with more than one posyandu picks: a kader of one sees no change.
export const picks = (user) => choices(user).length > 1;

// The posyandu chosen today, the only one of a kader, or null (several and none chosen today yet).
export async function current(user, day = today()) {
  const list = choices(user);
  if (list.length <= 1) return list[0] || null;
  const saved = await getMeta(KEY);
  if (!saved || saved.date !== day) return null;
  return list.find((p) => p.id === saved.id) || null;
}

// Chosen for today; the server still checks the posyandu is in the account's scope on upload.
export const choose = (id, day = today()) => setMeta(KEY, { date: day, id: Number(id) });

export const nameOf = (user, id) => (choices(user).find((p) => p.id === id) || {}).name || '';
