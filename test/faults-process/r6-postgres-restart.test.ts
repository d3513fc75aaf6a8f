import { spawnSync } from 'node:child_process';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTasks } from '../support/bulk-tasks.ts';
import { dbNowMs, setDbClock } from '../support/db-clock.ts';
import { faultEnv, Fleet, type FleetProcess } from '../support/fleet.ts';
import { postgresBinDir, startPgCluster, type PgCluster } from '../support/pg-cluster.ts';
import { startTarget, type Target } from '../support/target.ts';
import { waitFor } from '../support/wait.ts';
import { openPostgres, type Db } from '../../src/store/db.ts';
import { migrate } from '../../src/store/migrate.ts';

const bin = postgresBinDir();
// As root the cluster runs as the postgres user (PostgreSQL refuses to run as root).
const asRootWithoutPostgresUser = process.getuid?.() === 0 && spawnSync('id', ['-u', 'postgres']).status !== 0;
const reason =
  bin === null
    ? ' (skipped: no initdb/pg_ctl under /usr/lib/postgresql/*/bin)'
    : asRootWithoutPostgresUser
      ? ' (skipped: running as root and there is no postgres user to run the cluster as)'
      : '';

const TASKS = 2_000;
const SPREAD_S = 20;
const WORKERS = 2;
const CONCURRENCY = 50;
const LEASE_S = 3;
const SWEEP_S = 0.5;
/** How long the server stays down between its stop and its start. */
const DOWN_MS = 5_000;

/** FAULTS.md R6: PostgreSQL (a cluster of the test's own, never the shared one) stopped and started under load. */
describe.skipIf(bin === null || asRootWithoutPostgresUser)(`PostgreSQL restarted under load${reason}`, () => {
  let cluster: PgCluster;
  let conn: Db;
  let target: Target;
  let url: string;
  const fleet = new Fleet();
  const calls = new Map<string, number>();

  beforeAll(async () => {
    cluster = await startPgCluster();
    const admin = new pg.Client({ connectionString: cluster.url('postgres') });
    await admin.connect();
    await admin.query('CREATE DATABASE tickwork');
    await admin.end();
    url = cluster.url('tickwork');
    const silent = pino({ level: 'silent' });
    const first = await openPostgres({ url, poolSize: 2, log: silent });
    await migrate(first, silent);
    await first.close();
    conn = await openPostgres({ url, poolSize: 4, log: silent });
    target = await startTarget();
    target.on('/r6', (req, res) => {
      const i = new URL(req.url ?? '/', 'http://x').searchParams.get('i') ?? '';
      calls.set(i, (calls.get(i) ?? 0) + 1);
      setTimeout(() => res.end('ok'), 50 + Math.floor(Math.random() * 200));
    });
  });
  afterAll(async () => {
    await fleet.killAll();
    await conn?.close().catch(() => undefined);
    await target?.close();
    await cluster?.destroy();
  });

  /** Whether a fresh connection can run a statement now. */
  const answers = async (): Promise<boolean> => {
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
    c.on('error', () => undefined); // the server going away under it is what is being probed
    try {
      await c.connect();
      await c.query('SELECT 1');
      return true;
    } catch {
      return false;
    } finally {
      await c.end().catch(() => undefined);
    }
  };

  it('loses nothing and leaves no lease without its owner when PostgreSQL is stopped and started mid-run', async () => {
    const workers: FleetProcess[] = await Promise.all(
      Array.from({ length: WORKERS }, (_, k) =>
        fleet.start(
          `w${k}`,
          faultEnv(url, {
            TICKWORK_LEASE_S: String(LEASE_S),
            TICKWORK_SWEEP_S: String(SWEEP_S),
            TICKWORK_CONCURRENCY: String(CONCURRENCY),
            TICKWORK_DB_POOL_SIZE: '4',
          }),
        ),
      ),
    );
    const base = (await dbNowMs(conn)) + 3_600_000;
    const ids = await createTasks(
      conn,
      Array.from({ length: TASKS }, (_, i) => ({
        schedule_time: new Date(base + Math.floor((i * SPREAD_S * 1000) / TASKS)).toISOString(),
        http: { url: `${target.url}/r6?i=${i}`, timeout_ms: 5_000 },
        retry: { max_attempts: 20, backoff_s: 0 },
      })),
    );
    await setDbClock(conn, base - 1_000);
    await waitFor('a third of the firings to be done', () => calls.size >= TASKS / 3, 120_000, 100);

    // Down: a probe connection every 100 ms measures how long nothing answers.
    let probing = true;
    let firstFailure: number | null = null;
    let backAt: number | null = null;
    const probe = (async () => {
      while (probing) {
        const ok = await answers();
        const now = Date.now();
        if (!ok) firstFailure ??= now;
        else if (firstFailure !== null) backAt ??= now;
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const callsAtStop = calls.size;
    await cluster.stop();
    await new Promise((r) => setTimeout(r, DOWN_MS));
    await cluster.start();
    await waitFor('the probe to see the server back', () => backAt !== null, 60_000, 50);
    probing = false;
    await probe;
    const unavailableS = ((backAt ?? 0) - (firstFailure ?? 0)) / 1000;

    // From L + S after the server is back, no attempt may stay running with a lapsed lease (an owner-less lock).
    const orphans = async (): Promise<number> => {
      const [row] = await conn.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM runs WHERE status = 'running' AND lease_expires_at < tw_now() - make_interval(secs => $1)`,
        [SWEEP_S + 1],
      );
      return row?.n ?? -1;
    };
    await new Promise((r) => setTimeout(r, (LEASE_S + SWEEP_S) * 1000));
    let maxOrphans = 0;
    const unfinished = async (): Promise<number> => {
      maxOrphans = Math.max(maxOrphans, await orphans());
      const [row] = await conn.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM tasks t WHERE NOT EXISTS (
           SELECT 1 FROM runs r WHERE r.task_id = t.id AND r.status IN ('succeeded', 'failed', 'timed_out', 'cancelled'))`,
      );
      return row?.n ?? -1;
    };
    await waitFor('every firing to reach a final state', async () => (await unfinished()) === 0, 120_000, 250).catch(async (err: unknown) => {
      const by = await conn.query(`SELECT status, count(*)::int AS n, min(due_at) AS due, max(lease_expires_at) AS lease, tw_now() AS now FROM runs GROUP BY status`);
      throw new Error(`${String(err)}\n${JSON.stringify(by)}\n${workers.map((w) => `${w.name} running=${w.running()}:\n${w.output().slice(-3000)}`).join('\n')}`);
    });

    const rows = await conn.query<{ task_id: number; statuses: string[]; successes: number }>(
      `SELECT task_id, array_agg(status ORDER BY attempt) AS statuses, count(*) FILTER (WHERE status = 'succeeded')::int AS successes
         FROM runs GROUP BY task_id`,
    );
    const byTask = new Map(rows.map((r) => [r.task_id, r]));
    let lost = 0;
    let doubleCompleted = 0;
    let repeatedWithoutAbandon = 0;
    let duplicateCalls = 0;
    ids.forEach((id, i) => {
      const r = byTask.get(id);
      if (r === undefined || r.successes === 0) return void lost++;
      if (r.successes > 1) doubleCompleted++;
      const n = calls.get(String(i)) ?? 0;
      duplicateCalls += Math.max(0, n - 1);
      if (n > r.statuses.length || r.statuses.slice(0, -1).some((s) => s !== 'abandoned')) repeatedWithoutAbandon++;
    });
    const [left] = await conn.query<{ running: number }>(`SELECT count(*)::int AS running FROM runs WHERE status = 'running'`);
    const log = workers.map((w) => w.output()).join('');
    console.log(
      JSON.stringify({
        figure: 'R6',
        tasks: TASKS,
        workers: WORKERS,
        lease_s: LEASE_S,
        sweep_s: SWEEP_S,
        calls_before_stop: callsAtStop,
        seconds_unavailable: unavailableS,
        lost,
        double_completed: doubleCompleted,
        repeated_without_abandoned_attempt: repeatedWithoutAbandon,
        duplicate_calls: duplicateCalls,
        ownerless_leases_after_l_plus_s: maxOrphans,
        worker_warnings: {
          claim_failed: (log.match(/claiming failed; retrying/g) ?? []).length,
          housekeeping_failed: (log.match(/engine housekeeping failed/g) ?? []).length,
          listen_lost: (log.match(/LISTEN connection lost/g) ?? []).length,
        },
        workers_running: workers.filter((w) => w.running()).length,
      }),
    );
    expect(firstFailure).not.toBeNull();
    expect(workers.every((w) => w.running())).toBe(true);
    expect(lost).toBe(0);
    expect(doubleCompleted).toBe(0);
    expect(repeatedWithoutAbandon).toBe(0);
    expect(maxOrphans).toBe(0);
    expect(left?.running).toBe(0);
  }, 300_000);
});
