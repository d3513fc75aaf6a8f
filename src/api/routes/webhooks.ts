import { Type, type Static } from 'typebox';
import type { Api, ApiDeps } from '../types.ts';
import { actorOf, tenantOf } from '../auth.ts';
import { IdParams, Nullable, PageQuery, named, page, problems } from '../schemas.ts';
import { nextCursor, pageRequest } from '../pagination.ts';
import { ProblemError } from '../../domain/errors.ts';
import { checkTargetUrl } from '../../domain/targets.ts';
import { generateWebhookSecret, webhookSecretProblem } from '../../store/secrets.ts';
import {
  createWebhook,
  deleteWebhook,
  getWebhook,
  listDeliveries,
  listWebhooks,
  redeliver,
  rotateWebhookSecret,
  sendTestEvent,
  updateWebhook,
  type WebhookChanges,
  type DeliveryRow,
  type WebhookRow,
} from '../../store/webhooks.ts';

const tags = ['webhooks'];
const Time = Type.String({ description: 'ISO 8601 time in UTC' });
const EventPattern = Type.String({ pattern: '^[a-z_]+(\\.[a-z_]+)*(\\.\\*|\\*)?$|^\\*$', maxLength: 100, description: 'An event type (run.failed), a prefix ending in * (run.*), or * for all', examples: ['run.*'] });
/** Old and new secret both sign for this long after a rotation (API.md). */
const ROTATION_OVERLAP_S = 24 * 3600;

const Webhook = named('Webhook', Type.Object({
  id: Type.Integer(),
  url: Type.String({ description: 'Where events are POSTed' }),
  events: Type.Array(Type.String(), { description: 'The event types (or prefixes ending in *) delivered' }),
  state: Type.Union([Type.Literal('active'), Type.Literal('disabled')]),
  failure_streak: Type.Integer({ description: 'Failed deliveries in a row' }),
  disabled_reason: Nullable(Type.String()),
  previous_secret_expires_at: Nullable(Type.String({ description: 'Until then the secret before the last rotation also signs' })),
  created_at: Time,
  updated_at: Time,
}, { description: 'A webhook: events of the tenant delivered by HTTP POST, signed (Standard Webhooks)' }));
const WebhookWithSecret = named('WebhookWithSecret', Type.Object(
  { ...Webhook.properties, secret: Type.String({ description: 'The signing secret (whsec_…), shown only in this response' }) },
  { description: 'A webhook with its signing secret' },
));
const WebhookInput = named('WebhookInput', Type.Object(
  {
    url: Type.String({ minLength: 1, maxLength: 2048, description: 'Where events are POSTed', examples: ['https://example.com/hooks/tickwork'] }),
    events: Type.Array(EventPattern, { minItems: 1, maxItems: 50, description: 'The event types to deliver' }),
    secret: Type.Optional(Type.String({ maxLength: 200, description: 'A signing secret of your own (whsec_ and base64 of 24 to 64 bytes); default: one is generated' })),
  },
  { additionalProperties: false, description: 'A webhook to register', examples: [{ url: 'https://example.com/hooks/tickwork', events: ['run.failed', 'monitor.*'] }] },
));
const Delivery = named('Delivery', Type.Object({
  id: Type.Integer(),
  event_id: Type.Integer(),
  status: Type.Union([Type.Literal('pending'), Type.Literal('succeeded'), Type.Literal('dropped')]),
  attempts: Type.Integer(),
  next_attempt_at: Nullable(Time),
  last_attempt_at: Nullable(Time),
  http_status: Nullable(Type.Integer()),
  error: Nullable(Type.String()),
  duration_ms: Nullable(Type.Integer()),
  created_at: Time,
}, { description: 'One event delivered (or being delivered) to a webhook' }));

function webhookToJson(w: WebhookRow): Static<typeof Webhook> {
  const overlapLive = w.previous_secret_until !== null && w.previous_secret_until.getTime() > Date.now();
  return {
    id: w.id,
    url: w.url,
    events: w.events,
    state: w.state,
    failure_streak: w.failure_streak,
    disabled_reason: w.disabled_reason,
    previous_secret_expires_at: overlapLive && w.previous_secret_until !== null ? w.previous_secret_until.toISOString() : null,
    created_at: w.created_at.toISOString(),
    updated_at: w.updated_at.toISOString(),
  };
}

function deliveryToJson(d: DeliveryRow): Static<typeof Delivery> {
  return {
    id: d.id,
    event_id: d.event_id,
    status: d.status,
    attempts: d.attempts,
    next_attempt_at: d.status === 'pending' ? d.next_attempt_at.toISOString() : null,
    last_attempt_at: d.last_attempt_at?.toISOString() ?? null,
    http_status: d.http_status,
    error: d.error,
    duration_ms: d.duration_ms,
    created_at: d.created_at.toISOString(),
  };
}

const DeliveryParams = Type.Object(
  {
    id: Type.String({ pattern: '^[1-9][0-9]{0,15}$', description: 'The webhook id, a positive integer' }),
    delivery_id: Type.String({ pattern: '^[1-9][0-9]{0,15}$', description: 'The delivery id, a positive integer' }),
  },
  { additionalProperties: false },
);

/** Why a redelivery is refused, as the 409's detail. */
const REDELIVERY_REFUSED = {
  succeeded: 'This delivery succeeded; only a failed delivery is sent again.',
  not_attempted: 'This delivery has not been attempted yet; it is sent when due.',
  webhook_disabled: 'The webhook is disabled; enable it first (PATCH with "active": true).',
} as const;

/** The URL problems of a webhook URL (target safety), as field errors. */
function urlErrors(url: string | undefined, allowPrivate: boolean): { field: string; message: string }[] {
  if (url === undefined) return [];
  const target = checkTargetUrl(url, allowPrivate);
  return target.ok ? [] : [{ field: 'url', message: target.message }];
}

/** Webhooks of the caller's tenant: registered, listed, changed, tested, deleted, secrets rotated, deliveries inspected and sent again. */
export function webhookRoutes(app: Api, { db, config, secrets }: ApiDeps): void {
  const idRoute = { params: IdParams };
  const found = async (tenant: string, id: number): Promise<WebhookRow> => {
    const w = await getWebhook(db, tenant, id);
    if (w === null) throw new ProblemError('not_found', `No webhook ${id}.`);
    return w;
  };

  app.post('/v1/webhooks', {
    schema: {
      tags, summary: 'Register a webhook (the secret is shown only in this answer)',
      body: WebhookInput,
      response: { 201: WebhookWithSecret, ...problems(400, 413, 415, 503) },
    },
  }, async (request, reply) => {
    const { url, events, secret } = request.body;
    const errors = urlErrors(url, config.allowPrivateTargets);
    const problem = secret === undefined ? null : webhookSecretProblem(secret);
    if (problem !== null) errors.push({ field: 'secret', message: problem });
    if (errors.length > 0) throw new ProblemError('invalid_field', `Invalid field(s): ${errors.map((e) => e.field).join(', ')}.`, errors);
    const plain = secret ?? generateWebhookSecret();
    const w = await createWebhook(db, tenantOf(request), url, [...new Set(events)], secrets.seal(plain));
    return reply.code(201).header('location', `/v1/webhooks/${w.id}`).send({ ...webhookToJson(w), secret: plain });
  });

  app.get('/v1/webhooks', {
    schema: { tags, summary: 'List webhooks', querystring: Type.Object(PageQuery, { additionalProperties: false }), response: { 200: page(Webhook), ...problems(400) } },
  }, async (request) => {
    const tenant = tenantOf(request);
    const req = pageRequest(secrets, 'webhooks', tenant, request.query, {});
    const items = await listWebhooks(db, tenant, req.key ?? 0, req.limit);
    return { items: items.map(webhookToJson), next_cursor: nextCursor(secrets, 'webhooks', tenant, req, items.at(-1)?.id, items.length) };
  });

  app.get('/v1/webhooks/:id', {
    schema: { tags, summary: 'Get a webhook', ...idRoute, response: { 200: Webhook, ...problems(400, 404) } },
  }, async (request) => webhookToJson(await found(tenantOf(request), Number(request.params.id))));

  app.patch('/v1/webhooks/:id', {
    schema: {
      tags, summary: 'Change a webhook: url, events, active (true enables one disabled after failures again)', ...idRoute,
      body: Type.Object(
        {
          url: Type.Optional(Type.String({ minLength: 1, maxLength: 2048 })),
          events: Type.Optional(Type.Array(EventPattern, { minItems: 1, maxItems: 50 })),
          active: Type.Optional(Type.Boolean({ description: 'false disables it (pending deliveries dropped); true enables it with a clean failure streak' })),
        },
        { additionalProperties: false, minProperties: 1 },
      ),
      response: { 200: Webhook, ...problems(400, 404, 413, 415) },
    },
  }, async (request) => {
    const { url, events, active } = request.body;
    const errors = urlErrors(url, config.allowPrivateTargets);
    if (errors.length > 0) throw new ProblemError('invalid_field', 'Invalid field(s): url.', errors);
    const changes: WebhookChanges = {};
    if (url !== undefined) changes.url = url;
    if (events !== undefined) changes.events = [...new Set(events)];
    if (active !== undefined) changes.active = active;
    const w = await updateWebhook(db, tenantOf(request), Number(request.params.id), changes);
    if (w === null) throw new ProblemError('not_found', `No webhook ${request.params.id}.`);
    return webhookToJson(w);
  });

  app.post('/v1/webhooks/:id/test', {
    schema: {
      tags, summary: 'Send a webhook.test event to this webhook only', ...idRoute,
      response: { 202: Type.Object({ event_id: Type.Integer(), type: Type.Literal('webhook.test') }), ...problems(400, 404, 409) },
    },
  }, async (request, reply) => {
    const sent = await sendTestEvent(db, tenantOf(request), Number(request.params.id), actorOf(request));
    if (sent === null) throw new ProblemError('not_found', `No webhook ${request.params.id}.`);
    if (sent.eventId === null) throw new ProblemError('conflict', 'The webhook is disabled; enable it first (PATCH with "active": true).');
    return reply.code(202).send({ event_id: sent.eventId, type: 'webhook.test' as const });
  });

  app.post('/v1/webhooks/:id/deliveries/:delivery_id/retry', {
    schema: {
      tags, summary: 'Send a failed delivery again, now', params: DeliveryParams,
      response: { 202: Delivery, ...problems(400, 404, 409) },
    },
  }, async (request, reply) => {
    const { id, delivery_id } = request.params;
    const r = await redeliver(db, tenantOf(request), Number(id), Number(delivery_id));
    if (r.ok) return reply.code(202).send(deliveryToJson(r.delivery));
    if (r.reason === 'not_found') throw new ProblemError('not_found', `No delivery ${delivery_id} of webhook ${id}.`);
    throw new ProblemError('conflict', REDELIVERY_REFUSED[r.reason]);
  });

  app.delete('/v1/webhooks/:id', {
    schema: { tags, summary: 'Delete a webhook (pending deliveries are dropped)', ...idRoute, response: { 204: Type.Null(), ...problems(400, 404) } },
  }, async (request, reply) => {
    if (!(await deleteWebhook(db, tenantOf(request), Number(request.params.id)))) throw new ProblemError('not_found', `No webhook ${request.params.id}.`);
    return reply.code(204).send(null);
  });

  app.post('/v1/webhooks/:id/rotate-secret', {
    schema: { tags, summary: 'New secret; the old one also signs for 24 h', operationId: 'rotateWebhookSecret', ...idRoute, response: { 200: WebhookWithSecret, ...problems(400, 404, 503) } },
  }, async (request) => {
    const plain = generateWebhookSecret();
    const w = await rotateWebhookSecret(db, tenantOf(request), Number(request.params.id), secrets.seal(plain), ROTATION_OVERLAP_S);
    if (w === null) throw new ProblemError('not_found', `No webhook ${request.params.id}.`);
    return { ...webhookToJson(w), secret: plain };
  });

  app.get('/v1/webhooks/:id/deliveries', {
    schema: {
      tags, summary: "A webhook's deliveries, newest first", ...idRoute,
      querystring: Type.Object(PageQuery, { additionalProperties: false }),
      response: { 200: page(Delivery), ...problems(400, 404) },
    },
  }, async (request) => {
    const tenant = tenantOf(request);
    const id = Number(request.params.id);
    await found(tenant, id);
    const req = pageRequest(secrets, `webhook-deliveries-${id}`, tenant, request.query, {});
    const items = await listDeliveries(db, tenant, id, req.key, req.limit);
    return { items: items.map(deliveryToJson), next_cursor: nextCursor(secrets, `webhook-deliveries-${id}`, tenant, req, items.at(-1)?.id, items.length) };
  });
}
