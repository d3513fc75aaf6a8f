import type { Queryable } from './db.ts';

/**
 * Keeping the checks history bounded: the checks table is partitioned by UTC day (migrations/0007); the
 * maintenance loop creates days ahead, drops the days past the retention whole and prunes the rest by rows.
 */

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
