import { parseArgs } from 'node:util';
import { expectPositionals, integerOption, parseCommandLine, UsageError } from './args.ts';
import { apiTarget, callApi, CLIENT_SETTINGS, followEvents, untilSignal, type ApiTarget, type StreamEvent } from './client.ts';
import { field, table, tableLine, when } from './output.ts';

export const EVENTS_USAGE = `usage: tickwork events tail [--type TYPE] [--limit N] [--follow] [--json]

The tenant's latest events (default the last 20), over the running service's HTTP API. --type is an event type or
a prefix ending in * (run.*, task.*). --follow then streams new events (GET /v1/events/stream) until SIGINT or
SIGTERM (exit 0), reconnecting where it left off. --json prints one JSON event per line.

${CLIENT_SETTINGS}
`;

const HEADERS = ['id', 'time', 'type', 'subject', 'summary'];
/** Column widths of a followed stream: ids, a UTC time, the longest event type, a subject. */
const WIDTHS = [8, 20, 20, 12];

/** What an event says, in a few words: the fields an operator looks for first. */
export function summary(e: unknown): string {
  const parts: string[] = [];
  for (const k of ['status', 'attempt', 'http_status', 'duration_ms', 'error', 'final', 'state', 'url', 'title']) {
    const v = field(e, 'data', k);
    if (v !== null) parts.push(`${k}=${typeof v === 'string' && v.length > 80 ? `${v.slice(0, 77)}...` : String(v)}`);
  }
  const run = field(e, 'data', 'run_id');
  return [run === null ? null : `run ${String(run)}`, ...parts].filter((p) => p !== null).join(' ');
}

export function eventRow(e: unknown): (string | number | boolean | null)[] {
  return [field(e, 'id'), when(field(e, 'created_at')), field(e, 'type'), `${String(field(e, 'subject', 'kind'))} ${String(field(e, 'subject', 'id'))}`, summary(e)];
}

/** The last `n` events of the tenant of `type`, in id order: one request for the newest page (order=desc). */
export async function lastEvents(target: ApiTarget, type: string | undefined, n: number): Promise<unknown[]> {
  const q = new URLSearchParams({ order: 'desc', limit: String(n) });
  if (type !== undefined) q.set('type', type);
  const page = await callApi(target, 'GET', `/v1/events?${q.toString()}`);
  const items = typeof page === 'object' && page !== null ? (page as { items?: unknown }).items : undefined;
  return Array.isArray(items) ? items.reverse() : [];
}

export async function eventsCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === '--help' || sub === '-h') return parseCommandLine(argv, EVENTS_USAGE, () => 0);
  if (sub !== 'tail') throw new UsageError(sub === undefined ? 'missing a subcommand' : `unknown subcommand "${sub}"`, EVENTS_USAGE);
  const { values, positionals } = parseCommandLine(rest, EVENTS_USAGE, (args) =>
    parseArgs({
      args,
      options: { type: { type: 'string' }, limit: { type: 'string', default: '20' }, follow: { type: 'boolean', short: 'f', default: false }, json: { type: 'boolean', default: false } },
      allowPositionals: true,
    }),
  );
  expectPositionals(positionals, [], EVENTS_USAGE);
  const limit = integerOption(values.limit, 'limit', EVENTS_USAGE, 0, 499) ?? 20;
  return tailEvents(apiTarget(EVENTS_USAGE), values.type, limit, values.follow, values.json);
}

/** Prints the last `limit` events of `type`, then, with `follow`, each new one until SIGINT or SIGTERM. */
async function tailEvents(
  target: ApiTarget,
  type: string | undefined,
  limit: number,
  follow: boolean,
  json: boolean,
): Promise<number> {
  // Listen for signals before the first request, so one that comes while the history loads still ends with 0.
  const signal = follow ? untilSignal() : null;
  const history = limit === 0 ? [] : await lastEvents(target, type, limit);
  const print = (e: unknown): void => {
    if (json) process.stdout.write(`${JSON.stringify(e)}\n`);
    else process.stdout.write(tableLine(eventRow(e), WIDTHS));
  };
  if (json) for (const e of history) print(e);
  else process.stdout.write(table(HEADERS, history.map(eventRow), follow ? WIDTHS : []));
  if (signal === null) return 0;
  const newest = history.at(-1);
  const after = newest === undefined ? (limit === 0 ? await newestId(target, type) : 0) : Number(field(newest, 'id'));
  await followEvents(target, { type, after: String(after) }, (m: StreamEvent) => {
    let e: unknown;
    try {
      e = JSON.parse(m.data);
    } catch {
      process.stderr.write(`tickwork: an event that is not JSON: ${m.data.slice(0, 200)}\n`);
      return;
    }
    print(e);
  }, signal);
  return 0;
}

async function newestId(target: ApiTarget, type: string | undefined): Promise<number> {
  const last = await lastEvents(target, type, 1);
  return last.length === 0 ? 0 : Number(field(last[0], 'id'));
}
