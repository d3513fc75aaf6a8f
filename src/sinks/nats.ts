import { connect, headers, type JetStreamClient, type JetStreamManager, type NatsConnection } from 'nats';
import type { Logger } from 'pino';
import type { EventSource } from '../domain/event.ts';
import { CLOUD_EVENT_CONTENT_TYPE, toCloudEvent } from './cloud-event.ts';
import { withTimeout, type Sink } from './types.ts';

export interface NatsSinkOptions {
  url: string;
  log: Logger;
  heartbeatSeconds: number;
  timeoutMs: number;
  /** The subject of an event type (`<prefix>.events.<type>`). */
  subject(type: string): string;
  /** Each tenant's CloudEvents `source`. */
  source: EventSource;
}

/** How long the answer to "does a JetStream stream cover this subject?" is trusted. */
const STREAM_LOOKUP_TTL_MS = 30_000;

/**
 * NATS: subject `<prefix>.events.<type>`, each event a structured-mode CloudEvent: the JSON event format as payload
 * and the header `Content-Type: application/cloudevents+json`, which is how the CloudEvents NATS binding tells a
 * receiver on NATS 2.2+ that the message is structured (without it, the message would be read as binary mode). Where the server has a JetStream stream for the subject, each event is
 * published with an ack (and the event id as `Nats-Msg-Id`, so the stream drops duplicates); elsewhere it is a core
 * publish, and the batch counts as taken once the server answered a flush.
 */
export function natsSink(o: NatsSinkOptions): Sink {
  let conn: NatsConnection | null = null;
  let closed = false;
  const ready = connect({
    servers: o.url,
    name: 'tickwork relay',
    reconnect: true,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    waitOnFirstConnect: true,
    pingInterval: o.heartbeatSeconds * 1000,
    maxPingOut: 2,
    timeout: 10_000,
  }).then((nc) => {
    conn = nc;
    if (closed) void nc.close();
    void watchStatus(nc, o.log);
    return nc;
  });
  ready.catch((err: unknown) => o.log.warn({ err: (err as Error).message }, 'NATS connection failed for good'));

  let jsm: { manager: JetStreamManager | null; client: JetStreamClient | null; at: number } = { manager: null, client: null, at: -Infinity };
  const streams = new Map<string, { covered: boolean; at: number }>();

  async function jetStream(nc: NatsConnection): Promise<{ manager: JetStreamManager; client: JetStreamClient } | null> {
    const now = Date.now();
    if (now - jsm.at > STREAM_LOOKUP_TTL_MS) {
      try {
        const manager = await nc.jetstreamManager({ timeout: o.timeoutMs });
        jsm = { manager, client: nc.jetstream({ timeout: o.timeoutMs }), at: now };
      } catch {
        jsm = { manager: null, client: null, at: now }; // this server has no JetStream
      }
    }
    return jsm.manager !== null && jsm.client !== null ? { manager: jsm.manager, client: jsm.client } : null;
  }

  async function covered(manager: JetStreamManager, subject: string): Promise<boolean> {
    const known = streams.get(subject);
    if (known !== undefined && Date.now() - known.at < STREAM_LOOKUP_TTL_MS) return known.covered;
    let yes = false;
    try {
      await manager.streams.find(subject);
      yes = true;
    } catch (err) {
      if (!/no stream matches subject/i.test((err as Error).message)) throw err;
    }
    streams.set(subject, { covered: yes, at: Date.now() });
    return yes;
  }

  return {
    name: 'nats',
    async publish(events) {
      const nc = await withTimeout(ready, o.timeoutMs, 'NATS connection');
      const js = await jetStream(nc);
      const acks: Promise<unknown>[] = [];
      let core = false;
      for (const e of events) {
        const subject = o.subject(e.type);
        const body = new TextEncoder().encode(JSON.stringify(toCloudEvent(e, o.source)));
        const h = headers();
        h.set('Content-Type', CLOUD_EVENT_CONTENT_TYPE);
        if (js !== null && (await covered(js.manager, subject))) {
          acks.push(js.client.publish(subject, body, { msgID: String(e.id), timeout: o.timeoutMs, headers: h }));
        } else {
          nc.publish(subject, body, { headers: h });
          core = true;
        }
      }
      // Settle every ack before failing, so no rejection is left unhandled.
      const results = await Promise.allSettled(acks);
      const failed = results.find((r) => r.status === 'rejected');
      if (failed !== undefined) throw failed.reason instanceof Error ? failed.reason : new Error(String(failed.reason));
      if (core) await withTimeout(nc.flush(), o.timeoutMs, 'NATS flush');
    },
    async close() {
      closed = true;
      const nc: NatsConnection | null = conn;
      if (nc !== null) await nc.drain().catch(() => undefined);
    },
  };
}

async function watchStatus(nc: NatsConnection, log: Logger): Promise<void> {
  for await (const s of nc.status()) {
    if (s.type === 'disconnect') log.warn('NATS connection lost; reconnecting');
    else if (s.type === 'reconnect') log.info('NATS connection restored');
  }
}
