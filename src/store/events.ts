import type { Queryable } from './db.ts';

/** The event outbox. Every write path appends its events in the same transaction as the change itself. */

export interface NewEvent {
  tenantId: string;
  type: string;
  subjectKind: 'task' | 'monitor' | 'webhook';
  subjectId: number;
  data: Record<string, unknown>;
}

export interface EventRow {
  id: number;
  tenant_id: string;
  type: string;
  created_at: Date;
  subject_kind: string;
  subject_id: number;
  data: Record<string, unknown>;
}

/** Appends events in one statement. Call inside the transaction that makes the change they describe. */
export async function appendEvents(tx: Queryable, events: readonly NewEvent[]): Promise<void> {
  if (events.length === 0) return;
  await tx.query(
    `INSERT INTO events (tenant_id, type, subject_kind, subject_id, data)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::jsonb[])`,
    [
      events.map((e) => e.tenantId),
      events.map((e) => e.type),
      events.map((e) => e.subjectKind),
      events.map((e) => e.subjectId),
      events.map((e) => JSON.stringify(e.data)),
    ],
    'append_events',
  );
}

export interface EventPage {
  items: EventRow[];
  /** The last id returned, for the next page's `after`. */
  lastId: number | null;
}

/**
 * Events of one tenant after `afterId`, oldest first, optionally of one type or a type prefix (`run.*`).
 * Only events below the oldest open transaction are visible: ids commit out of order, and a reader that skipped
 * an id still being written would never see it (promise 5).
 */
export async function listEvents(
  db: Queryable,
  tenantId: string,
  afterId: number,
  limit: number,
  type: string | null,
): Promise<EventRow[]> {
  const prefix = type !== null && type.endsWith('*') ? type.slice(0, -1) : null;
  const exact = type !== null && prefix === null ? type : null;
  return db.query<EventRow>(
    `SELECT id, tenant_id, type, created_at, subject_kind, subject_id, data
       FROM events
      WHERE tenant_id = $1 AND id > $2
        AND txid < pg_snapshot_xmin(pg_current_snapshot())
        AND ($3::text IS NULL OR type = $3)
        AND ($4::text IS NULL OR type LIKE $4 || '%')
      ORDER BY id
      LIMIT $5`,
    [tenantId, afterId, exact, prefix === null ? null : escapeLike(prefix), limit],
    'list_events',
  );
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
