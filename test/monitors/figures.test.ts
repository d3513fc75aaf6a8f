import { afterAll, beforeAll, expect, it } from 'vitest';
import { forEachBackend, type TestDatabase } from '../support/backends.ts';
import { startTestService, type RunningService } from '../support/service.ts';
import type { CheckJson, MonitorJson, Page } from '../support/api-types.ts';
import { createMonitor, deleteMonitor } from '../../src/store/monitors.ts';
import { pruneChecks, recordChecks, type CheckOutcome } from '../../src/store/checks.ts';
import { dbNow } from '../../src/store/runs.ts';
import { SYSTEM_ACTOR } from '../../src/domain/event.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

forEachBackend('monitor uptime and latency figures', (backend) => {
  let db: TestDatabase;
  let svc: RunningService;
  let monitorId = 0;
  let now: Date;

  beforeAll(async () => {
    db = await backend.create();
    // The API alone: nothing checks the monitor, so its history is exactly what the test records.
    svc = await startTestService(db, {}, { api: true, engine: false });
    const { view } = await createMonitor(svc.db, 'default', { url: 'http://127.0.0.1:9/', interval_s: 60 }, SYSTEM_ACTOR);
    monitorId = view.monitor.id;
    await deleteMonitor(svc.db, 'default', monitorId, SYSTEM_ACTOR);
    now = await dbNow(svc.db);
    const at = (agoMs: number, ok: boolean, latencyMs: number): CheckOutcome => ({
      monitorId, leaseToken: null, checkedAt: new Date(now.getTime() - agoMs), statusCode: ok ? 200 : 503,
      latencyMs, matched: null, ok, error: ok ? null : 'expected a 2xx status, got 503', errorKind: null, certExpiresAt: null,
    });
    const history: CheckOutcome[] = [
      // last 24 h: 8 checks, 6 ok, all 40 ms
      ...Array.from({ length: 8 }, (_, i) => at(2 * HOUR + i * 60_000, i < 6, 40)),
      // 3 days ago: 2 failures, 2 s
      at(3 * DAY, false, 2_000), at(3 * DAY + 60_000, false, 2_000),
      // 20 days ago: 10 ok
      ...Array.from({ length: 10 }, (_, i) => at(20 * DAY + i * 60_000, true, 100)),
      // 40 days ago: outside every window
      ...Array.from({ length: 5 }, (_, i) => at(40 * DAY + i * 60_000, false, 100)),
    ];
    // Recorded in two batches, so rollups are both inserted and added to.
    await svc.db.transaction((tx) => recordChecks(tx, history.slice(0, 13)));
    await svc.db.transaction((tx) => recordChecks(tx, history.slice(13)));
  });
  afterAll(async () => {
    await svc?.close();
    await db?.drop();
  });

  it('computes uptime over 24 h, 7 d and 30 d and latency percentiles from the rollups', async () => {
    const r = await svc.api<MonitorJson>(`/v1/monitors/${monitorId}`);
    expect(r.status).toBe(200);
    expect(r.body.uptime).toEqual({ '24h': 75, '7d': 60, '30d': 80 });
    // Eight checks in the 30–50 ms bucket: p50 interpolates to 40, p95 to 49.
    expect(r.body.latency_ms).toEqual({ p50: 40, p95: 49 });
  });

  it('lists checks newest first within since/until, in cursor pages', async () => {
    const since = new Date(now.getTime() - 4 * DAY).toISOString();
    const first = await svc.api<Page<CheckJson>>(`/v1/monitors/${monitorId}/checks?since=${since}&limit=6`);
    expect(first.body.items).toHaveLength(6);
    const second = await svc.api<Page<CheckJson>>(`/v1/monitors/${monitorId}/checks?limit=6&cursor=${first.body.next_cursor}`);
    const all = [...first.body.items, ...second.body.items];
    expect(all).toHaveLength(10);
    const times = all.map((c: { checked_at: string }) => Date.parse(c.checked_at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const until = new Date(now.getTime() - 10 * DAY).toISOString();
    const old = await svc.api<Page<CheckJson>>(`/v1/monitors/${monitorId}/checks?until=${until}&limit=100`);
    expect(old.body.items).toHaveLength(15);
    expect((await svc.api(`/v1/monitors/${monitorId}/checks?since=yesterday`)).status).toBe(400);
  });

  it('prunes checks past the retention in batches and keeps the figures', async () => {
    let pruned = 0;
    for (let n = -1; n !== 0; ) {
      n = await pruneChecks(svc.db, 30, 2);
      pruned += n;
    }
    expect(pruned).toBe(5);
    const [left] = await svc.db.query<{ n: number }>('SELECT count(*)::int AS n FROM checks WHERE monitor_id = $1', [monitorId]);
    expect(left?.n).toBe(20);
    const r = await svc.api<MonitorJson>(`/v1/monitors/${monitorId}`);
    expect(r.body.uptime).toEqual({ '24h': 75, '7d': 60, '30d': 80 });
  });

  it('moves the state machine in check order within a batch, one event per transition', async () => {
    const [row] = await svc.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM events WHERE subject_id = $1 AND type IN ('monitor.down', 'monitor.up')",
      [monitorId],
    );
    // Batch 1, oldest first: 3 ok (pending → up, no event), 2 + 2 failures (down), 6 ok (up).
    // Batch 2, oldest first: 5 failures (down), 7 ok (up).
    expect(row?.n).toBe(4);
  });
});
