import type { Logger } from 'pino';
import type { Db } from '../store/db.ts';
import { pruneEvents } from '../store/events.ts';
import { pruneWebhookDeliveries } from '../store/webhooks.ts';
import { LeaderLoop } from './relay.ts';

export interface EventPruningOptions {
  db: Db;
  log: Logger;
  retentionDays: number;
  /** Seconds between passes. */
  pruneSeconds: number;
}

/** Rows per statement: small enough that no statement holds locks (or a PGlite connection) for long. */
const PRUNE_BATCH = 1_000;

interface Pruned {
  events: number;
  deliveries: number;
}

/**
 * Deletes events and finished webhook deliveries past TICKWORK_RETENTION_DAYS, a batch at a time (promise 8). An
 * event some sink has not yet taken stays (store/events.ts). Runs beside the relay, in the process holding its lease,
 * so one process of the deployment prunes.
 */
export class EventPruning extends LeaderLoop {
  constructor(private readonly o: EventPruningOptions) {
    super();
  }

  /** One pass: batch after batch until one comes back short, or `go` says stop (the lease was lost). */
  private async prune(go: () => boolean): Promise<Pruned> {
    const { db, retentionDays } = this.o;
    return {
      events: await inBatches(() => pruneEvents(db, retentionDays, PRUNE_BATCH), go),
      deliveries: await inBatches(() => pruneWebhookDeliveries(db, retentionDays, PRUNE_BATCH), go),
    };
  }

  protected async loop(go: () => boolean): Promise<void> {
    while (go()) {
      try {
        const pruned = await this.prune(go);
        if (pruned.events + pruned.deliveries > 0) this.o.log.info(pruned, 'pruned events and webhook deliveries past the retention');
      } catch (err) {
        this.o.log.warn({ err: (err as Error).message }, 'pruning events failed; will try again');
      }
      await this.wakeup.sleep(this.o.pruneSeconds * 1000);
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
