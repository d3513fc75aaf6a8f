import { Counter, Histogram, type Registry } from 'prom-client';

/** The engine's Prometheus metrics, registered on the registry the API's /metrics serves. */
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
