// The phone's one clock: every screen and rule that needs 'now' or 'today' asks here, so tests can move time
// (Playwright page.clock in the browser, a fake Date in node). today() is the phone's own calendar date in its
// own time zone: a kader in Papua at 23:50 WIT records the visit on her date, not on UTC's. The server takes any
// date up to today in WIT, the Indonesian day that starts first (posyandu_app/clock.py).
const pad = (n) => String(n).padStart(2, '0');

export const now = () => new Date();
export const nowIso = () => now().toISOString(); // an instant (recorded_at, last sync), always UTC
export function today() {
  const d = now();
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`; // local YYYY-MM-DD
}
