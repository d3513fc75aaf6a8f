import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { forEachBackend, postgresBackend, TEST_DATABASE_URL, type TestDatabase } from '../support/backends.ts';
import { startTestService, type RunningService } from '../support/service.ts';
import type { EventJson, Page, ProblemJson } from '../support/api-types.ts';
import { appendEvents } from '../../src/store/events.ts';
import { createKey } from '../../src/store/keys.ts';
import { SYSTEM_ACTOR } from '../../src/domain/event.ts';
import type { Db } from '../../src/store/db.ts';

/** A fresh tenant with an admin key, so each test reads only its own events. */
async function freshTenant(db: Db, prefix: string): Promise<{ tenant: string; key: string }> {
  const tenant = `${prefix}-${Math.random().toString(36).slice(2, 10)}`;
  return { tenant, key: (await createKey(db, tenant, 'newest events test', ['admin'])).key };
}

/** Appends events of the given types for `tenant`, one transaction, in order; returns their ids. */
async function write(db: Db, tenant: string, types: readonly string[]): Promise<number[]> {
  await db.transaction((tx) =>
    appendEvents(tx, types.map((type, i) => ({ tenantId: tenant, type, subjectKind: 'task' as const, subjectId: 1, data: { seq: i } })), SYSTEM_ACTOR),
  );
  const rows = await db.query<{ id: number }>('SELECT id FROM events WHERE tenant_id = $1 ORDER BY id', [tenant]);
  return rows.map((r) => r.id).slice(-types.length);
}

/** GET /v1/events?order=desc: the newest page, the page below `before`, paging back with the cursor. */
forEachBackend('the newest events first', (backend) => {
  let db: TestDatabase;
  let svc: RunningService;
  beforeAll(async () => {
    db = await backend.create();
    svc = await startTestService(db, {}, { api: true, engine: false });
  });
  afterAll(async () => {
    await svc?.close();
    await db?.drop();
  });

  const list = (key: string, query: string) => svc.api<Page<EventJson>>(`/v1/events?${query}`, { key });

  it('lists the newest page newest first and pages back with the cursor to the oldest, each event once', async () => {
    const { tenant, key } = await freshTenant(svc.db, 'newest');
    const ids = await write(svc.db, tenant, Array.from({ length: 7 }, () => 'task.updated'));
    const first = await list(key, 'order=desc&limit=3');
    expect(first.status).toBe(200);
    expect(first.body.items.map((e) => e.id)).toEqual(ids.slice(-3).reverse());
    expect(first.body.next_cursor).not.toBeNull();
    const second = await list(key, `limit=3&cursor=${encodeURIComponent(first.body.next_cursor ?? '')}`);
    expect(second.body.items.map((e) => e.id)).toEqual(ids.slice(1, 4).reverse());
    const third = await list(key, `limit=3&order=desc&cursor=${encodeURIComponent(second.body.next_cursor ?? '')}`);
    expect(third.body.items.map((e) => e.id)).toEqual([ids[0]]);
    expect(third.body.next_cursor).toBeNull();
  });

  it('starts below before, and an event written later tops the newest page', async () => {
    const { tenant, key } = await freshTenant(svc.db, 'before');
    const ids = await write(svc.db, tenant, ['task.created', 'task.updated', 'task.paused', 'task.resumed']);
    const below = await list(key, `order=desc&before=${ids[2]}`);
    expect(below.body.items.map((e) => e.id)).toEqual([ids[1], ids[0]]);
    expect(below.body.next_cursor).toBeNull();
    const [later] = await write(svc.db, tenant, ['task.deleted']);
    expect((await list(key, 'order=desc&limit=1')).body.items.map((e) => [e.id, e.type])).toEqual([[later, 'task.deleted']]);
  });

  it('filters by type and type prefix, and the cursor carries the filter on', async () => {
    const { tenant, key } = await freshTenant(svc.db, 'types');
    const ids = await write(svc.db, tenant, ['run.started', 'task.updated', 'run.succeeded', 'run.started', 'task.paused', 'run.failed']);
    const runs = await list(key, 'order=desc&type=run.*&limit=2');
    expect(runs.body.items.map((e) => e.id)).toEqual([ids[5], ids[3]]);
    const rest = await list(key, `limit=2&cursor=${encodeURIComponent(runs.body.next_cursor ?? '')}`);
    expect(rest.body.items.map((e) => e.type)).toEqual(['run.succeeded', 'run.started']);
    const exact = await list(key, 'order=desc&type=run.started');
    expect(exact.body.items.map((e) => e.id)).toEqual([ids[3], ids[0]]);
    // The cursor was made for run.*: another type with it is refused, naming the cursor.
    const mixed = await svc.api<ProblemJson>(`/v1/events?type=task.*&cursor=${encodeURIComponent(runs.body.next_cursor ?? '')}`, { key });
    expect(mixed.status).toBe(400);
    expect(mixed.body.errors?.map((e) => e.field)).toEqual(['cursor']);
  });

  it('shows one tenant only its own events, newest first too', async () => {
    const a = await freshTenant(svc.db, 'mine');
    const b = await freshTenant(svc.db, 'theirs');
    const mine = await write(svc.db, a.tenant, ['task.created']);
    await write(svc.db, b.tenant, ['task.created', 'task.updated']);
    expect((await list(a.key, 'order=desc')).body.items.map((e) => e.id)).toEqual(mine);
    const theirs = await list(b.key, 'order=desc&limit=1');
    // B's cursor is no good to A.
    const stolen = await svc.api<ProblemJson>(`/v1/events?cursor=${encodeURIComponent(theirs.body.next_cursor ?? '')}`, { key: a.key });
    expect(stolen.status).toBe(400);
    expect(stolen.body.errors?.map((e) => e.field)).toEqual(['cursor']);
  });

  it('refuses bad values of the new parameters with a problem naming the field', async () => {
    const cases: [string, string][] = [
      ['order=newest', 'order'],
      ['order=DESC', 'order'],
      ['order=desc&before=0', 'before'],
      ['order=desc&before=-3', 'before'],
      ['order=desc&before=1.5', 'before'],
      ['order=desc&before=abc', 'before'],
      ['before=10', 'before'],
      ['order=asc&before=10', 'before'],
      ['order=desc&after=10', 'after'],
      ['order=desc&type=RUN', 'type'],
    ];
    for (const [query, field] of cases) {
      const r = await svc.api<ProblemJson>(`/v1/events?${query}`);
      expect(r.status, query).toBe(400);
      expect(r.headers.get('content-type'), query).toMatch(/^application\/problem\+json/);
      expect(r.body.errors?.map((e) => e.field), query).toContain(field);
    }
    // An ascending cursor asked to go the other way is refused, naming the cursor.
    const { tenant, key } = await freshTenant(svc.db, 'flip');
    await write(svc.db, tenant, ['task.created', 'task.updated']);
    const asc = await list(key, 'limit=1');
    const flipped = await svc.api<ProblemJson>(`/v1/events?order=desc&cursor=${encodeURIComponent(asc.body.next_cursor ?? '')}`, { key });
    expect(flipped.status).toBe(400);
    expect(flipped.body.errors?.map((e) => e.field)).toEqual(['cursor']);
  });
});

const reason = TEST_DATABASE_URL === undefined ? ' (skipped: TEST_DATABASE_URL is not set)' : '';

/** Promise 5 for the newest page: it stops at the settled horizon, as the oldest-first list does. */
describe.skipIf(TEST_DATABASE_URL === undefined)(`the newest page and open transactions${reason}`, () => {
  let db: TestDatabase;
  let svc: RunningService;
  let a: pg.Client;
  let b: pg.Client;
  beforeAll(async () => {
    db = await postgresBackend.create();
    svc = await startTestService(db, {}, { api: true, engine: false });
    a = new pg.Client({ connectionString: db.url });
    b = new pg.Client({ connectionString: db.url });
    await a.connect();
    await b.connect();
  });
  afterAll(async () => {
    await a?.end();
    await b?.end();
    await svc?.close();
    await db?.drop();
  });

  it('does not show an event while a transaction that drew a smaller id is open, and shows both once it commits', async () => {
    const { tenant, key } = await freshTenant(svc.db, 'open');
    const [settled] = await write(svc.db, tenant, ['task.created']);
    const insert = (c: pg.Client, type: string) =>
      c.query<{ id: string }>(`INSERT INTO events (tenant_id, type, subject_kind, subject_id, data) VALUES ($1, $2, 'task', 1, '{}') RETURNING id`, [tenant, type]);
    // A takes its transaction id first, B draws the smaller event id, A the larger and commits while B is open.
    await a.query('BEGIN');
    await a.query('UPDATE tw_clock SET offset_ms = offset_ms');
    await b.query('BEGIN');
    const smaller = Number((await insert(b, 'task.updated')).rows[0]?.id);
    const larger = Number((await insert(a, 'task.deleted')).rows[0]?.id);
    expect(larger).toBeGreaterThan(smaller);
    await a.query('COMMIT');

    const r = await svc.api<Page<EventJson>>('/v1/events?order=desc', { key });
    expect(r.body.items.map((e) => e.id)).toEqual([settled]);
    // A before beyond the horizon does not reach past it either.
    const beyond = await svc.api<Page<EventJson>>(`/v1/events?order=desc&before=${larger + 1}`, { key });
    expect(beyond.body.items.map((e) => e.id)).toEqual([settled]);
    await b.query('COMMIT');
    const both = await svc.api<Page<EventJson>>('/v1/events?order=desc', { key });
    expect(both.body.items.map((e) => e.id)).toEqual([larger, smaller, settled]);
  });
});
