import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresBackend, TEST_DATABASE_URL, type TestDatabase } from '../support/backends.ts';
import { createTasks } from '../support/bulk-tasks.ts';
import { dbNowMs } from '../support/db-clock.ts';
import { faultEnv, Fleet, quantile } from '../support/fleet.ts';
import { startTarget, type Target } from '../support/target.ts';
import { waitFor } from '../support/wait.ts';
import type { Db } from '../../src/store/db.ts';

const hasFaketime = spawnSync('faketime', ['-f', '+0', 'true']).status === 0;
const reason =
  TEST_DATABASE_URL === undefined
    ? ' (skipped: TEST_DATABASE_URL is not set)'
    : hasFaketime
      ? ''
      : ' (skipped: faketime is not installed — apt-get install faketime)';

const TASKS = 200;
const LEASE_S = 10;
const BACKOFF_S = 2;
const SKEW_WARNING = /"msg":"this machine's clock differs from the database's; due times, leases and backoff use the database clock"/;

interface RunRow {
  task_id: number;
  attempt: number;
  status: string;
  worker_id: string | null;
  scheduled_for: Date;
  due_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

/** FAULTS.md R8: one worker's clock 10 minutes fast, another's 10 minutes slow (libfaketime). */
describe.skipIf(TEST_DATABASE_URL === undefined || !hasFaketime)(`workers with skewed clocks${reason}`, () => {
  let db: TestDatabase;
  let conn: Db;
  let target: Target;
  const fleet = new Fleet();
  const firstCalls = new Set<string>();

  beforeAll(async () => {
    db = await postgresBackend.create();
    conn = await db.open();
    target = await startTarget();
    // Odd tasks fail their first attempt, so their retry's backoff is measured too.
    target.on('/r8', (req, res) => {
      const i = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('i'));
      const first = !firstCalls.has(String(i));
      firstCalls.add(String(i));
      // Held a little, so the test sees the leases of running attempts.
      setTimeout(() => {
        res.writeHead(first && i % 2 === 1 ? 500 : 200);
        res.end();
      }, 300);
    });
  });
  afterAll(async () => {
    await fleet.killAll();
    await conn?.close();
    await target?.close();
    await db?.drop();
  });

  it('never starts a firing early: due times, leases and backoff follow the database clock, and each skewed worker warns', async () => {
    const env = (name: string): Record<string, string> =>
      faultEnv(db.url ?? '', { TICKWORK_WORKER_ID: name, TICKWORK_LEASE_S: String(LEASE_S), DONT_FAKE_MONOTONIC: '1' });
    const [fast, slow] = await Promise.all([
      fleet.start('fast', env('fast'), { wrapper: ['faketime', '-f', '+10m'] }),
      fleet.start('slow', env('slow'), { wrapper: ['faketime', '-f', '-10m'] }),
    ]);
    const skews = [fast, slow].map((p) => Number(/"skewMs":(-?\d+)/.exec(p.output())?.[1]));
    expect(fast?.output()).toMatch(SKEW_WARNING);
    expect(slow?.output()).toMatch(SKEW_WARNING);

    const base = (await dbNowMs(conn)) + 4_000;
    const ids = await createTasks(
      conn,
      Array.from({ length: TASKS }, (_, i) => ({
        schedule_time: new Date(base + i * 40).toISOString(),
        http: { url: `${target.url}/r8?i=${i}` },
        retry: { max_attempts: 2, backoff_s: BACKOFF_S, max_backoff_s: BACKOFF_S },
      })),
    );
    const all = async (): Promise<RunRow[]> =>
      conn.query<RunRow>(
        `SELECT task_id, attempt, status, worker_id, scheduled_for, due_at, started_at, finished_at
           FROM runs WHERE task_id = ANY($1::bigint[]) ORDER BY task_id, attempt`,
        [ids],
      );
    // While they run: the time left on each lease, by the database clock (a lease set by a skewed clock would be
    // ten minutes more or less than L).
    const leases: number[] = [];
    await waitFor(
      'every task to succeed',
      async () => {
        const left = await conn.query<{ s: number }>(`SELECT extract(epoch FROM lease_expires_at - tw_now())::float8 AS s FROM runs WHERE status = 'running'`);
        leases.push(...left.map((r) => r.s));
        return (await all()).filter((r) => r.status === 'succeeded').length === TASKS;
      },
      90_000,
      100,
    );
    const runs = await all();

    // Early by the database clock (started before due), and by the target's own clock (this machine's, which is the
    // database's: same host) — request arrival before the due time.
    const earlyByDb = runs.filter((r) => r.started_at !== null && r.started_at.getTime() < r.due_at.getTime()).length;
    const dueOf = new Map<string, number>();
    runs.forEach((r) => dueOf.set(`${r.task_id}:${r.attempt}`, r.due_at.getTime()));
    const hits = target.hits('/r8');
    const attemptsSeen = new Map<string, number>();
    let earlyAtTarget = 0;
    const lateness: number[] = [];
    for (const h of hits) {
      const i = Number(new URL(h.url, 'http://x').searchParams.get('i'));
      const attempt = (attemptsSeen.get(String(i)) ?? 0) + 1;
      attemptsSeen.set(String(i), attempt);
      const due = dueOf.get(`${ids[i]}:${attempt}`);
      if (due === undefined) continue;
      if (h.at < due) earlyAtTarget++;
      lateness.push(h.at - due);
    }
    // Backoff: each retry is due BACKOFF_S (less up to 20 % jitter) after its failed attempt finished.
    const retries = runs.filter((r) => r.attempt === 2);
    const backoffs = retries.map((r) => {
      const prev = runs.find((p) => p.task_id === r.task_id && p.attempt === 1);
      return (r.due_at.getTime() - (prev?.finished_at?.getTime() ?? 0)) / 1000;
    });
    const byWorker: Record<string, number> = {};
    for (const r of runs) if (r.worker_id !== null) byWorker[r.worker_id] = (byWorker[r.worker_id] ?? 0) + 1;
    console.log(
      JSON.stringify({
        figure: 'R8',
        skew_warned_ms: { fast: skews[0], slow: skews[1] },
        early_firings: earlyByDb + earlyAtTarget,
        early_by_db_clock: earlyByDb,
        early_at_target: earlyAtTarget,
        attempts_by_worker: byWorker,
        lateness_p50_ms: quantile(lateness, 0.5),
        lateness_p99_ms: quantile(lateness, 0.99),
        retry_backoff_s: { min: Math.min(...backoffs), max: Math.max(...backoffs), configured: BACKOFF_S },
        lease_s_left_while_running: { samples: leases.length, min: Math.min(...leases), max: Math.max(...leases), configured: LEASE_S },
      }),
    );
    // The faster clock is ahead of the database (the database's minus the machine's is negative), the slower behind.
    expect(skews[0]).toBeLessThan(-9 * 60_000);
    expect(skews[1]).toBeGreaterThan(9 * 60_000);
    expect(Object.keys(byWorker).sort()).toEqual(['fast', 'slow']);
    expect(earlyByDb).toBe(0);
    expect(earlyAtTarget).toBe(0);
    expect(hits.length).toBe(TASKS + TASKS / 2);
    expect(retries).toHaveLength(TASKS / 2);
    for (const b of backoffs) {
      expect(b).toBeGreaterThanOrEqual(BACKOFF_S * 0.8 - 0.001);
      expect(b).toBeLessThanOrEqual(BACKOFF_S + 0.001);
    }
    // A lease ends L after its claim or last heartbeat by the database clock — not ten minutes more or less.
    expect(leases.length).toBeGreaterThan(0);
    for (const s of leases) {
      expect(s).toBeGreaterThan(0);
      expect(s).toBeLessThanOrEqual(LEASE_S + 0.001);
    }
  }, 150_000);
});
