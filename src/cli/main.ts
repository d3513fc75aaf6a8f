import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pino, { type Logger } from 'pino';
import { ConfigError, describeSettings, loadConfig, type Config } from '../config.ts';
import { PROJECT_ROOT } from '../paths.ts';
import { startService, type Roles } from './service.ts';
import { DatabaseSettingsError } from '../store/db-errors.ts';
import { CommandRefused, expectPositionals, HelpRequested, parseCommandLine, UsageError } from './args.ts';
import { ApiError, CLIENT_SETTINGS } from './client.ts';
import type { LocalContext } from './local.ts';
import { migrateCommand } from './migrate.ts';
import { keysCommand } from './keys.ts';
import { monitorsCommand } from './monitors.ts';
import { secretsCommand } from './secrets.ts';
import { tasksCommand } from './tasks.ts';
import { runsCommand } from './runs.ts';
import { eventsCommand } from './events.ts';

const usage = `tickwork — scheduled HTTP calls, URL monitors, deadlines and events, in one service.

Usage: tickwork <command> [options]        tickwork <command> --help for a command's options

Run the service:
  start                 API, scheduler and workers in one process (embedded database unless DATABASE_URL is set)
  api                   the HTTP API only (needs DATABASE_URL; run any number behind a load balancer)
  worker                the engine only: claims and runs due tasks (needs DATABASE_URL; run any number)

Operate a running service over its HTTP API (TICKWORK_URL, TICKWORK_KEY; also while the embedded service runs):
  tasks ls|get|create|pause|resume|trigger|rm
                        list, show, create, pause, resume, run now and delete tasks
  runs ls|tail [--follow]
                        runs, newest first; the last ones, then each as it happens
  events tail [--follow] [--type run.*]
                        the latest events, then each as it happens
  monitors ls|get       list and show monitors

Local (on the database itself: DATABASE_URL, or the embedded data dir while the service is stopped):
  migrate               apply database migrations and exit (start, api and worker also do this)
  keys create --name N [--scopes read,write,admin] [--tenant T]
                        create an API key and print only it
  monitors generate --count N --target URL [--interval S] [--regexp P]
                        create N demo monitors of URL
  secrets reseal [--batch N]
                        seal every stored secret again under the first key of TICKWORK_SECRET_KEY (key rotation)

  --version             the version;  --help  this text
Results go to stdout, logs and progress to stderr; data commands take --json. Exit 0 done, 1 failed, 2 usage or
configuration error.

${CLIENT_SETTINGS}

Service settings (environment variables; a .env file in the working directory is read too):
`;

function roleUsage(role: 'start' | 'api' | 'worker'): string {
  const what = {
    start: 'Runs the API, the scheduler, the workers and the event relay in one process: on the embedded database in\nTICKWORK_DATA_DIR, or on PostgreSQL when DATABASE_URL is set.',
    api: 'Runs the HTTP API only, on PostgreSQL (DATABASE_URL); run any number behind a load balancer.',
    worker: 'Runs the engine only (claims and runs due tasks and checks, relays events), on PostgreSQL (DATABASE_URL);\nrun any number.',
  }[role];
  return `usage: tickwork ${role}\n\n${what} Runs until SIGTERM or SIGINT, then stops gracefully (exit 0).\n\nSettings (environment variables; a .env file in the working directory is read too):\n${describeSettings()}\n`;
}

export function version(): string {
  const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : 'unknown';
}

/** The settings and a log on stderr for a command that needs them; read only when it runs (not for --help). */
function localContext(): LocalContext {
  const config = loadConfig();
  // Logs go to stderr and results to stdout, so `KEY=$(tickwork keys create ...)` captures only the key.
  const log = pino({ level: config.logLevel, base: { pid: process.pid } }, pino.destination(2));
  return { config, log };
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const made: { context: LocalContext | null } = { context: null };
  const local = (): LocalContext => (made.context ??= localContext());
  try {
    switch (command) {
      case undefined:
        throw new UsageError('missing a command', `${usage}${describeSettings()}\n`);
      case '--help':
      case '-h':
      case 'help':
        process.stdout.write(`${usage}${describeSettings()}\n`);
        return 0;
      case '--version':
      case '-V':
      case 'version':
        process.stdout.write(`tickwork ${version()}\n`);
        return 0;
      case 'start':
      case 'api':
      case 'worker': {
        const role = command;
        const { positionals } = parseCommandLine(rest, roleUsage(role), (args) => parseArgs({ args, options: {}, allowPositionals: true }));
        expectPositionals(positionals, [], roleUsage(role));
        const { config, log } = local();
        if (role === 'start') return await serve(config, log, { api: true, engine: true });
        if (config.databaseUrl === undefined) {
          process.stderr.write(
            `tickwork: "${role}" runs one role of a scaled-out deployment and needs DATABASE_URL (PostgreSQL). ` +
              'On the embedded database use "tickwork start".\n',
          );
          return 2;
        }
        return await serve(config, log, { api: role === 'api', engine: role === 'worker' });
      }
      case 'migrate':
        return await migrateCommand(local, rest);
      case 'keys':
        return await keysCommand(local, rest);
      case 'monitors':
        return await monitorsCommand(local, rest);
      case 'secrets':
        return await secretsCommand(local, rest);
      case 'tasks':
        return await tasksCommand(rest);
      case 'runs':
        return await runsCommand(rest);
      case 'events':
        return await eventsCommand(rest);
      default:
        throw new UsageError(`unknown command "${command}"`, usage.slice(0, usage.indexOf('\n\nService settings')) + '\n');
    }
  } catch (err) {
    return reportFailure(err, command, made.context?.log);
  }
}

/** How a failed command ends: usage and configuration errors exit 2, everything else 1, each said on stderr. */
function reportFailure(err: unknown, command: string | undefined, log: Logger | undefined): number {
  const name = command === undefined ? 'tickwork' : `tickwork ${command}`;
  if (err instanceof HelpRequested) {
    process.stdout.write(err.usage);
    return 0;
  }
  if (err instanceof UsageError) {
    process.stderr.write(`${name}: ${err.message}\n\n${err.usage}`);
    return 2;
  }
  if (err instanceof ConfigError) {
    process.stderr.write(`tickwork: ${err.message}\n`);
    return 2;
  }
  if (err instanceof DatabaseSettingsError) {
    // migrate, keys, secrets, monitors: the database refused the settings (wrong password, unknown database).
    process.stderr.write(`tickwork: ${new ConfigError([`DATABASE_URL: ${err.problem}`]).message}\n`);
    return 2;
  }
  if (err instanceof ApiError) {
    process.stderr.write(`${name}: ${err.describe()}\n`);
    return 1;
  }
  if (err instanceof CommandRefused) {
    process.stderr.write(`${name}: ${err.message}\n`);
    return 1;
  }
  if (log !== undefined) log.fatal({ err: err instanceof Error ? err.message : String(err) }, 'tickwork stopped');
  else process.stderr.write(`${name}: ${err instanceof Error ? err.message : String(err)}\n`);
  return 1;
}

/**
 * Runs until SIGTERM/SIGINT, then stops gracefully and exits 0. The signals are taken before start-up begins, so one
 * that arrives while the service is still starting stops it as soon as it has started, instead of killing it halfway.
 */
async function serve(config: Config, log: Logger, roles: Roles): Promise<number> {
  const stopping = new AbortController();
  const stopped = new Promise<void>((resolve) => {
    const stop = (signal: string): void => {
      log.info({ signal }, 'stopping');
      stopping.abort();
      resolve();
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  let service: Awaited<ReturnType<typeof startService>>;
  try {
    service = await startService(config, log, roles, stopping.signal);
  } catch (err) {
    // Stopped while it waited for the database: a stop asked for, not a failure.
    if (stopping.signal.aborted && !(err instanceof ConfigError)) return 0;
    throw err;
  }
  await stopped;
  await service.close();
  return 0;
}
