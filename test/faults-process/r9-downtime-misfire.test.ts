import { describe, expect, it } from 'vitest';
import { advanceClock, TEST_DATABASE_URL } from '../support/backends.ts';
import { dbNowMs } from '../support/db-clock.ts';
import { faultEnv } from '../support/fleet.ts';
import { processApi } from '../support/process-api.ts';
import { waitFor } from '../support/wait.ts';
import { useFaultRig } from '../support/fault-rig.ts';

const reason = TEST_DATABASE_URL === undefined ? ' (skipped: TEST_DATABASE_URL is not set)' : '';
const CAP = 10;
const MISFIRE_S = 60;
const POLICIES = ['skip', 'run_once', 'run_all'] as const;

interface RunRow {
  scheduled_for: Date;
  started_at: Date | null;
  status: string;
  late_ms: number | null;
  error: string | null;
}

/** FAULTS.md R9: every engine down for an hour (by the database clock) under per-minute cron tasks. */
describe.skipIf(TEST_DATABASE_URL === undefined)(`an hour of downtime under each misfire policy${reason}`, () => {
  const rig = useFaultRig();

  it('after an hour down, skip runs nothing late, run_once runs once late, run_all runs the capped missed firings oldest first', async () => {
    const env = faultEnv(rig.db.url ?? '', { TICKWORK_MISFIRE_CAP: String(CAP), TICKWORK_MISFIRE_S: String(MISFIRE_S) });
    // `tickwork start` on PostgreSQL: the same engine as `tickwork worker`, plus the API and /metrics in one process.
    const first = await rig.fleet.start('engine-1', env, { command: 'start', ready: /"msg":"tickwork is listening"/ });
    const api = await processApi(rig.fleet, first);
    const ids: Record<string, number> = {};
    for (const misfire of POLICIES) {
      const r = await api.call<{ id: number }>('/v1/tasks', { cron: '* * * * *', misfire, http: { url: `${rig.target.url}/r9/${misfire}` } });
      expect(r.status).toBe(201);
      ids[misfire] = r.body.id;
    }
    await rig.fleet.kill(first); // every engine down
    const downAt = Date.now();
    await advanceClock(rig.conn, 3_600_000);
    // A late run: one of a firing due before the engine came back, started after it.
    const backAt = new Date(await dbNowMs(rig.conn));

    const second = await rig.fleet.start('engine-2', env, { command: 'start', ready: /"msg":"tickwork is listening"/ });
    const api2 = await processApi(rig.fleet, second);
    const late = async (misfire: string): Promise<RunRow[]> =>
      rig.conn.query<RunRow>(
        `SELECT scheduled_for, started_at, status, late_ms, error FROM runs
          WHERE task_id = $1 AND status <> 'cancelled' AND scheduled_for < $2 AND started_at >= $2 ORDER BY started_at, id`,
        [ids[misfire], backAt],
      );
    const missedCancelled = async (misfire: string): Promise<number> => {
      const [row] = await rig.conn.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM runs WHERE task_id = $1 AND status = 'cancelled' AND error LIKE 'missed:%'`,
        [ids[misfire]],
      );
      return row?.n ?? 0;
    };
    await waitFor(
      'the catch-up of every policy',
      async () =>
        (await missedCancelled('skip')) >= 1 &&
        (await late('run_once')).some((r) => r.status === 'succeeded') &&
        (await late('run_all')).filter((r) => r.status === 'succeeded').length >= CAP,
      60_000,
      250,
    ).catch(async (err: unknown) => {
      const rows = await rig.conn.query(`SELECT task_id, scheduled_for, status, late_ms, error FROM runs ORDER BY id`);
      throw new Error(`${String(err)}\n${JSON.stringify(rows)}\n${second.output().slice(-3000)}`);
    });
    // Each task's next firing is in the future: the catch-up is over, nothing further is late.
    await waitFor('every task to wait for its next on-time firing', async () => {
      const rows = await rig.conn.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM runs WHERE task_id = ANY($1::bigint[]) AND status IN ('pending', 'running')
            AND due_at < tw_now() - make_interval(secs => $2)`,
        [Object.values(ids), MISFIRE_S],
      );
      return rows[0]?.n === 0;
    });
    const skip = await late('skip');
    const once = await late('run_once');
    const all = await late('run_all');
    const metrics = await api2.text('/metrics');
    const counter = (policy: string): number => Number(new RegExp(`tickwork_missed_firings_total\\{policy="${policy}"\\} (\\d+)`).exec(metrics)?.[1] ?? 0);
    const scheduled = all.map((r) => r.scheduled_for.getTime());
    console.log(
      JSON.stringify({
        figure: 'R9',
        down_by_db_clock_s: 3600,
        misfire_cap: CAP,
        late_ms_of_run_once: once[0]?.late_ms,
        late_runs: { skip: skip.length, run_once: once.length, run_all: all.length },
        skip_cancelled_as_missed: await missedCancelled('skip'),
        missed_firings_counter: { skip: counter('skip'), run_once: counter('run_once'), run_all: counter('run_all') },
        run_all_scheduled_for: all.map((r) => r.scheduled_for.toISOString().slice(11, 16)),
        test_s: (Date.now() - downAt) / 1000,
      }),
    );
    expect(skip).toHaveLength(0);
    expect(await missedCancelled('skip')).toBe(1);
    expect(once).toHaveLength(1);
    expect(once[0]).toMatchObject({ status: 'succeeded' });
    expect(once[0]?.late_ms).toBeGreaterThan(MISFIRE_S * 1000); // marked late
    expect(all).toHaveLength(CAP);
    expect(all.every((r) => r.status === 'succeeded')).toBe(true);
    // Oldest first: run in the order of their scheduled times. The first is the oldest missed firing (an hour ago);
    // the rest are the newest CAP − 1, a minute apart.
    expect(scheduled).toEqual([...scheduled].sort((a, b) => a - b));
    for (let i = 2; i < scheduled.length; i++) expect((scheduled[i] ?? 0) - (scheduled[i - 1] ?? 0)).toBe(60_000);
    expect((scheduled[1] ?? 0) - (scheduled[0] ?? 0)).toBeGreaterThan(60_000 * 40);
    expect(backAt.getTime() - (scheduled.at(-1) ?? 0)).toBeLessThanOrEqual(60_000); // the newest missed minute
    for (const policy of POLICIES) expect(counter(policy)).toBeGreaterThan(0);
  }, 120_000);
});
