import { cpSync, mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import pg from 'pg';
import pino from 'pino';
import { describe, inject } from 'vitest';
import { openPglite, openPostgres, type Db } from '../../src/store/db.ts';
import { migrate } from '../../src/store/migrate.ts';
import { TMP_DIR } from './paths.ts';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;

/** A fresh, migrated database of one backend, owned by one test file. */
export interface TestDatabase {
  /** `DATABASE_URL` for child processes (PostgreSQL only). */
  url: string | undefined;
  /** The PGlite data dir (embedded only). */
  dataDir: string | undefined;
  /** Opens a connection to this database (for PGlite, at most one open at a time). */
  open(): Promise<Db>;
  drop(): Promise<void>;
}

export interface Backend {
  name: 'pglite' | 'postgres';
  create(): Promise<TestDatabase>;
}

const silent = pino({ level: 'silent' });

export const pgliteBackend: Backend = {
  name: 'pglite',
  async create() {
    mkdirSync(TMP_DIR, { recursive: true });
    const dataDir = mkdtempSync(`${TMP_DIR}pglite-`);
    cpSync(inject('pgliteTemplateDir'), dataDir, { recursive: true });
    return {
      url: undefined,
      dataDir,
      open: () => openPglite({ dataDir, log: silent }),
      async drop() {
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  },
};

export const postgresBackend: Backend = {
  name: 'postgres',
  async create() {
    if (TEST_DATABASE_URL === undefined) throw new Error('TEST_DATABASE_URL is not set');
    const name = `tw_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(TEST_DATABASE_URL);
    url.pathname = `/${name}`;
    const dbUrl = url.toString();
    const first = await openPostgres({ url: dbUrl, poolSize: 2, log: silent });
    await migrate(first, silent);
    await first.close();
    return {
      url: dbUrl,
      dataDir: undefined,
      open: () => openPostgres({ url: dbUrl, poolSize: 10, log: silent }),
      async drop() {
        const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      },
    };
  },
};

/** The backends available here: PGlite always, PostgreSQL when TEST_DATABASE_URL is set. */
export const backends: Backend[] = TEST_DATABASE_URL === undefined ? [pgliteBackend] : [pgliteBackend, postgresBackend];

/**
 * Runs a suite once per backend, so no behaviour is tested on one only. PostgreSQL runs are reported as skipped,
 * with the reason, when TEST_DATABASE_URL is unset.
 */
export function forEachBackend(name: string, suite: (backend: Backend) => void): void {
  for (const backend of [pgliteBackend, postgresBackend]) {
    const missing = backend.name === 'postgres' && TEST_DATABASE_URL === undefined;
    describe.skipIf(missing)(`${name} [${backend.name}]${missing ? ' (skipped: TEST_DATABASE_URL is not set)' : ''}`, () =>
      suite(backend),
    );
  }
}

/** Moves the database clock (tw_now) by `ms` — the only way tests move time. */
export async function advanceClock(db: Db, ms: number): Promise<void> {
  await db.query('UPDATE tw_clock SET offset_ms = offset_ms + $1', [Math.round(ms)]);
}

/**
 * `db` with every statement counted by its name (or its text when unnamed) into `counts`, for tests that show how many
 * statements a request costs.
 */
export function countingDb(db: Db, counts: Map<string, number>): Db {
  return {
    ...db,
    query: <R extends object>(text: string, values?: readonly unknown[], name?: string): Promise<R[]> => {
      counts.set(name ?? text, (counts.get(name ?? text) ?? 0) + 1);
      return db.query<R>(text, values, name);
    },
  };
}
