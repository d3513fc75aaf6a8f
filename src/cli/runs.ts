import { parseArgs } from 'node:util';
import { expectPositionals, idArgument, integerOption, parseCommandLine, UsageError } from './args.ts';
import { apiTarget, CLIENT_SETTINGS, followEvents, listAll, untilSignal } from './client.ts';
import { field, printJson, table, tableLine, when } from './output.ts';
import { lastEvents } from './events.ts';

export const RUNS_USAGE = `usage: tickwork runs <ls|tail> [options]

Runs (attempts of task firings) of the running service, over its HTTP API.

  runs ls [--task ID] [--status STATUS] [--limit N] [--json]     newest first
  runs tail [--task ID] [--limit N] [--follow] [--json]          the last N (default 20), oldest first; --follow
                                                                then prints each run event (run.*) as it happens,
                                                                until SIGINT or SIGTERM (exit 0)
STATUS: pending, running, succeeded, failed, timed_out, abandoned, cancelled.

${CLIENT_SETTINGS}
`;

const HEADERS = ['run', 'task', 'attempt', 'status', 'scheduled for', 'started', 'http', 'ms', 'error'];
/** Column widths of a followed stream, so its lines stay in line with the table before them. */
const WIDTHS = [8, 6, 7, 9, 20, 20, 4, 6];

function runRow(r: unknown): (string | number | boolean | null)[] {
  const error = field(r, 'error');
  return [
    field(r, 'id'), field(r, 'task_id'), field(r, 'attempt'), field(r, 'status'), when(field(r, 'scheduled_for')), when(field(r, 'started_at')),
    field(r, 'http_status'), field(r, 'duration_ms'), typeof error === 'string' && error.length > 60 ? `${error.slice(0, 57)}...` : error,
  ];
}

/** A run event's data as a run (the event names the run `run_id`). */
function runOfEvent(e: unknown): Record<string, unknown> {
  const data = typeof e === 'object' && e !== null ? (e as { data?: unknown }).data : undefined;
  const d = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
  const { run_id: id, ...rest } = d;
  return { id, ...rest };
}

export async function runsCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === '--help' || sub === '-h') return parseCommandLine(argv, RUNS_USAGE, () => 0);
  if (sub !== 'ls' && sub !== 'tail') throw new UsageError(sub === undefined ? 'missing a subcommand' : `unknown subcommand "${sub}"`, RUNS_USAGE);
  const { values, positionals } = parseCommandLine(rest, RUNS_USAGE, (args) =>
    parseArgs({
      args,
      options: {
        task: { type: 'string' },
        status: { type: 'string' },
        limit: { type: 'string' },
        follow: { type: 'boolean', short: 'f', default: false },
        json: { type: 'boolean', default: false },
      },
      allowPositionals: true,
    }),
  );
  expectPositionals(positionals, [], RUNS_USAGE);
  const task = values.task === undefined ? undefined : idArgument(values.task, '--task', RUNS_USAGE);
  if (sub === 'ls' && values.follow) throw new UsageError('--follow goes with runs tail', RUNS_USAGE);
  if (sub === 'tail' && values.status !== undefined) throw new UsageError('--status goes with runs ls', RUNS_USAGE);
  const target = apiTarget(RUNS_USAGE);
  const query = { task_id: task === undefined ? undefined : String(task), status: values.status };
  if (sub === 'ls') {
    const limit = integerOption(values.limit, 'limit', RUNS_USAGE, 1, 100_000) ?? 50;
    const { items, more } = await listAll(target, '/v1/runs', query, limit);
    if (values.json) printJson(items);
    else process.stdout.write(table(HEADERS, items.map(runRow)));
    if (more) process.stderr.write(`tickwork: showing the newest ${items.length} runs; --limit N shows more\n`);
    return 0;
  }
  const limit = integerOption(values.limit, 'limit', RUNS_USAGE, 0, 500) ?? 20;
  const signal = values.follow ? untilSignal() : null;
  // The newest run event before the history is read: following starts after it, so nothing falls between the two.
  const newest = signal === null ? [] : await lastEvents(target, 'run.*', 1);
  const history = limit === 0 ? [] : (await listAll(target, '/v1/runs', query, limit)).items.reverse();
  const print = (r: unknown): void => {
    if (values.json) process.stdout.write(`${JSON.stringify(r)}\n`);
    else process.stdout.write(tableLine(runRow(r), WIDTHS));
  };
  if (values.json) for (const r of history) print(r);
  else process.stdout.write(table(HEADERS, history.map(runRow), signal === null ? [] : WIDTHS));
  if (signal === null) return 0;
  const after = newest.length === 0 ? 0 : Number(field(newest[0], 'id'));
  await followEvents(target, { type: 'run.*', after: String(after) }, (m) => {
    let e: unknown;
    try {
      e = JSON.parse(m.data);
    } catch {
      return;
    }
    const run = runOfEvent(e);
    if (task === undefined || run.task_id === task) print(run);
  }, signal);
  return 0;
}
