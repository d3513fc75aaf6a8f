/* global process, console */
import { PgBoss } from 'pg-boss';
import { args, call, fail, jobs, ready, waitDone } from './common.mjs';

const QUEUE = 'http';
const { role, spec } = args();
try {
  const boss = new PgBoss(spec.db);
  boss.on('error', (err) => console.error(`pg-boss error: ${err.message}`));
  if (role === 'setup') {
    await boss.start();
    await boss.createQueue(QUEUE);
    await boss.stop();
  } else if (role === 'enqueue') {
    await boss.start();
    const list = jobs(spec);
    for (let i = 0; i < list.length; i += 5_000) {
      await boss.insert(QUEUE, list.slice(i, i + 5_000).map((j) => ({ data: { url: j.url }, ...(j.due > 0 ? { startAfter: new Date(j.due) } : {}) })));
    }
    if (spec.waitDone) {
      const db = boss.getDb();
      await waitDone(spec.n, async () => {
        const r = await db.executeSql("SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND state = 'completed'", [QUEUE]);
        return r.rows[0].n;
      });
    }
    await boss.stop({ graceful: false });
  } else if (role === 'work') {
    await boss.start();
    // Concurrency 10 is pg-boss's localConcurrency (batchSize stays at its default, 1).
    await boss.work(
      QUEUE,
      { localConcurrency: spec.concurrency, ...(spec.pollMs === null ? {} : { pollingIntervalSeconds: spec.pollMs / 1000 }) },
      async ([job]) => call(job.data.url),
    );
    ready();
    await new Promise(() => {});
  } else throw new Error(`unknown role ${role}`);
  process.exit(0);
} catch (err) {
  fail(err);
}
