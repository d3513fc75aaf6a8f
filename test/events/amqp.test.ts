import amqp, { type Channel, type ChannelModel } from 'amqplib';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forEachBackend, type TestDatabase } from '../support/backends.ts';
import { startTestService, TEST_BROKER, waitFor, type RunningService } from '../support/service.ts';
import type { HttpTaskJson, TaskJson } from '../support/api-types.ts';
import { startTarget, type Target } from '../support/target.ts';
import { bindConsumer, counterValue, deleteTestBrokerNames, expectedSource, firstArrivals, freshTenant, startProxy, strictlyIncreasing, writeEvents, type Proxy } from './support.ts';

const AMQP_URL = process.env.TEST_AMQP_URL;

describe.skipIf(!AMQP_URL)(`RabbitMQ${AMQP_URL ? '' : ' (skipped: TEST_AMQP_URL is not set)'}`, () => {
  const url = new URL(AMQP_URL ?? 'amqp://127.0.0.1:5672');

  forEachBackend('events to RabbitMQ', (backend) => {
    let db: TestDatabase;
    let svc: RunningService;
    let proxy: Proxy;
    let conn: ChannelModel;
    let ch: Channel;
    let target: Target;

    beforeAll(async () => {
      db = await backend.create();
      proxy = await startProxy(url.hostname, Number(url.port || 5672));
      const viaProxy = new URL(url.toString());
      viaProxy.port = String(proxy.port);
      svc = await startTestService(db, {
        TICKWORK_AMQP_URL: viaProxy.toString(),
        TICKWORK_BROKER_HEARTBEAT_S: '1',
        TICKWORK_SINK_TIMEOUT_S: '2',
        TICKWORK_EVENT_LOG: 'false',
      });
      conn = await amqp.connect(url.toString());
      ch = await conn.createChannel();
      target = await startTarget();
    });
    afterAll(async () => {
      await svc?.close();
      if (ch !== undefined) await deleteTestBrokerNames(ch);
      await conn?.close();
      await proxy?.close();
      await target?.close();
      await db?.drop();
    });

    it('delivers task and run events as persistent CloudEvents in id order, routed by type', async () => {
      const { tenant, key } = await freshTenant(svc.db, 'amqp');
      const got = await bindConsumer(ch, tenant);
      const created = await svc.api<TaskJson>('/v1/tasks', { key, body: { schedule_time: new Date(Date.now() + 200).toISOString(), http: { url: `${target.url}/ok` } } });
      expect(created.status).toBe(201);
      const id = created.body.id as number;
      await waitFor('the run to succeed', async () => got.find((m) => m.routingKey === 'run.succeeded'));
      await svc.api(`/v1/tasks/${id}`, { key, method: 'DELETE' });
      await waitFor('task.deleted', async () => got.find((m) => m.routingKey === 'task.deleted'));
      const source = await expectedSource(svc.db, tenant);
      const types = got.map((m) => m.routingKey);
      expect(types).toEqual(expect.arrayContaining(['task.created', 'run.started', 'run.succeeded', 'task.completed', 'task.deleted']));
      expect(strictlyIncreasing(firstArrivals(got.map((m) => m.id)))).toBe(true);
      for (const m of got) {
        expect(m.persistent).toBe(true);
        expect(m.body).toMatchObject({ specversion: '1.0', source, type: m.routingKey, subject: `task/${id}`, datacontenttype: 'application/json' });
        expect(typeof m.body.time).toBe('string');
      }
      const run = got.find((m) => m.routingKey === 'run.succeeded');
      expect(run?.body.data).toMatchObject({ status: 'succeeded' });
      expect(typeof run?.body.data.run_id).toBe('number');
    });

    it('loses none of 1,000 events while the network to RabbitMQ goes silent and comes back (R12)', async () => {
      const { tenant } = await freshTenant(svc.db, 'r12');
      const got = await bindConsumer(ch, tenant);
      const errorsBefore = await counterValue(svc.registry, 'tickwork_event_sink_errors_total', { sink: 'amqp' });
      await writeEvents(svc.db, tenant, 0, 300);
      await waitFor('some events to arrive', async () => got.length >= 100);
      proxy.pause();
      await writeEvents(svc.db, tenant, 300, 400);
      await waitFor('the relay to notice the outage', async () => (await counterValue(svc.registry, 'tickwork_event_sink_errors_total', { sink: 'amqp' })) > errorsBefore, 30_000);
      proxy.resume();
      await writeEvents(svc.db, tenant, 700, 300);
      await waitFor('all 1,000 events', async () => new Set(got.map((m) => m.id)).size >= 1000, 60_000);
      const ids = firstArrivals(got.map((m) => m.id));
      expect(ids).toHaveLength(1000);
      expect(strictlyIncreasing(ids)).toBe(true);
      const seqs = firstArrivals(got.map((m) => m.id)).map((id) => got.find((m) => m.id === id)?.body.data.seq);
      expect(seqs).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    });

    it('creates a task from a command with the same auth, replies with it, and the task fires', async () => {
      const { key } = await freshTenant(svc.db, 'cmd');
      const replies = await ch.assertQueue('', { exclusive: true });
      const answers = new Map<string, { status: number; body: Record<string, unknown> }>();
      await ch.consume(replies.queue, (m) => {
        if (m !== null) answers.set(String(m.properties.correlationId), { status: Number(m.properties.headers?.status), body: JSON.parse(m.content.toString()) });
      }, { noAck: true });
      const send = (body: unknown, apiKey: string | null) => {
        const correlationId = randomUUID();
        ch.sendToQueue(TEST_BROKER.commandsQueue, Buffer.from(JSON.stringify(body)), {
          replyTo: replies.queue, correlationId, headers: apiKey === null ? {} : { 'api-key': apiKey },
        });
        return waitFor(`reply ${correlationId}`, async () => answers.get(correlationId));
      };
      const path = `/cmd-${randomUUID()}`;
      const created = await send({ op: 'task.create', task: { schedule_time: new Date(Date.now() + 300).toISOString(), http: { url: `${target.url}${path}` } } }, key);
      expect(created.status).toBe(201);
      expect((created.body as HttpTaskJson).action.url).toBe(`${target.url}${path}`);
      await waitFor('the task created over AMQP to fire', async () => target.hits(path).length > 0);

      const invalid = await send({ op: 'task.create', task: { interval: '5m', http: { url: 'ftp://example.com' }, bogus: 1 } }, key);
      expect(invalid.status).toBe(400);
      expect(invalid.body.code).toBe('invalid_field');
      expect((invalid.body.errors as { field: string }[]).map((e) => e.field)).toContain('bogus');

      const unauthorized = await send({ op: 'task.delete', id: created.body.id }, 'tw_not_a_key');
      expect(unauthorized.status).toBe(401);
      const deleted = await send({ op: 'task.delete', id: created.body.id }, key);
      expect(deleted.status).toBe(204);
    });

    it('dead-letters a malformed command into <prefix>.commands.dead with a reason and keeps consuming', async () => {
      const messageId = randomUUID();
      ch.sendToQueue(TEST_BROKER.commandsQueue, Buffer.from('{not json'), { messageId });
      const dead = await waitFor('the malformed message in the dead-letter queue', async () => {
        for (;;) {
          const m = await ch.get(TEST_BROKER.deadLetterQueue, { noAck: true });
          if (m === false) return null;
          if (m.properties.messageId === messageId) return m;
        }
      });
      expect(dead.content.toString()).toBe('{not json');
      expect(String(dead.properties.headers?.['x-tickwork-reason'])).toMatch(/not JSON/);
      // Still consuming: a well-formed command after it is answered.
      const { key } = await freshTenant(svc.db, 'cmd2');
      const replies = await ch.assertQueue('', { exclusive: true });
      let answer: number | null = null;
      await ch.consume(replies.queue, (m) => {
        if (m !== null) answer = Number(m.properties.headers?.status);
      }, { noAck: true });
      ch.sendToQueue(TEST_BROKER.commandsQueue, Buffer.from(JSON.stringify({ op: 'task.delete', id: 999999 })), { replyTo: replies.queue, correlationId: 'x', headers: { 'api-key': key } });
      expect(await waitFor('an answer', async () => answer)).toBe(404);
    });
  });
});
