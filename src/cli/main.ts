import pino, { type Logger } from 'pino';
import { ConfigError, describeSettings, loadConfig, type Config } from '../config.ts';
import { startService, type Roles } from './service.ts';
import { DatabaseSettingsError } from '../store/db-errors.ts';
import { migrateCommand } from './migrate.ts';
import { keysCommand } from './keys.ts';
import { monitorsCommand } from './monitors.ts';
import { secretsCommand } from './secrets.ts';

const usage = `tickwork — scheduled HTTP calls, URL monitors, deadlines and events, in one service.

Usage: tickwork <command> [options]

Commands:
  start                 API, scheduler and workers in one process (embedded database unless DATABASE_URL is set)
  api                   the HTTP API only (needs DATABASE_URL; run any number behind a load balancer)
  worker                the engine only: claims and runs due tasks (needs DATABASE_URL; run any number)
  migrate               apply database migrations and exit (start, api and worker also do this)
  keys create --name N [--scopes read,write,admin] [--tenant T]
                        create an API key and print it once
  monitors generate --count N --target URL [--interval S] [--regexp P]
                        create N demo monitors of URL (with the embedded database, while the service is stopped)
  secrets reseal [--batch N]
                        seal every stored secret again under the first key of TICKWORK_SECRET_KEY (key rotation;
                        idempotency records are left: they expire in 24 h). "tickwork secrets --help" for the steps
  --help                this text

Settings (environment variables; a .env file in the working directory is read too):
`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${usage}${describeSettings()}\n`);
    return command === undefined ? 1 : 0;
  }
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`tickwork: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  // Logs go to stderr and results to stdout, so `KEY=$(tickwork keys create ...)` captures only the key.
  const log = pino({ level: config.logLevel, base: { pid: process.pid } }, pino.destination(2));
  try {
    switch (command) {
      case 'start':
        return await serve(config, log, { api: true, engine: true });
      case 'api':
      case 'worker':
        if (config.databaseUrl === undefined) {
          process.stderr.write(
            `tickwork: "${command}" runs one role of a scaled-out deployment and needs DATABASE_URL (PostgreSQL). ` +
              'On the embedded database use "tickwork start".\n',
          );
          return 2;
        }
        return await serve(config, log, { api: command === 'api', engine: command === 'worker' });
      case 'migrate':
        return await migrateCommand(config, log);
      case 'keys':
        return await keysCommand(config, log, rest);
      case 'monitors':
        return await monitorsCommand(config, log, rest);
      case 'secrets':
        // Counts go to stdout for scripts; the JSON log goes to stderr so the two do not mix.
        return await secretsCommand(config, log, rest);
      default:
        process.stderr.write(`tickwork: unknown command "${command}"\n\n${usage}`);
        return 2;
    }
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`tickwork: ${err.message}\n`);
      return 2;
    }
    if (err instanceof DatabaseSettingsError) {
      // migrate, keys, secrets, monitors: the database refused the settings (wrong password, unknown database).
      process.stderr.write(`tickwork: ${new ConfigError([`DATABASE_URL: ${err.problem}`]).message}\n`);
      return 2;
    }
    log.fatal({ err: err instanceof Error ? err.message : String(err) }, 'tickwork stopped');
    return 1;
  }
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
