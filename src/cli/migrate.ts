import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import { openDb, waitForDatabase } from '../store/db.ts';
import { migrate } from '../store/migrate.ts';

export async function migrateCommand(config: Config, log: Logger): Promise<number> {
  const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2, log });
  try {
    await waitForDatabase(db, log);
    const applied = await migrate(db, log);
    log.info({ applied }, applied.length === 0 ? 'the database is up to date' : 'migrations applied');
    return 0;
  } finally {
    await db.close();
  }
}
