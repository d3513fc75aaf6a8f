import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import pino from 'pino';
import { postgresBackend, TEST_DATABASE_URL, type TestDatabase } from '../support/backends.ts';
import { openPostgres, type Db } from '../../src/store/db.ts';
import { appendEvents, listEvents } from '../../src/store/events.ts';
import { waitFor } from '../support/service.ts';
import { SYSTEM_ACTOR } from '../../src/domain/event.ts';

const reason = TEST_DATABASE_URL === undefined ? ' (skipped: TEST_DATABASE_URL is not set)' : '';

/**
 * Promise 5: ids from a sequence commit out of order, and a reader paging by id must never step past an id that an
 * open transaction may still commit.
 */
describe.skipIf(TEST_DATABASE_URL === undefined)(`the event horizon${reason}`, () => {
  let db: TestDatabase;
  let store: Db;
  let a: pg.Client;
  let b: pg.Client;
  beforeAll(async () => {
    db = await postgresBackend.create();
    store = await openPostgres({ url: db.url ?? '', poolSize: 2, log: pino({ level: 'silent' }) });
    a = new pg.Client({ connectionString: db.url });
    b = new pg.Client({ connectionString: db.url });
    await a.connect();
    await b.connect();
  });
  afterAll(async () => {
    await a?.end();
    await b?.end();
    await store?.close();
    await db?.drop();
  });

  const insertEvent = (c: pg.Client, type: string) =>
    c.query(`INSERT INTO events (tenant_id, type, subject_kind, subject_id, data) VALUES ('default', $1, 'task', 1, '{}') RETURNING id`, [type]);

  it('does not list an event while a transaction that drew a smaller id is still open, and lists both after', async () => {
    await appendEvents(store, [{ tenantId: 'default', type: 'task.created', subjectKind: 'task', subjectId: 1, data: {} }], SYSTEM_ACTOR);
    const first = await listEvents(store, 'default', 0, 100, null);
    expect(first).toHaveLength(1);
    const after = first[0]!.id;

    // A gets its transaction id first (any write), B then draws the smaller event id, A the larger, and A commits
    // while B is still open: the case a txid < xmin filter gets wrong.
    await a.query('BEGIN');
    await a.query('UPDATE tw_clock SET offset_ms = offset_ms');
    await b.query('BEGIN');
    const smaller = (await insertEvent(b, 'task.updated')).rows[0].id;
    const larger = (await insertEvent(a, 'task.deleted')).rows[0].id;
    expect(Number(larger)).toBeGreaterThan(Number(smaller));
    await a.query('COMMIT');

    expect(await listEvents(store, 'default', after, 100, null)).toEqual([]);
    await b.query('COMMIT');
    const both = await listEvents(store, 'default', after, 100, null);
    expect(both.map((e) => e.id)).toEqual([Number(smaller), Number(larger)]);
  });

  it('steps over an id whose transaction rolled back, once that transaction has ended', async () => {
    const before = await listEvents(store, 'default', 0, 1000, null);
    const after = before.at(-1)?.id ?? 0;
    await b.query('BEGIN');
    await insertEvent(b, 'task.paused');
    await b.query('ROLLBACK');
    const kept = (await insertEvent(a, 'task.resumed')).rows[0].id;
    // The first read only notes the gap; a later one steps over it once every transaction that was open then (on
    // the whole server: xmin is cluster-wide) has ended.
    const seen = await waitFor('the gap to settle', async () => {
      const ids = (await listEvents(store, 'default', after, 100, null)).map((e) => e.id);
      return ids.length > 0 ? ids : null;
    });
    expect(seen).toEqual([Number(kept)]);
  });
});
