import { afterAll, beforeAll, expect, it } from 'vitest';
import { countingDb, forEachBackend, type TestDatabase } from '../support/backends.ts';
import { startTestService, TEST_SECRET_KEY, type RunningService } from '../support/service.ts';
import type { EventJson, Page, TaskJson } from '../support/api-types.ts';
import { createTasks } from '../../src/store/tasks.ts';
import { SYSTEM_ACTOR } from '../../src/domain/event.ts';
import { secretBox } from '../../src/store/secrets.ts';
import { taskChangesFrom } from '../../src/domain/task-input.ts';

const CAP = 1_200;

interface Problem {
  code: string;
  errors?: { field: string; message: string }[];
}

/**
 * `POST /v1/tasks/batch` (API.md): up to 1,000 tasks, all or none, each validated as a single create and named by its
 * index when bad; the tenant's task cap holds for the whole batch; Idempotency-Key as for a single create.
 */
forEachBackend('tasks batch create', (backend) => {
  let db: TestDatabase;
  let svc: RunningService;

  beforeAll(async () => {
    db = await backend.create();
    // API only: the firings created here stay pending, where the test can see them.
    svc = await startTestService(db, { TICKWORK_MAX_TASKS_PER_TENANT: String(CAP) }, { api: true, engine: false });
  });
  afterAll(async () => {
    await svc?.close();
    await db?.drop();
  });

  const liveTasks = async (): Promise<number> =>
    (await svc.db.query<{ n: number }>('SELECT count(*)::int AS n FROM tasks WHERE deleted_at IS NULL'))[0]?.n ?? NaN;
  const deadline = (): { expires_at: string } => ({ expires_at: new Date(Date.now() + 86_400_000).toISOString() });

  it('creates every task of a batch in the order given, each with its first firing and its task.created event', async () => {
    const at = new Date(Date.now() + 3_600_000);
    at.setMilliseconds(0);
    const tasks = [
      { title: 'first', schedule_time: at.toISOString(), http: { url: 'http://127.0.0.1:9/a' } },
      { title: 'second', interval: 60, http: { url: 'http://127.0.0.1:9/b', method: 'POST', body: '{}' } },
      { title: 'third', ...deadline() },
    ];
    const r = await svc.api<{ items: TaskJson[] }>('/v1/tasks/batch', { body: { tasks } });
    expect(r.status).toBe(201);
    expect(r.body.items.map((t) => t.title)).toEqual(['first', 'second', 'third']);
    const ids = r.body.items.map((t) => t.id);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    expect(r.body.items[0]?.next_run_at).toBe(at.toISOString());
    for (const t of r.body.items) expect((await svc.api<TaskJson>(`/v1/tasks/${t.id}`)).body).toEqual(t);
    const firings = await svc.db.query<{ task_id: number; due_at: Date }>(
      'SELECT task_id, due_at FROM runs WHERE task_id = ANY($1::bigint[]) ORDER BY task_id',
      [ids],
    );
    expect(firings.map((f) => f.task_id)).toEqual(ids.slice(0, 2));
    expect(firings[0]?.due_at.toISOString()).toBe(at.toISOString());
    const events = (await svc.api<Page<EventJson>>('/v1/events?type=task.created&limit=500')).body.items.filter((e) => ids.includes(e.subject.id));
    expect(events.map((e) => e.subject.id)).toEqual(ids);
    expect(events.map((e) => (e.data as { title: string }).title)).toEqual(['first', 'second', 'third']);
    // Made with the test's admin key: every event names that key as its actor.
    expect(events.map((e) => e.actor?.kind)).toEqual(['key', 'key', 'key']);
  });

  it('creates nothing when one item is bad, and names each bad field by its item index', async () => {
    const before = await liveTasks();
    const tasks = [
      deadline(),
      { interval: 60, http: { url: 'ftp://127.0.0.1/x' } },
      deadline(),
      { cron: 'not a cron', http: { url: 'http://127.0.0.1:9/c' } },
      { interval: 'soon', http: { url: 'http://127.0.0.1:9/d' }, colour: 'red' },
      { title: 'no schedule, no action, no deadline' },
    ];
    const r = await svc.api<Problem>('/v1/tasks/batch', { body: { tasks } });
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(r.body.code).toBe('invalid_field');
    const fields = (r.body.errors ?? []).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['tasks[1].http.url', 'tasks[3].cron', 'tasks[4].colour', 'tasks[5].schedule_time']));
    expect(fields.some((f) => f.startsWith('tasks[0]') || f.startsWith('tasks[2]'))).toBe(false);
    expect(await liveTasks()).toBe(before);
  });

  it('refuses a batch of more than 1,000 tasks, and an empty one, creating nothing', async () => {
    const before = await liveTasks();
    const over = await svc.api<Problem>('/v1/tasks/batch', { body: { tasks: Array.from({ length: 1_001 }, deadline) } });
    expect(over.status).toBe(400);
    expect(over.body.errors?.map((e) => e.field)).toEqual(['tasks']);
    const empty = await svc.api<Problem>('/v1/tasks/batch', { body: { tasks: [] } });
    expect(empty.status).toBe(400);
    expect(empty.body.errors?.map((e) => e.field)).toEqual(['tasks']);
    const notAList = await svc.api<Problem>('/v1/tasks/batch', { body: { tasks: deadline(), more: 1 } });
    expect(notAList.status).toBe(400);
    expect(notAList.body.errors?.map((e) => e.field).sort()).toEqual(['more', 'tasks']);
    expect(await liveTasks()).toBe(before);
  });

  it('replays the first response to a repeated Idempotency-Key instead of creating the batch twice', async () => {
    const body = { tasks: [{ title: 'once', ...deadline() }, { title: 'once too', ...deadline() }] };
    const first = await svc.api<{ items: TaskJson[] }>('/v1/tasks/batch', { body, headers: { 'idempotency-key': 'batch-1' } });
    expect(first.status).toBe(201);
    const before = await liveTasks();
    const again = await svc.api<{ items: TaskJson[] }>('/v1/tasks/batch', { body, headers: { 'idempotency-key': 'batch-1' } });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await liveTasks()).toBe(before);
    const other = await svc.api<Problem>('/v1/tasks/batch', { body: { tasks: [deadline()] }, headers: { 'idempotency-key': 'batch-1' } });
    expect(other.status).toBe(409);
  });

  it('needs the write scope', async () => {
    const reader = (await svc.api<{ key: string }>('/v1/api-keys', { body: { name: 'reader', scopes: ['read'] } })).body.key;
    const r = await svc.api<Problem>('/v1/tasks/batch', { key: reader, body: { tasks: [deadline()] } });
    expect(r.status).toBe(403);
  });

  it("holds the tenant's task cap for the whole batch: one that would pass it creates nothing, one that fills it is created", async () => {
    const room = CAP - (await liveTasks());
    expect(room).toBeGreaterThan(1_000);
    for (const size of [1_000, room - 1_010]) {
      expect((await svc.api('/v1/tasks/batch', { body: { tasks: Array.from({ length: size }, deadline) } })).status).toBe(201);
    }
    const over = await svc.api<Problem>('/v1/tasks/batch', { body: { tasks: Array.from({ length: 11 }, deadline) } });
    expect(over.status).toBe(409);
    expect(over.body.code).toBe('quota_exceeded');
    expect(await liveTasks()).toBe(CAP - 10);
    const exact = await svc.api('/v1/tasks/batch', { body: { tasks: Array.from({ length: 10 }, deadline) } });
    expect(exact.status).toBe(201);
    expect(await liveTasks()).toBe(CAP);
    expect((await svc.api('/v1/tasks', { body: deadline() })).status).toBe(409);
  });
});

forEachBackend('tasks batch create statements', (backend) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await backend.create();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('inserts a batch of 500 tasks with their firings and events in one statement, after one read of ids and the clock', async () => {
    const raw = await db.open();
    try {
      const counts = new Map<string, number>();
      const context = { defaultTimezone: 'UTC', allowPrivateTargets: true, current: null };
      const changes = Array.from({ length: 500 }, (_, i) => taskChangesFrom({ title: `t${i}`, interval: 60, http: { url: 'http://127.0.0.1:9/' } }, context));
      const views = await createTasks(countingDb(raw, counts), 'default', changes, 100_000, secretBox([TEST_SECRET_KEY]), SYSTEM_ACTOR);
      expect(views).toHaveLength(500);
      expect(Object.fromEntries(counts)).toEqual({ reserve_task_ids: 1, create_tasks: 1 });
      const [row] = await raw.query<{ tasks: number; runs: number; events: number }>(
        `SELECT (SELECT count(*)::int FROM tasks) AS tasks, (SELECT count(*)::int FROM runs) AS runs,
                (SELECT count(*)::int FROM events WHERE type = 'task.created' AND actor->>'kind' = 'system') AS events`,
      );
      expect(row).toEqual({ tasks: 500, runs: 500, events: 500 });
    } finally {
      await raw.close();
    }
  });
});
