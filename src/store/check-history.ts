import type { Queryable } from './db.ts';
import type { CheckRow, MonitorFigures } from '../domain/monitor.ts';
import { figuresFromRollups, HOUR_MS, type RollupSums } from '../domain/monitor-rollups.ts';

/**
 * What has been checked: a monitor's checks, newest first, and its figures from the hourly rollups. Nothing here
 * scans the checks table: figures come from `monitor_rollups`, and the history list walks (monitor_id, id DESC)
 * in each day's partition.
 */

/**
 * Uptime over the last 24 h / 7 d / 30 d (by whole UTC hours: the current hour and the ones before it) and latency
 * percentiles over the last 24 h, from the rollups: at most 720 rows per monitor, however many checks there were.
 */
export async function monitorFigures(db: Queryable, monitorId: number): Promise<MonitorFigures> {
  const [row] = await db.query<RollupSums>(
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
  return figuresFromRollups(row);
}

/**
 * The figures of many monitors (a page of the list) in one statement, as monitorFigures gives each: the same
 * cut-offs, sums and histogram, grouped by monitor. Monitors without rollups in 30 days are absent from the map.
 */
export async function monitorFiguresMany(db: Queryable, monitorIds: readonly number[]): Promise<Map<number, MonitorFigures>> {
  if (monitorIds.length === 0) return new Map();
  const rows = await db.query<RollupSums & { monitor_id: number }>(
    // As monitor_figures, grouped by monitor: the cut-offs once, the sums and the 24 h histogram per monitor.
    `WITH c AS MATERIALIZED (
       SELECT tw_now() - make_interval(secs => $2) - make_interval(days => 1) AS d1,
              tw_now() - make_interval(secs => $2) - make_interval(days => 7) AS d7,
              tw_now() - make_interval(secs => $2) - make_interval(days => 30) AS d30
     ), r AS (
       SELECT monitor_id, hour, checks, ok, latency_buckets FROM monitor_rollups
        WHERE monitor_id = ANY($1::bigint[]) AND hour > (SELECT d30 FROM c)
     ), sums AS (
       SELECT monitor_id,
              sum(checks) FILTER (WHERE hour > c.d1)::float8 AS c24, sum(ok) FILTER (WHERE hour > c.d1)::float8 AS o24,
              sum(checks) FILTER (WHERE hour > c.d7)::float8 AS c7, sum(ok) FILTER (WHERE hour > c.d7)::float8 AS o7,
              sum(checks)::float8 AS c30, sum(ok)::float8 AS o30
         FROM r, c
        GROUP BY monitor_id
     ), hist AS (
       SELECT monitor_id, array_agg(s ORDER BY i) AS buckets FROM (
         SELECT r.monitor_id, u.i, sum(u.b)::integer AS s
           FROM r, unnest(r.latency_buckets) WITH ORDINALITY AS u(b, i)
          WHERE r.hour > (SELECT d1 FROM c)
          GROUP BY r.monitor_id, u.i) h
        GROUP BY monitor_id
     )
     SELECT s.monitor_id, s.c24, s.o24, s.c7, s.o7, s.c30, s.o30, h.buckets
       FROM sums s LEFT JOIN hist h ON h.monitor_id = s.monitor_id`,
    [monitorIds, HOUR_MS / 1000],
    'monitor_figures_many',
  );
  return new Map(rows.map((r) => [r.monitor_id, figuresFromRollups(r)]));
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
