import { afterAll, beforeAll, expect, it } from 'vitest';
import { forEachBackend, type TestDatabase } from '../support/backends.ts';
import { startTestService, type ApiResponse, type RunningService } from '../support/service.ts';
import type { ProblemJson } from '../support/api-types.ts';

/** FAULTS.md S8: rate limits, the tenant cap and page-size clamping. */
forEachBackend('limits', (backend) => {
  let db: TestDatabase;
  let svc: RunningService;
  beforeAll(async () => {
    db = await backend.create();
    svc = await startTestService(db, { TICKWORK_RATE_LIMIT: '30', TICKWORK_MAX_TASKS_PER_TENANT: '3' });
  });
  afterAll(async () => {
    await svc?.close();
    await db?.drop();
  });

  it('caps the live tasks of a tenant with a 409 naming the limit, and frees a place on delete', async () => {
    const body = { expires_at: new Date(Date.now() + 3_600_000).toISOString() };
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await svc.api('/v1/tasks', { body });
      expect(r.status).toBe(201);
      ids.push(r.body.id);
    }
    const over = await svc.api('/v1/tasks', { body });
    expect(over.status).toBe(409);
    expect(over.body).toMatchObject({ code: 'quota_exceeded', detail: expect.stringContaining('TICKWORK_MAX_TASKS_PER_TENANT') });
    expect((await svc.api(`/v1/tasks/${ids[0]}`, { method: 'DELETE' })).status).toBe(204);
    expect((await svc.api('/v1/tasks', { body })).status).toBe(201);
  });

  it('answers 429 with Retry-After once a key exceeds its rate, without affecting another key', async () => {
    const other = await svc.api('/v1/api-keys', { body: { name: 'other', scopes: ['read'] } });
    let limited: ApiResponse<ProblemJson> | null = null;
    for (let i = 0; i < 40 && limited === null; i++) {
      const r = await svc.api<ProblemJson>('/v1/tasks?limit=1');
      if (r.status === 429) limited = r;
    }
    expect(limited?.status).toBe(429);
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited?.headers.get('content-type')).toMatch(/problem\+json/);
    expect(limited?.body.code).toBe('rate_limited');
    expect((await svc.api('/v1/tasks?limit=1', { key: other.body.key })).status).toBe(200);
    expect((await svc.api('/v1/health', { key: null })).status).toBe(200); // health checks are never limited
  });
});
