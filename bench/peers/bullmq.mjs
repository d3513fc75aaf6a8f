/* global process */
import { Queue, Worker } from 'bullmq';
import { args, call, fail, jobs, ready, waitDone } from './common.mjs';

const { role, spec } = args();
const connection = { host: spec.redisHost, port: spec.redisPort };
try {
  if (role === 'setup') {
    // The queue's name is fresh per run; nothing to create.
  } else if (role === 'enqueue') {
    const queue = new Queue(spec.queue, { connection });
    const list = jobs(spec);
    for (let i = 0; i < list.length; i += 5_000) {
      const now = Date.now();
      await queue.addBulk(list.slice(i, i + 5_000).map((j) => ({ name: 'http', data: { url: j.url }, opts: j.due > 0 ? { delay: Math.max(0, j.due - now) } : {} })));
    }
    if (spec.waitDone) await waitDone(spec.n, () => queue.getCompletedCount(), spec.timeoutMs);
    await queue.close();
  } else if (role === 'cleanup') {
    const queue = new Queue(spec.queue, { connection });
    await queue.obliterate({ force: true });
    await queue.close();
  } else if (role === 'work') {
    const worker = new Worker(spec.queue, async (job) => call(job.data.url), { connection, concurrency: spec.concurrency });
    await worker.waitUntilReady();
    ready();
    await new Promise(() => {});
  } else throw new Error(`unknown role ${role}`);
  process.exit(0);
} catch (err) {
  fail(err);
}
