import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgliteBackend, postgresBackend, TEST_DATABASE_URL, type TestDatabase } from '../support/backends.ts';
import { spawnTickwork, waitForOutput, type TickworkProcess } from '../support/processes.ts';
import { TEST_ADMIN_KEY, testEnv, waitFor } from '../support/service.ts';
import { startTarget, type Target } from '../support/target.ts';

/**
 * SIGTERM stops a process as soon as its work allows (DESIGN promise 7): the grace period is a ceiling, not a wait.
 * Every process here has a grace period of 10 minutes, longer than the test may take, so a process that waited it out
 * instead of exiting when nothing is left in flight fails the test by its timeout. The seconds are printed, not asserted.
 */
const GRACE = { TICKWORK_SHUTDOWN_GRACE_S: '600', TICKWORK_LOG_LEVEL: 'info' };

async function stop(p: TickworkProcess): Promise<{ code: number | string; seconds: number }> {
  const at = Date.now();
  p.kill('SIGTERM');
  const code = await p.exited;
  return { code, seconds: (Date.now() - at) / 1000 };
}

describe('stopping an idle process', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await pgliteBackend.create();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('an idle embedded service (tickwork start) exits 0 at once on SIGTERM, without waiting out the grace period', async () => {
    const p = spawnTickwork(['start'], testEnv(db, GRACE));
    await waitForOutput(p, /tickwork is listening/);
    const { code, seconds } = await stop(p);
    console.log(`figure: seconds to exit after SIGTERM, idle start: ${seconds.toFixed(2)}`);
    expect(code).toBe(0);
  });
});

describe.skipIf(TEST_DATABASE_URL === undefined)(
  `stopping scaled-out roles${TEST_DATABASE_URL === undefined ? ' (skipped: TEST_DATABASE_URL is not set)' : ''}`,
  () => {
    let db: TestDatabase;
    let target: Target;
    let release: (() => void) | null = null;
    beforeAll(async () => {
      db = await postgresBackend.create();
      target = await startTarget();
      target.on('/slow', (_req, res) => {
        release = () => res.end('done');
      });
    });
    afterAll(async () => {
      await target?.close();
      await db?.drop();
    });

    it('idle api and worker processes exit 0 at once on SIGTERM', async () => {
      for (const role of ['api', 'worker']) {
        const p = spawnTickwork([role], testEnv(db, GRACE));
        await waitForOutput(p, role === 'api' ? /tickwork is listening/ : /worker started/);
        const { code, seconds } = await stop(p);
        console.log(`figure: seconds to exit after SIGTERM, idle ${role}: ${seconds.toFixed(2)}`);
        expect(code, role).toBe(0);
      }
    });

    it('a busy worker stops claiming, exits 0 as soon as its call in flight has finished, and records it', async () => {
      const api = spawnTickwork(['api'], testEnv(db, GRACE));
      const worker = spawnTickwork(['worker'], testEnv(db, GRACE));
      try {
        await waitForOutput(api, /"url":"(http:[^"]+)"/);
        const url = /"url":"(http:[^"]+)"/.exec(api.output())?.[1] ?? '';
        await waitForOutput(worker, /worker started/);
        const created = await fetch(`${url}/v1/tasks`, {
          method: 'POST',
          headers: { authorization: `Bearer ${TEST_ADMIN_KEY}`, 'content-type': 'application/json' },
          body: JSON.stringify({ schedule_time: new Date().toISOString(), http: { url: `${target.url}/slow`, timeout_ms: 120_000 } }),
        });
        expect(created.status).toBe(201);
        const task = (await created.json()) as { id: number };
        await waitFor('the call to be in flight', async () => release !== null);
        worker.kill('SIGTERM');
        await waitForOutput(worker, /stopping/);
        expect(worker.child.exitCode).toBeNull(); // still running: its call is in flight
        const at = Date.now();
        release?.();
        const code = await worker.exited;
        console.log(`figure: seconds to exit after the last call finished, busy worker: ${((Date.now() - at) / 1000).toFixed(2)}`);
        expect(code).toBe(0);
        const runs = await fetch(`${url}/v1/tasks/${task.id}/runs`, { headers: { authorization: `Bearer ${TEST_ADMIN_KEY}` } });
        const body = (await runs.json()) as { items: { status: string }[] };
        expect(body.items.map((r) => r.status)).toEqual(['succeeded']);
      } finally {
        api.kill('SIGTERM');
        worker.kill('SIGKILL');
        await api.exited;
      }
    });
  },
);
