import type { ServerResponse } from 'node:http';
import { Type } from 'typebox';
import type { Api, ApiDeps } from '../types.ts';
import { tenantOf } from '../auth.ts';
import { problems } from '../schemas.ts';
import { ProblemError } from '../../domain/errors.ts';
import { listEvents } from '../../store/events.ts';
import { EVENTS_CHANNEL } from '../../store/relay.ts';
import { eventToJson } from './events.ts';

/** Events per read: the most a stream holds in memory at once, whatever the client's speed. */
const PAGE = 100;
const SETTLE_RETRIES = 5;
const SETTLE_RETRY_MS = 200;

/**
 * `GET /v1/events/stream`: Server-Sent Events of the caller's tenant. Starts after `Last-Event-ID` (or `?after=`),
 * wakes on the NOTIFY of new events, sends a comment every heartbeat so proxies keep it open. Memory per client is
 * one page: a page is written, and the next is read only after the socket drained. At most
 * TICKWORK_MAX_EVENT_STREAMS streams per process.
 */
export function streamRoutes(app: Api, { db, config, log }: ApiDeps): void {
  const streams = new Set<Stream>();
  let unlisten: Promise<() => Promise<void>> | null = null;
  let closing = false;

  function listen(): void {
    unlisten ??= db.listen(EVENTS_CHANNEL, () => {
      for (const s of streams) s.wake();
    });
    unlisten.catch((err: unknown) => log.warn({ err: (err as Error).message }, 'event stream cannot LISTEN; polling'));
  }

  // Streams never end by themselves: end them before the server waits for its connections to close.
  app.addHook('preClose', async () => {
    closing = true;
    for (const s of streams) s.end();
    if (unlisten !== null) await (await unlisten.catch(() => async () => undefined))();
  });

  app.get('/v1/events/stream', {
    schema: {
      tags: ['events'],
      summary: 'Live events (Server-Sent Events); resumes after Last-Event-ID',
      querystring: Type.Object(
        {
          after: Type.Optional(Type.String({ pattern: '^(0|[1-9][0-9]{0,15})$', description: 'Start after this event id' })),
          type: Type.Optional(Type.String({ pattern: '^[a-z_]+(\\.[a-z_]+)*(\\.\\*|\\*)?$|^\\*$', maxLength: 100, description: 'An event type, or a prefix ending in * (run.*)' })),
        },
        { additionalProperties: false },
      ),
      response: { ...problems(400, 503) },
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
    listen();
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    const s = new Stream(raw, config.streamHeartbeatSeconds * 1000);
    streams.add(s);
    raw.on('close', () => {
      s.end();
      streams.delete(s);
    });
    raw.write('retry: 2000\n\n');
    try {
      // A wake-up that reads nothing means the news is behind an id an open (or just rolled back) transaction
      // held: look again shortly, a few times, rather than only at the next notification.
      let emptyWakes = 0;
      while (!s.ended) {
        const page = await listEvents(db, tenant, after, PAGE, type);
        for (const e of page) {
          raw.write(`id: ${e.id}\nevent: ${e.type}\ndata: ${JSON.stringify(eventToJson(e))}\n\n`);
          after = e.id;
        }
        if (!(await s.drained())) break;
        emptyWakes = page.length === 0 ? emptyWakes + 1 : 0;
        if (page.length === 0 && emptyWakes <= SETTLE_RETRIES) await new Promise((r) => setTimeout(r, SETTLE_RETRY_MS));
        else if (page.length < PAGE) await s.idle();
      }
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'event stream failed; the client reconnects with Last-Event-ID');
    } finally {
      s.end();
      streams.delete(s);
    }
  });
}

/** One open stream: waits for news, heartbeats while idle, and knows when the socket has room again. */
class Stream {
  ended = false;
  private wakeFn: (() => void) | null = null;
  private woken = false;

  constructor(
    private readonly raw: ServerResponse,
    private readonly heartbeatMs: number,
  ) {}

  wake(): void {
    this.woken = true;
    this.wakeFn?.();
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.wakeFn?.();
    if (!this.raw.writableEnded) this.raw.end();
  }

  /** Resolves true once the written data has left the buffer, false if the client went away. */
  drained(): Promise<boolean> {
    if (this.ended) return Promise.resolve(false);
    if (!this.raw.writableNeedDrain) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (ok: boolean) => () => {
        this.raw.off('drain', onDrain);
        this.raw.off('close', onClose);
        resolve(ok);
      };
      const onDrain = done(true);
      const onClose = done(false);
      this.raw.once('drain', onDrain);
      this.raw.once('close', onClose);
    });
  }

  /** Sleeps until an event is signalled or the stream ends, sending a comment line every heartbeat meanwhile. */
  async idle(): Promise<void> {
    while (!this.woken && !this.ended) {
      const beat = await new Promise<boolean>((resolve) => {
        const t = setTimeout(() => resolve(true), this.heartbeatMs);
        this.wakeFn = () => {
          clearTimeout(t);
          resolve(false);
        };
      });
      this.wakeFn = null;
      if (beat && !this.ended) {
        this.raw.write(': keep-alive\n\n');
        if (!(await this.drained())) return;
      }
    }
    this.woken = false;
  }
}
