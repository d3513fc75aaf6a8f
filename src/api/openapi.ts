import { STATUS_CODES } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { INTEGER_PARAMETERS, Problem } from './schemas.ts';
import { PROBLEM_CONTENT_TYPE } from './problems.ts';
import { offerForms } from './openapi-forms.ts';

/**
 * The OpenAPI document (/openapi.json) as @fastify/swagger builds it from the route declarations, finished here so
 * that a client generator gets types and names from it:
 *
 * - `documentRoute` (per route): the statuses every route of its kind can return are added as Problem responses —
 *   400 and 500 to every route (a query or path text the API refuses; an unexpected error), 413 and 415 to a route
 *   with a body, 503 (the database busy), and behind a key 401, 403 (when the route needs more than `read`) and 429;
 *   a public route gets `security: []`, and 429 unless it is not rate limited. A route declares only what its own
 *   logic returns: `response: { 200: Task, ...problems(404, 409) }`.
 * - `finishDocument` (the whole document): every schema named with `named()` becomes one `components.schemas`
 *   entry referenced by `$ref`; error responses are `application/problem+json`; a body that a form can carry is also
 *   offered as `application/x-www-form-urlencoded` (forms.ts: text fields, lists repeated); integer parameters are
 *   typed as integers; each operation gets an operationId (declared, or made from its method and path); POSTs
 *   behind a key document Idempotency-Key and its 409.
 *
 * Only the document changes: the schemas that validate and serialise requests are the routes' own, untouched.
 */

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

interface RouteFacts {
  schema?: Json;
  url: string;
  route: { method: string | string[]; config?: { scope?: string; rateLimit?: unknown } };
}

/** The statuses a route's kind implies, besides those it declares. */
function impliedStatuses(schema: Json, scope: string, rateLimited: boolean): number[] {
  // 500: an unexpected error, logged, answered without internals.
  const out = [400, 500];
  if (schema.body !== undefined) out.push(413, 415);
  if (scope === 'public') {
    if (rateLimited) out.push(429);
    out.push(503);
  } else {
    out.push(401, 429, 503);
    if (scope !== 'read') out.push(403);
  }
  return out;
}

/** @fastify/swagger's `transform`: what every route of a kind can answer, and the public routes' `security: []`. */
export function documentRoute({ schema, url, route }: RouteFacts): { schema: Json | undefined; url: string } {
  const path = url.length > 1 ? url.replace(/\/+$/, '') : url;
  if (schema === undefined || schema.hide === true) return { schema, url: path };
  const methods = [route.method].flat();
  const scope = route.config?.scope ?? (methods.every((m) => m === 'GET' || m === 'HEAD') ? 'read' : 'write');
  const response: Json = { ...(isObject(schema.response) ? schema.response : {}) };
  for (const status of impliedStatuses(schema, scope, route.config?.rateLimit !== false)) response[status] ??= Problem;
  const out: Json = { ...schema, response };
  if (scope === 'public') out.security = [];
  else out['x-tickwork-scope'] = scope;
  return { schema: out, url: path };
}

const RESPONSE_DESCRIPTIONS: Record<string, string> = {
  200: 'OK',
  201: 'Created; `Location` names it',
  202: 'Accepted',
  204: 'Done; no body',
  400: 'Malformed or invalid input; `errors` names every offending field',
  401: 'No API key, or one that is unknown, revoked or expired',
  403: 'The API key lacks the scope this route needs',
  404: 'No such object (or it belongs to another tenant)',
  409: 'Conflict with the current state (or an Idempotency-Key reused with another request)',
  413: 'The body is over the limit',
  415: 'Not JSON or a form',
  429: 'Rate limited; retry after `Retry-After` seconds',
  500: 'An unexpected error; it has been logged (the answer holds no internals)',
  503: 'Temporarily unavailable; retry after `Retry-After` seconds',
};

const RETRY_AFTER = { description: 'Seconds to wait before retrying', schema: { type: 'integer', minimum: 1 } };

/** @fastify/swagger's `transformObject`: the finished document. */
export function finishDocument({ openapiObject }: { openapiObject: Json }): Json {
  const doc = structuredClone(openapiObject);
  const components = (isObject(doc.components) ? doc.components : {}) as Json;
  const schemas: Json = isObject(components.schemas) ? components.schemas : {};
  const paths = mergeTrailingSlashes(isObject(doc.paths) ? doc.paths : {});
  doc.paths = paths;
  const seenIds = new Set<string>();
  // A route of several methods is one operation object in @fastify/swagger's output: each method gets its own.
  // (A route declaring one operationId for several methods fails below: declare one route per method instead.)
  const seenOps = new Set<unknown>();
  for (const item of Object.values(paths)) {
    if (!isObject(item)) continue;
    for (const [method, op] of Object.entries(item)) {
      if (seenOps.has(op)) item[method] = structuredClone(op);
      seenOps.add(item[method]);
    }
  }
  for (const [path, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    for (const [method, op] of Object.entries(item)) {
      if (!isObject(op)) continue;
      finishOperation(path, method, op, seenIds);
    }
  }
  const named = nameSchemas(paths, schemas);
  doc.paths = named;
  for (const item of Object.values(named)) {
    for (const op of Object.values(isObject(item) ? item : {})) if (isObject(op)) offerForms(op, schemas);
  }
  components.schemas = Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b)));
  doc.components = components;
  return doc;
}

function finishOperation(path: string, method: string, op: Json, seenIds: Set<string>): void {
  const scope = op['x-tickwork-scope'];
  delete op['x-tickwork-scope'];
  op.operationId ??= operationIdOf(method, path);
  const id = String(op.operationId);
  if (seenIds.has(id)) throw new Error(`operationId ${id} is used twice (${method.toUpperCase()} ${path}); declare one in the route's schema`);
  seenIds.add(id);
  const parameters = Array.isArray(op.parameters) ? (op.parameters as Json[]) : [];
  for (const p of parameters) integerParameter(p);
  const responses = (isObject(op.responses) ? op.responses : {}) as Json;
  if (method === 'post' && scope !== undefined) {
    parameters.push({
      in: 'header', name: 'Idempotency-Key', required: false,
      description: 'The same key from the same API key within 24 h answers the first response again instead of acting twice; with another request it is a 409',
      schema: { type: 'string', minLength: 1, maxLength: 255 },
    });
    responses[409] ??= { content: { 'application/json': { schema: JSON.parse(JSON.stringify(Problem)) as Json } } };
  }
  if (parameters.length > 0) op.parameters = parameters;
  for (const [status, response] of Object.entries(responses)) {
    if (!isObject(response)) continue;
    const description = RESPONSE_DESCRIPTIONS[status] ?? STATUS_CODES[Number(status)] ?? 'Response';
    const content = isObject(response.content) ? response.content : undefined;
    const json = content?.['application/json'];
    // @fastify/swagger describes a response by its schema's description; a response entry's own description stays.
    const schemaDescription = isObject(json) && isObject(json.schema) ? json.schema.description : undefined;
    if (response.description === undefined || response.description === 'Default Response' || response.description === schemaDescription) {
      response.description = description;
    }
    if (Number(status) >= 400 && content !== undefined && isObject(json) && isObject(json.schema) && json.schema.title === 'Problem') {
      delete content['application/json'];
      content[PROBLEM_CONTENT_TYPE] = json;
    }
    if (status === '429' || status === '503') response.headers = { 'Retry-After': RETRY_AFTER };
    if (status === '401') response.headers = { 'WWW-Authenticate': { description: '`Bearer realm="tickwork"`', schema: { type: 'string' } } };
    if (status === '201') response.headers = { Location: { description: 'The path of what was created', schema: { type: 'string' } } };
  }
  const ordered = Object.fromEntries(Object.entries(responses).sort(([a], [b]) => Number(a) - Number(b)));
  op.responses = ordered;
}

/** `{id}` in a path or an integer filter: the digits the route validates, typed as the integer they are. */
function integerParameter(p: Json): void {
  const schema = p.schema;
  if (!isObject(schema) || schema.type !== 'string' || typeof schema.pattern !== 'string') return;
  const integer = INTEGER_PARAMETERS.get(schema.pattern);
  if (integer === undefined) return;
  if (p.description === undefined && typeof schema.description === 'string') p.description = schema.description;
  p.schema = { ...integer };
}

const SINGULAR: Record<string, string> = { 'api-keys': 'ApiKey', deliveries: 'Delivery', 'signing-secret': 'SigningSecret' };
const pascal = (s: string) => s.split(/[-_]/).map((w) => (w[0] ?? '').toUpperCase() + w.slice(1)).join('');
const singular = (s: string) => SINGULAR[s] ?? pascal(s.replace(/s$/, ''));

/**
 * An operationId from the method and path, for routes that declare none: `GET /v1/tasks` listTasks, `GET
 * /v1/tasks/{id}` getTask, `POST /v1/tasks` createTask, `PUT` replaceTask, `PATCH` updateTask, `DELETE`
 * deleteTask, `POST /v1/tasks/{id}/pause` pauseTask, `GET /v1/tasks/{id}/runs` listTaskRuns,
 * `POST /v1/webhooks/{id}/deliveries/{delivery_id}/retry` retryWebhookDelivery.
 */
export function operationIdOf(method: string, path: string): string {
  const parts = path.split('/').filter((s) => s !== '' && s !== 'v1');
  const last = parts.at(-1) ?? '';
  const nouns: string[] = [];
  let action: string | null = null;
  let item = false;
  parts.forEach((part, i) => {
    if (part.startsWith('{')) {
      item = true;
      return;
    }
    const isLast = i === parts.length - 1;
    const followedByParam = parts[i + 1]?.startsWith('{') === true;
    if (isLast && i > 0 && !followedByParam && method === 'post') {
      action = part;
      return;
    }
    nouns.push(part);
    item = false;
  });
  const collection = nouns.at(-1) ?? last;
  const owners = nouns.slice(0, -1).map(singular).join('');
  if (action !== null) return `${camel(action)}${owners}${singular(collection)}`;
  const verb = { get: item ? 'get' : 'list', post: 'create', put: 'replace', patch: 'update', delete: 'delete' }[method] ?? method;
  return `${verb}${owners}${item || verb !== 'list' ? singular(collection) : pascal(collection)}`;
}
const camel = (s: string) => {
  const p = pascal(s);
  return (p[0] ?? '').toLowerCase() + p.slice(1);
};

function mergeTrailingSlashes(paths: Json): Json {
  const out: Json = {};
  for (const [path, item] of Object.entries(paths)) {
    const bare = path.length > 1 ? path.replace(/\/+$/, '') : path;
    out[bare] = { ...(isObject(out[bare]) ? out[bare] : {}), ...(isObject(item) ? item : {}) };
  }
  return out;
}

/** Keys under which a value is data, not a schema: never searched for named schemas. */
const DATA_KEYS = new Set(['examples', 'example', 'default', 'const', 'enum']);

/**
 * Replaces every schema with a `title` (named with `named()`) by a `$ref` to one `components.schemas` entry; the
 * same name must always mean the same schema.
 */
function nameSchemas(node: Json, schemas: Json): Json {
  const visit = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(visit);
    if (!isObject(v)) return v;
    const out: Json = {};
    for (const [k, x] of Object.entries(v)) out[k] = DATA_KEYS.has(k) ? x : visit(x);
    const name = out.title;
    if (typeof name !== 'string' || !/^[A-Z][A-Za-z0-9]*$/.test(name) || (out.type === undefined && out.anyOf === undefined)) return out;
    delete out.title;
    const known = schemas[name];
    // @fastify/swagger moves a response schema's `examples` to its media type and a parameter's `description` to the
    // parameter: the same shape, with or without them; the entry keeps them.
    const shape = (x: unknown) => JSON.stringify({ ...(x as Json), examples: undefined, description: undefined });
    if (known !== undefined && shape(known) !== shape(out)) {
      throw new Error(`two different schemas are named ${name}: name each shape once (named() in its defining module)`);
    }
    if (isObject(known) && Object.keys(known).length >= Object.keys(out).length) return { $ref: `#/components/schemas/${name}` };
    schemas[name] = out;
    return { $ref: `#/components/schemas/${name}` };
  };
  return visit(node) as Json;
}

/**
 * The version in tickwork's package.json (the document's `info.version`), read once at start: this module runs from
 * src/api/ or from the bundle in build/, so the nearest package.json above it is tickwork's.
 */
export const PACKAGE_VERSION: string = (() => {
  for (const candidate of ['../package.json', '../../package.json']) {
    const url = new URL(candidate, import.meta.url);
    if (!existsSync(url)) continue;
    const pkg = JSON.parse(readFileSync(url, 'utf8')) as { name?: string; version?: string };
    if (pkg.name === 'tickwork' && typeof pkg.version === 'string') return pkg.version;
  }
  throw new Error('package.json of tickwork not found above src/api or build/');
})();

/** The document's tags, in the order a reader meets them. */
export const API_TAGS = [
  { name: 'tasks', description: 'Calls on time, line checks and deadlines' },
  { name: 'runs', description: 'What happened: one attempt of one firing each' },
  { name: 'schedules', description: 'Preview a schedule before saving it' },
  { name: 'monitors', description: 'URL and heartbeat monitors and their checks' },
  { name: 'events', description: 'Every change and outcome, listed or streamed' },
  { name: 'webhooks', description: 'Events delivered by HTTP, signed' },
  { name: 'api-keys', description: 'Keys of the tenant (admin)' },
  { name: 'operations', description: 'Health of the service' },
];
