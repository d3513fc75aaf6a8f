import amqp, { type Channel, type ChannelModel, type GetMessage } from 'amqplib';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { declareCommandQueues } from '../../src/commands/index.ts';
import { createKey } from '../../src/store/keys.ts';
import { forEachBackend, type TestDatabase } from '../support/backends.ts';
import { startTestService, TEST_BROKER, waitFor, type RunningService } from '../support/service.ts';
import type { MonitorJson, ProblemJson, TaskJson } from '../support/api-types.ts';
import { startTarget, type Target } from '../support/target.ts';
import { counterValue, deleteTestBrokerNames } from './support.ts';

/**
 * The command matrix: every op with a good message (its effect, seen over HTTP, and its events naming the key as
 * their actor), a bad one (answered 400 naming the field exactly as the HTTP route does, dead-lettered once with the
 * reason, per R16) and a redelivery with the same `idempotency-key` (the first answer again, acted on once).
 */

const AMQP_URL = process.env.TEST_AMQP_URL;

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

interface EventJson {
  id: number;
  type: string;
  subject: { kind: string; id: number };
  actor: unknown;
}

/** A task that never falls due by itself, aimed at the test's loopback target. */
const taskFields = (target: Target, title: string) => ({ title, interval: 86_400, http: { url: `${target.url}/cmd` } });

describe.skipIf(!AMQP_URL)(`commands over RabbitMQ${AMQP_URL ? '' : ' (skipped: TEST_AMQP_URL is not set)'}`, () => {
  forEachBackend('command matrix', (backend) => {
    let db: TestDatabase;
    let svc: RunningService;
    let conn: ChannelModel;
    let ch: Channel;
    let target: Target;
    let replyQueue: string;
    let key: string;
    let keyId: number;
    const answers = new Map<string, Answer[]>();

    beforeAll(async () => {
      conn = await amqp.connect(AMQP_URL ?? '');
      ch = await conn.createChannel();
      await declareCommandQueues(ch, TEST_BROKER);
      await ch.purgeQueue(TEST_BROKER.commandsQueue);
      await ch.purgeQueue(TEST_BROKER.deadLetterQueue);
      db = await backend.create();
      svc = await startTestService(db, { TICKWORK_AMQP_URL: AMQP_URL ?? '', TICKWORK_EVENT_LOG: 'false' });
      target = await startTarget();
      const k = await createKey(svc.db, `cmd-${randomUUID().slice(0, 8)}`, 'matrix sender', ['write']);
      key = k.key;
      keyId = k.id;
      replyQueue = (await ch.assertQueue('', { exclusive: true })).queue;
      await ch.consume(replyQueue, (m) => {
        if (m === null) return;
        const id = String(m.properties.correlationId);
        answers.set(id, [...(answers.get(id) ?? []), { status: Number(m.properties.headers?.status), body: JSON.parse(m.content.toString()) }]);
      }, { noAck: true });
    });
    afterAll(async () => {
      await svc?.close();
      if (ch !== undefined) await deleteTestBrokerNames(ch);
      await conn?.close();
      await target?.close();
      await db?.drop();
    });

    /** Publishes a command as a sender would and returns its correlation id. */
    function send(command: unknown, headers: Record<string, string> = {}, messageId = randomUUID()): string {
      const correlationId = randomUUID();
      ch.sendToQueue(TEST_BROKER.commandsQueue, Buffer.from(JSON.stringify(command)), {
        replyTo: replyQueue, correlationId, messageId, contentType: 'application/json', headers: { 'api-key': key, ...headers },
      });
      return correlationId;
    }
    const answerTo = (id: string) => waitFor(`the answer to ${id}`, async () => answers.get(id)?.[0]);
    const ask = async (command: unknown, headers: Record<string, string> = {}) => answerTo(send(command, headers));

    const eventsOf = async (kind: string, id: number): Promise<EventJson[]> => {
      const r = await svc.api<{ items: EventJson[] }>('/v1/events?limit=500', { key });
      return r.body.items.filter((e) => e.subject.kind === kind && e.subject.id === id);
    };
    const newTask = async (title: string): Promise<number> => {
      const a = await ask({ op: 'task.create', task: taskFields(target, title) });
      expect(a.status).toBe(201);
      return a.body.id as number;
    };
    const newMonitor = async (): Promise<number> => {
      const a = await ask({ op: 'monitor.create', monitor: { url: `${target.url}/m-${randomUUID()}`, interval: 3600 } });
      expect(a.status).toBe(201);
      return a.body.id as number;
    };

    interface Op {
      op: string;
      /** The good command for a fresh object (made by `setup`), its status, and what must then be true. */
      setup: () => Promise<number>;
      good: (id: number) => Record<string, unknown>;
      status: number;
      check: (id: number, answer: Answer) => Promise<void>;
      /** The events the good command writes about its subject (each must name the key as actor). */
      events: string[];
      kind: 'task' | 'monitor';
      /** A bad command, the fields its 400 names, and the same input over HTTP (to compare errors), if any. */
      bad: () => Record<string, unknown>;
      badFields: string[];
      http?: { path: string; body: (bad: Record<string, unknown>) => unknown };
      /** What must hold after the same command was delivered twice with one idempotency-key. */
      once: (id: number, answer: Answer) => Promise<void>;
    }

    const countEvents = async (kind: string, id: number, type: string) => (await eventsOf(kind, id)).filter((e) => e.type === type).length;

    const ops: Op[] = [
      {
        op: 'task.create', kind: 'task', setup: async () => 0, status: 201, events: ['task.created'],
        good: () => ({ op: 'task.create', task: taskFields(target, `create-${randomUUID()}`) }),
        check: async (_id, a) => expect((await svc.api(`/v1/tasks/${a.body.id}`, { key })).status).toBe(200),
        bad: () => ({ op: 'task.create', task: { ...taskFields(target, 'bad'), overlap: 'sometimes', retry: { max_attempts: 1e20 } } }),
        badFields: ['overlap', 'retry.max_attempts'],
        http: { path: '/v1/tasks', body: (b) => b.task },
        once: async (_id, a) => {
          const listed = await svc.api<{ items: { title: string }[] }>('/v1/tasks?limit=500', { key });
          expect(listed.body.items.filter((t) => t.title === a.body.title)).toHaveLength(1);
        },
      },
      {
        op: 'task.update', kind: 'task', setup: () => newTask('before update'), status: 200, events: ['task.updated'],
        good: (id) => ({ op: 'task.update', id, task: { title: 'after update' } }),
        check: async (id) => expect((await svc.api<TaskJson>(`/v1/tasks/${id}`, { key })).body.title).toBe('after update'),
        bad: () => ({ op: 'task.update', id: 1, task: { title: 42, notify_before: -1 } }),
        badFields: ['notify_before', 'title'],
        once: async (id) => expect(await countEvents('task', id, 'task.updated')).toBe(1),
      },
      {
        op: 'task.delete', kind: 'task', setup: () => newTask('to delete'), status: 204, events: ['task.deleted'],
        good: (id) => ({ op: 'task.delete', id }),
        check: async (id) => expect((await svc.api(`/v1/tasks/${id}`, { key })).status).toBe(404),
        bad: () => ({ op: 'task.delete', id: 'seven' }),
        badFields: ['id'],
        once: async (id) => expect(await countEvents('task', id, 'task.deleted')).toBe(1),
      },
      {
        op: 'task.pause', kind: 'task', setup: () => newTask('to pause'), status: 200, events: ['task.paused'],
        good: (id) => ({ op: 'task.pause', id }),
        check: async (id, a) => {
          expect(a.body.state).toBe('paused');
          expect((await svc.api<TaskJson>(`/v1/tasks/${id}`, { key })).body.state).toBe('paused');
        },
        bad: () => ({ op: 'task.pause', id: 1, task: { title: 'x' } }),
        badFields: ['task'],
        once: async (id) => expect(await countEvents('task', id, 'task.paused')).toBe(1),
      },
      {
        op: 'task.resume', kind: 'task', status: 200, events: ['task.resumed'],
        setup: async () => {
          const id = await newTask('to resume');
          expect((await ask({ op: 'task.pause', id })).status).toBe(200);
          return id;
        },
        good: (id) => ({ op: 'task.resume', id }),
        check: async (id) => expect((await svc.api<TaskJson>(`/v1/tasks/${id}`, { key })).body.state).toBe('active'),
        bad: () => ({ op: 'task.resume', id: 0 }),
        badFields: ['id'],
        once: async (id) => expect(await countEvents('task', id, 'task.resumed')).toBe(1),
      },
      {
        op: 'task.trigger', kind: 'task', setup: () => newTask('to trigger'), status: 202, events: [],
        good: (id) => ({ op: 'task.trigger', id }),
        check: async (id, a) => {
          expect(typeof a.body.run_id).toBe('number');
          const runs = await svc.api<{ items: { id: number }[] }>(`/v1/tasks/${id}/runs`, { key });
          expect(runs.body.items.map((r) => r.id)).toContain(a.body.run_id);
        },
        bad: () => ({ op: 'task.trigger', id: -3, monitor: {} }),
        badFields: ['id', 'monitor'],
        once: async (id, a) => {
          // A second run made by the second delivery would come after the first one's.
          const runs = await svc.api<{ items: { id: number }[] }>(`/v1/tasks/${id}/runs`, { key });
          expect(runs.body.items.map((r) => r.id).filter((r) => r >= (a.body.run_id as number))).toEqual([a.body.run_id]);
        },
      },
      {
        op: 'monitor.create', kind: 'monitor', setup: async () => 0, status: 201, events: ['monitor.created'],
        good: () => ({ op: 'monitor.create', monitor: { url: `${target.url}/m-${randomUUID()}`, interval: 3600 } }),
        check: async (_id, a) => expect((await svc.api<MonitorJson>(`/v1/monitors/${a.body.id}`, { key })).body.url).toBe(a.body.url),
        bad: () => ({ op: 'monitor.create', monitor: { url: 'ftp://example.com/x', interval: 'often', bogus: true } }),
        badFields: ['bogus', 'interval', 'url'],
        http: { path: '/v1/monitors', body: (b) => b.monitor },
        once: async (_id, a) => {
          const listed = await svc.api<{ items: { url: string }[] }>('/v1/monitors?limit=500', { key });
          expect(listed.body.items.filter((m) => m.url === a.body.url)).toHaveLength(1);
          expect(await countEvents('monitor', a.body.id as number, 'monitor.created')).toBe(1);
          expect(await countEvents('monitor', a.body.id as number, 'monitor.updated')).toBe(0);
        },
      },
      {
        op: 'monitor.delete', kind: 'monitor', setup: newMonitor, status: 204, events: ['monitor.deleted'],
        good: (id) => ({ op: 'monitor.delete', id }),
        check: async (id) => expect((await svc.api<MonitorJson>(`/v1/monitors/${id}`, { key })).body.active).toBe(false),
        bad: () => ({ op: 'monitor.delete' }),
        badFields: ['id'],
        once: async (id) => expect(await countEvents('monitor', id, 'monitor.deleted')).toBe(1),
      },
    ];

    it('covers every op the consumer accepts', async () => {
      const { COMMAND_OPS } = await import('../../src/commands/parse.ts');
      expect(ops.map((o) => o.op).sort()).toEqual([...COMMAND_OPS].sort());
    });

    for (const o of ops) {
      it(`carries out a good ${o.op}, its events naming the key as their actor`, async () => {
        const id = await o.setup();
        const a = await ask(o.good(id));
        expect(a.status, JSON.stringify(a.body)).toBe(o.status);
        await o.check(id, a);
        const subject = id === 0 ? (a.body.id as number) : id;
        const events = (await eventsOf(o.kind, subject)).filter((e) => o.events.includes(e.type));
        expect(events.map((e) => e.type).sort()).toEqual([...o.events].sort());
        for (const e of events) expect(e.actor).toEqual({ kind: 'key', id: keyId, name: 'matrix sender' });
      });

      it(`answers a bad ${o.op} with a 400 naming the fields, and dead-letters it once with the reason`, async () => {
        const bad = o.bad();
        const redeliveredBefore = await counterValue(svc.registry, 'tickwork_command_redeliveries_total', {});
        const retriedBefore = await counterValue(svc.registry, 'tickwork_commands_total', { outcome: 'retried' });
        const correlationId = send(bad, { 'x-trace': o.op });
        const a = await answerTo(correlationId);
        expect(a.status).toBe(400);
        const fields = ((a.body.errors ?? []) as { field: string }[]).map((e) => e.field).sort();
        expect(fields).toEqual(o.badFields);
        if (o.http !== undefined) {
          // The same input over HTTP is refused with the same fields, named the same way.
          const http = await svc.api<ProblemJson>(o.http.path, { key, body: o.http.body(bad) });
          expect(http.status).toBe(400);
          expect(http.body.errors).toEqual(a.body.errors);
        }
        const letter = await waitFor('the dead letter', async () => takeDeadLetter(correlationId));
        const headers = letter.properties.headers ?? {};
        expect(JSON.parse(letter.content.toString())).toEqual(bad);
        expect(headers['x-trace']).toBe(o.op);
        expect(headers['x-tickwork-status']).toBe(400);
        expect(Object.keys(headers).map((k) => k.toLowerCase())).not.toContain('api-key');
        for (const f of o.badFields) expect(String(headers['x-tickwork-reason'])).toContain(f);
        // Settled once: never put back nor redelivered (which would answer and dead-letter it again).
        expect(await counterValue(svc.registry, 'tickwork_command_redeliveries_total', {})).toBe(redeliveredBefore);
        expect(await counterValue(svc.registry, 'tickwork_commands_total', { outcome: 'retried' })).toBe(retriedBefore);
        expect(await takeDeadLetter(correlationId)).toBeNull();
        expect(answers.get(correlationId)).toHaveLength(1);
      });

      it(`acts once on a ${o.op} delivered twice with one idempotency-key, answering the first answer again`, async () => {
        const id = await o.setup();
        const command = o.good(id);
        const headers = { 'idempotency-key': `${o.op}-${randomUUID()}` };
        const messageId = randomUUID();
        // The same message twice, as a broker redelivers one whose acknowledgement was lost.
        const first = await answerTo(send(command, headers, messageId));
        const again = await answerTo(send(command, headers, messageId));
        expect(first.status).toBe(o.status);
        expect(again).toEqual(first);
        await o.once(id, first);
      });
    }

    it('never writes the sending key\'s secret or hash into an event', async () => {
      const { hashKey } = await import('../../src/store/keys.ts');
      const listed = JSON.stringify((await svc.api<{ items: EventJson[] }>('/v1/events?limit=500', { key })).body.items);
      expect(listed).toContain('"matrix sender"');
      expect(listed).not.toContain(key);
      expect(listed).not.toContain(hashKey(key));
    });

    /** Takes the dead letter of this correlation id out of the file's dead-letter queue; others are put back. */
    async function takeDeadLetter(correlationId: string): Promise<GetMessage | null> {
      const others: GetMessage[] = [];
      let found: GetMessage | null = null;
      for (;;) {
        const m = await ch.get(TEST_BROKER.deadLetterQueue, { noAck: false });
        if (m === false) break;
        if (m.properties.correlationId === correlationId && found === null) {
          found = m;
          ch.ack(m);
        } else {
          others.push(m);
        }
      }
      for (const m of others) ch.nack(m, false, true);
      return found;
    }
  });
});
