import type { ConfirmChannel } from 'amqplib';
import type { Logger } from 'pino';
import type { EventSource } from '../domain/event.ts';
import { AmqpConnection } from './amqp-connection.ts';
import { CLOUD_EVENT_CONTENT_TYPE, toCloudEvent } from './cloud-event.ts';
import { withTimeout, type Sink } from './types.ts';

export interface AmqpSinkOptions {
  url: string;
  log: Logger;
  heartbeatSeconds: number;
  /** How long the broker may take to confirm a batch. */
  timeoutMs: number;
  /** The topic exchange events go to (`<prefix>.events`). */
  exchange: string;
  /** Each tenant's CloudEvents `source`. */
  source: EventSource;
}

/**
 * RabbitMQ: the topic exchange `<prefix>.events`, routing key = event type, persistent messages. A batch counts as
 * taken only when the broker has confirmed every message of it (publisher confirms).
 */
export function amqpSink(o: AmqpSinkOptions): Sink {
  const conn = new AmqpConnection(o.url, o.log, o.heartbeatSeconds, 'tickwork relay');
  let channel: ConfirmChannel | null = null;
  conn.start();

  async function confirmChannel(): Promise<ConfirmChannel> {
    if (channel !== null) return channel;
    const c = await conn.connection(o.timeoutMs);
    const ch = await c.createConfirmChannel();
    ch.on('error', (err: Error) => o.log.warn({ err: err.message }, 'RabbitMQ channel error'));
    ch.on('close', () => {
      if (channel === ch) channel = null;
    });
    await ch.assertExchange(o.exchange, 'topic', { durable: true });
    channel = ch;
    return ch;
  }

  return {
    name: 'amqp',
    async publish(events) {
      const ch = await confirmChannel();
      for (const e of events) {
        ch.publish(o.exchange, e.type, Buffer.from(JSON.stringify(toCloudEvent(e, o.source))), {
          persistent: true,
          contentType: CLOUD_EVENT_CONTENT_TYPE,
          messageId: String(e.id),
          type: e.type,
          timestamp: Math.floor(e.created_at.getTime() / 1000),
        });
      }
      try {
        await withTimeout(ch.waitForConfirms(), o.timeoutMs, 'RabbitMQ publisher confirms');
      } catch (err) {
        // Unconfirmed: the connection may be silently dead; open a fresh one and let the relay send them again.
        if (channel === ch) channel = null;
        conn.reset();
        throw err;
      }
    },
    async close() {
      await conn.close();
    },
  };
}
