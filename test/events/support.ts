import type { CloudEvent } from '../../src/sinks/cloud-event.ts';
import type { EventJson } from '../support/api-types.ts';
import type { Channel } from 'amqplib';
import type { NatsConnection } from 'nats';
import { createServer, type Server, type Socket } from 'node:net';
import { createKey } from '../../src/store/keys.ts';
import { appendEvents, readDeploymentId } from '../../src/store/events.ts';
import type { Db } from '../../src/store/db.ts';
import type { Registry } from 'prom-client';
import { TEST_BROKER } from '../support/service.ts';
import { SYSTEM_ACTOR, eventSource } from '../../src/domain/event.ts';

/**
 * A TCP proxy between tickwork and a broker that can stop forwarding (a silent network: connections stay open,
 * nothing passes, new connections are accepted and then hang) and start again.
 */
export interface Proxy {
  port: number;
  pause(): void;
  resume(): void;
  close(): Promise<void>;
}

export async function startProxy(host: string, port: number): Promise<Proxy> {
  let paused = false;
  const pairs = new Set<{ a: Socket; b: Socket; held: [Socket, Buffer][] }>();
  const server: Server = createServer((a) => {
    const b = new (a.constructor as typeof Socket)();
    const pair = { a, b, held: [] as [Socket, Buffer][] };
    pairs.add(pair);
    const forward = (to: Socket) => (d: Buffer) => {
      if (paused) pair.held.push([to, d]);
      else to.write(d);
    };
    a.on('data', forward(b));
    b.on('data', forward(a));
    const end = () => {
      a.destroy();
      b.destroy();
      pairs.delete(pair);
    };
    a.on('error', end).on('close', end);
    b.on('error', end).on('close', end);
    b.connect(port, host);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  if (addr === null || typeof addr === 'string') throw new Error('proxy has no address');
  return {
    port: addr.port,
    pause: () => {
      paused = true;
    },
    resume: () => {
      paused = false;
      for (const p of pairs) {
        for (const [to, d] of p.held.splice(0)) if (!to.destroyed) to.write(d);
      }
    },
    close: () =>
      new Promise<void>((r) => {
        for (const p of pairs) {
          p.a.destroy();
          p.b.destroy();
        }
        server.close(() => r());
      }),
  };
}

/** A fresh tenant with an admin key, so tests sharing one broker can tell their events apart (`source`). */
export async function freshTenant(db: Db, prefix: string): Promise<{ tenant: string; key: string }> {
  const tenant = `${prefix}-${Math.random().toString(36).slice(2, 10)}`;
  const k = await createKey(db, tenant, 'events test', ['admin']);
  return { tenant, key: k.key };
}

/**
 * Writes `count` events of `tenant` in transactions of `perTx`, as any change would (the outbox); `data.seq` counts
 * from `from`, and the events are about tasks 1..`subjects` in turn.
 */
export async function writeEvents(db: Db, tenant: string, from: number, count: number, perTx = 10, subjects = 1): Promise<void> {
  for (let i = 0; i < count; i += perTx) {
    const n = Math.min(perTx, count - i);
    await db.transaction((tx) =>
      appendEvents(tx, Array.from({ length: n }, (_, j) => ({
        tenantId: tenant, type: 'task.updated', subjectKind: 'task' as const, subjectId: 1 + ((from + i + j) % subjects), data: { seq: from + i + j },
      })), SYSTEM_ACTOR),
    );
  }
}

/** A counter's value for one label set, from the service's registry. */
export async function counterValue(registry: Registry, name: string, labels: Record<string, string>): Promise<number> {
  const m = registry.getSingleMetric(name);
  if (m === undefined) return 0;
  const got = await m.get();
  const v = got.values.find((x) => Object.entries(labels).every(([k, val]) => x.labels[k] === val));
  return v?.value ?? 0;
}

/** Ids in first-arrival order without repeats (at least once: duplicates allowed, de-duplicated by id). */
export function firstArrivals(ids: readonly number[]): number[] {
  const seen = new Set<number>();
  return ids.filter((id) => (seen.has(id) ? false : (seen.add(id), true)));
}

export function strictlyIncreasing(ids: readonly number[]): boolean {
  return ids.every((id, i) => i === 0 || id > (ids[i - 1] ?? -Infinity));
}

export interface SseEvent {
  id: number;
  type: string;
  data: EventJson;
}

/** An SSE client reading in the background: what it received so far, and whether the server ended the stream. */
export interface OpenStream {
  /** The response's status (0 if the request failed) once its headers arrived. */
  status: Promise<number>;
  contentType: string | null;
  events: SseEvent[];
  comments: number;
  ended: boolean;
  close(): void;
}

export function openStream(url: string, headers: Record<string, string>): OpenStream {
  const controller = new AbortController();
  let resolveStatus: (n: number) => void = () => undefined;
  const s: OpenStream = { status: new Promise((r) => (resolveStatus = r)), contentType: null, events: [], comments: 0, ended: false, close: () => controller.abort() };
  void (async () => {
    try {
      const res = await fetch(url, { headers, signal: controller.signal });
      s.contentType = res.headers.get('content-type');
      resolveStatus(res.status);
      if (res.body === null) return;
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      let buf = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += decoder.decode(value, { stream: true });
        let i: number;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          if (block.startsWith(':')) s.comments++;
          const fields = Object.fromEntries(block.split('\n').filter((l) => !l.startsWith(':')).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 2)]));
          if (fields.id !== undefined) s.events.push({ id: Number(fields.id), type: String(fields.event), data: JSON.parse(String(fields.data)) });
        }
      }
    } catch {
      /* aborted */
    } finally {
      resolveStatus(0);
      s.ended = true;
    }
  })();
  return s;
}

/** Reads an SSE stream until `enough` says so (or it ends, or 30 s pass); returns the events and the comment count. */
export async function readStream(url: string, headers: Record<string, string>, enough: (got: SseEvent[], comments: number) => boolean): Promise<{ events: SseEvent[]; comments: number }> {
  const s = openStream(url, headers);
  try {
    const status = await s.status;
    if (status !== 200 || !/^text\/event-stream/.test(s.contentType ?? '')) throw new Error(`stream answered ${status} ${s.contentType}`);
    const deadline = Date.now() + 30_000;
    while (!enough(s.events, s.comments) && !s.ended && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    return { events: [...s.events], comments: s.comments };
  } finally {
    s.close();
  }
}

/** A CloudEvent as a consumer received it. */
export interface Received {
  id: number;
  /** Routing key (RabbitMQ) or subject (NATS). */
  routingKey: string;
  body: CloudEvent;
  persistent: boolean;
}

/**
 * The tenant a CloudEvent's `source` names: `urn:tickwork:<deployment uuid>:<tenant>`, or `<public URL>/tenants/<tenant>`
 * (domain/event.ts `eventSource`); null for any other source (another deployment's format, or a relative one).
 */
export function sourceTenant(source: unknown): string | null {
  if (typeof source !== 'string') return null;
  const m = /^urn:tickwork:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}:([^:/]+)$/.exec(source) ?? /^https?:\/\/[^?#]+\/tenants\/([^/?#]+)$/.exec(source);
  return m?.[1] === undefined ? null : decodeURIComponent(m[1]);
}

/** The source this deployment gives a tenant's events without TICKWORK_PUBLIC_URL. */
export async function expectedSource(db: Db, tenant: string): Promise<string> {
  return eventSource(undefined, await readDeploymentId(db))(tenant);
}

/** A RabbitMQ consumer bound to this file's events exchange before anything is published; keeps one tenant's events. */
export async function bindConsumer(ch: Channel, tenant: string): Promise<Received[]> {
  const got: Received[] = [];
  await ch.assertExchange(TEST_BROKER.eventsExchange, 'topic', { durable: true });
  const q = await ch.assertQueue('', { exclusive: true });
  await ch.bindQueue(q.queue, TEST_BROKER.eventsExchange, '#');
  await ch.consume(q.queue, (m) => {
    if (m === null) return;
    const body = JSON.parse(m.content.toString()) as CloudEvent;
    if (sourceTenant(body.source) === tenant) got.push({ id: Number(body.id), routingKey: m.fields.routingKey, body, persistent: m.properties.deliveryMode === 2 });
  }, { noAck: true });
  return got;
}

/** A NATS subscriber on this file's <prefix>.events.> (on the server itself), bound before anything is published; one tenant's events. */
export function subscribeEvents(nc: NatsConnection, tenant: string): Received[] {
  const got: Received[] = [];
  const sub = nc.subscribe(TEST_BROKER.eventSubject('>'));
  void (async () => {
    for await (const m of sub) {
      const body = JSON.parse(new TextDecoder().decode(m.data)) as CloudEvent;
      if (sourceTenant(body.source) === tenant) got.push({ id: Number(body.id), routingKey: m.subject, body, persistent: false });
    }
  })();
  return got;
}

/** Removes this test file's queues and exchange from the shared RabbitMQ (after its service has stopped). */
export async function deleteTestBrokerNames(ch: Channel): Promise<void> {
  await ch.deleteQueue(TEST_BROKER.commandsQueue);
  await ch.deleteQueue(TEST_BROKER.deadLetterQueue);
  await ch.deleteExchange(TEST_BROKER.eventsExchange);
}
