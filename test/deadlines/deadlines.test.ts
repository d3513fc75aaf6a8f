import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { advanceClock, forEachBackend, postgresBackend, TEST_DATABASE_URL, type TestDatabase } from '../support/backends.ts';
import { startTestService, testEnv, waitFor, type RunningService } from '../support/service.ts';
import type { TaskJson } from '../support/api-types.ts';
import { spawnTickwork, waitForOutput, type TickworkProcess } from '../support/processes.ts';
import { dbNow } from '../../src/store/runs.ts';

const MIN = 60_000;

async function notices(svc: RunningService, taskId: number, type: string): Promise<number> {
  const [row] = await svc.db.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM events WHERE subject_kind = 'task' AND subject_id = $1 AND type = $2",
    [taskId, type],
  );
  return row?.n ?? 0;
}

forEachBackend('deadlines', (backend) => {
  let db: TestDatabase;
  let svc: RunningService;

  beforeAll(async () => {
    db = await backend.create();
    svc = await startTestService(db);
  });
  afterAll(async () => {
    await svc?.close();
    await db?.drop();
  });

  const at = async (fromNowMs: number) => new Date((await dbNow(svc.db)).getTime() + fromNowMs).toISOString();
  const createDeadline = async (expiresInMs: number, notifyBefore?: number) => {
    const body: Record<string, unknown> = { title: 'report due', expires_at: await at(expiresInMs) };
    if (notifyBefore !== undefined) body.notify_before = notifyBefore;
    const r = await svc.api<TaskJson>('/v1/tasks', { body });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.id;
  };
  const waitNotice = (id: number, type: string) => waitFor(`${type} of task ${id}`, async () => (await notices(svc, id, type)) > 0);

  it('sends task.expiring at once when the notice moment has already passed at creation', async () => {
    const id = await createDeadline(5 * MIN); // default notify_before 900 s: the notice moment is 10 minutes ago
    await waitNotice(id, 'task.expiring');
    expect(await notices(svc, id, 'task.expired')).toBe(0);
    expect((await svc.api<TaskJson>(`/v1/tasks/${id}`)).body.state).toBe('active');
  });

  it('sends task.expiring at the lead time and task.expired at the deadline, when the state becomes expired', async () => {
    const id = await createDeadline(60 * MIN, 600);
    // A task whose notice is due now works as a barrier: once it is sent, the watcher has looked at the first one.
    const barrier = await createDeadline(MIN);
    await waitNotice(barrier, 'task.expiring');
    expect(await notices(svc, id, 'task.expiring')).toBe(0);
    await advanceClock(svc.db, 51 * MIN);
    await waitNotice(id, 'task.expiring');
    expect(await notices(svc, id, 'task.expired')).toBe(0);
    expect((await svc.api<TaskJson>(`/v1/tasks/${id}`)).body.state).toBe('active');
    await advanceClock(svc.db, 10 * MIN);
    await waitNotice(id, 'task.expired');
    expect((await svc.api<TaskJson>(`/v1/tasks/${id}`)).body.state).toBe('expired');
    expect(await notices(svc, id, 'task.expiring')).toBe(1);
    expect(await notices(svc, id, 'task.expired')).toBe(1);
  });

  it('re-arms both notices when expires_at changes', async () => {
    const id = await createDeadline(MIN, 30);
    await advanceClock(svc.db, 2 * MIN);
    await waitNotice(id, 'task.expired');
    const r = await svc.api<TaskJson>(`/v1/tasks/${id}`, { method: 'PATCH', body: { expires_at: await at(2 * MIN) } });
    expect(r.status).toBe(200);
    expect(r.body.state).toBe('active');
    await advanceClock(svc.db, 2 * MIN);
    await waitFor('second task.expired', async () => (await notices(svc, id, 'task.expired')) === 2);
    expect(await notices(svc, id, 'task.expiring')).toBe(2);
  });

  it('sends no notice twice after a restart', async () => {
    const id = await createDeadline(MIN, 30);
    await advanceClock(svc.db, 2 * MIN);
    await waitNotice(id, 'task.expired');
    await svc.close();
    svc = await startTestService(db);
    // Barrier: a notice due at once after the restart is sent, so the restarted watcher has run.
    const barrier = await createDeadline(5 * MIN);
    await waitNotice(barrier, 'task.expiring');
    expect(await notices(svc, id, 'task.expiring')).toBe(1);
    expect(await notices(svc, id, 'task.expired')).toBe(1);
  });
});

const reason = TEST_DATABASE_URL === undefined ? ' (skipped: TEST_DATABASE_URL is not set)' : '';

describe.skipIf(TEST_DATABASE_URL === undefined)(`deadlines with two worker processes on PostgreSQL${reason}`, () => {
  let db: TestDatabase;
  let api: RunningService;
  const workers: TickworkProcess[] = [];

  beforeAll(async () => {
    db = await postgresBackend.create();
    api = await startTestService(db, {}, { api: true, engine: false });
  });
  afterEach(async () => {
    for (const w of workers) w.kill('SIGTERM');
    await Promise.all(workers.splice(0).map((w) => w.exited));
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  it('sends each notice exactly once, logged in one line, however the two workers race', async () => {
    for (const name of ['w1', 'w2']) {
      const w = spawnTickwork(['worker'], testEnv(db, { TICKWORK_WORKER_ID: name, TICKWORK_LOG_LEVEL: 'info' }));
      workers.push(w);
      await waitForOutput(w, /worker started/);
    }
    const now = await dbNow(api.db);
    const ids: number[] = [];
    for (let i = 0; i < 40; i++) {
      const r = await api.api<TaskJson>('/v1/tasks', { body: { title: `deadline ${i}`, expires_at: new Date(now.getTime() + 10 * MIN).toISOString() } });
      ids.push(r.body.id);
    }
    await waitFor('every expiring notice', async () => {
      for (const id of ids) if ((await notices(api, id, 'task.expiring')) === 0) return false;
      return true;
    });
    await advanceClock(api.db, 11 * MIN);
    await waitFor('every expired notice', async () => {
      for (const id of ids) if ((await notices(api, id, 'task.expired')) === 0) return false;
      return true;
    });
    for (const id of ids) {
      expect(await notices(api, id, 'task.expiring')).toBe(1);
      expect(await notices(api, id, 'task.expired')).toBe(1);
    }
    const log = workers.map((w) => w.output()).join('\n');
    for (const id of ids) {
      expect(log.match(new RegExp(`"msg":"task ${id} \\\\"deadline \\d+\\\\" of tenant default expires at`, 'g'))).toHaveLength(1);
      expect(log.match(new RegExp(`"msg":"task ${id} \\\\"deadline \\d+\\\\" of tenant default expired at`, 'g'))).toHaveLength(1);
    }
  });
});
