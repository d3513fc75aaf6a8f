import type { Logger } from 'pino';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { Db } from '../store/db.ts';
import {
  advanceSinkCursor,
  ensureSinkCursor,
  readSettledEvents,
  sinkLag,
  type Gap,
} from '../store/relay.ts';
import { EVENTS_CHANNEL } from '../store/notify.ts';
import type { Sink } from '../sinks/index.ts';
import type { EventRow } from '../domain/event.ts';
import { isTransientDbError, sqlState } from '../store/db-errors.ts';
import { errorText } from './group-commit.ts';
import type { LeaderTask, LeaderTerm } from './leader-task.ts';
import { Wakeup } from './wakeup.ts';

export interface RelayOptions {
  db: Db;
  log: Logger;
  registry: Registry;
  sinks: Sink[];
  /** Events per read and per publish. */
  batchSize: number;
  /** Safety-net poll when no notification arrives. */
  pollSeconds: number;
}

interface RelayMetrics {
  lag: Gauge<'sink'>;
  lagSeconds: Gauge<'sink'>;
  published: Counter<'sink'>;
  errors: Counter<'sink'>;
  skipped: Counter<'sink'>;
}

const cache = new WeakMap<Registry, RelayMetrics>();

export function relayMetrics(registry: Registry): RelayMetrics {
  const known = cache.get(registry);
  if (known !== undefined) return known;
  const m: RelayMetrics = {
    lag: new Gauge({ name: 'tickwork_event_sink_lag_events', help: 'Events written but not yet taken by the sink (leader only).', labelNames: ['sink'], registers: [registry] }),
    lagSeconds: new Gauge({ name: 'tickwork_event_sink_lag_seconds', help: 'Age of the oldest event the sink has not yet taken (leader only).', labelNames: ['sink'], registers: [registry] }),
    published: new Counter({ name: 'tickwork_events_published_total', help: 'Events the sink has taken (confirmed).', labelNames: ['sink'], registers: [registry] }),
    errors: new Counter({ name: 'tickwork_event_sink_errors_total', help: 'Failed publish attempts (the events are sent again).', labelNames: ['sink'], registers: [registry] }),
    skipped: new Counter({ name: 'tickwork_event_sink_skipped_total', help: 'Events a sink refused for a lasting reason (skipped, logged).', labelNames: ['sink'], registers: [registry] }),
  };
  cache.set(registry, m);
  return m;
}

/** While a gap in the ids may still be filled by an open transaction, look again this soon (ms). */
const GAP_RECHECK_MS = 20;
const MAX_BACKOFF_MS = 30_000;
/**
 * After publishing less than a full batch, wait this long (ms) before reading again, so that the next read takes the
 * events of every transaction that committed meanwhile. Without it each small transaction (a claim, a group commit)
 * cost every sink a read, a publish and a cursor move: at 10 calls in flight that was 1.9 of the worker's 4.3 round
 * trips per task (bench worker-statements). It adds at most this much to an event's lag (target ≤ 100 ms p99).
 */
const LINGER_MS = 20;

/**
 * The event relay, a leader task (engine/leadership.ts): one process of the deployment publishes at a time. Each
 * sink has its own loop and cursor: events in id order, at least once, the cursor moved only after the sink took the
 * batch and only while the database agrees the lease is still this process's; a failing sink is retried with
 * backoff without holding the others up.
 */
export class Relay implements LeaderTask {
  private readonly sinkWakeups = new Map<string, Wakeup>();
  private readonly metrics: RelayMetrics;
  private active = false;
  private loops: Promise<void>[] = [];
  private unlisten: (() => Promise<void>) | null = null;

  constructor(private readonly o: RelayOptions) {
    this.metrics = relayMetrics(o.registry);
  }

  /** Creates the sinks' cursors (so events from now on are theirs) and listens for new events. */
  async prepare(): Promise<void> {
    for (const s of this.o.sinks) await ensureSinkCursor(this.o.db, s.name);
    this.unlisten = await this.o.db.listen(EVENTS_CHANNEL, () => {
      for (const w of this.sinkWakeups.values()) w.wake();
    });
    this.o.log.info({ sinks: this.o.sinks.map((s) => s.name) }, 'event relay started');
  }

  start(term: LeaderTerm): void {
    if (this.active) return;
    this.active = true;
    for (const s of this.o.sinks) {
      const w = new Wakeup();
      this.sinkWakeups.set(s.name, w);
      this.loops.push(this.sinkLoop(s, w, term));
    }
  }

  async stop(): Promise<void> {
    this.active = false;
    for (const w of this.sinkWakeups.values()) w.wake();
    await Promise.all(this.loops);
    this.loops = [];
    this.sinkWakeups.clear();
    for (const s of this.o.sinks) {
      this.metrics.lag.remove({ sink: s.name });
      this.metrics.lagSeconds.remove({ sink: s.name });
    }
  }

  async shutdown(): Promise<void> {
    await this.unlisten?.();
    for (const s of this.o.sinks) await s.close().catch(() => undefined);
  }

  private async sinkLoop(sink: Sink, wakeup: Wakeup, term: LeaderTerm): Promise<void> {
    const { db, log } = this.o;
    const labels = { sink: sink.name };
    let cursor: number | null = null;
    let gap: Gap | null = null;
    let backoff = 0;
    let lagAt = 0;
    while (this.active) {
      try {
        cursor ??= await ensureSinkCursor(db, sink.name);
        const read = await readSettledEvents(db, cursor, this.o.batchSize, gap);
        gap = read.gap;
        if (performance.now() - lagAt > 1_000) {
          lagAt = performance.now();
          const lag = await sinkLag(db, cursor);
          this.metrics.lag.set(labels, lag.events);
          this.metrics.lagSeconds.set(labels, lag.seconds);
        }
        const last = read.events.at(-1);
        if (last === undefined) {
          await wakeup.sleep(gap !== null ? GAP_RECHECK_MS : this.o.pollSeconds * 1000);
          continue;
        }
        if (!term.leading()) {
          await wakeup.sleep(100);
          continue;
        }
        await this.publishIsolating(sink, read.events);
        if (!(await advanceSinkCursor(db, sink.name, last.id, term.holder))) {
          // The lease lapsed under us (or another relay moved the cursor): re-read the cursor before anything else.
          cursor = null;
          term.lapsed();
          continue;
        }
        cursor = last.id;
        this.metrics.published.inc(labels, read.events.length);
        if (backoff > 0) log.info({ sink: sink.name }, 'event sink recovered');
        backoff = 0;
        if (read.events.length < this.o.batchSize) await linger(LINGER_MS);
      } catch (err) {
        this.metrics.errors.inc(labels);
        backoff = Math.min(MAX_BACKOFF_MS, backoff === 0 ? 200 : backoff * 2);
        log.warn({ sink: sink.name, err: (err as Error).message, retryInMs: backoff }, 'event sink failed; retrying');
        cursor = null; // re-read: the cursor is the truth, whatever this batch did
        await wakeup.sleep(backoff * (0.8 + 0.2 * Math.random()));
      }
    }
  }

  /**
   * Publishes a batch. A sink's failures are retried (a broker away, a timeout) unless they are provably lasting:
   * the database refused the data (the webhook fan-out writes to it) with a SQLSTATE retrying cannot cure, or the
   * data could not be serialised. Then the batch is published in halves until the events that fail alone are found;
   * each is skipped, logged with the reason and counted, so one event cannot hold a sink back for ever.
   */
  private async publishIsolating(sink: Sink, events: readonly EventRow[]): Promise<void> {
    try {
      await sink.publish(events);
      return;
    } catch (err) {
      if (!isLastingSinkError(err)) throw err;
      if (events.length === 1) {
        const [e] = events;
        this.metrics.skipped.inc({ sink: sink.name });
        this.o.log.error({ sink: sink.name, event: e?.id, reason: errorText(err) }, 'an event the sink refuses for a lasting reason was skipped');
        return;
      }
    }
    const half = Math.ceil(events.length / 2);
    await this.publishIsolating(sink, events.slice(0, half));
    await this.publishIsolating(sink, events.slice(half));
  }
}

/** A pause no notification cuts short (a Wakeup's sleep ends at the next NOTIFY, which is what lingering waits out). */
function linger(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A sink failure retrying cannot cure: a database refusal by SQLSTATE, or data that cannot be serialised. */
function isLastingSinkError(err: unknown): boolean {
  if (sqlState(err) !== null) return !isTransientDbError(err);
  return err instanceof TypeError || err instanceof RangeError;
}
