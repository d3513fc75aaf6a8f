import type { Db, Queryable } from './db.ts';
import { settledPrefix, type EventRow, type Gap, type IdInSnapshot } from './events.ts';

export type { Gap };

/**
 * The relay's statements: one lease per deployment, a cursor per sink, and reading events in id order without
 * skipping one that is still being committed.
 */

/**
 * A sink's cursor, created at the newest committed event when the sink is first configured: a sink added to a
 * running deployment receives events from then on, not the whole history. Two relays starting at once may both
 * create it: the no-op update on conflict waits for the other's insert and returns its row (a plain read in the
 * same statement would not see it, as its snapshot predates that commit).
 */
export async function ensureSinkCursor(db: Queryable, sink: string): Promise<number> {
  const [row] = await db.query<{ last_event_id: number }>(
    `INSERT INTO sink_cursors (sink, last_event_id)
     VALUES ($1, (SELECT coalesce(max(id), 0) FROM events WHERE txid < pg_snapshot_xmin(pg_current_snapshot())))
     ON CONFLICT (sink) DO UPDATE SET last_event_id = sink_cursors.last_event_id
     RETURNING last_event_id`,
    [sink],
  );
  if (row === undefined) throw new Error(`no cursor for sink ${sink}`);
  return row.last_event_id;
}

/**
 * Moves a sink's cursor to `lastId`, only while `holder` still holds a live lease: a relay that lost its lease
 * (paused, cut off) learns it here instead of moving a cursor another relay now owns. False when it did not move.
 */
export async function advanceSinkCursor(db: Queryable, sink: string, lastId: number, holder: string): Promise<boolean> {
  const rows = await db.query(
    `UPDATE sink_cursors SET last_event_id = $2, updated_at = now()
      WHERE sink = $1 AND last_event_id < $2
        AND EXISTS (SELECT 1 FROM relay_lease WHERE holder = $3 AND expires_at > now())
      RETURNING 1`,
    [sink, lastId, holder],
    'advance_sink_cursor',
  );
  return rows.length > 0;
}

/** How far a sink is behind: events above its cursor, and the age in seconds of the oldest of them. */
export async function sinkLag(db: Queryable, afterId: number): Promise<{ events: number; seconds: number }> {
  const [row] = await db.query<{ head: number | null; oldest_s: number | null }>(
    `SELECT (SELECT max(id) FROM events) AS head,
            (SELECT extract(epoch FROM now() - created_at)::float8 FROM events WHERE id > $1 ORDER BY id LIMIT 1) AS oldest_s`,
    [afterId],
    'sink_lag',
  );
  return { events: Math.max(0, (row?.head ?? afterId) - afterId), seconds: Math.max(0, row?.oldest_s ?? 0) };
}

export interface SettledRead {
  events: EventRow[];
  /** The gap the read stopped at, to be passed to the next read; null when none is pending. */
  gap: Gap | null;
}

/** Events after `afterId` in id order, up to the first id that an open transaction may still commit (settledPrefix). */
export async function readSettledEvents(db: Queryable, afterId: number, limit: number, gap: Gap | null): Promise<SettledRead> {
  const rows = await db.query<EventRow & IdInSnapshot>(
    `SELECT id, tenant_id, type, created_at, subject_kind, subject_id, data, actor,
            pg_snapshot_xmin(pg_current_snapshot())::text AS snap_xmin,
            pg_snapshot_xmax(pg_current_snapshot())::text AS snap_xmax
       FROM events WHERE id > $1 ORDER BY id LIMIT $2`,
    [afterId, limit],
    'read_settled_events',
  );
  const walk = settledPrefix(afterId, rows, gap);
  const events = rows.slice(0, walk.count).map((r) => ({
    id: r.id, tenant_id: r.tenant_id, type: r.type, created_at: r.created_at, subject_kind: r.subject_kind, subject_id: r.subject_id, data: r.data, actor: r.actor,
  }));
  return { events, gap: walk.gap };
}

/** A sink's cursor, or null when the sink has never been configured. */
export async function sinkCursor(db: Db, sink: string): Promise<number | null> {
  const [row] = await db.query<{ last_event_id: number }>('SELECT last_event_id FROM sink_cursors WHERE sink = $1', [sink]);
  return row?.last_event_id ?? null;
}

export interface SinkCursorRow {
  sink: string;
  last_event_id: number;
  updated_at: Date;
}

/** Every sink cursor, of sinks configured now or once. */
export async function listSinkCursors(db: Queryable): Promise<SinkCursorRow[]> {
  return db.query<SinkCursorRow>('SELECT sink, last_event_id, updated_at FROM sink_cursors ORDER BY sink', [], 'list_sink_cursors');
}

/**
 * Drops the cursors of the named sinks that are below `prunedId` (an event id that was pruned), i.e. sinks that can
 * no longer resume without a gap; returns what was dropped. The comparison is made again here, so a cursor that
 * another relay moved past meanwhile stays.
 */
export async function dropSinkCursors(db: Queryable, sinks: readonly string[], prunedId: number): Promise<SinkCursorRow[]> {
  if (sinks.length === 0) return [];
  return db.query<SinkCursorRow>(
    `DELETE FROM sink_cursors WHERE sink = ANY($1::text[]) AND last_event_id < $2
     RETURNING sink, last_event_id, updated_at`,
    [sinks, prunedId],
    'drop_sink_cursors',
  );
}
