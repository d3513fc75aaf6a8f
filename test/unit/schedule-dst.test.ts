import { describe, it, expect } from 'vitest';
import { nextFireTime, previewSchedule, type Schedule } from '../../src/domain/schedule.ts';

const at = (iso: string): Date => new Date(iso);
const anchor = at('2026-01-01T00:00:00Z');
const cron = (expression: string, timezone: string): Schedule => ({
  type: 'cron',
  expression,
  timezone,
});

/** Fire times (ISO, UTC) after `from` up to `until`. */
function firings(s: Schedule, from: string, until: string): string[] {
  const out: string[] = [];
  const end = at(until).getTime();
  for (let t = nextFireTime(s, at(from), anchor); t !== null && t.getTime() <= end; t = nextFireTime(s, t, anchor)) {
    out.push(t.toISOString().replace('.000', ''));
  }
  return out;
}

/** `YYYY-MM-DD HH:MM:SS` on the zone's clock. */
const local = (iso: string, tz: string): string => new Date(iso).toLocaleString('sv-SE', { timeZone: tz });

describe('a fixed-time cron across a spring-forward gap', () => {
  it('runs 02:30 America/New_York once at 03:00 local on 2026-03-08', () => {
    const s = cron('30 2 * * *', 'America/New_York');
    const got = firings(s, '2026-03-07T00:00:00Z', '2026-03-09T12:00:00Z');
    expect(got).toEqual(['2026-03-07T07:30:00Z', '2026-03-08T07:00:00Z', '2026-03-09T06:30:00Z']);
    expect(got.map((t) => local(t, 'America/New_York'))).toEqual([
      '2026-03-07 02:30:00',
      '2026-03-08 03:00:00',
      '2026-03-09 02:30:00',
    ]);
  });

  it('runs 01:30 Europe/London at 02:00 BST on 2026-03-29', () => {
    const got = firings(cron('30 1 * * *', 'Europe/London'), '2026-03-28T12:00:00Z', '2026-03-30T12:00:00Z');
    expect(got).toEqual(['2026-03-29T01:00:00Z', '2026-03-30T00:30:00Z']);
    expect(local('2026-03-29T01:00:00Z', 'Europe/London')).toBe('2026-03-29 02:00:00');
  });

  it('collapses several skipped times of one gap into one run at the end of the gap', () => {
    const got = firings(cron('0,15,30,45 2 * * *', 'America/New_York'), '2026-03-08T00:00:00Z', '2026-03-09T07:00:00Z');
    expect(got).toEqual([
      '2026-03-08T07:00:00Z',
      '2026-03-09T06:00:00Z',
      '2026-03-09T06:15:00Z',
      '2026-03-09T06:30:00Z',
      '2026-03-09T06:45:00Z',
    ]);
  });

  it('merges a skipped time with a run due at the end of the gap', () => {
    const got = firings(cron('30 2,3 * * *', 'Europe/Berlin'), '2026-03-28T23:00:00Z', '2026-03-29T03:00:00Z');
    // 02:30 does not exist and runs at 03:00 CEST; 03:30 runs as usual.
    expect(got).toEqual(['2026-03-29T01:00:00Z', '2026-03-29T01:30:00Z']);
  });

  it('moves a 02:15 run to 02:30 where the clocks go forward by half an hour (Australia/Lord_Howe)', () => {
    const got = firings(cron('15 2 * * *', 'Australia/Lord_Howe'), '2026-10-02T12:00:00Z', '2026-10-04T12:00:00Z');
    expect(got.map((t) => local(t, 'Australia/Lord_Howe'))).toEqual(['2026-10-03 02:15:00', '2026-10-04 02:30:00']);
  });

  it('moves a 6-field time in the gap to the first second after it', () => {
    const got = firings(cron('20 40 2 * * *', 'America/New_York'), '2026-03-08T00:00:00Z', '2026-03-09T12:00:00Z');
    expect(got).toEqual(['2026-03-08T07:00:00Z', '2026-03-09T06:40:20Z']);
  });
});

describe('a fixed-time cron across a fall-back overlap', () => {
  it('runs 01:30 America/New_York once, at the first occurrence, on 2026-11-01', () => {
    const got = firings(cron('30 1 * * *', 'America/New_York'), '2026-10-31T12:00:00Z', '2026-11-02T12:00:00Z');
    expect(got).toEqual(['2026-11-01T05:30:00Z', '2026-11-02T06:30:00Z']);
  });

  it('runs 01:30 Europe/London once, at the first occurrence (BST), on 2026-10-25', () => {
    const got = firings(cron('30 1 * * *', 'Europe/London'), '2026-10-24T12:00:00Z', '2026-10-26T12:00:00Z');
    expect(got).toEqual(['2026-10-25T00:30:00Z', '2026-10-26T01:30:00Z']);
  });

  it('runs each time of a repeated hour once, in the first pass only', () => {
    const got = firings(cron('*/20 1 * * *', 'America/New_York'), '2026-11-01T04:00:00Z', '2026-11-01T12:00:00Z');
    expect(got).toEqual(['2026-11-01T05:00:00Z', '2026-11-01T05:20:00Z', '2026-11-01T05:40:00Z']);
  });

  it('does not run again when asked from inside the second occurrence', () => {
    expect(nextFireTime(cron('30 1 * * *', 'America/New_York'), at('2026-11-01T06:10:00Z'), anchor)).toEqual(
      at('2026-11-02T06:30:00Z'),
    );
  });
});

describe('a wildcard-hour cron across DST changes', () => {
  it('skips the times that do not exist in a gap and keeps the elapsed cadence', () => {
    const got = firings(cron('*/15 * * * *', 'America/New_York'), '2026-03-08T06:30:00Z', '2026-03-08T07:30:00Z');
    expect(got).toEqual([
      '2026-03-08T06:45:00Z',
      '2026-03-08T07:00:00Z',
      '2026-03-08T07:15:00Z',
      '2026-03-08T07:30:00Z',
    ]);
    expect(got.map((t) => local(t, 'America/New_York').slice(11))).toEqual([
      '01:45:00',
      '03:00:00',
      '03:15:00',
      '03:30:00',
    ]);
  });

  it('fires in both occurrences of a repeated hour', () => {
    const got = firings(cron('*/15 * * * *', 'America/New_York'), '2026-11-01T04:50:00Z', '2026-11-01T07:00:00Z');
    expect(got).toEqual([
      '2026-11-01T05:00:00Z',
      '2026-11-01T05:15:00Z',
      '2026-11-01T05:30:00Z',
      '2026-11-01T05:45:00Z',
      '2026-11-01T06:00:00Z',
      '2026-11-01T06:15:00Z',
      '2026-11-01T06:30:00Z',
      '2026-11-01T06:45:00Z',
      '2026-11-01T07:00:00Z',
    ]);
  });

  it('fires every second straight through both changes in Europe/London', () => {
    const s = cron('* * * * * *', 'Europe/London');
    expect(firings(s, '2026-03-29T00:59:58Z', '2026-03-29T01:00:01Z')).toEqual([
      '2026-03-29T00:59:59Z',
      '2026-03-29T01:00:00Z',
      '2026-03-29T01:00:01Z',
    ]);
    expect(firings(s, '2026-10-25T00:59:58Z', '2026-10-25T01:00:01Z')).toEqual([
      '2026-10-25T00:59:59Z',
      '2026-10-25T01:00:00Z',
      '2026-10-25T01:00:01Z',
    ]);
  });

  it('runs an hourly job on the hour in both passes of the repeated hour', () => {
    const got = firings(cron('0 * * * *', 'Europe/London'), '2026-10-24T23:30:00Z', '2026-10-25T02:30:00Z');
    expect(got).toEqual(['2026-10-25T00:00:00Z', '2026-10-25T01:00:00Z', '2026-10-25T02:00:00Z']);
  });
});

describe('FAULTS R10: 30 2 * * * across both DST changes of 2026', () => {
  const cases: { tz: string; moved: Record<string, string> }[] = [
    { tz: 'America/New_York', moved: { '2026-03-08': '03:00:00' } },
    { tz: 'Europe/Berlin', moved: { '2026-03-29': '03:00:00' } },
  ];
  for (const { tz, moved } of cases) {
    it(`runs exactly once on every local day of 2026 in ${tz}, at 02:30 or as documented on the gap day`, () => {
      const got = firings(cron('30 2 * * *', tz), '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z');
      const byDay = new Map<string, string[]>();
      for (const t of got) {
        const [day = '', time = ''] = local(t, tz).split(' ');
        byDay.set(day, [...(byDay.get(day) ?? []), time]);
      }
      const start = Date.UTC(2026, 0, 1);
      const days = Array.from({ length: 365 }, (_, i) => new Date(start + i * 86_400_000).toISOString().slice(0, 10));
      expect([...byDay.keys()]).toEqual(days);
      for (const day of days) {
        const expected = moved[day] ?? '02:30:00';
        expect(byDay.get(day), day).toEqual([expected]);
      }
    });
  }

  it('runs at the first 02:30 in Europe/Berlin on 2026-10-25 (CEST) and not at the second', () => {
    const got = firings(cron('30 2 * * *', 'Europe/Berlin'), '2026-10-24T12:00:00Z', '2026-10-25T12:00:00Z');
    expect(got).toEqual(['2026-10-25T00:30:00Z']);
  });
});

describe('previewSchedule', () => {
  it('names the spring-forward gap a fixed-time run falls in, with the date, zone and what happens', () => {
    const p = previewSchedule(cron('30 1 * * *', 'Europe/London'), at('2026-03-27T12:00:00Z'), 3);
    expect(p.next.map((d) => d.toISOString())).toEqual([
      '2026-03-28T01:30:00.000Z',
      '2026-03-29T01:00:00.000Z',
      '2026-03-30T00:30:00.000Z',
    ]);
    expect(p.notes).toHaveLength(1);
    expect(p.notes[0]).toMatch(/^2026-03-29: .*Europe\/London.*forward.*01:30 does not exist.*02:00 local/);
  });

  it('names the fall-back overlap and says the run happens once at the first occurrence', () => {
    const p = previewSchedule(cron('30 1 * * *', 'America/New_York'), at('2026-10-30T12:00:00Z'), 3);
    expect(p.notes).toHaveLength(1);
    expect(p.notes[0]).toMatch(
      /^2026-11-01: .*America\/New_York.*back.*twice.*01:30 run happens once, at the first occurrence/,
    );
  });

  it('says a wildcard job skips the gap and repeats in the overlap', () => {
    const spring = previewSchedule(cron('*/30 * * * *', 'America/New_York'), at('2026-03-08T06:00:00Z'), 4);
    expect(spring.notes).toHaveLength(1);
    expect(spring.notes[0]).toMatch(/2026-03-08: .*runs from 02:00 to 02:30 .*do not happen/);
    const autumn = previewSchedule(cron('*/30 * * * *', 'America/New_York'), at('2026-11-01T04:00:00Z'), 8);
    expect(autumn.notes).toHaveLength(1);
    expect(autumn.notes[0]).toMatch(/2026-11-01: .*runs from 01:00 to 01:30 happen twice/);
  });

  it('notes a DST change the listed times cross even when no run falls in it', () => {
    const p = previewSchedule(cron('0 9 * * *', 'Europe/London'), at('2026-03-27T12:00:00Z'), 3);
    expect(p.notes).toEqual([
      expect.stringMatching(/^2026-03-29: .*no run of this schedule falls in the skipped time/),
    ]);
  });

  it('has no notes when the listed times cross no DST change', () => {
    expect(previewSchedule(cron('0 9 * * *', 'Europe/London'), at('2026-06-01T00:00:00Z'), 10).notes).toEqual([]);
    expect(previewSchedule(cron('30 2 * * *', 'Asia/Kolkata'), at('2026-03-01T00:00:00Z'), 60).notes).toEqual([]);
  });

  it('lists an interval on the cadence of its anchor, or from `from` for a new one', () => {
    const s: Schedule = { type: 'interval', seconds: 300 };
    expect(previewSchedule(s, at('2026-06-01T12:00:00Z'), 2).next).toEqual([
      at('2026-06-01T12:05:00Z'),
      at('2026-06-01T12:10:00Z'),
    ]);
    expect(previewSchedule(s, at('2026-06-01T12:01:00Z'), 2, at('2026-06-01T11:58:00Z')).next).toEqual([
      at('2026-06-01T12:03:00Z'),
      at('2026-06-01T12:08:00Z'),
    ]);
  });

  it('lists a one-shot time once', () => {
    const s: Schedule = { type: 'once', at: at('2026-06-02T00:00:00Z') };
    expect(previewSchedule(s, at('2026-06-01T00:00:00Z'), 10)).toEqual({
      next: [s.at],
      notes: [],
    });
  });

  it('lists the requested number of cron times', () => {
    expect(previewSchedule(cron('*/5 * * * *', 'UTC'), at('2026-06-01T00:00:00Z'), 100).next).toHaveLength(100);
  });
});
