import amqp, { type Channel, type ChannelModel } from 'amqplib';
import { randomUUID } from 'node:crypto';
import { connect, type NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brokerNames, type BrokerNames } from '../../src/domain/broker-names.ts';
import { declareCommandQueues } from '../../src/commands/index.ts';
import { createKey } from '../../src/store/keys.ts';
import { forEachBackend, type TestDatabase } from '../support/backends.ts';
import { startTestService, TEST_BROKER_PREFIX, waitFor, type RunningService } from '../support/service.ts';
import { expectedSource } from './support.ts';

/**
 * Two deployments (two services, each its own database, different TICKWORK_BROKER_PREFIX) on one RabbitMQ and one
 * NATS, as the issue found them: before prefixes, each took the other's commands and their events mixed. Both use
 * the tenant `default` and number their events from 1, so only the source tells their events apart.
 */

const AMQP_URL = process.env.TEST_AMQP_URL;
const NATS_URL = process.env.TEST_NATS_URL;

interface Deployment {
  names: BrokerNames;
  db: TestDatabase;
  svc: RunningService;
  /** A key of this deployment only (a command the other deployment took would be answered 401). */
  key: string;
  source: string;
  /** CloudEvents seen on this deployment's exchange and on its subjects. */
  onExchange: { routingKey: string; body: { id: string; source: string; type: string } }[];
  onSubjects: { subject: string; body: { id: string; source: string; type: string } }[];
}

describe.skipIf(!AMQP_URL || !NATS_URL)(
  `two deployments on one broker${AMQP_URL && NATS_URL ? '' : ' (skipped: TEST_AMQP_URL and TEST_NATS_URL must both be set)'}`,
  () => {
    forEachBackend('shared broker', (backend) => {
      let conn: ChannelModel;
      let ch: Channel;
      let nc: NatsConnection;
      let replyQueue: string;
      const answers = new Map<string, { status: number; body: Record<string, unknown> }>();
      const deployments: Deployment[] = [];

      beforeAll(async () => {
        conn = await amqp.connect(AMQP_URL ?? '');
        ch = await conn.createChannel();
        nc = await connect({ servers: new URL(NATS_URL ?? '').host });
        replyQueue = (await ch.assertQueue('', { exclusive: true })).queue;
        await ch.consume(replyQueue, (m) => {
          if (m !== null) answers.set(String(m.properties.correlationId), { status: Number(m.properties.headers?.status), body: JSON.parse(m.content.toString()) });
        }, { noAck: true });
        for (const suffix of ['east', 'west']) {
          const prefix = `${TEST_BROKER_PREFIX}-${suffix}`;
          const names = brokerNames(prefix);
          const onExchange: Deployment['onExchange'] = [];
          const onSubjects: Deployment['onSubjects'] = [];
          // Declared (as the consumer declares them) before anything is sent: the broker drops a message to no queue.
          await declareCommandQueues(ch, names);
          // Bound before the service publishes anything.
          await ch.assertExchange(names.eventsExchange, 'topic', { durable: true });
          const q = await ch.assertQueue('', { exclusive: true });
          await ch.bindQueue(q.queue, names.eventsExchange, '#');
          await ch.consume(q.queue, (m) => {
            if (m !== null) onExchange.push({ routingKey: m.fields.routingKey, body: JSON.parse(m.content.toString()) });
          }, { noAck: true });
          const sub = nc.subscribe(names.eventSubject('>'));
          void (async () => {
            for await (const m of sub) onSubjects.push({ subject: m.subject, body: JSON.parse(new TextDecoder().decode(m.data)) });
          })();
          await nc.flush();
          const db = await backend.create();
          // Test databases of PGlite are copies of one migrated template, so they share its deployment uuid, as any
          // copy of a database would (docs/commands.md); a database made afresh has its own, as here.
          const raw = await db.open();
          await raw.query('UPDATE deployment SET id = gen_random_uuid()');
          await raw.close();
          const svc = await startTestService(db, {
            TICKWORK_AMQP_URL: AMQP_URL ?? '',
            TICKWORK_NATS_URL: NATS_URL ?? '',
            TICKWORK_BROKER_PREFIX: prefix,
            TICKWORK_EVENT_LOG: 'false',
          });
          const key = (await createKey(svc.db, 'default', `${suffix} writer`, ['write'])).key;
          deployments.push({ names, db, svc, key, source: await expectedSource(svc.db, 'default'), onExchange, onSubjects });
        }
      });
      afterAll(async () => {
        for (const d of deployments) {
          await d.svc.close();
          await ch.deleteQueue(d.names.commandsQueue);
          await ch.deleteQueue(d.names.deadLetterQueue);
          await ch.deleteExchange(d.names.eventsExchange);
          await d.db.drop();
        }
        await conn?.close();
        await nc?.close();
      });

      const send = (d: Deployment, body: unknown, headers: Record<string, string> = { 'api-key': d.key }) => {
        const correlationId = randomUUID();
        ch.sendToQueue(d.names.commandsQueue, Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)), { replyTo: replyQueue, correlationId, headers });
        return correlationId;
      };
      const answer = (id: string) => waitFor(`the answer to ${id}`, async () => answers.get(id));

      it('answers each deployment\'s commands by that deployment alone, and keeps its events under its own prefix', async () => {
        const [east, west] = deployments as [Deployment, Deployment];
        expect(east.source).not.toBe(west.source);
        const task = (n: number) => ({ op: 'task.create', task: { title: `t${n}`, interval: 3600, http: { url: 'http://127.0.0.1:9/never' } } });
        // Interleaved, so both consumers are busy at once; with one shared queue some would reach the other one.
        const sent = Array.from({ length: 8 }, (_, i) => ({ d: i % 2 === 0 ? east : west, id: '' }));
        for (const [i, s] of sent.entries()) s.id = send(s.d, task(i));
        for (const s of sent) expect((await answer(s.id)).status).toBe(201);

        for (const d of deployments) {
          const listed = await d.svc.api<{ items: { title: string }[] }>('/v1/tasks', { key: d.key });
          const titles = listed.body.items.map((t) => t.title).sort();
          expect(titles).toEqual(sent.flatMap((s, i) => (s.d === d ? [`t${i}`] : [])).sort());
          // A delete and a pause of its own tasks, so updates and deletes are seen to stay home too.
          const created = (await Promise.all(sent.filter((s) => s.d === d).map((s) => answer(s.id)))).map((a) => a.body.id as number);
          expect((await answer(send(d, { op: 'task.pause', id: created[0] }))).status).toBe(200);
          expect((await answer(send(d, { op: 'task.delete', id: created[1] }))).status).toBe(204);
        }

        for (const d of deployments) {
          const other = d === east ? west : east;
          await waitFor('each deployment\'s events on its exchange and subjects', async () =>
            [d.onExchange.map((m) => m.body.type), d.onSubjects.map((m) => m.body.type)].every((types) =>
              types.filter((t) => t === 'task.created').length === 4 && types.includes('task.paused') && types.includes('task.deleted')),
          );
          for (const m of [...d.onExchange, ...d.onSubjects]) expect(m.body.source).toBe(d.source);
          for (const m of d.onSubjects) expect(m.subject).toBe(d.names.eventSubject(m.body.type));
          // Ids overlap across deployments (each counts from 1); (source, id) pairs never do.
          const pairs = new Set(other.onExchange.map((m) => `${m.body.source} ${m.body.id}`));
          expect(d.onExchange.filter((m) => pairs.has(`${m.body.source} ${m.body.id}`))).toEqual([]);
        }
        expect(east.onExchange.map((m) => m.body.id).some((id) => west.onExchange.some((w) => w.body.id === id))).toBe(true);
      });

      it('dead-letters a bad command into its own deployment\'s dead-letter queue only', async () => {
        const [east, west] = deployments as [Deployment, Deployment];
        const messageId = randomUUID();
        ch.sendToQueue(east.names.commandsQueue, Buffer.from('{not json'), { messageId, headers: { 'api-key': east.key } });
        const dead = await waitFor('the dead letter', async () => {
          for (;;) {
            const m = await ch.get(east.names.deadLetterQueue, { noAck: true });
            if (m === false) return null;
            if (m.properties.messageId === messageId) return m;
          }
        });
        expect(String(dead.properties.headers?.['x-tickwork-reason'])).toMatch(/not JSON/);
        for (;;) {
          const m = await ch.get(west.names.deadLetterQueue, { noAck: true });
          if (m === false) break;
          expect(m.properties.messageId).not.toBe(messageId);
        }
      });
    });
  },
);
