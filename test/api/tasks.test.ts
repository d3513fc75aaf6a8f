import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forEachBackend, type TestDatabase } from '../support/backends.ts';
import { startTestService, waitFor, type RunningService } from '../support/service.ts';
import { startTarget, type Target } from '../support/target.ts';
import type { ApiKeyWithSecretJson, EventJson, Page, ProblemJson, RunCreatedJson, RunJson, SchedulePreviewJson, TaskJson, TaskSchedulePreviewJson, TflTaskJson } from '../support/api-types.ts';

/** The parts of the OpenAPI document these tests read. */
interface OpenApiDocument {
  openapi: string;
  paths: Record<string, unknown>;
}

forEachBackend('tasks API', (backend) => {
  let db: TestDatabase;
  let svc: RunningService;
  let target: Target;
  const future = () => new Date(Date.now() + 3_600_000).toISOString();

  beforeAll(async () => {
    db = await backend.create();
    svc = await startTestService(db, { TICKWORK_BODY_LIMIT: '65536' });
    target = await startTarget();
  });
  afterAll(async () => {
    await svc?.close();
    await target?.close();
    await db?.drop();
  });

  const fieldsOf = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field);

  describe('creating', () => {
    it('creates a task from JSON with 201, a Location header and the documented shape', async () => {
      const r = await svc.api<TaskJson>('/v1/tasks', { body: { title: 'ping', interval: '5m', http: { url: `${target.url}/a`, headers: { Authorization: 'Bearer s3cret', 'X-Trace': 'yes' } } } });
      expect(r.status).toBe(201);
      expect(r.headers.get('location')).toBe(`/v1/tasks/${r.body.id}`);
      expect(r.body).toMatchObject({
        title: 'ping', description: null, schedule: { type: 'interval', seconds: 300 }, state: 'active',
        action: { type: 'http', method: 'GET', url: `${target.url}/a`, headers: { Authorization: '***', 'X-Trace': 'yes' } },
        retry: { max_attempts: 3, backoff_s: 1, max_backoff_s: 300 }, overlap: 'skip', misfire: 'run_once', last_run: null,
        notify_before: 900, expires_at: null,
      });
      expect(Object.keys(r.body).sort()).toEqual(['action', 'created_at', 'description', 'expires_at', 'id', 'last_run', 'misfire', 'next_run_at', 'notify_before', 'overlap', 'retry', 'schedule', 'state', 'title', 'updated_at']);
      expect(r.body.next_run_at).toMatch(/Z$/);
    });

    it('accepts form-encoded bodies with comma-separated lists, as curl -d sends them', async () => {
      const r = await svc.api<TaskJson>('/v1/tasks/', { form: { title: 'tube', cron: '0 8 * * 1-5', timezone: 'Europe/London', lines: 'central,victoria' } });
      expect(r.status).toBe(201);
      expect(r.body.schedule).toEqual({ type: 'cron', expression: '0 8 * * 1-5', timezone: 'Europe/London' });
      expect(r.body.action).toEqual({ type: 'tfl_line_status', lines: ['central', 'victoria'] });
    });

    it('converts form integers and repeated list values field by field', async () => {
      const r = await svc.api<TflTaskJson>('/v1/tasks', { form: { interval: '90', lines: ['central', 'jubilee'], notify_before: '60', expires_at: future() } });
      expect(r.status).toBe(201);
      expect(r.body.schedule).toEqual({ type: 'interval', seconds: 90 });
      expect(r.body.notify_before).toBe(60);
      expect(r.body.action.lines).toEqual(['central', 'jubilee']);
    });

    it('refuses a nested object in a form body, naming the field', async () => {
      const r = await svc.api<ProblemJson>('/v1/tasks', { form: { interval: '90', http: 'http://example.com' } });
      expect(r.status).toBe(400);
      expect(fieldsOf(r.body)).toContain('http');
    });

    it('names the unknown TfL line id "bakerlo"', async () => {
      const r = await svc.api<ProblemJson>('/v1/tasks', { form: { schedule_time: future(), lines: 'bakerlo' } });
      expect(r.status).toBe(400);
      expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(r.body.errors).toEqual([{ field: 'lines', message: expect.stringContaining('bakerlo') }]);
    });

    it('names every bad field at once', async () => {
      const r = await svc.api<ProblemJson>('/v1/tasks', { body: { cron: 'not a cron', timezone: 'Mars/Base', http: { url: 'ftp://x' }, retry: { max_attempts: 0 } } });
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({ status: 400, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
      // Schema errors (retry.max_attempts) and the checks the schema cannot make (cron, timezone, http.url) in one answer.
      expect(fieldsOf(r.body).sort()).toEqual(['cron', 'http.url', 'retry.max_attempts', 'timezone']);
      const r2 = await svc.api<ProblemJson>('/v1/tasks', { body: { cron: 'not a cron', timezone: 'Mars/Base', http: { url: 'ftp://x' } } });
      expect(fieldsOf(r2.body)).toEqual(expect.arrayContaining(['cron', 'timezone', 'http.url']));
    });

    it('rejects unknown fields and fields that only the server sets', async () => {
      for (const field of ['tenant_id', 'id', 'attempt', 'lease_token', 'created_at', 'colour']) {
        const r = await svc.api<ProblemJson>('/v1/tasks', { body: { interval: 60, http: { url: `${target.url}/` }, [field]: 1 } });
        expect(r.status, field).toBe(400);
        expect(fieldsOf(r.body)).toContain(field);
      }
    });

    it('refuses more than one schedule, or both http and lines', async () => {
      const r = await svc.api<ProblemJson>('/v1/tasks', { body: { interval: 60, cron: '* * * * *', lines: ['central'], http: { url: `${target.url}/` } } });
      expect(r.status).toBe(400);
      expect(fieldsOf(r.body)).toEqual(expect.arrayContaining(['interval', 'cron', 'lines', 'http']));
    });

    it('does not coerce JSON types: a string where an integer belongs is a 400', async () => {
      const r = await svc.api<ProblemJson>('/v1/tasks', { body: { interval: 60, notify_before: '60', http: { url: `${target.url}/`, timeout_ms: '100' } } });
      expect(r.status).toBe(400);
      expect(fieldsOf(r.body)).toEqual(expect.arrayContaining(['notify_before', 'http.timeout_ms']));
    });

    it('refuses a schedule_time without offset that falls in a DST gap', async () => {
      const r = await svc.api<ProblemJson>('/v1/tasks', { body: { schedule_time: '2030-03-31T01:30:00', timezone: 'Europe/London', lines: ['central'] } });
      expect(r.status).toBe(400);
      expect(fieldsOf(r.body)).toContain('schedule_time');
    });

    it('refuses headers with CR/LF and hop-by-hop headers, naming them', async () => {
      const r = await svc.api<ProblemJson>('/v1/tasks', { body: { interval: 60, http: { url: `${target.url}/`, headers: { 'X-A': 'a\r\nInjected: 1', Host: 'evil', 'Transfer-Encoding': 'chunked' } } } });
      expect(r.status).toBe(400);
      expect(fieldsOf(r.body)).toEqual(expect.arrayContaining(['http.headers.X-A', 'http.headers.Host', 'http.headers.Transfer-Encoding']));
    });

    it('refuses an empty task', async () => {
      const r = await svc.api<ProblemJson>('/v1/tasks', { body: {} });
      expect(r.status).toBe(400);
      expect(r.body.errors?.length).toBeGreaterThan(0);
    });

    it('answers 400 to malformed JSON, 415 to an unknown content type and 413 to a body over the limit', async () => {
      const bad = await svc.api('/v1/tasks', { body: '{"interval": ', headers: { 'content-type': 'application/json' } });
      expect(bad.status).toBe(400);
      expect(bad.headers.get('content-type')).toMatch(/problem\+json/);
      const text = await svc.api('/v1/tasks', { body: 'interval=5', headers: { 'content-type': 'text/plain' } });
      expect(text.status).toBe(415);
      expect(text.headers.get('content-type')).toMatch(/problem\+json/);
      const big = await svc.api('/v1/tasks', { body: { title: 'x', description: 'y'.repeat(100_000), interval: 60 } });
      expect(big.status).toBe(413);
      expect(big.headers.get('content-type')).toMatch(/problem\+json/);
    });
  });

  describe('reading', () => {
    it('gets a task by id; a non-integer id is 400 and a missing one 404', async () => {
      const c = await svc.api<TaskJson>('/v1/tasks', { body: { expires_at: future() } });
      expect((await svc.api<TaskJson>(`/v1/tasks/${c.body.id}`)).body.id).toBe(c.body.id);
      expect((await svc.api(`/v1/tasks/${c.body.id}/`)).status).toBe(200);
      for (const id of ['abc', '1.5', '-1', '0', '99999999999999999999']) {
        const r = await svc.api<ProblemJson>(`/v1/tasks/${id}`);
        expect(r.status, id).toBe(400);
        expect(fieldsOf(r.body)).toEqual(['id']);
      }
      const missing = await svc.api('/v1/tasks/987654');
      expect(missing.status).toBe(404);
      expect(missing.headers.get('content-type')).toMatch(/problem\+json/);
    });

    it('lists by ascending id with a cursor that carries the filters', async () => {
      for (let i = 0; i < 5; i++) await svc.api('/v1/tasks', { body: { title: `page-${i}`, expires_at: future() } });
      const seen: number[] = [];
      let r = await svc.api<Page<TaskJson>>('/v1/tasks?limit=2&state=active');
      for (;;) {
        expect(r.status).toBe(200);
        seen.push(...r.body.items.map((t: { id: number }) => t.id));
        expect(r.body.items.every((t: { state: string }) => t.state === 'active')).toBe(true);
        if (r.body.next_cursor === null) break;
        r = await svc.api<Page<TaskJson>>(`/v1/tasks?limit=2&cursor=${encodeURIComponent(r.body.next_cursor)}`);
      }
      expect(seen).toEqual([...seen].sort((a, b) => a - b));
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.length).toBeGreaterThanOrEqual(5);
    });

    it('clamps a huge limit and refuses a limit that is not a positive integer', async () => {
      expect((await svc.api('/v1/tasks?limit=100000')).status).toBe(200);
      for (const l of ['0', '-5', 'ten', '1.5']) {
        const r = await svc.api<ProblemJson>(`/v1/tasks?limit=${l}`);
        expect(r.status, l).toBe(400);
        expect(fieldsOf(r.body)).toEqual(['limit']);
      }
      expect((await svc.api('/v1/tasks?cursor=garbage')).status).toBe(400);
      expect((await svc.api('/v1/tasks?state=sleeping')).status).toBe(400);
    });
  });

  describe('updating', () => {
    it('PATCH and PUT change only the fields given; null clears one', async () => {
      const c = await svc.api<TaskJson>('/v1/tasks', { body: { title: 'a', description: 'd', interval: 60, http: { url: `${target.url}/u` } } });
      const p = await svc.api<TaskJson>(`/v1/tasks/${c.body.id}`, { method: 'PATCH', body: { title: 'b' } });
      expect(p.status).toBe(200);
      expect(p.body).toMatchObject({ title: 'b', description: 'd', schedule: { type: 'interval', seconds: 60 } });
      const u = await svc.api<TaskJson>(`/v1/tasks/${c.body.id}`, { method: 'PUT', body: { description: null } });
      expect(u.body).toMatchObject({ title: 'b', description: null });
      const bad = await svc.api<ProblemJson>(`/v1/tasks/${c.body.id}`, { method: 'PATCH', body: { interval: 0 } });
      expect(bad.status).toBe(400);
      expect(fieldsOf(bad.body)).toContain('interval');
    });

    it('a new schedule replaces the old one and a lone timezone re-times a cron', async () => {
      const c = await svc.api<TaskJson>('/v1/tasks', { body: { cron: '0 8 * * *', timezone: 'UTC', lines: ['central'] } });
      const tz = await svc.api<TaskJson>(`/v1/tasks/${c.body.id}`, { method: 'PATCH', body: { timezone: 'Europe/London' } });
      expect(tz.body.schedule).toEqual({ type: 'cron', expression: '0 8 * * *', timezone: 'Europe/London' });
      const iv = await svc.api<TaskJson>(`/v1/tasks/${c.body.id}`, { method: 'PATCH', body: { interval: '2h' } });
      expect(iv.body.schedule).toEqual({ type: 'interval', seconds: 7200 });
    });

    it('updating a missing task is 404', async () => {
      expect((await svc.api('/v1/tasks/987654', { method: 'PATCH', body: { title: 'x' } })).status).toBe(404);
    });
  });

  describe('pause, resume, trigger, delete', () => {
    it('pause and resume are idempotent and answer 200 with the task', async () => {
      const c = await svc.api<TaskJson>('/v1/tasks', { body: { interval: 3600, http: { url: `${target.url}/p` } } });
      for (let i = 0; i < 2; i++) {
        const p = await svc.api<TaskJson>(`/v1/tasks/${c.body.id}/pause`, { method: 'POST' });
        expect(p.status).toBe(200);
        expect(p.body).toMatchObject({ state: 'paused', next_run_at: null });
      }
      for (let i = 0; i < 2; i++) {
        const r = await svc.api<TaskJson>(`/v1/tasks/${c.body.id}/resume`, { method: 'POST', body: '', headers: { 'content-type': 'application/json' } });
        expect(r.status).toBe(200);
        expect(r.body.state).toBe('active');
        expect(r.body.next_run_at).not.toBeNull();
      }
    });

    it('trigger answers 202 with the run id and the run happens; without an action it is 409', async () => {
      const c = await svc.api<TaskJson>('/v1/tasks', { body: { interval: 3600, http: { url: `${target.url}/trigger` } } });
      const t = await svc.api<RunCreatedJson>(`/v1/tasks/${c.body.id}/trigger`, { method: 'POST' });
      expect(t.status).toBe(202);
      const run = await waitFor('the triggered run to succeed', async () => {
        const r = await svc.api<RunJson>(`/v1/runs/${t.body.run_id}`);
        return r.body.status === 'succeeded' ? r.body : null;
      });
      expect(run).toMatchObject({ task_id: c.body.id, attempt: 1, http_status: 200, error: null });
      expect(target.hits('/trigger').length).toBe(1);
      const runs = await svc.api<Page<RunJson>>(`/v1/tasks/${c.body.id}/runs`);
      expect(runs.body.items.map((r: { id: number }) => r.id)).toContain(t.body.run_id);
      const deadlineOnly = await svc.api<TaskJson>('/v1/tasks', { body: { expires_at: future() } });
      expect((await svc.api(`/v1/tasks/${deadlineOnly.body.id}/trigger`, { method: 'POST' })).status).toBe(409);
    });

    it('delete answers 204, then the task is 404', async () => {
      const c = await svc.api<TaskJson>('/v1/tasks', { body: { interval: 60, http: { url: `${target.url}/d` } } });
      const d = await svc.api(`/v1/tasks/${c.body.id}`, { method: 'DELETE' });
      expect(d.status).toBe(204);
      expect((await svc.api(`/v1/tasks/${c.body.id}`)).status).toBe(404);
      expect((await svc.api(`/v1/tasks/${c.body.id}`, { method: 'DELETE' })).status).toBe(404);
    });
  });

  describe('protocol', () => {
    it('needs a key: 401 with WWW-Authenticate without one or with a bad one; X-API-Key works', async () => {
      const none = await svc.api('/v1/tasks', { key: null });
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect((await svc.api('/v1/tasks', { key: 'tw_nope' })).status).toBe(401);
      const x = await svc.api('/v1/tasks', { key: null, headers: { 'x-api-key': 'tw_test_admin_key_0123456789abcdef' } });
      expect(x.status).toBe(200);
      expect((await svc.api('/v1/health', { key: null })).status).toBe(200);
    });

    it('a read key cannot write (403); a revoked key is refused at once (401)', async () => {
      const k = await svc.api<ApiKeyWithSecretJson>('/v1/api-keys', { body: { name: 'reader', scopes: ['read'] } });
      expect(k.status).toBe(201);
      expect(k.body.key).toMatch(/^tw_/);
      expect((await svc.api('/v1/tasks', { key: k.body.key })).status).toBe(200);
      const w = await svc.api('/v1/tasks', { key: k.body.key, body: { expires_at: future() } });
      expect(w.status).toBe(403);
      expect((await svc.api('/v1/api-keys', { key: k.body.key })).status).toBe(403);
      const list = await svc.api('/v1/api-keys');
      expect(JSON.stringify(list.body)).not.toContain(k.body.key);
      expect((await svc.api(`/v1/api-keys/${k.body.id}`, { method: 'DELETE' })).status).toBe(204);
      expect((await svc.api('/v1/tasks', { key: k.body.key })).status).toBe(401);
    });

    it('another tenant sees none of these tasks, runs or events', async () => {
      const mine = await svc.api<TaskJson>('/v1/tasks', { body: { interval: 3600, http: { url: `${target.url}/mine` } } });
      const other = await svc.api<ApiKeyWithSecretJson>('/v1/api-keys', { body: { name: 'other', scopes: ['write'], tenant: 'acme' } });
      expect(other.status).toBe(201);
      const key = other.body.key;
      for (const [method, path] of [['GET', `/v1/tasks/${mine.body.id}`], ['PATCH', `/v1/tasks/${mine.body.id}`], ['DELETE', `/v1/tasks/${mine.body.id}`], ['POST', `/v1/tasks/${mine.body.id}/pause`], ['POST', `/v1/tasks/${mine.body.id}/trigger`], ['GET', `/v1/tasks/${mine.body.id}/runs`]] as const) {
        const r = await svc.api(path, { method, key, body: method === 'PATCH' ? { title: 'x' } : undefined });
        expect(r.status, `${method} ${path}`).toBe(404);
      }
      expect((await svc.api<Page<TaskJson>>('/v1/tasks', { key })).body.items).toEqual([]);
      expect((await svc.api<Page<RunJson>>('/v1/runs', { key })).body.items).toEqual([]);
      expect((await svc.api<Page<EventJson>>('/v1/events', { key })).body.items).toEqual([]);
      const theirs = await svc.api('/v1/api-keys', { key, body: { name: 'x', scopes: ['read'], tenant: 'default' } });
      expect(theirs.status).toBe(403);
    });

    it('a known path with the wrong method is 405 with Allow; an unknown path is 404', async () => {
      const r = await svc.api('/v1/tasks', { method: 'DELETE' });
      expect(r.status).toBe(405);
      expect(r.headers.get('allow')).toContain('GET');
      expect(r.headers.get('content-type')).toMatch(/problem\+json/);
      expect((await svc.api('/v1/nothing-here')).status).toBe(404);
    });

    it('an Idempotency-Key returns the first response instead of acting twice', async () => {
      const body = { title: 'once only', expires_at: future() };
      const headers = { 'idempotency-key': `k-${backend.name}` };
      const a = await svc.api<TaskJson>('/v1/tasks', { body, headers });
      const b = await svc.api<TaskJson>('/v1/tasks', { body, headers });
      expect(a.status).toBe(201);
      expect(b.status).toBe(201);
      expect(b.body.id).toBe(a.body.id);
      expect(b.headers.get('location')).toBe(a.headers.get('location'));
      const c = await svc.api('/v1/tasks', { body: { ...body, title: 'different' }, headers });
      expect(c.status).toBe(409);
    });

    it('serves the OpenAPI document of every route and the interactive docs', async () => {
      const doc = await svc.api<OpenApiDocument>('/openapi.json', { key: null });
      expect(doc.status).toBe(200);
      expect(doc.body.openapi).toMatch(/^3\.1/);
      for (const p of ['/v1/tasks', '/v1/tasks/{id}', '/v1/tasks/{id}/trigger', '/v1/runs', '/v1/events', '/v1/schedules/preview', '/v1/api-keys', '/v1/health', '/v1/monitors', '/v1/monitors/{id}/checks', '/v1/ping/{token}', '/v1/webhooks']) {
        expect(doc.body.paths, p).toHaveProperty([p]);
      }
      expect((await fetch(`${svc.url}/docs`)).status).toBeLessThan(400);
    });

    it('exports metrics in Prometheus text format', async () => {
      const text = await (await fetch(`${svc.url}/metrics`)).text();
      expect(text).toContain('tickwork_runs_total');
      expect(text).toContain('tickwork_run_lateness_seconds_bucket');
      expect(text).toContain('tickwork_call_duration_seconds_bucket');
    });
  });

  describe('events and previews', () => {
    it('writes task events in the outbox, listed after an id and filtered by type prefix', async () => {
      const first = await svc.api<Page<EventJson>>('/v1/events?type=*');
      const last = first.body.items.at(-1)?.id ?? 0;
      const c = await svc.api<TaskJson>('/v1/tasks', { body: { title: 'evented', expires_at: future() } });
      await svc.api(`/v1/tasks/${c.body.id}`, { method: 'PATCH', body: { title: 'evented 2' } });
      await svc.api(`/v1/tasks/${c.body.id}`, { method: 'DELETE' });
      const r = await waitFor('the three events', async () => {
        const e = await svc.api<Page<EventJson>>(`/v1/events?after=${last}&type=task.*`);
        const mine = e.body.items.filter((x: { subject: { id: number } }) => x.subject.id === c.body.id);
        return mine.length >= 3 ? mine : null;
      });
      expect(r.map((e: { type: string }) => e.type)).toEqual(['task.created', 'task.updated', 'task.deleted']);
      expect(r[0]).toMatchObject({ subject: { kind: 'task', id: c.body.id }, data: { title: 'evented' } });
      const ids = r.map((e: { id: number }) => e.id);
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      const exact = await svc.api<Page<EventJson>>(`/v1/events?after=${last}&type=task.updated`);
      expect(exact.body.items.every((e: { type: string }) => e.type === 'task.updated')).toBe(true);
      expect((await svc.api('/v1/events?after=x')).status).toBe(400);
    });

    it('previews a schedule with DST notes; an invalid one is the same 400 as creating it', async () => {
      const p = await svc.api<SchedulePreviewJson>('/v1/schedules/preview', { body: { cron: '30 1 * * *', timezone: 'Europe/London', from: '2026-03-27T00:00:00Z', count: 4 } });
      expect(p.status).toBe(200);
      expect(p.body.next).toHaveLength(4);
      expect(p.body.notes.join(' ')).toMatch(/2026-03-29/);
      const bad = await svc.api<ProblemJson>('/v1/schedules/preview', { body: { cron: '61 * * * *' } });
      expect(bad.status).toBe(400);
      expect(fieldsOf(bad.body)).toEqual(['cron']);
      const c = await svc.api<TaskJson>('/v1/tasks', { body: { interval: 60, http: { url: `${target.url}/n` } } });
      const n = await svc.api<TaskSchedulePreviewJson>(`/v1/tasks/${c.body.id}/next?count=3`);
      expect(n.body.next).toHaveLength(3);
      expect(n.body.next[0]).toBe(c.body.next_run_at);
      expect(new Date(n.body.next[1] ?? NaN).getTime() - new Date(n.body.next[0] ?? NaN).getTime()).toBe(60_000);
    });
  });
});

describe('target safety at creation', () => {
  it('refuses loopback and private URLs unless private targets are allowed', async () => {
    const { pgliteBackend } = await import('../support/backends.ts');
    const db = await pgliteBackend.create();
    const svc = await startTestService(db, { TICKWORK_ALLOW_PRIVATE_TARGETS: 'false' });
    try {
      for (const url of ['http://127.1/', 'http://2130706433/', 'http://[::1]/', 'http://169.254.169.254/latest', 'http://localhost./', 'http://user@127.0.0.1/', 'file:///etc/passwd']) {
        const r = await svc.api<ProblemJson>('/v1/tasks', { body: { interval: 60, http: { url } } });
        expect(r.status, url).toBe(400);
        expect(r.body.errors?.map((e: { field: string }) => e.field), url).toEqual(['http.url']);
      }
      expect((await svc.api('/v1/tasks', { body: { interval: 60, http: { url: 'https://example.com/' } } })).status).toBe(201);
    } finally {
      await svc.close();
      await db.drop();
    }
  });
});
