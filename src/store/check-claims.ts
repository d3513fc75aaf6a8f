import type { Queryable } from './db.ts';
import { CLAIM_CANDIDATES, fairPickCtes } from './fair-claim.ts';
import type { JsonAssertion } from '../domain/json-assertion.ts';
import type { MonitorType } from '../domain/monitor.ts';
import type { SlotShares } from '../domain/tenant-slots.ts';

/** Monitor checks under a lease: claiming due monitors, the wait until the next one, handing leases back. */

export interface MonitorClaim {
  monitor_id: number;
  tenant_id: string;
  type: MonitorType;
  /** Null for heartbeats: their claim means the ping deadline passed. */
  url: string | null;
  method: string;
  timeout_ms: number;
  expect_status: number[] | null;
  regexp: string | null;
  expect_json: JsonAssertion | null;
  /** Heartbeats: the last ping, for the missed-ping error. */
  last_ping_at: Date | null;
  lease_token: string;
  /** When the check started, by the database clock: it becomes the check's `checked_at`. */
  claimed_at: Date;
  /** Milliseconds between the due time and the claim, by the database clock. */
  late_ms: number;
}

/**
 * Claims up to `limit` due monitors: each gets a lease (its timeout plus `leaseSeconds`) and its next due time one
 * interval on (or one interval from now, when it fell more than an interval behind: missed checks are not
 * replayed). `FOR UPDATE SKIP LOCKED`: any number of workers claim at once without waiting or double-claiming.
 *
 * Fair between tenants as the task claim is (store/claims.ts claimDue, domain/tenant-slots.ts): no monitor of a
 * saturated tenant, at most each tenant's allowance, the tenant with the fewest calls in flight first.
 */
export async function claimDueMonitors(tx: Queryable, limit: number, leaseSeconds: number, shares: SlotShares): Promise<MonitorClaim[]> {
  return tx.query<MonitorClaim>(
    // The clock is read once per claim (clk), as in claimDue: per scanned row it is a read of tw_clock.
    `WITH clk AS MATERIALIZED (SELECT tw_now() AS now, tw_clock_now() AS clock),
     cand AS MATERIALIZED (
       SELECT id, tenant_id, next_check_at AS due_at FROM monitors
        WHERE active AND next_check_at <= (SELECT now FROM clk)
          AND (lease_token IS NULL OR lease_expires_at < (SELECT now FROM clk))
          AND tenant_id <> ALL($3::text[])
        ORDER BY next_check_at
        LIMIT $1::integer * ${CLAIM_CANDIDATES}
     ), ${fairPickCtes({ limit: '$1', tenants: '$4', allowances: '$5', inFlight: '$7', defaultAllowance: '$6' })}, due AS (
       SELECT m.id, k.due_at FROM monitors m JOIN pick k ON k.id = m.id
        WHERE m.active AND m.next_check_at <= (SELECT now FROM clk)
          AND (m.lease_token IS NULL OR m.lease_expires_at < (SELECT now FROM clk))
        ORDER BY k.score, k.due_at, k.id
        LIMIT $1
        FOR UPDATE OF m SKIP LOCKED
     )
     UPDATE monitors m
        SET lease_token = gen_random_uuid(),
            lease_expires_at = clk.now + make_interval(secs => m.timeout_ms / 1000.0 + $2),
            next_check_at = CASE WHEN due.due_at + make_interval(secs => m.interval_s) > clk.now
                                 THEN due.due_at + make_interval(secs => m.interval_s)
                                 ELSE clk.now + make_interval(secs => m.interval_s) END
       FROM due, clk
      WHERE m.id = due.id
     RETURNING m.id AS monitor_id, m.tenant_id, m.type, m.url, m.method, m.timeout_ms, m.expect_status, m.regexp,
               m.expect_json, m.last_ping_at,
               m.lease_token::text AS lease_token, clk.now AS claimed_at,
               least(2147483647, greatest(0, extract(epoch FROM clk.clock - due.due_at) * 1000))::integer AS late_ms`,
    [
      limit,
      leaseSeconds,
      shares.saturated,
      shares.allowed.map((a) => a.tenantId),
      shares.allowed.map((a) => a.allowance),
      shares.idleAllowance,
      shares.allowed.map((a) => a.inFlight),
    ],
    'claim_due_monitors',
  );
}


/**
 * Milliseconds until the earliest unleased monitor of a tenant not in `saturated` is due (≤ 0: now), or null when
 * none is active. A saturated tenant's overdue monitors would otherwise read as "due now" and the loop would spin.
 */
export async function msUntilNextCheck(db: Queryable, saturated: readonly string[] = []): Promise<number | null> {
  const [row] = await db.query<{ ms: number | null }>(
    `SELECT (extract(epoch FROM min(next_check_at) - tw_clock_now()) * 1000)::float8 AS ms
       FROM monitors WHERE active AND (lease_token IS NULL OR lease_expires_at < tw_now()) AND tenant_id <> ALL($1::text[])`,
    [saturated],
    'ms_until_next_check',
  );
  return row?.ms ?? null;
}

/** Hands back leases of checks this worker will not finish (shutdown): due again at once. */
export async function giveBackMonitors(db: Queryable, ids: readonly number[], tokens: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const rows = await db.query(
    `UPDATE monitors m SET lease_token = NULL, lease_expires_at = NULL, next_check_at = least(m.next_check_at, tw_now())
       FROM unnest($1::bigint[], $2::uuid[]) AS i(id, token)
      WHERE m.id = i.id AND m.lease_token = i.token
      RETURNING m.id`,
    [ids, tokens],
    'give_back_monitors',
  );
  return rows.length;
}
