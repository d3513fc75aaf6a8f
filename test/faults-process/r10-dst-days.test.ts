import { describe, expect, it } from 'vitest';
import { TEST_DATABASE_URL } from '../support/backends.ts';
import { createTasks } from '../support/bulk-tasks.ts';
import { setDbClock } from '../support/db-clock.ts';
import { faultEnv } from '../support/fleet.ts';
import { waitFor } from '../support/wait.ts';
import { deleteTask } from '../../src/store/tasks.ts';
import { SYSTEM_ACTOR } from '../../src/domain/event.ts';
import { useFaultRig } from '../support/fault-rig.ts';

const reason = TEST_DATABASE_URL === undefined ? ' (skipped: TEST_DATABASE_URL is not set)' : '';

/**
 * `30 2 * * *` around each DST change of 2027, with the time README.md ("Schedules and DST") documents for each day:
 * in a skipped hour the run is right after the gap (03:00 local); in a repeated hour, at the first occurrence.
 */
const WINDOWS = [
  {
    zone: 'America/New_York',
    change: 'spring forward 2027-03-14',
    runs: ['2027-03-13T07:30:00Z', '2027-03-14T07:00:00Z' /* 03:00 EDT, after the gap */, '2027-03-15T06:30:00Z'],
  },
  {
    zone: 'Europe/Berlin',
    change: 'spring forward 2027-03-28',
    runs: ['2027-03-27T01:30:00Z', '2027-03-28T01:00:00Z' /* 03:00 CEST, after the gap */, '2027-03-29T00:30:00Z'],
  },
  {
    zone: 'Europe/Berlin',
    change: 'fall back 2027-10-31',
    // 02:30 happens twice on the 31st (CEST, then CET at 01:30Z): only the first runs.
    runs: ['2027-10-30T00:30:00Z', '2027-10-31T00:30:00Z', '2027-11-01T01:30:00Z'],
  },
  {
    zone: 'America/New_York',
    change: 'fall back 2027-11-07',
    // New York repeats 01:00–02:00: 02:30 happens once, in EST.
    runs: ['2027-11-06T06:30:00Z', '2027-11-07T07:30:00Z', '2027-11-08T07:30:00Z'],
  },
] as const;

const localDay = (at: Date, zone: string): string => new Intl.DateTimeFormat('en-CA', { timeZone: zone, dateStyle: 'short' }).format(at);
const localTime = (at: Date, zone: string): string =>
  new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', timeZoneName: 'short' }).format(at);

interface RunRow {
  id: number;
  scheduled_for: Date;
  started_at: Date | null;
  status: string;
}

/** FAULTS.md R10: a daily 02:30 cron across both DST changes of a year in two zones, through a running worker. */
describe.skipIf(TEST_DATABASE_URL === undefined)(`DST days of a daily cron${reason}`, () => {
  const rig = useFaultRig();

  it('runs 30 2 * * * once on each local day around every DST change, at the documented time', async () => {
    await rig.fleet.start('w', faultEnv(rig.db.url ?? '', { TICKWORK_POLL_S: '0.25' }));
    const perDay: Record<string, Record<string, number>> = {};
    const times: Record<string, string[]> = {};
    for (const w of WINDOWS) {
      const first = new Date(w.runs[0]);
      // Created in the evening, local time, two days before the change (the clock moves only forward).
      await setDbClock(rig.conn, first.getTime() - 9 * 3_600_000);
      const [id] = await createTasks(rig.conn, [{ cron: '30 2 * * *', timezone: w.zone, http: { url: `${rig.target.url}/r10` } }]);
      if (id === undefined) throw new Error('no task');
      const runs = (): Promise<RunRow[]> =>
        rig.conn.query<RunRow>(`SELECT id, scheduled_for, started_at, status FROM runs WHERE task_id = $1 ORDER BY scheduled_for, id`, [id]);
      for (let i = 0; i < w.runs.length; i++) {
        // Moved to just before the next firing the engine planned, which then runs on time, by the worker's own claim.
        const pending = await waitFor('the next firing to be planned', async () => (await runs()).find((r) => r.status === 'pending'));
        await setDbClock(rig.conn, pending.scheduled_for.getTime() - 500);
        await waitFor(`the firing at ${pending.scheduled_for.toISOString()} to run`, async () =>
          (await runs()).some((r) => r.id === pending.id && r.status === 'succeeded'),
        );
      }
      await deleteTask(rig.conn, 'default', id, SYSTEM_ACTOR);
      const done = (await runs()).filter((r) => r.status === 'succeeded');
      const key = `${w.zone} ${w.change}`;
      perDay[key] = {};
      times[key] = done.map((r) => localTime(r.scheduled_for, w.zone));
      for (const r of done) {
        const day = localDay(r.scheduled_for, w.zone);
        perDay[key][day] = (perDay[key][day] ?? 0) + 1;
      }
      expect(done.map((r) => r.scheduled_for.toISOString().replace('.000', ''))).toEqual([...w.runs]);
      // Never early by the database clock.
      for (const r of done) expect(r.started_at?.getTime() ?? 0).toBeGreaterThanOrEqual(r.scheduled_for.getTime());
      expect(Object.values(perDay[key])).toEqual([1, 1, 1]);
    }
    console.log(JSON.stringify({ figure: 'R10', runs_per_local_day: perDay, local_times: times }));
  }, 180_000);
});
