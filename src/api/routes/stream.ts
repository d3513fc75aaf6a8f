import type { ServerResponse } from 'node:http';
import { Counter, Gauge, type Registry } from 'prom-client';
import { Type } from 'typebox';
import type { Api, ApiDeps } from '../types.ts';
import { tenantOf } from '../auth.ts';
import { AfterText, problems } from '../schemas.ts';
import { EventFeed, type FeedSubscriber } from '../event-feed.ts';
import { ProblemError } from '../../domain/errors.ts';
import type { Db } from '../../store/db.ts';
import { listEvents, listSettledEvents, type EventRow } from '../../store/events.ts';
import { eventToJson } from './events.ts';

/** Events per catch-up read from the database: the most a stream reads into memory at once. */
const PAGE = 100;
/**
 * Bytes a stream may have waiting in its socket's buffer. Past this it stops taking live events and catches up
 * from the database once the client has read them, so a slow client costs this much memory, not a backlog.
 */
const BUFFER_BOUND = 64 * 1024;

interface StreamMetrics {
  open: Gauge;
  stalled: Counter;
}

const cache = new WeakMap<Registry, StreamMetrics>();

function streamMetrics(registry: Registry): StreamMetrics {
  const known = cache.get(registry);
  if (known !== undefined) return known;
  const m: StreamMetrics = {
    open: new Gauge({ name: 'tickwork_event_streams', help: 'Open GET /v1/events/stream connections.', registers: [registry] }),
    stalled: new Counter({ name: 'tickwork_event_streams_stalled_total', help: 'Event streams closed because their client stopped reading (it resumes with Last-Event-ID).', registers: [registry] }),
  };
  cache.set(registry, m);
  return m;
}

/** One event as one Server-Sent Events message. */
function sseFrame(e: EventRow): string {
  return `id: ${e.id}\nevent: ${e.type}\ndata: ${JSON.stringify(eventToJson(e))}\n\n`;
}

/**
 * `GET /v1/events/stream`: Server-Sent Events of the caller's tenant. Starts after `Last-Event-ID` (or `?after=`),
 * reads what came before from the database a page at a time, then joins the process's one shared reader of new
 * events (EventFeed): however many clients, each notification costs one read. Sends a comment every heartbeat so
 * proxies keep it open. A client that stops reading leaves the live feed once BUFFER_BOUND bytes wait for it, and is
 * disconnected when it has read nothing for TICKWORK_STREAM_STALL_S; it resumes with Last-Event-ID. At most
 * TICKWORK_MAX_EVENT_STREAMS streams per process.
 */
export function streamRoutes(app: Api, { db, config, log, registry }: ApiDeps): void {
  const streams = new Set<EventStream>();
  const metrics = streamMetrics(registry);
  const feed = new EventFeed({ db, log, format: sseFrame, pollSeconds: config.pollSeconds });
  let closing = false;

  // Streams never end by themselves: end them before the server waits for its connections to close.
  app.addHook('preClose', async () => {
    closing = true;
    for (const s of streams) s.end();
    await feed.close();
  });

  app.get('/v1/events/stream', {
    schema: {
      tags: ['events'],
      summary: 'Live events (Server-Sent Events); resumes after Last-Event-ID', operationId: 'streamEvents',
      querystring: Type.Object(
        {
          after: Type.Optional(AfterText('Start after this event id (the Last-Event-ID header wins)')),
          type: Type.Optional(Type.String({ pattern: '^[a-z_]+(\\.[a-z_]+)*(\\.\\*|\\*)?$|^\\*$', maxLength: 100, description: 'An event type, or a prefix ending in * (run.*)' })),
        },
        { additionalProperties: false },
      ),
      // Documents the header; every string passes here, and the handler checks it is an event id (a 400 naming it).
      headers: Type.Object({ 'last-event-id': Type.Optional(Type.String({ description: 'Resume after this event id (sent by EventSource on reconnect); wins over `after`' })) }),
      response: {
        // The reply is hijacked and written as SSE frames: this entry documents it and is never used to serialise.
        200: {
          description: 'A stream of Server-Sent Events: a `retry:` line, then each event as `id:` (its id), `event:` (its type) and `data:` (the Event as JSON); a comment line as a heartbeat',
          content: {
            'text/event-stream': {
              schema: Type.String({
                examples: ['id: 7\nevent: task.created\ndata: {"id":7,"type":"task.created","created_at":"2026-03-29T08:00:00.000Z","subject":{"kind":"task","id":42},"data":{}}\n\n'],
              }),
            },
          },
        },
        ...problems(400, 503),
      },
    },
  }, async (request, reply) => {
    const tenant = tenantOf(request);
    const header = request.headers['last-event-id'];
    let after = request.query.after === undefined ? 0 : Number(request.query.after);
    if (typeof header === 'string' && header.trim() !== '') {
      if (!/^(0|[1-9][0-9]{0,15})$/.test(header.trim())) {
        throw new ProblemError('invalid_query', 'Last-Event-ID must be an event id.', [{ field: 'Last-Event-ID', message: 'must be a non-negative integer' }]);
      }
      after = Number(header.trim());
    }
    if (closing || streams.size >= config.maxEventStreams) {
      throw new ProblemError('unavailable', 'Too many open event streams on this server; retry shortly.', [], { 'retry-after': '5' });
    }
    const type = request.query.type === undefined || request.query.type === '*' ? null : request.query.type;
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    const s = new EventStream({
      raw, db, feed, tenant, type, after,
      heartbeatMs: config.streamHeartbeatSeconds * 1000,
      stallMs: config.streamStallSeconds * 1000,
    });
    streams.add(s);
    metrics.open.inc();
    raw.on('close', () => s.end());
    raw.write('retry: 2000\n\n');
    try {
      if ((await s.run()) === 'stalled') {
        metrics.stalled.inc();
        log.info({ tenant, after: s.lastId }, 'event stream closed: its client stopped reading');
      }
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'event stream failed; the client reconnects with Last-Event-ID');
    } finally {
      s.end();
      streams.delete(s);
      metrics.open.dec();
    }
  });
}

interface EventStreamOptions {
  raw: ServerResponse;
  db: Db;
  feed: EventFeed;
  tenant: string;
  /** An event type, a prefix ending in *, or null for all. */
  type: string | null;
  /** The last event id the client has. */
  after: number;
  heartbeatMs: number;
  stallMs: number;
}

/**
 * One open stream. It catches up from the database (a page at a time, the next page only once the client has read
 * the last), then takes events live from the feed; if the client falls BUFFER_BOUND behind it leaves the feed and
 * catches up again. Events reach the client in id order, each once.
 */
class EventStream implements FeedSubscriber {
  private ended = false;
  private live = false;
  private nudge: (() => void) | null = null;
  private after: number;
  private readonly prefix: string | null;

  constructor(private readonly o: EventStreamOptions) {
    this.after = o.after;
    this.prefix = o.type !== null && o.type.endsWith('*') ? o.type.slice(0, -1) : null;
  }

  /** The last event id sent. */
  get lastId(): number {
    return this.after;
  }

  /** Serves the stream until the client goes away ('closed') or stops reading ('stalled'). */
  async run(): Promise<'closed' | 'stalled'> {
    while (!this.ended) {
      if (this.live) {
        await this.idle();
        continue;
      }
      if (!(await this.drained())) {
        if (this.ended) return 'closed';
        this.end(true);
        return 'stalled';
      }
      const page = await listEvents(this.o.db, this.o.tenant, this.after, PAGE, this.o.type);
      this.send(page);
      if (page.length === PAGE) continue;
      this.live = await this.o.feed.subscribe(this, (head) => this.fill(head));
      if (this.live && this.ended) this.o.feed.unsubscribe(this);
    }
    return 'closed';
  }

  receive(e: EventRow, frame: () => string): void {
    if (e.tenant_id !== this.o.tenant || e.id <= this.after || !this.wants(e.type)) return;
    this.o.raw.write(frame());
    this.after = e.id;
    if (this.o.raw.writableLength > BUFFER_BOUND) this.fallBehind();
  }

  /** Ends the stream; `cut` drops what is still buffered for a client that stopped reading. */
  end(cut = false): void {
    if (this.ended) return;
    this.ended = true;
    this.leaveFeed();
    this.nudge?.();
    if (cut) this.o.raw.destroy();
    else if (!this.o.raw.writableEnded) this.o.raw.end();
  }

  /** Under the feed's lock: sends what is missing up to the feed's head; true when the stream can go live. */
  private async fill(head: number): Promise<boolean> {
    const page = await listSettledEvents(this.o.db, this.o.tenant, this.after, head, PAGE, this.o.type);
    this.send(page);
    return !this.ended && page.length < PAGE && this.o.raw.writableLength <= BUFFER_BOUND;
  }

  private send(events: readonly EventRow[]): void {
    if (this.ended) return;
    for (const e of events) {
      this.o.raw.write(sseFrame(e));
      this.after = e.id;
    }
  }

  private wants(type: string): boolean {
    if (this.o.type === null) return true;
    return this.prefix === null ? type === this.o.type : type.startsWith(this.prefix);
  }

  private fallBehind(): void {
    this.leaveFeed();
    this.nudge?.();
  }

  private leaveFeed(): void {
    this.live = false;
    this.o.feed.unsubscribe(this);
  }

  /** Resolves true once the buffered data has left, false if the client went away or read nothing for stallMs. */
  private drained(): Promise<boolean> {
    const raw = this.o.raw;
    if (this.ended) return Promise.resolve(false);
    if (!raw.writableNeedDrain) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (ok: boolean) => (): void => {
        clearTimeout(timer);
        raw.off('drain', onDrain);
        raw.off('close', onClose);
        resolve(ok);
      };
      const onDrain = done(true);
      const onClose = done(false);
      const timer = setTimeout(done(false), this.o.stallMs);
      raw.once('drain', onDrain);
      raw.once('close', onClose);
    });
  }

  /** While live: sleeps until the stream falls behind or ends, sending a comment line every heartbeat meanwhile. */
  private async idle(): Promise<void> {
    while (this.live && !this.ended) {
      const beat = await new Promise<boolean>((resolve) => {
        const t = setTimeout(() => resolve(true), this.o.heartbeatMs);
        this.nudge = () => {
          clearTimeout(t);
          resolve(false);
        };
      });
      this.nudge = null;
      if (beat && this.live && !this.ended) {
        this.o.raw.write(': keep-alive\n\n');
        if (this.o.raw.writableLength > BUFFER_BOUND) this.fallBehind();
      }
    }
  }
}
