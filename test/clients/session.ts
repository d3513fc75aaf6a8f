// A session with tickwork written only against the typed client (clients/typescript): the types come from the
// served OpenAPI document, so this file compiling under `tsc --strict` is the proof that a generated client works —
// `{ id: task.id }`, Task, Run and Problem typed — and running it is the proof that the document tells the truth.
// test/clients/typescript.test.ts compiles it on its own and runs it against a service.
import { tickworkClient, type Problem, type Run, type Task, type TaskInput } from '../../clients/typescript/src/index.ts';

export interface SessionOptions {
  baseUrl: string;
  key: string;
  /** A loopback HTTP server the tasks and monitors call. */
  targetUrl: string;
  /** The fetch the client uses (the test passes a recording one). */
  fetch?: typeof fetch;
}

/** What the session saw, for the test to check. */
export interface SessionReport {
  schedules: string[];
  pagedTaskIds: number[];
  failedRun: Run;
  retriedRunId: number;
  monitorChecks: number;
  eventTypes: string[];
  webhookDeliveries: number;
  keyNames: string[];
  notFound: Problem;
}

/** The data of a 2xx answer, or an Error naming the problem. */
function ok<T>(r: { data?: T; error?: unknown; response: Response }, what: string): T {
  if (r.data === undefined) throw new Error(`${what}: ${r.response.status} ${JSON.stringify(r.error)}`);
  return r.data;
}

async function until<T>(what: string, check: () => Promise<T | null>): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const v = await check();
    if (v !== null) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function runSession(o: SessionOptions): Promise<SessionReport> {
  const tw = tickworkClient({ baseUrl: o.baseUrl, key: o.key, ...(o.fetch === undefined ? {} : { fetch: o.fetch }) });
  const health = ok(await tw.GET('/v1/health'), 'health');
  if (health.status !== 'ok') throw new Error('unhealthy');

  // Each schedule kind: once, every N seconds, cron in a zone.
  const inputs: TaskInput[] = [
    { title: 'once', schedule_time: new Date(Date.now() + 3_600_000).toISOString(), http: { url: `${o.targetUrl}/once`, method: 'POST', body: { hello: 'world' } } },
    { title: 'every', interval: 3600, http: { url: `${o.targetUrl}/every`, headers: { 'X-Trace': 'session' } }, retry: { max_attempts: 2, backoff_s: 1 } },
    { title: 'tube', cron: '0 8 * * 1-5', timezone: 'Europe/London', lines: ['central', 'victoria'] },
    { title: 'failing', interval: '1h', http: { url: `${o.targetUrl}/fail`, expect_status: [200] }, retry: { max_attempts: 1 } },
  ];
  const tasks: Task[] = [];
  for (const body of inputs) tasks.push(ok(await tw.POST('/v1/tasks', { body }), `create ${body.title ?? ''}`));
  const schedules = tasks.map((t) => t.schedule?.type ?? 'none');

  // Paging: two at a time until next_cursor is null.
  const pagedTaskIds: number[] = [];
  let cursor: string | undefined;
  do {
    const page = ok(await tw.GET('/v1/tasks', { params: { query: { limit: 2, ...(cursor === undefined ? {} : { cursor }) } } }), 'list tasks');
    pagedTaskIds.push(...page.items.map((t) => t.id));
    cursor = page.next_cursor ?? undefined;
  } while (cursor !== undefined);

  const [once, every, tube, failing] = tasks;
  if (once === undefined || every === undefined || tube === undefined || failing === undefined) throw new Error('tasks missing');
  ok(await tw.GET('/v1/tasks/{id}', { params: { path: { id: once.id } } }), 'get task');
  const renamed = ok(await tw.PATCH('/v1/tasks/{id}', { params: { path: { id: every.id } }, body: { title: 'every hour', description: null } }), 'update');
  if (renamed.title !== 'every hour') throw new Error('not renamed');
  ok(await tw.POST('/v1/tasks/{id}/pause', { params: { path: { id: tube.id } } }), 'pause');
  ok(await tw.POST('/v1/tasks/{id}/resume', { params: { path: { id: tube.id } } }), 'resume');
  ok(await tw.GET('/v1/tasks/{id}/next', { params: { path: { id: tube.id }, query: { count: 3 } } }), 'next');
  ok(await tw.POST('/v1/schedules/preview', { body: { cron: '30 2 * * *', timezone: 'Europe/London', count: 2 } }), 'preview');

  // Trigger, a failed run, its retry; runs listed.
  const { run_id } = ok(await tw.POST('/v1/tasks/{id}/trigger', { params: { path: { id: failing.id } } }), 'trigger');
  const failedRun = await until('the run to fail', async () => {
    const run = ok(await tw.GET('/v1/runs/{id}', { params: { path: { id: run_id } } }), 'get run');
    return run.status === 'failed' ? run : null;
  });
  const retried = ok(await tw.POST('/v1/runs/{id}/retry', { params: { path: { id: failedRun.id } } }), 'retry');
  ok(await tw.GET('/v1/runs', { params: { query: { task_id: failing.id, status: 'failed' } } }), 'list runs');
  ok(await tw.GET('/v1/tasks/{id}/runs', { params: { path: { id: failing.id }, query: { limit: 5 } } }), 'task runs');

  // A monitor and its checks.
  const monitor = ok(await tw.POST('/v1/monitors', { body: { url: `${o.targetUrl}/health`, regexp: 'ok', interval: 3600 } }), 'monitor');
  await until('a check', async () => (ok(await tw.GET('/v1/monitors/{id}', { params: { path: { id: monitor.id } } }), 'get monitor').last_check === null ? null : true));
  const checks = ok(await tw.GET('/v1/monitors/{id}/checks', { params: { path: { id: monitor.id } } }), 'checks');
  ok(await tw.PATCH('/v1/monitors/{id}', { params: { path: { id: monitor.id } }, body: { failure_threshold: 2 } }), 'update monitor');

  // A webhook and its deliveries.
  const hook = ok(await tw.POST('/v1/webhooks', { body: { url: `${o.targetUrl}/hook`, events: ['task.*'] } }), 'webhook');
  ok(await tw.POST('/v1/tasks', { body: { title: 'for the webhook', expires_at: '2999-01-01T00:00:00Z' } }), 'task for the webhook');
  const deliveries = await until('a delivery', async () => {
    const page = ok(await tw.GET('/v1/webhooks/{id}/deliveries', { params: { path: { id: hook.id } } }), 'deliveries');
    return page.items.length > 0 ? page.items.length : null;
  });
  ok(await tw.POST('/v1/webhooks/{id}/rotate-secret', { params: { path: { id: hook.id } } }), 'rotate');

  // Events, in id order after the first one.
  const events = ok(await tw.GET('/v1/events', { params: { query: { limit: 100, type: 'task.*' } } }), 'events');
  const first = events.items[0];
  if (first !== undefined) ok(await tw.GET('/v1/events', { params: { query: { after: first.id } } }), 'events after');

  // Keys: make one, list, revoke.
  const made = ok(await tw.POST('/v1/api-keys', { body: { name: 'session', scopes: ['read'] } }), 'key');
  const keys = ok(await tw.GET('/v1/api-keys'), 'keys');
  const revoked = await tw.DELETE('/v1/api-keys/{id}', { params: { path: { id: made.id } } });
  if (revoked.response.status !== 204) throw new Error('not revoked');

  // A problem is typed too.
  const missing = await tw.GET('/v1/tasks/{id}', { params: { path: { id: 999_999 } } });
  if (missing.error === undefined) throw new Error('found a task that does not exist');

  await tw.DELETE('/v1/tasks/{id}', { params: { path: { id: once.id } } });
  await tw.DELETE('/v1/monitors/{id}', { params: { path: { id: monitor.id } } });
  await tw.DELETE('/v1/webhooks/{id}', { params: { path: { id: hook.id } } });
  return {
    schedules,
    pagedTaskIds,
    failedRun,
    retriedRunId: retried.run_id,
    monitorChecks: checks.items.length,
    eventTypes: events.items.map((e) => e.type),
    webhookDeliveries: deliveries,
    keyNames: keys.items.map((k) => k.name),
    notFound: missing.error,
  };
}
