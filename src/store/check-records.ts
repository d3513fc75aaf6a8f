import type { Db, Queryable } from './db.ts';
import { appendEvents, type NewEvent } from './events.ts';
import { SYSTEM_ACTOR } from '../domain/event.ts';
import {
  applyChecks,
  certDaysLeft,
  checkEvents,
  type CheckToApply,
  type LockedMonitor,
  type RecordedCheck,
} from '../domain/monitor-state.ts';
import type { MonitorRow } from '../domain/monitor.ts';
import { rollupIncrements } from '../domain/monitor-rollups.ts';
import { storableText } from '../domain/storable-text.ts';

/** Recording finished checks: the check rows, each monitor's state, its hourly rollups and events, in one transaction. */

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

/**
 * Records checks in one transaction: stores each check, moves each monitor's state machine
 * (domain/monitor-state.ts `applyChecks`), releases its lease, adds the check to its hour's rollup, and writes
 * `monitor.down` / `monitor.up` / `monitor.cert_expiring`. The monitor rows are locked first (in id order, so two
 * recorders cannot deadlock), which makes each transition happen exactly once however many workers record. A check
 * whose lease was lost, or whose monitor was deleted meanwhile, is refused.
 */
export async function recordChecks(tx: Queryable, given: readonly CheckOutcome[]): Promise<RecordedCheck[]> {
  if (given.length === 0) return [];
  // An error may echo the target; it goes to `checks.error`, `last_check` (jsonb) and events: made storable here,
  // whatever the executor did, so one NUL cannot fail the batch (FAULTS R15).
  const outcomes = given.map((o) => (o.error === null ? o : { ...o, error: storableText(o.error) }));
  const locked = await tx.query<LockedRow>(
    `SELECT id, tenant_id, status, consecutive_failures, failure_threshold, lease_token::text AS lease_token, active,
            cert_notice_for
       FROM monitors WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE`,
    [[...new Set(outcomes.map((o) => o.monitorId))]],
    'lock_monitors_for_checks',
  );
  const byId = new Map(locked.map((m) => [m.id, m]));
  const accepted = outcomes.flatMap((o) => {
    const m = byId.get(o.monitorId);
    if (m === undefined) return [];
    if (o.leaseToken !== null && (m.lease_token !== o.leaseToken || !m.active)) return [];
    return [{ o, m }];
  });
  if (accepted.length === 0) return [];
  accepted.sort((a, b) => a.o.checkedAt.getTime() - b.o.checkedAt.getTime());
  // Each check as stored and shown; its id comes from the insert.
  const toApply: CheckToApply[] = accepted.map(({ o }) => ({
    monitorId: o.monitorId,
    check: {
      id: 0,
      checked_at: o.checkedAt,
      status_code: o.statusCode,
      latency_ms: Math.max(0, Math.round(o.latencyMs)),
      matched: o.matched,
      ok: o.ok,
      error: o.error,
      cert_days_left: certDaysLeft(o.certExpiresAt, o.checkedAt),
    },
    certExpiresAt: o.certExpiresAt,
    leased: o.leaseToken !== null,
  }));
  const rows = toApply.map((c) => c.check);

  const ids = await tx.query<{ id: number }>(
    `INSERT INTO checks (monitor_id, tenant_id, checked_at, status_code, latency_ms, matched, ok, error, error_kind,
                         cert_days_left)
     SELECT * FROM unnest($1::bigint[], $2::text[], $3::timestamptz[], $4::integer[], $5::integer[], $6::boolean[],
                          $7::boolean[], $8::text[], $9::text[], $10::real[])
     RETURNING id`,
    [
      accepted.map((a) => a.o.monitorId),
      accepted.map((a) => a.m.tenant_id),
      rows.map((r) => r.checked_at),
      rows.map((r) => r.status_code),
      rows.map((r) => r.latency_ms),
      rows.map((r) => r.matched),
      rows.map((r) => r.ok),
      rows.map((r) => r.error),
      accepted.map((a) => a.o.errorKind),
      rows.map((r) => r.cert_days_left),
    ],
    'insert_checks',
  );

  rows.forEach((r, i) => (r.id = ids[i]?.id ?? 0));

  const { monitors: after, recorded } = applyChecks(byId, toApply);
  const entries = [...after.entries()];
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
      entries.map(([, s]) => JSON.stringify(s.last_check)),
      entries.map(([, s]) => s.release),
      entries.map(([, s]) => s.cert_expires_at),
      entries.map(([, s]) => s.cert_notice_for),
    ],
    'update_monitors_after_checks',
  );
  await addToRollups(tx, accepted.map((a) => a.o));

  const updatedById = new Map(updated.map((m) => [m.id, m]));
  const events: NewEvent[] = recorded.flatMap((r) => {
    const m = updatedById.get(r.monitorId);
    if (m === undefined) return [];
    return checkEvents(m, r).map((e) => ({ tenantId: m.tenant_id, type: e.type, subjectKind: 'monitor', subjectId: m.id, data: e.data }));
  });
  await appendEvents(tx, events, SYSTEM_ACTOR);
  return recorded;
}

/** The monitor row as locked for recording: the state the checks move, and what decides whether they count. */
interface LockedRow extends LockedMonitor {
  tenant_id: string;
  lease_token: string | null;
  active: boolean;
}

/** Adds checks to their monitor's hourly rollup (count, ok count, latency histogram), one upsert per batch. */
async function addToRollups(tx: Queryable, outcomes: readonly CheckOutcome[]): Promise<void> {
  const list = rollupIncrements(outcomes);
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

/**
 * Records one batch of checks in its own transaction (`recordChecks`), so that the monitor loop assembles no
 * transaction of its own.
 */
export async function recordCheckBatch(db: Db, batch: readonly CheckOutcome[]): Promise<RecordedCheck[]> {
  return db.transaction((tx) => recordChecks(tx, batch));
}
