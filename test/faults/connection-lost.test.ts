import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresBackend, TEST_DATABASE_URL, type TestDatabase } from '../support/backends.ts';
import type { Db } from '../../src/store/db.ts';

const reason = TEST_DATABASE_URL === undefined ? ' (skipped: TEST_DATABASE_URL is not set)' : '';

/**
 * FAULTS.md R6 found this: a connection lost while a transaction holds it (PostgreSQL restarted, the backend
 * terminated) was an unhandled 'error' event on the checked-out client, and ended the worker process.
 */
describe.skipIf(TEST_DATABASE_URL === undefined)(`a connection lost mid-transaction${reason}`, () => {
  let db: TestDatabase;
  let conn: Db;
  let admin: pg.Client;

  beforeAll(async () => {
    db = await postgresBackend.create();
    conn = await db.open();
    admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.end();
    await conn?.close();
    await db?.drop();
  });

  it('rejects the transaction whose connection was terminated, and the next transaction works', async () => {
    const outcome = await conn
      .transaction(async (tx) => {
        const [row] = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        await admin.query('SELECT pg_terminate_backend($1)', [row?.pid]);
        // The server's FATAL and the closed socket arrive while the transaction holds the client between statements.
        await new Promise((r) => setTimeout(r, 300));
        return tx.query('SELECT 1');
      })
      .then(
        () => 'committed',
        (err: unknown) => (err instanceof Error ? err.message : String(err)),
      );
    expect(outcome).not.toBe('committed');
    const [row] = await conn.transaction((tx) => tx.query<{ ok: number }>('SELECT 1 AS ok'));
    expect(row).toEqual({ ok: 1 });
  });
});
