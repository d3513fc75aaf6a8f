import { Type, type Static } from 'typebox';
import type { Api, ApiDeps } from '../types.ts';
import { tenantOf } from '../auth.ts';
import { IdParams, Nullable, PageQuery, page, problems } from '../schemas.ts';
import { nextCursor, pageRequest } from '../pagination.ts';
import { FieldErrors, ProblemError } from '../../domain/errors.ts';
import { checkTargetUrl } from '../../domain/targets.ts';
import { checkRegexSyntax } from '../../domain/regex.ts';
import {
  createMonitor,
  deleteMonitor,
  getMonitor,
  listMonitors,
  monitorExists,
  monitorToJson,
  updateMonitor,
  type MonitorChanges,
  type MonitorView,
} from '../../store/monitors.ts';
import { checkToJson, listChecks } from '../../store/checks.ts';

const tags = ['monitors'];
const Time = Type.String({ description: 'ISO 8601 time in UTC' });
const Status = Type.Integer({ minimum: 100, maximum: 599 });
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

const fields = {
  url: Type.String({ minLength: 1, maxLength: 2048 }),
  regexp: Type.Optional(Nullable(Type.String({ maxLength: 1000, description: 'JavaScript regular expression the body must match' }))),
  interval: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_592_000, description: 'Seconds between checks, default 60' })),
  method: Type.Optional(Type.Union(METHODS.map((m) => Type.Literal(m)), { description: 'Default GET' })),
  timeout_ms: Type.Optional(Type.Integer({ minimum: 1, maximum: 60_000, description: 'Default 10000' })),
  expect_status: Type.Optional(Nullable(Type.Union([Status, Type.Array(Status, { minItems: 1, maxItems: 50 })], { description: 'Default: any 2xx' }))),
  failure_threshold: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'Failed checks in a row that make it down, default 1' })),
};
const MonitorInput = Type.Object(fields, { additionalProperties: false });
const MonitorPatch = Type.Object({ ...fields, url: Type.Optional(fields.url) }, { additionalProperties: false });

export const Check = Type.Object({
  id: Type.Integer(),
  checked_at: Time,
  status_code: Nullable(Type.Integer()),
  latency_ms: Type.Integer(),
  matched: Nullable(Type.Boolean()),
  ok: Type.Boolean(),
  error: Nullable(Type.String()),
});

const Percent = Nullable(Type.Number());
export const Monitor = Type.Object({
  id: Type.Integer(),
  type: Type.Literal('http'),
  url: Type.String(),
  regexp: Nullable(Type.String()),
  method: Type.String(),
  interval: Type.Integer(),
  timeout_ms: Type.Integer(),
  expect_status: Nullable(Type.Array(Type.Integer())),
  failure_threshold: Type.Integer(),
  status: Type.Union([Type.Literal('pending'), Type.Literal('up'), Type.Literal('down')]),
  active: Type.Boolean(),
  last_check: Nullable(Check),
  next_check_at: Nullable(Time),
  uptime: Type.Object({ '24h': Percent, '7d': Percent, '30d': Percent }, { description: 'Percent of ok checks; null without checks' }),
  latency_ms: Type.Object({ p50: Nullable(Type.Integer()), p95: Nullable(Type.Integer()) }, { description: 'Over the last 24 h' }),
  created_at: Time,
  updated_at: Time,
});

const show = (v: MonitorView) => monitorToJson(v.monitor, v.figures) as Static<typeof Monitor>;

type Input = Static<typeof MonitorPatch>;

/** Validates what the schema cannot: the url's target policy and the regexp's syntax, naming every bad field. */
function monitorChanges(input: Input, allowPrivate: boolean): MonitorChanges {
  const errors = new FieldErrors();
  const out: MonitorChanges = {};
  if (input.url !== undefined) {
    const u = checkTargetUrl(input.url, allowPrivate);
    if (u.ok) out.url = input.url;
    else errors.add('url', u.message);
  }
  if (input.regexp !== undefined) {
    const problem = input.regexp === null ? null : checkRegexSyntax(input.regexp);
    if (problem === null) out.regexp = input.regexp === '' ? null : input.regexp;
    else errors.add('regexp', problem);
  }
  errors.throwIfAny();
  if (input.interval !== undefined) out.interval_s = input.interval;
  if (input.method !== undefined) out.method = input.method;
  if (input.timeout_ms !== undefined) out.timeout_ms = input.timeout_ms;
  if (input.expect_status !== undefined) {
    out.expect_status = input.expect_status === null ? null : [input.expect_status].flat();
  }
  if (input.failure_threshold !== undefined) out.failure_threshold = input.failure_threshold;
  return out;
}

function parseTime(raw: string | undefined, field: string): Date | null {
  if (raw === undefined) return null;
  const d = new Date(raw);
  if (Number.isNaN(d.getTime())) {
    throw new ProblemError('invalid_query', `${field} is not a time.`, [{ field, message: 'must be an ISO 8601 time' }]);
  }
  return d;
}

export function monitorRoutes(app: Api, { db, config }: ApiDeps): void {
  const idRoute = { params: IdParams };
  const notFound = (id: string) => new ProblemError('not_found', `No monitor ${id}.`);

  app.get('/v1/monitors', {
    schema: {
      tags, summary: 'List monitors (ascending id; deleted ones have active false)',
      querystring: Type.Object(PageQuery, { additionalProperties: false }),
      response: { 200: page(Monitor), ...problems(400) },
    },
  }, async (request) => {
    const tenant = tenantOf(request);
    const req = pageRequest('monitors', tenant, request.query, {});
    const items = await listMonitors(db, tenant, req.key ?? 0, req.limit);
    return { items: items.map(show), next_cursor: nextCursor('monitors', tenant, req, items.at(-1)?.monitor.id, items.length) };
  });

  app.post('/v1/monitors', {
    schema: {
      tags, summary: 'Create a monitor; the same url and regexp again returns (and reactivates) the existing one',
      body: MonitorInput, response: { 200: Monitor, 201: Monitor, ...problems(400, 409, 413, 415) },
    },
  }, async (request, reply) => {
    const changes = monitorChanges(request.body, config.allowPrivateTargets);
    if (changes.url === undefined) throw new ProblemError('invalid_field', 'url is required.', [{ field: 'url', message: 'is required' }]);
    const { view, created } = await createMonitor(db, tenantOf(request), { ...changes, url: changes.url });
    return reply.code(created ? 201 : 200).header('location', `/v1/monitors/${view.monitor.id}`).send(show(view));
  });

  app.get('/v1/monitors/:id', {
    schema: { tags, summary: 'Get a monitor with its status, last check, uptime and latency', ...idRoute, response: { 200: Monitor, ...problems(400, 404) } },
  }, async (request) => {
    const view = await getMonitor(db, tenantOf(request), Number(request.params.id));
    if (view === null) throw notFound(request.params.id);
    return show(view);
  });

  app.patch('/v1/monitors/:id', {
    schema: { tags, summary: 'Update a monitor (only the fields given change)', ...idRoute, body: MonitorPatch, response: { 200: Monitor, ...problems(400, 404, 409, 413, 415) } },
  }, async (request) => {
    const changes = monitorChanges(request.body, config.allowPrivateTargets);
    return show(await updateMonitor(db, tenantOf(request), Number(request.params.id), changes));
  });

  app.delete('/v1/monitors/:id', {
    schema: { tags, summary: 'Delete (deactivate) a monitor; its checks are kept', ...idRoute, response: { 204: Type.Null(), ...problems(400, 404) } },
  }, async (request, reply) => {
    await deleteMonitor(db, tenantOf(request), Number(request.params.id));
    return reply.code(204).send(null);
  });

  app.get('/v1/monitors/:id/checks', {
    schema: {
      tags, summary: "A monitor's checks, newest first", ...idRoute,
      querystring: Type.Object({
        since: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Checks at or after this time' })),
        until: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Checks at or before this time' })),
        ...PageQuery,
      }, { additionalProperties: false }),
      response: { 200: page(Check), ...problems(400, 404) },
    },
  }, async (request) => {
    const tenant = tenantOf(request);
    const id = Number(request.params.id);
    if (!(await monitorExists(db, tenant, id))) throw notFound(request.params.id);
    const list = `monitor-checks-${id}`;
    const req = pageRequest(list, tenant, request.query, { since: request.query.since ?? null, until: request.query.until ?? null });
    const since = parseTime(req.filters.since ?? undefined, 'since');
    const until = parseTime(req.filters.until ?? undefined, 'until');
    const rows = await listChecks(db, tenant, id, { since, until, beforeId: req.key }, req.limit);
    return { items: rows.map(checkToJson), next_cursor: nextCursor(list, tenant, req, rows.at(-1)?.id, rows.length) };
  });
}
