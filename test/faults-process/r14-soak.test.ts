import { describe, expect, it } from 'vitest';
import { TEST_DATABASE_URL } from '../support/backends.ts';
import { createTasks } from '../support/bulk-tasks.ts';
import { faultEnv, rssBytes, slope, type FleetProcess } from '../support/fleet.ts';
import { waitFor } from '../support/wait.ts';
import { useFaultRig } from '../support/fault-rig.ts';

const reason = TEST_DATABASE_URL === undefined ? ' (skipped: TEST_DATABASE_URL is not set)' : '';

/** 200 tasks every second: 200 firings a second (FAULTS.md's soak rate), for a minute. */
const TASKS = Number(process.env.TW_FAULTS_R14_TASKS ?? 200);
const SOAK_MS = Number(process.env.TW_FAULTS_R14_SOAK_S ?? 60) * 1000;
/** RSS before this is start-up (code loading, JIT, pools filling), not growth. */
const WARMUP_MS = 10_000;
const SAMPLE_MS = 2_000;
const KILL_AT_MS = [15_000, 30_000, 45_000];
const POOL = 4;
const LEASE_S = 3;
const SWEEP_S = 0.5;

interface TableStats {
  relname: string;
  n_live_tup: number;
  n_dead_tup: number;
  autovacuums: number;
}

/** FAULTS.md R14, the 1-minute version: a steady load with occasional worker kills. */
describe.skipIf(TEST_DATABASE_URL === undefined)(`a one-minute soak with worker kills${reason}`, () => {
  const rig = useFaultRig();

  const tables = (): Promise<TableStats[]> =>
    rig.conn.query<TableStats>(
      `SELECT relname, n_live_tup::int, n_dead_tup::int, (autovacuum_count + vacuum_count)::int AS autovacuums
         FROM pg_stat_user_tables WHERE relname IN ('runs', 'tasks', 'events') ORDER BY relname`,
    );
  const engineConnections = async (): Promise<number> => {
    const [row] = await rig.conn.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'tickwork-engine'`,
    );
    return row?.n ?? -1;
  };

  it('keeps every firing, a bounded number of connections and the memory of a long-lived worker while workers are killed', async () => {
    const env = (name: string): Record<string, string> =>
      faultEnv(rig.db.url ?? '', {
        TICKWORK_WORKER_ID: name,
        TICKWORK_DB_POOL_SIZE: String(POOL),
        TICKWORK_LEASE_S: String(LEASE_S),
        TICKWORK_SWEEP_S: String(SWEEP_S),
      });
    const slots: FleetProcess[] = await Promise.all(['steady', 'k1', 'k2'].map((n) => rig.fleet.start(n, env(n))));
    const steady = slots[0];
    if (steady === undefined) throw new Error('no worker');
    const before = await tables();
    await createTasks(
      rig.conn,
      Array.from({ length: TASKS }, (_, i) => ({ interval: 1, http: { url: `${rig.target.url}/r14?i=${i}` } })),
    );

    const started = Date.now();
    const rss: { t: number; bytes: number }[] = [];
    const connections: number[] = [];
    let kills = 0;
    const pending = [...KILL_AT_MS];
    while (Date.now() - started < SOAK_MS) {
      await new Promise((r) => setTimeout(r, SAMPLE_MS));
      const t = Date.now() - started;
      const bytes = rssBytes(steady.pid);
      if (bytes !== null) rss.push({ t, bytes });
      connections.push(await engineConnections());
      if (pending[0] !== undefined && t >= pending[0]) {
        pending.shift();
        const k = 1 + (kills % 2);
        const victim = slots[k];
        if (victim !== undefined) {
          await rig.fleet.kill(victim);
          kills++;
          slots[k] = rig.fleet.spawn(victim.name, env(victim.name));
        }
      }
    }
    const soakS = (Date.now() - started) / 1000;
    const after = await tables();

    // Lost: a firing due more than L + S (and a margin for this loaded machine) ago that is still not final.
    const [stuck] = await rig.conn.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM runs WHERE status IN ('pending', 'running')
          AND due_at < tw_now() - make_interval(secs => $1)`,
      [LEASE_S + SWEEP_S + 10],
    );
    // Every task's chain of firings is whole: one row per second from its first to its last (none skipped by a
    // kill), and still continuing (a pending or running next firing).
    const [chains] = await rig.conn.query<{ gaps: number; broken: number; double_completed: number; firings: number; succeeded: number }>(
      `WITH per AS (
         SELECT task_id,
                (extract(epoch FROM max(scheduled_for) - min(scheduled_for)) + 1)::int - count(DISTINCT scheduled_for)::int AS gaps,
                count(*) FILTER (WHERE status IN ('pending', 'running')) AS open
           FROM runs GROUP BY task_id),
       doubles AS (
         SELECT count(*)::int AS n FROM (SELECT 1 FROM runs WHERE status = 'succeeded' GROUP BY task_id, scheduled_for HAVING count(*) > 1) d)
       SELECT coalesce(sum(gaps), 0)::int AS gaps, count(*) FILTER (WHERE open = 0)::int AS broken,
              (SELECT n FROM doubles) AS double_completed,
              (SELECT count(DISTINCT (task_id, scheduled_for))::int FROM runs) AS firings,
              (SELECT count(*)::int FROM runs WHERE status = 'succeeded') AS succeeded
         FROM per`,
    );
    const warm = rss.filter((s) => s.t >= WARMUP_MS);
    const mbPerMin = slope(
      warm.map((s) => s.t / 60_000),
      warm.map((s) => s.bytes / 2 ** 20),
    );
    // Each of the 3 engine processes holds at most its pool and its LISTEN connection; one more process's worth
    // covers a killed worker's backends exiting while its replacement connects. Beyond that is a leak.
    const connectionBound = 3 * (POOL + 1) + (POOL + 1);
    const figures = {
      figure: 'R14',
      tasks: TASKS,
      rate_per_s: TASKS,
      soak_s: soakS,
      kills,
      firings: chains?.firings,
      succeeded: chains?.succeeded,
      succeeded_per_s: chains === undefined ? null : Math.round(chains.succeeded / soakS),
      lost: stuck?.n,
      chain_gaps: chains?.gaps,
      broken_chains: chains?.broken,
      double_completed: chains?.double_completed,
      steady_worker_rss_mb: { first: warm[0] && Math.round(warm[0].bytes / 2 ** 20), last: warm.at(-1) && Math.round((warm.at(-1)?.bytes ?? 0) / 2 ** 20) },
      steady_worker_rss_slope_mb_per_min: mbPerMin === null ? null : Number(mbPerMin.toFixed(2)),
      engine_connections: { min: Math.min(...connections), max: Math.max(...connections), last: connections.at(-1), bound: connectionBound },
      dead_tuples: Object.fromEntries(after.map((t) => [t.relname, { before: before.find((b) => b.relname === t.relname)?.n_dead_tup, after: t.n_dead_tup, live: t.n_live_tup, vacuums: t.autovacuums }])),
    };
    console.log(JSON.stringify(figures));
    expect(kills).toBe(KILL_AT_MS.length);
    expect(steady.running()).toBe(true);
    expect(stuck?.n).toBe(0);
    expect(chains?.gaps).toBe(0);
    expect(chains?.broken).toBe(0);
    expect(chains?.double_completed).toBe(0);
    expect(Math.max(...connections)).toBeLessThanOrEqual(connectionBound);
    // Let the killed workers' replacements finish starting, then every worker is alive.
    await waitFor('the replacements to run', () => slots.every((s) => s.running() && /"msg":"worker started"/.test(s.output())), 60_000);
  }, 240_000);
});
