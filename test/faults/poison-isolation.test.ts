import { afterAll, beforeAll, expect, it } from 'vitest';
import { pino } from 'pino';
import { TenantTally } from '../../src/engine/tenant-slots.ts';
import { Registry } from 'prom-client';
import { forEachBackend, type TestDatabase } from '../support/backends.ts';
import { startTestService, waitFor, type RunningService } from '../support/service.ts';
import type { CheckJson, MonitorJson, Page, RunJson, TaskJson } from '../support/api-types.ts';
import { Worker } from '../../src/engine/worker.ts';
import { MonitorChecker } from '../../src/engine/monitor-checks.ts';
import type { ActionOutcome } from '../../src/engine/actions.ts';

/**
 * The group commit's last line of defence, with the real statements: an outcome or a check the database refuses
 * for a lasting reason (here an HTTP status no integer column holds, SQLSTATE 22003) is recorded as failed with the
 * reason, and the outcomes and checks around it are recorded as they were.
 */
forEachBackend('a lasting write failure in the group commit', (backend) => {
  let db: TestDatabase;
  let svc: RunningService;
  const log = pino({ level: 'silent' });

  beforeAll(async () => {
    db = await backend.create();
    svc = await startTestService(db, {}, { api: true, engine: false });
  }, 60_000);

  afterAll(async () => {
    await svc?.close();
    await db?.drop();
  });

  it('records the refused outcome as failed with the reason and the others as they were', async () => {
    const registry = new Registry();
    const worker = new Worker({
      db: svc.db,
      log,
      registry,
      tenants: new TenantTally(),
      tenantReservePercent: 10,
      tenantConcurrency: null,
      runAction: async (action): Promise<ActionOutcome> => {
        const poison = action.type === 'http' && action.url.includes('/poison');
        return { status: 'succeeded', httpStatus: poison ? 2 ** 40 : 200, durationMs: 1, error: null, result: { body: 'ok', truncated: false } };
      },
      workerId: 'isolation-test',
      concurrency: 20,
      claimBatch: 20,
      claimAheadMs: 0,
      leaseSeconds: 10,
      sweepSeconds: 1,
      pollSeconds: 1,
      shutdownGraceSeconds: 1,
      misfireSeconds: 3600,
      misfireCap: 5,
    });
    const ids: Record<string, number> = {};
    for (const name of ['a', 'b', 'poison', 'c', 'd']) {
      const r = await svc.api<TaskJson>('/v1/tasks', { body: { schedule_time: new Date(Date.now() - 1000).toISOString(), http: { url: `http://127.0.0.1:9/${name}` } } });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      ids[name] = r.body.id;
    }
    await worker.start();
    try {
      const runOf = async (name: string) => (await svc.api<Page<RunJson>>(`/v1/runs?task_id=${ids[name]}`)).body.items[0];
      for (const name of Object.keys(ids)) {
        await waitFor(`the run of ${name} to finish`, async () => {
          const run = await runOf(name);
          return run !== undefined && run.status !== 'running' && run.status !== 'pending';
        });
      }
      for (const name of ['a', 'b', 'c', 'd']) expect(await runOf(name)).toMatchObject({ status: 'succeeded', http_status: 200, error: null });
      const poisoned = await runOf('poison');
      expect(poisoned).toMatchObject({ status: 'failed', http_status: null });
      expect(poisoned?.error).toMatch(/^could not record the outcome: .*\(SQLSTATE 22003\)$/);
      expect(await registry.getSingleMetricAsString('tickwork_unrecordable_total')).toMatch(/what="outcomes",outcome="isolated"} [1-9]/) // once per attempt (retried per policy);
    } finally {
      await worker.stop();
    }
  }, 60_000);

  it('records the refused check as failed with the reason and keeps checking the other monitors', async () => {
    const registry = new Registry();
    const checker = new MonitorChecker({
      db: svc.db,
      log,
      registry,
      tenants: new TenantTally(),
      tenantReservePercent: 10,
      tenantConcurrency: null,
      check: async (req) => ({
        status_code: req.url.includes('/poison') ? 2 ** 40 : 200,
        latency_ms: 1,
        matched: null,
        ok: true,
        error: null,
        error_kind: null,
        cert: null,
      }),
      concurrency: 10,
      claimBatch: 10,
      leaseSeconds: 10,
      pollSeconds: 1,
      shutdownGraceSeconds: 1,
      retentionDays: 30,
      pruneSeconds: 3600,
    });
    const poison = await svc.api<MonitorJson>('/v1/monitors', { body: { interval: 1, url: 'http://127.0.0.1:9/poison' } });
    const fine = await svc.api<MonitorJson>('/v1/monitors', { body: { interval: 1, url: 'http://127.0.0.1:9/fine' } });
    expect([poison.status, fine.status]).toEqual([201, 201]);
    await checker.start();
    try {
      const checks = async (id: number) => (await svc.api<Page<CheckJson>>(`/v1/monitors/${id}/checks`)).body.items;
      await waitFor('two checks of the poisoned monitor', async () => (await checks(poison.body.id)).length >= 2);
      await waitFor('two checks of the other monitor', async () => (await checks(fine.body.id)).length >= 2);
      const [refused] = await checks(poison.body.id);
      expect(refused).toMatchObject({ ok: false, status_code: null });
      expect(refused?.error).toMatch(/^could not record the check: .*\(SQLSTATE 22003\)$/);
      expect((await checks(fine.body.id)).every((c) => c.ok)).toBe(true);
    } finally {
      await checker.stop();
    }
  }, 60_000);
});
