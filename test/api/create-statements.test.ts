import pino from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openSecretBox } from '../../src/cli/service.ts';
import { buildApi, type Api } from '../../src/api/index.ts';
import { loadConfig } from '../../src/config.ts';
import type { Db } from '../../src/store/db.ts';
import { countingDb, forEachBackend, type TestDatabase } from '../support/backends.ts';
import { testEnv } from '../support/service.ts';
import { freshTenant } from '../events/support.ts';

/**
 * What one create and one read of a task cost the database, counted by statement name on the API's own Db: the hot
 * path of scheduling in bulk. (Authentication is cached per process, so after the first request it costs nothing.)
 */
forEachBackend('task create and read statements', (backend) => {
  let testDb: TestDatabase;
  let raw: Db;
  let app: Api;
  let url = '';
  let key = '';
  const counts = new Map<string, number>();

  beforeAll(async () => {
    testDb = await backend.create();
    raw = await testDb.open();
    const config = loadConfig(testEnv(testDb, {}));
    app = await buildApi({ config, db: countingDb(raw, counts), log: pino({ level: 'silent' }), registry: new Registry(), secrets: openSecretBox(config), publicUrl: () => url });
    url = await app.listen({ port: 0, host: '127.0.0.1' });
    ({ key } = await freshTenant(raw, 'create'));
  });
  afterAll(async () => {
    await app?.close();
    await raw?.close();
    await testDb?.drop();
  });

  const call = async (path: string, body?: unknown): Promise<{ status: number; body: { id: number } }> => {
    const res = await fetch(`${url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as { id: number } };
  };
  const task = { schedule_time: new Date(Date.now() + 3_600_000).toISOString(), http: { url: 'http://127.0.0.1:9/x' } };

  it('creates a task in two statements (a read of its id and the clock, then one write) and reads it in one', async () => {
    expect((await call('/v1/tasks', task)).status).toBe(201); // authenticates the key once
    counts.clear();
    const created = await call('/v1/tasks', task);
    expect(created.status).toBe(201);
    expect(Object.fromEntries(counts)).toEqual({ reserve_task_id: 1, create_task: 1 });
    counts.clear();
    expect((await call(`/v1/tasks/${created.body.id}`)).status).toBe(200);
    expect(Object.fromEntries(counts)).toEqual({ get_task: 1 });
  });
});
