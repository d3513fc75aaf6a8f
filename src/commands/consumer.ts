import type { Channel, ChannelModel, ConfirmChannel, ConsumeMessage, Options } from 'amqplib';
import type { Logger } from 'pino';
import { Counter, type Registry } from 'prom-client';
import type { Config } from '../config.ts';
import type { SecretBox } from '../store/secrets.ts';
import type { BrokerNames } from '../domain/broker-names.ts';
import type { Db } from '../store/db.ts';
import { isTransientDbError } from '../store/db-errors.ts';
import { ProblemError, problemDocument, type ProblemDocument } from '../domain/errors.ts';
import type { AmqpConnection } from '../sinks/amqp-connection.ts';
import { executeCommand, type Reply } from './execute.ts';
import { parseCommand } from './parse.ts';

/** Why a message was dead-lettered: the problem's detail and each field at fault. */
export const REASON_HEADER = 'x-tickwork-reason';
/** The status the command was answered with, beside the reason. */
export const STATUS_HEADER = 'x-tickwork-status';
/** The header that carries the API key; a dead letter never keeps it. */
export const API_KEY_HEADER = 'api-key';
/** The sender's idempotency key, as HTTP's Idempotency-Key: a command sent again with it acts once. */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';

const MAX_REASON_LENGTH = 1_000;
const MAX_RETRY_PAUSE_MS = 30_000;

/**
 * What becomes of a message once it is answered. A message that will fail the same way every time (malformed,
 * invalid, too large, or an unexpected error that retrying cannot cure) is moved to the dead-letter queue, so it is
 * never redelivered for ever and never dropped silently. An answer about the caller or the state of things (401,
 * 403, 404, 409) is a normal outcome: the message is simply acknowledged.
 */
export function isDeadLettered(status: number): boolean {
  return status === 400 || status === 413 || status >= 500;
}

/** The reason header of a dead letter: the detail, then every field at fault. */
export function deadLetterReason(doc: ProblemDocument): string {
  const fields = (doc.errors ?? []).map((e) => `${e.field}: ${e.message}`).join('; ');
  const reason = fields === '' ? doc.detail : `${doc.detail} ${fields}`;
  return reason.length > MAX_REASON_LENGTH ? `${reason.slice(0, MAX_REASON_LENGTH - 1)}…` : reason;
}

/** The message's properties for its dead letter: all kept but the API key (and what would expire or be refused). */
export function deadLetterProperties(msg: ConsumeMessage, doc: ProblemDocument): Options.Publish {
  const p = msg.properties;
  const headers: Record<string, unknown> = {};
  for (const [k, v] of Object.entries((p.headers ?? {}) as Record<string, unknown>)) {
    if (k.toLowerCase() !== API_KEY_HEADER) headers[k] = v;
  }
  headers[REASON_HEADER] = deadLetterReason(doc);
  headers[STATUS_HEADER] = doc.status;
  const out: Options.Publish = { headers, persistent: true };
  // Not `expiration` (the dead letter must stay until someone reads it) nor `userId` (the broker refuses a user id
  // that is not the publishing connection's).
  if (p.contentType !== undefined) out.contentType = p.contentType as string;
  if (p.contentEncoding !== undefined) out.contentEncoding = p.contentEncoding as string;
  if (p.correlationId !== undefined) out.correlationId = p.correlationId as string;
  if (p.replyTo !== undefined) out.replyTo = p.replyTo as string;
  if (p.messageId !== undefined) out.messageId = p.messageId as string;
  if (p.timestamp !== undefined) out.timestamp = p.timestamp as number;
  if (p.type !== undefined) out.type = p.type as string;
  if (p.appId !== undefined) out.appId = p.appId as string;
  if (p.priority !== undefined) out.priority = p.priority as number;
  return out;
}

interface CommandMetrics {
  /** Every settled delivery: answered (and acknowledged), dead_lettered (answered too), or retried (put back). */
  outcomes: Counter<'outcome'>;
  /** Deliveries the broker flagged as redelivered: a poison message would show here. */
  redeliveries: Counter;
}

const metricsCache = new WeakMap<Registry, CommandMetrics>();

function commandMetrics(registry: Registry): CommandMetrics {
  const known = metricsCache.get(registry);
  if (known !== undefined) return known;
  const m: CommandMetrics = {
    outcomes: new Counter({
      name: 'tickwork_commands_total',
      help: 'AMQP commands settled, by outcome (answered, dead_lettered, retried).',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    redeliveries: new Counter({
      name: 'tickwork_command_redeliveries_total',
      help: 'AMQP command deliveries flagged as redelivered by the broker.',
      registers: [registry],
    }),
  };
  metricsCache.set(registry, m);
  return m;
}

function headerOf(msg: ConsumeMessage, name: string): string | null {
  const header: unknown = msg.properties.headers?.[name];
  return typeof header === 'string' ? header : Buffer.isBuffer(header) ? header.toString('utf8') : null;
}

export interface CommandConsumerOptions {
  amqp: AmqpConnection;
  db: Db;
  config: Config;
  log: Logger;
  registry: Registry;
  prefetch: number;
  /** Seals a task's secret header and query values, as the API does. */
  secrets: SecretBox;
  /** The queues, under TICKWORK_BROKER_PREFIX. */
  names: BrokerNames;
}

/**
 * Consumes `<prefix>.commands` on every engine process (competing consumers). Every message is answered on its
 * `reply_to` with its `correlation_id` and acknowledged; one that fails for a reason that will not go away is also
 * republished to `<prefix>.commands.dead` with the reason and without its API key. Only a failure retrying can cure
 * (the database is unreachable) puts the message back, after a growing pause. Nothing a message contains can stop
 * the consumer or make it loop.
 */
export class CommandConsumer {
  private stopped = false;
  /** Transient failures in a row: the pause before putting a message back grows with them. */
  private transientInARow = 0;
  private readonly metrics: CommandMetrics;

  constructor(private readonly o: CommandConsumerOptions) {
    this.metrics = commandMetrics(o.registry);
  }

  start(): void {
    this.o.amqp.onConnected((c) => this.consume(c));
    this.o.amqp.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.o.amqp.close();
  }

  private async consume(c: ChannelModel): Promise<void> {
    // Confirms: a message is acknowledged only once its dead letter is safely in the broker.
    const ch = await c.createConfirmChannel();
    ch.on('error', (err: Error) => this.o.log.warn({ err: err.message }, 'command channel error'));
    ch.on('close', () => {
      // A channel can close alone (a broker-side error); consume again on the same connection. If the connection is
      // gone too, this fails quietly and the reconnection consumes afresh.
      if (this.stopped) return;
      setTimeout(() => {
        if (!this.stopped) this.consume(c).catch((err: unknown) => this.o.log.debug({ err: (err as Error).message }, 'command channel not reopened'));
      }, 1_000).unref();
    });
    await declareCommandQueues(ch, this.o.names);
    await ch.prefetch(this.o.prefetch);
    await ch.consume(this.o.names.commandsQueue, (msg) => {
      if (msg !== null) void this.handle(ch, msg);
    });
    this.o.log.info({ queue: this.o.names.commandsQueue }, 'consuming commands');
  }

  private async handle(ch: ConfirmChannel, msg: ConsumeMessage): Promise<void> {
    if (msg.fields.redelivered) this.metrics.redeliveries.inc();
    let reply: Reply;
    try {
      const command = parseCommand(msg.content, this.o.config.bodyLimit);
      reply = await executeCommand(this.o.db, this.o.config, { apiKey: headerOf(msg, API_KEY_HEADER), idempotencyKey: headerOf(msg, IDEMPOTENCY_KEY_HEADER), command }, this.o.secrets);
    } catch (err) {
      if (err instanceof ProblemError) {
        reply = { status: err.status, body: problemDocument(err) }; // parseCommand: malformed or invalid
      } else if (isTransientDbError(err)) {
        await this.retryLater(ch, msg, err);
        return;
      } else {
        // The same message would fail the same way again: answer, dead-letter with the reason, go on. The reply is
        // the bare 500 HTTP gives; the reason (read by operators, not by the sender) says what failed.
        this.o.log.error({ err, messageId: msg.properties.messageId }, 'command failed unexpectedly; it is dead-lettered');
        const doc = problemDocument(new ProblemError('internal'));
        const reason = { ...doc, detail: `Internal error (logged): ${(err as Error).message}`.slice(0, 300) };
        await this.settle(ch, msg, { status: 500, body: doc }, reason);
        return;
      }
    }
    this.transientInARow = 0;
    await this.settle(ch, msg, reply, reply.body as ProblemDocument);
  }

  /** Answers, dead-letters when the outcome says so (`reason` is read only then), then acknowledges. */
  private async settle(ch: ConfirmChannel, msg: ConsumeMessage, reply: Reply, reason: ProblemDocument): Promise<void> {
    try {
      // The dead letter first (confirmed by the broker): once the sender has its answer, the letter is there.
      const deadLetter = isDeadLettered(reply.status);
      if (deadLetter) {
        const props = deadLetterProperties(msg, reason);
        await new Promise<void>((resolve, reject) => {
          ch.sendToQueue(this.o.names.deadLetterQueue, msg.content, props, (err: unknown) => (err === null || err === undefined ? resolve() : reject(err as Error)));
        });
        this.o.log.warn(
          { status: reply.status, reason: props.headers?.[REASON_HEADER], messageId: msg.properties.messageId, correlationId: msg.properties.correlationId },
          'command dead-lettered',
        );
      }
      const replyTo: unknown = msg.properties.replyTo;
      if (typeof replyTo === 'string' && replyTo !== '') {
        ch.sendToQueue(replyTo, Buffer.from(JSON.stringify(reply.body)), {
          correlationId: msg.properties.correlationId as string | undefined,
          contentType: reply.status >= 400 ? 'application/problem+json' : 'application/json',
          headers: { status: reply.status },
        });
      }
      ch.ack(msg);
      this.metrics.outcomes.inc({ outcome: deadLetter ? 'dead_lettered' : 'answered' });
    } catch (err) {
      // The channel is gone (the broker redelivers the unacknowledged message) or the broker refused the dead
      // letter: put it back after a pause, as for any failure of the infrastructure.
      await this.retryLater(ch, msg, err);
    }
  }

  private async retryLater(ch: Channel, msg: ConsumeMessage, err: unknown): Promise<void> {
    const pause = Math.min(MAX_RETRY_PAUSE_MS, 1_000 * 2 ** Math.min(this.transientInARow, 5));
    this.transientInARow++;
    this.metrics.outcomes.inc({ outcome: 'retried' });
    this.o.log.warn({ err: (err as Error).message, pauseMs: pause }, 'command failed for a reason retrying can cure; it will be retried');
    await new Promise((r) => setTimeout(r, pause));
    if (!this.stopped) this.nack(ch, msg);
  }

  private nack(ch: Channel, msg: ConsumeMessage): void {
    try {
      ch.nack(msg, false, true);
    } catch {
      /* the channel is gone; the broker redelivers the unacknowledged message */
    }
  }
}

/**
 * The queues commands use, declared exactly as before (RabbitMQ refuses a re-declaration with other arguments, so
 * a deployment upgrades without PRECONDITION_FAILED). The broker-side dead-lettering stays as a net for messages
 * rejected by other means; the consumer itself republishes with a reason instead.
 */
export async function declareCommandQueues(ch: Channel, names: BrokerNames): Promise<void> {
  await ch.assertQueue(names.deadLetterQueue, { durable: true });
  await ch.assertQueue(names.commandsQueue, {
    durable: true,
    arguments: { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': names.deadLetterQueue },
  });
}
