import { compileCron, nextCronFire, prevCronFire } from './cron-dst.ts';
import { dstNotes } from './dst-notes.ts';

/*
 * When a task fires. Times are instants (Date); cron expressions are read in their IANA time zone with the DST rules
 * documented in cron-dst.ts. Intervals run on a fixed cadence from an anchor (creation or resume): anchor + k·seconds.
 */

export { isValidTimezone } from './time-zone.ts';
export { normalizeCron } from './cron-dst.ts';
export { parseInterval, parseScheduleTime, validateCron, MAX_INTERVAL_S } from './schedule-input.ts';

export type MisfirePolicy = 'run_once' | 'skip' | 'run_all';

export type Schedule =
  | { type: 'once'; at: Date }
  | { type: 'cron'; expression: string; timezone: string }
  | { type: 'interval'; seconds: number };

export type ScheduleJsonShape =
  | { type: 'once'; at: string }
  | { type: 'cron'; expression: string; timezone: string }
  | { type: 'interval'; seconds: number };

/** The schedule as JSON: `at` as ISO 8601 in UTC with `Z`. */
export function scheduleToJson(s: Schedule): ScheduleJsonShape {
  switch (s.type) {
    case 'once':
      return { type: 'once', at: s.at.toISOString() };
    case 'cron':
      return { type: 'cron', expression: s.expression, timezone: s.timezone };
    case 'interval':
      return { type: 'interval', seconds: s.seconds };
  }
}

/**
 * The first firing of a new/changed/resumed schedule, given the database's now. once → its time (even if past: it
 * runs at once); interval → now + seconds (fixed cadence anchored at now); cron → first fire time strictly after now.
 */
export function firstFiring(s: Schedule, now: Date): Date | null {
  if (s.type === 'once') return new Date(s.at.getTime());
  return nextFireTime(s, now, now);
}

/**
 * The first fire time strictly after `after`: for interval anchor + k·seconds (k ≥ 1), for cron the next time in its
 * zone, for once its time if that is later. Null when there is none (or a stored cron expression no longer parses).
 */
export function nextFireTime(s: Schedule, after: Date, anchor: Date): Date | null {
  const t = timeline(s, anchor)?.next(after.getTime()) ?? null;
  return t === null ? null : new Date(t);
}

/** The last fire time strictly before `before` and at or after `notBefore`, or null. */
export function previousFireTime(s: Schedule, before: Date, notBefore: Date, anchor: Date): Date | null {
  const t = timeline(s, anchor)?.previous(before.getTime(), notBefore.getTime()) ?? null;
  return t === null ? null : new Date(t);
}

/** A schedule's fire times (ms) in both directions; built once per decision because compiling a cron is not free. */
interface Timeline {
  next(after: number): number | null;
  previous(before: number, notBefore: number): number | null;
}

function timeline(s: Schedule, anchor: Date): Timeline | null {
  switch (s.type) {
    case 'once': {
      const at = s.at.getTime();
      return {
        next: (after) => (at > after ? at : null),
        previous: (before, notBefore) => (at < before && at >= notBefore ? at : null),
      };
    }
    case 'interval': {
      if (!Number.isFinite(s.seconds) || s.seconds < 1) return null;
      const period = Math.round(s.seconds) * 1000;
      const a = anchor.getTime();
      return {
        next: (after) => a + Math.max(1, Math.floor((after - a) / period) + 1) * period,
        previous: (before, notBefore) => {
          const k = Math.ceil((before - a) / period) - 1;
          return k >= 1 && a + k * period >= notBefore ? a + k * period : null;
        },
      };
    }
    case 'cron': {
      const rule = compileCron(s.expression, s.timezone);
      if (typeof rule === 'string') return null;
      return {
        next: (after) => nextCronFire(rule, after),
        previous: (before, notBefore) => prevCronFire(rule, before, notBefore),
      };
    }
  }
}

export interface FiringPlan {
  /** Whether the claimed firing runs (false: it is cancelled as missed). */
  runThis: boolean;
  /** The task's next firing (may be in the past: it is claimed next), or null when there is none. */
  next: Date | null;
  /** The firing was more than `misfireSeconds` late. */
  missed: boolean;
}

/**
 * Decides what to do with a claimed scheduled firing. A firing more than `misfireSeconds` late is missed; a one-shot
 * runs anyway. A recurring one that is not missed runs and is followed by the next fire time after it. A missed one
 * follows the task's policy: `skip` does not run it and `run_once` does, both then continue with the first fire time
 * after now; `run_all` runs it and every later missed firing oldest first, but at most `cap` late runs in all: when more
 * are due, the oldest beyond the cap are dropped (this firing, then the newest cap − 1 due ones). It walks back from
 * now at most `cap` firings, so a per-second cron missed for a year costs no more than one missed for a minute.
 */
export function planFiring(input: {
  schedule: Schedule;
  anchor: Date;
  scheduledFor: Date;
  now: Date;
  misfire: MisfirePolicy;
  misfireSeconds: number;
  cap: number;
}): FiringPlan {
  const { schedule, anchor, scheduledFor, now } = input;
  const missed = now.getTime() - scheduledFor.getTime() > input.misfireSeconds * 1000;
  if (schedule.type === 'once') return { runThis: true, next: null, missed };
  if (!missed)
    return {
      runThis: true,
      next: nextFireTime(schedule, scheduledFor, anchor),
      missed,
    };
  switch (input.misfire) {
    case 'skip':
      return {
        runThis: false,
        next: nextFireTime(schedule, now, anchor),
        missed,
      };
    case 'run_once':
      return {
        runThis: true,
        next: nextFireTime(schedule, now, anchor),
        missed,
      };
    case 'run_all':
      return {
        runThis: true,
        next: catchUpFiring(schedule, anchor, scheduledFor, now, input.cap),
        missed,
      };
  }
}

/** The next firing under `run_all`: the one after `scheduledFor`, unless more than cap − 1 are due after it. */
function catchUpFiring(schedule: Schedule, anchor: Date, scheduledFor: Date, now: Date, cap: number): Date | null {
  const line = timeline(schedule, anchor);
  if (line === null) return null;
  const following = line.next(scheduledFor.getTime());
  if (following === null || following > now.getTime()) return following === null ? null : new Date(following);
  const keep = Math.max(0, Math.floor(cap) - 1);
  let before = now.getTime() + 1; // firings due at `now` count as due
  for (let i = 0; i < keep; i++) {
    const p = line.previous(before, following);
    if (p === null) return new Date(following); // no more than cap − 1 due: run them all
    before = p;
  }
  if (line.previous(before, following) === null) return new Date(following);
  // More than cap − 1 are due: continue with the newest cap − 1 (with cap 1, with the first one after now).
  const resume = keep > 0 ? before : line.next(now.getTime());
  return resume === null ? null : new Date(resume);
}

export interface SchedulePreview {
  next: Date[];
  notes: string[];
}

/**
 * The next `count` fire times after `from` and a note for every DST gap or overlap they cross. An interval continues
 * the cadence of `anchor` (a saved task) or starts at `from` (a new one); a one-shot lists its time.
 */
export function previewSchedule(s: Schedule, from: Date, count: number, anchor?: Date): SchedulePreview {
  const n = Math.max(0, Math.min(Math.floor(count), 1000));
  if (n === 0) return { next: [], notes: [] };
  if (s.type === 'once') return { next: [new Date(s.at.getTime())], notes: [] };
  const next: Date[] = [];
  let after = from;
  const base = anchor ?? from;
  while (next.length < n) {
    const t = nextFireTime(s, after, base);
    if (t === null) break;
    next.push(t);
    after = t;
  }
  const last = next[next.length - 1];
  if (s.type !== 'cron' || last === undefined) return { next, notes: [] };
  const rule = compileCron(s.expression, s.timezone);
  return {
    next,
    notes: typeof rule === 'string' ? [] : dstNotes(rule, from.getTime(), last.getTime()),
  };
}
