// Formatting for numbers, sizes and the timeline's own axis labels. Record dates
// shown to people come pre-formatted from the backend; these are only for the axis,
// the slider label and counts.

export const fmtInt = (n: number): string => Math.round(n).toLocaleString('en-GB');

export function fmtBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${fmtInt(n)} ${n === 1 ? one : many}`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

// ---- UK local time (Europe/London) without Intl, so axis maths is fast and testable.
// British Summer Time: last Sunday of March 01:00 UTC to last Sunday of October 01:00 UTC
// (the rule in force since 1996; earlier years are treated the same).

function lastSundayUtc(year: number, month: number): number {
  // month 0-based; returns UTC seconds of that day's 01:00
  const last = Date.UTC(year, month + 1, 0); // last day of month
  const dow = new Date(last).getUTCDay();
  return (last - dow * 86400000) / 1000 + 3600;
}

const bstCache = new Map<number, [number, number]>();
function bstRange(year: number): [number, number] {
  let r = bstCache.get(year);
  if (!r) { r = [lastSundayUtc(year, 2), lastSundayUtc(year, 9)]; bstCache.set(year, r); }
  return r;
}

/** Offset of UK local time from UTC, in seconds, at UTC instant t. */
export function ukOffset(t: number): number {
  const year = new Date(t * 1000).getUTCFullYear();
  const [a, b] = bstRange(year);
  return t >= a && t < b ? 3600 : 0;
}

/** UK wall-clock fields of a UTC instant. */
export function ukParts(t: number): { y: number; m: number; d: number; hh: number; mm: number } {
  const d = new Date((t + ukOffset(t)) * 1000);
  return { y: d.getUTCFullYear(), m: d.getUTCMonth(), d: d.getUTCDate(), hh: d.getUTCHours(), mm: d.getUTCMinutes() };
}

/** UTC instant of a UK wall-clock time (month 0-based; day may overflow, like Date.UTC). */
export function ukInstant(y: number, m: number, d = 1, hh = 0, mm = 0): number {
  const wall = Date.UTC(y, m, d, hh, mm) / 1000;
  // Try the summer offset first; keep it only if it is consistent.
  const summer = wall - 3600;
  return ukOffset(summer) === 3600 ? summer : wall;
}

const pad = (n: number) => String(n).padStart(2, '0');

export function fmtDate(t: number): string {
  const p = ukParts(t);
  return `${pad(p.d)}/${pad(p.m + 1)}/${p.y}`;
}
export function fmtDateTime(t: number): string {
  const p = ukParts(t);
  return `${pad(p.d)}/${pad(p.m + 1)}/${p.y} ${pad(p.hh)}:${pad(p.mm)}`;
}
export function fmtMonthYear(t: number): string {
  const p = ukParts(t);
  return `${MONTHS[p.m]} ${p.y}`;
}
export function fmtDayMonth(t: number): string {
  const p = ukParts(t);
  return `${p.d} ${MONTHS[p.m]}`;
}
export function fmtTime(t: number): string {
  const p = ukParts(t);
  return `${pad(p.hh)}:${pad(p.mm)}`;
}
export { MONTHS };
