import type { Logger } from 'pino';
import type { Db } from '../store/db.ts';
import { advanceEventHorizon, readEventRange, type EventRow } from '../store/events.ts';
import { EVENTS_CHANNEL } from '../store/notify.ts';

/** A live event stream as the feed sees it. */
export interface FeedSubscriber {
  /**
   * Called for every new event in id order, synchronously; `frame` gives the event as one SSE message, built once
   * for all subscribers. The subscriber filters by tenant and type, and may unsubscribe from inside this call.
   */
  receive(e: EventRow, frame: () => string): void;
}

export interface EventFeedOptions {
  db: Db;
  log: Logger;
  /** Formats an event as an SSE message (once per event, whatever the number of subscribers). */
  format: (e: EventRow) => string;
  /** Safety-net read when no notification arrives (s). */
  pollSeconds: number;
}

/** Events per read: the most the feed holds in memory at once. */
const FEED_PAGE = 500;
// A notification that reads nothing means the news is behind an id an open (or just rolled back) transaction
// held: look again shortly, a few times, rather than only at the next notification.
const SETTLE_RETRIES = 5;
const SETTLE_RETRY_MS = 200;

/**
 * The one reader of new events per API process. On each NOTIFY (and a slow poll as a safety net) it reads the
 * events committed since its head, up to the settled horizon, once, and hands each to every live stream, which keeps
 * those of its tenant. Reads take turns under a lock that a stream also takes for the last page of its catch-up
 * from the database, so a stream joins the feed without missing or repeating an event. With no subscriber the
 * feed reads nothing, and its head is brought up to date when the next one joins.
 */
export class EventFeed {
  /** Every event up to this id has been handed to the subscribers (or needs no one: there were none). */
  private head = 0;
  private readonly subscribers = new Set<FeedSubscriber>();
  private lock: Promise<unknown> = Promise.resolve();
  private listening: Promise<() => Promise<void>> | null = null;
  private poll: NodeJS.Timeout | null = null;
  private pending = false;
  private notified = false;
  private reading = false;
  private closed = false;

  constructor(private readonly o: EventFeedOptions) {}

  /**
   * Makes `s` live. Under the lock, `fill(head)` sends the subscriber what it still lacks up to the feed's head and
   * resolves true when it has all of it; only then is `s` subscribed (false: more to read first, try again).
   */
  async subscribe(s: FeedSubscriber, fill: (head: number) => Promise<boolean>): Promise<boolean> {
    this.listen();
    return this.exclusive(async () => {
      if (this.closed) return false;
      // Nobody kept the head current while there was no subscriber.
      if (this.subscribers.size === 0) this.head = Math.max(this.head, await advanceEventHorizon(this.o.db));
      if (!(await fill(this.head))) return false;
      this.subscribers.add(s);
      this.poll ??= setInterval(() => this.wake(), this.o.pollSeconds * 1000).unref();
      return true;
    });
  }

  unsubscribe(s: FeedSubscriber): void {
    this.subscribers.delete(s);
    if (this.subscribers.size === 0 && this.poll !== null) {
      clearInterval(this.poll);
      this.poll = null;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.poll !== null) clearInterval(this.poll);
    this.poll = null;
    this.subscribers.clear();
    if (this.listening !== null) await (await this.listening.catch(() => async () => undefined))();
  }

  private listen(): void {
    if (this.listening !== null) return;
    this.listening = this.o.db.listen(EVENTS_CHANNEL, () => {
      this.notified = true;
      this.wake();
    });
    this.listening.catch((err: unknown) => this.o.log.warn({ err: (err as Error).message }, 'event stream cannot LISTEN; polling'));
  }

  /** Asks for a read; one runs at a time, and a wake-up during a read leads to one more. */
  private wake(): void {
    this.pending = true;
    if (this.reading || this.closed) return;
    this.reading = true;
    void this.readWhilePending().finally(() => {
      this.reading = false;
    });
  }

  private async readWhilePending(): Promise<void> {
    let retries = 0;
    while (this.pending && !this.closed) {
      this.pending = false;
      const notified = this.notified;
      this.notified = false;
      let read: 'none' | 'some' | 'more' = 'none';
      try {
        read = await this.exclusive(() => this.readOnce());
      } catch (err) {
        this.o.log.warn({ err: (err as Error).message }, 'event stream read failed; retrying');
      }
      if (read === 'more') this.pending = true;
      if (read !== 'none') retries = 0;
      else if ((notified || retries > 0) && !this.pending && retries < SETTLE_RETRIES && this.subscribers.size > 0) {
        retries++;
        await new Promise((r) => setTimeout(r, SETTLE_RETRY_MS));
        this.pending = true;
      }
    }
  }

  /** One page of new events to every subscriber: 'more' when the page was full. Runs under the lock. */
  private async readOnce(): Promise<'none' | 'some' | 'more'> {
    if (this.subscribers.size === 0) return 'none';
    const horizon = await advanceEventHorizon(this.o.db);
    if (horizon <= this.head) return 'none';
    const events = await readEventRange(this.o.db, this.head, horizon, FEED_PAGE);
    for (const e of events) {
      let frame: string | null = null;
      const once = (): string => (frame ??= this.o.format(e));
      for (const s of this.subscribers) s.receive(e, once);
    }
    const full = events.length === FEED_PAGE;
    this.head = full ? (events.at(-1)?.id ?? horizon) : horizon;
    return full ? 'more' : 'some';
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.lock.then(fn, fn);
    this.lock = run.catch(() => undefined);
    return run;
  }
}
