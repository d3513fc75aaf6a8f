/* global process, console */
import { Logger, makeWorkerUtils, run, runMigrations } from 'graphile-worker';
import { args, call, fail, jobs, ready, waitDone } from './common.mjs';

// Warnings and errors only, like tickwork's worker at TICKWORK_LOG_LEVEL=warn (the default logs every job).
const logger = new Logger(() => (level, message) => {
  if (level === 'error' || level === 'warning') console.error(`graphile ${level}: ${message}`);
});

const { role, spec } = args();
try {
  if (role === 'setup') {
    await runMigrations({ connectionString: spec.db, logger });
  } else if (role === 'enqueue') {
    const utils = await makeWorkerUtils({ connectionString: spec.db, logger });
    const list = jobs(spec);
    for (let i = 0; i < list.length; i += 5_000) {
      await utils.addJobs(
        list.slice(i, i + 5_000).map((j) => ({ identifier: 'http', payload: { url: j.url }, ...(j.due > 0 ? { runAt: new Date(j.due) } : {}) })),
      );
    }
    if (spec.waitDone) {
      // Graphile deletes a job when it completes: done when none is left.
      await waitDone(spec.n, async () => {
        const { rows } = await utils.withPgClient((c) => c.query('SELECT count(*)::int AS n FROM graphile_worker._private_jobs'));
        return spec.n - rows[0].n;
      }, spec.timeoutMs);
    }
    await utils.release();
  } else if (role === 'work') {
    const runner = await run({
      connectionString: spec.db,
      concurrency: spec.concurrency,
      ...(spec.pollMs === null ? {} : { pollInterval: spec.pollMs }),
      logger,
      taskList: { http: async (payload) => call(payload.url) },
    });
    ready();
    await runner.promise;
  } else throw new Error(`unknown role ${role}`);
  process.exit(0);
} catch (err) {
  fail(err);
}
