import type { Db, Queryable } from './db.ts';
import { appendEvents, type Actor, type NewEvent } from './events.ts';
import { wakeMonitorCheckers } from './notify.ts';
import { monitorFigures, monitorFiguresMany } from './check-history.ts';
import { ProblemError } from '../domain/errors.ts';
import { figuresFromRollups } from '../domain/monitor-rollups.ts';
import { monitorToJson, type MonitorFigures, type MonitorRow, type MonitorType } from '../domain/monitor.ts';
import type { MonitorChanges } from '../domain/monitor-input.ts';

/** The figures of a monitor without checks in the last 30 days (as monitorFigures gives them). */
const NO_FIGURES: MonitorFigures = figuresFromRollups(undefined);

export interface MonitorView {
  monitor: MonitorRow;
  figures: MonitorFigures;
}

/** Every column a MonitorRow has (never the lease or the token hash). */
export const MONITOR_COLUMNS = `id, tenant_id, type, url, regexp, method, interval_s, grace_s, ping_token_enc, last_ping_at, timeout_ms,
  expect_status, expect_json, failure_threshold, status, consecutive_failures, active, next_check_at, last_check,
  cert_expires_at, created_at, updated_at`;
const CHANGEABLE = [
  'url', 'regexp', 'method', 'interval_s', 'timeout_ms', 'expect_status', 'expect_json', 'failure_threshold', 'grace_s',
] as const;
/** Changing any of these makes an http monitor due at once, so the next check uses them. */
const CHECK_FIELDS = new Set<string>(['url', 'regexp', 'method', 'timeout_ms', 'expect_status', 'expect_json', 'interval_s']);
/** Changing any of these moves a heartbeat's deadline: the last ping (or now) plus the new period and grace. */
const DEADLINE_FIELDS = new Set<string>(['interval_s', 'grace_s']);

export function monitorEvent(type: string, m: MonitorRow): NewEvent {
  return { tenantId: m.tenant_id, type, subjectKind: 'monitor', subjectId: m.id, data: monitorToJson(m, null) };
}

/** A JSON value as a statement parameter (cast to jsonb in the statement); null and absent stay null. */
function jsonParam(v: unknown): string | null {
  return v === undefined || v === null ? null : JSON.stringify(v);
}

function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23505';
}

function duplicate(): ProblemError {
  return new ProblemError('conflict', 'The tenant already has a monitor with this url and regexp.', [
    { field: 'url', message: 'another monitor of this tenant has the same url and regexp' },
  ]);
}

/**
 * Creates a monitor, due at once. When the tenant already has one with the same url and regexp, that one gets the
 * other fields given and is reactivated instead (`created: false`). Either way the event is written with it.
 */
export async function createMonitor(
  db: Db,
  tenantId: string,
  input: MonitorChanges & { url: string },
  actor: Actor,
): Promise<{ view: MonitorView; created: boolean }> {
  const row = await db.transaction(async (tx) => {
    const [inserted] = await tx.query<MonitorRow>(
      `INSERT INTO monitors (tenant_id, url, regexp, method, interval_s, timeout_ms, expect_status, failure_threshold,
                             expect_json, next_check_at, created_at, updated_at)
       VALUES ($1, $2, $3, coalesce($4, 'GET'), coalesce($5, 60), coalesce($6, 10000), $7, coalesce($8, 1),
               $9::jsonb, tw_now(), tw_now(), tw_now())
       ON CONFLICT (tenant_id, url, coalesce(regexp, '')) DO NOTHING
       RETURNING ${MONITOR_COLUMNS}`,
      [tenantId, input.url, input.regexp ?? null, input.method ?? null, input.interval_s ?? null,
        input.timeout_ms ?? null, input.expect_status ?? null, input.failure_threshold ?? null,
        jsonParam(input.expect_json)],
      'insert_monitor',
    );
    if (inserted !== undefined) {
      await appendEvents(tx, [monitorEvent('monitor.created', inserted)], actor);
      await wakeMonitorCheckers(tx);
      return { row: inserted, created: true };
    }
    const [existing] = await tx.query<{ id: number }>(
      `SELECT id FROM monitors WHERE tenant_id = $1 AND url = $2 AND coalesce(regexp, '') = coalesce($3, '') FOR UPDATE`,
      [tenantId, input.url, input.regexp ?? null],
    );
    if (existing === undefined) throw new Error('monitor vanished between insert and select');
    // url and regexp are what matched; the other fields given are applied.
    const rest: MonitorChanges = { ...input };
    delete rest.url;
    delete rest.regexp;
    return { row: await applyChanges(tx, tenantId, existing.id, rest, true, actor), created: false };
  });
  return { view: { monitor: row.row, figures: await monitorFigures(db, row.row.id) }, created: row.created };
}

/** Equal as JSON values, whatever the order of object keys (jsonb does not keep it). */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  const oa = a as Record<string, unknown>;
  const ob = b as Record<string, unknown>;
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(ob, k) && sameValue(oa[k], ob[k]));
}

/**
 * Sets the given fields (and reactivates, when asked) on a locked monitor and writes `monitor.updated` — only when
 * something changes: fields given with their current values (a second identical POST, a PATCH that repeats the
 * monitor) write nothing and return the monitor as it is.
 */
async function applyChanges(tx: Queryable, tenantId: string, id: number, changes: MonitorChanges, reactivate: boolean, actor: Actor): Promise<MonitorRow> {
  const [current] = await tx.query<MonitorRow>(
    `SELECT ${MONITOR_COLUMNS} FROM monitors WHERE tenant_id = $1 AND id = $2 FOR UPDATE`,
    [tenantId, id],
  );
  if (current === undefined) throw new ProblemError('not_found', `No monitor ${id}.`);
  const keys = CHANGEABLE.filter((k) => changes[k] !== undefined && !sameValue(changes[k], current[k]));
  const params: unknown[] = [tenantId, id, ...keys.map((k) => (k === 'expect_json' ? jsonParam(changes[k]) : changes[k]))];
  const sets = keys.map((k, i) => (k === 'expect_json' ? `${k} = $${i + 3}::jsonb` : `${k} = $${i + 3}`));
  const revive = reactivate && !current.active;
  if (keys.length === 0 && !revive) return current;
  if (revive) sets.push('active = true', "status = 'pending'", 'consecutive_failures = 0');
  let dueNow = false;
  if (current.type === 'heartbeat') {
    // A heartbeat is never "due at once" (that would be a missed ping): its deadline moves with period and grace.
    if (current.active && keys.some((k) => DEADLINE_FIELDS.has(k))) {
      const period = changes.interval_s ?? current.interval_s;
      const grace = changes.grace_s ?? current.grace_s ?? 0;
      params.push(period + grace);
      sets.push(`next_check_at = coalesce(last_ping_at, tw_now()) + make_interval(secs => $${params.length}::integer)`);
    }
  } else {
    dueNow = revive || keys.some((k) => CHECK_FIELDS.has(k));
    if (dueNow) sets.push('next_check_at = tw_now()');
  }
  sets.push('updated_at = tw_now()');
  let row: MonitorRow | undefined;
  try {
    [row] = await tx.query<MonitorRow>(
      `UPDATE monitors SET ${sets.join(', ')} WHERE tenant_id = $1 AND id = $2 RETURNING ${MONITOR_COLUMNS}`,
      params,
    );
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicate();
    throw err;
  }
  if (row === undefined) throw new Error('monitor update returned no row');
  await appendEvents(tx, [monitorEvent('monitor.updated', row)], actor);
  if (dueNow && row.active) await wakeMonitorCheckers(tx);
  return row;
}

export async function updateMonitor(db: Db, tenantId: string, id: number, changes: MonitorChanges, actor: Actor): Promise<MonitorView> {
  const row = await db.transaction((tx) => applyChanges(tx, tenantId, id, changes, false, actor));
  return { monitor: row, figures: await monitorFigures(db, id) };
}

/**
 * Deactivates a monitor: no further checks, and a check in flight is not recorded (its lease is dropped). Its
 * checks and rollups are kept. Deleting an inactive monitor changes nothing.
 */
export async function deleteMonitor(db: Db, tenantId: string, id: number, actor: Actor): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx.query<MonitorRow & { was_active: boolean }>(
      `WITH cur AS (SELECT id, active FROM monitors WHERE tenant_id = $1 AND id = $2 FOR UPDATE)
       UPDATE monitors m SET active = false, next_check_at = NULL, lease_token = NULL, lease_expires_at = NULL,
              updated_at = CASE WHEN cur.active THEN tw_now() ELSE m.updated_at END
         FROM cur WHERE m.id = cur.id
       RETURNING ${MONITOR_COLUMNS.split(',').map((c) => `m.${c.trim()}`).join(', ')}, cur.active AS was_active`,
      [tenantId, id],
    );
    if (row === undefined) throw new ProblemError('not_found', `No monitor ${id}.`);
    if (row.was_active) await appendEvents(tx, [monitorEvent('monitor.deleted', row)], actor);
  });
}

/**
 * One monitor of the tenant with its figures. Both statements go out at once (on PostgreSQL, on two connections):
 * the figures of an id that is not the tenant's are computed and thrown away, never returned.
 */
export async function getMonitor(db: Queryable, tenantId: string, id: number): Promise<MonitorView | null> {
  const [rows, figures] = await Promise.all([
    db.query<MonitorRow>(`SELECT ${MONITOR_COLUMNS} FROM monitors WHERE tenant_id = $1 AND id = $2`, [tenantId, id], 'get_monitor'),
    monitorFigures(db, id),
  ]);
  const row = rows[0];
  return row === undefined ? null : { monitor: row, figures };
}

/** One page of a tenant's monitors (ascending id, after `afterId`), deleted ones included. */
export async function listMonitors(db: Queryable, tenantId: string, afterId: number, limit: number): Promise<MonitorView[]> {
  const rows = await db.query<MonitorRow>(
    `SELECT ${MONITOR_COLUMNS} FROM monitors WHERE tenant_id = $1 AND id > $2 ORDER BY id LIMIT $3`,
    [tenantId, afterId, limit],
    'list_monitors',
  );
  // The figures of the whole page in one statement, not one per monitor.
  const figures = await monitorFiguresMany(db, rows.map((m) => m.id));
  return rows.map((monitor) => ({ monitor, figures: figures.get(monitor.id) ?? NO_FIGURES }));
}

/** The type of the tenant's monitor, or null when the tenant has no such monitor. */
export async function monitorType(db: Queryable, tenantId: string, id: number): Promise<MonitorType | null> {
  const [row] = await db.query<{ type: MonitorType }>('SELECT type FROM monitors WHERE tenant_id = $1 AND id = $2', [tenantId, id], 'monitor_type');
  return row?.type ?? null;
}

/**
 * Creates many monitors in one transaction (the demo/load generator), their first checks spread evenly over
 * `spreadSeconds` so they do not all fall due in the same instant. Existing (url, regexp) pairs are left alone.
 * Returns how many were created.
 */
export async function createMonitorsBatch(
  db: Db,
  tenantId: string,
  monitors: readonly { url: string; regexp: string | null; interval_s: number }[],
  spreadSeconds: number,
  actor: Actor,
): Promise<number> {
  if (monitors.length === 0) return 0;
  return db.transaction(async (tx) => {
    const rows = await tx.query<MonitorRow>(
      `INSERT INTO monitors (tenant_id, url, regexp, interval_s, next_check_at, created_at, updated_at)
       SELECT $1, url, regexp, interval_s, tw_now() + make_interval(secs => $5 * (ord - 1) / $6), tw_now(), tw_now()
         FROM unnest($2::text[], $3::text[], $4::integer[]) WITH ORDINALITY AS i(url, regexp, interval_s, ord)
       ON CONFLICT (tenant_id, url, coalesce(regexp, '')) DO NOTHING
       RETURNING ${MONITOR_COLUMNS}`,
      [tenantId, monitors.map((m) => m.url), monitors.map((m) => m.regexp), monitors.map((m) => m.interval_s),
        spreadSeconds, monitors.length],
      'insert_monitors_batch',
    );
    await appendEvents(tx, rows.map((m) => monitorEvent('monitor.created', m)), actor);
    await wakeMonitorCheckers(tx);
    return rows.length;
  });
}
