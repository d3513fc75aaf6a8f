/**
 * Time-zone arithmetic on top of Intl, the only time-zone database Node carries.
 *
 * A *wall time* is a local clock reading encoded as milliseconds since the epoch as if that clock were UTC, so calendar
 * arithmetic (Date.UTC, croner with utcOffset 0) works on it directly. An instant's wall time is instant + offset.
 * A *transition* is a change of offset: `at` is the first instant (ms) on the new offset. When the offset grows the
 * wall times [at + before, at + after) never happen (a gap); when it shrinks [at + after, at + before) happen twice
 * (an overlap).
 */

const SECOND = 1000;
export const DAY = 86_400_000;

export interface Transition {
  at: number;
  before: number;
  after: number;
}

// Memo caches of immutable, deterministic data (formatters; one year's transitions per zone), not state: building a
// formatter costs ~50 µs and scanning a year ~400 Intl calls. Bounded so user-supplied zone names cannot grow them.
const formatters = new Map<string, Intl.DateTimeFormat>();
const yearTransitions = new Map<string, readonly Transition[]>();
const CACHE_LIMIT = 4096;

function formatterFor(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    if (formatters.size >= CACHE_LIMIT) formatters.clear();
    formatters.set(tz, f);
  }
  return f;
}

/** True for a time-zone name Intl knows (IANA names such as `Europe/London`, and `UTC`); false for '' and garbage. */
export function isValidTimezone(tz: string): boolean {
  if (typeof tz !== 'string' || tz === '' || tz.trim() !== tz) return false;
  try {
    formatterFor(tz);
    return true;
  } catch {
    return false;
  }
}

/** The zone's offset from UTC at instant `t`, in ms (whole seconds). */
export function offsetAt(tz: string, t: number): number {
  let y = 1970;
  let mo = 1;
  let d = 1;
  let h = 0;
  let mi = 0;
  let s = 0;
  for (const p of formatterFor(tz).formatToParts(t)) {
    const v = Number(p.value);
    if (p.type === 'year') y = v;
    else if (p.type === 'month') mo = v;
    else if (p.type === 'day') d = v;
    else if (p.type === 'hour') h = v;
    else if (p.type === 'minute') mi = v;
    else if (p.type === 'second') s = v;
  }
  return Date.UTC(y, mo - 1, d, h, mi, s) - Math.floor(t / SECOND) * SECOND;
}

export function wallAt(tz: string, t: number): number {
  return t + offsetAt(tz, t);
}

/** Transitions with at in (yearStart, nextYearStart], found by sampling daily and bisecting to the second. */
function transitionsOfYear(tz: string, year: number): readonly Transition[] {
  const key = `${tz}\u0000${year}`;
  const cached = yearTransitions.get(key);
  if (cached !== undefined) return cached;
  const out: Transition[] = [];
  const end = Date.UTC(year + 1, 0, 1);
  let a = Date.UTC(year, 0, 1);
  let offA = offsetAt(tz, a);
  while (a < end) {
    const b = Math.min(a + DAY, end);
    const offB = offsetAt(tz, b);
    // Two changes that cancel out within one day are not seen; tzdb has none in the zones people schedule in.
    let lo = a;
    let offLo = offA;
    while (offLo !== offB) {
      let hi = b;
      while (hi - lo > SECOND) {
        const mid = lo + Math.floor((hi - lo) / (2 * SECOND)) * SECOND;
        if (offsetAt(tz, mid) === offLo) lo = mid;
        else hi = mid;
      }
      const after = offsetAt(tz, hi);
      out.push({ at: hi, before: offLo, after });
      lo = hi;
      offLo = after;
    }
    a = b;
    offA = offB;
  }
  if (yearTransitions.size >= CACHE_LIMIT) yearTransitions.clear();
  yearTransitions.set(key, out);
  return out;
}

const yearOf = (t: number): number => new Date(t).getUTCFullYear();

/** Every transition with lo < at ≤ hi, oldest first. */
export function transitionsBetween(tz: string, lo: number, hi: number): Transition[] {
  const out: Transition[] = [];
  for (let y = yearOf(lo); y <= yearOf(hi); y++) {
    for (const tr of transitionsOfYear(tz, y)) if (tr.at > lo && tr.at <= hi) out.push(tr);
  }
  return out;
}

/** The first transition with lo < at ≤ hi, or null; scans only as many years as it needs. */
export function firstTransitionBetween(tz: string, lo: number, hi: number): Transition | null {
  for (let y = yearOf(lo); y <= yearOf(hi); y++) {
    for (const tr of transitionsOfYear(tz, y)) if (tr.at > lo && tr.at <= hi) return tr;
  }
  return null;
}

/** The last transition with lo < at ≤ hi, or null. */
export function lastTransitionBetween(tz: string, lo: number, hi: number): Transition | null {
  for (let y = yearOf(hi); y >= yearOf(lo); y--) {
    const list = transitionsOfYear(tz, y);
    for (let i = list.length - 1; i >= 0; i--) {
      const tr = list[i];
      if (tr !== undefined && tr.at > lo && tr.at <= hi) return tr;
    }
  }
  return null;
}

export type WallResolution =
  | { kind: 'single'; at: number }
  | { kind: 'repeated'; first: number; second: number }
  | { kind: 'skipped'; gap: Transition };

/** The instants at which the zone's clocks show wall time `w`: one, two (an overlap) or none (a gap). */
export function resolveWall(tz: string, w: number): WallResolution {
  // Offsets stay within a day of UTC, so every instant showing `w` lies in (w − 2 days, w + 2 days].
  const lo = w - 2 * DAY;
  const trs = transitionsBetween(tz, lo, w + 2 * DAY);
  const hits: number[] = [];
  let segStart = lo;
  let off = offsetAt(tz, lo);
  for (let i = 0; i <= trs.length; i++) {
    const next = trs[i];
    const segEnd = next === undefined ? Infinity : next.at;
    const t = w - off;
    if (t >= segStart && t < segEnd) hits.push(t);
    if (next === undefined) break;
    segStart = next.at;
    off = next.after;
  }
  const [first] = hits;
  const second = hits[hits.length - 1];
  if (first !== undefined && second !== undefined) {
    return first === second ? { kind: 'single', at: first } : { kind: 'repeated', first, second };
  }
  const gap = trs.find((tr) => tr.after > tr.before && tr.at + tr.before <= w && w < tr.at + tr.after);
  return gap === undefined ? { kind: 'single', at: w - offsetAt(tz, w) } : { kind: 'skipped', gap };
}

/** The latest wall time the zone's clocks have shown at or before instant `x` (later than wall(x) in an overlap). */
export function maxWallUpTo(tz: string, x: number): number {
  let m = wallAt(tz, x);
  // A clock that went back shows less than it did just before; it went back at most a day before x and by < a day.
  for (const tr of transitionsBetween(tz, x - 2 * DAY, x)) {
    if (tr.after < tr.before) m = Math.max(m, tr.at - 1 + tr.before);
  }
  return m;
}

/** `2026-03-29` for a wall time. */
export function wallDate(w: number): string {
  return new Date(w).toISOString().slice(0, 10);
}

/** `02:30`, or `02:30:15` when the seconds are not zero. */
export function wallClock(w: number): string {
  const iso = new Date(w).toISOString();
  return iso.slice(17, 19) === '00' ? iso.slice(11, 16) : iso.slice(11, 19);
}

/** `UTC+01:00`, `UTC-05:00`, `UTC+12:45`. */
export function formatOffset(off: number): string {
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off);
  const hh = String(Math.floor(abs / 3_600_000)).padStart(2, '0');
  const mm = String(Math.floor((abs % 3_600_000) / 60_000)).padStart(2, '0');
  const ss = Math.floor((abs % 60_000) / SECOND);
  return `UTC${sign}${hh}:${mm}${ss === 0 ? '' : `:${String(ss).padStart(2, '0')}`}`;
}
