import { afterAll, beforeAll, expect, it } from 'vitest';
import { forEachBackend, type TestDatabase } from '../support/backends.ts';
import type { Db } from '../../src/store/db.ts';
import { createMonitor } from '../../src/store/monitors.ts';
import { recordChecks, type CheckOutcome } from '../../src/store/checks.ts';
import { dbNow } from '../../src/store/runs.ts';
import { SYSTEM_ACTOR } from '../../src/domain/event.ts';

forEachBackend('recording checks from several workers at once', (backend) => {
  let db: TestDatabase;
  let conn: Db;

  beforeAll(async () => {
    db = await backend.create();
    conn = await db.open();
  });
  afterAll(async () => {
    await conn?.close();
    await db?.drop();
  });

  it('writes one monitor.down and one monitor.up per transition however the recorders race', async () => {
    const { view } = await createMonitor(conn, 'default', { url: 'http://127.0.0.1:9/race', failure_threshold: 3 }, SYSTEM_ACTOR);
    const id = view.monitor.id;
    const now = (await dbNow(conn)).getTime();
    let seq = 0;
    const outcome = (ok: boolean): CheckOutcome => ({
      monitorId: id, leaseToken: null, checkedAt: new Date(now + seq++), statusCode: ok ? 200 : 503, latencyMs: 3,
      matched: null, ok, error: ok ? null : 'expected a 2xx status, got 503', errorKind: null, certExpiresAt: null,
    });
    // Eight recorders on their own connections (one, serialised, on PGlite) each record failures, then successes.
    const race = (ok: boolean) =>
      Promise.all(Array.from({ length: 8 }, () => conn.transaction((tx) => recordChecks(tx, [outcome(ok)]))));
    await race(false);
    await race(true);
    const rows = await conn.query<{ type: string; n: number }>(
      "SELECT type, count(*)::int AS n FROM events WHERE subject_id = $1 AND type IN ('monitor.down', 'monitor.up') GROUP BY type ORDER BY type",
      [id],
    );
    expect(rows).toEqual([{ type: 'monitor.down', n: 1 }, { type: 'monitor.up', n: 1 }]);
    const [m] = await conn.query<{ status: string; consecutive_failures: number }>('SELECT status, consecutive_failures FROM monitors WHERE id = $1', [id]);
    expect(m).toEqual({ status: 'up', consecutive_failures: 0 });
  });
});
