import type { MonitorFigures } from './monitor.ts';

/**
 * The hourly rollups of a monitor's checks (count, ok count, latency histogram) and the figures read from them
 * (uptime, latency percentiles). Pure: store/check-records.ts adds to the rollups, store/check-history.ts reads them.
 */

/**
 * Upper bounds (ms, inclusive) of the latency histogram buckets; the last bucket takes everything above. Roughly
 * logarithmic, so a percentile read from it is within one bucket's width of the true value.
 */
export const LATENCY_BOUNDS_MS = [
  5, 10, 20, 30, 50, 75, 100, 150, 200, 300, 500, 750, 1_000, 1_500, 2_000, 3_000, 5_000, 7_500, 10_000, 15_000,
  30_000, 60_000,
] as const;
export const LATENCY_BUCKETS = LATENCY_BOUNDS_MS.length + 1;

export function latencyBucket(ms: number): number {
  const i = LATENCY_BOUNDS_MS.findIndex((b) => ms <= b);
  return i === -1 ? LATENCY_BOUNDS_MS.length : i;
}

/**
 * The `p`-th percentile (0..1) of a histogram, interpolated linearly inside its bucket; null when it is empty.
 * The open last bucket answers with its lower bound.
 */
export function histogramPercentile(buckets: readonly number[], p: number): number | null {
  const total = buckets.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const rank = p * total;
  let seen = 0;
  for (let i = 0; i < buckets.length; i++) {
    const n = buckets[i] ?? 0;
    if (n > 0 && seen + n >= rank) {
      const lo = i === 0 ? 0 : (LATENCY_BOUNDS_MS[i - 1] ?? 0);
      const hi = LATENCY_BOUNDS_MS[i];
      if (hi === undefined) return lo;
      return Math.round(lo + ((hi - lo) * (rank - seen)) / n);
    }
    seen += n;
  }
  return LATENCY_BOUNDS_MS.at(-1) ?? null;
}

/** Percent of ok checks with two decimals, or null when there were none. */
export function uptimePercent(ok: number, checks: number): number | null {
  return checks === 0 ? null : Math.round((ok / checks) * 10_000) / 100;
}

export const HOUR_MS = 3_600_000;

/** The UTC hour a check belongs to in the rollups. */
export function rollupHour(at: Date): Date {
  return new Date(Math.floor(at.getTime() / HOUR_MS) * HOUR_MS);
}

/** What a batch of checks adds to one monitor's hour. */
export interface RollupIncrement {
  monitorId: number;
  hour: Date;
  checks: number;
  ok: number;
  /** Checks per latency bucket (LATENCY_BOUNDS_MS). */
  buckets: number[];
}

/** Sums checks by monitor and hour, so that a batch adds to each rollup row once. */
export function rollupIncrements(
  checks: readonly { monitorId: number; checkedAt: Date; ok: boolean; latencyMs: number }[],
): RollupIncrement[] {
  const groups = new Map<string, RollupIncrement>();
  for (const c of checks) {
    const hour = rollupHour(c.checkedAt);
    const key = `${c.monitorId}:${hour.getTime()}`;
    let g = groups.get(key);
    if (g === undefined) {
      g = { monitorId: c.monitorId, hour, checks: 0, ok: 0, buckets: new Array<number>(LATENCY_BUCKETS).fill(0) };
      groups.set(key, g);
    }
    g.checks++;
    if (c.ok) g.ok++;
    const b = latencyBucket(c.latencyMs);
    g.buckets[b] = (g.buckets[b] ?? 0) + 1;
  }
  return [...groups.values()];
}

/** Sums read from a monitor's rollups: checks and ok checks over 24 h, 7 d, 30 d, the 24 h latency histogram. */
export interface RollupSums {
  c24: number | null;
  o24: number | null;
  c7: number | null;
  o7: number | null;
  c30: number | null;
  o30: number | null;
  buckets: number[] | null;
}

/** The figures from a monitor's rollup sums (none: no checks in 30 days). */
export function figuresFromRollups(row: RollupSums | undefined): MonitorFigures {
  const buckets = row?.buckets ?? [];
  return {
    uptime: {
      '24h': uptimePercent(row?.o24 ?? 0, row?.c24 ?? 0),
      '7d': uptimePercent(row?.o7 ?? 0, row?.c7 ?? 0),
      '30d': uptimePercent(row?.o30 ?? 0, row?.c30 ?? 0),
    },
    latency_ms: { p50: histogramPercentile(buckets, 0.5), p95: histogramPercentile(buckets, 0.95) },
  };
}
