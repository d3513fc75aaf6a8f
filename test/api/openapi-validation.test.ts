import { afterAll, beforeAll, expect, it } from 'vitest';
import { forEachBackend, type TestDatabase } from '../support/backends.ts';
import { startTestService, TEST_ADMIN_KEY, waitFor, type RunningService } from '../support/service.ts';
import type { ApiKeyWithSecretJson, DeliveryJson, EventJson, MonitorJson, Page, RunCreatedJson, RunJson, TaskJson, WebhookWithSecretJson } from '../support/api-types.ts';
import { found } from '../support/found.ts';
import { startTarget, type Target } from '../support/target.ts';
import { OpenApiValidator, recordingFetch, type Exchange } from './openapi-validator.ts';

/**
 * A validating proxy over a whole API session: every operation of the document is called, with what it accepts and
 * with what it refuses (400, 401, 403, 404, 405, 409, 413, 415, 429), and every request/response pair is held
 * against the served /openapi.json (openapi-validator.ts). Not one violation: an answer the document does not
 * declare breaks generated clients and validating proxies alike.
 */

/** The operations of the document at the time of writing: the session must reach each with a 2xx. */
const EXERCISED = [
  'getHealth', 'listTasks', 'createTask', 'getTask', 'replaceTask', 'updateTask', 'deleteTask', 'pauseTask', 'resumeTask', 'triggerTask',
  'listTaskRuns', 'previewTaskSchedule', 'listRuns', 'getRun', 'cancelRun', 'retryRun', 'listEvents', 'streamEvents', 'createWebhook',
  'listWebhooks', 'getWebhook', 'deleteWebhook', 'rotateWebhookSecret', 'listWebhookDeliveries', 'previewSchedule', 'createApiKey',
  'listApiKeys', 'deleteApiKey', 'listMonitors', 'createMonitor', 'getMonitor', 'updateMonitor', 'deleteMonitor', 'listMonitorChecks',
  'pingHeartbeat', 'pingHeartbeatWithBody',
];

interface Call {
  method?: string;
  body?: unknown;
  form?: Record<string, string | string[]>;
  raw?: { type: string; text: string };
  key?: string | null;
  headers?: Record<string, string>;
}

forEachBackend('the API session through a validating proxy', (backend) => {
  let db: TestDatabase;
  let svc: RunningService;
  let target: Target;
  let validator: OpenApiValidator;
  const exchanges: Exchange[] = [];
  const recorded = recordingFetch((x) => exchanges.push(x));

  beforeAll(async () => {
    db = await backend.create();
    svc = await startTestService(db, { TICKWORK_AUTH_FAILURE_LIMIT: '5', TICKWORK_BODY_LIMIT: '65536' });
    target = await startTarget();
    target.on('/fail', (_req, res) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('broken');
    });
    validator = new OpenApiValidator((await (await fetch(`${svc.url}/openapi.json`)).json()) as Record<string, unknown>);
  });
  afterAll(async () => {
    await svc?.close();
    await target?.close();
    await db?.drop();
  });

  /** One request through the recording fetch; the JSON body of the answer. */
  async function call<T = unknown>(path: string, c: Call = {}): Promise<{ status: number; body: T }> {
    const headers: Record<string, string> = { ...c.headers };
    if (c.key !== null) headers.authorization = `Bearer ${c.key ?? TEST_ADMIN_KEY}`;
    let body: string | undefined;
    if (c.form !== undefined) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(c.form)) for (const one of [v].flat()) params.append(k, one);
      body = params.toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    } else if (c.raw !== undefined) {
      body = c.raw.text;
      headers['content-type'] = c.raw.type;
    } else if (c.body !== undefined) {
      body = JSON.stringify(c.body);
      headers['content-type'] = 'application/json';
    }
    const res = await recorded(`${svc.url}${path}`, { method: c.method ?? (body === undefined ? 'GET' : 'POST'), headers, body });
    const text = await res.text();
    try {
      return { status: res.status, body: JSON.parse(text) as T };
    } catch {
      return { status: res.status, body: text as T };
    }
  }

  it('answers a whole session — every operation, accepted and refused — only as the document declares', { timeout: 120_000 }, async () => {
    const expectStatus = async <T = unknown>(status: number, path: string, c: Call = {}) => {
      const r = await call<T>(path, c);
      expect(r.status, `${c.method ?? ((c.body ?? c.form ?? c.raw) === undefined ? 'GET' : 'POST')} ${path}: ${JSON.stringify(r.body)}`).toBe(status);
      return r.body;
    };
    await expectStatus(200, '/v1/health', { key: null });

    // Tasks: each schedule kind, JSON and form; lists paged; updates; actions.
    const once = await expectStatus<TaskJson>(201, '/v1/tasks', { body: { title: 'once', schedule_time: new Date(Date.now() + 3_600_000).toISOString(), http: { url: `${target.url}/once`, method: 'POST', body: { k: 'v' } } } });
    const every = await expectStatus<TaskJson>(201, '/v1/tasks', { body: { title: 'every', interval: 3600, http: { url: `${target.url}/every`, headers: { Authorization: 'Bearer x' } }, retry: { max_attempts: 2 } } });
    const cron = await expectStatus<TaskJson>(201, '/v1/tasks/', { form: { title: 'tube', cron: '0 8 * * 1-5', timezone: 'Europe/London', lines: 'central,victoria' } });
    const deadline = await expectStatus<TaskJson>(201, '/v1/tasks', { form: { title: 'deadline', expires_at: new Date(Date.now() + 86_400_000).toISOString(), notify_before: '60' } });
    const failing = await expectStatus<TaskJson>(201, '/v1/tasks', { body: { title: 'failing', interval: '1h', http: { url: `${target.url}/fail` }, retry: { max_attempts: 1 } } });
    const first = await expectStatus<Page<TaskJson>>(200, '/v1/tasks?limit=2');
    expect(first.next_cursor).toEqual(expect.any(String));
    await expectStatus(200, `/v1/tasks?limit=2&cursor=${encodeURIComponent(String(first.next_cursor))}`);
    await expectStatus(200, '/v1/tasks?state=active');
    await expectStatus(200, `/v1/tasks/${once.id}`);
    await expectStatus(200, `/v1/tasks/${every.id}`, { method: 'PATCH', body: { title: 'every hour', description: null } });
    await expectStatus(200, `/v1/tasks/${every.id}`, { method: 'PUT', form: { description: 'put as a form', notify_before: '' } });
    await expectStatus(200, `/v1/tasks/${cron.id}/pause`, { method: 'POST' });
    await expectStatus(200, `/v1/tasks/${cron.id}/resume`, { method: 'POST' });
    await expectStatus(200, `/v1/tasks/${cron.id}/next?count=3`);
    const triggered = await expectStatus<RunCreatedJson>(202, `/v1/tasks/${failing.id}/trigger`, { method: 'POST' });
    const failed = await waitFor('the triggered run to fail', async () => {
      const r = await call<RunJson>(`/v1/runs/${triggered.run_id}`);
      return r.body.status === 'failed' ? r.body : null;
    });
    await expectStatus(202, `/v1/runs/${failed.id}/retry`, { method: 'POST' });
    await expectStatus(200, `/v1/tasks/${failing.id}/runs?limit=1`);
    await expectStatus(200, `/v1/runs?task_id=${failing.id}&status=failed&since=2000-01-01T00:00:00Z`);
    const pending = await expectStatus<RunCreatedJson>(202, `/v1/tasks/${once.id}/trigger`, { method: 'POST' });
    const cancel = await call(`/v1/runs/${pending.run_id}/cancel`, { method: 'POST' });
    expect([200, 409]).toContain(cancel.status);
    await expectStatus(204, `/v1/tasks/${deadline.id}`, { method: 'DELETE' });

    await expectStatus(200, '/v1/schedules/preview', { body: { cron: '30 2 * * *', timezone: 'Europe/London', count: 3, from: '2026-03-28T00:00:00Z' } });
    await expectStatus(200, '/v1/schedules/preview', { form: { interval: '90', count: '2' } });

    // Monitors, their checks, heartbeats and pings.
    const monitor = await expectStatus<MonitorJson>(201, '/v1/monitors', { body: { url: `${target.url}/health`, regexp: 'ok', interval: '1h' } });
    await expectStatus(200, '/v1/monitors', { form: { url: `${target.url}/health`, regexp: 'ok', interval: '3600' } });
    const heartbeat = await expectStatus<MonitorJson>(201, '/v1/monitors', { body: { type: 'heartbeat', period: '1h', grace: '5m' } });
    await expectStatus(200, '/v1/monitors?limit=1');
    await expectStatus(200, `/v1/monitors/${monitor.id}`, { method: 'PATCH', body: { failure_threshold: 2, expect_json: null } });
    await waitFor('the first check', async () => (await call<MonitorJson>(`/v1/monitors/${monitor.id}`)).body.last_check !== null);
    await expectStatus(200, `/v1/monitors/${monitor.id}/checks?since=2000-01-01T00:00:00Z`);
    const token = new URL(String(heartbeat.ping_url)).pathname;
    await expectStatus(200, token, { key: null });
    await expectStatus(200, token, { key: null, method: 'POST', raw: { type: 'text/plain', text: 'job output' } });
    await expectStatus(204, `/v1/monitors/${heartbeat.id}`, { method: 'DELETE' });

    // Webhooks and their deliveries.
    const hook = await expectStatus<WebhookWithSecretJson>(201, '/v1/webhooks', { body: { url: `${target.url}/hook`, events: ['task.*'] } });
    await expectStatus(200, '/v1/webhooks');
    await expectStatus(200, `/v1/webhooks/${hook.id}`);
    await expectStatus(200, `/v1/webhooks/${hook.id}/rotate-secret`, { method: 'POST' });
    await expectStatus(201, '/v1/tasks', { body: { title: 'for the webhook', interval: 3600, lines: ['central'] } });
    await waitFor('a delivery', async () => (await call<Page<DeliveryJson>>(`/v1/webhooks/${hook.id}/deliveries`)).body.items.length > 0);

    // Events, listed and streamed.
    const events = await expectStatus<Page<EventJson>>(200, '/v1/events?limit=5&type=task.*');
    await expectStatus(200, `/v1/events?after=${found(events.items[0], 'the first task event').id}`);
    const controller = new AbortController();
    const stream = await recorded(`${svc.url}/v1/events/stream?after=0`, { headers: { authorization: `Bearer ${TEST_ADMIN_KEY}` }, signal: controller.signal });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = stream.body?.getReader();
    let text = '';
    while (reader !== undefined && !/^data: .*$/m.test(text)) {
      const chunk = await reader.read();
      if (chunk.done) break;
      text += new TextDecoder().decode(chunk.value);
    }
    controller.abort();
    const data = /^data: (.*)$/m.exec(text)?.[1] ?? 'no data line';
    expect(validator.schemaErrors('Event', JSON.parse(data))).toEqual([]);

    // Keys.
    const reader_ = await expectStatus<ApiKeyWithSecretJson>(201, '/v1/api-keys', { body: { name: 'reader', scopes: ['read'] } });
    await expectStatus(200, '/v1/api-keys');
    const spare = await expectStatus<ApiKeyWithSecretJson>(201, '/v1/api-keys', { form: { name: 'spare', scopes: ['read', 'write'] } });
    await expectStatus(204, `/v1/api-keys/${spare.id}`, { method: 'DELETE' });
    await expectStatus(204, `/v1/monitors/${monitor.id}`, { method: 'DELETE' });
    await expectStatus(204, `/v1/webhooks/${hook.id}`, { method: 'DELETE' });

    // What the API refuses.
    await expectStatus(400, '/v1/tasks/abc');
    await expectStatus(400, '/v1/tasks?limit=0');
    await expectStatus(400, '/v1/tasks', { body: { cron: 'not cron', http: { url: 'ftp://x' }, unknown: 1 } });
    await expectStatus(400, '/v1/tasks', { form: { http: 'http://example.com' } });
    await expectStatus(400, '/v1/runs?cursor=forged');
    await expectStatus(404, '/v1/tasks/999999');
    await expectStatus(404, '/v1/monitors/999999/checks');
    await expectStatus(404, '/v1/nothing-here');
    await expectStatus(405, '/v1/tasks', { method: 'DELETE' });
    await expectStatus(403, '/v1/tasks', { key: reader_.key, body: { title: 'read keys cannot' } });
    await expectStatus(403, '/v1/api-keys', { key: reader_.key });
    const noAction = await expectStatus<TaskJson>(201, '/v1/tasks', { body: { title: 'only a deadline', expires_at: '2999-01-01T00:00:00Z' } });
    await expectStatus(409, `/v1/tasks/${noAction.id}/trigger`, { method: 'POST', headers: { 'idempotency-key': 'k-1' } });
    await expectStatus(201, '/v1/tasks', { body: { title: 'idempotent', expires_at: '2999-01-01T00:00:00Z' }, headers: { 'idempotency-key': 'k-2' } });
    await expectStatus(409, '/v1/tasks', { body: { title: 'another body', expires_at: '2999-01-01T00:00:00Z' }, headers: { 'idempotency-key': 'k-2' } });
    await expectStatus(404, `/v1/tasks/${deadline.id}/trigger`, { method: 'POST' });
    await expectStatus(413, '/v1/tasks', { body: { description: 'x'.repeat(70_000) } });
    await expectStatus(415, '/v1/tasks', { raw: { type: 'text/plain', text: 'title=x' } });
    await expectStatus(404, '/v1/ping/hb_000000000000000000000000', { key: null });
    await expectStatus(401, '/v1/tasks', { key: null });
    for (let i = 0; i < 5; i++) await call('/v1/tasks', { key: `tw_wrong_${i}` });
    await expectStatus(429, '/v1/tasks', { key: 'tw_wrong_again' });

    for (const x of exchanges) validator.check(x);
    expect(validator.violations).toEqual([]);
    expect(validator.checked).toBe(exchanges.length);
    const reached = [...validator.seen].filter(([, statuses]) => [...statuses].some((s) => s < 300)).map(([id]) => id);
    expect(EXERCISED.filter((id) => !reached.includes(id))).toEqual([]);
    const errorStatuses = new Set(exchanges.map((x) => x.status).filter((s) => s >= 400));
    expect([...errorStatuses].sort()).toEqual([400, 401, 403, 404, 405, 409, 413, 415, 429]);
  });
});

