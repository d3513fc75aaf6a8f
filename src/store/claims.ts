import type { Db, Queryable } from './db.ts';
import { CLAIM_CANDIDATES, fairPickCtes } from './fair-claim.ts';
import { appendEvents } from './events.ts';
import { SYSTEM_ACTOR } from '../domain/event.ts';
import { recordLineStatuses } from './tfl-lines.ts';
import { withResultSummaries } from '../domain/run-result.ts';
import { wakeWorkers } from './notify.ts';
import type { TaskRow } from '../domain/task.ts';
import {
  planSettlement,
  settlementEvents,
  type ClaimPlan,
  type ClaimedFiring,
  type FinishedAttempt,
  type NextFiring,
  type RetryPlan,
} from '../domain/firing.ts';
import { storableJson, storableText } from '../domain/storable-text.ts';
import type { SlotShares } from '../domain/tenant-slots.ts';

/**
 * The work queue's statements: claim due firings under a lease, heartbeat, complete, sweep lost leases, give back.
 * A lease is (lease_token, lease_expires_at); every write by a worker names its token, so a worker that lost its
 * lease (a zombie after SIGSTOP, a partition) cannot complete an attempt someone else now owns (promise 2).
 */

/** A claimed firing: the row `claimDue` returns (its fields are described in domain/firing.ts). */
export type Claim = ClaimedFiring;

/**
 * Claims up to `limit` runs due within `aheadMs` for `workerId`, marking them running with a fresh lease of
 * `leaseSeconds`; one claimed ahead starts at its due time (`wait_ms`), never before. `FOR UPDATE SKIP LOCKED` lets
 * any number of workers claim at once without waiting on or double-claiming a row.
 *
 * Fair between tenants (domain/tenant-slots.ts): no firing of a saturated tenant is taken, no tenant gets more than
 * its allowance, and among the earliest due firings the tenant with the fewest calls in flight comes first.
 */
export async function claimDue(
  tx: Queryable,
  workerId: string,
  limit: number,
  leaseSeconds: number,
  aheadMs: number,
  shares: SlotShares,
): Promise<Claim[]> {
  return tx.query<Claim>(
    // The clock is read once per claim (clk): tw_now() and tw_clock_now() read tw_clock, and per scanned or claimed
    // row that cost a fifth of the claim rate. wait_ms counts from that reading, before the claim returns, so a
    // firing held for it never starts early.
    // The candidates are the earliest due firings of unsaturated tenants, CLAIM_CANDIDATES times the batch: enough
    // to see other tenants behind one tenant's burst and to step past rows other workers are claiming, while the
    // scan stays as short as the batch's (flat in the number of runs). Saturated tenants are filtered in the scan
    // of runs_pending_due: their overdue backlog is walked, not claimed. Measured with 100k pending runs, a claim of
    // 200: +1.7 ms for the fair order (8.0 → 9.7 ms); a saturated tenant's 50k overdue rows walked add ~10 ms.
    `WITH clk AS MATERIALIZED (SELECT tw_now() AS now, tw_clock_now() AS clock),
     cand AS MATERIALIZED (
       SELECT id, tenant_id, due_at FROM runs
        WHERE status = 'pending' AND due_at <= (SELECT now FROM clk) + make_interval(secs => $4 / 1000.0)
          AND tenant_id <> ALL($5::text[])
        ORDER BY due_at
        LIMIT $1::integer * ${CLAIM_CANDIDATES}
     ), ${fairPickCtes({ limit: '$1', tenants: '$6', allowances: '$7', inFlight: '$9', defaultAllowance: '$8' })}, due AS (
       SELECT r.id FROM runs r JOIN pick k ON k.id = r.id
        WHERE r.status = 'pending'
        ORDER BY k.score, k.due_at, k.id
        LIMIT $1
        FOR UPDATE OF r SKIP LOCKED
     ), claimed AS (
       UPDATE runs r
          SET status = 'running', started_at = greatest(clk.clock, r.due_at), worker_id = $2,
              lease_token = gen_random_uuid(),
              lease_expires_at = clk.now + make_interval(secs => $3),
              -- capped: a firing decades late (a schedule_time in 1970) must not overflow and wedge every claim
              late_ms = least(2147483647, greatest(0, extract(epoch FROM clk.clock - r.due_at) * 1000))::integer
         FROM due, clk
        WHERE r.id = due.id
       RETURNING r.id, r.tenant_id, r.task_id, r.scheduled_for, r.due_at, r.attempt, r.origin, r.lease_token, r.late_ms,
                 r.started_at, greatest(0, ceil(extract(epoch FROM r.due_at - clk.clock) * 1000))::integer AS wait_ms
     )
     SELECT c.id AS run_id, c.tenant_id, c.task_id, c.scheduled_for, c.due_at, c.attempt, c.origin,
            c.lease_token::text AS lease_token, c.late_ms, c.wait_ms, c.started_at,
            t.schedule, t.anchor_at, t.action, t.retry_max_attempts, t.retry_backoff_s, t.retry_max_backoff_s,
            t.overlap, t.misfire,
            EXISTS (SELECT 1 FROM runs o WHERE o.task_id = c.task_id AND o.status = 'running') AS busy,
            (SELECT now FROM clk) AS db_now
       FROM claimed c JOIN tasks t ON t.id = c.task_id
      ORDER BY c.due_at`,
    [
      limit,
      workerId,
      leaseSeconds,
      aheadMs,
      shares.saturated,
      shares.allowed.map((a) => a.tenantId),
      shares.allowed.map((a) => a.allowance),
      shares.idleAllowance,
      shares.allowed.map((a) => a.inFlight),
    ],
    'claim_due',
  );
}


/** Inserts the next scheduled firing of each recurring task and records it as the task's `next_run_at`. */
export async function insertNextFirings(tx: Queryable, firings: readonly NextFiring[]): Promise<void> {
  if (firings.length === 0) return;
  await tx.query(
    `WITH f AS (SELECT * FROM unnest($1::text[], $2::bigint[], $3::timestamptz[]) AS f(tenant_id, task_id, at)),
     ins AS (
       INSERT INTO runs (tenant_id, task_id, scheduled_for, due_at, attempt, origin)
       SELECT tenant_id, task_id, at, at, 1, 'schedule' FROM f
       ON CONFLICT (task_id, scheduled_for, attempt) DO NOTHING
     )
     UPDATE tasks t SET next_run_at = f.at FROM f WHERE t.id = f.task_id`,
    [firings.map((f) => f.tenantId), firings.map((f) => f.taskId), firings.map((f) => f.at)],
    'insert_next_firings',
  );
}

/** Clears `next_run_at` of tasks that have no further firing (a one-shot that has started). */
export async function clearNextRun(tx: Queryable, taskIds: readonly number[]): Promise<void> {
  if (taskIds.length === 0) return;
  await tx.query('UPDATE tasks SET next_run_at = NULL WHERE id = ANY($1::bigint[])', [taskIds], 'clear_next_run');
}

/**
 * Settles claimed firings that will not run (missed under `skip`, or overlapping a running attempt under
 * overlap `skip`) as cancelled, with the reason. Their lease is dropped at once.
 */
export async function cancelClaimed(tx: Queryable, runIds: readonly number[], reasons: readonly string[]): Promise<void> {
  if (runIds.length === 0) return;
  await tx.query(
    `UPDATE runs r SET status = 'cancelled', finished_at = tw_now(), error = i.reason,
            lease_token = NULL, lease_expires_at = NULL
       FROM unnest($1::bigint[], $2::text[]) AS i(id, reason)
      WHERE r.id = ANY($1::bigint[]) AND r.id = i.id`,
    [runIds, reasons],
    'cancel_claimed',
  );
}

/**
 * Puts claimed firings back to wait for the task's running attempt (run_all catch-up under overlap `skip`):
 * pending with `due_at = 'infinity'` until `releaseDeferred` makes them due.
 */
export async function deferClaimed(tx: Queryable, runIds: readonly number[]): Promise<void> {
  if (runIds.length === 0) return;
  await tx.query(
    `UPDATE runs SET status = 'pending', due_at = 'infinity', started_at = NULL, worker_id = NULL, lease_token = NULL,
            lease_expires_at = NULL, late_ms = NULL
      WHERE id = ANY($1::bigint[])`,
    [runIds],
    'defer_claimed',
  );
}

/**
 * Makes deferred firings due again once their task has no running attempt: for the given tasks (their attempt just
 * settled), or for every task (the sweep's safety net for a release that raced with the deferral).
 */
export async function releaseDeferred(tx: Queryable, taskIds: readonly number[] | null): Promise<number> {
  const rows = await tx.query(
    `UPDATE runs r SET due_at = r.scheduled_for
      WHERE r.status = 'pending' AND r.due_at = 'infinity'
        AND ($1::bigint[] IS NULL OR r.task_id = ANY($1::bigint[]))
        AND NOT EXISTS (SELECT 1 FROM runs o WHERE o.task_id = r.task_id AND o.status = 'running')
      RETURNING r.id`,
    [taskIds],
    'release_deferred',
  );
  if (rows.length > 0) await wakeWorkers(tx);
  return rows.length;
}

export interface Outcome {
  runId: number;
  leaseToken: string;
  status: 'succeeded' | 'failed' | 'timed_out';
  httpStatus: number | null;
  durationMs: number;
  error: string | null;
  result: unknown;
}

/** A finished attempt as stored, with what its task says about retrying it. */
export type SettledAttempt = FinishedAttempt;

const SETTLED_COLUMNS = `d.id, d.tenant_id, d.task_id, d.scheduled_for, d.attempt, d.origin, d.status, d.started_at,
  d.finished_at, d.http_status, d.duration_ms, d.error, t.schedule, t.state AS task_state,
  (t.deleted_at IS NOT NULL) AS task_deleted, t.retry_max_attempts, t.retry_backoff_s, t.retry_max_backoff_s`;

/**
 * Records outcomes of attempts this worker holds. An outcome whose lease token no longer matches (the lease was
 * lost and the attempt swept, cancelled or re-claimed) is refused: it is simply not returned.
 */
export async function recordOutcomes(tx: Queryable, outcomes: readonly Outcome[]): Promise<SettledAttempt[]> {
  if (outcomes.length === 0) return [];
  return tx.query<SettledAttempt>(
    `WITH i AS (
       SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::integer[], $5::integer[], $6::text[], $7::jsonb[])
         AS i(id, token, status, http_status, duration_ms, error, result)
     ), d AS (
       UPDATE runs r
          SET status = i.status, finished_at = tw_clock_now(), http_status = i.http_status,
              duration_ms = i.duration_ms, error = i.error, result = i.result,
              lease_token = NULL, lease_expires_at = NULL
         FROM i
        -- id = ANY lets the planner look the rows up by primary key; joined on the unnest alone it scanned the
        -- whole partial index of running rows, dead entries of every attempt recorded since the last vacuum
        -- included, and each batch took longer than the one before.
        WHERE r.id = ANY($1::bigint[]) AND r.id = i.id AND r.lease_token = i.token AND r.status = 'running'
       RETURNING r.*
     )
     SELECT ${SETTLED_COLUMNS} FROM d JOIN tasks t ON t.id = d.task_id ORDER BY d.id`,
    [
      outcomes.map((o) => o.runId),
      outcomes.map((o) => o.leaseToken),
      outcomes.map((o) => o.status),
      outcomes.map((o) => o.httpStatus),
      outcomes.map((o) => o.durationMs),
      // Made storable here too, whatever the executor did: one NUL must not fail the batch (FAULTS R15).
      outcomes.map((o) => (o.error === null ? null : storableText(o.error))),
      outcomes.map((o) => (o.result === undefined || o.result === null ? null : JSON.stringify(storableJson(o.result)))),
    ],
    'record_outcomes',
  );
}

/**
 * Marks running attempts whose lease has expired as `abandoned` (their worker died, froze or lost the network).
 * The caller retries them per policy in the same transaction.
 */
export async function sweepExpiredLeases(tx: Queryable, limit: number): Promise<SettledAttempt[]> {
  return tx.query<SettledAttempt>(
    `WITH expired AS (
       SELECT id FROM runs
        WHERE status = 'running' AND lease_expires_at < tw_now()
        ORDER BY lease_expires_at
        LIMIT $1
        FOR UPDATE SKIP LOCKED
     ), d AS (
       UPDATE runs r
          SET status = 'abandoned', finished_at = tw_now(),
              error = 'lease expired: the worker ' || coalesce(r.worker_id, '?') || ' stopped heartbeating',
              lease_token = NULL, lease_expires_at = NULL
         FROM expired WHERE r.id = expired.id
       RETURNING r.*
     )
     SELECT ${SETTLED_COLUMNS} FROM d JOIN tasks t ON t.id = d.task_id ORDER BY d.id`,
    [limit],
    'sweep_expired_leases',
  );
}

/** Inserts the next attempts of failed firings, due after their backoff (by the database clock). */
export async function insertRetries(tx: Queryable, retries: readonly RetryPlan[]): Promise<InsertedRetry[]> {
  if (retries.length === 0) return [];
  return tx.query<InsertedRetry>(
    `INSERT INTO runs (tenant_id, task_id, scheduled_for, attempt, origin, due_at)
     SELECT tenant_id, task_id, scheduled_for, attempt, origin, after_at + make_interval(secs => delay_ms / 1000.0)
       FROM unnest($1::text[], $2::bigint[], $3::timestamptz[], $4::integer[], $5::text[], $6::double precision[],
                   $7::timestamptz[])
         AS i(tenant_id, task_id, scheduled_for, attempt, origin, delay_ms, after_at)
     ON CONFLICT (task_id, scheduled_for, attempt) DO NOTHING
     RETURNING id, task_id, scheduled_for, attempt, due_at`,
    [
      retries.map((r) => r.tenantId),
      retries.map((r) => r.taskId),
      retries.map((r) => r.scheduledFor),
      retries.map((r) => r.attempt),
      retries.map((r) => r.origin),
      retries.map((r) => r.delayMs),
      retries.map((r) => r.after),
    ],
    'insert_retries',
  );
}

export interface InsertedRetry {
  id: number;
  task_id: number;
  scheduled_for: Date;
  attempt: number;
  due_at: Date;
}

/** Marks one-shot tasks `completed` after their final attempt; returns the tasks that changed. */
export async function completeOneShots(tx: Queryable, taskIds: readonly number[]): Promise<TaskRow[]> {
  if (taskIds.length === 0) return [];
  return tx.query<TaskRow>(
    `UPDATE tasks SET state = 'completed', next_run_at = NULL, updated_at = tw_now()
      WHERE id = ANY($1::bigint[]) AND state = 'active' AND deleted_at IS NULL
        AND schedule->>'type' = 'once'
        AND NOT EXISTS (SELECT 1 FROM runs r WHERE r.task_id = tasks.id AND r.status IN ('pending', 'running')
                        AND r.origin = 'schedule')
      RETURNING *`,
    [taskIds],
    'complete_one_shots',
  );
}

/** Points each task at its latest finished attempt (for `last_run`). */
export async function setLastRuns(tx: Queryable, taskIds: readonly number[], runIds: readonly number[]): Promise<void> {
  if (taskIds.length === 0) return;
  await tx.query(
    `UPDATE tasks t SET last_run_id = i.run_id
       FROM (SELECT task_id, max(run_id) AS run_id FROM unnest($1::bigint[], $2::bigint[]) AS u(task_id, run_id)
              GROUP BY task_id) i
      WHERE t.id = i.task_id AND (t.last_run_id IS NULL OR t.last_run_id < i.run_id)`,
    [taskIds, runIds],
    'set_last_runs',
  );
}

/** Extends the leases of attempts still running here (long calls, FAULTS R4). Returns the ids still held. */
export async function heartbeat(db: Queryable, runIds: readonly number[], tokens: readonly string[], leaseSeconds: number): Promise<number[]> {
  if (runIds.length === 0) return [];
  const rows = await db.query<{ id: number }>(
    `UPDATE runs r SET lease_expires_at = tw_now() + make_interval(secs => $3)
       FROM unnest($1::bigint[], $2::uuid[]) AS i(id, token)
      WHERE r.id = ANY($1::bigint[]) AND r.id = i.id AND r.lease_token = i.token AND r.status = 'running'
      RETURNING r.id`,
    [runIds, tokens, leaseSeconds],
    'heartbeat',
  );
  return rows.map((r) => r.id);
}

/**
 * Hands back attempts this worker claimed but will not finish (SIGTERM), or claimed ahead of their time and leaves
 * to be decided when due: they become pending again, due when they were due (a firing claimed ahead stays due in
 * the future: handing it back never makes it run early), without using up an attempt.
 */
export async function giveBack(db: Queryable, runIds: readonly number[], tokens: readonly string[]): Promise<number> {
  if (runIds.length === 0) return 0;
  const rows = await db.query(
    `UPDATE runs r SET status = 'pending', started_at = NULL, worker_id = NULL, lease_token = NULL,
            lease_expires_at = NULL, late_ms = NULL
       FROM unnest($1::bigint[], $2::uuid[]) AS i(id, token)
      WHERE r.id = ANY($1::bigint[]) AND r.id = i.id AND r.lease_token = i.token AND r.status = 'running'
      RETURNING r.id`,
    [runIds, tokens],
    'give_back',
  );
  return rows.length;
}

/**
 * Milliseconds until the earliest pending run of a tenant not in `saturated` is due (≤ 0: due now; null: nothing
 * pending), and the database's now. A saturated tenant's overdue runs would otherwise read as "due now" to a worker
 * that may not claim them, and it would spin.
 */
export async function msUntilNextDue(db: Queryable, saturated: readonly string[] = []): Promise<{ ms: number | null; dbNowMs: number }> {
  const [row] = await db.query<{ ms: number | null; now_ms: number }>(
    `SELECT (extract(epoch FROM (SELECT min(due_at) FROM runs
                                  WHERE status = 'pending' AND due_at < 'infinity' AND tenant_id <> ALL($1::text[]))
                              - c.now) * 1000)::float8 AS ms,
            (extract(epoch FROM c.now) * 1000)::float8 AS now_ms
       FROM (SELECT tw_clock_now() AS now) c`,
    [saturated],
    'ms_until_next_due',
  );
  return { ms: row?.ms ?? null, dbNowMs: row?.now_ms ?? Date.now() };
}

/** The database clock minus this process's clock, in ms (for the start-up skew warning, FAULTS R8). */
export async function clockSkewMs(db: Db): Promise<number> {
  const before = Date.now();
  const [row] = await db.query<{ ms: number }>(`SELECT (extract(epoch FROM clock_timestamp()) * 1000)::float8 AS ms`);
  const after = Date.now();
  return (row?.ms ?? after) - (before + after) / 2;
}

/*
 * The work queue's transactions: each takes the decision (domain/firing.ts) that needs the rows it has just read in
 * the same transaction, and writes the plan that decision returns.
 */

/**
 * Claims due firings (`claimDue`) and, in the same transaction, writes what `decide` plans for them: firings claimed
 * ahead and left to be decided when due are handed back, next firings inserted, missed or overlapping ones cancelled,
 * catch-up ones deferred, and the events appended. Returns how many were claimed and the plan (its `run` are to run).
 */
export async function claimAndPlan(
  db: Db,
  claim: { workerId: string; limit: number; leaseSeconds: number; aheadMs: number; shares: SlotShares },
  decide: (claims: Claim[]) => ClaimPlan<Claim>,
): Promise<{ claimed: number; plan: ClaimPlan<Claim> | null }> {
  return db.transaction(async (tx) => {
    const claims = await claimDue(tx, claim.workerId, claim.limit, claim.leaseSeconds, claim.aheadMs, claim.shares);
    if (claims.length === 0) return { claimed: 0, plan: null };
    const plan = decide(claims);
    await giveBack(tx, plan.handBack.map((c) => c.run_id), plan.handBack.map((c) => c.lease_token));
    await insertNextFirings(tx, plan.next);
    await clearNextRun(tx, plan.noNext);
    await cancelClaimed(tx, plan.cancel.map((c) => c.runId), plan.cancel.map((c) => c.reason));
    await deferClaimed(tx, plan.defer);
    await appendEvents(tx, plan.events, SYSTEM_ACTOR);
    return { claimed: claims.length, plan };
  });
}

/**
 * Records one batch of outcomes under their lease tokens and settles the attempts, in one transaction. Returns the
 * attempts recorded; an outcome missing from it was refused (its lease had been lost). `run.succeeded` carries each
 * result's summary (domain/run-result.ts); line checks also record each line's status and its `tfl.*` events
 * (store/tfl-lines.ts), in this same transaction.
 */
export async function recordOutcomesAndSettle(db: Db, outcomes: readonly Outcome[]): Promise<SettledAttempt[]> {
  return db.transaction(async (tx) => {
    const settled = withResultSummaries(await recordOutcomes(tx, outcomes), outcomes);
    await settleAttempts(tx, settled);
    await recordLineStatuses(tx, settled, outcomes);
    return settled;
  });
}

/**
 * Marks up to `limit` attempts whose lease lapsed `abandoned` and settles them (retry per policy, events), and makes
 * deferred firings due whose task no longer runs, in one transaction. Returns how many were abandoned.
 */
export async function sweepAndSettle(db: Db, limit: number): Promise<number> {
  return db.transaction(async (tx) => {
    const swept = await sweepExpiredLeases(tx, limit);
    await settleAttempts(tx, swept);
    await releaseDeferred(tx, null);
    return swept.length;
  });
}

/**
 * What follows finished attempts, in the transaction that recorded them (domain/firing.ts decides): retries after
 * backoff, deferred firings released, each task's last run, one-shot tasks completed, and the events.
 */
async function settleAttempts(tx: Queryable, attempts: readonly SettledAttempt[]): Promise<void> {
  if (attempts.length === 0) return;
  const plan = planSettlement(attempts);
  const retries = await insertRetries(tx, plan.retries);
  // Every worker's loop learns when the earliest retry is due (its own included: it may sleep until the next poll),
  // so a retry starts at its backoff time (promise 4).
  const firstRetry = earliest(retries.map((r) => r.due_at));
  if (firstRetry !== null) await wakeWorkers(tx, firstRetry);
  const taskIds = attempts.map((a) => a.task_id);
  await releaseDeferred(tx, taskIds);
  await setLastRuns(tx, taskIds, attempts.map((a) => a.id));
  const completed = await completeOneShots(tx, plan.finalOneShots);
  await appendEvents(tx, settlementEvents(attempts, retries, completed), SYSTEM_ACTOR);
}

function earliest(times: readonly Date[]): Date | null {
  let min: Date | null = null;
  for (const t of times) if (min === null || t.getTime() < min.getTime()) min = t;
  return min;
}

export type { NextFiring, RetryPlan };
