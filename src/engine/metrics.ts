import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { ClusterFigures } from '../store/cluster-figures.ts';

/** The engine's Prometheus metrics, on the process's registry (served on PORT by api/start, TICKWORK_METRICS_PORT by a worker). */
export interface EngineMetrics {
  runsFinished: Counter<'status'>;
  lateness: Histogram;
  callDuration: Histogram<'action'>;
  claims: Counter;
  staleCompletions: Counter;
  missedFirings: Counter<'policy'>;
  abandoned: Counter;
}

const cache = new WeakMap<Registry, EngineMetrics>();

export function engineMetrics(registry: Registry): EngineMetrics {
  const known = cache.get(registry);
  if (known !== undefined) return known;
  const m: EngineMetrics = {
    runsFinished: new Counter({
      name: 'tickwork_runs_total',
      help: 'Attempts finished, by outcome status.',
      labelNames: ['status'],
      registers: [registry],
    }),
    lateness: new Histogram({
      name: 'tickwork_run_lateness_seconds',
      help: 'Call start minus due time (database clock at claim plus local dispatch delay).',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [registry],
    }),
    callDuration: new Histogram({
      name: 'tickwork_call_duration_seconds',
      help: 'Duration of actions (HTTP calls, line checks).',
      labelNames: ['action'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [registry],
    }),
    claims: new Counter({ name: 'tickwork_claims_total', help: 'Attempts claimed.', registers: [registry] }),
    staleCompletions: new Counter({
      name: 'tickwork_stale_completions_total',
      help: 'Outcomes refused because the lease had been lost.',
      registers: [registry],
    }),
    missedFirings: new Counter({
      name: 'tickwork_missed_firings_total',
      help: 'Firings more than TICKWORK_MISFIRE_S late, by misfire policy.',
      labelNames: ['policy'],
      registers: [registry],
    }),
    abandoned: new Counter({
      name: 'tickwork_abandoned_total',
      help: 'Attempts whose lease expired (worker lost).',
      registers: [registry],
    }),
  };
  cache.set(registry, m);
  return m;
}

const unrecordable = new WeakMap<Registry, Counter<'what' | 'outcome'>>();

/**
 * Items of a group commit (outcomes, checks) whose write failed for a lasting reason: `isolated` were recorded as
 * failed with the reason, `dropped` could not be recorded even so (their leases lapse and the sweep settles them).
 */
export function unrecordableCounter(registry: Registry): Counter<'what' | 'outcome'> {
  let c = unrecordable.get(registry);
  if (c === undefined) {
    c = new Counter({
      name: 'tickwork_unrecordable_total',
      help: 'Outcomes or checks that could not be recorded as they were: isolated (recorded as failed) or dropped.',
      labelNames: ['what', 'outcome'],
      registers: [registry],
    });
    unrecordable.set(registry, c);
  }
  return c;
}

export interface CheckMetrics {
  /** Checks finished, by monitor type and outcome (`ok`, the failure's kind, or `mismatch` for a wrong answer). */
  checks: Counter<'type' | 'outcome'>;
  /** How long a URL monitor's check took (heartbeats call nothing and are not observed). */
  duration: Histogram;
}

const checkCache = new WeakMap<Registry, CheckMetrics>();

export function checkMetrics(registry: Registry): CheckMetrics {
  const known = checkCache.get(registry);
  if (known !== undefined) return known;
  const m: CheckMetrics = {
    checks: new Counter({
      name: 'tickwork_monitor_checks_total',
      help: 'Monitor checks finished, by monitor type and outcome (ok, mismatch for a wrong status or body, else the kind of failure: timeout, refused, dns, tls, reset, missed_ping, ...).',
      labelNames: ['type', 'outcome'],
      registers: [registry],
    }),
    duration: new Histogram({
      name: 'tickwork_monitor_check_duration_seconds',
      help: 'Duration of URL monitor checks (request to full answer, or to the failure).',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
  };
  checkCache.set(registry, m);
  return m;
}

/** Counts one finished check. */
export function countCheck(m: CheckMetrics | null, type: string, r: { ok: boolean; error_kind: string | null; latency_ms: number }): void {
  if (m === null) return;
  m.checks.inc({ type, outcome: r.ok ? 'ok' : (r.error_kind ?? 'mismatch') });
  if (type !== 'heartbeat') m.duration.observe(r.latency_ms / 1000);
}

const deliveryCache = new WeakMap<Registry, Counter<'outcome'>>();

/** Webhook delivery attempts by outcome: succeeded, failed (retried with backoff), disabled (the failure disabled the webhook). */
export function webhookDeliveryCounter(registry: Registry): Counter<'outcome'> {
  let c = deliveryCache.get(registry);
  if (c === undefined) {
    c = new Counter({
      name: 'tickwork_webhook_deliveries_total',
      help: 'Webhook delivery attempts by outcome: succeeded, failed (retried with backoff) or disabled (this failure disabled the webhook).',
      labelNames: ['outcome'],
      registers: [registry],
    });
    deliveryCache.set(registry, c);
  }
  return c;
}

/** Where the cluster gauges come from: read only while `leading()`, so one process of the deployment exports them. */
export interface ClusterSource {
  leading(): boolean;
  read(): Promise<ClusterFigures>;
  onError(err: unknown): void;
}

/** Per registry, the source its cluster gauges read (replaced when a process starts a new leadership). */
const clusterSources = new WeakMap<Registry, { source: ClusterSource }>();

/** Longest a scrape waits for the figures; past it they are left out of that scrape (and the error logged). */
const FIGURES_TIMEOUT_MS = 2_000;

/**
 * The deployment's figures read from the database on each scrape, exported only by the leader. Every gauge has a
 * label, so when this process does not lead (or the read fails) it exports no sample at all rather than a 0 that
 * would look like a real reading.
 */
export function clusterGauges(registry: Registry, source: ClusterSource): void {
  const known = clusterSources.get(registry);
  if (known !== undefined) {
    known.source = source;
    return;
  }
  const holder = { source };
  clusterSources.set(registry, holder);
  // One read per scrape serves every gauge: the first gauge's collect reads, the others share its promise.
  let reading: Promise<ClusterFigures | null> | null = null;
  const figures = (): Promise<ClusterFigures | null> => {
    if (reading !== null) return reading;
    const r = readIfLeading(holder.source);
    reading = r;
    void r.finally(() => {
      if (reading === r) reading = null;
    });
    return r;
  };
  const gauge = <L extends string>(name: string, help: string, label: L, fill: (g: Gauge<L>, f: ClusterFigures) => void): void => {
    new Gauge<L>({
      name,
      help,
      labelNames: [label],
      registers: [registry],
      async collect() {
        this.reset();
        const f = await figures();
        if (f !== null) fill(this, f);
      },
    });
  };
  gauge('tickwork_backlog', 'Work due by the database clock and not yet claimed, by kind (runs: task firings and retries; checks: monitor checks). Exported by the leader only.', 'work', (g, f) => {
    for (const b of f.backlog) g.set({ work: b.work }, b.count);
  });
  gauge('tickwork_backlog_oldest_age_seconds', 'How long the oldest unclaimed due item has been due (0 when none is). Exported by the leader only.', 'work', (g, f) => {
    for (const b of f.backlog) g.set({ work: b.work }, b.oldestSeconds);
  });
  gauge('tickwork_leases', 'Live leases over every worker: runs in flight and monitors being checked. Exported by the leader only.', 'work', (g, f) => {
    for (const l of f.leases) g.set({ work: l.work }, l.count);
  });
  gauge('tickwork_monitors', 'Monitors (not deleted) by state: pending (no verdict yet), up, down. Exported by the leader only.', 'state', (g, f) => {
    for (const m of f.monitors) g.set({ state: m.state }, m.count);
  });
  gauge('tickwork_webhook_deliveries', 'Webhook deliveries by state (pending: waiting to be sent or retried). Exported by the leader only.', 'state', (g, f) => {
    g.set({ state: 'pending' }, f.webhookDeliveriesPending);
  });
}

async function readIfLeading(s: ClusterSource): Promise<ClusterFigures | null> {
  if (!s.leading()) return null;
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      s.read(),
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${FIGURES_TIMEOUT_MS} ms`)), FIGURES_TIMEOUT_MS))),
    ]);
  } catch (err) {
    s.onError(err);
    return null;
  } finally {
    clearTimeout(timer);
  }
}
