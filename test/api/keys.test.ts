import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advanceClock, forEachBackend, postgresBackend, TEST_DATABASE_URL, type TestDatabase } from '../support/backends.ts';
import { startTestService, waitFor, type RunningService } from '../support/service.ts';
import type { ApiKeyJson, ApiKeyWithSecretJson, Page, ProblemJson } from '../support/api-types.ts';

const HOUR_MS = 3_600_000;

/** API keys: expiry (refused like a revoked key from then on) and last_used_at (recorded, but not on every request). */
forEachBackend('api keys', (backend) => {
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

  /** The database clock, which judges expiry (tests move it). */
  async function dbNow(): Promise<number> {
    const [row] = await svc.db.query<{ now: Date }>('SELECT tw_now() AS now');
    return row?.now.getTime() ?? Number.NaN;
  }

  async function listed(id: number): Promise<ApiKeyJson | undefined> {
    const r = await svc.api<Page<ApiKeyJson>>('/v1/api-keys?limit=500');
    expect(r.status).toBe(200);
    return r.body.items.find((k) => k.id === id);
  }

  it('refuses an expires_at that is not a time in the future, naming the field', async () => {
    const past = await svc.api<ProblemJson>('/v1/api-keys', { body: { name: 'late', scopes: ['read'], expires_at: new Date((await dbNow()) - 1000).toISOString() } });
    expect(past.status).toBe(400);
    expect(past.body.errors).toEqual([{ field: 'expires_at', message: 'must be in the future' }]);
    const garbage = await svc.api<ProblemJson>('/v1/api-keys', { body: { name: 'odd', scopes: ['read'], expires_at: 'next tuesday' } });
    expect(garbage.status).toBe(400);
    expect(garbage.body.errors).toEqual([expect.objectContaining({ field: 'expires_at' })]);
    // A refused key creates no tenant either.
    const other = await svc.api('/v1/api-keys', { body: { name: 'late', scopes: ['read'], tenant: 'never-made', expires_at: new Date((await dbNow()) - 1000).toISOString() } });
    expect(other.status).toBe(400);
    expect(await svc.db.query("SELECT 1 FROM tenants WHERE id = 'never-made'")).toEqual([]);
  });

  it('serves a key until its expires_at, then refuses it like a revoked one while still listing it', async () => {
    const expiresAt = new Date((await dbNow()) + HOUR_MS);
    const created = await svc.api<ApiKeyWithSecretJson>('/v1/api-keys', { body: { name: 'temporary', scopes: ['read'], expires_at: expiresAt.toISOString() } });
    expect(created.status).toBe(201);
    expect(created.body.expires_at).toBe(expiresAt.toISOString());
    const key: string = created.body.key;
    expect((await svc.api('/v1/tasks', { key })).status).toBe(200);
    expect((await listed(created.body.id))?.expires_at).toBe(expiresAt.toISOString());

    await advanceClock(svc.db, 2 * HOUR_MS);
    // An API process keeps a key it has just authenticated for at most 5 s (its key cache): the clock jumping two
    // hours at once is refused within that, as a key that expires in the normal course of time is at its expiry.
    const refused = await waitFor('the expired key to be refused', async () => {
      const r = await svc.api<ProblemJson>('/v1/tasks', { key });
      return r.status === 200 ? null : r;
    }, 10_000);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(refused.body.code).toBe('unauthorized');
    expect((await svc.api('/v1/tasks', { key: null, headers: { 'x-api-key': key } })).status).toBe(401);
    // Still listed (with its expiry), so an admin sees why it stopped working; revoking it still works.
    expect((await listed(created.body.id))?.expires_at).toBe(expiresAt.toISOString());
    expect((await svc.api(`/v1/api-keys/${created.body.id}`, { method: 'DELETE' })).status).toBe(204);
  });

  it('records last_used_at when a key is used, at most once a minute per process rather than on every request', async () => {
    const created = await svc.api<ApiKeyWithSecretJson>('/v1/api-keys', { body: { name: 'busy', scopes: ['read'] } });
    expect(created.body).toMatchObject({ last_used_at: null, expires_at: null });
    expect((await listed(created.body.id))?.last_used_at).toBeNull();

    const before = await dbNow();
    expect((await svc.api('/v1/tasks', { key: created.body.key })).status).toBe(200);
    const first = (await listed(created.body.id))?.last_used_at;
    expect(typeof first).toBe('string');
    expect(Date.parse(String(first))).toBeGreaterThanOrEqual(before - 1000);

    // More use, even with the database clock a minute on: no new write within the process's minute.
    await advanceClock(svc.db, 61_000);
    for (let i = 0; i < 5; i++) expect((await svc.api('/v1/tasks', { key: created.body.key })).status).toBe(200);
    expect((await listed(created.body.id))?.last_used_at).toBe(first);
  });
});

describe.skipIf(TEST_DATABASE_URL === undefined)(
  `a key revoked through one API process${TEST_DATABASE_URL === undefined ? ' (skipped: TEST_DATABASE_URL is not set)' : ''}`,
  () => {
    let db: TestDatabase;
    let one: RunningService;
    let two: RunningService;
    beforeAll(async () => {
      db = await postgresBackend.create();
      one = await startTestService(db, {}, { api: true, engine: false });
      two = await startTestService(db, {}, { api: true, engine: false });
    });
    afterAll(async () => {
      await one?.close();
      await two?.close();
      await db?.drop();
    });

    it('is refused by another API process that had it cached, on the NOTIFY of the revocation (within the cache TTL)', async () => {
      const created = await one.api<ApiKeyWithSecretJson>('/v1/api-keys', { body: { name: 'shared', scopes: ['read'] } });
      const key: string = created.body.key;
      expect((await two.api('/v1/tasks', { key })).status).toBe(200); // now in the second process's cache
      expect((await one.api(`/v1/api-keys/${created.body.id}`, { method: 'DELETE' })).status).toBe(204);
      expect((await one.api('/v1/tasks', { key })).status).toBe(401); // at once where it was revoked
      const at = Date.now();
      await waitFor('the other process to refuse the revoked key', async () => (await two.api('/v1/tasks', { key })).status === 401, 10_000);
      console.log(`figure: a revoked key refused by another API process after ${Date.now() - at} ms (cache TTL 5,000 ms)`);
    });
  },
);
