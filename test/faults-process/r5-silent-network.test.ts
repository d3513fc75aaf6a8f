import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresBackend, TEST_DATABASE_URL, type TestDatabase } from '../support/backends.ts';
import { createTasks } from '../support/bulk-tasks.ts';
import { dbNowMs } from '../support/db-clock.ts';
import { faultEnv, Fleet } from '../support/fleet.ts';
import { startSilentProxy, type SilentProxy } from '../support/silent-proxy.ts';
import { startTarget, type Target } from '../support/target.ts';
import { waitFor } from '../support/wait.ts';
import type { Db } from '../../src/store/db.ts';

const reason = TEST_DATABASE_URL === undefined ? ' (skipped: TEST_DATABASE_URL is not set)' : '';
const SILENCE_MS = 30_000;
/** Long, so that a task created after the silence runs at once only if LISTEN/NOTIFY works again. */
const POLL_S = 60;

/** FAULTS.md R5: the network between a worker and PostgreSQL goes silent for 30 s, then comes back. */
describe.skipIf(TEST_DATABASE_URL === undefined)(`a silent network to PostgreSQL${reason}`, () => {
  let db: TestDatabase;
  let conn: Db;
  let target: Target;
  let proxy: SilentProxy;
  const fleet = new Fleet();

  beforeAll(async () => {
    db = await postgresBackend.create();
    conn = await db.open();
    target = await startTarget();
    const u = new URL(db.url ?? '');
    proxy = await startSilentProxy(u.hostname, Number(u.port || 5432));
  });
  afterAll(async () => {
    await fleet.killAll();
    await proxy?.close();
    await conn?.close();
    await target?.close();
    await db?.drop();
  });

  const statuses = async (taskId: number): Promise<string[]> =>
    (await conn.query<{ status: string }>(`SELECT status FROM runs WHERE task_id = $1 ORDER BY attempt`, [taskId])).map((r) => r.status);
  const oneShot = async (path: string, at: number): Promise<number> => {
    const [id] = await createTasks(conn, [{ schedule_time: new Date(at).toISOString(), http: { url: `${target.url}${path}` } }]);
    if (id === undefined) throw new Error('no task');
    return id;
  };

  it('recovers after 30 s of silence and reset connections: the tasks due meanwhile and after run, and NOTIFY wakes the worker again', async () => {
    const w = await fleet.start('w', faultEnv(proxy.through(db.url ?? ''), { TICKWORK_POLL_S: String(POLL_S), TICKWORK_DB_POOL_SIZE: '4' }));
    const before = await oneShot('/before', await dbNowMs(conn));
    // Recorded, not only called: an outcome still being written when the network goes silent would lose its lease
    // (L < the silence) and be called again — at least once, by design (R3), but not what this test is about.
    await waitFor('the task before the silence to be recorded', async () => (await statuses(before)).join() === 'succeeded');

    proxy.silence();
    const silencedAt = await dbNowMs(conn);
    // Due during the silence, and just after it.
    const during = [await oneShot('/during', silencedAt + 5_000), await oneShot('/during', silencedAt + 20_000)];
    const after = await oneShot('/after', silencedAt + SILENCE_MS + 2_000);
    await new Promise((r) => setTimeout(r, SILENCE_MS));
    expect(target.hits('/during')).toHaveLength(0); // nothing reached the database meanwhile
    // The path comes back without its state: every connection held through the silence is reset, so the worker
    // must notice, reconnect its pool and its LISTEN connection (the harder recovery; a plain `restore()` delivers
    // what was held instead, and the held statements simply complete).
    proxy.restore({ reset: true });
    const restoredAt = Date.now();

    await waitFor('the tasks due during the silence', () => target.hits('/during').length === 2, 120_000, 50);
    const recoveredS = (Date.now() - restoredAt) / 1000;
    await waitFor('the task due after the silence', () => target.hits('/after').length === 1, 60_000, 50);
    const afterLateMs = (target.hits('/after')[0]?.at ?? 0) - (silencedAt + SILENCE_MS + 2_000);

    // LISTEN works again: a task due now wakes the sleeping worker long before its 60 s poll.
    const woken = Date.now();
    await oneShot('/woken', await dbNowMs(conn));
    await waitFor('NOTIFY to wake the worker', () => target.hits('/woken').length === 1, (POLL_S * 1000) / 2, 50);
    const wokenMs = Date.now() - woken;

    const log = w.output();
    const attempts = await Promise.all([before, ...during, after].map(statuses));
    console.log(
      JSON.stringify({
        figure: 'R5',
        silence_s: SILENCE_MS / 1000,
        seconds_to_recover: recoveredS,
        after_task_late_ms: afterLateMs,
        notify_wake_ms: wokenMs,
        worker_warnings: {
          claim_failed: (log.match(/claiming failed; retrying/g) ?? []).length,
          housekeeping_failed: (log.match(/engine housekeeping failed/g) ?? []).length,
          listen_reconnects: (log.match(/LISTEN connection lost/g) ?? []).length,
        },
        proxy_connections: proxy.accepted(),
        attempts_before_during_after: attempts,
      }),
    );
    expect(w.running()).toBe(true);
    expect(log).toMatch(/LISTEN connection lost; reconnecting/);
    expect(target.hits('/before')).toHaveLength(1);
    expect(target.hits('/during')).toHaveLength(2);
    expect(target.hits('/after')).toHaveLength(1);
    for (const a of attempts) expect(a).toEqual(['succeeded']);
  }, 180_000);
});
