import type { Queryable } from './db.ts';
import { CLAIM_CANDIDATES, fairPickCtes } from './fair-claim.ts';
import { appendEvents, type NewEvent } from './events.ts';
import type { CheckJson, MonitorRow, MonitorType } from './monitors.ts';
import type { JsonAssertion } from '../domain/json-assertion.ts';
import { storableText } from '../domain/storable-text.ts';
import type { SlotShares } from '../domain/tenant-slots.ts';
import {
  HOUR_MS,
  certNoticeDue,
  LATENCY_BUCKETS,
  histogramPercentile,
  latencyBucket,
  nextMonitorState,
  rollupHour,
  uptimePercent,
  type MonitorStatus,
} from './monitors-model.ts';

/**
 * Monitor checks: claiming due monitors under a lease, recording checks with the state machine and the hourly
 * rollups in one transaction, the history list, the figures, and pruning.
 *
 * The checks table is partitioned by UTC day (migrations/0007): the maintenance loop creates days ahead and drops
 * the days past the retention whole. Nothing on a request path scans it: the monitor row carries `last_check`,
 * figures come from `monitor_rollups`, and the history list walks (monitor_id, id DESC) in each day.
 */

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

/** One finished check, to be recorded. */
export interface CheckOutcome {
  monitorId: number;
  /** The lease it ran under; null records it without one (tests, imports of history). */
  leaseToken: string | null;
  checkedAt: Date;
  statusCode: number | null;
  latencyMs: number;
  matched: boolean | null;
  ok: boolean;
  error: string | null;
  errorKind: string | null;
  /** When the https certificate presented at this check expires; null when not https. */
  certExpiresAt: Date | null;
}

interface LockedMonitor {
  id: number;
  tenant_id: string;
  status: MonitorStatus;
  consecutive_failures: number;
  failure_threshold: number;
  lease_token: string | null;
  active: boolean;
  cert_notice_for: Date | null;
}

export interface RecordedCheck {
  monitorId: number;
  check: CheckJson;
  event: 'monitor.down' | 'monitor.up' | null;
  /**
   * The certificate expiry this check announced with `monitor.cert_expiring` (the first check that saw this
   * certificate within the notice period), else null.
   */
  certNotice: Date | null;
}

/**
 * Records checks in one transaction: stores each check, moves each monitor's state machine, releases its lease,
 * adds the check to its hour's rollup, and writes `monitor.down` / `monitor.up` for the transitions. The monitor
 * rows are locked first (in id order, so two recorders cannot deadlock), which makes each transition happen exactly
 * once however many workers record. A check whose lease was lost, or whose monitor was deleted meanwhile, is refused.
 */
export async function recordChecks(tx: Queryable, given: readonly CheckOutcome[]): Promise<RecordedCheck[]> {
  if (given.length === 0) return [];
  // An error may echo the target; it goes to `checks.error`, `last_check` (jsonb) and events: made storable here,
  // whatever the executor did, so one NUL cannot fail the batch (FAULTS R15).
  const outcomes = given.map((o) => (o.error === null ? o : { ...o, error: storableText(o.error) }));
  const locked = await tx.query<LockedMonitor>(
    `SELECT id, tenant_id, status, consecutive_failures, failure_threshold, lease_token::text AS lease_token, active,
            cert_notice_for
       FROM monitors WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE`,
    [[...new Set(outcomes.map((o) => o.monitorId))]],
    'lock_monitors_for_checks',
  );
  const byId = new Map(locked.map((m) => [m.id, m]));
  const accepted: { o: CheckOutcome; m: LockedMonitor }[] = [];
  for (const o of outcomes) {
    const m = byId.get(o.monitorId);
    if (m === undefined) continue;
    if (o.leaseToken !== null && (m.lease_token !== o.leaseToken || !m.active)) continue;
    accepted.push({ o, m });
  }
  if (accepted.length === 0) return [];
  accepted.sort((a, b) => a.o.checkedAt.getTime() - b.o.checkedAt.getTime());

  const ids = await tx.query<{ id: number }>(
    `INSERT INTO checks (monitor_id, tenant_id, checked_at, status_code, latency_ms, matched, ok, error, error_kind,
                         cert_days_left)
     SELECT * FROM unnest($1::bigint[], $2::text[], $3::timestamptz[], $4::integer[], $5::integer[], $6::boolean[],
                          $7::boolean[], $8::text[], $9::text[], $10::real[])
     RETURNING id`,
    [
      accepted.map((a) => a.o.monitorId),
      accepted.map((a) => a.m.tenant_id),
      accepted.map((a) => a.o.checkedAt),
      accepted.map((a) => a.o.statusCode),
      accepted.map((a) => Math.max(0, Math.round(a.o.latencyMs))),
      accepted.map((a) => a.o.matched),
      accepted.map((a) => a.o.ok),
      accepted.map((a) => a.o.error),
      accepted.map((a) => a.o.errorKind),
      accepted.map((a) => certDaysLeft(a.o)),
    ],
    'insert_checks',
  );

  // The state machine runs in check order per monitor (a batch may hold several checks of one monitor).
  interface Next {
    status: MonitorStatus;
    consecutive_failures: number;
    last: CheckJson;
    release: boolean;
    cert_expires_at: Date | null;
    cert_notice_for: Date | null;
  }
  const state = new Map<number, Next>();
  const recorded: RecordedCheck[] = [];
  accepted.forEach((a, i) => {
    const check: CheckJson = {
      id: ids[i]?.id ?? 0,
      checked_at: a.o.checkedAt.toISOString(),
      status_code: a.o.statusCode,
      latency_ms: Math.max(0, Math.round(a.o.latencyMs)),
      matched: a.o.matched,
      ok: a.o.ok,
      error: a.o.error,
      cert_days_left: certDaysLeft(a.o),
    };
    const cur = state.get(a.m.id) ?? { ...a.m, last: check, release: false, cert_expires_at: null };
    const t = nextMonitorState({ ...cur, failure_threshold: a.m.failure_threshold }, a.o.ok);
    const certNotice = certNoticeDue(a.o.certExpiresAt, a.o.checkedAt, cur.cert_notice_for) ? a.o.certExpiresAt : null;
    state.set(a.m.id, {
      status: t.status,
      consecutive_failures: t.consecutive_failures,
      last: check,
      release: cur.release || a.o.leaseToken !== null,
      cert_expires_at: a.o.certExpiresAt ?? cur.cert_expires_at,
      cert_notice_for: certNotice ?? cur.cert_notice_for,
    });
    recorded.push({ monitorId: a.m.id, check, event: t.event, certNotice });
  });

  const entries = [...state.entries()];
  const updated = await tx.query<Pick<MonitorRow, 'id' | 'tenant_id' | 'type' | 'url' | 'regexp'>>(
    `UPDATE monitors m
        SET status = i.status, consecutive_failures = i.failures, last_check = i.last_check,
            lease_token = CASE WHEN i.release THEN NULL ELSE m.lease_token END,
            lease_expires_at = CASE WHEN i.release THEN NULL ELSE m.lease_expires_at END,
            cert_expires_at = coalesce(i.cert_expires_at, m.cert_expires_at), cert_notice_for = i.cert_notice_for
       FROM unnest($1::bigint[], $2::text[], $3::integer[], $4::jsonb[], $5::boolean[], $6::timestamptz[],
                   $7::timestamptz[])
         AS i(id, status, failures, last_check, release, cert_expires_at, cert_notice_for)
      WHERE m.id = i.id
     RETURNING m.id, m.tenant_id, m.type, m.url, m.regexp`,
    [
      entries.map(([id]) => id),
      entries.map(([, s]) => s.status),
      entries.map(([, s]) => s.consecutive_failures),
      entries.map(([, s]) => JSON.stringify(s.last)),
      entries.map(([, s]) => s.release),
      entries.map(([, s]) => s.cert_expires_at),
      entries.map(([, s]) => s.cert_notice_for),
    ],
    'update_monitors_after_checks',
  );
  await addToRollups(tx, accepted.map((a) => a.o));

  const rows = new Map(updated.map((m) => [m.id, m]));
  const events: NewEvent[] = [];
  for (const r of recorded) {
    const m = rows.get(r.monitorId);
    if (m === undefined) continue;
    const about = { id: m.id, type: m.type, url: m.url, regexp: m.regexp };
    if (r.event !== null) {
      const status = r.event === 'monitor.down' ? 'down' : 'up';
      events.push({ tenantId: m.tenant_id, type: r.event, subjectKind: 'monitor', subjectId: m.id, data: { ...about, status, check: r.check } });
    }
    if (r.certNotice !== null) {
      const cert = { expires_at: r.certNotice.toISOString(), days_left: r.check.cert_days_left };
      events.push({ tenantId: m.tenant_id, type: 'monitor.cert_expiring', subjectKind: 'monitor', subjectId: m.id, data: { ...about, cert, check: r.check } });
    }
  }
  await appendEvents(tx, events);
  return recorded;
}

/** Days left on the check's certificate at the check, to one decimal (negative once expired); null without one. */
function certDaysLeft(o: CheckOutcome): number | null {
  if (o.certExpiresAt === null) return null;
  return Math.round((o.certExpiresAt.getTime() - o.checkedAt.getTime()) / 8_640_000) / 10;
}

/** Adds checks to their monitor's hourly rollup (count, ok count, latency histogram), one upsert per batch. */
async function addToRollups(tx: Queryable, outcomes: readonly CheckOutcome[]): Promise<void> {
  const groups = new Map<string, { monitorId: number; hour: Date; checks: number; ok: number; buckets: number[] }>();
  for (const o of outcomes) {
    const hour = rollupHour(o.checkedAt);
    const key = `${o.monitorId}:${hour.getTime()}`;
    let g = groups.get(key);
    if (g === undefined) {
      g = { monitorId: o.monitorId, hour, checks: 0, ok: 0, buckets: new Array<number>(LATENCY_BUCKETS).fill(0) };
      groups.set(key, g);
    }
    g.checks++;
    if (o.ok) g.ok++;
    const b = latencyBucket(o.latencyMs);
    g.buckets[b] = (g.buckets[b] ?? 0) + 1;
  }
  const list = [...groups.values()];
  await tx.query(
    `INSERT INTO monitor_rollups (monitor_id, hour, checks, ok, latency_buckets)
     SELECT id, hour, checks, ok, buckets::integer[]
       FROM unnest($1::bigint[], $2::timestamptz[], $3::integer[], $4::integer[], $5::text[]) AS i(id, hour, checks, ok, buckets)
     ON CONFLICT (monitor_id, hour) DO UPDATE
        SET checks = monitor_rollups.checks + excluded.checks, ok = monitor_rollups.ok + excluded.ok,
            latency_buckets = ARRAY(SELECT coalesce(a, 0) + coalesce(b, 0)
                                      FROM unnest(monitor_rollups.latency_buckets, excluded.latency_buckets) AS u(a, b))`,
    [
      list.map((g) => g.monitorId),
      list.map((g) => g.hour),
      list.map((g) => g.checks),
      list.map((g) => g.ok),
      list.map((g) => `{${g.buckets.join(',')}}`),
    ],
    'add_to_rollups',
  );
}

export interface MonitorFigures {
  uptime: { '24h': number | null; '7d': number | null; '30d': number | null };
  latency_ms: { p50: number | null; p95: number | null };
}

/**
 * Uptime over the last 24 h / 7 d / 30 d (by whole UTC hours: the current hour and the ones before it) and latency
 * percentiles over the last 24 h, from the rollups: at most 720 rows per monitor, however many checks there were.
 */
export async function monitorFigures(db: Queryable, monitorId: number): Promise<MonitorFigures> {
  const [row] = await db.query<{
    c24: number | null; o24: number | null; c7: number | null; o7: number | null; c30: number | null; o30: number | null;
    buckets: number[] | null;
  }>(
    // The cut-offs are computed once (tw_now() is a function reading tw_clock: per row it would cost most of it).
    `WITH c AS MATERIALIZED (
       SELECT tw_now() - make_interval(secs => $2) - make_interval(days => 1) AS d1,
              tw_now() - make_interval(secs => $2) - make_interval(days => 7) AS d7,
              tw_now() - make_interval(secs => $2) - make_interval(days => 30) AS d30
     ), r AS (
       SELECT hour, checks, ok FROM monitor_rollups WHERE monitor_id = $1 AND hour > (SELECT d30 FROM c)
     )
     SELECT sum(checks) FILTER (WHERE hour > c.d1)::float8 AS c24, sum(ok) FILTER (WHERE hour > c.d1)::float8 AS o24,
            sum(checks) FILTER (WHERE hour > c.d7)::float8 AS c7, sum(ok) FILTER (WHERE hour > c.d7)::float8 AS o7,
            sum(checks)::float8 AS c30, sum(ok)::float8 AS o30,
            (SELECT array_agg(s ORDER BY i) FROM (
               SELECT u.i, sum(u.b)::integer AS s
                 FROM monitor_rollups x, unnest(x.latency_buckets) WITH ORDINALITY AS u(b, i)
                WHERE x.monitor_id = $1 AND x.hour > (SELECT d1 FROM c)
                GROUP BY u.i) h) AS buckets
       FROM r, c
      GROUP BY c.d1`,
    [monitorId, HOUR_MS / 1000],
    'monitor_figures',
  );
  const buckets = row?.buckets ?? [];
  return {
    uptime: {
      '24h': uptimePercent(row?.o24 ?? 0, row?.c24 ?? 0),
      '7d': uptimePercent(row?.o7 ?? 0, row?.c7 ?? 0),
      '30d': uptimePercent(row?.o30 ?? 0, row?.c30 ?? 0),
    },
    latency_ms: { p50: histogramPercentile(buckets, 0.5), p95: histogramPercentile(buckets, 0.95) },
  };
}

export interface CheckRow {
  id: number;
  checked_at: Date;
  status_code: number | null;
  latency_ms: number;
  matched: boolean | null;
  ok: boolean;
  error: string | null;
  cert_days_left: number | null;
}

/** A monitor's checks, newest first, before `beforeId`, optionally within [since, until]. */
export async function listChecks(
  db: Queryable,
  tenantId: string,
  monitorId: number,
  f: { since: Date | null; until: Date | null; beforeId: number | null },
  limit: number,
): Promise<CheckRow[]> {
  return db.query<CheckRow>(
    `SELECT id, checked_at, status_code, latency_ms, matched, ok, error, cert_days_left FROM checks
      WHERE monitor_id = $1 AND tenant_id = $2
        AND ($3::bigint IS NULL OR id < $3)
        AND ($4::timestamptz IS NULL OR checked_at >= $4)
        AND ($5::timestamptz IS NULL OR checked_at <= $5)
      ORDER BY id DESC
      LIMIT $6`,
    [monitorId, tenantId, f.beforeId, f.since, f.until, limit],
    'list_checks',
  );
}

export function checkToJson(c: CheckRow): CheckJson {
  return {
    id: c.id,
    checked_at: c.checked_at.toISOString(),
    status_code: c.status_code,
    latency_ms: c.latency_ms,
    matched: c.matched,
    ok: c.ok,
    error: c.error,
    cert_days_left: c.cert_days_left,
  };
}

/**
 * Makes sure the checks table has its daily partitions from today to `aheadDays` ahead (and moves any rows that
 * landed in the default partition into their day's). Any number of processes may call it. Returns how many it made.
 */
export async function ensureCheckPartitions(db: Queryable, aheadDays: number): Promise<number> {
  const [row] = await db.query<{ made: number }>('SELECT tw_ensure_check_partitions($1) AS made', [aheadDays], 'ensure_check_partitions');
  return row?.made ?? 0;
}

/** Drops the daily partitions of checks that lie wholly before the retention; returns how many. */
export async function dropExpiredCheckPartitions(db: Queryable, retentionDays: number): Promise<number> {
  const [row] = await db.query<{ dropped: number }>(
    'SELECT tw_drop_check_partitions(tw_now() - make_interval(days => $1)) AS dropped',
    [retentionDays],
    'drop_check_partitions',
  );
  return row?.dropped ?? 0;
}

/**
 * Deletes up to `batch` checks older than `retentionDays` (oldest first) and returns how many; call until it
 * returns less than `batch`. Whole days go with their partitions (dropExpiredCheckPartitions); this takes the rows
 * of the day that straddles the cut-off, and of the default partition. Rows locked by another pruner are skipped.
 * Rollups are kept for the figures (30 days at least), and pruned past that.
 */
export async function pruneChecks(db: Queryable, retentionDays: number, batch: number): Promise<number> {
  const rows = await db.query(
    `DELETE FROM checks WHERE (id, checked_at) IN (
       SELECT id, checked_at FROM checks WHERE checked_at < tw_now() - make_interval(days => $1)
        ORDER BY checked_at LIMIT $2 FOR UPDATE SKIP LOCKED)
     RETURNING 1`,
    [retentionDays, batch],
    'prune_checks',
  );
  return rows.length;
}

/** Deletes up to `batch` rollup hours older than `keepDays` (never less than the 30 days the figures need). */
export async function pruneRollups(db: Queryable, keepDays: number, batch: number): Promise<number> {
  const rows = await db.query(
    `DELETE FROM monitor_rollups WHERE (monitor_id, hour) IN (
       SELECT monitor_id, hour FROM monitor_rollups WHERE hour < tw_now() - make_interval(days => greatest($1, 31))
        ORDER BY hour LIMIT $2 FOR UPDATE SKIP LOCKED)
     RETURNING 1`,
    [keepDays, batch],
    'prune_rollups',
  );
  return rows.length;
}

export { appendEvents };
