import { compileCron } from './cron-dst.ts';
import { formatOffset, isValidTimezone, resolveWall, wallClock } from './time-zone.ts';

/*
 * Parsing of the schedule fields of a request. Each parser returns a value or a message for a 400; the caller adds the
 * field name.
 */

/** The longest interval accepted: a year (365 days), in seconds. */
export const MAX_INTERVAL_S = 365 * 86_400;

const UNIT_S: Record<string, number> = {
  '': 1,
  s: 1,
  m: 60,
  h: 3600,
  d: 86_400,
};

const INTERVAL_HELP = 'must be a whole number of seconds ≥ 1, or a duration such as "90s", "5m", "2h" or "1d"';

/** An interval: an integer ≥ 1 (number or string) or a string with one unit, `90s`, `5m`, `2h`, `1d`; at most a year. */
export function parseInterval(v: unknown): { ok: true; seconds: number } | { ok: false; message: string } {
  let seconds: number;
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) return { ok: false, message: INTERVAL_HELP };
    seconds = v;
  } else if (typeof v === 'string') {
    const m = /^(\d{1,12})([smhd]?)$/.exec(v.trim());
    const unit = m === null ? undefined : UNIT_S[m[2] ?? ''];
    if (m === null || unit === undefined) return { ok: false, message: `"${v}" ${INTERVAL_HELP}` };
    seconds = Number(m[1]) * unit;
  } else {
    return { ok: false, message: INTERVAL_HELP };
  }
  if (seconds < 1)
    return {
      ok: false,
      message: `${INTERVAL_HELP}; ${String(v)} is less than a second`,
    };
  if (seconds > MAX_INTERVAL_S) {
    return {
      ok: false,
      message: `must be at most a year (${MAX_INTERVAL_S} seconds); use cron for longer periods`,
    };
  }
  return { ok: true, seconds };
}

/** Null when `expression` is a valid 5-field (or 6-field, seconds first) cron expression that matches some date. */
export function validateCron(expression: string): string | null {
  const rule = compileCron(expression, 'UTC');
  if (typeof rule === 'string') return rule;
  // Every 5/6-field expression that matches once matches again within 28 years (e.g. 29 February on a Monday).
  if (rule.cron.nextRun(new Date(Date.UTC(2000, 0, 1))) === null) {
    return `"${expression.trim()}" never matches a date (is the day of month past the end of the month?)`;
  }
  return null;
}

const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?$/;

const daysInMonth = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate();

/**
 * An ISO 8601 date-time. With `Z` or an offset it is that instant; without one it is a wall time in `timezone`. A wall
 * time that falls in a DST gap does not exist and is an error; one in a repeated hour is its first occurrence (as
 * cron runs it).
 */
/**
 * The instant as a result, unless an offset carried it past the year 9999 (`9999-12-31T23:59:59-12:00`): the API
 * writes times as ISO 8601 with a four-digit year, so such a time could be stored but not shown.
 */
function inRange(at: Date, help: string): { ok: true; at: Date } | { ok: false; message: string } {
  return at.getUTCFullYear() > 9999 ? { ok: false, message: `${help}: it falls after the year 9999 in UTC` } : { ok: true, at };
}

export function parseScheduleTime(
  v: string,
  timezone: string,
): { ok: true; at: Date } | { ok: false; message: string } {
  const m = ISO_DATE_TIME.exec(typeof v === 'string' ? v.trim() : '');
  const help = `"${String(v)}" is not an ISO 8601 date-time such as 2026-03-08T09:30:00Z, 2026-03-08T09:30:00+01:00 or 2026-03-08T09:30 (read in the task's timezone)`;
  if (m === null) return { ok: false, message: help };
  const [, ys, mos, ds, hs, mis, ss, frac, zone] = m;
  const y = Number(ys);
  const mo = Number(mos);
  const d = Number(ds);
  const h = Number(hs);
  const mi = Number(mis);
  const s = Number(ss ?? '0');
  const ms = Number((frac ?? '').padEnd(3, '0').slice(0, 3));
  if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59) {
    return { ok: false, message: `${help}: a field is out of range` };
  }
  const wall = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  if (zone !== undefined) {
    const off = zoneOffsetMs(zone);
    if (off === null) return { ok: false, message: `${help}: the offset is out of range` };
    return inRange(new Date(wall - off), help);
  }
  if (!isValidTimezone(timezone)) return { ok: false, message: `unknown time zone "${timezone}"` };
  const r = resolveWall(timezone, wall);
  if (r.kind === 'single') return inRange(new Date(r.at), help);
  if (r.kind === 'repeated') return inRange(new Date(r.first), help);
  const { gap } = r;
  return {
    ok: false,
    message:
      `${String(v).trim()} does not exist in ${timezone}: clocks go forward from ${wallClock(gap.at + gap.before)} ` +
      `to ${wallClock(gap.at + gap.after)} that day (${formatOffset(gap.before)} → ${formatOffset(gap.after)}); ` +
      `give a time outside the gap or with an offset`,
  };
}

/** `Z`, `+01:00`, `-0530`, `+01` → ms east of UTC; null when out of range. */
function zoneOffsetMs(zone: string): number | null {
  if (zone === 'Z' || zone === 'z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hh = Number(digits.slice(0, 2));
  const mm = Number(digits.slice(2, 4) || '0');
  if (hh > 23 || mm > 59) return null;
  return sign * (hh * 60 + mm) * 60_000;
}
