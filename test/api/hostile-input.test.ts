import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forEachBackend, type TestDatabase } from '../support/backends.ts';
import { startTestService, TEST_ADMIN_KEY, type ApiResponse, type RunningService } from '../support/service.ts';
import type { ApiKeyWithSecretJson, MonitorJson, Page, ProblemJson, TaskJson } from '../support/api-types.ts';

/**
 * FAULTS.md S12 (issue 8 item 7), case by case: every input below once answered 500. Each must be a 4xx
 * problem document naming the field. The service runs the API only: no worker, so nothing a test creates is called.
 */

const fieldsOf = (r: ApiResponse): string[] => ((r.body as { errors?: { field: string }[] }).errors ?? []).map((e) => e.field);

function expectProblem(r: ApiResponse, status: number, field?: string): void {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  if (field !== undefined) expect(fieldsOf(r)).toContain(field);
}

/** JSON with raw escapes JSON.stringify would not write (a lone surrogate is written as is by some clients). */
const raw = (text: string): { body: string } => ({ body: text });
const deep = (n: number, leaf = '1'): string => '['.repeat(n) + leaf + ']'.repeat(n);
const deepObject = (n: number): string => '{"a":'.repeat(n) + '1' + '}'.repeat(n);

/** Sends bytes fetch would refuse to send (NUL, CTLs, non-Latin-1 in headers) and returns the status line and head. */
async function rawRequest(url: string, head: string): Promise<{ status: number; contentType: string | null }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(u.port), u.hostname, () => socket.end(Buffer.from(head, 'latin1')));
    let text = '';
    socket.on('data', (d: Buffer) => (text += d.toString('latin1')));
    socket.on('error', reject);
    socket.on('close', () => {
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
      const ct = /\r\ncontent-type: ([^\r\n]+)/i.exec(text)?.[1] ?? null;
      resolve({ status, contentType: ct });
    });
  });
}

forEachBackend('hostile input', (backend) => {
  let db: TestDatabase;
  let svc: RunningService;
  const http = { url: 'http://127.0.0.1:9/never-called' };

  beforeAll(async () => {
    db = await backend.create();
    svc = await startTestService(db, {}, { api: true, engine: false });
  });
  afterAll(async () => {
    await svc?.close();
    await db?.drop();
  });

  describe('JSON bodies', () => {
    it('refuses NUL and lone surrogates in task text fields, naming each field', async () => {
      expectProblem(await svc.api('/v1/tasks', raw(`{"title":"a\\u0000b","interval":60,"http":{"url":"${http.url}"}}`)), 400, 'title');
      expectProblem(await svc.api('/v1/tasks', raw(`{"description":"\\ud800","interval":60,"http":{"url":"${http.url}"}}`)), 400, 'description');
      expectProblem(await svc.api('/v1/tasks', raw(`{"interval":60,"http":{"url":"${http.url}","method":"POST","body":"x\\u0000"}}`)), 400, 'http.body');
      expectProblem(await svc.api('/v1/tasks', raw(`{"interval":60,"http":{"url":"${http.url}","method":"POST","body":{"k":"\\udc00"}}}`)), 400, 'http.body.k');
      expectProblem(await svc.api('/v1/tasks', raw(`{"interval":60,"http":{"url":"${http.url}","headers":{"X-A":"\\u0000"}}}`)), 400, 'http.headers.X-A');
      const key = await svc.api('/v1/tasks', raw(`{"interval":60,"http":{"url":"${http.url}","headers":{"X\\u0000":"v"}}}`));
      expectProblem(key, 400, 'http.headers');
    });

    it('refuses NUL and lone surrogates in monitor fields and in expect_json.equals', async () => {
      expectProblem(await svc.api('/v1/monitors', raw(`{"url":"${http.url}","regexp":"a\\u0000"}`)), 400, 'regexp');
      expectProblem(await svc.api('/v1/monitors', raw(`{"url":"${http.url}","expect_json":{"path":"$.a","equals":"\\ud800"}}`)), 400, 'expect_json.equals');
      expectProblem(await svc.api('/v1/monitors', raw(`{"url":"${http.url}","expect_json":{"path":"$.a","equals":{"\\ud800":1}}}`)), 400, 'expect_json.equals');
    });

    it('refuses JSON nested 10,000 deep without overflowing the stack, anywhere in the body', async () => {
      expectProblem(await svc.api('/v1/tasks', raw(deep(10_000))), 400);
      expectProblem(await svc.api('/v1/tasks', raw(deepObject(10_000))), 400);
      const body = `{"interval":60,"http":{"url":"${http.url}","method":"POST","body":${deep(10_000)}}}`;
      // The field named is where the nesting passes 64 levels: inside http.body.
      const inBody = await svc.api('/v1/tasks', raw(body));
      expectProblem(inBody, 400);
      expect(fieldsOf(inBody).every((f) => f.startsWith('http.body[0]'))).toBe(true);
      const equals = await svc.api('/v1/monitors', raw(`{"url":"${http.url}","expect_json":{"path":"$","equals":${deep(100_000)}}}`));
      expectProblem(equals, 400);
      expect(fieldsOf(equals).every((f) => f.startsWith('expect_json.equals[0]'))).toBe(true);
    });

    it('refuses numbers JSON cannot carry back (1e400) and out-of-range integers', async () => {
      expectProblem(await svc.api('/v1/tasks', raw(`{"interval":60,"notify_before":1e400,"http":{"url":"${http.url}"}}`)), 400, 'notify_before');
      expectProblem(await svc.api('/v1/tasks', raw(`{"interval":1e20,"http":{"url":"${http.url}"}}`)), 400, 'interval');
      expectProblem(await svc.api('/v1/schedules/preview', raw('{"interval":1e20}')), 400, 'interval');
    });
  });

  describe('query strings and headers', () => {
    it('refuses times outside the years 0001-9999 in every time parameter, naming it', async () => {
      const monitor = await svc.api<MonitorJson>('/v1/monitors', { body: { url: http.url } });
      expect(monitor.status).toBe(201);
      for (const t of ['-010000-01-01T00:00:00Z', '+275760-09-13T00:00:00Z', '0000-12-31T23:59:59Z', '10000-01-01T00:00:00Z']) {
        const q = encodeURIComponent(t);
        expectProblem(await svc.api(`/v1/runs?since=${q}`), 400, 'since');
        expectProblem(await svc.api(`/v1/monitors/${monitor.body.id}/checks?since=${q}`), 400, 'since');
        expectProblem(await svc.api(`/v1/monitors/${monitor.body.id}/checks?until=${q}`), 400, 'until');
      }
      expectProblem(await svc.api('/v1/schedules/preview', { body: { cron: '0 8 * * *', from: '0000-01-01T00:00:00Z' } }), 400, 'from');
      expect((await svc.api('/v1/schedules/preview', { body: { cron: '0 8 * * *', from: '0001-01-01T00:00:00Z', count: 1 } })).status).toBe(200);
      expect((await svc.api(`/v1/runs?since=${encodeURIComponent('2024-01-01T00:00:00+01:00')}`)).status).toBe(200);
      expect((await svc.api(`/v1/monitors/${monitor.body.id}/checks?since=2024-01-01T00:00:00Z&until=9999-12-31T23:59:59Z`)).status).toBe(200);
    });

    it('refuses NUL, lone surrogates and huge integers in query parameters and path ids', async () => {
      for (const path of [
        '/v1/runs?task_id=%00', '/v1/runs?status=%00', '/v1/runs?since=%ED%A0%80', '/v1/events?type=%00', '/v1/events?after=99999999999999999999',
        '/v1/tasks?state=%ED%A0%80', '/v1/tasks?limit=99999999999999999999', '/v1/tasks?limit=0', '/v1/tasks?cursor=%00',
        '/v1/runs?task_id=99999999999999999999', '/v1/tasks/1/next?count=1e3',
      ]) {
        const r = await svc.api(path);
        expect(r.status, path).toBe(400);
        expect(r.headers.get('content-type'), path).toMatch(/^application\/problem\+json/);
      }
      for (const id of ['0', '-1', '1e30', '%00', 'abc', '99999999999999999999', '%ED%A0%80']) {
        const r = await svc.api<ProblemJson>(`/v1/tasks/${id}`);
        expect(r.status, id).toBe(400);
        expect(r.body.code, id).toBe('invalid_id');
      }
    });

    it('refuses an Idempotency-Key or Last-Event-ID that is not printable text, naming the header', async () => {
      const key = await svc.api('/v1/tasks', { body: { expires_at: '2999-01-01T00:00:00Z' }, headers: { 'idempotency-key': 'tab\there' } });
      expectProblem(key, 400, 'Idempotency-Key');
      const latin = await svc.api('/v1/tasks', { body: { expires_at: '2999-01-01T00:00:00Z' }, headers: { 'idempotency-key': 'caf\u00e9' } });
      expectProblem(latin, 400, 'Idempotency-Key');
      const stream = await svc.api('/v1/events/stream', { headers: { 'last-event-id': '99999999999999999999' } });
      expectProblem(stream, 400, 'Last-Event-ID');
    });

    it('answers bytes the HTTP parser refuses with a problem document too', async () => {
      const head = (h: string) => `GET /v1/tasks HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TEST_ADMIN_KEY}\r\n${h}\r\nConnection: close\r\n\r\n`;
      for (const h of ['X-A: a\u0000b', 'X\u0000: v', 'Idempotency-Key: a\u0001b']) {
        const r = await rawRequest(svc.url, head(h));
        expect(r.status, JSON.stringify(h)).toBe(400);
        expect(r.contentType).toMatch(/^application\/problem\+json/);
      }
    });
  });

  describe('cursors', () => {
    const forge = (body: unknown): string => Buffer.from(JSON.stringify(body)).toString('base64url');

    it('refuses forged, truncated and foreign cursors with invalid_query naming cursor, and never shows another tenant\'s data', async () => {
      for (let i = 0; i < 3; i++) expect((await svc.api('/v1/tasks', { body: { title: `mine ${i}`, expires_at: '2999-01-01T00:00:00Z' } })).status).toBe(201);
      const first = await svc.api<Page<TaskJson>>('/v1/tasks?limit=1');
      const cursor = first.body.next_cursor;
      expect(typeof cursor).toBe('string');
      if (cursor === null) throw new Error('the first page has no next_cursor');
      expect((await svc.api(`/v1/tasks?limit=1&cursor=${encodeURIComponent(cursor)}`)).status).toBe(200);

      const other = await svc.api<ApiKeyWithSecretJson>('/v1/api-keys', { body: { name: 'b', scopes: ['read', 'write'], tenant: 'tenant-b' } });
      const bKey = other.body.key;
      const forged = [
        cursor.slice(0, -3), cursor.slice(0, 10), `${cursor}x`, 'garbage', '', '%00',
        forge({ l: 'tasks', t: 'default', k: 0, f: { state: null } }),
        forge({ l: 'runs', t: 'default', k: 1e30, f: { taskId: null, status: "x'); DROP TABLE runs; --", since: '-010000-01-01T00:00:00Z' } }),
        forge({ l: 'events', t: 'default', k: -1, f: { type: { $ne: 1 } } }),
        forge('x'), forge(null), forge([1, 2]),
      ];
      for (const c of forged) {
        for (const list of ['/v1/tasks', '/v1/runs', '/v1/events', '/v1/monitors', '/v1/webhooks', '/v1/api-keys']) {
          const r = await svc.api<ProblemJson>(`${list}?cursor=${encodeURIComponent(c)}`);
          if (c === '') {
            expect(r.status, `${list} ${c}`).toBeLessThan(500);
            continue;
          }
          expectProblem(r, 400, 'cursor');
          expect(r.body.code).toBe('invalid_query');
        }
      }
      // The admin key's cursor, replayed by tenant-b: refused, never tenant default's tasks.
      const foreign = await svc.api(`/v1/tasks?limit=1&cursor=${encodeURIComponent(cursor)}`, { key: bKey });
      expectProblem(foreign, 400, 'cursor');
      // A cursor of one list on another list.
      expectProblem(await svc.api(`/v1/events?cursor=${encodeURIComponent(cursor)}`), 400, 'cursor');
    });
  });

  describe('forms', () => {
    it('refuses form fields named __proto__, constructor or prototype, naming each', async () => {
      for (const name of ['__proto__', 'constructor', 'prototype']) {
        const r = await svc.api('/v1/tasks', { form: { [name]: 'x', expires_at: '2999-01-01T00:00:00Z' } });
        expectProblem(r, 400, name);
      }
    });

    it('refuses NUL and lone surrogates in form fields', async () => {
      expectProblem(await svc.api('/v1/tasks', { form: { title: 'a\u0000', expires_at: '2999-01-01T00:00:00Z' } }), 400, 'title');
      const r = await svc.api('/v1/tasks', { body: 'title=%ED%A0%80&expires_at=2999-01-01T00%3A00%3A00Z', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expect(r.status).toBeLessThan(500);
      expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json|^application\/json/);
    });
  });

  describe('task headers', () => {
    it('refuses header values outside Latin-1 and names longer than 256 characters, and accepts the bounds', async () => {
      const make = (headers: Record<string, string>) => svc.api('/v1/tasks', { body: { interval: 60, http: { ...http, headers } } });
      expectProblem(await make({ 'X-Euro': '\u20ac' }), 400, 'http.headers.X-Euro');
      expectProblem(await make({ 'X-Emoji': '\u{1f600}' }), 400, 'http.headers.X-Emoji');
      const long = `X${'a'.repeat(256)}`;
      expectProblem(await make({ [long]: 'v' }), 400, `http.headers.${long}`);
      expect((await make({ [`X${'a'.repeat(255)}`]: 'caf\u00e9 \u00ff\t' })).status).toBe(201);
    });
  });
});
