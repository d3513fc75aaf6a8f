import type { Logger } from 'pino';
import { isTransientDbError, sqlState } from '../store/db-errors.ts';
import { storableText } from '../domain/storable-text.ts';

export interface GroupCommitOptions<T> {
  /** Writes one batch in one transaction; throwing leaves the batch queued, to be written again. */
  write(batch: T[]): Promise<void>;
  /**
   * Records an item whose write fails for a lasting reason as failed, with `reason`, in a write that cannot fail the
   * same way (no data from outside: for an outcome, the run `failed` with `result` null). Throwing a transient error
   * keeps the item queued; any other error drops it (logged and counted; its lease then lapses and the sweep settles
   * the attempt).
   */
  isolate(item: T, reason: string): Promise<void>;
  /** Told of each item isolated or, when even that failed, dropped (for metrics). */
  onIsolated?(outcome: 'isolated' | 'dropped'): void;
  /** Which errors retrying can cure; the rest are lasting. Default: isTransientDbError (by SQLSTATE). */
  isTransient?(err: unknown): boolean;
  batchSize: number;
  /**
   * Milliseconds to wait for more items before writing a batch that is not full: with the embedded database on
   * the event-loop thread, each write would otherwise hold only what arrived during the previous one.
   */
  lingerMs: number;
  log: Logger;
  /** What the items are, for log lines ("outcomes", "checks"). */
  what: string;
}

/**
 * Group commit of finished work: while one batch is written, the next accumulates. A write that fails for a reason
 * retrying can cure (a lost connection, a serialization failure: decided by SQLSTATE) is retried with backoff, the
 * items staying queued in order; once `stop()` was called, it gives up after a few failures so that a shutdown cannot
 * hang on a database that is gone (leases then lapse and the work is settled by the sweep). A write that fails for
 * any other reason is split in halves until the items that fail alone are found: the rest are written, and each of
 * those is handed to `isolate`, so nothing in one item (a NUL byte from a target) can stop the loop (FAULTS R15).
 */
export class GroupCommit<T> {
  private queued: T[] = [];
  private writing: T[] = [];
  private flushing: Promise<void> | null = null;
  private stopping = false;
  private readonly transient: (err: unknown) => boolean;
  /** Items recorded through `isolate`, and items dropped because even that failed. */
  readonly counts = { isolated: 0, dropped: 0 };

  constructor(private readonly o: GroupCommitOptions<T>) {
    this.transient = o.isTransient ?? isTransientDbError;
  }

  /** Queues an item and makes sure a flush is under way. */
  push(item: T): void {
    this.queued.push(item);
    void this.flush();
  }

  /** Items not yet written: the batch being written and those queued behind it. */
  unwritten(): T[] {
    return [...this.writing, ...this.queued];
  }

  /** Writes everything queued; resolves when the queue is empty (or given up after `stop()`). */
  flush(): Promise<void> {
    this.flushing ??= this.drain().finally(() => {
      this.writing = [];
      this.flushing = null;
    });
    return this.flushing;
  }

  /** Stops lingering and retrying for long, then flushes what is left. */
  stop(): Promise<void> {
    this.stopping = true;
    return this.flush();
  }

  private async drain(): Promise<void> {
    let failures = 0;
    while (this.queued.length > 0) {
      if (this.queued.length < this.o.batchSize && !this.stopping && this.o.lingerMs > 0) {
        await new Promise((r) => setTimeout(r, this.o.lingerMs));
      }
      const batch = this.queued.splice(0, this.o.batchSize);
      this.writing = batch;
      let err: unknown = null;
      let pending: T[] = [];
      try {
        await this.o.write(batch);
      } catch (e) {
        err = e;
        pending = batch;
        if (!this.transient(e)) ({ pending, err } = await this.isolateLasting(batch, e));
      }
      this.writing = [];
      if (pending.length === 0) {
        failures = 0;
        continue;
      }
      // A transient failure: what is left goes back to the front, in order, and is written again after a pause.
      this.queued.unshift(...pending);
      failures++;
      if (this.stopping && failures > 3) {
        this.o.log.error({ err: errorText(err), [this.o.what]: this.queued.length }, `giving up recording ${this.o.what}`);
        this.queued = [];
        return;
      }
      const delay = Math.min(100 * 2 ** failures, 5_000);
      this.o.log.warn({ err: errorText(err), retryInMs: delay }, `recording ${this.o.what} failed; retrying`);
      await new Promise((r) => setTimeout(r, delay));
    }
  }

  /**
   * `batch` failed for a lasting reason: writes it in halves, then quarters …, each part in its own write, until
   * every item is written or known to fail alone (then isolated). About 2·log2(n) writes for one bad item in n.
   * A transient failure on the way stops the search: the items not yet settled are returned, to be retried.
   */
  private async isolateLasting(batch: T[], first: unknown): Promise<{ pending: T[]; err: unknown }> {
    const parts: { items: T[]; failed: unknown }[] = [{ items: batch, failed: first }];
    while (parts.length > 0) {
      const part = parts[0];
      if (part === undefined) break;
      let failed = part.failed;
      if (failed === null) {
        try {
          await this.o.write(part.items);
          parts.shift();
          continue;
        } catch (e) {
          if (this.transient(e)) return { pending: parts.flatMap((p) => p.items), err: e };
          failed = e;
        }
      }
      const [item] = part.items;
      if (part.items.length === 1 && item !== undefined) {
        const lasting = await this.isolateOne(item, failed);
        if (lasting !== null) return { pending: parts.flatMap((p) => p.items), err: lasting };
        parts.shift();
        continue;
      }
      const half = Math.ceil(part.items.length / 2);
      parts.splice(0, 1, { items: part.items.slice(0, half), failed: null }, { items: part.items.slice(half), failed: null });
    }
    return { pending: [], err: null };
  }

  /** Hands one item that fails alone to `isolate`; returns a transient error of that write (the item stays queued). */
  private async isolateOne(item: T, err: unknown): Promise<unknown> {
    const reason = errorText(err);
    try {
      await this.o.isolate(item, reason);
      this.counts.isolated++;
      this.o.onIsolated?.('isolated');
      this.o.log.warn({ reason }, `one of the ${this.o.what} could not be recorded as it was; recorded as failed with the reason`);
      return null;
    } catch (e) {
      if (this.transient(e)) return e;
      this.counts.dropped++;
      this.o.onIsolated?.('dropped');
      this.o.log.error(
        { reason, err: errorText(e) },
        `one of the ${this.o.what} could not be recorded, not even as failed; dropped (its lease lapses and the sweep settles it)`,
      );
      return null;
    }
  }
}

/** An error as one line for logs and for the `error` of what is recorded in its place: message and SQLSTATE. */
export function errorText(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const state = sqlState(err);
  return storableText(state === null ? message : `${message} (SQLSTATE ${state})`);
}

/** `n` when it is an integer from 0 to `max` (a column can hold it), else null: for what an isolating write keeps. */
export function plainInteger(n: number | null, max: number): number | null {
  return n !== null && Number.isInteger(n) && n >= 0 && n <= max ? n : null;
}
