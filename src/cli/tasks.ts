import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { expectPositionals, idArgument, integerOption, parseCommandLine, UsageError } from './args.ts';
import { apiTarget, callApi, CLIENT_SETTINGS, listAll } from './client.ts';
import { details, field, printJson, table, when } from './output.ts';

export const TASKS_USAGE = `usage: tickwork tasks <ls|get|create|pause|resume|trigger|rm> [options]

Tasks of the running service, over its HTTP API (works while the embedded service runs).

  tasks ls [--state active|paused|completed|expired] [--limit N] [--json]
  tasks get ID [--json]
  tasks create [--name TITLE] (--at TIME | --every INTERVAL | --cron EXPR [--tz ZONE]) --url URL [--method M]
               [--header 'Name: value']... [--data BODY] [--timeout-ms MS] [--expect-status CODE]
               [--max-attempts N] [--expires-at TIME] [--notify-before S] [--json]
  tasks create --body FILE.json|- [flags above, which override its fields] [--json]
  tasks pause ID | resume ID | trigger ID | rm ID [--json]

--every takes seconds or 90s, 5m, 2h; --at an ISO time (without an offset: in --tz, else the service's zone).
--body reads the whole JSON body of POST /v1/tasks from a file (or - for stdin): every field of the API.
Tables by default; --json prints the API's JSON. An API problem is printed on stderr, exit 1.

${CLIENT_SETTINGS}
`;

function taskRow(t: unknown): (string | number | boolean | null)[] {
  const schedule = field(t, 'schedule', 'type');
  const when_ =
    schedule === 'cron' ? `cron ${String(field(t, 'schedule', 'expression'))} ${String(field(t, 'schedule', 'timezone'))}`
    : schedule === 'interval' ? `every ${String(field(t, 'schedule', 'seconds'))} s`
    : schedule === 'once' ? `once ${when(field(t, 'schedule', 'at')) ?? ''}`
    : null;
  const action = field(t, 'action', 'type') === 'http' ? `${String(field(t, 'action', 'method') ?? 'GET')} ${String(field(t, 'action', 'url'))}` : field(t, 'action', 'type') === 'tfl_line_status' ? `tfl ${String(field(t, 'action', 'lines'))}` : null;
  return [field(t, 'id'), field(t, 'state'), field(t, 'title'), when_, when(field(t, 'next_run_at')), field(t, 'last_run', 'status'), action];
}

const TASK_HEADERS = ['id', 'state', 'title', 'schedule', 'next run', 'last run', 'action'];

function printTask(t: unknown): void {
  const [id, state, title, schedule, next, last, action] = taskRow(t);
  process.stdout.write(
    details([
      ['id', id], ['title', title], ['state', state], ['schedule', schedule], ['action', action], ['next run', next],
      ['last run', last === null ? null : `${String(last)} ${when(field(t, 'last_run', 'finished_at')) ?? when(field(t, 'last_run', 'started_at')) ?? ''} (run ${String(field(t, 'last_run', 'id'))})`],
      ['expires at', when(field(t, 'expires_at'))], ['retry', field(t, 'retry')], ['overlap', field(t, 'overlap')], ['misfire', field(t, 'misfire')],
      ['created at', when(field(t, 'created_at'))], ['updated at', when(field(t, 'updated_at'))],
    ]),
  );
}

export async function tasksCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  switch (sub) {
    case 'ls':
      return tasksList(rest);
    case 'get':
    case 'pause':
    case 'resume':
    case 'trigger':
    case 'rm':
      return taskAction(sub, rest);
    case 'create':
      return taskCreate(rest);
    case undefined:
      throw new UsageError('missing a subcommand', TASKS_USAGE);
    default:
      if (sub === '--help' || sub === '-h') return parseCommandLine(argv, TASKS_USAGE, () => 0);
      throw new UsageError(`unknown subcommand "${sub}"`, TASKS_USAGE);
  }
}

async function tasksList(argv: string[]): Promise<number> {
  const { values } = parseCommandLine(argv, TASKS_USAGE, (args) =>
    parseArgs({ args, options: { state: { type: 'string' }, limit: { type: 'string', default: '100' }, json: { type: 'boolean', default: false } } }),
  );
  const limit = integerOption(values.limit, 'limit', TASKS_USAGE, 1, 100_000) ?? 100;
  const target = apiTarget(TASKS_USAGE);
  const { items, more } = await listAll(target, '/v1/tasks', { state: values.state }, limit);
  if (values.json) printJson(items);
  else process.stdout.write(table(TASK_HEADERS, items.map(taskRow)));
  if (more) process.stderr.write(`tickwork: showing the first ${items.length} tasks; --limit N shows more\n`);
  return 0;
}

async function taskAction(sub: 'get' | 'pause' | 'resume' | 'trigger' | 'rm', argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, TASKS_USAGE, (args) =>
    parseArgs({ args, options: { json: { type: 'boolean', default: false } }, allowPositionals: true }),
  );
  const [raw = ''] = expectPositionals(positionals, ['id'], TASKS_USAGE);
  const id = idArgument(raw, 'ID', TASKS_USAGE);
  const target = apiTarget(TASKS_USAGE);
  if (sub === 'get' || sub === 'pause' || sub === 'resume') {
    const task = sub === 'get' ? await callApi(target, 'GET', `/v1/tasks/${id}`) : await callApi(target, 'POST', `/v1/tasks/${id}/${sub}`);
    if (values.json) printJson(task);
    else printTask(task);
    return 0;
  }
  if (sub === 'trigger') {
    const out = await callApi(target, 'POST', `/v1/tasks/${id}/trigger`);
    if (values.json) printJson(out);
    else process.stdout.write(`task ${id}: run ${String(field(out, 'run_id'))} started\n`);
    return 0;
  }
  await callApi(target, 'DELETE', `/v1/tasks/${id}`);
  if (values.json) printJson({ id, deleted: true });
  else process.stdout.write(`task ${id} deleted\n`);
  return 0;
}

/** The JSON body of --body: a file, or - for stdin. */
function readBody(spec: string): Record<string, unknown> {
  const path = spec.startsWith('@') ? spec.slice(1) : spec;
  let text: string;
  try {
    text = readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (err) {
    throw new UsageError(`--body: cannot read ${path === '-' ? 'stdin' : path} (${(err as NodeJS.ErrnoException).code ?? String(err)})`, TASKS_USAGE);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`--body: ${path === '-' ? 'stdin' : path} is not JSON (${(err as Error).message})`, TASKS_USAGE);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new UsageError('--body must hold a JSON object (a task)', TASKS_USAGE);
  return body as Record<string, unknown>;
}

async function taskCreate(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, TASKS_USAGE, (args) =>
    parseArgs({
      args,
      options: {
        body: { type: 'string' },
        name: { type: 'string' },
        description: { type: 'string' },
        at: { type: 'string' },
        every: { type: 'string' },
        cron: { type: 'string' },
        tz: { type: 'string' },
        url: { type: 'string' },
        method: { type: 'string' },
        header: { type: 'string', multiple: true },
        data: { type: 'string' },
        'timeout-ms': { type: 'string' },
        'expect-status': { type: 'string' },
        'max-attempts': { type: 'string' },
        'expires-at': { type: 'string' },
        'notify-before': { type: 'string' },
        json: { type: 'boolean', default: false },
      },
      allowPositionals: true,
    }),
  );
  expectPositionals(positionals, [], TASKS_USAGE);
  const body: Record<string, unknown> = values.body === undefined ? {} : readBody(values.body);
  const set = (key: string, value: unknown): void => {
    if (value !== undefined) body[key] = value;
  };
  set('title', values.name);
  set('description', values.description);
  set('schedule_time', values.at);
  set('interval', values.every === undefined ? undefined : /^\d+$/.test(values.every) ? Number(values.every) : values.every);
  set('cron', values.cron);
  set('timezone', values.tz);
  set('expires_at', values['expires-at']);
  set('notify_before', integerOption(values['notify-before'], 'notify-before', TASKS_USAGE, 0, 31_536_000));
  const maxAttempts = integerOption(values['max-attempts'], 'max-attempts', TASKS_USAGE, 1, 100);
  if (maxAttempts !== undefined) body.retry = { ...(typeof body.retry === 'object' && body.retry !== null ? body.retry : {}), max_attempts: maxAttempts };
  const http: Record<string, unknown> = typeof body.http === 'object' && body.http !== null ? { ...(body.http as Record<string, unknown>) } : {};
  const given = { url: values.url, method: values.method, body: values.data, timeout_ms: integerOption(values['timeout-ms'], 'timeout-ms', TASKS_USAGE, 1, 300_000), expect_status: integerOption(values['expect-status'], 'expect-status', TASKS_USAGE, 100, 599) };
  for (const [k, v] of Object.entries(given)) if (v !== undefined) http[k] = v;
  if (values.header !== undefined) {
    const headers: Record<string, string> = typeof http.headers === 'object' && http.headers !== null ? { ...(http.headers as Record<string, string>) } : {};
    for (const h of values.header) {
      const colon = h.indexOf(':');
      if (colon < 1) throw new UsageError(`--header must be "Name: value", not "${h}"`, TASKS_USAGE);
      headers[h.slice(0, colon).trim()] = h.slice(colon + 1).trim();
    }
    http.headers = headers;
  }
  if (Object.keys(http).length > 0) body.http = http;
  if (Object.keys(body).length === 0) throw new UsageError('nothing to create: give --url and a schedule, or --body', TASKS_USAGE);
  const task = await callApi(apiTarget(TASKS_USAGE), 'POST', '/v1/tasks', body);
  if (values.json) printJson(task);
  else printTask(task);
  return 0;
}
