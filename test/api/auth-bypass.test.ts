import pino from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApi } from '../../src/api/index.ts';
import { loadConfig } from '../../src/config.ts';
import { secretBox } from '../../src/store/secrets.ts';
import { forEachBackend, type TestDatabase } from '../support/backends.ts';
import { TEST_SECRET_KEY, startTestService, testEnv, type RunningService } from '../support/service.ts';

/** The part of the OpenAPI document this test reads. */
interface OpenApiPaths {
  paths: Record<string, unknown>;
}
import { rawRequest, type RawResponse } from './raw-request.ts';

/**
 * FAULTS.md S10: authentication is decided on the route Fastify matched. Every route the router holds (documented in
 * /openapi.json or not) is sent without a key under each spelling of its path; only the routes declared public may
 * answer, and a private one answers 401 when the spelling reaches it and 404 when the router matches nothing.
 */

interface Route {
  path: string;
  methods: string[];
}

/** Every route of the API as the router holds it, read from Fastify's route tree (docs, dashboard, metrics included). */
async function routerRoutes(db: TestDatabase, svc: RunningService): Promise<Route[]> {
  const config = loadConfig(testEnv(db));
  const log = pino({ level: 'silent' });
  const app = await buildApi({ config, db: svc.db, log, registry: new Registry(), secrets: secretBox([TEST_SECRET_KEY]), publicUrl: () => svc.url });
  const tree = app.printRoutes({ commonPrefix: false });
  await app.close();
  const routes: Route[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const m = /^([│├└─\s]*)(\S.*?) \(([A-Z, ]+)\)$/.exec(line);
    if (m === null) continue;
    const depth = Math.round((m[1] ?? '').length / 4);
    const segment = m[2] ?? '';
    stack.length = depth;
    const parent = depth > 0 ? (stack[depth - 1] ?? '') : '';
    // A wildcard child stands for any rest of the path.
    const path = segment.startsWith('*') ? `${parent.replace(/\/$/, '')}/anything` : parent + segment;
    stack[depth] = path;
    routes.push({ path, methods: (m[3] ?? '').split(',').map((s) => s.trim()) });
  }
  return routes;
}

/** A concrete path for a route pattern: ids 1, ping tokens well formed. */
function concrete(pattern: string): string {
  return pattern.replace(/:token|\{token\}/g, `hb_${'a'.repeat(24)}`).replace(/:[a-z_]+|\{[a-z_]+\}/g, '1');
}

/** Spellings of one path. `matched`: Fastify's router reaches the route with it (checked, not assumed, below). */
function spellings(path: string): { name: string; target: string; matched: boolean }[] {
  const [, first = '', rest = ''] = /^\/([^/]*)(.*)$/.exec(path) ?? [];
  return [
    { name: 'plain', target: path, matched: true },
    { name: 'absolute-form', target: `http://x${path}`, matched: true },
    { name: 'encoded prefix', target: `/%${first.charCodeAt(0).toString(16)}${first.slice(1)}${rest}`, matched: true },
    { name: 'trailing slash', target: `${path}/`, matched: true },
    { name: 'double slash', target: `/${path}`, matched: false },
    { name: 'dot-dot', target: `/${first}/..${path}`, matched: false },
    { name: 'case', target: `/${first.toUpperCase()}${rest}`, matched: false },
  ];
}

/** What answers without a key, by declaration: API.md (health, ping) and README (metrics, docs, the dashboard). */
function declaredPublic(path: string): boolean {
  return (
    path === '/' ||
    path === '/v1/health' ||
    path.startsWith('/v1/ping/') ||
    path === '/openapi.json' ||
    path === '/metrics' ||
    path === '/livez' ||
    path === '/readyz' ||
    path === '/docs' ||
    path.startsWith('/docs/') ||
    path.startsWith('/dashboard/')
  );
}

forEachBackend('auth bypass (S10)', (backend) => {
  let db: TestDatabase;
  let svc: RunningService;
  beforeAll(async () => {
    db = await backend.create();
    // API only: nothing here may make the service call out. The failure limit is out of the way: this test floods
    // 401s from one address on purpose (the limit has its own test).
    svc = await startTestService(db, { TICKWORK_AUTH_FAILURE_LIMIT: '10000000' }, { api: true, engine: false });
  });
  afterAll(async () => {
    await svc?.close();
    await db?.drop();
  });

  it('reaches no private route without a key, whatever the spelling of its path, and keeps the public ones public', async () => {
    const routes = await routerRoutes(db, svc);
    const doc = await svc.api<OpenApiPaths>('/openapi.json', { key: null });
    expect(doc.status).toBe(200);
    const paths = routes.map((r) => r.path);
    // The tree parser found every documented route: the list below is complete.
    for (const p of Object.keys(doc.body.paths)) expect(paths, p).toContain(p.replace(/\{([a-z_]+)\}/g, ':$1'));
    expect(paths).toEqual(expect.arrayContaining(['/metrics', '/openapi.json', '/', '/docs']));

    let requests = 0;
    let privateRoutes = 0;
    // Route and method pairs some spelling got past authentication with: any answer but 401 (refused) or 404/405
    // (not matched) means a handler, a schema or a hook behind auth saw the request (a 400 counts: it was parsed).
    const reached = new Set<string>();
    const unexpected: string[] = [];
    for (const route of routes) {
      const path = concrete(route.path);
      for (const method of route.methods) {
        const body = ['POST', 'PUT', 'PATCH'].includes(method) ? '{}' : undefined;
        if (declaredPublic(route.path)) {
          const r = await rawRequest(svc.url, method, path, {}, body);
          requests++;
          if (r.status === 401 || r.status >= 500) unexpected.push(`${method} ${path} (public) -> ${r.status}`);
          continue;
        }
        privateRoutes++;
        for (const s of spellings(path)) {
          let r: RawResponse;
          try {
            r = await rawRequest(svc.url, method, s.target, {}, body);
          } catch (err) {
            unexpected.push(`${method} ${s.target} (${s.name}) -> ${(err as Error).message}`);
            continue;
          }
          requests++;
          if (![401, 404, 405].includes(r.status)) reached.add(`${method} ${route.path}`);
          const expected = s.matched ? [401] : [404];
          if (!expected.includes(r.status)) unexpected.push(`${method} ${s.target} (${s.name}) -> ${r.status}`);
          if (r.status === 401 && !/^Bearer/.test(String(r.headers['www-authenticate']))) unexpected.push(`${method} ${s.target}: 401 without WWW-Authenticate: Bearer`);
          if (r.status >= 400 && method !== 'HEAD') expect(r.headers['content-type']).toMatch(/problem\+json/);
        }
      }
    }
    console.log(`figure: S10 [${backend.name}] routes reached without a key: ${reached.size} of ${privateRoutes} (${requests} requests)`);
    expect([...reached]).toEqual([]);
    expect(unexpected).toEqual([]);
    expect(privateRoutes).toBeGreaterThan(30);
  });

  it('serves the matched route to a valid key under the spellings that reach it', async () => {
    const headers = { authorization: 'Bearer tw_test_admin_key_0123456789abcdef' };
    const body = JSON.stringify({ cron: '0 9 * * *', timezone: 'UTC', count: 1 });
    for (const target of ['/v1/schedules/preview', 'http://x/v1/schedules/preview', '/%761/schedules/preview', '/v1/schedules/preview/']) {
      expect((await rawRequest(svc.url, 'POST', target, headers, body)).status, target).toBe(200);
    }
    // A path no route matches is 404 with a key as without: the key is not what decides.
    expect((await rawRequest(svc.url, 'GET', '/v1/no-such-route', headers)).status).toBe(404);
    expect((await rawRequest(svc.url, 'GET', '/v1/no-such-route')).status).toBe(404);
  });
});
