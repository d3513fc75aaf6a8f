import { Type } from 'typebox';
import type { Api, ApiDeps } from '../types.ts';
import { actorOf, tenantOf } from '../auth.ts';
import { IdParams, PageQuery, page, problems } from '../schemas.ts';
import { nextCursor, pageRequest } from '../pagination.ts';
import { parseQueryTime } from '../inbound.ts';
import { ProblemError } from '../../domain/errors.ts';
import { Check, Monitor, checkToJson, monitorReply } from '../../domain/monitor.ts';
import { monitorChanges, newMonitor } from '../../domain/monitor-input.ts';
import { MonitorInput, MonitorPatch } from '../../domain/monitor-schema.ts';
import { createHeartbeat, newPingToken } from '../../store/heartbeats.ts';
import { createMonitor, deleteMonitor, getMonitor, listMonitors, monitorType, updateMonitor, type MonitorView } from '../../store/monitors.ts';
import { listChecks } from '../../store/check-history.ts';

const tags = ['monitors'];

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
  const show = (v: MonitorView): Monitor => {
    const m = v.monitor;
    return monitorReply(m, v.figures, m.ping_token_enc === null ? null : secrets.open(m.ping_token_enc), publicUrl());
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
    config: { fieldChecks: (body) => monitorChanges(pickFields(body, ['url', 'regexp', 'expect_json']) as MonitorInput, 'http', config.allowPrivateTargets) },
    schema: {
      tags, summary: 'Create a monitor; the same url and regexp again returns (and reactivates) the existing one',
      body: MonitorInput, response: { 200: Monitor, 201: Monitor, ...problems(400, 409, 413, 415) },
    },
  }, async (request, reply) => {
    const monitor = newMonitor(request.body, config.allowPrivateTargets);
    const tenant = tenantOf(request);
    let view: MonitorView;
    let created = true;
    if (monitor.type === 'heartbeat') {
      const { token, hash } = newPingToken();
      const { periodS, graceS, failureThreshold } = monitor;
      view = await createHeartbeat(db, tenant, { periodS, graceS, failureThreshold, tokenHash: hash, tokenSealed: secrets.seal(token) }, actorOf(request));
    } else {
      ({ view, created } = await createMonitor(db, tenant, monitor.changes, actorOf(request)));
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
    return show(await updateMonitor(db, tenant, id, changes, actorOf(request)));
  });

  app.delete('/v1/monitors/:id', {
    schema: { tags, summary: 'Delete (deactivate) a monitor; its checks are kept', ...idRoute, response: { 204: Type.Null(), ...problems(400, 404) } },
  }, async (request, reply) => {
    await deleteMonitor(db, tenantOf(request), Number(request.params.id), actorOf(request));
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
