import amqp, { type Channel, type ChannelModel } from 'amqplib';
import { CloudEvent, HTTP } from 'cloudevents';
import { connect, type NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR, eventSource, keyActor, type EventRow } from '../../src/domain/event.ts';
import { toCloudEvent, webhookRequest } from '../../src/sinks/index.ts';
import { createKey } from '../../src/store/keys.ts';
import { forEachBackend, type TestDatabase } from '../support/backends.ts';
import { startTestService, TEST_BROKER, waitFor, type RunningService } from '../support/service.ts';
import type { TaskJson, WebhookWithSecretJson } from '../support/api-types.ts';
import { startTarget, type Target } from '../support/target.ts';
import { deleteTestBrokerNames, expectedSource, sourceTenant } from './support.ts';

/**
 * Every sink's messages read by the official CloudEvents SDK (npm `cloudevents`) as a consumer would: webhooks with
 * `HTTP.toEvent` (which finds no event unless the content type says `application/cloudevents`), RabbitMQ and NATS
 * through the SDK's structured-mode parsing of the body under the message's content type, each then validated by the
 * SDK against the CloudEvents 1.0 schema.
 */

const AMQP_URL = process.env.TEST_AMQP_URL;
const NATS_URL = process.env.TEST_NATS_URL;

/** The SDK's reading of one message (headers and body), validated; throws when either fails. */
function sdkEvent(headers: Record<string, string>, body: string): CloudEvent<unknown> {
  const parsed = HTTP.toEvent<unknown>({ headers, body });
  if (Array.isArray(parsed) || !(parsed instanceof CloudEvent)) throw new Error('not one CloudEvent');
  expect(parsed.validate()).toBe(true);
  return parsed;
}

/** The SDK's structured-mode parse of a broker message's body under the content type it declared. */
function sdkRead(contentType: string | undefined, body: string): CloudEvent<unknown> {
  return sdkEvent(contentType === undefined ? {} : { 'content-type': contentType }, body);
}

const row = (over: Partial<EventRow> = {}): EventRow => ({
  id: 7, tenant_id: 'default', type: 'task.created', created_at: new Date('2030-01-02T03:04:05.000Z'), subject_kind: 'task', subject_id: 3,
  data: { id: 3 }, actor: keyActor({ id: 12, name: 'ci' }), ...over,
});

describe('CloudEvents as the SDK reads them', () => {
  it('gives an absolute source from TICKWORK_PUBLIC_URL, and a urn of the deployment without it', () => {
    const uuid = '0b5c2f8e-1a53-4c5a-9f51-3f2a0d7a9c11';
    const withUrl = eventSource('https://tickwork.example.com/', uuid);
    const without = eventSource(undefined, uuid);
    expect(withUrl('default')).toBe('https://tickwork.example.com/tenants/default');
    expect(without('default')).toBe(`urn:tickwork:${uuid}:default`);
    for (const source of [withUrl, without]) {
      const ce = sdkRead('application/cloudevents+json; charset=utf-8', JSON.stringify(toCloudEvent(row(), source)));
      expect(ce.source).toBe(source('default'));
      expect(sourceTenant(ce.source)).toBe('default');
      expect(ce.id).toBe('7');
    }
  });

  it('reads a webhook request with HTTP.toEvent, the actor in the Auth Context extension, and refuses none', () => {
    const source = eventSource('https://tickwork.example.com', '0b5c2f8e-1a53-4c5a-9f51-3f2a0d7a9c11');
    const byKey = webhookRequest(row(), ['whsec_' + Buffer.alloc(32, 1).toString('base64')], Date.now(), source);
    const ce = sdkEvent(byKey.headers, byKey.body);
    expect(ce).toMatchObject({ type: 'task.created', subject: 'task/3', authtype: 'api_key', authid: '12', datacontenttype: 'application/json' });
    expect(JSON.parse(String(ce.authclaims))).toEqual({ name: 'ci' });
    expect(ce.data).toEqual({ id: 3 });
    const bySystem = webhookRequest(row({ actor: SYSTEM_ACTOR }), ['whsec_' + Buffer.alloc(32, 1).toString('base64')], Date.now(), source);
    const sys = sdkEvent(bySystem.headers, bySystem.body);
    expect(sys.authtype).toBe('system');
    expect(sys.authid).toBeUndefined();
    // What deliveries were before: the same body as plain JSON is not a CloudEvent to the SDK.
    expect(() => HTTP.toEvent({ headers: { ...byKey.headers, 'content-type': 'application/json' }, body: byKey.body })).toThrow(/no cloud event detected/);
  });
});

describe.skipIf(!AMQP_URL || !NATS_URL)(
  `every sink's messages through the CloudEvents SDK${AMQP_URL && NATS_URL ? '' : ' (skipped: TEST_AMQP_URL and TEST_NATS_URL must both be set)'}`,
  () => {
    forEachBackend('CloudEvents SDK', (backend) => {
      let db: TestDatabase;
      let svc: RunningService;
      let conn: ChannelModel;
      let ch: Channel;
      let nc: NatsConnection;
      let target: Target;
      /** What each sink carried: the content type it declared and the raw body. */
      const amqpGot: { contentType: string | undefined; routingKey: string; body: string }[] = [];
      const natsGot: { contentType: string | undefined; subject: string; body: string }[] = [];

      beforeAll(async () => {
        db = await backend.create();
        conn = await amqp.connect(AMQP_URL ?? '');
        ch = await conn.createChannel();
        await ch.assertExchange(TEST_BROKER.eventsExchange, 'topic', { durable: true });
        const q = await ch.assertQueue('', { exclusive: true });
        await ch.bindQueue(q.queue, TEST_BROKER.eventsExchange, '#');
        await ch.consume(q.queue, (m) => {
          if (m !== null) amqpGot.push({ contentType: m.properties.contentType as string | undefined, routingKey: m.fields.routingKey, body: m.content.toString() });
        }, { noAck: true });
        nc = await connect({ servers: new URL(NATS_URL ?? '').host });
        const sub = nc.subscribe(TEST_BROKER.eventSubject('>'));
        void (async () => {
          for await (const m of sub) natsGot.push({ contentType: m.headers?.get('Content-Type'), subject: m.subject, body: new TextDecoder().decode(m.data) });
        })();
        await nc.flush();
        svc = await startTestService(db, { TICKWORK_AMQP_URL: AMQP_URL ?? '', TICKWORK_NATS_URL: NATS_URL ?? '', TICKWORK_EVENT_LOG: 'false' });
        target = await startTarget();
      });
      afterAll(async () => {
        await svc?.close();
        if (ch !== undefined) await deleteTestBrokerNames(ch);
        await conn?.close();
        await nc?.close();
        await target?.close();
        await db?.drop();
      });

      it('parses and validates every message of RabbitMQ, NATS and webhooks, with a source unique to the deployment', async () => {
        const tenant = `ce-${Math.random().toString(36).slice(2, 10)}`;
        const k = await createKey(svc.db, tenant, 'ce-writer', ['admin']);
        const hook = await svc.api<WebhookWithSecretJson>('/v1/webhooks', { key: k.key, body: { url: `${target.url}/ce`, events: ['task.*', 'run.*'] } });
        expect(hook.status).toBe(201);
        const task = await svc.api<TaskJson>('/v1/tasks', { key: k.key, body: { schedule_time: new Date(Date.now() + 200).toISOString(), http: { url: `${target.url}/ok` } } });
        expect(task.status).toBe(201);
        const source = await expectedSource(svc.db, tenant);
        const ofTenant = (body: string) => sourceTenant((JSON.parse(body) as { source?: unknown }).source) === tenant;
        const expected = ['task.created', 'run.started', 'run.succeeded', 'task.completed'];
        const complete = (types: string[]) => expected.every((t) => types.includes(t));
        await waitFor('the events on RabbitMQ', async () => complete(amqpGot.filter((m) => ofTenant(m.body)).map((m) => m.routingKey)));
        await waitFor('the events on NATS', async () => complete(natsGot.filter((m) => ofTenant(m.body)).map((m) => m.subject.slice(TEST_BROKER.eventSubject('').length))));
        await waitFor('the webhook deliveries', async () => complete(target.hits('/ce').map((h) => String((JSON.parse(h.body) as { type: string }).type))));

        const read = [
          ...amqpGot.filter((m) => ofTenant(m.body)).map((m) => ({ sink: 'amqp', topic: m.routingKey, ce: sdkRead(m.contentType, m.body) })),
          ...natsGot.filter((m) => ofTenant(m.body)).map((m) => ({ sink: 'nats', topic: m.subject, ce: sdkRead(m.contentType, m.body) })),
          ...target.hits('/ce').map((h) => {
            const ce = sdkEvent(h.headers as Record<string, string>, h.body);
            return { sink: 'webhook', topic: ce.type, ce };
          }),
        ];
        for (const sink of ['amqp', 'nats', 'webhook']) expect(read.filter((r) => r.sink === sink).length).toBeGreaterThanOrEqual(expected.length);
        for (const { sink, topic, ce } of read) {
          expect(ce.source, sink).toBe(source);
          expect(ce.specversion).toBe('1.0');
          expect(ce.subject).toBe(`task/${task.body.id}`);
          expect(ce.datacontenttype).toBe('application/json');
          if (sink === 'amqp') expect(topic).toBe(ce.type);
          if (sink === 'nats') expect(topic).toBe(TEST_BROKER.eventSubject(ce.type));
          if (ce.type === 'task.created') {
            expect(ce).toMatchObject({ authtype: 'api_key', authid: String(k.id) });
            expect(JSON.parse(String(ce.authclaims))).toEqual({ name: 'ce-writer' });
          } else {
            expect(ce.authtype, `${sink} ${ce.type}`).toBe('system');
          }
        }
        // The key's name travels, never its secret.
        for (const raw of [...amqpGot.map((m) => m.body), ...natsGot.map((m) => m.body), ...target.hits('/ce').map((h) => h.body)]) expect(raw).not.toContain(k.key);
        // One id per event across the three sinks: the same (source, id) always means the same event.
        const byId = new Map<string, string>();
        for (const { ce } of read) {
          expect(byId.get(ce.id) ?? ce.type).toBe(ce.type);
          byId.set(ce.id, ce.type);
        }
      });
    });
  },
);
