import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgliteBackend, type TestDatabase } from '../support/backends.ts';
import { ROOT_DIR, TMP_DIR } from '../support/paths.ts';
import { startTestService, type RunningService } from '../support/service.ts';
import type { ApiKeyWithSecretJson, Page, TaskJson } from '../support/api-types.ts';
import { apiMarkdown } from '../../scripts/api-reference.ts';
import { openApiDocument } from '../../scripts/openapi-document.ts';
import { operationIdOf } from '../../src/api/openapi.ts';
import { OpenApiValidator } from './openapi-validator.ts';

/**
 * The OpenAPI document the service serves, held to what a client generator and a validating proxy need. The rules
 * are generic — they hold for every operation, including routes added later — and a route meets them by declaring
 * its schemas and `...problems(404, 409)` (src/api/schemas.ts, src/api/openapi.ts). The document does not depend on
 * the database, so one backend serves it.
 */

type Json = Record<string, any>;
const METHODS = ['get', 'put', 'post', 'patch', 'delete'];
/** /v1/health answers its own shape with 503 (a load balancer reads it), not a problem document. */
const NOT_PROBLEMS = new Set(['getHealth 503']);

const operations = (doc: Json) =>
  Object.entries(doc.paths as Json).flatMap(([path, item]) =>
    Object.entries(item as Json)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, op]) => ({ path, method, op: op as Json })),
  );

const resolve = (doc: Json, s: Json): Json => (typeof s.$ref === 'string' ? doc.components.schemas[s.$ref.replace('#/components/schemas/', '')] : s);

describe('the OpenAPI document', () => {
  let db: TestDatabase;
  let svc: RunningService;
  let doc: Json;

  beforeAll(async () => {
    db = await pgliteBackend.create();
    svc = await startTestService(db, {}, { api: true, engine: false });
    const res = await fetch(`${svc.url}/openapi.json`);
    expect(res.status).toBe(200);
    doc = (await res.json()) as Json;
  });
  afterAll(async () => {
    await svc?.close();
    await db?.drop();
  });

  it('is OpenAPI 3.1 with the package version, the MIT license and a server', () => {
    const pkg = JSON.parse(readFileSync(`${ROOT_DIR}package.json`, 'utf8')) as { version: string };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.version).toBe(pkg.version);
    expect(doc.info.license).toEqual({ name: 'MIT', identifier: 'MIT' });
    expect(doc.servers.length).toBeGreaterThan(0);
  });

  it('is the document npm run docs writes from (built from the routes without a database)', async () => {
    expect(await openApiDocument()).toEqual(doc);
  });

  it('gives every operation a unique operationId', () => {
    const ids = operations(doc).map(({ op }) => op.operationId);
    expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(['createTask', 'listTasks', 'getTask', 'updateTask', 'deleteTask', 'pauseTask', 'listRuns', 'listTaskRuns', 'streamEvents']));
  });

  it('answers every error of every operation as a Problem under application/problem+json, and some success', () => {
    const wrong: string[] = [];
    for (const { path, method, op } of operations(doc)) {
      const statuses = Object.keys(op.responses);
      if (!statuses.some((s) => s.startsWith('2'))) wrong.push(`${method} ${path}: no 2xx`);
      for (const [status, response] of Object.entries(op.responses as Json)) {
        if (Number(status) < 400 || NOT_PROBLEMS.has(`${op.operationId} ${status}`)) continue;
        const content = (response as Json).content ?? {};
        const ok = Object.keys(content).join() === 'application/problem+json' && content['application/problem+json'].schema?.$ref === '#/components/schemas/Problem';
        if (!ok) wrong.push(`${method} ${path} ${status}: ${JSON.stringify(content)}`);
      }
      // A route behind a key can be refused for it, and rate limited; every route can be sent text it refuses.
      const expected = op.security === undefined ? ['400', '401', '429', '500', '503'] : ['400', '500', '503'];
      for (const s of expected) if (!statuses.includes(s)) wrong.push(`${method} ${path}: no ${s}`);
      if (op.requestBody !== undefined) for (const s of ['413', '415']) if (!statuses.includes(s)) wrong.push(`${method} ${path}: no ${s}`);
    }
    expect(wrong).toEqual([]);
  });

  it('declares 403 exactly where a key may lack the scope: where a read-only key is refused', async () => {
    const reader = await svc.api<ApiKeyWithSecretJson>('/v1/api-keys', { body: { name: 'reader', scopes: ['read'] } });
    expect(reader.status).toBe(201);
    const wrong: string[] = [];
    for (const { path, method, op } of operations(doc)) {
      if (op.security !== undefined) continue;
      const url = path.replace(/\{[^}]+\}/g, '1');
      const res = await fetch(`${svc.url}${url}`, {
        method: method.toUpperCase(),
        headers: { authorization: `Bearer ${reader.body.key}`, ...(method === 'get' || method === 'delete' ? {} : { 'content-type': 'application/json' }) },
        ...(method === 'get' || method === 'delete' ? {} : { body: '{}' }),
      });
      await res.body?.cancel();
      if ((res.status === 403) !== '403' in op.responses) wrong.push(`${method} ${path}: ${res.status} with a read key; 403 declared: ${'403' in op.responses}`);
    }
    expect(wrong).toEqual([]);
  });

  it('marks public exactly the operations that answer without a key', async () => {
    const wrong: string[] = [];
    for (const { path, method, op } of operations(doc)) {
      const url = path.replace(/\{token\}/g, 'hb_000000000000000000000000').replace(/\{[^}]+\}/g, '1');
      const res = await fetch(`${svc.url}${url}`, { method: method.toUpperCase(), ...(method === 'get' || method === 'delete' ? {} : { headers: { 'content-type': 'application/json' }, body: '{}' }) });
      await res.body?.cancel();
      const isPublic = Array.isArray(op.security) && op.security.length === 0;
      if ((res.status === 401) === isPublic) wrong.push(`${method} ${path}: ${res.status} without a key, security ${JSON.stringify(op.security)}`);
    }
    expect(wrong).toEqual([]);
  });

  it('lists no path with a trailing slash, and declares every path parameter', () => {
    const wrong: string[] = [];
    for (const { path, method, op } of operations(doc)) {
      if (path !== '/' && path.endsWith('/')) wrong.push(`${path} ends with a slash`);
      for (const [, name] of path.matchAll(/\{([^}]+)\}/g)) {
        if (!(op.parameters ?? []).some((p: Json) => p.in === 'path' && p.name === name && p.required === true)) wrong.push(`${method} ${path}: ${name}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('types ids and limits in paths and queries as integers', () => {
    const wrong: string[] = [];
    for (const { path, method, op } of operations(doc)) {
      for (const p of (op.parameters ?? []) as Json[]) {
        const integerLike = (p.in === 'path' && /(^|_)id$/.test(p.name)) || ['limit', 'task_id', 'after', 'count'].includes(p.name);
        if (integerLike && p.schema.type !== 'integer') wrong.push(`${method} ${path} ${p.in} ${p.name}: ${JSON.stringify(p.schema)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('names the shapes in components and refers to them, so generated clients get Task, Run, Problem and the pages', () => {
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(['Task', 'TaskInput', 'Run', 'Monitor', 'Check', 'Event', 'Webhook', 'ApiKey', 'Problem', 'TaskPage', 'RunPage', 'EventPage', 'MonitorPage', 'CheckPage', 'WebhookPage', 'ApiKeyPage']),
    );
    const create = doc.paths['/v1/tasks'].post;
    expect(create.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/TaskInput' });
    expect(create.responses['201'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Task' });
    expect(doc.paths['/v1/runs'].get.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/RunPage' });
    // Every named shape is used.
    const text = JSON.stringify(doc.paths) + JSON.stringify(doc.components.schemas);
    for (const name of Object.keys(doc.components.schemas)) expect(text, name).toContain(`"#/components/schemas/${name}"`);
  });

  it('describes every field of a task and types an HTTP body as the values it takes', () => {
    const undescribed: string[] = [];
    const walk = (s: Json, at: string) => {
      const node = resolve(doc, s);
      for (const [name, prop] of Object.entries((node.properties ?? {}) as Json)) {
        const p = resolve(doc, prop as Json);
        const described = typeof p.description === 'string' || (p.anyOf ?? []).some((b: Json) => typeof resolve(doc, b).description === 'string');
        if (!described) undescribed.push(`${at}${name}`);
        for (const branch of [p, ...((p.anyOf ?? []) as Json[])]) if (resolve(doc, branch).type === 'object' && branch !== p) walk(branch, `${at}${name}.`);
      }
    };
    walk(doc.components.schemas.TaskInput, '');
    expect(undescribed).toEqual([]);
    const fields = (s: Json): string[] =>
      Object.entries((resolve(doc, s).properties ?? {}) as Json).flatMap(([k, v]) => [k, ...((resolve(doc, v as Json).anyOf ?? []) as Json[]).flatMap((b) => (b.$ref !== undefined ? fields(b).map((f) => `${k}.${f}`) : []))]);
    // 23 fields the issue counted, and `sign` (signed calls).
    expect(fields(doc.components.schemas.TaskInput)).toHaveLength(24);
    const body = doc.components.schemas.HttpInput.properties.body.anyOf as Json[];
    expect(body.map((b) => b.type)).toEqual(['string', 'object', 'array', 'null']);
    expect(body[1]).toMatchObject({ type: 'object', additionalProperties: true });
  });

  it('offers forms where the API takes them, with only the flat fields of the JSON body', () => {
    const wrong: string[] = [];
    for (const { path, method, op } of operations(doc)) {
      const content = op.requestBody?.content;
      if (content === undefined || path.startsWith('/v1/ping/')) continue;
      const form = content['application/x-www-form-urlencoded'];
      if (form === undefined) continue;
      const jsonFields = Object.keys(resolve(doc, content['application/json'].schema).properties);
      const formFields = Object.keys(resolve(doc, form.schema).properties);
      if (formFields.some((f) => !jsonFields.includes(f))) wrong.push(`${method} ${path}`);
    }
    expect(wrong).toEqual([]);
    expect(Object.keys(doc.paths['/v1/tasks'].post.requestBody.content)).toEqual(['application/json', 'application/x-www-form-urlencoded']);
    expect(doc.components.schemas.TaskInputForm.properties.http).toBeUndefined();
    expect(doc.components.schemas.TaskInputForm.properties.lines).toMatchObject({ type: 'array', items: { type: 'string' } });
  });

  it('documents the event stream as text/event-stream', () => {
    expect(Object.keys(doc.paths['/v1/events/stream'].get.responses['200'].content)).toEqual(['text/event-stream']);
  });

  it("passes Redocly's recommended ruleset with no error and no warning", { timeout: 60_000 }, async () => {
    mkdirSync(TMP_DIR, { recursive: true });
    const file = `${TMP_DIR}openapi-${process.pid}.json`;
    writeFileSync(file, JSON.stringify(doc, null, 2));
    const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' };
    const run = await promisify(execFile)(`${ROOT_DIR}node_modules/.bin/redocly`, ['lint', file, '--format=json', '--config', `${ROOT_DIR}redocly.yaml`], { env, cwd: ROOT_DIR }).catch(
      (err: { stdout?: string }) => ({ stdout: err.stdout ?? '' }),
    );
    const report = JSON.parse(run.stdout) as { totals: { errors: number; warnings: number }; problems: { ruleId: string; message: string }[] };
    expect(report.problems.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  });

  it('routes a trailing slash to the path without it, and refuses ids that are not positive integers', async () => {
    const created = await svc.api<TaskJson>('/v1/tasks', { body: { title: 'slash', expires_at: '2999-01-01T00:00:00Z' } });
    expect(created.status).toBe(201);
    const list = await svc.api<Page<TaskJson>>('/v1/tasks/?limit=500');
    expect(list.status).toBe(200);
    expect(list.body.items.map((t: Json) => t.id)).toContain(created.body.id);
    expect((await svc.api<TaskJson>(`/v1/tasks/${created.body.id}/`)).body.id).toBe(created.body.id);
    // A method the collection does not have is a 405 with or without the slash: `/v1/tasks/` is never `{id}` empty.
    for (const path of ['/v1/tasks', '/v1/tasks/']) expect((await svc.api(path, { method: 'DELETE' })).status, path).toBe(405);
    for (const id of ['abc', '0', '-1', '1.5', '01', '1e3', ' 1']) {
      const r = await svc.api(`/v1/tasks/${encodeURIComponent(id)}`);
      expect(r.status, id).toBe(400);
      expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    expect((await svc.api('/v1/tasks/999999')).status).toBe(404);
    expect((await svc.api('/v1/tasks?limit=1.5')).status).toBe(400);
  });

  it('is the document the validating proxy holds answers against: one it finds wrong, it reports', () => {
    const v = new OpenApiValidator(doc);
    const task = { id: 1, title: null };
    const cases = [
      { status: 418, type: 'application/json', body: '{}' },
      { status: 200, type: 'application/json', body: JSON.stringify(task) },
      { status: 404, type: 'application/json', body: JSON.stringify({ type: 'x', title: 'x', status: 404, detail: 'x', code: 'not_found' }) },
      { status: 404, type: 'application/problem+json', body: '{"status":404}' },
    ];
    for (const c of cases) {
      const found = v.check({ method: 'GET', url: '/v1/tasks/1', requestContentType: null, requestBody: null, status: c.status, responseContentType: c.type, responseBody: c.body });
      expect(found, JSON.stringify(c)).toHaveLength(1);
    }
    const accepted = v.check({ method: 'POST', url: '/v1/tasks?x=1', requestContentType: 'application/json', requestBody: '{"cron":5}', status: 201, responseContentType: 'application/json', responseBody: '{}' });
    expect(accepted.length).toBeGreaterThanOrEqual(3); // the body answered, the query and the body sent
  });
});

describe('docs/api.md', () => {
  it('is the reference the generator makes from the OpenAPI document now (npm run docs rewrites it)', async () => {
    expect(readFileSync(`${ROOT_DIR}docs/api.md`, 'utf8')).toBe(apiMarkdown(await openApiDocument()));
  });
});

describe('operationIds made from the method and path', () => {
  it('reads as the action on the thing, for the routes being added as well', () => {
    const cases: [string, string, string][] = [
      ['get', '/v1/tasks', 'listTasks'],
      ['post', '/v1/tasks', 'createTask'],
      ['get', '/v1/tasks/{id}', 'getTask'],
      ['patch', '/v1/tasks/{id}', 'updateTask'],
      ['put', '/v1/tasks/{id}', 'replaceTask'],
      ['delete', '/v1/tasks/{id}', 'deleteTask'],
      ['post', '/v1/tasks/{id}/pause', 'pauseTask'],
      ['get', '/v1/tasks/{id}/runs', 'listTaskRuns'],
      ['get', '/v1/monitors/{id}/checks', 'listMonitorChecks'],
      ['get', '/v1/api-keys', 'listApiKeys'],
      ['delete', '/v1/api-keys/{id}', 'deleteApiKey'],
      ['patch', '/v1/webhooks/{id}', 'updateWebhook'],
      ['post', '/v1/webhooks/{id}/test', 'testWebhook'],
      ['post', '/v1/webhooks/{id}/deliveries/{delivery_id}/retry', 'retryWebhookDelivery'],
      ['post', '/v1/signing-secret/rotate', 'rotateSigningSecret'],
      ['post', '/v1/schedules/preview', 'previewSchedule'],
    ];
    expect(cases.map(([method, path]) => operationIdOf(method, path))).toEqual(cases.map(([, , id]) => id));
  });
});
