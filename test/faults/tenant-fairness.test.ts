import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { forEachBackend, type TestDatabase } from '../support/backends.ts';
import { startTestService, waitFor, type RunningService } from '../support/service.ts';
import { startTarget, type Target } from '../support/target.ts';

type Run = { id: number; status: string; scheduled_for: string; started_at: string | null };
type Check = { checked_at: string; ok: boolean };

/**
 * FAULTS.md R17: one tenant's calls hanging on a slow target must not starve another tenant. The worker has 20 slots
 * for task calls and 20 for monitor checks (reserve 10 %: 2 each); tenant A fills what it may of both with calls its
 * target never answers until the test releases them, and tenant B's work falling due meanwhile must still run.
 */
forEachBackend('R17: one tenant cannot starve the others', (backend) => {
  let db: TestDatabase;
  let svc: RunningService;
  let target: Target;
  let keyA = '';
  let taskA = 0;
  /** A's calls the target holds open (tasks and monitor checks). */
  const open = new Set<ServerResponse>();
  let released = false;

  beforeAll(async () => {
    db = await backend.create();
    svc = await startTestService(db, { TICKWORK_CONCURRENCY: '20', TICKWORK_MONITOR_CONCURRENCY: '20', TICKWORK_CLAIM_BATCH: '20' });
    target = await startTarget();
    target.on('/hang', (_req, res) => {
      if (released) return void res.end('ok');
      open.add(res);
      res.on('close', () => open.delete(res));
    });
    const key = await svc.api('/v1/api-keys', { body: { name: 'tenant a', scopes: ['write'], tenant: 'tenant-a' } });
    expect(key.status).toBe(201);
    keyA = key.body.key;
  });
  afterAll(async () => {
    released = true;
    for (const res of open) res.end('ok');
    await svc?.close();
    await target?.close();
    await db?.drop();
  });

  const runsOf = async (taskId: number, key?: string): Promise<Run[]> =>
    (await svc.api(`/v1/runs?task_id=${taskId}&limit=500`, key === undefined ? {} : { key })).body.items;

  it("calls tenant B's task on time while 200 calls of tenant A hang", async () => {
    // One task of A, run 200 times by trigger (overlap allow); its scheduled firing is an hour away.
    const t = await svc.api('/v1/tasks', {
      key: keyA,
      body: { interval: 3600, overlap: 'allow', retry: { max_attempts: 1 }, http: { url: `${target.url}/hang`, timeout_ms: 300_000 } },
    });
    expect(t.status).toBe(201);
    taskA = t.body.id;
    for (let i = 0; i < 200; i++) {
      const r = await svc.api(`/v1/tasks/${taskA}/trigger`, { method: 'POST', key: keyA });
      expect(r.status).toBe(202);
    }
    // A takes every slot but the reserve, and no more.
    await waitFor('18 calls of A hanging', async () => open.size >= 18);

    const due = new Date(Date.now() + 1000);
    const b = await svc.api('/v1/tasks', { body: { schedule_time: due.toISOString(), http: { url: `${target.url}/b-task` } } });
    expect(b.status).toBe(201);
    const hit = await waitFor("B's task called", async () => target.hits('/b-task')[0], 15_000);
    expect(open.size, "A's calls still hanging when B's task was called").toBeGreaterThanOrEqual(18);
    expect(open.size, 'A never takes the reserve').toBeLessThanOrEqual(18);
    const [run] = await waitFor("B's run recorded", async () => {
      const runs = await runsOf(b.body.id);
      return runs.length > 0 && runs[0]?.started_at !== null ? runs : null;
    });
    expect(run).toBeDefined();
    const lateness = new Date(run?.started_at ?? 0).getTime() - new Date(run?.scheduled_for ?? 0).getTime();
    console.log(`figure: R17 other tenant's lateness: ${lateness} ms (target received it ${hit.at - due.getTime()} ms after its due time; ${backend.name})`);
    expect(lateness).toBeGreaterThanOrEqual(0);
  });

  it("checks tenant B's monitor while tenant A's task calls and monitor checks hang", async () => {
    // A's monitors hang too, filling what A may take of the check slots (the tally counts calls and checks alike).
    for (let i = 0; i < 30; i++) {
      const m = await svc.api('/v1/monitors', { key: keyA, body: { url: `${target.url}/hang?m=${i}`, interval: 3600, timeout_ms: 60_000 } });
      expect(m.status).toBe(201);
    }
    await waitFor('18 checks of A hanging besides its 18 calls', async () => open.size >= 36);
    const m = await svc.api('/v1/monitors', { body: { url: `${target.url}/b-monitor`, interval: 60 } });
    expect(m.status).toBe(201);
    const checks = await waitFor("B's monitor checked", async () => {
      const c: Check[] = (await svc.api(`/v1/monitors/${m.body.id}/checks`)).body.items;
      return c.length > 0 ? c : null;
    }, 15_000);
    expect(checks[0]?.ok).toBe(true);
    expect(open.size, "A's calls and checks still hanging when B's monitor was checked").toBe(36);
    console.log(`figure: R17 other tenant's monitor checked while ${open.size} calls and checks of A hang (${backend.name})`);
  });

  it("ends every one of A's runs once its target answers: none is lost", async () => {
    released = true;
    for (const res of open) res.end('ok');
    const runs = await waitFor("all of A's runs finished", async () => {
      const all = await runsOf(taskA, keyA);
      const manual = all.filter((r) => r.status !== 'pending' || new Date(r.scheduled_for).getTime() < Date.now() + 60_000);
      return manual.length >= 200 && manual.every((r) => r.status !== 'pending' && r.status !== 'running') ? manual : null;
    }, 40_000);
    expect(runs.filter((r) => r.status === 'succeeded').length).toBe(runs.length);
    expect(runs.length).toBeGreaterThanOrEqual(200);
  });
});
