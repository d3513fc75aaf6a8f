import type { Db, Queryable } from './db.ts';
import { appendEvents, type Actor, type NewEvent } from './events.ts';
import { cancelRun, getRun, retryRun, type RunRow } from './runs.ts';
import { ProblemError } from '../domain/errors.ts';
import { runEventData, type RunEventExtra } from '../domain/run.ts';

/**
 * What a caller may do to one run (`POST /v1/runs/{id}/cancel`, `/retry`), each one transaction that makes the
 * change and appends its event, as every other write path does.
 */

const RETRYABLE: readonly string[] = ['failed', 'timed_out', 'abandoned', 'cancelled'];

/** Cancels a pending or running attempt and writes `run.cancelled`. 404 for no such run, 409 for a finished one. */
export async function cancelRunOnRequest(db: Db, tenantId: string, id: number, actor: Actor): Promise<RunRow> {
  return db.transaction(async (tx) => {
    const cancelled = await cancelRun(tx, tenantId, id);
    if (cancelled === null) {
      const existing = await getRun(tx, tenantId, id);
      if (existing === null) throw new ProblemError('not_found', `No run ${id}.`);
      throw new ProblemError('conflict', `The run is ${existing.status}; only pending or running runs can be cancelled.`);
    }
    await appendEvents(tx, [runEvent('run.cancelled', cancelled)], actor);
    return cancelled;
  });
}

/**
 * Runs a finished, unsuccessful attempt again as a new attempt of the same firing and writes `run.retried` (the
 * new attempt, with `retry_of` the run retried). 404 for no such run; 409 for a run that did not fail or whose task
 * was deleted (a deleted task never calls its target again).
 */
export async function retryRunOnRequest(db: Db, tenantId: string, id: number, actor: Actor): Promise<number> {
  return db.transaction(async (tx) => {
    const run = await getRun(tx, tenantId, id);
    if (run === null) throw new ProblemError('not_found', `No run ${id}.`);
    if (!RETRYABLE.includes(run.status)) {
      throw new ProblemError('conflict', `The run is ${run.status}; only failed, timed out, abandoned or cancelled runs can be retried.`);
    }
    if (await taskDeleted(tx, tenantId, run.task_id)) {
      throw new ProblemError('conflict', `Task ${run.task_id} was deleted; its runs cannot be retried.`);
    }
    const retryId = await retryRun(tx, run);
    const retry = await getRun(tx, tenantId, retryId);
    if (retry === null) throw new Error('the retry just inserted is not there');
    await appendEvents(tx, [runEvent('run.retried', retry, { retry_of: run.id })], actor);
    return retryId;
  });
}

/**
 * Whether the task is deleted. The row is locked (FOR SHARE) so that a delete running at the same time waits for
 * this transaction and then cancels the retry it inserted, instead of the retry slipping in after the delete.
 */
async function taskDeleted(tx: Queryable, tenantId: string, taskId: number): Promise<boolean> {
  const [row] = await tx.query<{ deleted: boolean }>(
    'SELECT deleted_at IS NOT NULL AS deleted FROM tasks WHERE tenant_id = $1 AND id = $2 FOR SHARE',
    [tenantId, taskId],
    'task_deleted',
  );
  return row?.deleted ?? true;
}

function runEvent(type: 'run.cancelled' | 'run.retried', run: RunRow, extra?: RunEventExtra): NewEvent {
  return { tenantId: run.tenant_id, type, subjectKind: 'task', subjectId: run.task_id, data: runEventData(run, extra) };
}
