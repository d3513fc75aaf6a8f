import { describe, it, expect } from 'vitest';
import { nextFireTime, planFiring, type MisfirePolicy, type Schedule } from '../../src/domain/schedule.ts';

const at = (iso: string): Date => new Date(iso);
const everyMinute: Schedule = {
  type: 'cron',
  expression: '* * * * *',
  timezone: 'Europe/London',
};
const anchor = at('2026-01-01T00:00:00Z');
const now = at('2026-06-01T12:00:00Z');

function plan(misfire: MisfirePolicy, scheduledFor: Date, extra: Partial<Parameters<typeof planFiring>[0]> = {}) {
  return planFiring({
    schedule: everyMinute,
    anchor,
    scheduledFor,
    now,
    misfire,
    misfireSeconds: 60,
    cap: 100,
    ...extra,
  });
}

describe('planFiring', () => {
  it('runs a firing that is late by less than the misfire window and plans the one after it, even if that is past', () => {
    for (const policy of ['skip', 'run_once', 'run_all'] as const) {
      const p = plan(policy, at('2026-06-01T11:58:00Z'), {
        misfireSeconds: 150,
      });
      expect(p).toEqual({
        runThis: true,
        next: at('2026-06-01T11:59:00Z'),
        missed: false,
      });
    }
  });

  it('plans the next firing straight after one that is on time', () => {
    const scheduledFor = at('2026-06-01T11:59:00Z');
    expect(plan('run_once', scheduledFor, { now: at('2026-06-01T11:59:00.200Z') })).toEqual({
      runThis: true,
      next: at('2026-06-01T12:00:00Z'),
      missed: false,
    });
  });

  it('under skip, does not run a missed firing and continues with the first time after now', () => {
    expect(plan('skip', at('2026-06-01T11:00:00Z'))).toEqual({
      runThis: false,
      next: at('2026-06-01T12:01:00Z'),
      missed: true,
    });
  });

  it('under run_once, runs one missed firing and continues with the first time after now', () => {
    expect(plan('run_once', at('2026-06-01T11:00:00Z'))).toEqual({
      runThis: true,
      next: at('2026-06-01T12:01:00Z'),
      missed: true,
    });
  });

  it('under run_all, runs a missed firing and then the next missed one when fewer than the cap are missed', () => {
    expect(plan('run_all', at('2026-06-01T11:00:00Z'))).toEqual({
      runThis: true,
      next: at('2026-06-01T11:01:00Z'),
      missed: true,
    });
  });

  it('under run_all, runs at most cap late firings: this one and the newest cap − 1', () => {
    // An hour down: 60 firings are due after 11:00 (11:01 … 12:00); with cap 10 this one runs, then 11:52 … 12:00.
    const p = plan('run_all', at('2026-06-01T11:00:00Z'), { cap: 10 });
    expect(p).toEqual({
      runThis: true,
      next: at('2026-06-01T11:52:00Z'),
      missed: true,
    });
    let count = 1;
    for (let t = p.next; t !== null && t <= now; t = nextFireTime(everyMinute, t, anchor)) count++;
    expect(count).toBe(10);
  });

  it('under run_all with a cap of exactly the missed count, drops none', () => {
    // 60 due after 11:00, so this one plus 60 = 61 runs fit a cap of 61.
    expect(plan('run_all', at('2026-06-01T11:00:00Z'), { cap: 61 }).next).toEqual(at('2026-06-01T11:01:00Z'));
    expect(plan('run_all', at('2026-06-01T11:00:00Z'), { cap: 60 }).next).toEqual(at('2026-06-01T11:02:00Z'));
  });

  it('under run_all with a cap of one, behaves like run_once', () => {
    expect(plan('run_all', at('2026-06-01T11:00:00Z'), { cap: 1 })).toEqual({
      runThis: true,
      next: at('2026-06-01T12:01:00Z'),
      missed: true,
    });
  });

  it('under run_all, catches up a per-second cron missed for a year without walking the whole year', () => {
    const s: Schedule = {
      type: 'cron',
      expression: '* * * * * *',
      timezone: 'America/New_York',
    };
    const p = planFiring({
      schedule: s,
      anchor,
      scheduledFor: at('2025-06-01T12:00:00Z'),
      now,
      misfire: 'run_all',
      misfireSeconds: 60,
      cap: 100,
    });
    expect(p).toEqual({
      runThis: true,
      next: at('2026-06-01T11:58:22Z'),
      missed: true,
    });
  });

  it('under run_all, keeps an interval on its cadence while dropping the oldest missed firings', () => {
    const s: Schedule = { type: 'interval', seconds: 600 };
    const base = {
      schedule: s,
      anchor,
      now,
      misfire: 'run_all' as const,
      misfireSeconds: 60,
    };
    // Due after 10:00: 10:10 … 12:00 = 12 firings; cap 5 keeps this one and 11:30 … 12:00.
    expect(planFiring({ ...base, scheduledFor: at('2026-06-01T10:00:00Z'), cap: 5 }).next).toEqual(
      at('2026-06-01T11:30:00Z'),
    );
    expect(planFiring({ ...base, scheduledFor: at('2026-06-01T10:00:00Z'), cap: 13 }).next).toEqual(
      at('2026-06-01T10:10:00Z'),
    );
  });

  it('runs a one-shot whose time has long passed, once, under every policy', () => {
    for (const policy of ['skip', 'run_once', 'run_all'] as const) {
      const p = planFiring({
        schedule: { type: 'once', at: at('2026-05-01T00:00:00Z') },
        anchor,
        scheduledFor: at('2026-05-01T00:00:00Z'),
        now,
        misfire: policy,
        misfireSeconds: 60,
        cap: 100,
      });
      expect(p).toEqual({ runThis: true, next: null, missed: true });
    }
  });

  it('keeps an interval on its cadence after skipping missed firings', () => {
    const s: Schedule = { type: 'interval', seconds: 3600 };
    const p = planFiring({
      schedule: s,
      anchor: at('2026-06-01T00:30:00Z'),
      scheduledFor: at('2026-06-01T03:30:00Z'),
      now,
      misfire: 'skip',
      misfireSeconds: 60,
      cap: 100,
    });
    expect(p).toEqual({
      runThis: false,
      next: at('2026-06-01T12:30:00Z'),
      missed: true,
    });
  });

  it('gives no next firing for a cron expression that no longer parses', () => {
    const p = planFiring({
      schedule: { type: 'cron', expression: 'not a cron', timezone: 'UTC' },
      anchor,
      scheduledFor: now,
      now,
      misfire: 'run_once',
      misfireSeconds: 60,
      cap: 100,
    });
    expect(p).toEqual({ runThis: true, next: null, missed: false });
  });
});
