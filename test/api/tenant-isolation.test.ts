import { afterAll, beforeAll, expect, it } from 'vitest';
import { forEachBackend, type TestDatabase } from '../support/backends.ts';
import { startTestService, waitFor, type ApiResponse, type RunningService } from '../support/service.ts';
import type { ApiKeyWithSecretJson, MonitorJson, Page, RunCreatedJson, RunJson, TaskJson, WebhookWithSecretJson } from '../support/api-types.ts';
import { startTarget, type Target } from '../support/target.ts';

/**
 * FAULTS.md S6 and S7, driven by the OpenAPI document so that a route added later is covered without editing this
 * file: every route × verb with another tenant's ids is a 404 (and the objects are invisible in lists and events),
 * a `read` key cannot write, a revoked key is refused at once; bodies that set server-owned fields are refused, and no
 * response ever carries a lease token, a key hash or a stored secret.
 */

interface Operation {
  method: string;
  path: string;
  hasBody: boolean;
}

interface OpenApi {
  paths: Record<string, Record<string, { requestBody?: unknown }>>;
}

/** Fields only the server sets; a body that sets one must be refused (S7). */
const SERVER_FIELDS = ['tenant_id', 'id', 'attempt', 'lease_token', 'created_at', 'updated_at', 'key_hash', 'status', 'worker_id'];
/** What no response may carry (S7). */
const NEVER_SHOWN = ['lease_token', 'key_hash', 'secret_enc', 'ping_token_enc', 'token_hash', 'lease_expires_at'];

function operationsOf(doc: OpenApi): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      ops.push({ method: method.toUpperCase(), path, hasBody: op.requestBody !== undefined });
    }
  }
  return ops;
}

/** Every key (at any depth) of a JSON value. */
function keysOf(v: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(v)) for (const x of v) keysOf(x, out);
  else if (typeof v === 'object' && v !== null) {
    for (const [k, x] of Object.entries(v)) {
      out.add(k);
      keysOf(x, out);
    }
  }
  return out;
}

forEachBackend('tenant isolation and server-owned fields (S6, S7)', (backend) => {
  let db: TestDatabase;
  let svc: RunningService;
  let target: Target;
  let ops: Operation[] = [];
  /** Tenant A's objects, by the collection their id belongs to. */
  const ids: Record<string, number> = {};
  let keyB = '';
  let readKeyA = '';
  let revokedKeyA = '';
  const seen: ApiResponse[] = [];
  const call = async <T = unknown>(...args: Parameters<RunningService['api']>): Promise<ApiResponse<T>> => {
    const r = await svc.api<T>(...args);
    seen.push(r);
    return r;
  };

  /** The path with each `{param}` replaced by tenant A's id of that kind. */
  const fill = (path: string): string =>
    path.replace(/\{([a-z_]+)\}/g, (_m, name: string) => {
      const kind = name === 'id' ? (path.split('/')[2] ?? '') : name.replace(/_id$/, '');
      const id = ids[kind] ?? ids[`${kind}s`];
      if (id === undefined) throw new Error(`no id of kind ${kind} for ${path}`);
      return String(id);
    });
  const paramRoutes = () => ops.filter((o) => o.path.includes('{') && !o.path.startsWith('/v1/ping'));

  beforeAll(async () => {
    db = await backend.create();
    svc = await startTestService(db);
    target = await startTarget();
    ops = operationsOf((await svc.api('/openapi.json')).body as OpenApi);

    const task = await call<TaskJson>('/v1/tasks', { body: { title: 'A', interval: 3600, http: { url: `${target.url}/a` } } });
    ids.tasks = task.body.id;
    const trig = await call<RunCreatedJson>(`/v1/tasks/${task.body.id}/trigger`, { method: 'POST' });
    ids.runs = trig.body.run_id;
    await waitFor('the triggered run to finish', async () => {
      const r = await svc.api<RunJson>(`/v1/runs/${ids.runs}`);
      return r.body.finished_at !== null;
    });
    ids.monitors = (await call<MonitorJson>('/v1/monitors', { body: { url: `${target.url}/m`, interval: 3600 } })).body.id;
    ids.webhooks = (await call<WebhookWithSecretJson>('/v1/webhooks', { body: { url: `${target.url}/hook`, events: ['task.*'] } })).body.id;
    const spare = await call<ApiKeyWithSecretJson>('/v1/api-keys', { body: { name: 'spare', scopes: ['read'] } });
    ids['api-keys'] = spare.body.id;
    ids.delivery = 1;
    readKeyA = spare.body.key;
    const revoked = await call<ApiKeyWithSecretJson>('/v1/api-keys', { body: { name: 'revoked', scopes: ['admin'] } });
    revokedKeyA = revoked.body.key;
    expect((await call(`/v1/api-keys/${revoked.body.id}`, { method: 'DELETE' })).status).toBe(204);
    const b = await call<ApiKeyWithSecretJson>('/v1/api-keys', { body: { name: 'tenant B admin', scopes: ['admin'], tenant: `other-${backend.name}` } });
    keyB = b.body.key;
  });
  afterAll(async () => {
    await svc?.close();
    await target?.close();
    await db?.drop();
  });

  it('S6: every route with an id answers another tenant 404, and its lists and events show none of this tenant\'s objects', async () => {
    const routes = paramRoutes();
    expect(routes.length).toBeGreaterThan(10);
    const violations: string[] = [];
    for (const op of routes) {
      const path = fill(op.path);
      const r = await call(path, { method: op.method, key: keyB, body: op.hasBody ? {} : undefined });
      // 400 is allowed only where the (empty) body is refused before the lookup; it reveals nothing either way.
      if (r.status !== 404 && !(r.status === 400 && op.hasBody)) violations.push(`${op.method} ${path}: ${r.status}`);
    }
    for (const list of ['/v1/tasks', '/v1/runs', '/v1/monitors', '/v1/webhooks', '/v1/events', '/v1/api-keys']) {
      const r = await call<Page<unknown>>(list, { key: keyB });
      expect(r.status, list).toBe(200);
      const text = JSON.stringify(r.body.items);
      const mine = (r.body.items as { id: number }[]).filter((x) => Object.values(ids).includes(x.id) && list !== '/v1/api-keys' && list !== '/v1/events');
      if (mine.length > 0 || text.includes(target.url)) violations.push(`${list} shows tenant A's objects`);
    }
    console.log(`figure: S6 [${backend.name}] violations ${violations.length}; routes covered ${routes.length}`);
    expect(violations).toEqual([]);
  });

  it('S6: a read key cannot write on any route (403), and a revoked key is refused on every private route (401)', async () => {
    const violations: string[] = [];
    let covered = 0;
    for (const op of ops) {
      if (!op.path.startsWith('/v1/') || op.path === '/v1/health' || op.path.startsWith('/v1/ping')) continue;
      const path = op.path.includes('{') ? fill(op.path) : op.path;
      covered++;
      const revoked = await call(path, { method: op.method, key: revokedKeyA, body: op.hasBody ? {} : undefined });
      if (revoked.status !== 401) violations.push(`revoked ${op.method} ${path}: ${revoked.status}`);
      if (op.method === 'GET') continue;
      const read = await call(path, { method: op.method, key: readKeyA, body: op.hasBody ? {} : undefined });
      if (read.status !== 403) violations.push(`read key ${op.method} ${path}: ${read.status}`);
    }
    console.log(`figure: S6 [${backend.name}] scope and revocation violations ${violations.length}; routes covered ${covered}`);
    expect(violations).toEqual([]);
  });

  it('S7: every body that sets a server-owned field is refused with a 400 naming it', async () => {
    const accepted: string[] = [];
    let tried = 0;
    for (const op of ops.filter((o) => o.hasBody && o.path.startsWith('/v1/'))) {
      const path = op.path.includes('{') ? fill(op.path) : op.path;
      for (const field of SERVER_FIELDS) {
        tried++;
        const r = await call(path, { method: op.method, body: { [field]: field === 'tenant_id' ? `other-${backend.name}` : 1 } });
        const named = ((r.body as { errors?: { field: string }[] }).errors ?? []).some((e) => e.field === field);
        if (r.status !== 400 || !named) accepted.push(`${op.method} ${path} ${field}: ${r.status}`);
      }
    }
    console.log(`figure: S7 [${backend.name}] fields accepted ${accepted.length} of ${tried}`);
    expect(accepted).toEqual([]);
  });

  it('S7: no response of this file carried a lease token, a key hash or a sealed secret', async () => {
    const list = await call<Page<RunJson>>('/v1/runs');
    expect(list.body.items.length).toBeGreaterThan(0);
    const leaked = seen.flatMap((r) => [...keysOf(r.body)].filter((k) => NEVER_SHOWN.includes(k)));
    console.log(`figure: S7 [${backend.name}] responses ${seen.length}, server-only fields shown ${leaked.length}`);
    expect(leaked).toEqual([]);
  });
});
