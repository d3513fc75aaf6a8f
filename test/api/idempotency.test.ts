import { afterAll, beforeAll, expect, it } from 'vitest';
import { forEachBackend, type TestDatabase } from '../support/backends.ts';
import { startTestService, type ApiResponse, type RunningService } from '../support/service.ts';
import type { ApiKeyWithSecretJson, MonitorJson, Page, ProblemJson, TaskJson, WebhookWithSecretJson } from '../support/api-types.ts';
import { rawRequest } from './raw-request.ts';

/**
 * Idempotency-Key (API.md): records belong to the API key that made the request; the first response comes back to
 * that key within 24 h, another key of the same tenant acts afresh, a different request is a 409 — and the responses
 * kept for replay, which carry secrets, are never readable in the database.
 */
forEachBackend('idempotency', (backend) => {
  let db: TestDatabase;
  let svc: RunningService;
  let keyA = '';
  let keyB = '';
  beforeAll(async () => {
    db = await backend.create();
    // API only: the webhook registered here is never called.
    svc = await startTestService(db, {}, { api: true, engine: false });
    keyA = (await svc.api<ApiKeyWithSecretJson>('/v1/api-keys', { body: { name: 'A', scopes: ['admin'] } })).body.key;
    keyB = (await svc.api<ApiKeyWithSecretJson>('/v1/api-keys', { body: { name: 'B', scopes: ['admin'] } })).body.key;
  });
  afterAll(async () => {
    await svc?.close();
    await db?.drop();
  });

  const post = <T = unknown>(path: string, key: string, idem: string, body: unknown): Promise<ApiResponse<T>> =>
    svc.api<T>(path, { key, body, headers: { 'idempotency-key': idem } });

  /** Every row of both idempotency tables (the key-scoped one and the legacy one) as text. */
  async function tableText(): Promise<string> {
    const rows = await svc.db.query<{ t: string }>(
      `SELECT r::text AS t FROM idempotency_records r UNION ALL SELECT k::text FROM idempotency_keys k`,
    );
    return rows.map((r) => r.t).join('\n');
  }

  it('keeps no secret readable in the table, yet replays each secret to the key that made the request', async () => {
    const newKey = await post<ApiKeyWithSecretJson>('/v1/api-keys', keyA, 'make-key', { name: 'made once', scopes: ['read'] });
    const hook = await post<WebhookWithSecretJson>('/v1/webhooks', keyA, 'make-hook', { url: 'http://127.0.0.1:9/hook', events: ['run.*'] });
    const beat = await post<MonitorJson>('/v1/monitors', keyA, 'make-beat', { type: 'heartbeat', period: '5m', grace: 30 });
    expect([newKey.status, hook.status, beat.status]).toEqual([201, 201, 201]);
    const apiSecret: string = newKey.body.key;
    const hookSecret: string = hook.body.secret;
    const pingToken = String(beat.body.ping_url).split('/').at(-1) ?? '';
    expect(apiSecret).toMatch(/^tw_/);
    expect(hookSecret).toMatch(/^whsec_/);
    expect(pingToken).toMatch(/^hb_/);

    const text = await tableText();
    expect(text).not.toBe('');
    for (const secret of [apiSecret, hookSecret, hookSecret.slice('whsec_'.length), 'whsec_', pingToken]) expect(text).not.toContain(secret);
    const bodies = await svc.db.query<{ body: string }>('SELECT body FROM idempotency_records');
    expect(bodies).toHaveLength(3);
    for (const b of bodies) expect(b.body).toMatch(/^v1:/); // sealed by the SecretBox, all of them

    const again = await post('/v1/api-keys', keyA, 'make-key', { name: 'made once', scopes: ['read'] });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.headers.get('location')).toBe(newKey.headers.get('location'));
    expect(again.body).toEqual(newKey.body);
    expect((await post<WebhookWithSecretJson>('/v1/webhooks', keyA, 'make-hook', { url: 'http://127.0.0.1:9/hook', events: ['run.*'] })).body.secret).toBe(hookSecret);
    expect((await post<MonitorJson>('/v1/monitors', keyA, 'make-beat', { type: 'heartbeat', period: '5m', grace: 30 })).body.ping_url).toBe(beat.body.ping_url);
    // The replayed key is the one created: it authenticates.
    expect((await svc.api('/v1/tasks', { key: apiSecret })).status).toBe(200);
  });

  it('treats the same request spelt differently (field order, path spelling) as the same request', async () => {
    const first = await post<ApiKeyWithSecretJson>('/v1/api-keys', keyA, 'spelt', { name: 'spelt', scopes: ['read', 'write'] });
    expect(first.status).toBe(201);
    const reordered = await post<ApiKeyWithSecretJson>('/v1/api-keys', keyA, 'spelt', { scopes: ['read', 'write'], name: 'spelt' });
    expect(reordered.body.key).toBe(first.body.key);
    const raw = await rawRequest(svc.url, 'POST', `http://x/v1/api-keys/`, { 'x-api-key': keyA, 'idempotency-key': 'spelt' }, JSON.stringify({ name: 'spelt', scopes: ['read', 'write'] }));
    expect(raw.status).toBe(201);
    expect(JSON.parse(raw.body).key).toBe(first.body.key);
  });

  it('acts afresh for another API key of the same tenant using the same Idempotency-Key, and never shows it the first response', async () => {
    const a = await post<ApiKeyWithSecretJson>('/v1/api-keys', keyA, 'shared-name', { name: 'per key', scopes: ['read'] });
    const b = await post<ApiKeyWithSecretJson>('/v1/api-keys', keyB, 'shared-name', { name: 'per key', scopes: ['read'] });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.headers.get('idempotent-replayed')).toBeNull();
    expect(b.body.id).not.toBe(a.body.id);
    expect(b.body.key).not.toBe(a.body.key);
    // Each key still gets its own first response back.
    expect((await post<ApiKeyWithSecretJson>('/v1/api-keys', keyB, 'shared-name', { name: 'per key', scopes: ['read'] })).body.key).toBe(b.body.key);
    expect((await post<ApiKeyWithSecretJson>('/v1/api-keys', keyA, 'shared-name', { name: 'per key', scopes: ['read'] })).body.key).toBe(a.body.key);
    // The request hash is keyed by the API key's secret (no offline guessing of a body's secrets from the table).
    const hashes = await svc.db.query<{ request_hash: string }>("SELECT request_hash FROM idempotency_records WHERE key = 'shared-name'");
    expect(new Set(hashes.map((h) => h.request_hash)).size).toBe(2);
  });

  it('answers 409 to the same Idempotency-Key with a different body, and acts nothing', async () => {
    const first = await post('/v1/tasks', keyA, 'one-task', { title: 'first', expires_at: new Date(Date.now() + 86_400_000).toISOString() });
    expect(first.status).toBe(201);
    const other = await post<ProblemJson>('/v1/tasks', keyA, 'one-task', { title: 'second', expires_at: new Date(Date.now() + 86_400_000).toISOString() });
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('idempotency_conflict');
    const list = await svc.api<Page<TaskJson>>('/v1/tasks', { key: keyA });
    expect(list.body.items.filter((t) => t.title === 'second')).toEqual([]);
    // The same key on another route is another request too.
    expect((await post('/v1/api-keys', keyA, 'one-task', { name: 'x', scopes: ['read'] })).status).toBe(409);
  });
});
