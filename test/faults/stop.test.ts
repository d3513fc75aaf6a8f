import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgliteBackend, postgresBackend, TEST_DATABASE_URL, type TestDatabase } from '../support/backends.ts';
import { spawnTickwork, waitForOutput, type TickworkProcess } from '../support/processes.ts';
import { TEST_ADMIN_KEY, testEnv, waitFor } from '../support/service.ts';
import { startTarget, type Target } from '../support/target.ts';
import pg from 'pg';
import { linesWithRepeatedKeys } from '../ops/scrape.ts';

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
    expect(linesWithRepeatedKeys(p.output())).toEqual([]); // and no log line of it repeated a JSON key
  });

  it('a busy embedded service exits 0 as soon as its call in flight has finished, and records the run succeeded', async () => {
    const target = await startTarget();
    let release: (() => void) | null = null;
    target.on('/slow', (_req, res) => {
      release = () => res.end('done');
    });
    const p = spawnTickwork(['start'], testEnv(db, GRACE));
    try {
      await waitForOutput(p, /"url":"(http:[^"]+)"/);
      const url = /"url":"(http:[^"]+)"/.exec(p.output())?.[1] ?? '';
      const created = await fetch(`${url}/v1/tasks`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TEST_ADMIN_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ schedule_time: new Date().toISOString(), http: { url: `${target.url}/slow`, timeout_ms: 120_000 } }),
      });
      expect(created.status).toBe(201);
      const task = (await created.json()) as { id: number };
      await waitFor('the call to be in flight', async () => release !== null);
      p.kill('SIGTERM');
      await waitForOutput(p, /"msg":"stopping"/);
      expect(p.child.exitCode).toBeNull(); // still running: its call is in flight
      const at = Date.now();
      (release as (() => void) | null)?.();
      expect(await p.exited).toBe(0);
      console.log(`figure: seconds to exit after the last call finished, busy start: ${((Date.now() - at) / 1000).toFixed(2)}`);
      const store = await db.open();
      try {
        const runs = await store.query<{ status: string }>('SELECT status FROM runs WHERE task_id = $1 ORDER BY attempt', [task.id]);
        expect(runs.map((r) => r.status)).toEqual(['succeeded']);
      } finally {
        await store.close();
      }
    } finally {
      p.kill('SIGKILL');
      await p.exited;
      await target.close();
    }
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

    it('a busy api ends its event streams, answers the request in flight, and exits 0 once it is answered', async () => {
      const api = spawnTickwork(['api'], testEnv(db, GRACE));
      try {
        await waitForOutput(api, /"url":"(http:[^"]+)"/);
        const url = new URL(/"url":"(http:[^"]+)"/.exec(api.output())?.[1] ?? '');
        const stream = await fetch(`${url.origin}/v1/events/stream`, { headers: { authorization: `Bearer ${TEST_ADMIN_KEY}` } });
        expect(stream.status).toBe(200);
        const streamEnded = stream.text().then(() => true, () => true);
        // A request in flight: listing API keys waits on a lock held here, seen waiting in pg_stat_activity.
        const blocker = new pg.Client({ connectionString: db.url });
        const watcher = new pg.Client({ connectionString: db.url }); // outside the lock's transaction: pg_stat_activity is read once per transaction
        await blocker.connect();
        await watcher.connect();
        try {
          await blocker.query('BEGIN');
          await blocker.query('LOCK TABLE api_keys IN ACCESS EXCLUSIVE MODE');
          const answer = fetch(`${url.origin}/v1/api-keys`, { headers: { authorization: `Bearer ${TEST_ADMIN_KEY}` } }).then((r) => r.status);
          await waitFor('the request to wait on the lock', async () => {
            const waiting = await watcher.query(
              `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND application_name LIKE 'tickwork%'`,
            );
            return waiting.rows.length > 0;
          });
          api.kill('SIGTERM');
          await waitForOutput(api, /"msg":"stopping"/);
          expect(await streamEnded).toBe(true); // the stream is ended, not waited for
          expect(api.child.exitCode).toBeNull(); // still running: the request is in flight
          const at = Date.now();
          await blocker.query('ROLLBACK');
          expect(await answer).toBe(200);
          expect(await api.exited).toBe(0);
          console.log(`figure: seconds to exit after the last request finished, busy api: ${((Date.now() - at) / 1000).toFixed(2)}`);
        } finally {
          await blocker.end();
          await watcher.end();
        }
      } finally {
        api.kill('SIGKILL');
        await api.exited;
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
