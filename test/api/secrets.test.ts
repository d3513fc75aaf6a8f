import type { IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forEachBackend, type TestDatabase } from '../support/backends.ts';
import { startTestService, waitFor, type RunningService } from '../support/service.ts';
import type { EventJson, HttpTaskJson, Page, ProblemJson } from '../support/api-types.ts';
import { found } from '../support/found.ts';
import { startTarget, type Target } from '../support/target.ts';

const SECRET_HEADERS = { Authorization: 'Bearer sekrit-auth-1', 'X-Password': 'pw-value-2', 'X-Api-Key': 'api-key-value-3', Cookie: 'sid=cookie-value-4' };
const SECRET_VALUES = ['sekrit-auth-1', 'pw-value-2', 'api-key-value-3', 'cookie-value-4', 'abc-token-5'];

forEachBackend('secrets at rest and on display', (backend) => {
  let db: TestDatabase;
  let svc: RunningService;
  let target: Target;
  let taskId: number;

  beforeAll(async () => {
    db = await backend.create();
    svc = await startTestService(db);
    target = await startTarget();
    const r = await svc.api<HttpTaskJson>('/v1/tasks', {
      body: {
        title: 'secret-bearing',
        interval: 3600,
        http: { url: `${target.url}/hook?access_token=abc-token-5&page=2`, headers: { ...SECRET_HEADERS, 'X-Trace': 'trace-visible' } },
      },
    });
    expect(r.status).toBe(201);
    taskId = r.body.id;
  });
  afterAll(async () => {
    await svc?.close();
    await target?.close();
    await db?.drop();
  });

  const expectShownRedacted = (action: { url: string; headers: Record<string, string> }): void => {
    expect(action.headers).toEqual({ Authorization: '***', 'X-Password': '***', 'X-Api-Key': '***', Cookie: '***', 'X-Trace': 'trace-visible' });
    expect(action.url).toBe(`${target.url}/hook?access_token=***&page=2`);
    expect(action).not.toHaveProperty('sealed');
  };

  const storedRowText = async (): Promise<string> => {
    const [row] = await svc.db.query<{ t: string }>('SELECT row_to_json(t)::text AS t FROM tasks t WHERE id = $1', [taskId]);
    return row?.t ?? '';
  };

  /** Triggers a run and returns the call the target received for it. */
  const triggeredCall = async (): Promise<{ url: string; headers: IncomingHttpHeaders }> => {
    const before = target.requests.length;
    const t = await svc.api(`/v1/tasks/${taskId}/trigger`, { method: 'POST' });
    expect(t.status).toBe(202);
    return waitFor('the target to be called', async () => target.requests[before]);
  };

  it('shows *** for secret header and query values in responses, and the real value of the others', async () => {
    const got = await svc.api<HttpTaskJson>(`/v1/tasks/${taskId}`);
    expectShownRedacted(got.body.action);
    const list = await svc.api<Page<HttpTaskJson>>('/v1/tasks');
    expectShownRedacted(found(list.body.items.find((t) => t.id === taskId), 'the task in the list').action);
  });

  it('shows *** in task events, which webhooks and sinks carry as they are', async () => {
    const events = await svc.api<Page<EventJson>>('/v1/events?type=task.*');
    const created = events.body.items.find((e) => e.type === 'task.created' && e.data.id === taskId);
    expect(created).toBeDefined();
    expectShownRedacted(found(created, 'task.created').data.action as HttpTaskJson['action']);
    for (const v of SECRET_VALUES) expect(JSON.stringify(events.body)).not.toContain(v);
  });

  it('stores none of the secret values in the tasks row', async () => {
    const text = await storedRowText();
    expect(text).toContain('trace-visible');
    expect(text).toContain('page=2');
    for (const v of SECRET_VALUES) expect(text).not.toContain(v);
  });

  it('sends the real values to the target on a triggered run', async () => {
    const call = await triggeredCall();
    expect(call.url).toBe('/hook?access_token=abc-token-5&page=2');
    expect(call.headers).toMatchObject({
      authorization: 'Bearer sekrit-auth-1', 'x-password': 'pw-value-2', 'x-api-key': 'api-key-value-3', cookie: 'sid=cookie-value-4', 'x-trace': 'trace-visible',
    });
  });

  it('keeps the stored values when an update sends *** back, and replaces one sent anew', async () => {
    const shown = (await svc.api<HttpTaskJson>(`/v1/tasks/${taskId}`)).body.action;
    // What a client reads and writes back, with one secret changed: the others stay as stored.
    const kept = await svc.api<HttpTaskJson>(`/v1/tasks/${taskId}`, {
      method: 'PATCH',
      body: { http: { method: shown.method, url: shown.url, headers: { ...shown.headers, 'X-Api-Key': 'api-key-new-6' } } },
    });
    expect(kept.status).toBe(200);
    expect(kept.body.action.headers['X-Api-Key']).toBe('***');
    const call = await triggeredCall();
    expect(call.url).toBe('/hook?access_token=abc-token-5&page=2');
    expect(call.headers).toMatchObject({ authorization: 'Bearer sekrit-auth-1', 'x-password': 'pw-value-2', 'x-api-key': 'api-key-new-6', cookie: 'sid=cookie-value-4' });

    const replaced = await svc.api<HttpTaskJson>(`/v1/tasks/${taskId}`, {
      method: 'PUT',
      body: { http: { url: `${target.url}/hook?access_token=new-token-7&page=3`, headers: { ...shown.headers, Authorization: 'Bearer sekrit-auth-8' } } },
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body.action.url).toBe(`${target.url}/hook?access_token=***&page=3`);
    const next = await triggeredCall();
    expect(next.url).toBe('/hook?access_token=new-token-7&page=3');
    expect(next.headers).toMatchObject({ authorization: 'Bearer sekrit-auth-8', 'x-password': 'pw-value-2', 'x-api-key': 'api-key-new-6' });
    const text = await storedRowText();
    for (const v of ['new-token-7', 'sekrit-auth-8', 'api-key-new-6']) expect(text).not.toContain(v);
  });

  it('refuses *** for a secret that has no stored value, naming the field', async () => {
    const r = await svc.api<ProblemJson>('/v1/tasks', { body: { interval: 3600, http: { url: `${target.url}/x`, headers: { 'X-Session': '***' } } } });
    expect(r.status).toBe(400);
    expect(r.body.errors).toEqual([expect.objectContaining({ field: 'http.headers.X-Session' })]);
  });
});

describe('the secret-name rule', () => {
  it('is applied by name alone, case-insensitively', async () => {
    const { isSecretName, redactUrl } = await import('../../src/domain/redaction.ts');
    for (const n of ['Authorization', 'cookie', 'Proxy-Authorization', 'X-Auth-User', 'api_key', 'X-SESSION-ID', 'X-Hub-Signature', 'client_secret', 'X-Credential', 'passwordHash', 'id_token']) {
      expect(isSecretName(n), n).toBe(true);
    }
    for (const n of ['X-Trace', 'page', 'Accept', 'Content-Type', 'user']) expect(isSecretName(n), n).toBe(false);
    expect(redactUrl('https://h.example/p?a=1&API_KEY=x%20y&b&token=#frag')).toBe('https://h.example/p?a=1&API_KEY=***&b&token=#frag');
  });
});
