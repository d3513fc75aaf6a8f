import type { Queryable } from '../store/db.ts';
import {
  appendEvents,
  completeOneShots,
  insertRetries,
  releaseDeferred,
  setLastRuns,
  type NewEvent,
  type RetryPlan,
  type SettledAttempt,
} from '../store/claims.ts';
import { retryDelayMs } from '../domain/backoff.ts';
import { taskToJson } from '../domain/task.ts';

/**
 * What follows a finished attempt, in the transaction that recorded it: a retry after backoff when the policy
 * allows one, `run.succeeded`/`run.failed` events, and a one-shot task `completed` after its final attempt.
 */
export async function settleAttempts(tx: Queryable, attempts: readonly SettledAttempt[]): Promise<void> {
  if (attempts.length === 0) return;
  const retries: RetryPlan[] = [];
  const finalOneShots: number[] = [];
  for (const a of attempts) {
    if (a.status === 'succeeded') {
      if (isOneShotFiring(a)) finalOneShots.push(a.task_id);
      continue;
    }
    if (mayRetry(a)) {
      retries.push({
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
      finalOneShots.push(a.task_id);
    }
  }
  const inserted = await insertRetries(tx, retries);
  const nextAttemptAt = new Map(inserted.map((r) => [`${r.task_id}/${r.scheduled_for.getTime()}/${r.attempt}`, r.due_at]));
  const events: NewEvent[] = attempts.map((a) => {
    const next = nextAttemptAt.get(`${a.task_id}/${a.scheduled_for.getTime()}/${a.attempt + 1}`) ?? null;
    const data: Record<string, unknown> = runEventData(a);
    if (a.status !== 'succeeded') {
      data.final = next === null;
      data.next_attempt_at = next === null ? null : next.toISOString();
    }
    return {
      tenantId: a.tenant_id,
      type: a.status === 'succeeded' ? 'run.succeeded' : 'run.failed',
      subjectKind: 'task',
      subjectId: a.task_id,
      data,
    };
  });
  await releaseDeferred(
    tx,
    attempts.map((a) => a.task_id),
  );
  await setLastRuns(
    tx,
    attempts.map((a) => a.task_id),
    attempts.map((a) => a.id),
  );
  const completed = await completeOneShots(tx, finalOneShots);
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
  await appendEvents(tx, events);
}

function isOneShotFiring(a: SettledAttempt): boolean {
  return a.origin === 'schedule' && a.schedule?.type === 'once';
}

function mayRetry(a: SettledAttempt): boolean {
  return !a.task_deleted && a.task_state !== 'paused' && a.attempt < a.retry_max_attempts;
}

export function runEventData(a: {
  id: number;
  task_id: number;
  attempt: number;
  status: string;
  scheduled_for: Date;
  started_at: Date | null;
  finished_at?: Date | null;
  http_status?: number | null;
  duration_ms?: number | null;
  error?: string | null;
}): Record<string, unknown> {
  return {
    run_id: a.id,
    task_id: a.task_id,
    attempt: a.attempt,
    status: a.status,
    scheduled_for: a.scheduled_for.toISOString(),
    started_at: a.started_at?.toISOString() ?? null,
    finished_at: a.finished_at?.toISOString() ?? null,
    http_status: a.http_status ?? null,
    duration_ms: a.duration_ms ?? null,
    error: a.error ?? null,
  };
}
