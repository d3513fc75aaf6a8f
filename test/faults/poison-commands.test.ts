import amqp, { type Channel, type ChannelModel, type GetMessage } from 'amqplib';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKey } from '../../src/store/keys.ts';
import { forEachBackend, type TestDatabase } from '../support/backends.ts';
import { startTestService, TEST_BROKER, waitFor, type RunningService } from '../support/service.ts';
import type { Page, ProblemJson, TaskJson } from '../support/api-types.ts';
import { counterValue, deleteTestBrokerNames } from '../events/support.ts';

const AMQP_URL = process.env.TEST_AMQP_URL;
const COMMANDS = TEST_BROKER.commandsQueue;
const DEAD = TEST_BROKER.deadLetterQueue;

interface Answer {
  status: number;
  contentType: string | undefined;
  body: Record<string, unknown>;
}

/** A task that is valid in every way but one field: never due during the test, and aimed at a closed loopback port. */
const base = () => ({ schedule_time: new Date(Date.now() + 86_400_000).toISOString(), http: { url: 'http://127.0.0.1:9/never' } });

/** The poison of R16: each is the body of a message, and (for a task) what the same input is over HTTP. */
const poison: { name: string; body: () => string; fields: string[]; task?: () => Record<string, unknown> }[] = [
  { name: 'notify_before 1e20', task: () => ({ ...base(), notify_before: 1e20 }), fields: ['notify_before'], body: () => '' },
  { name: 'retry.max_attempts 1e20', task: () => ({ ...base(), retry: { max_attempts: 1e20 } }), fields: ['retry.max_attempts'], body: () => '' },
  { name: 'http.timeout_ms 1e12', task: () => ({ ...base(), http: { url: 'http://127.0.0.1:9/never', timeout_ms: 1e12 } }), fields: ['http.timeout_ms'], body: () => '' },
  { name: 'retry.backoff_s -5', task: () => ({ ...base(), retry: { backoff_s: -5 } }), fields: ['retry.backoff_s'], body: () => '' },
  { name: 'a 5,000-character title', task: () => ({ ...base(), title: 'x'.repeat(5000) }), fields: ['title'], body: () => '' },
  { name: 'wrong types', task: () => ({ ...base(), title: 42, overlap: 'sometimes', lines: { central: true } }), fields: ['lines', 'overlap', 'title'], body: () => '' },
  { name: 'an unknown field', task: () => ({ ...base(), bogus: 1 }), fields: ['bogus'], body: () => '' },
  { name: 'NUL in a title', fields: ['title'], body: () => JSON.stringify({ op: 'task.create', task: { ...base(), title: 'a\u0000b' } }) },
  { name: 'a number beyond a double (1e400)', fields: ['notify_before'], body: () => `{"op":"task.create","task":{"schedule_time":"${base().schedule_time}","http":{"url":"http://127.0.0.1:9/never"},"notify_before":1e400}}` },
  { name: 'an id beyond any integer', fields: ['id'], body: () => JSON.stringify({ op: 'task.delete', id: 1e20 }) },
  { name: 'an unknown op', fields: ['op'], body: () => JSON.stringify({ op: 'task.explode', task: base() }) },
  { name: 'a non-JSON body', fields: [], body: () => '{"op": "task.create", "task": {' },
  { name: 'a JSON array', fields: [], body: () => JSON.stringify([{ op: 'task.create', task: base() }]) },
];
for (const p of poison) {
  const task = p.task;
  if (task !== undefined) p.body = () => JSON.stringify({ op: 'task.create', task: task() });
}

describe.skipIf(!AMQP_URL)(`poison commands over RabbitMQ (R16)${AMQP_URL ? '' : ' (skipped: TEST_AMQP_URL is not set)'}`, () => {
  forEachBackend('R16', (backend) => {
    let db: TestDatabase;
    let svc: RunningService;
    let conn: ChannelModel;
    let ch: Channel;
    let replyQueue: string;
    let key: string;
    const answers = new Map<string, Answer[]>();

    beforeAll(async () => {
      conn = await amqp.connect(AMQP_URL ?? '');
      ch = await conn.createChannel();
      // Leftovers of an earlier run must not be counted; the dead-letter queue is shared, so it is filtered instead.
      await ch.assertQueue(COMMANDS, { durable: true, arguments: { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': DEAD } });
      await ch.purgeQueue(COMMANDS);
      db = await backend.create();
      svc = await startTestService(db, { TICKWORK_AMQP_URL: AMQP_URL ?? '', TICKWORK_EVENT_LOG: 'false' });
      key = (await createKey(svc.db, `r16-${randomUUID().slice(0, 8)}`, 'r16', ['write'])).key;
      replyQueue = (await ch.assertQueue('', { exclusive: true })).queue;
      await ch.consume(replyQueue, (m) => {
        if (m === null) return;
        const id = String(m.properties.correlationId);
        const list = answers.get(id) ?? [];
        list.push({ status: Number(m.properties.headers?.status), contentType: m.properties.contentType as string | undefined, body: JSON.parse(m.content.toString()) });
        answers.set(id, list);
      }, { noAck: true });
    });
    afterAll(async () => {
      await svc?.close();
      if (ch !== undefined) await deleteTestBrokerNames(ch);
      await conn?.close();
      await db?.drop();
    });

    /** Sends a command (this file's own queue, TICKWORK_BROKER_PREFIX) and waits for its answer. */
    async function ask(body: string, messageId = randomUUID(), headers: Record<string, string> = {}): Promise<{ correlationId: string; answer: Answer }> {
      const correlationId = randomUUID();
      ch.sendToQueue(COMMANDS, Buffer.from(body), { replyTo: replyQueue, correlationId, messageId, contentType: 'application/json', headers: { 'api-key': key, 'x-trace': 'r16', ...headers } });
      const answer = await waitFor(`the answer to ${correlationId}`, async () => answers.get(correlationId)?.[0]);
      return { correlationId, answer };
    }

    /** Takes this test's dead letters (by correlation id) out of the shared queue; others' are put back at once. */
    const dead = new Map<string, GetMessage[]>();
    async function collectDeadLetters(mine: ReadonlySet<string>): Promise<void> {
      const others: GetMessage[] = [];
      for (;;) {
        const m = await ch.get(DEAD, { noAck: false });
        if (m === false) break;
        const id = String(m.properties.correlationId);
        if (mine.has(id)) {
          dead.set(id, [...(dead.get(id) ?? []), m]);
          ch.ack(m);
        } else {
          others.push(m);
        }
      }
      for (const m of others) ch.nack(m, false, true);
    }

    it('answers each poison command with a problem naming the field as HTTP does, dead-letters it once with a reason and no api-key, never redelivers it, and answers the next good command', async () => {
      const redeliveredBefore = await counterValue(svc.registry, 'tickwork_command_redeliveries_total', {});
      const retriedBefore = await counterValue(svc.registry, 'tickwork_commands_total', { outcome: 'retried' });
      const sent = new Map<string, { name: string; body: string }>();
      for (const p of poison) {
        const body = p.body();
        const { correlationId, answer } = await ask(body);
        sent.set(correlationId, { name: p.name, body });
        expect(answer.status, p.name).toBe(400);
        expect(answer.contentType, p.name).toBe('application/problem+json');
        expect(answer.body, p.name).toMatchObject({ status: 400, type: expect.any(String), detail: expect.any(String) });
        const fields = ((answer.body.errors ?? []) as { field: string }[]).map((e) => e.field).sort();
        expect(fields, p.name).toEqual(p.fields);
        if (p.fields.length === 0) expect(answer.body.code, p.name).toBe('malformed_body');
        if (p.task !== undefined) {
          // The same task over HTTP is refused with the same fields named the same way.
          const http = await svc.api<ProblemJson>('/v1/tasks', { key, body: (JSON.parse(body) as { task: unknown }).task });
          expect(http.status, p.name).toBe(400);
          expect((http.body.errors ?? []).map((e) => e.field).sort(), p.name).toEqual(fields);
          expect(http.body.errors, p.name).toEqual(answer.body.errors);
        }
      }

      // The consumer is not wedged: the next good command is answered.
      const good = await ask(JSON.stringify({ op: 'task.create', task: { ...base(), title: 'after the poison' } }));
      expect(good.answer.status).toBe(201);
      expect(good.answer.body.title).toBe('after the poison');

      const mine = new Set(sent.keys());
      await waitFor('a dead letter for every poison command', async () => {
        await collectDeadLetters(mine);
        return [...mine].every((id) => dead.has(id));
      });
      // Every command was settled once: nothing put back, nothing delivered twice, no second answer, no second letter.
      await collectDeadLetters(mine);
      for (const [id, { name, body }] of sent) {
        const letters = dead.get(id) ?? [];
        expect(letters, name).toHaveLength(1);
        const letter = letters[0]!;
        expect(letter.content.toString(), name).toBe(body);
        const headers = letter.properties.headers ?? {};
        expect(Object.keys(headers).map((k) => k.toLowerCase()), name).not.toContain('api-key');
        expect(JSON.stringify(letter), name).not.toContain(key);
        expect(headers['x-trace'], name).toBe('r16'); // other headers are kept
        expect(letter.properties.replyTo, name).toBe(replyQueue);
        const reason = String(headers['x-tickwork-reason'] ?? '');
        expect(reason, name).not.toBe('');
        for (const f of poison.find((p) => p.name === name)?.fields ?? []) expect(reason, name).toContain(f);
        expect(answers.get(id), name).toHaveLength(1);
      }
      const redeliveries = (await counterValue(svc.registry, 'tickwork_command_redeliveries_total', {})) - redeliveredBefore;
      const retried = (await counterValue(svc.registry, 'tickwork_commands_total', { outcome: 'retried' })) - retriedBefore;
      console.log(`figure: R16 redeliveries per bad message: ${redeliveries / poison.length} (${redeliveries} over ${poison.length} bad messages, ${retried} put back)`);
      expect(redeliveries).toBe(0);
      expect(retried).toBe(0);
    });

    it('answers and acknowledges, without dead-lettering, commands refused for their key or a missing task', async () => {
      const missing = await ask(JSON.stringify({ op: 'task.delete', id: 987_654_321 }));
      expect(missing.answer.status).toBe(404);
      const readOnly = (await createKey(svc.db, `r16-ro-${randomUUID().slice(0, 8)}`, 'r16 read', ['read'])).key;
      const correlationId = randomUUID();
      ch.sendToQueue(COMMANDS, Buffer.from(JSON.stringify({ op: 'task.create', task: base() })), { replyTo: replyQueue, correlationId, headers: { 'api-key': readOnly } });
      const forbidden = await waitFor('the answer to a read-only key', async () => answers.get(correlationId)?.[0]);
      expect(forbidden.status).toBe(403);
      const good = await ask(JSON.stringify({ op: 'task.create', task: base() }));
      expect(good.answer.status).toBe(201);
      await collectDeadLetters(new Set([missing.correlationId, correlationId]));
      expect(dead.get(missing.correlationId)).toBeUndefined();
      expect(dead.get(correlationId)).toBeUndefined();
    });

    it('acts once on a command sent again with the same idempotency-key, replying the first answer; another command with that key is a 409', async () => {
      const title = `once-${randomUUID()}`;
      const body = JSON.stringify({ op: 'task.create', task: { ...base(), title } });
      const headers = { 'idempotency-key': `k-${title}` };
      const first = await ask(body, randomUUID(), headers);
      const again = await ask(body, randomUUID(), headers);
      expect(first.answer.status).toBe(201);
      expect(again.answer).toEqual(first.answer);
      const other = await ask(JSON.stringify({ op: 'task.create', task: { ...base(), title: `${title}-other` } }), randomUUID(), headers);
      expect(other.answer.status).toBe(409);
      const tasks = (await svc.api<Page<TaskJson>>('/v1/tasks?limit=500', { key })).body.items;
      expect(tasks.filter((t) => t.title === title)).toHaveLength(1);
    });
  });
});
