import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { postgresBackend, TEST_DATABASE_URL, type TestDatabase } from '../support/backends.ts';
import { startTestService, waitFor, type RunningService } from '../support/service.ts';
import type { TaskJson } from '../support/api-types.ts';
import { waitForOutput, WorkerProcesses } from '../support/processes.ts';
import { startTarget, type Target } from '../support/target.ts';

const reason = TEST_DATABASE_URL === undefined ? ' (skipped: TEST_DATABASE_URL is not set)' : '';

/** FAULTS.md R2 and R3: real signals to real worker processes sharing one PostgreSQL. */
describe.skipIf(TEST_DATABASE_URL === undefined)(`workers under signals${reason}`, () => {
  let db: TestDatabase;
  let api: RunningService;
  let target: Target;
  let sql: pg.Client;
  const workers = new WorkerProcesses(() => db);
  const gates = new Map<string, boolean>();

  beforeAll(async () => {
    db = await postgresBackend.create();
    api = await startTestService(db, {}, { api: true, engine: false });
    target = await startTarget();
    sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
  });
  afterEach(() => workers.killAll());
  afterAll(async () => {
    await sql?.end();
    await api?.close();
    await target?.close();
    await db?.drop();
  });

  /** A target path whose calls are held until the gate opens. */
  const gated = (path: string): void => {
    gates.set(path, false);
    target.on(path, (_req, res) => {
      const answer = (): void => {
        if (gates.get(path) === true) {
          res.writeHead(200);
          res.end('ok');
        } else setTimeout(answer, 20);
      };
      answer();
    });
  };
  const oneShot = async (path: string, at = new Date()): Promise<number> => {
    const r = await api.api<TaskJson>('/v1/tasks', { body: { schedule_time: at.toISOString(), http: { url: `${target.url}${path}`, timeout_ms: 60_000 } } });
    if (r.status !== 201) throw new Error(`create: ${r.status}`);
    return r.body.id;
  };
  const attempts = async (taskId: number) =>
    (await sql.query(`SELECT attempt, status, worker_id, error FROM runs WHERE task_id = $1 ORDER BY attempt`, [taskId])).rows;

  it('R2: on SIGTERM a worker claims nothing new, lets short calls finish, hands back the rest and exits 0', async () => {
    gated('/r2-short');
    gated('/r2-long');
    const w = await workers.start('r2', { TICKWORK_SHUTDOWN_GRACE_S: '3' });
    const short = await Promise.all(Array.from({ length: 5 }, () => oneShot('/r2-short')));
    const long = await Promise.all(Array.from({ length: 5 }, () => oneShot('/r2-long')));
    await waitFor('all ten calls in flight', async () => target.hits('/r2-short').length === 5 && target.hits('/r2-long').length === 5);
    const stoppedAt = Date.now();
    w.kill('SIGTERM');
    setTimeout(() => gates.set('/r2-short', true), 300); // the short calls finish inside the grace period
    await waitForOutput(w, /"msg":"stopping"/);
    const later = await oneShot('/r2-later'); // due now, after the SIGTERM: must not be claimed by this worker
    expect(await w.exited).toBe(0);
    process.stdout.write(`figure: R2 seconds to exit ${((Date.now() - stoppedAt) / 1000).toFixed(1)}\n`);
    for (const id of short) expect(await attempts(id)).toMatchObject([{ attempt: 1, status: 'succeeded' }]);
    // Handed back without using up an attempt: still attempt 1, pending, no abandoned attempt recorded.
    for (const id of long) expect(await attempts(id)).toMatchObject([{ attempt: 1, status: 'pending', worker_id: null }]);
    expect(await attempts(later)).toMatchObject([{ attempt: 1, status: 'pending' }]);
    gates.set('/r2-long', true);
    await workers.start('r2-next');
    await waitFor('the handed-back and later tasks to succeed', async () => {
      const all = await Promise.all([...long, later].map(attempts));
      return all.every((a) => a.length === 1 && a[0].status === 'succeeded');
    });
  }, 60_000);

  it('R3: a frozen worker loses its lease; its late completion is refused by the lease token', async () => {
    gated('/r3');
    const zombie = await workers.start('zombie', { TICKWORK_LEASE_S: '1' });
    const id = await oneShot('/r3');
    await waitFor('the zombie to be mid-call', async () => target.hits('/r3').length === 1);
    zombie.kill('SIGSTOP');
    await workers.start('rescuer');
    await waitFor('the rescuer to retry the abandoned attempt', async () => target.hits('/r3').length === 2);
    const meanwhile = await attempts(id);
    expect(meanwhile[0]).toMatchObject({ attempt: 1, status: 'abandoned', worker_id: 'zombie' });
    gates.set('/r3', true); // both calls now answer: the rescuer's and the zombie's
    await waitFor('attempt 2 to succeed', async () => (await attempts(id))[1]?.status === 'succeeded');
    zombie.kill('SIGCONT');
    await waitForOutput(zombie, /outcomes refused: their leases had been lost|lease lost/);
    const final = await attempts(id);
    expect(final).toHaveLength(2);
    expect(final[0]).toMatchObject({ attempt: 1, status: 'abandoned' }); // not overwritten by the zombie
    expect(final[1]).toMatchObject({ attempt: 2, status: 'succeeded', worker_id: 'rescuer' });
    process.stdout.write('figure: R3 stale completions accepted 0\n');
  }, 60_000);
});
