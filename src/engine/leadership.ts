import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Config } from '../config.ts';
import type { Db } from '../store/db.ts';
import type { SecretBox } from '../store/secrets.ts';
import type { Sink } from '../sinks/index.ts';
import type { EventSource } from '../domain/event.ts';
import { createHttpExecutor } from '../executors/index.ts';
import { HistoryPruning } from './history-pruning.ts';
import { Relay } from './relay.ts';
import { WebhookDeliveries, webhookFanOut } from './webhook-deliveries.ts';
import { releaseLeadershipLease, takeLeadershipLease } from '../store/leadership.ts';
import { Wakeup } from './wakeup.ts';
import { clusterGauges, webhookDeliveryCounter } from './metrics.ts';
import { errorText } from './group-commit.ts';
import { readClusterFigures } from '../store/cluster-figures.ts';
import type { LeaderTask, LeaderTerm } from './leader-task.ts';

export interface LeadershipOptions {
  db: Db;
  log: Logger;
  /** Names this process in the lease (host:pid); a random suffix keeps two leaderships of one process apart. */
  holderName: string;
  leaseSeconds: number;
  /** The leader's work (event relay, webhook deliveries, pruning), started in order and stopped in order. */
  tasks: LeaderTask[];
}

/**
 * The leader's work runs in one process of the deployment at a time, under one lease row renewed at a third of its
 * length. A process acts as leader only while its lease is certainly live by its own monotonic clock (counted from
 * before the renewal was asked); writes that must not happen twice check the lease again in SQL (`term.holder`).
 */
export class Leadership {
  readonly holder: string;
  private readonly wakeup = new Wakeup();
  /** performance.now() until which this process's lease is certainly live; 0 when not leading. */
  private leaseValidUntil = 0;
  private leading = false;
  private stopping = false;
  private leaseLoop: Promise<void> = Promise.resolve();
  private readonly term: LeaderTerm;

  constructor(private readonly o: LeadershipOptions) {
    this.holder = `${o.holderName}/${randomUUID().slice(0, 8)}`;
    this.term = {
      holder: this.holder,
      leading: () => this.isLeading() && !this.stopping,
      lapsed: () => {
        this.leaseValidUntil = 0;
      },
    };
  }

  /** Prepares every task, then starts contending for the lease. */
  async start(): Promise<void> {
    for (const t of this.o.tasks) await t.prepare?.();
    this.leaseLoop = this.holdLease();
  }

  /** Whether this process leads now. */
  isLeading(): boolean {
    return this.leading && performance.now() < this.leaseValidUntil;
  }

  /** Stops the leader's work, gives the lease up at once (no one waits for it to expire) and shuts the tasks down. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeup.wake();
    await this.leaseLoop;
    // Read before stopLeading clears it (the check used to come after, so the lease was never given up early).
    const held = this.leading;
    await this.stopLeading();
    if (held) await releaseLeadershipLease(this.o.db, this.holder).catch(() => undefined);
    for (const t of this.o.tasks) await t.shutdown?.().catch(() => undefined);
  }

  private async holdLease(): Promise<void> {
    const renewMs = (this.o.leaseSeconds * 1000) / 3;
    while (!this.stopping) {
      const asked = performance.now();
      let held = false;
      try {
        held = await takeLeadershipLease(this.o.db, this.holder, this.o.leaseSeconds);
      } catch (err) {
        this.o.log.warn({ err: (err as Error).message }, 'could not renew the leadership lease');
      }
      if (held) {
        // Counted from before the request: the database's expiry is at least this late.
        this.leaseValidUntil = asked + this.o.leaseSeconds * 1000 - Math.min(1_000, renewMs);
        if (!this.leading) this.startLeading();
      } else if (this.leading && performance.now() >= this.leaseValidUntil) {
        await this.stopLeading();
      }
      await this.wakeup.sleep(renewMs);
    }
  }

  private startLeading(): void {
    this.leading = true;
    this.o.log.info({ holder: this.holder }, 'this process now leads: it publishes events, delivers webhooks and prunes history');
    for (const t of this.o.tasks) t.start(this.term);
  }

  private async stopLeading(): Promise<void> {
    if (!this.leading) return;
    this.leading = false;
    this.leaseValidUntil = 0;
    for (const t of this.o.tasks) await t.stop();
    if (!this.stopping) this.o.log.warn({ holder: this.holder }, 'lost the leadership lease; another process leads');
  }
}

export interface LeaderWork {
  isLeading(): boolean;
  stop(): Promise<void>;
}

/**
 * The leader's work, in the order it starts and stops: the event relay to `sinks` and to webhooks (fanned out into
 * deliveries), the webhook delivery loop, and the pruning of history (runs, events, deliveries) past the retention.
 */
export async function startLeadership(o: {
  db: Db;
  config: Config;
  log: Logger;
  registry: Registry;
  holderName: string;
  secrets: SecretBox;
  /** The event sinks besides webhooks (log, brokers). */
  sinks: Sink[];
  /** Each tenant's CloudEvents `source`, for webhook deliveries. */
  source: EventSource;
}): Promise<LeaderWork> {
  const { db, config, log } = o;
  const http = createHttpExecutor({
    allowPrivate: config.allowPrivateTargets,
    maxResponseBytes: 64 * 1024,
    maxRedirects: 0,
    userAgent: 'tickwork-webhooks/0.1',
    connections: 16,
  });
  const deliveries = new WebhookDeliveries({
    db,
    log: log.child({ sink: 'webhooks' }),
    http,
    secrets: o.secrets,
    backoffSeconds: config.webhookBackoffSeconds,
    disableAfter: config.webhookDisableAfter,
    concurrency: 16,
    timeoutMs: 10_000,
    pollSeconds: config.pollSeconds,
    source: o.source,
    registry: o.registry,
  });
  const sinks = [...o.sinks, webhookFanOut(db, deliveries)];
  const relay = new Relay({ db, log: log.child({ task: 'relay' }), registry: o.registry, sinks, batchSize: 500, pollSeconds: config.pollSeconds });
  const pruning = new HistoryPruning({
    db,
    log: log.child({ task: 'pruning' }),
    retentionDays: config.retentionDays,
    pruneSeconds: config.pruneSeconds,
    sinks: sinks.map((s) => s.name),
  });
  const leadership = new Leadership({
    db,
    log: log.child({ task: 'leadership' }),
    holderName: o.holderName,
    leaseSeconds: config.relayLeaseSeconds,
    tasks: [relay, deliveries, pruning],
  });
  webhookDeliveryCounter(o.registry); // declared from the start, so a scrape shows the family before the first delivery
  // The deployment's figures (backlog, leases, monitors by state) come from the database, exported by the leader only.
  clusterGauges(o.registry, {
    leading: () => leadership.isLeading(),
    read: () => readClusterFigures(db),
    onError: (err) => log.warn({ err: errorText(err) }, 'could not read the cluster figures for /metrics'),
  });
  try {
    await leadership.start();
  } catch (err) {
    await leadership.stop();
    await http.close();
    throw err;
  }
  return {
    isLeading: () => leadership.isLeading(),
    async stop() {
      // Calls in flight are aborted first, so stopping never waits for a slow webhook receiver.
      await deliveries.close();
      await leadership.stop();
      await http.close();
    },
  };
}
