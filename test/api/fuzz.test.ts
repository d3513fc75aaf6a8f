import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgliteBackend, postgresBackend, TEST_DATABASE_URL, type TestDatabase } from '../support/backends.ts';
import { startTestService, TEST_ADMIN_KEY, type RunningService } from '../support/service.ts';
import type { ApiKeyJson, ApiKeyWithSecretJson, MonitorJson, Page, RunCreatedJson, TaskJson, WebhookWithSecretJson } from '../support/api-types.ts';

/**
 * FAULTS.md S12: a fuzz test driven by the service's own /openapi.json. For every path and verb it sends requests
 * built from the declared schemas and mutated with hostile values — NUL, lone surrogates, JSON nested 10,000 deep,
 * 1e20 and 1e400 as raw text, negative and huge integers, wrong types, `__proto__` keys, oversize strings — in JSON
 * and form bodies, query strings, path ids, headers and forged cursors. No answer may be a 5xx, and every 4xx must
 * be an RFC 9457 problem document.
 *
 * The service runs the API only (`engine: false`): no worker, monitor checker or webhook delivery runs, so the
 * generated URLs in created tasks, monitors and webhooks are never called — the test cannot make the service
 * reach any address it generated.
 *
 * Runs on PostgreSQL when TEST_DATABASE_URL is set, else on PGlite. Reproduce a run with FUZZ_SEED=<seed printed>;
 * FUZZ_REQUESTS sets the total (default 5,200).
 */

const SEED = Number(process.env.FUZZ_SEED ?? 20260812);
const TOTAL = Number(process.env.FUZZ_REQUESTS ?? 5200);
const backend = TEST_DATABASE_URL === undefined ? pgliteBackend : postgresBackend;

// ---------------------------------------------------------------------------------------------------------------
// Values: JSON text with parts JSON.stringify would never write.

/** JSON text inserted as is (1e400, 10,000-deep nesting, a `__proto__` member). */
class Raw {
  constructor(readonly text: string) {}
}

function jsonText(v: unknown): string {
  if (v instanceof Raw) return v.text;
  if (Array.isArray(v)) return `[${v.map(jsonText).join(',')}]`;
  if (typeof v === 'object' && v !== null) {
    return `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}:${jsonText(x)}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/** Percent-encodes every UTF-16 code unit, lone surrogates included (as WTF-8), which encodeURIComponent refuses. */
function pct(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const next = s.charCodeAt(i + 1);
    if (c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      out += encodeURIComponent(s.slice(i, i + 2));
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      out += [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    } else {
      out += encodeURIComponent(s[i] ?? '');
    }
  }
  return out;
}

const deepArray = new Raw('['.repeat(10_000) + ']'.repeat(10_000));
const deepObject = new Raw('{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000));

const HOSTILE_STRINGS = [
  '\u0000', 'a\u0000b', '\ud800', 'x\udfff', '\udbff\udbff', '', ' ', '%00', '\r\nX-Injected: 1', '\u00e9\u20ac\u{1f600}',
  'x'.repeat(5_001), 'y'.repeat(70_000), '-010000-01-01T00:00:00Z', '+275760-09-13T00:00:00Z', '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z', '1970-01-01T00:00:00Z', '2026-02-30T25:61:61Z', '1e400', '-1', '0', '99999999999999999999', 'null',
  'true', '[]', '{}', '__proto__', "' OR 1=1 --", 'http://169.254.169.254/latest', 'http://[::1]:9/', 'file:///etc/passwd',
  'javascript:alert(1)', '*/5 * * * *', '0 0 31 2 *', '1h', '0s', '9999999d', 'Europe/Nowhere', 'Etc/GMT+14', '$..*', '$[99999999999]',
  '(a+)+$', '[', '\\', 'GET', 'TRACE', 'central,victoria', 'whsec_AAAA', '*', 'run.*',
];
const HOSTILE_RAW = [
  new Raw('1e400'), new Raw('-1e400'), new Raw('1e20'), new Raw('-1e20'), new Raw('99999999999999999999'), new Raw('-0'),
  new Raw('1e-400'), new Raw('4.5'), deepArray, deepObject, new Raw('{"__proto__":{"admin":true}}'),
  new Raw('{"constructor":{"prototype":{"admin":true}}}'), new Raw('"\\ud800"'), new Raw('"a\\u0000"'),
];
const HOSTILE_OTHER: unknown[] = [1e20, -1, -1e20, 0, 2 ** 53 + 1, 1.5, -0.5, 2 ** 31, 2 ** 63, true, false, null, [], {}, [1, 'a', null], { a: { b: { c: 1 } } }];
const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', '\u0000', '\ud800', '', 'x'.repeat(300), 'unknown_field', 'Content-Length'];

/** Text PostgreSQL cannot store: NUL and lone surrogates, alone or inside ordinary text. */
const unstorable = fc.tuple(fc.string({ maxLength: 8 }), fc.constantFrom('\u0000', '\ud800', '\udfff', '\udbff\udbff'), fc.string({ maxLength: 8 })).map(([a, b, c]) => a + b + c);
const hostileString = fc.oneof(
  { arbitrary: unstorable, weight: 2 },
  { arbitrary: fc.constantFrom(...HOSTILE_STRINGS), weight: 2 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 30 }), weight: 1 },
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: hostileString, weight: 4 },
  { arbitrary: fc.constantFrom<unknown>(...HOSTILE_RAW), weight: 2 },
  { arbitrary: fc.constantFrom(...HOSTILE_OTHER), weight: 2 },
  { arbitrary: fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })), weight: 1 },
);

// ---------------------------------------------------------------------------------------------------------------
// Values from the declared schemas.

interface Schema {
  type?: string | string[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  const?: unknown;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  patternProperties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  required?: string[];
  items?: Schema;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  maxItems?: number;
}

function fromSchema(s: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (s === undefined || depth > 4) return fc.jsonValue({ maxDepth: 1 });
  const branches = s.anyOf ?? s.oneOf;
  if (branches !== undefined && branches.length > 0) return fc.oneof(...branches.map((b) => fromSchema(b, depth + 1)));
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum !== undefined && s.enum.length > 0) return fc.constantFrom(...s.enum);
  const types = s.type === undefined ? [] : [s.type].flat();
  if (types.length > 1) return fc.oneof(...types.map((t) => fromSchema({ ...s, type: t }, depth)));
  switch (types[0]) {
    case 'string':
      if (s.format === 'date-time') return fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
      if (s.pattern !== undefined) return fc.stringMatching(new RegExp(s.pattern), { size: 'xsmall' });
      return fc.string({ maxLength: Math.min(s.maxLength ?? 20, 20) });
    case 'integer':
      return fc.integer({ min: Math.max(s.minimum ?? -1000, -1e6), max: Math.min(s.maximum ?? 1000, 1e6) });
    case 'number':
      return fc.double({ min: s.minimum ?? -1000, max: s.maximum ?? 1000, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(fromSchema(s.items, depth + 1), { maxLength: Math.min(s.maxItems ?? 3, 3) });
    case 'object': {
      if (s.properties !== undefined) {
        const props = Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, fromSchema(v, depth + 1)]));
        return fc.record(props, { requiredKeys: (s.required ?? []).filter((k) => k in props) });
      }
      const values = Object.values(s.patternProperties ?? {})[0];
      return fc.dictionary(fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,20}$/), fromSchema(values, depth + 1), { maxKeys: 3 });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Valid bodies (API.md's examples), so that one mutation lands in a body that otherwise passes every check: a
// hostile value only reaches the database, the serialiser or `new Date()` when nothing else was wrong.

const TARGET = 'http://127.0.0.1:9/never-called';
const TASKS = [
  {
    title: 'report', description: 'nightly', interval: 3600, notify_before: 60, overlap: 'skip', misfire: 'skip',
    http: { url: TARGET, method: 'POST', headers: { 'X-A': '1', Authorization: 'Bearer t' }, body: { k: 'v', list: [1, 'two', null] }, timeout_ms: 1000, expect_status: [200, 204], expect_body_regex: 'ok|fine' },
    retry: { max_attempts: 2, backoff_s: 1, max_backoff_s: 10 },
  },
  { title: 'tube', cron: '0 8 * * 1-5', timezone: 'Europe/London', lines: ['central', 'victoria'], expires_at: '2999-01-01T00:00:00Z' },
  { schedule_time: '2999-01-01T09:00:00', http: { url: TARGET, method: 'PUT', body: 'raw text' } },
  { interval: '90s', http: { url: TARGET }, expires_at: '2999-01-01T00:00:00+01:00', notify_before: 0 },
];
const MONITORS = [
  { url: TARGET, regexp: 'ok', interval: '5m', method: 'GET', timeout_ms: 1000, expect_status: [200], failure_threshold: 2, expect_json: { path: '$.a[0]', equals: { b: [1, 'x', null] } } },
  { url: TARGET, expect_json: { path: '$.status' } },
];
const EXAMPLES: Record<string, unknown[]> = {
  'POST /v1/tasks': TASKS,
  'PUT /v1/tasks/{id}': TASKS,
  'PATCH /v1/tasks/{id}': [...TASKS, { title: null }, { retry: null, http: null, interval: null }],
  'POST /v1/monitors': [...MONITORS, { type: 'heartbeat', period: '1h', grace: '5m' }],
  'PATCH /v1/monitors/{id}': [...MONITORS, { period: 3600, grace: 0 }, { regexp: null, expect_json: null }],
  'POST /v1/webhooks': [{ url: TARGET, events: ['run.*', 'task.created'], secret: `whsec_${Buffer.alloc(32, 7).toString('base64')}` }],
  'POST /v1/api-keys': [{ name: 'k', scopes: ['read', 'write'], tenant: 'other' }, { name: 'r', scopes: ['read'] }],
  'POST /v1/schedules/preview': [{ cron: '0 8 * * *', timezone: 'Europe/London', count: 5, from: '2026-03-01T00:00:00Z' }, { interval: '90s', count: 100 }, { schedule_time: '2030-01-01T00:00:00Z' }],
};

// ---------------------------------------------------------------------------------------------------------------
// Mutations of a generated body.

type Path = (string | number)[];

function pathsOf(v: unknown, at: Path = [], out: Path[] = []): Path[] {
  out.push(at);
  if (at.length > 4 || v instanceof Raw) return out;
  if (Array.isArray(v)) v.forEach((x, i) => pathsOf(x, [...at, i], out));
  else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) pathsOf(x, [...at, k], out);
  return out;
}

/** A copy of `v` with `x` at `path`, or (`addKey`) a new member `key: x` in the object there. */
function withAt(v: unknown, path: Path, x: unknown, addKey: string | null): unknown {
  if (path.length === 0) {
    if (addKey !== null && typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Raw)) {
      const copy: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
      Object.assign(copy, v);
      Object.defineProperty(copy, addKey, { value: x, enumerable: true, writable: true, configurable: true });
      return copy;
    }
    return x;
  }
  const [head, ...rest] = path;
  if (Array.isArray(v)) return v.map((item, i) => (i === head ? withAt(item, rest, x, addKey) : item));
  const copy: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  Object.assign(copy, v);
  copy[String(head)] = withAt((v as Record<string, unknown>)[String(head)], rest, x, addKey);
  return copy;
}

/** `arb` in `percent` % of cases, else null. */
const sometimes = <T,>(arb: fc.Arbitrary<T>, percent: number): fc.Arbitrary<T | null> =>
  fc.oneof({ arbitrary: fc.constant(null), weight: 100 - percent }, { arbitrary: arb, weight: percent });

const mutation = fc.record({ at: fc.nat(), value: hostileValue, key: sometimes(fc.constantFrom(...HOSTILE_KEYS), 25) });

function mutate(body: unknown, ms: readonly { at: number; value: unknown; key: string | null }[]): unknown {
  let out = body;
  for (const m of ms) {
    const paths = pathsOf(out);
    out = withAt(out, paths[m.at % paths.length] ?? [], m.value, m.key);
  }
  return out;
}

/** A body as form fields: scalars as text, lists repeated, objects as JSON (which the API must refuse by name). */
function formText(body: unknown): string {
  if (typeof body !== 'object' || body === null || Array.isArray(body) || body instanceof Raw) return pct(jsonText(body));
  const parts: string[] = [];
  for (const [k, v] of Object.entries(body)) {
    for (const one of Array.isArray(v) ? v : [v]) {
      const text = typeof one === 'string' ? one : one === null ? '' : one instanceof Raw ? one.text : typeof one === 'object' ? jsonText(one) : String(one);
      parts.push(`${pct(k)}=${pct(text)}`);
    }
  }
  return parts.join('&');
}

// ---------------------------------------------------------------------------------------------------------------
// Requests.

interface Operation {
  method: string;
  path: string;
  pathParams: string[];
  query: { name: string; schema: Schema }[];
  body: Schema | undefined;
}

interface Problem {
  type: unknown;
  title: unknown;
  status: unknown;
  detail: unknown;
  code: unknown;
  errors?: unknown;
}

function problemDefect(doc: Problem | null, status: number): string | null {
  if (doc === null || typeof doc !== 'object') return 'the body is not JSON';
  if (typeof doc.type !== 'string' || typeof doc.title !== 'string' || typeof doc.detail !== 'string' || typeof doc.code !== 'string') {
    return 'type, title, detail and code must be strings';
  }
  if (doc.status !== status) return `status ${String(doc.status)} differs from the response's ${status}`;
  if (doc.errors !== undefined) {
    const ok = Array.isArray(doc.errors) && doc.errors.every((e: unknown) => typeof (e as { field?: unknown }).field === 'string' && typeof (e as { message?: unknown }).message === 'string');
    if (!ok) return 'errors must be a list of {field, message}';
  }
  return null;
}

describe(`fuzz from /openapi.json [${backend.name}]`, () => {
  let db: TestDatabase;
  let svc: RunningService;
  let operations: Operation[] = [];
  const ids: Record<string, string[]> = {};
  const cursors: string[] = [];
  /** Keys the fuzz must not revoke (it authenticates with them). */
  const protectedKeyIds = new Set<string>();
  let spareKeyId = '999';

  beforeAll(async () => {
    db = await backend.create();
    svc = await startTestService(
      db,
      { TICKWORK_AUTH_FAILURE_LIMIT: '1000000', TICKWORK_MAX_TASKS_PER_TENANT: '100000', TICKWORK_BODY_LIMIT: '1048576' },
      { api: true, engine: false },
    );
    const doc = (await (await fetch(`${svc.url}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { parameters?: { in: string; name: string; schema: Schema }[]; requestBody?: { content?: Record<string, { schema?: Schema }> } }>>;
      components?: { schemas?: Record<string, Schema> };
    };
    // The document names its shapes in components and refers to them: values are built from what the refs name.
    const named = doc.components?.schemas ?? {};
    const deref = (s: unknown, depth = 0): Schema | undefined => {
      if (typeof s !== 'object' || s === null || depth > 40) return s as Schema | undefined;
      if (Array.isArray(s)) return s.map((x) => deref(x, depth + 1)) as unknown as Schema;
      const ref = (s as { $ref?: unknown }).$ref;
      if (typeof ref === 'string') return deref(named[ref.replace('#/components/schemas/', '')], depth + 1);
      return Object.fromEntries(Object.entries(s).map(([k, v]) => [k, deref(v, depth + 1)])) as Schema;
    };
    for (const [path, verbs] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(verbs)) {
        if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
        operations.push({
          method: method.toUpperCase(),
          path,
          pathParams: (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
          query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: deref(p.schema) ?? {} })),
          body: deref(op.requestBody?.content?.['application/json']?.schema),
        });
      }
    }
    operations = operations.sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`));

    // Fixtures, so valid ids reach the handlers, and real cursors to tamper with.
    const create = async (path: string, body: unknown): Promise<string> => {
      const r = await svc.api<TaskJson | MonitorJson | WebhookWithSecretJson>(path, { body });
      expect(r.status, `${path} ${JSON.stringify(r.body)}`).toBe(201);
      return String(r.body.id);
    };
    const target = 'http://127.0.0.1:9/never-called';
    ids.tasks = [];
    for (let i = 0; i < 3; i++) ids.tasks.push(await create('/v1/tasks', { title: `fixture ${i}`, interval: 3600, http: { url: target } }));
    ids.monitors = [await create('/v1/monitors', { url: target }), await create('/v1/monitors', { type: 'heartbeat', period: '1h' })];
    ids.webhooks = [await create('/v1/webhooks', { url: target, events: ['run.*'] }), await create('/v1/webhooks', { url: target, events: ['*'] })];
    const trigger = await svc.api<RunCreatedJson>(`/v1/tasks/${ids.tasks[0]}/trigger`, { method: 'POST' });
    ids.runs = [String(trigger.body.run_id)];
    const spare = await svc.api<ApiKeyWithSecretJson>('/v1/api-keys', { body: { name: 'spare', scopes: ['read'] } });
    spareKeyId = String(spare.body.id);
    const keys = await svc.api<Page<ApiKeyJson>>('/v1/api-keys?limit=500');
    for (const k of keys.body.items) if (String(k.id) !== spareKeyId) protectedKeyIds.add(String(k.id));
    ids['api-keys'] = [spareKeyId];
    for (const list of ['/v1/tasks', '/v1/monitors', '/v1/webhooks', '/v1/events', '/v1/runs', '/v1/api-keys']) {
      const r = await svc.api<Page<unknown>>(`${list}?limit=1`);
      if (typeof r.body.next_cursor === 'string') cursors.push(r.body.next_cursor);
    }
  });
  afterAll(async () => {
    await svc?.close();
    await db?.drop();
  });

  const forge = (body: unknown): string => Buffer.from(JSON.stringify(body)).toString('base64url');
  const cursorArb = (): fc.Arbitrary<string> =>
    fc.oneof(
      fc.constantFrom(...cursors),
      fc.constantFrom(...cursors).chain((c) => fc.nat({ max: c.length }).map((n) => c.slice(0, n))),
      fc.constantFrom(...cursors).chain((c) => fc.nat({ max: c.length - 1 }).map((n) => `${c.slice(0, n)}${c[n] === 'A' ? 'B' : 'A'}${c.slice(n + 1)}`)),
      fc.constantFrom(...cursors).map((c) => `${forge({ l: 'tasks', t: 'default', k: 0, f: { state: null } })}.${c.split('.')[1] ?? ''}`),
      fc.record({ l: fc.constantFrom('tasks', 'runs', 'events', 'monitors'), t: fc.constantFrom('default', 'other'), k: hostileValue, f: fc.dictionary(fc.string(), hostileValue, { maxKeys: 3 }) }).map((b) => forge(b)),
      hostileString,
    );

  const idArb = (op: Operation): fc.Arbitrary<string> => {
    const collection = op.path.split('/')[2] ?? '';
    const known = ids[collection] ?? ids.tasks ?? ['1'];
    const arb = fc.oneof(
      { arbitrary: fc.constantFrom('0', '-1', '1e30', '%00', 'abc', '99999999999999999999', '%ED%A0%80', '1.5', '0x10', ' 1', '01', '9007199254740993'), weight: 2 },
      { arbitrary: fc.constantFrom(...known), weight: 3 },
      { arbitrary: fc.nat({ max: 50 }).map(String), weight: 1 },
      { arbitrary: hostileString.map(pct), weight: 1 },
    );
    // The fuzz authenticates with these keys: revoking them would turn the rest of the run into 401s.
    return collection === 'api-keys' ? arb.map((id) => (protectedKeyIds.has(id) ? spareKeyId : id)) : arb;
  };

  const queryArb = (op: Operation): fc.Arbitrary<string> => {
    const params = op.query.map((q) =>
      sometimes(
        (q.name === 'cursor' ? fc.oneof(cursorArb(), hostileString) : fc.oneof(fromSchema(q.schema).map(String), hostileString, hostileValue.map((v) => (v instanceof Raw ? v.text.slice(0, 200) : String(v))))).map(
          (v) => `${q.name}=${pct(v)}`,
        ),
        50,
      ),
    );
    const extra = sometimes(fc.tuple(fc.constantFrom(...HOSTILE_KEYS, 'limit', 'since'), hostileString).map(([k, v]) => `${pct(k)}=${pct(v)}`), 10);
    return fc.tuple(fc.tuple(...params), extra).map(([ps, e]) => {
      const parts = [...ps, e].filter((p): p is string => p !== null);
      return parts.length === 0 ? '' : `?${parts.join('&')}`;
    });
  };

  /** Header values fetch can send: HTAB, printable ASCII and Latin-1. */
  const headerText = fc.oneof(
    fc.string({ unit: fc.constantFrom(...'\tabcXYZ09 -_.:;,"\'/\\=+*%$#@!~`^|(){}[]<>?\u00a0\u00e9\u00ff'.split('')), maxLength: 40 }),
    fc.constantFrom('', 'x'.repeat(300), '99999999999999999999', '-1', '1e30', 'Bearer', 'null'),
  );

  /** A valid example or a body from the schema, with none, one (most often) or a few hostile mutations. */
  const bodyArb = (op: Operation): fc.Arbitrary<unknown> => {
    const examples = EXAMPLES[`${op.method} ${op.path}`] ?? [];
    const base = examples.length === 0 ? fromSchema(op.body) : fc.oneof({ arbitrary: fc.constantFrom(...examples), weight: 3 }, { arbitrary: fromSchema(op.body), weight: 1 });
    const mutations = fc.oneof(
      { arbitrary: fc.constant([]), weight: 1 },
      { arbitrary: fc.tuple(mutation), weight: 4 },
      { arbitrary: fc.array(mutation, { minLength: 2, maxLength: 3 }), weight: 1 },
    );
    return fc.tuple(base, mutations).map(([b, ms]) => mutate(b, ms));
  };

  const requestArb = (op: Operation) =>
    fc.record({
      params: fc.tuple(...op.pathParams.map(() => idArb(op))),
      query: queryArb(op),
      body: op.body === undefined ? fc.constant(undefined) : sometimes(bodyArb(op), 92),
      bodyAnyway: op.body === undefined ? sometimes(hostileValue, 20) : fc.constant(null),
      encoding: fc.oneof(
        { arbitrary: fc.constant('json'), weight: 14 },
        { arbitrary: fc.constant('form'), weight: 4 },
        { arbitrary: fc.constantFrom('text/plain', 'application/json; charset=latin1', 'application/x-www-form-urlencoded; charset=utf-16', 'application/JSON'), weight: 2 },
      ),
      auth: fc.oneof({ arbitrary: fc.constant(`Bearer ${TEST_ADMIN_KEY}`), weight: 18 }, { arbitrary: fc.constant(null), weight: 1 }, { arbitrary: headerText.map((t) => `Bearer ${t}`), weight: 1 }),
      idempotencyKey: sometimes(fc.oneof(fc.uuid(), headerText), 20),
      lastEventId: sometimes(fc.oneof(fc.nat().map(String), headerText), 40),
    });

  it(`answers every generated request below 500, every 4xx a problem document (seed ${SEED})`, { timeout: 240_000 }, async () => {
    console.log(`fuzz seed ${SEED} (reproduce with FUZZ_SEED=${SEED}); ${operations.length} operations from /openapi.json`);
    expect(operations.length).toBeGreaterThan(20);
    const perRoute = new Map<string, number>();
    const byStatus = new Map<number, number>();
    const failures: string[] = [];
    let sent = 0;
    let serverErrors = 0;
    const runs = Math.ceil(TOTAL / operations.length);

    for (const op of operations) {
      const route = `${op.method} ${op.path}`;
      await fc.assert(
        fc.asyncProperty(requestArb(op), async (r) => {
          let path = op.path;
          op.pathParams.forEach((name, i) => (path = path.replace(`{${name}}`, r.params[i] ?? '1')));
          const headers: Record<string, string> = {};
          if (r.auth !== null) headers.authorization = r.auth;
          if (r.idempotencyKey !== null && op.method === 'POST') headers['idempotency-key'] = r.idempotencyKey;
          if (r.lastEventId !== null && op.path.endsWith('/stream')) headers['last-event-id'] = r.lastEventId;
          let body: string | undefined;
          const value = r.body ?? r.bodyAnyway;
          // fetch sends no body with GET; other verbs without a declared body get one anyway.
          if (value !== null && value !== undefined && op.method !== 'GET') {
            const form = r.encoding.includes('form') || r.encoding === 'form';
            body = form ? formText(value) : jsonText(value);
            headers['content-type'] = r.encoding === 'json' ? 'application/json' : r.encoding === 'form' ? 'application/x-www-form-urlencoded' : r.encoding;
          }
          const url = `${svc.url}${path}${r.query}`;
          const abort = new AbortController();
          const timer = setTimeout(() => abort.abort(), 20_000);
          let status = 0;
          let contentType = '';
          let text = '';
          try {
            const res = await fetch(url, { method: op.method, headers, body, signal: abort.signal });
            status = res.status;
            contentType = res.headers.get('content-type') ?? '';
            // A live event stream never ends: its head is the answer.
            if (contentType.startsWith('text/event-stream')) abort.abort();
            else text = await res.text();
          } catch (err) {
            if (status === 0) {
              failures.push(`${op.method} ${path}${r.query.slice(0, 200)}: no answer (${(err as Error).message})`);
              return;
            }
          } finally {
            clearTimeout(timer);
          }
          sent++;
          perRoute.set(route, (perRoute.get(route) ?? 0) + 1);
          byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
          const what = `${op.method} ${path.slice(0, 120)}${r.query.slice(0, 200)} body ${(body ?? '').slice(0, 200)}`;
          if (status >= 500) {
            serverErrors++;
            failures.push(`${what} → ${status} ${text.slice(0, 300)}`);
            return;
          }
          if (status >= 400) {
            let doc: Problem | null = null;
            try {
              doc = JSON.parse(text) as Problem;
            } catch {
              doc = null;
            }
            const defect = contentType.startsWith('application/problem+json') ? problemDefect(doc, status) : `content-type ${contentType}`;
            if (defect !== null) failures.push(`${what} → ${status}: not a problem document (${defect}) ${text.slice(0, 200)}`);
          }
        }),
        { numRuns: runs, seed: SEED, endOnFailure: true },
      );
    }

    const table = [...perRoute.entries()].map(([route, n]) => `  ${String(n).padStart(5)}  ${route}`).join('\n');
    console.log(`requests per route:\n${table}`);
    console.log(`answers by status: ${[...byStatus.entries()].sort(([a], [b]) => a - b).map(([st, n]) => `${st}: ${n}`).join(', ')}`);
    console.log(`figure: S12 5xx responses: ${serverErrors} of ${sent} requests [${backend.name}]`);
    expect(failures.slice(0, 30)).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(Math.min(TOTAL, 5000));
  });
});
