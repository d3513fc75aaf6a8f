import { parseArgs } from 'node:util';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import { openDb, waitForDatabase } from '../store/db.ts';
import { migrate } from '../store/migrate.ts';
import { createMonitorsBatch } from '../store/monitors.ts';
import { SYSTEM_ACTOR } from '../domain/event.ts';
import { checkTargetUrl } from '../domain/targets.ts';

const USAGE =
  'usage: tickwork monitors generate --count N --target URL [--interval SECONDS] [--regexp PATTERN] [--tenant T]\n';
const BATCH = 1_000;

/**
 * `tickwork monitors generate --count N --target URL`: creates N demo monitors of `URL?n=<i>` (for trying monitors
 * out and for load), their first checks spread over one interval. Writes straight to the database, like `keys`: with
 * the embedded database, run it while the service is stopped.
 */
export async function monitorsCommand(config: Config, log: Logger, argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'generate') {
    process.stderr.write(USAGE);
    return 2;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      count: { type: 'string' },
      target: { type: 'string' },
      interval: { type: 'string', default: '60' },
      regexp: { type: 'string' },
      tenant: { type: 'string', default: 'default' },
    },
  });
  const count = Number(values.count);
  const interval = Number(values.interval);
  const problems: string[] = [];
  if (!Number.isInteger(count) || count < 1 || count > 1_000_000) problems.push('--count must be an integer from 1 to 1000000');
  if (!Number.isInteger(interval) || interval < 1) problems.push('--interval must be a positive integer (seconds)');
  const target = values.target ?? '';
  const url = checkTargetUrl(target, config.allowPrivateTargets);
  if (!url.ok) problems.push(`--target ${target === '' ? 'is required' : url.message}`);
  if (problems.length > 0) {
    process.stderr.write(`tickwork monitors generate: ${problems.join('; ')}\n${USAGE}`);
    return 2;
  }
  const sep = target.includes('?') ? '&' : '?';
  const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2, log });
  try {
    await waitForDatabase(db, log);
    await migrate(db, log);
    let created = 0;
    for (let from = 0; from < count; from += BATCH) {
      const n = Math.min(BATCH, count - from);
      const batch = Array.from({ length: n }, (_, i) => ({
        url: `${target}${sep}n=${from + i + 1}`,
        regexp: values.regexp ?? null,
        interval_s: interval,
      }));
      // Each batch's first checks are spread over its share of one interval.
      // An operator's command on the host, made with no API key: the events name the system as their actor.
      created += await createMonitorsBatch(db, values.tenant ?? 'default', batch, (interval * n) / count, SYSTEM_ACTOR);
    }
    process.stdout.write(`created ${created} monitors (${count - created} already existed)\n`);
    return 0;
  } finally {
    await db.close();
  }
}
