import { retryDelayMs } from './backoff.ts';
import { planFiring, type MisfirePolicy } from './schedule.ts';
import { scheduleFromJson, taskToJson, type ActionJson, type ScheduleJson, type TaskRow } from './task.ts';
import { runEventData, type RunRow } from './run.ts';

/**
 * What follows a claimed firing and what follows a finished attempt: pure decisions over plain data. The store reads
 * the rows, calls these in the same transaction and writes the plan they return (store/claims.ts).
 */

/** An event to append, as the store's outbox takes it. */
export interface PlannedEvent {
  tenantId: string;
  type: string;
  subjectKind: 'task';
  subjectId: number;
  data: Record<string, unknown>;
}

/** A firing claimed under a lease (store/claims.ts `claimDue`), with what its task says about running it. */
export interface ClaimedFiring {
  run_id: number;
  tenant_id: string;
  task_id: number;
  scheduled_for: Date;
  due_at: Date;
  attempt: number;
  origin: 'schedule' | 'manual';
  lease_token: string;
  /** Milliseconds between due_at and the claim, by the database clock (0 when claimed ahead of it). */
  late_ms: number;
  /** Milliseconds from the claim until due_at, by the database clock: how long to wait before starting (≥ 0). */
  wait_ms: number;
  /** When the attempt starts: the claim, or its due time when claimed ahead. */
  started_at: Date;
  schedule: ScheduleJson | null;
  anchor_at: Date;
  action: ActionJson | null;
  retry_max_attempts: number;
  retry_backoff_s: number;
  retry_max_backoff_s: number;
  overlap: 'skip' | 'allow';
  misfire: MisfirePolicy;
  /** Another attempt of the same task was running when this one was claimed. */
  busy: boolean;
  db_now: Date;
}

export interface NextFiring {
  tenantId: string;
  taskId: number;
  at: Date;
}

/** What follows a batch of claimed firings; the store writes it in the claim's transaction. */
export interface ClaimPlan<C extends ClaimedFiring = ClaimedFiring> {
  /** Firings that run now (their `run.started` is in `events`). */
  run: C[];
  /** The next firing of each recurring task whose firing was decided. */
  next: NextFiring[];
  /** Tasks with no further firing (a one-shot that has started). */
  noNext: number[];
  /** Firings settled as cancelled, with the reason. */
  cancel: { runId: number; reason: string }[];
  /** run_all catch-up firings that wait for the task's running attempt. */
  defer: number[];
  /** Firings claimed ahead of their time that are decided when due: handed back untouched. */
  handBack: C[];
  events: PlannedEvent[];
  /** The misfire policy of each firing found missed (for metrics). */
  missed: MisfirePolicy[];
}

export interface MisfireLimits {
  /** A firing more than this late is missed. */
  misfireSeconds: number;
  /** Most late runs of one catch-up (run_all). */
  misfireCap: number;
}

/** Decides, for each claimed firing, whether it runs, and plans the next firing of recurring tasks. */
export function planClaims<C extends ClaimedFiring>(claims: readonly C[], limits: MisfireLimits): ClaimPlan<C> {
  const out: ClaimPlan<C> = { run: [], next: [], noNext: [], cancel: [], defer: [], handBack: [], events: [], missed: [] };
  const runningTasks = new Set<number>();
  for (const c of claims) {
    let reason: string | null = null;
    if (c.origin === 'schedule' && c.attempt === 1 && c.schedule !== null) {
      const schedule = scheduleFromJson(c.schedule);
      const p = planFiring({
        schedule,
        anchor: c.anchor_at,
        scheduledFor: c.scheduled_for,
        now: c.db_now,
        misfire: c.misfire,
        misfireSeconds: limits.misfireSeconds,
        cap: limits.misfireCap,
      });
      const recurring = schedule.type !== 'once';
      const blocked = recurring && c.overlap === 'skip' && (c.busy || runningTasks.has(c.task_id));
      if (blocked && c.wait_ms > 0) {
        // Claimed ahead of its time while the previous run still runs: decide at its due time, as without the
        // claim-ahead window, when that run may have ended. Handed back untouched (no next firing, no event).
        out.handBack.push(c);
        continue;
      }
      if (p.runThis && blocked && p.missed && c.misfire === 'run_all') {
        // Catch-up runs queue behind the running one instead of being skipped as overlapping; the next firing
        // is planned when this one is claimed again.
        out.defer.push(c.run_id);
        continue;
      }
      if (p.next !== null) out.next.push({ tenantId: c.tenant_id, taskId: c.task_id, at: p.next });
      else out.noNext.push(c.task_id);
      if (p.missed) out.missed.push(c.misfire);
      if (!p.runThis) {
        reason = `missed: ${Math.round((c.db_now.getTime() - c.scheduled_for.getTime()) / 1000)} s late (misfire policy ${c.misfire})`;
      } else if (blocked) {
        reason = 'skipped: the previous run is still running (overlap skip)';
      }
    }
    if (reason === null && c.action === null) reason = 'the task has no action';
    if (reason === null) {
      runningTasks.add(c.task_id);
      out.run.push(c);
      out.events.push(claimEvent('run.started', c, 'running', null));
    } else {
      out.cancel.push({ runId: c.run_id, reason });
      out.events.push(claimEvent('run.cancelled', c, 'cancelled', reason));
    }
  }
  return out;
}

function claimEvent(type: string, c: ClaimedFiring, status: string, error: string | null): PlannedEvent {
  return {
    tenantId: c.tenant_id,
    type,
    subjectKind: 'task',
    subjectId: c.task_id,
    data: runEventData({
      id: c.run_id,
      task_id: c.task_id,
      attempt: c.attempt,
      status,
      scheduled_for: c.scheduled_for,
      started_at: c.started_at,
      error,
    }),
  };
}

/** A finished attempt as stored, with what its task says about retrying it. */
export interface FinishedAttempt
  extends Pick<RunRow, 'id' | 'tenant_id' | 'task_id' | 'scheduled_for' | 'attempt' | 'origin' | 'started_at' | 'http_status' | 'duration_ms' | 'error'> {
  status: 'succeeded' | 'failed' | 'timed_out' | 'abandoned';
  finished_at: Date;
  schedule: ScheduleJson | null;
  task_state: string;
  task_deleted: boolean;
  retry_max_attempts: number;
  retry_backoff_s: number;
  retry_max_backoff_s: number;
  /** A summary of what the action returned (domain/run-result.ts), for `run.succeeded`; absent when swept. */
  result_summary?: Record<string, unknown> | null;
}

export interface RetryPlan {
  tenantId: string;
  taskId: number;
  scheduledFor: Date;
  attempt: number;
  origin: 'schedule' | 'manual';
  /** When the failed attempt finished (database clock): the retry is due `delayMs` after it. */
  after: Date;
  delayMs: number;
}

/** A retry as inserted: when it is due, by the database clock. */
export interface ScheduledRetry {
  task_id: number;
  scheduled_for: Date;
  attempt: number;
  due_at: Date;
}

/** What follows finished attempts, before the store has written it. */
export interface SettlementPlan {
  /** Next attempts after backoff, where the task's policy allows one. */
  retries: RetryPlan[];
  /** One-shot tasks whose final attempt this was: completed, unless a firing of theirs still waits. */
  finalOneShots: number[];
}

/**
 * What follows finished attempts: a retry after backoff when the policy allows one (not for a deleted or paused
 * task), and a one-shot task completed after its final attempt.
 */
export function planSettlement(attempts: readonly FinishedAttempt[]): SettlementPlan {
  const out: SettlementPlan = { retries: [], finalOneShots: [] };
  for (const a of attempts) {
    if (a.status === 'succeeded') {
      if (isOneShotFiring(a)) out.finalOneShots.push(a.task_id);
      continue;
    }
    if (mayRetry(a)) {
      out.retries.push({
        tenantId: a.tenant_id,
        taskId: a.task_id,
        scheduledFor: a.scheduled_for,
        attempt: a.attempt + 1,
        origin: a.origin,
        after: a.finished_at,
        delayMs: retryDelayMs(
          { max_attempts: a.retry_max_attempts, backoff_s: a.retry_backoff_s, max_backoff_s: a.retry_max_backoff_s },
          a.attempt,
        ),
      });
    } else if (isOneShotFiring(a)) {
      out.finalOneShots.push(a.task_id);
    }
  }
  return out;
}

/**
 * The events of finished attempts, given what the store wrote: `run.succeeded`/`run.failed` (a failure says whether
 * it was final and when the retry is due), then `task.completed` for each one-shot task that completed.
 */
export function settlementEvents(
  attempts: readonly FinishedAttempt[],
  retries: readonly ScheduledRetry[],
  completed: readonly TaskRow[],
): PlannedEvent[] {
  const nextAttemptAt = new Map(retries.map((r) => [`${r.task_id}/${r.scheduled_for.getTime()}/${r.attempt}`, r.due_at]));
  const events: PlannedEvent[] = attempts.map((a) => {
    const next = nextAttemptAt.get(`${a.task_id}/${a.scheduled_for.getTime()}/${a.attempt + 1}`) ?? null;
    const data = runEventData(a, a.status === 'succeeded' ? succeededExtra(a) : { final: next === null, next_attempt_at: next?.toISOString() ?? null });
    return {
      tenantId: a.tenant_id,
      type: a.status === 'succeeded' ? 'run.succeeded' : 'run.failed',
      subjectKind: 'task',
      subjectId: a.task_id,
      data,
    };
  });
  for (const task of completed) {
    const last = attempts.filter((a) => a.task_id === task.id).at(-1);
    const lastRun =
      last === undefined
        ? null
        : {
            id: last.id,
            status: last.status,
            started_at: last.started_at?.toISOString() ?? null,
            finished_at: last.finished_at.toISOString(),
          };
    events.push({
      tenantId: task.tenant_id,
      type: 'task.completed',
      subjectKind: 'task',
      subjectId: task.id,
      data: taskToJson({ ...task, last_run_id: last?.id ?? task.last_run_id }, lastRun),
    });
  }
  return events;
}

/** `run.succeeded` carries the result's summary (`result`) when the outcome had one. */
function succeededExtra(a: FinishedAttempt): Record<string, unknown> {
  return a.result_summary === undefined ? {} : { result: a.result_summary };
}

function isOneShotFiring(a: FinishedAttempt): boolean {
  return a.origin === 'schedule' && a.schedule?.type === 'once';
}

function mayRetry(a: FinishedAttempt): boolean {
  return !a.task_deleted && a.task_state !== 'paused' && a.attempt < a.retry_max_attempts;
}

/** A run as its events carry it. */
