import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../paths.ts';
import type { Logger } from 'pino';
import type { Db } from './db.ts';

const migrationsDir = join(PROJECT_ROOT, 'migrations/');

// An arbitrary constant: the advisory lock that serialises migrations across processes.
const MIGRATION_LOCK = 7_310_551_001;

interface Migration {
  version: number;
  name: string;
  sql: string;
}

function loadMigrations(): Migration[] {
  return readdirSync(migrationsDir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 4)), name: f, sql: readFileSync(migrationsDir + f, 'utf8') }));
}

/**
 * Applies every migration not yet recorded, all in one transaction (they all apply or none does, so a failed upgrade
 * leaves the schema as it was), under an advisory lock so that two processes starting at once cannot both migrate.
 * Safe to run any number of times. Returns the names applied.
 */
export async function migrate(db: Db, log: Logger): Promise<string[]> {
  const applied: string[] = [];
  await db.transaction(async (tx) => {
    // Transaction-scoped lock: released at commit, also if this process dies mid-way.
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query(`CREATE TABLE IF NOT EXISTS tw_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set(
      (await tx.query<{ version: number }>('SELECT version FROM tw_migrations')).map((r) => r.version),
    );
    for (const m of loadMigrations()) {
      if (done.has(m.version)) continue;
      log.info({ migration: m.name }, 'applying migration');
      await tx.query(m.sql);
      await tx.query('INSERT INTO tw_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      applied.push(m.name);
    }
  });
  // Fresh statistics let the planner use the partial claim index from the first claim on.
  if (applied.length > 0) await db.query('ANALYZE');
  return applied;
}
