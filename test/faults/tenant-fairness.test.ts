import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import fc from 'fast-check';
import { forEachBackend, type TestDatabase } from '../support/backends.ts';
import type { Db } from '../../src/store/db.ts';
import { claimDue } from '../../src/store/claims.ts';
import { claimDueMonitors } from '../../src/store/checks.ts';
import { chooseDue, reserveSlots, slotShares, type DueItem, type SlotPolicy, type TenantLoad } from '../../src/domain/tenant-slots.ts';
import { startTestService, waitFor, type RunningService } from '../support/service.ts';
import type { ApiKeyWithSecretJson, CheckJson as Check, MonitorJson, Page, RunCreatedJson, RunJson as Run, TaskJson } from '../support/api-types.ts';
import { startTarget, type Target } from '../support/target.ts';


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
    const key = await svc.api<ApiKeyWithSecretJson>('/v1/api-keys', { body: { name: 'tenant a', scopes: ['write'], tenant: 'tenant-a' } });
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
    (await svc.api<Page<Run>>(`/v1/runs?task_id=${taskId}&limit=500`, key === undefined ? {} : { key })).body.items;

  it("calls tenant B's task on time while 200 calls of tenant A hang", async () => {
    // One task of A, run 200 times by trigger (overlap allow); its scheduled firing is an hour away.
    const t = await svc.api<TaskJson>('/v1/tasks', {
      key: keyA,
      body: { interval: 3600, overlap: 'allow', retry: { max_attempts: 1 }, http: { url: `${target.url}/hang`, timeout_ms: 300_000 } },
    });
    expect(t.status).toBe(201);
    taskA = t.body.id;
    for (let i = 0; i < 200; i++) {
      const r = await svc.api<RunCreatedJson>(`/v1/tasks/${taskA}/trigger`, { method: 'POST', key: keyA });
      expect(r.status).toBe(202);
    }
    // A takes every slot but the reserve, and no more.
    await waitFor('18 calls of A hanging', async () => open.size >= 18);

    // While A's due work waits for A's slots, the loop must sleep, not spin on work it may not claim: count its looks
    // at the next due time (one per claim that found less than it wanted) until B's task is called.
    let looks = 0;
    const query = svc.db.query.bind(svc.db);
    svc.db.query = (text, values, name) => {
      if (name === 'ms_until_next_due') looks++;
      return query(text, values, name);
    };
    const due = new Date(Date.now() + 1000);
    const b = await svc.api<TaskJson>('/v1/tasks', { body: { schedule_time: due.toISOString(), http: { url: `${target.url}/b-task` } } });
    expect(b.status).toBe(201);
    const hit = await waitFor("B's task called", async () => target.hits('/b-task')[0], 15_000);
    svc.db.query = query;
    expect(looks, 'the worker looked for due work in a loop while A was saturated').toBeLessThan(20);
    expect(open.size, "A's calls still hanging when B's task was called").toBeGreaterThanOrEqual(18);
    expect(open.size, 'A never takes the reserve').toBeLessThanOrEqual(18);
    const metrics = await (await fetch(`${svc.url}/metrics`)).text();
    expect(metrics).toContain('tickwork_tenants_saturated{loop="tasks"} 1');
    const [run] = await waitFor("B's run recorded", async () => {
      const runs = await runsOf(b.body.id);
      return runs.length > 0 && runs[0]?.started_at !== null ? runs : null;
    });
    expect(run).toBeDefined();
    const lateness = new Date(run?.started_at ?? 0).getTime() - new Date(run?.scheduled_for ?? 0).getTime();
    console.log(`figure: R17 other tenant's lateness: ${lateness} ms (target received it ${hit.at - due.getTime()} ms after its due time; ${looks} looks for due work meanwhile; ${backend.name})`);
    expect(lateness).toBeGreaterThanOrEqual(0);
  });

  it("checks tenant B's monitor while tenant A's task calls and monitor checks hang", async () => {
    // A's monitors hang too, filling what A may take of the check slots (the tally counts calls and checks alike).
    for (let i = 0; i < 30; i++) {
      const m = await svc.api<MonitorJson>('/v1/monitors', { key: keyA, body: { url: `${target.url}/hang?m=${i}`, interval: 3600, timeout_ms: 60_000 } });
      expect(m.status).toBe(201);
    }
    await waitFor('18 checks of A hanging besides its 18 calls', async () => open.size >= 36);
    const m = await svc.api<MonitorJson>('/v1/monitors', { body: { url: `${target.url}/b-monitor`, interval: 60 } });
    expect(m.status).toBe(201);
    const checks = await waitFor("B's monitor checked", async () => {
      const c: Check[] = (await svc.api<Page<Check>>(`/v1/monitors/${m.body.id}/checks`)).body.items;
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

/** The claim statements choose what the slot rule (domain/tenant-slots.ts chooseDue) chooses. */
forEachBackend('claims honour the slot rule', (backend) => {
  let db: TestDatabase;
  let conn: Db;
  const TENANTS = ['ta', 'tb', 'tc', 'td'];
  const taskOf = new Map<string, number>();

  beforeAll(async () => {
    db = await backend.create();
    conn = await db.open();
    for (const t of TENANTS) {
      await conn.query('INSERT INTO tenants (id) VALUES ($1)', [t]);
      const [task] = await conn.query<{ id: number }>(
        `INSERT INTO tasks (tenant_id, action, overlap) VALUES ($1, '{"type":"http","url":"http://127.0.0.1:9/"}', 'allow') RETURNING id`,
        [t],
      );
      taskOf.set(t, task?.id ?? 0);
    }
  });
  afterAll(async () => {
    await conn?.close();
    await db?.drop();
  });

  const scene = fc.record({
    total: fc.integer({ min: 2, max: 30 }),
    percent: fc.integer({ min: 0, max: 50 }),
    cap: fc.option(fc.integer({ min: 1, max: 30 }), { nil: null }),
    here: fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 4, maxLength: 4 }),
    limit: fc.integer({ min: 1, max: 10 }),
    // Seconds overdue; few distinct values, so ties between tenants are common.
    due: fc.array(fc.record({ tenant: fc.constantFrom(...TENANTS), ago: fc.integer({ min: 1, max: 5 }) }), { maxLength: 40 }),
  });
  const setUp = (s: typeof scene extends fc.Arbitrary<infer T> ? T : never) => {
    const policy: SlotPolicy = { total: s.total, reserve: reserveSlots(s.total, s.percent), tenantCap: s.cap };
    const loads: TenantLoad[] = TENANTS.map((tenantId, i) => ({ tenantId, here: s.here[i] ?? 0, all: s.here[i] ?? 0 }));
    // The statements see only the first 4 × limit candidates; the rule sees them all: keep within that.
    const shares = slotShares(policy, s.limit, loads);
    return { shares, due: s.due.slice(0, 4 * s.limit) };
  };
  /** Runs `fn` on a snapshot of due rows, then rolls everything back. */
  const rolledBack = async <T>(fn: (tx: Parameters<Parameters<Db['transaction']>[0]>[0]) => Promise<T>): Promise<T> => {
    let out: T | undefined;
    await conn
      .transaction(async (tx) => {
        out = await fn(tx);
        throw new Error('rollback');
      })
      .catch((err: unknown) => {
        if (!(err instanceof Error && err.message === 'rollback')) throw err;
      });
    return out as T;
  };

  it('claims the runs the rule chooses: the reserve kept, the tenant with the fewest calls in flight first', async () => {
    await fc.assert(
      fc.asyncProperty(scene, async (s) => {
        const { shares, due } = setUp(s);
        const { expected, got } = await rolledBack(async (tx) => {
          const items: DueItem[] = [];
          for (const [i, d] of due.entries()) {
            const [row] = await tx.query<{ id: number; due_ms: number }>(
              `INSERT INTO runs (tenant_id, task_id, scheduled_for, due_at, origin)
               VALUES ($1, $2, tw_now() - make_interval(secs => $3) + make_interval(secs => $4 / 1e6), tw_now() - make_interval(secs => $3), 'manual')
               RETURNING id, (extract(epoch FROM due_at) * 1000)::float8 AS due_ms`,
              [d.tenant, taskOf.get(d.tenant), d.ago, i],
            );
            if (row !== undefined) items.push({ id: row.id, tenantId: d.tenant, dueAt: row.due_ms });
          }
          const claims = await claimDue(tx, 'w', s.limit, 30, 0, shares);
          return { expected: chooseDue(shares, s.limit, items).map((d) => d.id).sort((a, b) => a - b), got: claims.map((c) => c.run_id).sort((a, b) => a - b) };
        });
        expect(got).toEqual(expected);
      }),
      { numRuns: 40 },
    );
  });

  it('claims the monitors the rule chooses', async () => {
    await fc.assert(
      fc.asyncProperty(scene, async (s) => {
        const { shares, due } = setUp(s);
        const { expected, got } = await rolledBack(async (tx) => {
          const items: DueItem[] = [];
          for (const [i, d] of due.entries()) {
            const [row] = await tx.query<{ id: number; due_ms: number }>(
              `INSERT INTO monitors (tenant_id, url, next_check_at) VALUES ($1, $2, tw_now() - make_interval(secs => $3))
               RETURNING id, (extract(epoch FROM next_check_at) * 1000)::float8 AS due_ms`,
              [d.tenant, `http://127.0.0.1:9/${i}`, d.ago],
            );
            if (row !== undefined) items.push({ id: row.id, tenantId: d.tenant, dueAt: row.due_ms });
          }
          const claims = await claimDueMonitors(tx, s.limit, 30, shares);
          return { expected: chooseDue(shares, s.limit, items).map((d) => d.id).sort((a, b) => a - b), got: claims.map((c) => c.monitor_id).sort((a, b) => a - b) };
        });
        expect(got).toEqual(expected);
      }),
      { numRuns: 40 },
    );
  });
});
