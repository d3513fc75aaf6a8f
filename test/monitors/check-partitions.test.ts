import { afterAll, beforeAll, expect, it } from 'vitest';
import { advanceClock, forEachBackend, type TestDatabase } from '../support/backends.ts';
import type { Db } from '../../src/store/db.ts';
import { createMonitor } from '../../src/store/monitors.ts';
import {
  dropExpiredCheckPartitions,
  ensureCheckPartitions,
  pruneChecks,
  recordChecks,
  type CheckOutcome,
} from '../../src/store/checks.ts';
import { dbNow } from '../../src/store/runs.ts';
import { SYSTEM_ACTOR } from '../../src/domain/event.ts';

const DAY = 86_400_000;

forEachBackend('the checks table, partitioned by day', (backend) => {
  let db: TestDatabase;
  let conn: Db;
  let monitorId = 0;

  beforeAll(async () => {
    db = await backend.create();
    conn = await db.open();
    const { view } = await createMonitor(conn, 'default', { url: 'http://127.0.0.1:9/partitions', interval_s: 60 }, SYSTEM_ACTOR);
    monitorId = view.monitor.id;
  });
  afterAll(async () => {
    await conn?.close();
    await db?.drop();
  });

  /** Every partition of checks with the number of rows in it. */
  const partitions = async () => {
    const names = await conn.query<{ name: string }>(
      "SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'checks'::regclass",
    );
    const counts = await conn.query<{ name: string; n: number }>('SELECT tableoid::regclass::text AS name, count(*)::int AS n FROM checks GROUP BY 1');
    const out: Record<string, number> = {};
    for (const { name } of names) out[name] = counts.find((c) => c.name === name)?.n ?? 0;
    return out;
  };
  const dayName = (d: Date) => `checks_${d.toISOString().slice(0, 10).replaceAll('-', '')}`;
  const record = async (ats: Date[]) =>
    conn.transaction((tx) =>
      recordChecks(tx, ats.map((checkedAt): CheckOutcome => ({
        monitorId, leaseToken: null, checkedAt, statusCode: 200, latencyMs: 5, matched: null, ok: true, error: null,
        errorKind: null, certExpiresAt: null,
      }))),
    );

  it('has partitions for today and the next days from the start, and keeps today\'s checks in today\'s', async () => {
    const now = await dbNow(conn);
    const parts = await partitions();
    for (let d = 0; d <= 3; d++) expect(Object.keys(parts)).toContain(dayName(new Date(now.getTime() + d * DAY)));
    await record([now]);
    expect((await partitions())[dayName(now)]).toBe(1);
    expect((await partitions()).checks_default).toBe(0);
  });

  it('moves checks of a day without a partition out of the default partition when that day is made', async () => {
    const now = await dbNow(conn);
    const old = [40, 40, 35, 31, 29].map((d) => new Date(now.getTime() - d * DAY));
    await record(old);
    expect((await partitions()).checks_default).toBe(5);
    expect(await ensureCheckPartitions(conn, 3)).toBe(4);
    const parts = await partitions();
    expect(parts.checks_default).toBe(0);
    expect(parts[dayName(old[0] ?? now)]).toBe(2);
    expect(parts[dayName(old[4] ?? now)]).toBe(1);
    // Idempotent: nothing more to make.
    expect(await ensureCheckPartitions(conn, 3)).toBe(0);
  });

  it('drops the days past the retention whole and deletes the rest of the cut-off day in batches', async () => {
    const now = await dbNow(conn);
    // Three checks on the day of the cut-off (30 days ago): one before it, two after.
    const cut = now.getTime() - 30 * DAY;
    const dayStart = Math.floor(cut / DAY) * DAY;
    const before = new Date(Math.max(dayStart, cut - 60_000));
    await record([before, new Date(cut + 60_000), new Date(cut + 120_000)].filter((d) => d.getTime() < dayStart + DAY));
    await ensureCheckPartitions(conn, 3);
    const dropped = await dropExpiredCheckPartitions(conn, 30);
    expect(dropped).toBe(3); // the two days 40 and 35 days ago, and the one 31 days ago
    let deleted = 0;
    for (let n = -1; n !== 0; ) {
      n = await pruneChecks(conn, 30, 1);
      deleted += n;
    }
    expect(deleted).toBe(1);
    const [left] = await conn.query<{ n: number; oldest: Date }>(
      'SELECT count(*)::int AS n, min(checked_at) AS oldest FROM checks WHERE monitor_id = $1',
      [monitorId],
    );
    expect(left?.oldest.getTime()).toBeGreaterThanOrEqual(cut);
    expect(left?.n).toBeGreaterThanOrEqual(2); // today's and the one 29 days ago at least
  });

  it('makes new days as the clock moves on', async () => {
    await advanceClock(conn, 10 * DAY);
    const now = await dbNow(conn);
    expect(await ensureCheckPartitions(conn, 3)).toBeGreaterThan(0);
    await record([now]);
    expect((await partitions())[dayName(now)]).toBe(1);
    expect((await partitions()).checks_default).toBe(0);
  });
});
