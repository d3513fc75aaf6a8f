import { parseArgs } from 'node:util';
import { migrate } from '../store/migrate.ts';
import { createMonitorsBatch } from '../store/monitors.ts';
import { SYSTEM_ACTOR } from '../domain/event.ts';
import { checkTargetUrl } from '../domain/targets.ts';
import { expectPositionals, idArgument, integerOption, parseCommandLine, UsageError } from './args.ts';
import { apiTarget, callApi, CLIENT_SETTINGS, listAll } from './client.ts';
import { openLocalDb, type LocalContext } from './local.ts';
import { details, field, printJson, table, when } from './output.ts';

export const MONITORS_USAGE = `usage: tickwork monitors <ls|get|generate> [options]

  monitors ls [--limit N] [--json]       monitors of the running service, over its HTTP API
  monitors get ID [--json]
  monitors generate --count N --target URL [--interval SECONDS] [--regexp PATTERN] [--tenant T] [--json]
      creates N demo monitors of URL?n=<i> (for trying monitors out and for load), their first checks spread over
      one interval; progress on stderr. Local: it writes to the database directly (DATABASE_URL, or the embedded
      data dir while the service is stopped).

${CLIENT_SETTINGS}
`;

/** Monitors per transaction of `generate`: one progress line each. */
const BATCH = 250;

const HEADERS = ['id', 'status', 'active', 'type', 'every', 'last check', '24h', 'url'];

function monitorRow(m: unknown): (string | number | boolean | null)[] {
  const uptime = field(m, 'uptime', '24h');
  const every = field(m, 'interval') ?? field(m, 'period');
  return [
    field(m, 'id'), field(m, 'status'), field(m, 'active'), field(m, 'type'), every === null ? null : `${String(every)} s`,
    when(field(m, 'last_check', 'checked_at')), uptime === null ? null : `${String(uptime)} %`, field(m, 'url'),
  ];
}

export async function monitorsCommand(local: () => LocalContext, argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  switch (sub) {
    case 'ls': {
      const { values, positionals } = parseCommandLine(rest, MONITORS_USAGE, (args) =>
        parseArgs({ args, options: { limit: { type: 'string' }, json: { type: 'boolean', default: false } }, allowPositionals: true }),
      );
      expectPositionals(positionals, [], MONITORS_USAGE);
      const limit = integerOption(values.limit, 'limit', MONITORS_USAGE, 1, 100_000) ?? 100;
      const { items, more } = await listAll(apiTarget(MONITORS_USAGE), '/v1/monitors', {}, limit);
      if (values.json) printJson(items);
      else process.stdout.write(table(HEADERS, items.map(monitorRow)));
      if (more) process.stderr.write(`tickwork: showing the first ${items.length} monitors; --limit N shows more\n`);
      return 0;
    }
    case 'get': {
      const { values, positionals } = parseCommandLine(rest, MONITORS_USAGE, (args) =>
        parseArgs({ args, options: { json: { type: 'boolean', default: false } }, allowPositionals: true }),
      );
      const [raw = ''] = expectPositionals(positionals, ['id'], MONITORS_USAGE);
      const m = await callApi(apiTarget(MONITORS_USAGE), 'GET', `/v1/monitors/${idArgument(raw, 'ID', MONITORS_USAGE)}`);
      if (values.json) {
        printJson(m);
      } else {
        const [id, status, active, type, every, lastCheck, , url] = monitorRow(m);
        process.stdout.write(
          details([
            ['id', id], ['type', type], ['url', url], ['status', status], ['active', active], ['every', every],
            ['last check', lastCheck === null ? null : `${String(lastCheck)} ${field(m, 'last_check', 'ok') === true ? 'ok' : 'failed'} ${String(field(m, 'last_check', 'status_code') ?? field(m, 'last_check', 'error') ?? '')}`],
            ['uptime', field(m, 'uptime')], ['created at', when(field(m, 'created_at'))],
          ]),
        );
      }
      return 0;
    }
    case 'generate':
      return generate(local, rest);
    case undefined:
      throw new UsageError('missing a subcommand', MONITORS_USAGE);
    default:
      if (sub === '--help' || sub === '-h') return parseCommandLine(argv, MONITORS_USAGE, () => 0);
      throw new UsageError(`unknown subcommand "${sub}"`, MONITORS_USAGE);
  }
}

const INSTEAD = `While it runs, create monitors over the API instead, one POST /v1/monitors each:
  curl -X POST "\${TICKWORK_URL:-http://localhost:8000}/v1/monitors" -H "Authorization: Bearer $TICKWORK_KEY" \\
       -H 'content-type: application/json' -d '{"url": "https://example.com/?n=1", "interval": 60}'`;

/**
 * `tickwork monitors generate --count N --target URL`: writes straight to the database, a batch per transaction
 * (createMonitorsBatch), with a progress line on stderr per batch.
 */
async function generate(local: () => LocalContext, argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, MONITORS_USAGE, (args) =>
    parseArgs({
      args,
      options: {
        count: { type: 'string' },
        target: { type: 'string' },
        interval: { type: 'string', default: '60' },
        regexp: { type: 'string' },
        tenant: { type: 'string', default: 'default' },
        json: { type: 'boolean', default: false },
      },
      allowPositionals: true,
    }),
  );
  expectPositionals(positionals, [], MONITORS_USAGE);
  // Every bad option is named in one answer.
  const problems: string[] = [];
  const option = (value: string | undefined, name: string, max: number): number => {
    try {
      return integerOption(value, name, MONITORS_USAGE, 1, max) ?? 0;
    } catch (err) {
      problems.push((err as Error).message);
      return 0;
    }
  };
  if (values.count === undefined) problems.push('--count is required');
  const count = option(values.count, 'count', 1_000_000);
  const interval = option(values.interval, 'interval', 31_536_000);
  const { config, log } = local();
  const target = values.target ?? '';
  const url = checkTargetUrl(target, config.allowPrivateTargets);
  if (!url.ok) problems.push(`--target ${target === '' ? 'is required' : url.message}`);
  if (problems.length > 0) throw new UsageError(problems.join('; '), MONITORS_USAGE);
  const sep = target.includes('?') ? '&' : '?';
  const db = await openLocalDb(config, log, 'monitors generate', INSTEAD);
  try {
    await migrate(db, log);
    let created = 0;
    const started = Date.now();
    for (let from = 0; from < count; from += BATCH) {
      const n = Math.min(BATCH, count - from);
      const batch = Array.from({ length: n }, (_, i) => ({
        url: `${target}${sep}n=${from + i + 1}`,
        regexp: values.regexp ?? null,
        interval_s: interval,
      }));
      // Each batch's first checks are spread over its share of one interval.
      // An operator's command on the host, made with no API key: the events name the system as their actor.
      created += await createMonitorsBatch(db, values.tenant, batch, (interval * n) / count, SYSTEM_ACTOR);
      if (count > BATCH) {
        const done = from + n;
        process.stderr.write(`monitors generate: ${done}/${count} (${Math.round((100 * done) / count)} %, ${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
      }
    }
    if (values.json) printJson({ created, existing: count - created });
    else process.stdout.write(`created ${created} monitors (${count - created} already existed)\n`);
    return 0;
  } finally {
    await db.close();
  }
}
