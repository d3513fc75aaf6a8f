import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import { DataDirLockedError, openDb, waitForDatabase, type Db } from '../store/db.ts';
import { CommandRefused } from './args.ts';

/** What a local-only command needs: the service's settings and a log (on stderr). Made only when one runs. */
export interface LocalContext {
  config: Config;
  log: Logger;
}

/**
 * Opens the database for a local-only command (one that works on the database itself, not through the API). On the
 * embedded database that needs the data directory, which a running service holds: then the command is refused with
 * `instead`, how to do the same while the service runs.
 */
export async function openLocalDb(config: Config, log: Logger, command: string, instead: string): Promise<Db> {
  try {
    const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2, log, applicationName: `tickwork-${command.replace(/ /g, '-')}` });
    try {
      await waitForDatabase(db, log);
    } catch (err) {
      await db.close();
      throw err;
    }
    return db;
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      throw new CommandRefused(
        `"tickwork ${command}" works on the embedded database directly, and ${err.dir} is in use by the running ` +
          `service (process ${err.owner}): it can only run while the service is stopped.\n${instead}`,
      );
    }
    throw err;
  }
}
