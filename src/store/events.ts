import type { Queryable } from './db.ts';
import type { Actor, EventRow, NewEvent } from '../domain/event.ts';

/**
 * The event outbox. Every change API.md names an event for appends it in the same transaction as the change itself
 * (a cancel or retry by request too: store/run-actions.ts), so no event is lost and none describes a rolled-back change.
 */

export type { Actor, EventRow, NewEvent };

/**
 * Appends events in one statement, all made by `actor` (the API key of the request or command, or the engine's
 * SYSTEM_ACTOR). Call inside the transaction that makes the change they describe.
 */
export async function appendEvents(tx: Queryable, events: readonly NewEvent[], actor: Actor): Promise<void> {
  if (events.length === 0) return;
  await tx.query(
    `INSERT INTO events (tenant_id, type, subject_kind, subject_id, data, actor)
     SELECT t, ty, k, s, d, $6::jsonb FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::jsonb[]) AS u(t, ty, k, s, d)`,
    [
      events.map((e) => e.tenantId),
      events.map((e) => e.type),
      events.map((e) => e.subjectKind),
      events.map((e) => e.subjectId),
      events.map((e) => JSON.stringify(e.data)),
      JSON.stringify(actor),
    ],
    'append_events',
  );
}

/** The deployment's uuid, made once per database (migration 0013): part of every event's CloudEvents `source`. */
export async function readDeploymentId(db: Queryable): Promise<string> {
  const [row] = await db.query<{ id: string }>('SELECT id::text AS id FROM deployment', [], 'read_deployment_id');
  if (row === undefined) throw new Error('deployment has no row (migration 0013 not applied)');
  return row.id;
}

export interface EventPage {
  items: EventRow[];
  /** The last id returned, for the next page's `after`. */
  lastId: number | null;
}

/**
 * Events of one tenant after `afterId`, oldest first, optionally of one type or a type prefix (`run.*`), up to the
 * settled horizon: never past an id that an open transaction may still commit (promise 5).
 */
export async function listEvents(
  db: Queryable,
  tenantId: string,
  afterId: number,
  limit: number,
  type: string | null,
): Promise<EventRow[]> {
  const horizon = await advanceEventHorizon(db);
  if (horizon <= afterId) return [];
  return listSettledEvents(db, tenantId, afterId, horizon, limit, type);
}

/**
 * Events of one tenant newest first: the newest page, or (with `beforeId`) the page below an id, optionally of one
 * type or a type prefix (`run.*`). Starts at the settled horizon, like listEvents, so the newest page never shows an
 * id that an open transaction may still precede with a smaller one (promise 5); everything below it is settled.
 */
export async function listEventsNewestFirst(
  db: Queryable,
  tenantId: string,
  beforeId: number | null,
  limit: number,
  type: string | null,
): Promise<EventRow[]> {
  const horizon = await advanceEventHorizon(db);
  // One bound, so the index on (tenant_id, id) starts right below it, however far back the page is.
  const below = beforeId === null ? horizon + 1 : Math.min(beforeId, horizon + 1);
  const prefix = type !== null && type.endsWith('*') ? type.slice(0, -1) : null;
  const exact = type !== null && prefix === null ? type : null;
  return db.query<EventRow>(
    `SELECT id, tenant_id, type, created_at, subject_kind, subject_id, data, actor
       FROM events
      WHERE tenant_id = $1 AND id < $2
        AND ($3::text IS NULL OR type = $3)
        AND ($4::text IS NULL OR type LIKE $4 || '%')
      ORDER BY id DESC
      LIMIT $5`,
    [tenantId, below, exact, prefix === null ? null : escapeLike(prefix), limit],
    'list_events_newest_first',
  );
}

/**
 * Like listEvents, but up to `upToId`, which must be at or below the settled horizon (one that
 * advanceEventHorizon returned): the stream uses it to read exactly up to where its shared reader is.
 */
export async function listSettledEvents(
  db: Queryable,
  tenantId: string,
  afterId: number,
  upToId: number,
  limit: number,
  type: string | null,
): Promise<EventRow[]> {
  if (upToId <= afterId) return [];
  const prefix = type !== null && type.endsWith('*') ? type.slice(0, -1) : null;
  const exact = type !== null && prefix === null ? type : null;
  return db.query<EventRow>(
    `SELECT id, tenant_id, type, created_at, subject_kind, subject_id, data, actor
       FROM events
      WHERE tenant_id = $1 AND id > $2 AND id <= $6
        AND ($3::text IS NULL OR type = $3)
        AND ($4::text IS NULL OR type LIKE $4 || '%')
      ORDER BY id
      LIMIT $5`,
    [tenantId, afterId, exact, prefix === null ? null : escapeLike(prefix), limit, upToId],
    'list_events',
  );
}

/**
 * Every tenant's events in (`afterId`, `upToId`], oldest first; `upToId` must be at or below the settled horizon.
 * Only for the event stream's one shared reader per process, which hands each event to the streams of its tenant
 * alone: one read serves every client instead of one query per client.
 */
export async function readEventRange(db: Queryable, afterId: number, upToId: number, limit: number): Promise<EventRow[]> {
  if (upToId <= afterId) return [];
  return db.query<EventRow>(
    `SELECT id, tenant_id, type, created_at, subject_kind, subject_id, data, actor
       FROM events WHERE id > $1 AND id <= $2 ORDER BY id LIMIT $3`,
    [afterId, upToId, limit],
    'read_event_range',
  );
}

interface Horizon {
  settled_id: number;
  gap_id: number | null;
  gap_xmax: string | null;
}

/**
 * A missing id seen while reading: it may belong to a transaction still open (sequence values commit out of order)
 * or to one that rolled back. `xmax` is the snapshot's xmax when it was first seen.
 */
export interface Gap {
  id: number;
  xmax: bigint;
}

/** An event id read with the snapshot it was read in. */
export interface IdInSnapshot {
  id: number;
  snap_xmin: string;
  snap_xmax: string;
}

/**
 * The one rule for how far a reader over event ids may go (the settled horizon, a sink's cursor): of `rows` (ids after
 * `afterId` in order), the leading ones up to the first missing id that an open transaction may still commit.
 *
 * Reading below `pg_snapshot_xmin` alone is not enough for a cursor over ids: a transaction that got its xid early
 * can take a larger id than a later one and commit first, so the later one's smaller id would appear behind the
 * cursor. Instead the walk stops at a missing id; the id is given up on only once every transaction that was open
 * when it was first seen has ended (the current xmin has passed that snapshot's xmax): by then it was committed
 * (and is read) or rolled back. Returns how many rows are settled and the gap to pass to the next walk.
 */
export function settledPrefix(afterId: number, rows: readonly IdInSnapshot[], gap: Gap | null): { count: number; gap: Gap | null } {
  let expected = afterId + 1;
  let pending = gap;
  let count = 0;
  for (const r of rows) {
    if (r.id !== expected) {
      const ended = pending !== null && pending.id === expected && BigInt(r.snap_xmin) >= pending.xmax;
      if (!ended) {
        if (pending === null || pending.id !== expected) pending = { id: expected, xmax: BigInt(r.snap_xmax) };
        return { count, gap: pending };
      }
    }
    pending = null;
    count++;
    expected = r.id + 1;
  }
  return { count, gap: pending };
}

/** How far one advance scans; a backlog larger than this is settled over several calls. */
const HORIZON_SCAN = 10_000;

/**
 * Moves the settled horizon forward over the ids committed since, stopping at the first missing id until every
 * transaction that was open when it was first seen has ended. Any reader may call it; a compare-and-set keeps
 * concurrent callers from moving it back. Returns the horizon.
 */
export async function advanceEventHorizon(db: Queryable): Promise<number> {
  const [h] = await db.query<Horizon>('SELECT settled_id, gap_id, gap_xmax FROM event_horizon', [], 'read_event_horizon');
  if (h === undefined) throw new Error('event_horizon has no row');
  const rows = await db.query<IdInSnapshot>(
    `SELECT id, pg_snapshot_xmin(pg_current_snapshot())::text AS snap_xmin,
            pg_snapshot_xmax(pg_current_snapshot())::text AS snap_xmax
       FROM events WHERE id > $1 ORDER BY id LIMIT $2`,
    [h.settled_id, HORIZON_SCAN],
    'scan_event_horizon',
  );
  const walk = settledPrefix(h.settled_id, rows, h.gap_id === null || h.gap_xmax === null ? null : { id: h.gap_id, xmax: BigInt(h.gap_xmax) });
  const settled = rows[walk.count - 1]?.id ?? h.settled_id;
  const gap = walk.gap === null ? null : { id: walk.gap.id, xmax: walk.gap.xmax.toString() };
  if (settled === h.settled_id && gap?.id === h.gap_id && gap?.xmax === h.gap_xmax) return settled;
  const moved = await db.query<{ settled_id: number }>(
    `UPDATE event_horizon SET settled_id = $2, gap_id = $3, gap_xmax = $4 WHERE settled_id = $1 AND settled_id <= $2
     RETURNING settled_id`,
    [h.settled_id, settled, gap?.id ?? null, gap?.xmax ?? null],
    'advance_event_horizon',
  );
  if (moved.length > 0) return settled;
  const [now] = await db.query<Horizon>('SELECT settled_id, gap_id, gap_xmax FROM event_horizon', [], 'read_event_horizon');
  return now?.settled_id ?? h.settled_id;
}

export interface PrunedEvents {
  /** Events deleted. */
  count: number;
  /** The highest id deleted; null when none was. */
  lastId: number | null;
}

/**
 * Deletes up to `batch` events older than `retentionDays`; call until it deletes less than `batch`. Never one that a
 * configured sink has not yet taken (above the smallest cursor of the sinks named in `sinks`) nor one with a pending
 * webhook delivery (promise 8), and never above the settled horizon, so a reader paging by id never mistakes a pruned
 * id for one an open transaction may still commit. Each call looks only at the `batch` oldest candidates by id (ids
 * follow time), so a call with nothing to do does not scan the table; rows locked by another pruner are skipped.
 *
 * `sinks` are the sinks the relay that prunes has configured: only the one relay holding the lease publishes, so a
 * sink it does not have takes nothing meanwhile, and the cursor such a sink left behind (its broker URL was unset)
 * must not hold the outbox back for ever. Such cursors are ignored here; see forgetRemovedSinks in the engine.
 */
export async function pruneEvents(db: Queryable, retentionDays: number, batch: number, sinks: readonly string[]): Promise<PrunedEvents> {
  const horizon = await advanceEventHorizon(db);
  const [row] = await db.query<{ count: number; last_id: number | null }>(
    `WITH oldest AS (
       SELECT e.id, e.created_at FROM events e
        WHERE e.id <= $3
          AND e.id <= (SELECT coalesce(min(last_event_id), $3) FROM sink_cursors WHERE sink = ANY($4::text[]))
          AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = e.id AND d.status = 'pending')
        ORDER BY e.id LIMIT $2 FOR UPDATE OF e SKIP LOCKED
     ), deleted AS (
       DELETE FROM events WHERE id IN (SELECT id FROM oldest WHERE created_at < tw_now() - make_interval(days => $1))
       RETURNING id
     )
     SELECT count(*)::int AS count, max(id) AS last_id FROM deleted`,
    [retentionDays, batch, horizon, sinks],
    'prune_events',
  );
  return { count: row?.count ?? 0, lastId: row?.last_id ?? null };
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
