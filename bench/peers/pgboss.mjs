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
      }, spec.timeoutMs);
    }
    await boss.stop({ graceful: false });
  } else if (role === 'work') {
    await boss.start();
    // Concurrency 10 as a batch of 10 run at once, fetched again at once while batches come back full
    // (burstWhenBatchFull). pg-boss's literal defaults cannot be measured at 10,000 jobs: a worker sleeps its
    // polling interval after every fetch that is not in burst mode (dist/worker.js), and burst needs batchSize > 1,
    // so localConcurrency 10 with batchSize 1 runs at most 10 jobs per 2 s.
    await boss.work(
      QUEUE,
      {
        batchSize: spec.concurrency,
        burstWhenBatchFull: true,
        ...(spec.pollMs === null ? {} : { pollingIntervalSeconds: spec.pollMs / 1000 }),
      },
      async (batch) => {
        await Promise.all(batch.map((job) => call(job.data.url)));
      },
    );
    ready();
    await new Promise(() => {});
  } else throw new Error(`unknown role ${role}`);
  process.exit(0);
} catch (err) {
  fail(err);
}
