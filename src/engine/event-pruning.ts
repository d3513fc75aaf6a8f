import type { Logger } from 'pino';
import type { Db } from '../store/db.ts';
import { pruneEvents } from '../store/events.ts';
import { pruneWebhookDeliveries } from '../store/webhooks.ts';
import type { LeaderTask } from './relay.ts';
import { Wakeup } from './wakeup.ts';

export interface EventPruningOptions {
  db: Db;
  log: Logger;
  retentionDays: number;
  /** Seconds between passes. */
  pruneSeconds: number;
}

/** Rows per statement: small enough that no statement holds locks (or a PGlite connection) for long. */
const PRUNE_BATCH = 1_000;

export interface Pruned {
  events: number;
  deliveries: number;
}

/**
 * Deletes events and finished webhook deliveries past TICKWORK_RETENTION_DAYS, a batch at a time (promise 8). An
 * event some sink has not yet taken stays (store/events.ts). Runs beside the relay, in the process holding its lease,
 * so one process of the deployment prunes.
 */
export class EventPruning implements LeaderTask {
  private readonly wakeup = new Wakeup();
  private running: Promise<void> | null = null;
  private active = false;

  constructor(private readonly o: EventPruningOptions) {}

  start(leading: () => boolean): void {
    if (this.running !== null) return;
    this.active = true;
    this.running = this.loop(leading).finally(() => {
      this.running = null;
    });
  }

  async stop(): Promise<void> {
    this.active = false;
    this.wakeup.wake();
    await this.running;
  }

  /** One pass: batch after batch until one comes back short, or `go` says stop (the lease was lost). */
  async prune(go: () => boolean = () => true): Promise<Pruned> {
    const { db, retentionDays } = this.o;
    return {
      events: await inBatches(() => pruneEvents(db, retentionDays, PRUNE_BATCH), go),
      deliveries: await inBatches(() => pruneWebhookDeliveries(db, retentionDays, PRUNE_BATCH), go),
    };
  }

  private async loop(leading: () => boolean): Promise<void> {
    while (this.active && leading()) {
      try {
        const pruned = await this.prune(() => this.active && leading());
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
