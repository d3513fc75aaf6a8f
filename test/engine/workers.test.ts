import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { postgresBackend, TEST_DATABASE_URL, type TestDatabase } from '../support/backends.ts';
import { startTestService, waitFor, type RunningService } from '../support/service.ts';
import { WorkerProcesses } from '../support/processes.ts';
import { startTarget, type Target } from '../support/target.ts';
import type { TaskJson } from '../support/api-types.ts';

const reason = TEST_DATABASE_URL === undefined ? ' (skipped: TEST_DATABASE_URL is not set)' : '';

describe.skipIf(TEST_DATABASE_URL === undefined)(`several worker processes on PostgreSQL${reason}`, () => {
  let db: TestDatabase;
  let api: RunningService;
  let target: Target;
  let sql: pg.Client;
  const workers = new WorkerProcesses(() => db);

  beforeAll(async () => {
    db = await postgresBackend.create();
    api = await startTestService(db, {}, { api: true, engine: false });
    target = await startTarget();
    sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
  });
  // Each test owns its workers: one that fails must not leave processes that take the next test's tasks.
  afterEach(() => workers.killAll());
  afterAll(async () => {
    await sql?.end();
    await api?.close();
    await target?.close();
    await db?.drop();
  });


  it('three workers fire 2,000 due tasks with no duplicates and nothing lost', async () => {
    const ws = await Promise.all(['w1', 'w2', 'w3'].map((n) => workers.start(n)));
    // Create them due in a few seconds so that all three workers race for the same rows. The calls' timeout is long:
    // on a loaded machine a 10 s one can lapse before the in-process target has read the request, which is a retry,
    // not a duplicate, and would make the count of calls below differ from the attempts for no fault of the engine.
    const at = new Date(Date.now() + 8000).toISOString();
    const ids: number[] = [];
    await Promise.all(Array.from({ length: 8 }, async (_, lane) => {
      for (let i = lane; i < 2000; i += 8) {
        const r = await api.api<TaskJson>('/v1/tasks', { body: { schedule_time: at, http: { url: `${target.url}/many/${i}`, timeout_ms: 60_000 } } });
        if (r.status !== 201) throw new Error(`create: ${r.status}`);
        ids.push(r.body.id);
      }
    }));
    await waitFor('2,000 calls', async () => target.requests.filter((r) => r.path.startsWith('/many/')).length >= 2000, 90_000);
    await waitFor('2,000 recorded successes', async () => {
      const { rows } = await sql.query(`SELECT count(*)::int AS n FROM runs WHERE task_id = ANY($1) AND status = 'succeeded'`, [ids]);
      return rows[0].n === 2000;
    });
    // Promise 1: one recorded success per firing, and no attempt is ever called twice: a target sees a repeated
    // call only as a new attempt (a retry after a failure, or after a lost lease).
    const runs = await sql.query(
      `SELECT t.id, t.action->>'url' AS url, count(*) FILTER (WHERE r.status = 'succeeded')::int AS succeeded,
              count(*)::int AS attempts, array_agg(r.error) FILTER (WHERE r.status <> 'succeeded') AS errors
         FROM tasks t JOIN runs r ON r.task_id = t.id WHERE t.id = ANY($1) GROUP BY t.id`,
      [ids],
    );
    expect(runs.rows).toHaveLength(2000);
    for (const r of runs.rows) {
      expect(r.succeeded, `task ${r.id}`).toBe(1);
      expect(target.hits(new URL(r.url).pathname).length, `calls to task ${r.id} (errors: ${r.errors})`).toBe(r.attempts);
    }
    const retried = runs.rows.filter((r: { attempts: number }) => r.attempts > 1);
    process.stdout.write(`figure: 2000 firings, 3 workers: ${retried.length} needed a retry ${JSON.stringify(retried.map((r: { errors: string[] }) => r.errors))}\n`);
    const byWorker = await sql.query(`SELECT worker_id, count(*)::int AS n FROM runs WHERE task_id = ANY($1) GROUP BY worker_id`, [ids]);
    process.stdout.write(`figure: 2000 tasks over 3 workers: ${JSON.stringify(byWorker.rows)}\n`);
    for (const w of ws) w.kill('SIGTERM');
    expect(await Promise.all(ws.map((w) => w.exited))).toEqual([0, 0, 0]);
  }, 180_000);

  it('a worker killed with SIGKILL mid-run: its attempts become abandoned and are retried; nothing is lost', async () => {
    let release = false;
    target.on('/held', (_req, res) => {
      const answer = () => {
        if (release) {
          res.writeHead(200);
          res.end('ok');
        } else setTimeout(answer, 20);
      };
      answer();
    });
    const victim = await workers.start('victim', { TICKWORK_LEASE_S: '2' });
    const ids: number[] = [];
    for (let i = 0; i < 20; i++) {
      const r = await api.api<TaskJson>('/v1/tasks', { body: { schedule_time: new Date().toISOString(), http: { url: `${target.url}/held`, timeout_ms: 60_000 } } });
      ids.push(r.body.id);
    }
    await waitFor('the victim to be mid-call on all 20', async () => target.hits('/held').length >= 20);
    victim.kill('SIGKILL');
    expect(await victim.exited).toBe('SIGKILL');
    release = true;
    await workers.start('rescuer');
    await waitFor('every task to succeed', async () => {
      const { rows } = await sql.query(`SELECT count(DISTINCT task_id)::int AS n FROM runs WHERE task_id = ANY($1) AND status = 'succeeded'`, [ids]);
      return rows[0].n === 20;
    }, 60_000);
    const { rows } = await sql.query(
      `SELECT task_id, array_agg(status ORDER BY attempt) AS statuses FROM runs WHERE task_id = ANY($1) GROUP BY task_id`,
      [ids],
    );
    for (const r of rows) expect(r.statuses).toEqual(['abandoned', 'succeeded']);
    const abandoned = await sql.query(`SELECT error FROM runs WHERE task_id = ANY($1) AND status = 'abandoned'`, [ids]);
    expect(abandoned.rows.every((r: { error: string }) => /victim/.test(r.error))).toBe(true);
  }, 120_000);
});
