import { Type, type Static } from 'typebox';
import type { Api, ApiDeps } from '../types.ts';
import { tenantOf } from '../auth.ts';
import { IdParams, Nullable, PageQuery, page, problems } from '../schemas.ts';
import { nextCursor, pageRequest } from '../pagination.ts';
import { parseQueryTime } from '../inbound.ts';
import { FieldErrors, ProblemError, invalidFields } from '../../domain/errors.ts';
import { parseJsonPath } from '../../domain/json-assertion.ts';
import { parseInterval } from '../../domain/schedule-input.ts';
import { JsonExpectation, MonitorInput, MonitorPatch } from '../../domain/monitor-schema.ts';
import { createHeartbeat, newPingToken } from '../../store/heartbeats.ts';
import { checkTargetUrl } from '../../domain/targets.ts';
import { checkRegexSyntax } from '../../domain/regex.ts';
import {
  createMonitor,
  deleteMonitor,
  getMonitor,
  listMonitors,
  monitorToJson,
  monitorType,
  updateMonitor,
  type MonitorChanges,
  type MonitorType,
  type MonitorView,
} from '../../store/monitors.ts';
import { checkToJson, listChecks } from '../../store/checks.ts';

const tags = ['monitors'];
const Time = Type.String({ description: 'ISO 8601 time in UTC' });
/** The longest `expect_json.equals`, as JSON: it is compared with the body on every check. */
const MAX_EQUALS_LENGTH = 10_000;

export const Check = Type.Object({
  id: Type.Integer(),
  checked_at: Time,
  status_code: Nullable(Type.Integer()),
  latency_ms: Type.Integer(),
  matched: Nullable(Type.Boolean()),
  ok: Type.Boolean(),
  error: Nullable(Type.String()),
  cert_days_left: Nullable(Type.Number({ description: 'https: days left on the certificate presented' })),
});

const Percent = Nullable(Type.Number());
export const Monitor = Type.Object({
  id: Type.Integer(),
  type: Type.Union([Type.Literal('http'), Type.Literal('heartbeat')]),
  url: Nullable(Type.String()),
  regexp: Nullable(Type.String()),
  method: Type.String(),
  interval: Type.Integer({ description: 'Seconds between checks; for a heartbeat, its period' }),
  period: Nullable(Type.Integer({ description: 'Heartbeats: seconds between expected pings' })),
  grace: Nullable(Type.Integer({ description: 'Heartbeats: seconds a ping may be late' })),
  ping_url: Nullable(Type.String({ description: 'Heartbeats: GET or POST it (no API key) to report in' })),
  last_ping_at: Nullable(Time),
  timeout_ms: Type.Integer(),
  expect_status: Nullable(Type.Array(Type.Integer())),
  expect_json: Nullable(JsonExpectation),
  failure_threshold: Type.Integer(),
  cert_expires_at: Nullable(Type.String({ description: 'https: when the certificate seen at the latest check expires' })),
  status: Type.Union([Type.Literal('pending'), Type.Literal('up'), Type.Literal('down')]),
  active: Type.Boolean(),
  last_check: Nullable(Check),
  next_check_at: Nullable(Time),
  uptime: Type.Object({ '24h': Percent, '7d': Percent, '30d': Percent }, { description: 'Percent of ok checks; null without checks' }),
  latency_ms: Type.Object({ p50: Nullable(Type.Integer()), p95: Nullable(Type.Integer()) }, { description: 'Over the last 24 h' }),
  created_at: Time,
  updated_at: Time,
});

type Input = MonitorInput;

/** Fields that only one type of monitor takes. */
const HTTP_ONLY = ['url', 'regexp', 'method', 'timeout_ms', 'expect_status', 'expect_json', 'interval'] as const;
const HEARTBEAT_ONLY = ['period', 'grace'] as const;
const DEFAULT_GRACE_S = 60;

/** A seconds field (integer or duration string, as a task's `interval`; 0 only where `zeroOk`), or an error for it. */
function seconds(raw: number | string, field: string, zeroOk: boolean, errors: FieldErrors): number | undefined {
  if (/^0[smhd]?$/.test(String(raw))) {
    if (zeroOk) return 0;
    errors.add(field, 'must be at least 1 second');
    return undefined;
  }
  const parsed = parseInterval(raw);
  if (parsed.ok) return parsed.seconds;
  errors.add(field, parsed.message);
  return undefined;
}

/**
 * Validates what the schema cannot, naming every bad field: fields of the other monitor type, the url's target
 * policy, the regexp's syntax, the JSON path, periods given as durations.
 */
function monitorChanges(input: Input, type: MonitorType, allowPrivate: boolean): MonitorChanges {
  const errors = new FieldErrors();
  const out: MonitorChanges = {};
  // A field of the other type is named once, as not used, and not also parsed.
  for (const f of type === 'heartbeat' ? HTTP_ONLY : HEARTBEAT_ONLY) {
    if (input[f] !== undefined) errors.add(f, `is not used by ${type} monitors`);
  }
  if (input.period !== undefined && type === 'heartbeat') {
    const p = seconds(input.period, 'period', false, errors);
    if (p !== undefined) out.interval_s = p;
  }
  if (input.grace !== undefined && type === 'heartbeat') {
    const g = seconds(input.grace, 'grace', true, errors);
    if (g !== undefined) out.grace_s = g;
  }
  if (input.expect_json !== undefined && input.expect_json !== null) {
    const steps = parseJsonPath(input.expect_json.path);
    if (typeof steps === 'string') errors.add('expect_json.path', steps);
    if ('equals' in input.expect_json && JSON.stringify(input.expect_json.equals ?? null).length > MAX_EQUALS_LENGTH) {
      errors.add('expect_json.equals', `must be at most ${MAX_EQUALS_LENGTH} characters as JSON`);
    }
  }
  if (input.expect_json !== undefined) out.expect_json = input.expect_json;
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
  if (input.interval !== undefined && type === 'http') {
    const i = seconds(input.interval, 'interval', false, errors);
    if (i !== undefined) out.interval_s = i;
  }
  errors.throwIfAny();
  if (input.method !== undefined) out.method = input.method;
  if (input.timeout_ms !== undefined) out.timeout_ms = input.timeout_ms;
  if (input.expect_status !== undefined) {
    out.expect_status = input.expect_status === null ? null : [input.expect_status].flat();
  }
  if (input.failure_threshold !== undefined) out.failure_threshold = input.failure_threshold;
  return out;
}

function pickFields(body: Record<string, unknown>, names: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([k]) => names.includes(k)));
}

function parseTime(raw: string | undefined, field: string): Date | null {
  return raw === undefined ? null : parseQueryTime(raw, field);
}

export function monitorRoutes(app: Api, { db, config, secrets, publicUrl }: ApiDeps): void {
  const idRoute = { params: IdParams };
  const notFound = (id: string) => new ProblemError('not_found', `No monitor ${id}.`);
  /** The monitor as the API shows it: a heartbeat's ping URL is opened from its sealed token, at TICKWORK_PUBLIC_URL. */
  const show = (v: MonitorView) => {
    const m = v.monitor;
    const token = m.ping_token_enc === null ? null : secrets.open(m.ping_token_enc);
    return {
      ...monitorToJson(m, v.figures),
      period: m.type === 'heartbeat' ? m.interval_s : null,
      ping_url: token === null ? null : `${publicUrl()}/v1/ping/${token}`,
    } as Static<typeof Monitor>;
  };

  app.get('/v1/monitors', {
    schema: {
      tags, summary: 'List monitors (ascending id; deleted ones have active false)',
      querystring: Type.Object(PageQuery, { additionalProperties: false }),
      response: { 200: page(Monitor), ...problems(400) },
    },
  }, async (request) => {
    const tenant = tenantOf(request);
    const req = pageRequest(secrets, 'monitors', tenant, request.query, {});
    const items = await listMonitors(db, tenant, req.key ?? 0, req.limit);
    return { items: items.map((v) => show(v)), next_cursor: nextCursor(secrets, 'monitors', tenant, req, items.at(-1)?.monitor.id, items.length) };
  });

  app.post('/v1/monitors', {
    // When the schema fails, url, regexp and expect_json are still checked (they mean the same for every type).
    config: { fieldChecks: (body) => monitorChanges(pickFields(body, ['url', 'regexp', 'expect_json']) as Input, 'http', config.allowPrivateTargets) },
    schema: {
      tags, summary: 'Create a monitor; the same url and regexp again returns (and reactivates) the existing one',
      body: MonitorInput, response: { 200: Monitor, 201: Monitor, ...problems(400, 409, 413, 415) },
    },
  }, async (request, reply) => {
    const type = request.body.type ?? 'http';
    const changes = monitorChanges(request.body, type, config.allowPrivateTargets);
    const tenant = tenantOf(request);
    let view: MonitorView;
    let created = true;
    if (type === 'heartbeat') {
      if (changes.interval_s === undefined) throw invalidFields([{ field: 'period', message: 'is required for heartbeat monitors' }]);
      const { token, hash } = newPingToken();
      view = await createHeartbeat(db, tenant, {
        periodS: changes.interval_s,
        graceS: changes.grace_s ?? DEFAULT_GRACE_S,
        failureThreshold: changes.failure_threshold ?? 1,
        tokenHash: hash,
        tokenSealed: secrets.seal(token),
      });
    } else {
      if (changes.url === undefined) throw invalidFields([{ field: 'url', message: 'is required' }]);
      ({ view, created } = await createMonitor(db, tenant, { ...changes, url: changes.url }));
    }
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
    const tenant = tenantOf(request);
    const id = Number(request.params.id);
    const type = await monitorType(db, tenant, id);
    if (type === null) throw notFound(request.params.id);
    const changes = monitorChanges(request.body, type, config.allowPrivateTargets);
    return show(await updateMonitor(db, tenant, id, changes));
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
    if ((await monitorType(db, tenant, id)) === null) throw notFound(request.params.id);
    const list = `monitor-checks-${id}`;
    const req = pageRequest(secrets, list, tenant, request.query, { since: request.query.since ?? null, until: request.query.until ?? null });
    const since = parseTime(req.filters.since ?? undefined, 'since');
    const until = parseTime(req.filters.until ?? undefined, 'until');
    const rows = await listChecks(db, tenant, id, { since, until, beforeId: req.key }, req.limit);
    return { items: rows.map(checkToJson), next_cursor: nextCursor(secrets, list, tenant, req, rows.at(-1)?.id, rows.length) };
  });
}
