import { Cron } from 'croner';
import {
  DAY,
  firstTransitionBetween,
  isValidTimezone,
  lastTransitionBetween,
  maxWallUpTo,
  offsetAt,
  resolveWall,
} from './time-zone.ts';

/*
 * Cron fire times in a time zone, with the DST rules of Debian's cron (README "Schedules and DST"):
 *
 * - A *fixed-time* job (hour field not `*`, e.g. `30 2 * * *`) runs at the wall times its fields name. A wall time in a
 *   skipped hour (spring forward) runs once, right after the gap: 02:30 on the spring-forward day runs at 03:00 local,
 *   and several skipped times of one gap collapse into that one run (merged with a run due at 03:00 itself). A wall
 *   time in a repeated hour (fall back) runs once, at its first occurrence.
 * - A *wildcard* job (hour field `*`, `*\/n` or `?`, e.g. `*\/15 * * * *`, `* * * * * *`) runs on elapsed time: the
 *   instants whose local clock reading matches. Times inside a gap never occur, so they do not run; times in a repeated
 *   hour occur twice, so they run in both occurrences.
 *
 * croner 10 gets this wrong in three ways, which is why it is only used here to match fields against wall times (with
 * utcOffset 0, where no DST exists): (1) a skipped time is shifted by the gap's length (02:30 → 03:30 local, not
 * 03:00); (2) a wildcard job in a gap goes back in time (`*\/15` in New York on 2026-03-08 gives 03:00, 03:15, 03:30,
 * 03:45 EDT and then 03:00 again); (3) a wildcard job does not run in the second occurrence of a repeated hour.
 * Its backward search also throws on patterns that never match, so its results are checked before use.
 *
 * Fire times strictly increase: a fixed job maps wall times to instants monotonically (first occurrence, or the end of
 * the gap) and drops duplicates; a wildcard job's fire times are instants.
 */

const NICKNAMES: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

const SECOND = 1000;

export interface CronRule {
  readonly cron: Cron;
  readonly timezone: string;
  /** The hour field is a wildcard: the job runs on elapsed time across DST changes. */
  readonly wildcardHour: boolean;
}

/** Trims the expression and separates its fields by single spaces. */
export function normalizeCron(expression: string): string {
  return expression.trim().split(/\s+/).join(' ');
}

// A memo of parsed expressions: croner allocates ~10k-entry tables per pattern (~100 µs), which would dominate
// planning a firing. Rules are immutable (no callback, so no timers); bounded so arbitrary input cannot grow it.
const compiled = new Map<string, CronRule | string>();

/** Parses a 5-field (or 6-field, seconds first) expression for `timezone`; a message for a 400 when it is invalid. */
export function compileCron(expression: string, timezone: string): CronRule | string {
  const key = `${timezone}\u0000${expression}`;
  let rule = compiled.get(key);
  if (rule === undefined) {
    rule = parseCron(expression, timezone);
    if (compiled.size >= 1000) compiled.clear();
    compiled.set(key, rule);
  }
  return rule;
}

function parseCron(expression: string, timezone: string): CronRule | string {
  // Checked here too so that a bad zone in a stored schedule ends its firings instead of throwing in the worker.
  if (!isValidTimezone(timezone)) return `unknown time zone "${timezone}"`;
  const normal = normalizeCron(expression);
  if (normal === '') return 'must not be empty; give 5 fields (minute hour day-of-month month day-of-week)';
  const expanded = normal.startsWith('@') ? NICKNAMES[normal.toLowerCase()] : normal;
  if (expanded === undefined) {
    return `"${normal}" is not supported; use 5 fields or one of ${Object.keys(NICKNAMES).join(', ')}`;
  }
  const fields = expanded.split(' ');
  if (fields.length !== 5 && fields.length !== 6) {
    return `must have 5 fields (minute hour day-of-month month day-of-week) or 6 with seconds first; "${normal}" has ${fields.length}`;
  }
  const [dom, dow] = fields.length === 6 ? [fields[3], fields[5]] : [fields[2], fields[4]];
  // Debian's (Vixie) cron: a day field that starts with `*` is unrestricted, so `*/2` in day-of-month ANDs with a
  // restricted day-of-week (and the reverse); only when both are restricted do they OR. croner ORs whenever neither
  // is exactly `*`, so the rule is decided here.
  const domAndDow = /^[*?]/.test(dom ?? '*') || /^[*?]/.test(dow ?? '*');
  let cron: Cron;
  try {
    cron = new Cron(expanded, { utcOffset: 0, mode: '5-or-6-parts', domAndDow });
  } catch (e) {
    const why = (e instanceof Error ? e.message : String(e)).replace(/^CronPattern:\s*/, '');
    return `"${normal}" is not a valid cron expression: ${why}`;
  }
  const hour = fields.length === 6 ? fields[2] : fields[1];
  return {
    cron,
    timezone,
    wildcardHour: hour !== undefined && /^[*?]/.test(hour),
  };
}

/** The smallest matching wall time strictly after wall time `w` (croner strips ms, so this holds at ms precision). */
export function wallAfter(rule: CronRule, w: number): number | null {
  const next = rule.cron.nextRun(new Date(w));
  return next === null ? null : next.getTime();
}

/** The largest matching wall time in [floor, w], or null. */
export function wallAtOrBefore(rule: CronRule, w: number, floor: number): number | null {
  const target = Math.floor(w / SECOND) * SECOND;
  let guess: number | null = null;
  try {
    guess = rule.cron.previousRuns(1, new Date(target + SECOND))[0]?.getTime() ?? null;
  } catch {
    guess = null;
  }
  if (guess !== null && guess <= target && rule.cron.match(new Date(guess))) {
    const after = wallAfter(rule, guess);
    if (after === null || after > target) return guess >= floor ? guess : null;
  }
  return searchBackward(rule, target, floor);
}

/** Backward search built on forward steps only: gallop back to a point before a match, then bisect. */
function searchBackward(rule: CronRule, target: number, floor: number): number | null {
  let span = DAY;
  let lo = target - span;
  for (;;) {
    const n = wallAfter(rule, lo);
    if (n !== null && n <= target) break;
    if (lo < floor) return null;
    span *= 2;
    lo = target - span;
  }
  let hi = target; // invariant: wallAfter(lo) ≤ target < wallAfter(hi)
  while (hi - lo > SECOND) {
    const mid = lo + Math.floor((hi - lo) / (2 * SECOND)) * SECOND;
    const n = wallAfter(rule, mid);
    if (n !== null && n <= target) lo = mid;
    else hi = mid;
  }
  const found = wallAfter(rule, lo);
  return found !== null && found >= floor ? found : null;
}

/** When a fixed-time job whose wall time is `w` runs: its first occurrence, or the end of the gap it falls in. */
export function fixedInstant(tz: string, w: number): number {
  const r = resolveWall(tz, w);
  if (r.kind === 'single') return r.at;
  if (r.kind === 'repeated') return r.first;
  return r.gap.at;
}

/** The first fire time strictly after instant `after` (ms), or null if the expression never matches again. */
export function nextCronFire(rule: CronRule, after: number): number | null {
  return rule.wildcardHour ? nextElapsed(rule, after) : nextFixed(rule, after);
}

/** The last fire time strictly before instant `before` and not before `notBefore`, or null. */
export function prevCronFire(rule: CronRule, before: number, notBefore: number): number | null {
  return rule.wildcardHour ? prevElapsed(rule, before, notBefore) : prevFixed(rule, before, notBefore);
}

function nextFixed(rule: CronRule, after: number): number | null {
  // Wall times the clock has already shown (in an overlap: more than its current reading) have had their run.
  let floor = maxWallUpTo(rule.timezone, after);
  for (let i = 0; i < 1000; i++) {
    const w = wallAfter(rule, floor);
    if (w === null) return null;
    const t = fixedInstant(rule.timezone, w);
    if (t > after) return t;
    floor = w; // only for a history stranger than maxWallUpTo allows for
  }
  return null;
}

function prevFixed(rule: CronRule, before: number, notBefore: number): number | null {
  const w = wallAtOrBefore(rule, maxWallUpTo(rule.timezone, before - 1), notBefore - DAY);
  if (w === null) return null;
  const t = fixedInstant(rule.timezone, w);
  return t >= notBefore && t < before ? t : null;
}

function nextElapsed(rule: CronRule, after: number): number | null {
  // Walk the spans of constant offset: a match in the current span is the answer unless a transition comes first.
  let from = after;
  for (let i = 0; i < 10_000; i++) {
    const off = offsetAt(rule.timezone, from + 1);
    const w = wallAfter(rule, from + off);
    if (w === null) return null;
    const t = w - off;
    const tr = firstTransitionBetween(rule.timezone, from + 1, t);
    if (tr === null) return t;
    from = tr.at - 1;
  }
  return null;
}

function prevElapsed(rule: CronRule, before: number, notBefore: number): number | null {
  let to = before;
  for (let i = 0; i < 10_000 && to > notBefore; i++) {
    const off = offsetAt(rule.timezone, to - 1);
    const w = wallAtOrBefore(rule, to - 1 + off, notBefore + off - DAY);
    if (w === null) return null;
    const t = w - off;
    const tr = lastTransitionBetween(rule.timezone, t, to - 1);
    if (tr === null) return t >= notBefore ? t : null;
    to = tr.at;
  }
  return null;
}
