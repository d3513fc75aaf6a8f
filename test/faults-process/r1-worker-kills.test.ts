import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresBackend, TEST_DATABASE_URL, type TestDatabase } from '../support/backends.ts';
import { createTasks } from '../support/bulk-tasks.ts';
import { dbNowMs, setDbClock } from '../support/db-clock.ts';
import { faultEnv, Fleet, quantile, type FleetProcess } from '../support/fleet.ts';
import { startTarget, type Target } from '../support/target.ts';
import { waitFor } from '../support/wait.ts';
import type { Db } from '../../src/store/db.ts';

const reason = TEST_DATABASE_URL === undefined ? ' (skipped: TEST_DATABASE_URL is not set)' : '';

/**
 * How many one-shot tasks, due over how long. FAULTS.md says 10,000: measured on this 2-core machine (load average
 * 25–30 from other work), 10,000 due over 40 s took 112 s (37 s to create them, 64 s to run them) and the whole
 * suite 6 min 13 s, over its 5-minute budget. The default is half of it, due at 200 a second;
 * TW_FAULTS_R1_TASKS=10000 TW_FAULTS_R1_SPREAD_S=50 runs the full one.
 */
const TASKS = Number(process.env.TW_FAULTS_R1_TASKS ?? 5_000);
const SPREAD_S = Number(process.env.TW_FAULTS_R1_SPREAD_S ?? 25);
const WORKERS = 4;
const CONCURRENCY = 50;
const LEASE_S = 3;
const SWEEP_S = 0.5;
const KILL_EVERY_MS = 2_000;

interface FiringRow {
  task_id: number;
  statuses: string[];
  successes: number;
  /** started_at of the succeeded attempt minus the firing's scheduled time, ms. */
  delay_ms: number | null;
}

/** FAULTS.md R1: SIGKILL one of 4 workers every 2 s while thousands of one-shot tasks run. */
describe.skipIf(TEST_DATABASE_URL === undefined)(`workers SIGKILLed under load${reason}`, () => {
  let db: TestDatabase;
  let conn: Db;
  let target: Target;
  const fleet = new Fleet();
  const calls = new Map<string, number>();

  beforeAll(async () => {
    db = await postgresBackend.create();
    conn = await db.open();
    target = await startTarget();
    target.on('/r1', (req, res) => {
      const i = new URL(req.url ?? '/', 'http://x').searchParams.get('i') ?? '';
      calls.set(i, (calls.get(i) ?? 0) + 1);
      setTimeout(() => res.end('ok'), 50 + Math.floor(Math.random() * 450));
    });
  });
  afterAll(async () => {
    await fleet.killAll();
    await conn?.close();
    await target?.close();
    await db?.drop();
  });

  it('ends every firing in one success, repeating calls only for abandoned attempts, while a worker is SIGKILLed every 2 s', async () => {
    if (db.url === undefined) throw new Error('no database url');
    const env = (name: string): Record<string, string> =>
      faultEnv(db.url ?? '', {
        TICKWORK_WORKER_ID: name,
        TICKWORK_LEASE_S: String(LEASE_S),
        TICKWORK_SWEEP_S: String(SWEEP_S),
        TICKWORK_CONCURRENCY: String(CONCURRENCY),
        TICKWORK_DB_POOL_SIZE: '4',
      });
    const workers: FleetProcess[] = await Promise.all(
      Array.from({ length: WORKERS }, (_, k) => fleet.start(`w${k}`, env(`w${k}`))),
    );

    // Due an hour ahead by the database clock while they are created, then the clock moves to just before the first:
    // the firings fall due at a steady rate however long creating them took.
    const base = (await dbNowMs(conn)) + 3_600_000;
    const createdAt = Date.now();
    const ids = await createTasks(
      conn,
      Array.from({ length: TASKS }, (_, i) => ({
        schedule_time: new Date(base + Math.floor((i * SPREAD_S * 1000) / TASKS)).toISOString(),
        http: { url: `${target.url}/r1?i=${i}`, timeout_ms: 5_000 },
        retry: { max_attempts: 20, backoff_s: 0 },
      })),
    );
    const createS = (Date.now() - createdAt) / 1000;
    await setDbClock(conn, base - 1_000);
    const startedAt = Date.now();

    let kills = 0;
    let next = 0;
    let killing = true;
    const killer = (async () => {
      while (killing) {
        await new Promise((r) => setTimeout(r, KILL_EVERY_MS));
        if (!killing) break;
        const k = next++ % WORKERS;
        const victim = workers[k];
        if (victim === undefined || !victim.running()) continue;
        await fleet.kill(victim);
        kills++;
        if (!killing) break;
        // Restarted at once, so 4 keep running (one of them usually still starting).
        workers[k] = fleet.spawn(`w${k}`, env(`w${k}`));
      }
    })();

    const unfinished = async (): Promise<number> => {
      const [row] = await conn.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM tasks t WHERE NOT EXISTS (
           SELECT 1 FROM runs r WHERE r.task_id = t.id AND r.status IN ('succeeded', 'failed', 'timed_out', 'cancelled'))`,
      );
      return row?.n ?? -1;
    };
    try {
      await waitFor('every firing to reach a final state', async () => (await unfinished()) === 0, 240_000, 500);
    } finally {
      killing = false;
      await killer;
    }
    const runS = (Date.now() - startedAt) / 1000;

    const rows = await conn.query<FiringRow>(
      `SELECT task_id, array_agg(status ORDER BY attempt) AS statuses,
              count(*) FILTER (WHERE status = 'succeeded')::int AS successes,
              (extract(epoch FROM max(started_at) FILTER (WHERE status = 'succeeded') - min(scheduled_for)) * 1000)::float8 AS delay_ms
         FROM runs GROUP BY task_id`,
    );
    expect(rows).toHaveLength(TASKS);
    const byTask = new Map(rows.map((r) => [r.task_id, r]));
    let lost = 0;
    let doubleCompleted = 0;
    let repeatedWithoutAbandon = 0;
    let duplicateCalls = 0;
    let abandoned = 0;
    const delays: number[] = [];
    const retriedDelays: number[] = [];
    ids.forEach((id, i) => {
      const r = byTask.get(id);
      if (r === undefined || r.successes === 0) {
        lost++;
        return;
      }
      if (r.successes > 1) doubleCompleted++;
      const earlier = r.statuses.slice(0, -1);
      abandoned += earlier.filter((s) => s === 'abandoned').length;
      const n = calls.get(String(i)) ?? 0;
      duplicateCalls += Math.max(0, n - 1);
      // A call is repeated only by a later attempt, and every earlier attempt was abandoned by a lost worker.
      if (n > r.statuses.length || earlier.some((s) => s !== 'abandoned') || r.statuses.at(-1) !== 'succeeded') repeatedWithoutAbandon++;
      if (r.delay_ms !== null) {
        delays.push(r.delay_ms);
        if (r.statuses.length > 1) retriedDelays.push(r.delay_ms);
      }
    });
    const figures = {
      figure: 'R1',
      tasks: TASKS,
      spread_s: SPREAD_S,
      workers: WORKERS,
      concurrency: CONCURRENCY,
      lease_s: LEASE_S,
      sweep_s: SWEEP_S,
      kills,
      lost,
      double_completed: doubleCompleted,
      repeated_without_abandoned_attempt: repeatedWithoutAbandon,
      abandoned_attempts: abandoned,
      duplicate_calls: duplicateCalls,
      kills_x_concurrency: kills * CONCURRENCY,
      extra_delay_p50_ms: quantile(delays, 0.5),
      extra_delay_p99_ms: quantile(delays, 0.99),
      retried_extra_delay_p99_ms: quantile(retriedDelays, 0.99),
      l_plus_s_ms: (LEASE_S + SWEEP_S) * 1000,
      extra_delay_p99_within_l_plus_s: (quantile(delays, 0.99) ?? Infinity) <= (LEASE_S + SWEEP_S) * 1000,
      create_s: createS,
      run_s: runS,
    };
    console.log(JSON.stringify(figures));
    expect(kills).toBeGreaterThan(0);
    // None died but those killed: the ones running now are the last started of each slot.
    expect(workers.filter((w) => !w.running()).map((w) => `${w.name}: ${w.output().slice(-2000)}`)).toEqual([]);
    expect(lost).toBe(0);
    expect(doubleCompleted).toBe(0);
    expect(repeatedWithoutAbandon).toBe(0);
    expect(duplicateCalls).toBeLessThanOrEqual(kills * CONCURRENCY);
  }, 300_000);
});
