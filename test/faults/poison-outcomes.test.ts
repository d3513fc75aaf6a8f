import { afterAll, beforeAll, expect, it } from 'vitest';
import { forEachBackend, type TestDatabase } from '../support/backends.ts';
import { startTestService, TEST_ADMIN_KEY, waitFor, type RunningService } from '../support/service.ts';
import type { ApiKeyWithSecretJson, CheckJson, MonitorJson, Page, RunJson, TaskJson } from '../support/api-types.ts';
import { startTarget, type Target } from '../support/target.ts';
import { unsafeJsonProblems } from '../../src/domain/json-safety.ts';

/**
 * FAULTS R15: whatever bytes a target answers, its run ends `succeeded` or `failed` with a readable excerpt, and no
 * other task of any tenant stops being recorded. Before the fix one NUL byte failed the batch of outcomes (jsonb
 * cannot hold U+0000) and the batch was retried for ever: every later outcome of that worker stayed unrecorded.
 */

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1]);
const TEN_MIB_JSON = `{"items":[${Array.from({ length: 10 * 1024 * 16 }, () => `"${'x'.repeat(60)}"`).join(',')}],"a":"\\u0000"}`;

/** Each poison path: what it answers, and what the stored excerpt must show. */
const POISONS: Record<string, { type: string; body: Buffer | string; expect: (result: Result) => void }> = {
  '/nul': { type: 'text/plain', body: Buffer.from('a\0b'), expect: (r) => expect(r).toMatchObject({ body: 'a\uFFFDb', binary: true }) },
  '/bad-utf8': { type: 'text/plain', body: Buffer.from([0x61, 0xff, 0xfe, 0x62]), expect: (r) => expect(r).toMatchObject({ body: 'a\uFFFD\uFFFDb', binary: true }) },
  '/png': { type: 'image/png', body: PNG, expect: (r) => expect(r).toMatchObject({ body: expect.stringContaining('PNG'), binary: true, bytes: PNG.length }) },
  '/empty': { type: 'text/plain', body: '', expect: (r) => expect(r).toEqual({ body: '', truncated: false }) },
  '/json-nul': { type: 'application/json', body: '{"a":"\\u0000","b":"\\ud800"}', expect: (r) => expect(r).toEqual({ body: '{"a":"\\u0000","b":"\\ud800"}', truncated: false }) },
  '/big-json': { type: 'application/json', body: TEN_MIB_JSON, expect: (r) => expect(r).toMatchObject({ body: expect.stringMatching(/^\{"items":\["x+/), truncated: true }) },
};

interface Result {
  body?: string | null;
  truncated?: boolean;
  binary?: boolean;
  bytes?: number;
}

interface Run {
  id: number;
  status: string;
  started_at: string | null;
  finished_at: string | null;
  error: string | null;
  result: Result | null;
}

forEachBackend('R15: poison from a target', (backend) => {
  let db: TestDatabase;
  let svc: RunningService;
  let target: Target;
  let otherKey: string;

  beforeAll(async () => {
    db = await backend.create();
    target = await startTarget();
    for (const [path, p] of Object.entries(POISONS)) {
      target.on(path, (_req, res) => {
        res.writeHead(200, { 'content-type': p.type });
        res.end(p.body);
      });
    }
    // The whole 10 MiB is read (the cap is above it), and its excerpt stored.
    svc = await startTestService(db, { TICKWORK_MAX_RESPONSE_BYTES: String(16 * 1024 * 1024) });
    const other = await svc.api<ApiKeyWithSecretJson>('/v1/api-keys', { body: { name: 'other tenant', scopes: ['read', 'write'], tenant: 'other' } });
    expect(other.status, JSON.stringify(other.body)).toBe(201);
    otherKey = other.body.key;
  }, 60_000);

  afterAll(async () => {
    await svc?.close();
    await target?.close();
    await db?.drop();
  });

  const runsOf = async (taskId: number, key?: string): Promise<Run[]> => {
    const r = await svc.api<Page<RunJson>>(`/v1/runs?task_id=${taskId}&limit=100`, key === undefined ? {} : { key });
    expect(r.status).toBe(200);
    return r.body.items as Run[];
  };
  const finished = (runs: Run[]) => runs.filter((r) => r.status === 'succeeded' || r.status === 'failed');

  it('records every poisoned run as succeeded or failed with a readable excerpt, and every tenant keeps recording', async () => {
    const create = async (path: string, key?: string): Promise<number> => {
      const r = await svc.api<TaskJson>('/v1/tasks', { body: { interval: 1, http: { url: `${target.url}${path}` } }, ...(key === undefined ? {} : { key }) });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body.id;
    };
    // Both tenants call every poison and a healthy target.
    const mine = new Map<string, number>();
    const theirs = new Map<string, number>();
    for (const path of [...Object.keys(POISONS), '/healthy']) {
      mine.set(path, await create(path));
      theirs.set(path, await create(path, otherKey));
    }

    // Every poisoned task records at least two finished runs: the loop went on after the first poison.
    for (const [path, id] of [...mine, ...theirs]) {
      const key = theirs.get(path) === id ? otherKey : undefined;
      await waitFor(`two finished runs of ${path}`, async () => finished(await runsOf(id, key)).length >= 2, 45_000);
    }

    for (const [path, p] of Object.entries(POISONS)) {
      const id = mine.get(path) ?? 0;
      const [run] = finished(await runsOf(id));
      expect(run, path).toBeDefined();
      if (run === undefined) continue;
      // The single run as the API returns it: valid JSON (svc.api would hand back text otherwise), storable text.
      const res = await fetch(`${svc.url}/v1/runs/${run.id}`, { headers: { authorization: `Bearer ${TEST_ADMIN_KEY}` } });
      const text = await res.text();
      const one = JSON.parse(text) as Run;
      expect(unsafeJsonProblems(one), path).toEqual([]);
      expect(['succeeded', 'failed'], path).toContain(one.status);
      expect(one.result, path).not.toBeNull();
      if (one.result !== null) p.expect(one.result);
    }

    // The other tenant's healthy task keeps recording after the poisons were recorded.
    const since = Date.now();
    const healthy = theirs.get('/healthy') ?? 0;
    await waitFor('the other tenant\'s healthy task to record runs after the poison', async () =>
      finished(await runsOf(healthy, otherKey)).filter((r) => Date.parse(r.finished_at ?? '') > since).length >= 2, 30_000);

    // Stuck: runs still `running` well after their call must have ended (each call here is on loopback).
    const [stuck] = await svc.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM runs WHERE status = 'running' AND started_at < tw_now() - interval '5 seconds'",
    );
    console.log(`figure: R15 outcomes stuck: ${stuck?.n ?? -1} [${backend.name}]`);
    expect(stuck?.n).toBe(0);
    const errors = await svc.db.query<{ error: string }>("SELECT error FROM runs WHERE error LIKE 'could not record the outcome%'");
    expect(errors).toEqual([]); // the executors made every body storable: nothing needed isolating
  }, 90_000);

  it('records the checks of a monitor calling a poison URL, and other monitors keep being checked', async () => {
    const monitor = async (body: Record<string, unknown>): Promise<number> => {
      const r = await svc.api<MonitorJson>('/v1/monitors', { body: { interval: 1, ...body } });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body.id;
    };
    const checks = async (id: number) => {
      const res = await fetch(`${svc.url}/v1/monitors/${id}/checks`, { headers: { authorization: `Bearer ${TEST_ADMIN_KEY}` } });
      const body = JSON.parse(await res.text()) as { items: { ok: boolean; error: string | null; checked_at: string }[] };
      expect(unsafeJsonProblems(body)).toEqual([]);
      return body.items;
    };
    const poisoned = [
      await monitor({ url: `${target.url}/nul`, regexp: 'zzz' }),
      await monitor({ url: `${target.url}/bad-utf8`, regexp: 'a.+b' }),
      await monitor({ url: `${target.url}/png`, regexp: 'PNG' }),
      await monitor({ url: `${target.url}/json-nul`, expect_json: { path: '$.a', equals: 'x' } }),
      await monitor({ url: `${target.url}/json-nul?b`, expect_json: { path: '$.b', equals: 'x' } }),
      await monitor({ url: `${target.url}/big-json`, expect_json: { path: '$.a', equals: 'x' } }),
      await monitor({ url: `${target.url}/empty`, expect_json: { path: '$.a', equals: 'x' } }),
    ];
    const healthyRes = await svc.api<MonitorJson>('/v1/monitors', { key: otherKey, body: { interval: 1, url: `${target.url}/healthy` } });
    expect(healthyRes.status).toBe(201);
    const healthy = healthyRes.body.id;
    for (const id of poisoned) await waitFor(`two checks of monitor ${id}`, async () => (await checks(id)).length >= 2, 30_000);
    const since = Date.now();
    const other = async () => {
      const r = await svc.api<Page<CheckJson>>(`/v1/monitors/${healthy}/checks`, { key: otherKey });
      return r.body.items.filter((c) => c.ok && Date.parse(c.checked_at) > since - 1_000);
    };
    await waitFor('the other tenant\'s monitor to keep being checked', async () => (await other()).length >= 2, 30_000);
    const [first] = await checks(poisoned[3] ?? 0);
    expect(first?.ok).toBe(false);
    expect(first?.error).toMatch(/\$\.a/);
    const isolated = await svc.db.query("SELECT 1 FROM checks WHERE error LIKE 'could not record the check%'");
    console.log(`figure: R15 monitor checks isolated: ${isolated.length} [${backend.name}]`);
  }, 90_000);
});
