import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { Cron } from 'croner';
import { nextFireTime, previousFireTime, validateCron, type Schedule } from '../../src/domain/schedule.ts';

/*
 * Properties of cron fire times across DST changes (FAULTS "Properties"). The reference is a simulation of a cron daemon
 * the way Debian's cron behaves, written independently of src/: a clock ticks through real instants, reads the zone's
 * wall time through Intl, and decides at each tick. Fixed-time jobs run once for every new wall time reached (all the
 * times a gap jumps over run once, at the tick after the jump; times a repeated hour shows again do not run again);
 * wildcard-hour jobs run when the wall time shown matches. croner is used only to match fields against a wall time in
 * UTC, where there is no DST.
 */

const ZONES = [
  'UTC',
  'Europe/London',
  'America/New_York',
  'Europe/Berlin',
  'Australia/Lord_Howe',
  'Asia/Kolkata',
  'Pacific/Chatham',
];
const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

const formats = new Map<string, Intl.DateTimeFormat>();
/** The zone's clock reading at instant t, as ms with the reading taken as UTC. */
function wall(tz: string, t: number): number {
  let f = formats.get(tz);
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
    formats.set(tz, f);
  }
  const p = new Map(f.formatToParts(t).map((part) => [part.type, Number(part.value)]));
  const get = (k: Intl.DateTimeFormatPartTypes): number => p.get(k) ?? 0;
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) + (t % 1000);
}

const changes = new Map<string, number[]>();
/** Instants (to the hour) just after the zone's offset changed during `year`. */
function offsetChanges(tz: string, year: number): number[] {
  const key = `${tz}/${year}`;
  const cached = changes.get(key);
  if (cached) return cached;
  const out: number[] = [];
  let prev = wall(tz, Date.UTC(year, 0, 1)) - Date.UTC(year, 0, 1);
  for (let t = Date.UTC(year, 0, 1) + HOUR; t < Date.UTC(year + 1, 0, 1); t += HOUR) {
    const off = wall(tz, t) - t;
    if (off !== prev) out.push(t);
    prev = off;
  }
  changes.set(key, out);
  return out;
}

function simulate(
  expression: string,
  tz: string,
  wildcardHour: boolean,
  from: number,
  until: number,
  step: number,
  preroll: number,
): number[] {
  const fields = new Cron(expression, { utcOffset: 0, mode: '5-or-6-parts' });
  const out: number[] = [];
  let maxWall = wall(tz, from - preroll);
  for (let t = from - preroll + step; t <= until; t += step) {
    const w = wall(tz, t);
    let runs: boolean;
    if (wildcardHour) runs = fields.match(new Date(w));
    else {
      const n = w > maxWall ? fields.nextRun(new Date(maxWall)) : null;
      runs = n !== null && n.getTime() <= w;
    }
    if (runs && t > from) out.push(t);
    maxWall = Math.max(maxWall, w);
  }
  return out;
}

function strictlyIncreasing(xs: number[]): boolean {
  let prev = -Infinity;
  for (const x of xs) {
    if (x <= prev) return false;
    prev = x;
  }
  return true;
}

function implementation(s: Schedule, from: number, until: number): number[] {
  const out: number[] = [];
  const anchor = new Date(from);
  for (
    let t = nextFireTime(s, new Date(from), anchor);
    t !== null && t.getTime() <= until;
    t = nextFireTime(s, t, anchor)
  ) {
    out.push(t.getTime());
    if (out.length > 20_000) break;
  }
  return out;
}

// Generators of valid cron fields.
const field = (min: number, max: number): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constant('*'),
    fc.integer({ min: 2, max: Math.min(30, max) }).map((k) => `*/${k}`),
    fc.integer({ min, max }).map(String),
    fc.tuple(fc.integer({ min, max }), fc.integer({ min, max })).map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`),
    fc
      .tuple(
        fc.integer({ min, max }),
        fc.integer({ min, max }),
        fc.integer({ min: 2, max: Math.min(10, max - min + 1) }),
      )
      .map(([a, b, k]) => `${Math.min(a, b)}-${Math.max(a, b)}/${k}`),
    fc.uniqueArray(fc.integer({ min, max }), { minLength: 2, maxLength: 4 }).map((xs) => xs.join(',')),
  );
// Hours near the night-time DST changes are the interesting ones, so they are drawn often.
const hourField = fc.oneof(
  field(0, 23),
  fc.integer({ min: 0, max: 3 }).map(String),
  fc.constantFrom('1,2', '2-3', '0-4/2', '1-3'),
);
const dayFields = fc.oneof(
  { weight: 4, arbitrary: fc.constant('* * *') },
  { weight: 1, arbitrary: field(0, 6).map((dow) => `* * ${dow}`) },
  { weight: 1, arbitrary: field(1, 28).map((dom) => `${dom} * *`) },
);
const fiveFields = fc
  .tuple(field(0, 59), hourField, dayFields)
  .map(([m, h, d]) => ({ expression: `${m} ${h} ${d}`, hour: h }));
const sixFields = fc
  .tuple(field(0, 59), field(0, 59), hourField, dayFields)
  .map(([s, m, h, d]) => ({ expression: `${s} ${m} ${h} ${d}`, hour: h }));

/** A zone and a start: usually shortly before one of its DST changes, sometimes anywhere in the year. */
const zoneAndStart = (lead: number) =>
  fc
    .record({
      tz: fc.constantFrom(...ZONES),
      year: fc.integer({ min: 2020, max: 2035 }),
      pick: fc.nat(),
      before: fc.integer({ min: 0, max: lead }),
      anywhere: fc.boolean(),
      dayOffset: fc.integer({ min: 0, max: 364 }),
    })
    .map(({ tz, year, pick, before, anywhere, dayOffset }) => {
      const list = offsetChanges(tz, year);
      const change = list[pick % Math.max(1, list.length)];
      const start = anywhere || change === undefined ? Date.UTC(year, 0, 1) + dayOffset * DAY : change - before;
      return { tz, start: Math.floor(start / 1000) * 1000 };
    });

describe('cron fire times across DST changes (property)', () => {
  it('match a Debian-style cron daemon minute by minute for random 5-field expressions, zones and starts', () => {
    fc.assert(
      fc.property(fiveFields, zoneAndStart(2 * DAY), ({ expression, hour }, { tz, start }) => {
        expect(validateCron(expression)).toBeNull();
        const from = Math.floor(start / MINUTE) * MINUTE;
        const until = from + 3 * DAY;
        const got = implementation({ type: 'cron', expression, timezone: tz }, from, until);
        expect(strictlyIncreasing(got)).toBe(true);
        const expected = simulate(expression, tz, /^[*?]/.test(hour), from, until, MINUTE, DAY);
        expect(got.map((t) => new Date(t).toISOString())).toEqual(expected.map((t) => new Date(t).toISOString()));
      }),
      { numRuns: 40 },
    );
  });

  it('match a Debian-style cron daemon second by second for random 6-field expressions around DST changes', () => {
    fc.assert(
      fc.property(sixFields, zoneAndStart(90 * MINUTE), ({ expression, hour }, { tz, start }) => {
        const until = start + 2 * HOUR;
        const got = implementation({ type: 'cron', expression, timezone: tz }, start, until);
        expect(strictlyIncreasing(got)).toBe(true);
        const expected = simulate(expression, tz, /^[*?]/.test(hour), start, until, 1000, 2 * HOUR);
        expect(got).toEqual(expected);
      }),
      { numRuns: 15 },
    );
  });

  it('run a daily fixed-time job exactly once on every local day, at its time or right after a gap that skips it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 59 }),
        fc.oneof(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 23 })),
        zoneAndStart(5 * DAY),
        (minute, hour, { tz, start }) => {
          const s: Schedule = {
            type: 'cron',
            expression: `${minute} ${hour} * * *`,
            timezone: tz,
          };
          const got = implementation(s, start, start + 10 * DAY);
          const want = (hour * 60 + minute) * MINUTE;
          const perDay = new Map<number, number>();
          for (const t of got) {
            const w = wall(tz, t);
            const day = Math.floor(w / DAY);
            perDay.set(day, (perDay.get(day) ?? 0) + 1);
            const atTime = w - day * DAY === want;
            // Otherwise the clock jumped over the job's time exactly at this run.
            const jumpedOver = wall(tz, t - 1000) - day * DAY < want && w - day * DAY > want;
            expect(atTime || jumpedOver, new Date(t).toISOString()).toBe(true);
          }
          const first = Math.floor(wall(tz, start) / DAY) + 1;
          const last = Math.floor(wall(tz, start + 10 * DAY) / DAY) - 1;
          for (let day = first; day <= last; day++) expect(perDay.get(day), `local day ${day}`).toBe(1);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('walk back the same way: the time before each fire time is the one before it, across DST changes', () => {
    fc.assert(
      fc.property(fc.oneof(fiveFields, sixFields), zoneAndStart(DAY), ({ expression }, { tz, start }) => {
        const s: Schedule = { type: 'cron', expression, timezone: tz };
        const times = implementation(s, start, start + 2 * DAY).slice(0, 200);
        const floor = new Date(start - 400 * DAY);
        for (let i = 1; i < times.length; i++) {
          const prev = previousFireTime(s, new Date(times[i] ?? 0), floor, floor);
          expect(prev?.getTime()).toBe(times[i - 1]);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('always move forward: each next time is strictly after the one asked about, from any start', () => {
    fc.assert(
      fc.property(
        fc.oneof(fiveFields, sixFields),
        fc.constantFrom(...ZONES),
        fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2060, 0, 1) }),
        ({ expression }, tz, start) => {
          const s: Schedule = { type: 'cron', expression, timezone: tz };
          let after = new Date(start);
          for (let i = 0; i < 30; i++) {
            const t = nextFireTime(s, after, after);
            if (t === null) break;
            expect(t.getTime()).toBeGreaterThan(after.getTime());
            after = t;
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
