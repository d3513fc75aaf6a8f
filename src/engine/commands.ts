import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Db } from '../store/db.ts';
import { authenticate } from '../store/keys.ts';
import { hasScope } from '../domain/scopes.ts';
import { createTask, deleteTask, updateTask } from '../store/tasks.ts';
import { ProblemError, problemDocument, type FieldError } from '../domain/errors.ts';
import { requireCreatable, taskChangesFrom, type TaskChanges, type TaskInput } from '../domain/task-input.ts';
import { taskToJson, type TaskRow } from '../domain/task.ts';
import type { AmqpConnection } from '../sinks/index.ts';
import type { SecretBox } from '../store/secrets.ts';

export const COMMANDS_QUEUE = 'tickwork.commands';
export const DEAD_LETTER_QUEUE = 'tickwork.commands.dead';

/** A command as API.md defines it; anything else is malformed and dead-lettered. */
export type Command =
  | { op: 'task.create'; task: Record<string, unknown> }
  | { op: 'task.update'; id: number; task: Record<string, unknown> }
  | { op: 'task.delete'; id: number };

export class MalformedCommand extends Error {}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses a message body into a command, or throws MalformedCommand saying why. */
export function parseCommand(body: Buffer): Command {
  let v: unknown;
  try {
    v = JSON.parse(body.toString('utf8'));
  } catch {
    throw new MalformedCommand('the body is not JSON');
  }
  if (!isObject(v)) throw new MalformedCommand('the body is not a JSON object');
  const id = v.id;
  const validId = typeof id === 'number' && Number.isSafeInteger(id) && id > 0;
  switch (v.op) {
    case 'task.create':
      if (!isObject(v.task)) throw new MalformedCommand('task.create needs a "task" object');
      return { op: 'task.create', task: v.task };
    case 'task.update':
      if (!validId) throw new MalformedCommand('task.update needs a positive integer "id"');
      if (!isObject(v.task)) throw new MalformedCommand('task.update needs a "task" object');
      return { op: 'task.update', id, task: v.task };
    case 'task.delete':
      if (!validId) throw new MalformedCommand('task.delete needs a positive integer "id"');
      return { op: 'task.delete', id };
    default:
      throw new MalformedCommand('"op" must be task.create, task.update or task.delete');
  }
}

type Check = (v: unknown) => boolean;
const str: Check = (v) => typeof v === 'string';
const orNull = (c: Check): Check => (v) => v === null || c(v);
const FIELDS: Record<keyof TaskInput, Check> = {
  title: orNull(str),
  description: orNull(str),
  schedule_time: orNull(str),
  cron: orNull(str),
  interval: orNull((v) => str(v) || (typeof v === 'number' && Number.isInteger(v) && v >= 1)),
  timezone: orNull(str),
  lines: orNull((v) => str(v) || (Array.isArray(v) && v.every(str))),
  http: orNull((v) => isObject(v) && str(v.url)),
  expires_at: orNull(str),
  notify_before: orNull((v) => typeof v === 'number' && Number.isInteger(v) && v >= 0),
  retry: orNull((v) => isObject(v) && Object.values(v).every((x) => typeof x === 'number')),
  overlap: (v) => v === 'skip' || v === 'allow',
  misfire: (v) => v === 'run_once' || v === 'skip' || v === 'run_all',
};

/**
 * The type checks the HTTP schema makes before `taskChangesFrom` (which expects typed input): unknown fields and
 * wrong types are a 400 naming each field, as over HTTP.
 */
function typedTaskInput(task: Record<string, unknown>): TaskInput {
  const errors: FieldError[] = [];
  for (const [k, v] of Object.entries(task)) {
    const check = (FIELDS as Record<string, Check | undefined>)[k];
    if (check === undefined) errors.push({ field: k, message: 'unknown field; it is not accepted here' });
    else if (!check(v)) errors.push({ field: k, message: 'has the wrong type' });
  }
  if (errors.length > 0) throw new ProblemError('invalid_field', `Invalid field(s): ${errors.map((e) => e.field).join(', ')}.`, errors);
  return task as TaskInput;
}

/** Validation errors that slipped past the type checks must not look like a broken database. */
function validated(fn: () => TaskChanges): TaskChanges {
  try {
    return fn();
  } catch (err) {
    if (err instanceof ProblemError) throw err;
    throw new ProblemError('invalid_field', `The task is invalid: ${(err as Error).message}`);
  }
}

export interface Reply {
  status: number;
  body: unknown;
}

/** Runs one command with the same auth and validation as HTTP; expected failures become problem documents. */
export async function executeCommand(db: Db, config: Config, apiKey: string | null, cmd: Command, secrets: SecretBox): Promise<Reply> {
  try {
    if (apiKey === null) throw new ProblemError('unauthorized', 'No API key: send it in the message header "api-key".');
    const principal = await authenticate(db, apiKey);
    if (principal === null) throw new ProblemError('unauthorized', 'The API key is not valid or has been revoked.');
    if (!hasScope(principal.scopes, 'write')) {
      throw new ProblemError('forbidden', 'Commands need a key with the "write" scope.');
    }
    const tenant = principal.tenantId;
    const ctx = { defaultTimezone: config.timezone, allowPrivateTargets: config.allowPrivateTargets };
    switch (cmd.op) {
      case 'task.create': {
        const input = typedTaskInput(cmd.task);
        const changes = validated(() => taskChangesFrom(input, { ...ctx, current: null }));
        requireCreatable(changes);
        const view = await createTask(db, tenant, changes, config.maxTasksPerTenant, secrets);
        return { status: 201, body: taskToJson(view.task, view.lastRun) };
      }
      case 'task.update': {
        const input = typedTaskInput(cmd.task);
        const view = await updateTask(db, tenant, cmd.id, (current: TaskRow) => validated(() => taskChangesFrom(input, { ...ctx, current })), secrets);
        return { status: 200, body: taskToJson(view.task, view.lastRun) };
      }
      case 'task.delete':
        await deleteTask(db, tenant, cmd.id);
        return { status: 204, body: null };
    }
  } catch (err) {
    if (err instanceof ProblemError) return { status: err.status, body: problemDocument(err) };
    throw err;
  }
}

export interface CommandConsumerOptions {
  amqp: AmqpConnection;
  db: Db;
  config: Config;
  log: Logger;
  prefetch: number;
  /** Seals a task's secret header and query values (as the API does). */
  secrets: SecretBox;
}

/**
 * Consumes `tickwork.commands` on every engine process (competing consumers). Each message is answered on its
 * `reply_to` with its `correlation_id` and acknowledged; a malformed one is rejected into `tickwork.commands.dead`;
 * a database failure puts the message back. Nothing a message contains can stop the consumer.
 */
export class CommandConsumer {
  private stopped = false;

  constructor(private readonly o: CommandConsumerOptions) {}

  start(): void {
    this.o.amqp.onConnected((c) => this.consume(c));
    this.o.amqp.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.o.amqp.close();
  }

  private async consume(c: ChannelModel): Promise<void> {
    const ch = await c.createChannel();
    ch.on('error', (err: Error) => this.o.log.warn({ err: err.message }, 'command channel error'));
    await declareCommandQueues(ch);
    await ch.prefetch(this.o.prefetch);
    await ch.consume(COMMANDS_QUEUE, (msg) => {
      if (msg !== null) void this.handle(ch, msg);
    });
    this.o.log.info({ queue: COMMANDS_QUEUE }, 'consuming commands');
  }

  private async handle(ch: Channel, msg: ConsumeMessage): Promise<void> {
    try {
      let cmd: Command;
      try {
        cmd = parseCommand(msg.content);
      } catch (err) {
        if (!(err instanceof MalformedCommand)) throw err;
        this.o.log.warn({ why: err.message, messageId: msg.properties.messageId }, 'malformed command dead-lettered');
        ch.nack(msg, false, false);
        return;
      }
      const header: unknown = msg.properties.headers?.['api-key'];
      const key = typeof header === 'string' ? header : Buffer.isBuffer(header) ? header.toString('utf8') : null;
      const reply = await executeCommand(this.o.db, this.o.config, key, cmd, this.o.secrets);
      const replyTo: unknown = msg.properties.replyTo;
      if (typeof replyTo === 'string' && replyTo !== '') {
        ch.sendToQueue(replyTo, Buffer.from(JSON.stringify(reply.body)), {
          correlationId: msg.properties.correlationId as string | undefined,
          contentType: reply.status >= 400 ? 'application/problem+json' : 'application/json',
          headers: { status: reply.status },
        });
      }
      ch.ack(msg);
    } catch (err) {
      // Unexpected (the database is down): put it back after a pause instead of spinning on it.
      this.o.log.warn({ err: (err as Error).message }, 'command failed; it will be retried');
      await new Promise((r) => setTimeout(r, 1_000));
      if (!this.stopped) {
        try {
          ch.nack(msg, false, true);
        } catch {
          /* the channel is gone; the broker redelivers the unacknowledged message */
        }
      }
    }
  }
}

/** The queues commands use; declared identically everywhere (RabbitMQ refuses a re-declaration with other args). */
export async function declareCommandQueues(ch: Channel): Promise<void> {
  await ch.assertQueue(DEAD_LETTER_QUEUE, { durable: true });
  await ch.assertQueue(COMMANDS_QUEUE, {
    durable: true,
    arguments: { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': DEAD_LETTER_QUEUE },
  });
}
