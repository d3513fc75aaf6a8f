import type { Logger } from 'pino';
import type { Db } from '../store/db.ts';
import { pruneEvents } from '../store/events.ts';
import { pruneIdempotencyKeys } from '../store/idempotency.ts';
import { dropSinkCursors, listSinkCursors } from '../store/relay.ts';
import { pruneRuns, type RunPrunePosition } from '../store/runs.ts';
import { pruneWebhookDeliveries } from '../store/webhooks.ts';
import { LeaderLoop } from './leader-task.ts';

export interface HistoryPruningOptions {
  db: Db;
  log: Logger;
  retentionDays: number;
  /** Seconds between passes. */
  pruneSeconds: number;
  /** The names of the sinks this process's relay has configured: only their cursors hold events back. */
  sinks: readonly string[];
}

/** Rows per statement: small enough that no statement holds locks (or a PGlite connection) for long. */
const PRUNE_BATCH = 1_000;

interface Pruned {
  runs: number;
  events: number;
  deliveries: number;
  idempotency_keys: number;
}

/**
 * Deletes history past TICKWORK_RETENTION_DAYS a batch at a time (promise 8): finished runs (but a task's latest
 * firing, store/runs.ts), events (but any a configured sink has not yet taken, store/events.ts), finished webhook
 * deliveries, and idempotency keys past their 24 h. Checks are pruned by the monitor checkers (their partitions).
 * Runs beside the relay, in the process holding its lease, so one process of the deployment prunes.
 *
 * Removed sinks: a cursor in sink_cursors whose sink this relay does not have (an operator unset TICKWORK_NATS_URL)
 * does not hold events back, since only this relay publishes and it never moves that cursor; the promise is kept for
 * every sink that is configured. The cursor itself is kept, with a warning, so a sink that comes back (broker
 * maintenance, a rolling deploy with the old configuration) resumes where it stopped with nothing lost. It is dropped
 * once pruning has passed it, i.e. deleted events that sink had not taken: it could not resume without a gap any
 * more, so if configured again it starts at the newest event like any new sink.
 */
export class HistoryPruning extends LeaderLoop {
  constructor(private readonly o: HistoryPruningOptions) {
    super();
  }

  protected async loop(go: () => boolean): Promise<void> {
    // Warned once per term as leader: the log says it when this process takes over, not every pass.
    const warned = new Set<string>();
    while (go()) {
      try {
        const pruned = await this.prune(go, warned);
        if (pruned.runs + pruned.events + pruned.deliveries + pruned.idempotency_keys > 0) {
          this.o.log.info(pruned, 'pruned history past the retention');
        }
      } catch (err) {
        this.o.log.warn({ err: (err as Error).message }, 'pruning history failed; will try again');
      }
      await this.wakeup.sleep(this.o.pruneSeconds * 1000);
    }
  }

  /** One pass: each kind batch after batch until one comes back short, or `go` says stop (the lease was lost). */
  private async prune(go: () => boolean, warned: Set<string>): Promise<Pruned> {
    const { db, retentionDays } = this.o;
    const events = await this.pruneEvents(go);
    await this.forgetRemovedSinks(events.lastId, warned);
    return {
      runs: await this.pruneRuns(go),
      events: events.count,
      deliveries: await inBatches(() => pruneWebhookDeliveries(db, retentionDays, PRUNE_BATCH), go),
      idempotency_keys: await inBatches(() => pruneIdempotencyKeys(db, PRUNE_BATCH), go),
    };
  }

  private async pruneEvents(go: () => boolean): Promise<{ count: number; lastId: number | null }> {
    let count = 0;
    let lastId: number | null = null;
    for (;;) {
      const b = await pruneEvents(this.o.db, this.o.retentionDays, PRUNE_BATCH, this.o.sinks);
      count += b.count;
      if (b.lastId !== null) lastId = Math.max(lastId ?? 0, b.lastId);
      if (b.count < PRUNE_BATCH || !go()) return { count, lastId };
    }
  }

  /** Walks the finished runs past the retention once, oldest first, resuming each batch where the last one ended. */
  private async pruneRuns(go: () => boolean): Promise<number> {
    let total = 0;
    let after: RunPrunePosition | null = null;
    for (;;) {
      const b = await pruneRuns(this.o.db, this.o.retentionDays, PRUNE_BATCH, after);
      total += b.pruned;
      if (b.seen < PRUNE_BATCH || b.next === null || !go()) return total;
      after = b.next;
    }
  }

  /** Warns about cursors of sinks not configured here, and drops those that pruning has passed (`prunedId`). */
  private async forgetRemovedSinks(prunedId: number | null, warned: Set<string>): Promise<void> {
    const removed = (await listSinkCursors(this.o.db)).filter((c) => !this.o.sinks.includes(c.sink));
    for (const c of removed) {
      if (warned.has(c.sink)) continue;
      warned.add(c.sink);
      this.o.log.warn(
        { sink: c.sink, last_event_id: c.last_event_id, updated_at: c.updated_at, configured: this.o.sinks },
        'an event sink with a cursor is not configured here: it no longer holds events back from pruning; its cursor is kept until events it has not taken are pruned',
      );
    }
    if (prunedId === null) return;
    const passed = removed.filter((c) => c.last_event_id < prunedId).map((c) => c.sink);
    for (const c of await dropSinkCursors(this.o.db, passed, prunedId)) {
      this.o.log.warn(
        { sink: c.sink, last_event_id: c.last_event_id, pruned_up_to: prunedId },
        'dropped the cursor of a removed event sink: events it had not taken are pruned; configured again, it starts at the newest event',
      );
    }
  }
}

async function inBatches(step: () => Promise<number>, go: () => boolean): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await step();
    total += n;
    if (n < PRUNE_BATCH || !go()) return total;
  }
}
