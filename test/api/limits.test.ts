import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { forEachBackend, type TestDatabase } from '../support/backends.ts';
import { startTestService, type ApiResponse, type RunningService } from '../support/service.ts';
import type { ApiKeyWithSecretJson, Page, TaskJson } from '../support/api-types.ts';

/**
 * FAULTS.md S8: one tenant at 10× its rate limit, a 10 MB body, `limit=100000` and 10,000 tasks in one tenant. Each
 * limit answers (429 with Retry-After, 413, a clamped page, a 4xx at the cap) and another tenant is served meanwhile.
 */
const RATE_LIMIT = 100;
const TASK_CAP = 10_000;
const MAX_PAGE = 500;

const p99 = (samples: number[]): number => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] ?? Number.NaN;
};

/**
 * The flooding client, in a worker thread: its own event loop, so reading its answers does not hold up the service
 * (which runs in the test's process) and the figure measures the service, not the test's client.
 */
const FLOODER = `
const { parentPort, workerData: { url, key, total, concurrency } } = require('node:worker_threads');
const statuses = {};
let sent = 0;
let missingRetryAfter = 0;
const one = async () => {
  while (sent < total) {
    sent += 1;
    const res = await fetch(url, { headers: { authorization: 'Bearer ' + key } });
    await res.arrayBuffer();
    statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    if (res.status === 429 && !(Number(res.headers.get('retry-after')) > 0)) missingRetryAfter += 1;
  }
};
Promise.all(Array.from({ length: concurrency }, one)).then(() => parentPort.postMessage({ statuses, missingRetryAfter }));
`;

function flood(url: string, key: string, total: number): Promise<{ statuses: Record<string, number>; missingRetryAfter: number }> {
  const worker = new Worker(FLOODER, { eval: true, workerData: { url, key, total, concurrency: 16 } });
  return new Promise((resolve, reject) => {
    worker.once('message', (m: { statuses: Record<string, number>; missingRetryAfter: number }) => {
      resolve(m);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

forEachBackend('limits', (backend) => {
  let db: TestDatabase;
  let svc: RunningService;
  /** Keys of tenant A (the one that floods and fills its cap) and of tenant B (two keys, one per measurement). */
  let keyA: string;
  let keyB1: string;
  let keyB2: string;
  const tenantA = `flood-${backend.name}`;

  beforeAll(async () => {
    db = await backend.create();
    svc = await startTestService(db, {
      TICKWORK_RATE_LIMIT: String(RATE_LIMIT),
      TICKWORK_MAX_TASKS_PER_TENANT: String(TASK_CAP),
    });
    const key = async (name: string, tenant: string) => {
      const r = await svc.api<ApiKeyWithSecretJson>('/v1/api-keys', { body: { name, scopes: ['admin'], tenant } });
      expect(r.status).toBe(201);
      return r.body.key as string;
    };
    keyA = await key('a', tenantA);
    keyB1 = await key('b1', `quiet-${backend.name}`);
    keyB2 = await key('b2', `quiet-${backend.name}`);
    // Tenant A one short of its cap: deadline-only tasks written as the API writes them, with the live-task count.
    await svc.db.query(
      `INSERT INTO tasks (tenant_id, title, expires_at)
         SELECT $1, 'seed ' || g, now() + interval '7 days' FROM generate_series(1, $2::int) g`,
      [tenantA, TASK_CAP - 1],
    );
    await svc.db.query('INSERT INTO tenant_task_counts (tenant_id, shard, n) VALUES ($1, 0, $2)', [tenantA, TASK_CAP - 1]);
    for (const k of [keyB1, keyB2]) {
      expect((await svc.api('/v1/tasks', { key: k, body: { expires_at: new Date(Date.now() + 86_400_000).toISOString() } })).status).toBe(201);
    }
  });
  afterAll(async () => {
    await svc?.close();
    await db?.drop();
  });

  it('caps a tenant at 10,000 live tasks with a 409 naming the limit, and frees a place on delete', async () => {
    const body = { expires_at: new Date(Date.now() + 3_600_000).toISOString() };
    const last = await svc.api<TaskJson>('/v1/tasks', { key: keyA, body });
    expect(last.status).toBe(201);
    const over = await svc.api('/v1/tasks', { key: keyA, body });
    expect(over.status).toBe(409);
    expect(over.body).toMatchObject({ code: 'quota_exceeded', detail: expect.stringContaining('TICKWORK_MAX_TASKS_PER_TENANT') });
    expect((await svc.api(`/v1/tasks/${last.body.id}`, { key: keyA, method: 'DELETE' })).status).toBe(204);
    expect((await svc.api('/v1/tasks', { key: keyA, body })).status).toBe(201);
    expect((await svc.api('/v1/tasks', { key: keyA, body })).status).toBe(409);
  });

  it('clamps limit=100000 to a page of 500 over 10,000 tasks, with a cursor to the next page', async () => {
    const r = await svc.api<Page<TaskJson>>('/v1/tasks?limit=100000', { key: keyA });
    expect(r.status).toBe(200);
    expect(r.body.items).toHaveLength(MAX_PAGE);
    expect(r.body.next_cursor).toEqual(expect.any(String));
  });

  it('answers a 10 MB body with 413 problem+json', async () => {
    const r = await svc.api('/v1/tasks', { key: keyA, body: { title: 'x', description: 'y'.repeat(10 * 1024 * 1024), interval: 60 } });
    expect(r.status).toBe(413);
    expect(r.headers.get('content-type')).toMatch(/problem\+json/);
  });

  it('answers 429 with Retry-After once a key exceeds its rate, without affecting another key', async () => {
    const other = await svc.api<ApiKeyWithSecretJson>('/v1/api-keys', { body: { name: 'other', scopes: ['read'] } });
    let limited: ApiResponse<{ code: string }> | null = null;
    for (let i = 0; i < RATE_LIMIT + 20 && limited === null; i++) {
      const r = await svc.api<{ code: string }>('/v1/tasks?limit=1');
      if (r.status === 429) limited = r;
    }
    expect(limited?.status).toBe(429);
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited?.headers.get('content-type')).toMatch(/problem\+json/);
    expect(limited?.body.code).toBe('rate_limited');
    expect((await svc.api('/v1/tasks?limit=1', { key: other.body.key })).status).toBe(200);
    expect((await svc.api('/v1/health', { key: null })).status).toBe(200); // health checks are never limited
  });

  it("keeps serving another tenant while one tenant sends 10× its rate limit", async () => {
    /** Tenant B's sequential GETs with `key` until `until` says stop; the latencies in ms, all answered 200. */
    const measure = async (key: string, until: () => boolean, most: number) => {
      const took: number[] = [];
      while (took.length < most && !until()) {
        const started = performance.now();
        const r = await svc.api('/v1/tasks?limit=50', { key });
        took.push(performance.now() - started);
        expect(r.status).toBe(200);
      }
      return took;
    };
    // Each of B's keys stays within its own rate (one create, then at most RATE_LIMIT - 10 reads).
    const before = await measure(keyB1, () => false, RATE_LIMIT - 10);

    const total = RATE_LIMIT * 10;
    let flooding = true;
    const flooded = flood(`${svc.url}/v1/tasks?limit=100000`, keyA, total).finally(() => {
      flooding = false;
    });
    const during = await measure(keyB2, () => !flooding, RATE_LIMIT - 10);
    const { statuses, missingRetryAfter } = await flooded;

    expect(Object.keys(statuses).sort()).toEqual(['200', '429']);
    expect(statuses['200']).toBeLessThanOrEqual(RATE_LIMIT);
    expect(missingRetryAfter).toBe(0);
    expect(during.length).toBeGreaterThan(0);
    const [b, d] = [p99(before), p99(during)];
    console.log(
      `figure: S8 [${backend.name}] other tenant's p99 change ${(d - b).toFixed(1)} ms (before ${b.toFixed(1)} ms, ` +
        `during ${d.toFixed(1)} ms; ${before.length} and ${during.length} requests; flood of ${total} pages of 500: ` +
        `${statuses['200'] ?? 0} served, ${statuses['429'] ?? 0} answered 429)`,
    );
  });
});
