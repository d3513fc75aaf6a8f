import type { Logger } from 'pino';

export interface GroupCommitOptions<T> {
  /** Writes one batch in one transaction; throwing leaves the batch queued, to be written again. */
  write(batch: T[]): Promise<void>;
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
 * Group commit of finished work: while one batch is written, the next accumulates. A failed write is retried with
 * backoff (the items stay queued, in order); once `stop()` was called, it gives up after a few failures so that a
 * shutdown cannot hang on a database that is gone (leases then lapse and the work is settled by the sweep).
 */
export class GroupCommit<T> {
  private queued: T[] = [];
  private writing: T[] = [];
  private flushing: Promise<void> | null = null;
  private stopping = false;

  constructor(private readonly o: GroupCommitOptions<T>) {}

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
      try {
        await this.o.write(batch);
        failures = 0;
      } catch (err) {
        this.queued.unshift(...batch);
        this.writing = [];
        failures++;
        const message = err instanceof Error ? err.message : String(err);
        if (this.stopping && failures > 3) {
          this.o.log.error({ err: message, [this.o.what]: this.queued.length }, `giving up recording ${this.o.what}`);
          this.queued = [];
          return;
        }
        const delay = Math.min(100 * 2 ** failures, 5_000);
        this.o.log.warn({ err: message, retryInMs: delay }, `recording ${this.o.what} failed; retrying`);
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }
}
