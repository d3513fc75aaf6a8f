import type { Queryable } from './db.ts';
import { appendEvents } from './events.ts';
import { SYSTEM_ACTOR } from '../domain/event.ts';
import { storableJson } from '../domain/storable-text.ts';
import { isTflResult, lineStatusChanges, type KnownLineStatus, type LineCheck } from '../domain/tfl-status.ts';

/**
 * The last known status of each line a TfL task watches (table tfl_line_status), and `tfl.disrupted` /
 * `tfl.recovered` on a change, written in the transaction that records the runs (store/claims.ts
 * `recordOutcomesAndSettle`); domain/tfl-status.ts decides.
 */

/**
 * Applies the succeeded line checks among recorded attempts: locks the tasks' status rows, writes each line's new
 * status and the events of the lines that changed. Costs nothing when the batch has no line check.
 */
export async function recordLineStatuses(
  tx: Queryable,
  attempts: readonly { id: number; tenant_id: string; task_id: number; status: string }[],
  outcomes: readonly { runId: number; result: unknown }[],
): Promise<void> {
  const results = new Map(outcomes.map((o) => [o.runId, o.result]));
  const checks: LineCheck[] = attempts.flatMap((a) => {
    // As recordOutcomes stores it: text from outside made storable, so a NUL cannot fail the batch.
    const result = storableJson(results.get(a.id));
    return a.status === 'succeeded' && isTflResult(result) ? [{ tenantId: a.tenant_id, taskId: a.task_id, runId: a.id, result }] : [];
  });
  if (checks.length === 0) return;
  const taskIds = [...new Set(checks.map((c) => c.taskId))].sort((a, b) => a - b);
  // Locked in task order, so two batches with checks of the same tasks cannot deadlock.
  const known = await tx.query<KnownLineStatus>(
    `SELECT task_id, line, disrupted, status, run_id FROM tfl_line_status
      WHERE task_id = ANY($1::bigint[]) ORDER BY task_id, line FOR UPDATE`,
    [taskIds],
    'lock_tfl_line_status',
  );
  const { writes, events } = lineStatusChanges(checks, known);
  if (writes.length > 0) {
    await tx.query(
      `INSERT INTO tfl_line_status AS s (task_id, line, tenant_id, disrupted, status, description, run_id, changed_at, checked_at)
       SELECT w.task_id, w.line, w.tenant_id, w.disrupted, w.status, w.description, w.run_id,
              CASE WHEN w.changed THEN tw_now()
                   ELSE coalesce((SELECT k.changed_at FROM tfl_line_status k WHERE k.task_id = w.task_id AND k.line = w.line), tw_now()) END,
              tw_now()
         FROM unnest($1::bigint[], $2::text[], $3::text[], $4::boolean[], $5::text[], $6::text[], $7::bigint[], $8::boolean[])
           AS w (task_id, line, tenant_id, disrupted, status, description, run_id, changed)
       ON CONFLICT (task_id, line) DO UPDATE
          SET disrupted = excluded.disrupted, status = excluded.status, description = excluded.description,
              run_id = excluded.run_id, changed_at = excluded.changed_at, checked_at = excluded.checked_at`,
      [
        writes.map((w) => w.taskId),
        writes.map((w) => w.line),
        writes.map((w) => w.tenantId),
        writes.map((w) => w.disrupted),
        writes.map((w) => w.status),
        writes.map((w) => w.description),
        writes.map((w) => w.runId),
        writes.map((w) => w.changed),
      ],
      'write_tfl_line_status',
    );
  }
  await appendEvents(tx, events, SYSTEM_ACTOR);
}

/** A TfL task's watched lines as last checked, in line order. */
export async function lineStatusesOfTask(db: Queryable, tenantId: string, taskId: number): Promise<(KnownLineStatus & { description: string | null; changed_at: Date; checked_at: Date })[]> {
  return db.query(
    `SELECT task_id, line, disrupted, status, description, run_id, changed_at, checked_at FROM tfl_line_status
      WHERE tenant_id = $1 AND task_id = $2 ORDER BY line`,
    [tenantId, taskId],
  );
}
