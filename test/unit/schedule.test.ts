import { describe, it, expect } from 'vitest';
import {
  firstFiring,
  isValidTimezone,
  nextFireTime,
  parseInterval,
  parseScheduleTime,
  scheduleToJson,
  validateCron,
  type Schedule,
} from '../../src/domain/schedule.ts';

const at = (iso: string): Date => new Date(iso);
const cron = (expression: string, timezone = 'UTC'): Schedule => ({
  type: 'cron',
  expression,
  timezone,
});

describe('parseInterval', () => {
  it.each([
    [90, 90],
    [1, 1],
    ['90', 90],
    ['90s', 90],
    ['5m', 300],
    ['2h', 7200],
    ['1d', 86_400],
    [' 15m ', 900],
    [31_536_000, 31_536_000],
  ])('reads %j as %i seconds', (input, seconds) => {
    expect(parseInterval(input)).toEqual({ ok: true, seconds });
  });

  it.each([
    0,
    -5,
    1.5,
    '0',
    '0s',
    '-5',
    '1.5',
    '5 m',
    '5min',
    'm',
    '',
    'soon',
    '5M',
    '366d',
    31_536_001,
    1e30,
    NaN,
    Infinity,
    null,
    true,
    {},
    [5],
  ])('rejects %j with a message', (input) => {
    const r = parseInterval(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message.length).toBeGreaterThan(10);
  });
});

describe('validateCron', () => {
  it.each([
    '* * * * *',
    '0 9 * * 1-5',
    '*/15 * * * *',
    '0 0 1 1 *',
    '30 2 * * *',
    '5 4 * * sun',
    '0 0 L * *',
    '15 10 * * * *',
    '*/5 * * * * *',
    '@daily',
    '@hourly',
  ])('accepts %s', (expression) => {
    expect(validateCron(expression)).toBeNull();
  });

  it('accepts an expression with extra whitespace', () => {
    expect(validateCron('  0   9 *\t* 1-5 ')).toBeNull();
  });

  it.each([
    ['', /empty/],
    ['* * * *', /5 fields/],
    ['0 0 1 1 * 2030', /not a valid cron/],
    ['1 2 3 4 5 6 7', /has 7/],
    ['60 * * * *', /not a valid cron/],
    ['* 24 * * *', /not a valid cron/],
    ['*/0 * * * *', /stepping/],
    ['a b c d e', /not a valid cron/],
    ['0 0 30 2 *', /never matches/],
    ['@reboot', /not supported/],
  ])('rejects %j, saying why', (expression, why) => {
    expect(validateCron(expression)).toMatch(why);
  });
});

describe('isValidTimezone', () => {
  it('accepts IANA names and UTC', () => {
    for (const tz of ['UTC', 'Europe/London', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata']) {
      expect(isValidTimezone(tz)).toBe(true);
    }
  });

  it('rejects empty and made-up names', () => {
    for (const tz of ['', ' ', 'Mars/Olympus', 'Europe/Londn', 'GMT+25', ' UTC'])
      expect(isValidTimezone(tz)).toBe(false);
  });
});

describe('parseScheduleTime', () => {
  const ok = (v: string, tz: string): string => {
    const r = parseScheduleTime(v, tz);
    if (!r.ok) throw new Error(r.message);
    return r.at.toISOString();
  };

  it('refuses a time that an offset or a zone carries past the year 9999 in UTC, and keeps the last one before it', () => {
    expect(parseScheduleTime('9999-12-31T23:59:59-12:00', 'UTC').ok).toBe(false);
    expect(parseScheduleTime('9999-12-31T23:59:59', 'America/Los_Angeles').ok).toBe(false);
    expect(ok('9999-12-31T23:59:59Z', 'UTC')).toBe('9999-12-31T23:59:59.000Z');
  });

  it('reads a time with Z as that instant', () => {
    expect(ok('2026-06-01T09:30:00Z', 'America/New_York')).toBe('2026-06-01T09:30:00.000Z');
  });

  it('reads a time with an offset as that instant, whatever the zone', () => {
    expect(ok('2026-06-01T09:30:00+02:00', 'UTC')).toBe('2026-06-01T07:30:00.000Z');
    expect(ok('2026-06-01T09:30:00-0530', 'Europe/London')).toBe('2026-06-01T15:00:00.000Z');
    expect(ok('2026-06-01T09:30:00.250Z', 'UTC')).toBe('2026-06-01T09:30:00.250Z');
  });

  it('reads a time without an offset in the given zone, summer and winter', () => {
    expect(ok('2026-06-01T09:30', 'Europe/London')).toBe('2026-06-01T08:30:00.000Z');
    expect(ok('2026-01-15T09:30:00', 'Europe/London')).toBe('2026-01-15T09:30:00.000Z');
    expect(ok('2026-06-01T09:30:00', 'America/New_York')).toBe('2026-06-01T13:30:00.000Z');
    expect(ok('2026-01-15T09:30:00', 'America/New_York')).toBe('2026-01-15T14:30:00.000Z');
  });

  it('refuses a wall time inside a spring-forward gap, saying it does not exist', () => {
    const ny = parseScheduleTime('2026-03-08T02:30', 'America/New_York');
    expect(ny.ok).toBe(false);
    if (!ny.ok) expect(ny.message).toMatch(/does not exist in America\/New_York.*02:00 to 03:00/);
    const london = parseScheduleTime('2026-03-29T01:15:00', 'Europe/London');
    expect(london.ok).toBe(false);
    if (!london.ok) expect(london.message).toMatch(/does not exist in Europe\/London/);
  });

  it('reads a wall time in a repeated hour as its first occurrence', () => {
    expect(ok('2026-11-01T01:30', 'America/New_York')).toBe('2026-11-01T05:30:00.000Z');
    expect(ok('2026-10-25T01:30', 'Europe/London')).toBe('2026-10-25T00:30:00.000Z');
  });

  it.each([
    'tomorrow',
    '',
    '2026-02-30T10:00:00Z',
    '2026-13-01T10:00Z',
    '2026-06-01',
    '2026-06-01T25:00',
    '2026-06-01T10:00+25:00',
    '10:00',
    '1700000000',
  ])('rejects %j', (v) => {
    expect(parseScheduleTime(v, 'UTC').ok).toBe(false);
  });
});

describe('scheduleToJson', () => {
  it('writes a one-shot time as ISO 8601 in UTC with Z', () => {
    expect(scheduleToJson({ type: 'once', at: at('2026-06-01T09:30:00+02:00') })).toEqual({
      type: 'once',
      at: '2026-06-01T07:30:00.000Z',
    });
    expect(scheduleToJson(cron('0 9 * * *', 'Europe/London'))).toEqual({
      type: 'cron',
      expression: '0 9 * * *',
      timezone: 'Europe/London',
    });
    expect(scheduleToJson({ type: 'interval', seconds: 90 })).toEqual({
      type: 'interval',
      seconds: 90,
    });
  });
});

describe('firstFiring', () => {
  const now = at('2026-06-01T12:00:00.500Z');

  it('fires a one-shot at its time, even when that time has passed', () => {
    expect(firstFiring({ type: 'once', at: at('2026-06-02T00:00:00Z') }, now)).toEqual(at('2026-06-02T00:00:00Z'));
    expect(firstFiring({ type: 'once', at: at('2026-05-01T00:00:00Z') }, now)).toEqual(at('2026-05-01T00:00:00Z'));
  });

  it('fires an interval one interval after now', () => {
    expect(firstFiring({ type: 'interval', seconds: 90 }, now)).toEqual(at('2026-06-01T12:01:30.500Z'));
  });

  it('fires a cron at its first time strictly after now, in its zone', () => {
    expect(firstFiring(cron('0 9 * * *', 'Europe/London'), now)).toEqual(at('2026-06-02T08:00:00Z'));
    expect(firstFiring(cron('0 12 * * *'), at('2026-06-01T12:00:00Z'))).toEqual(at('2026-06-02T12:00:00Z'));
  });
});

describe('nextFireTime', () => {
  it('keeps an interval on the cadence of its anchor, whatever the time it is asked after', () => {
    const s: Schedule = { type: 'interval', seconds: 60 };
    const anchor = at('2026-06-01T12:00:00Z');
    expect(nextFireTime(s, anchor, anchor)).toEqual(at('2026-06-01T12:01:00Z'));
    expect(nextFireTime(s, at('2026-06-01T12:01:00Z'), anchor)).toEqual(at('2026-06-01T12:02:00Z'));
    expect(nextFireTime(s, at('2026-06-01T12:07:42.123Z'), anchor)).toEqual(at('2026-06-01T12:08:00Z'));
    expect(nextFireTime(s, at('2026-06-01T11:00:00Z'), anchor)).toEqual(at('2026-06-01T12:01:00Z'));
  });

  it('gives a one-shot no time after its own', () => {
    const s: Schedule = { type: 'once', at: at('2026-06-01T12:00:00Z') };
    expect(nextFireTime(s, at('2026-06-01T12:00:00Z'), at('2026-01-01T00:00:00Z'))).toBeNull();
    expect(nextFireTime(s, at('2026-06-01T11:00:00Z'), at('2026-01-01T00:00:00Z'))).toEqual(s.at);
  });

  it('runs a 6-field cron to the second', () => {
    const s = cron('15,45 * * * * *');
    const anchor = at('2026-01-01T00:00:00Z');
    expect(nextFireTime(s, at('2026-06-01T12:00:00Z'), anchor)).toEqual(at('2026-06-01T12:00:15Z'));
    expect(nextFireTime(s, at('2026-06-01T12:00:15Z'), anchor)).toEqual(at('2026-06-01T12:00:45Z'));
    expect(nextFireTime(s, at('2026-06-01T12:00:45.001Z'), anchor)).toEqual(at('2026-06-01T12:01:15Z'));
    expect(nextFireTime(cron('* * * * * *'), at('2026-06-01T12:00:00.999Z'), anchor)).toEqual(
      at('2026-06-01T12:00:01Z'),
    );
  });

  it('reads a cron in its time zone, moving with the zone across a DST change', () => {
    const s = cron('0 9 * * *', 'America/New_York');
    const anchor = at('2026-01-01T00:00:00Z');
    expect(nextFireTime(s, at('2026-03-07T15:00:00Z'), anchor)).toEqual(at('2026-03-08T13:00:00Z'));
    expect(nextFireTime(s, at('2026-03-06T15:00:00Z'), anchor)).toEqual(at('2026-03-07T14:00:00Z'));
  });

  it('uses the or-rule of cron for day of month and day of week', () => {
    // 1st of the month or a Monday: June 2026 starts on a Monday, the next match is Monday 8 June.
    const s = cron('0 0 1 * 1');
    expect(nextFireTime(s, at('2026-06-01T00:00:00Z'), at('2026-01-01T00:00:00Z'))).toEqual(at('2026-06-08T00:00:00Z'));
  });

  it('treats a day field that starts with * as unrestricted, as Debian cron does: then both day fields must match', () => {
    const anchor = at('2026-01-01T00:00:00Z');
    // 19:14 on Tuesdays: `*/1` in day-of-month leaves the days to day-of-week. 2026-06-03 is a Wednesday.
    expect(nextFireTime(cron('14 19 */1 * 2'), at('2026-06-03T00:00:00Z'), anchor)).toEqual(at('2026-06-09T19:14:00Z'));
    // The 27th: `*/1` in day-of-week leaves the days to day-of-month.
    expect(nextFireTime(cron('36 4 27 * */1'), at('2026-06-03T00:00:00Z'), anchor)).toEqual(at('2026-06-27T04:36:00Z'));
    // `*/2` in day-of-month (odd days) AND Mondays: 2026-06-01 is a Monday (odd), 06-08 is even, 06-15 is odd.
    expect(nextFireTime(cron('0 0 */2 * 1'), at('2026-06-01T00:00:00Z'), anchor)).toEqual(at('2026-06-15T00:00:00Z'));
  });

  it('finds a rare date far ahead', () => {
    expect(
      nextFireTime(cron('0 12 29 2 *', 'Europe/Berlin'), at('2026-01-01T00:00:00Z'), at('2026-01-01T00:00:00Z')),
    ).toEqual(at('2028-02-29T11:00:00Z'));
  });
});
