/**
 * Pure rules of monitors: the up/down state machine, the latency histogram of the hourly rollups, and the figures
 * (uptime, percentiles) read from them. No I/O; the store functions use these inside their transactions.
 */

export type MonitorStatus = 'pending' | 'up' | 'down';

export interface MonitorState {
  status: MonitorStatus;
  consecutive_failures: number;
  failure_threshold: number;
}

export interface Transition {
  status: MonitorStatus;
  consecutive_failures: number;
  /** The event this check causes, if any: exactly one per transition. */
  event: 'monitor.down' | 'monitor.up' | null;
}

/**
 * The next state after one check. `failure_threshold` failures in a row make a monitor `down` (also from
 * `pending`); a success makes it `up`, and is a `monitor.up` only when it recovers from `down`.
 */
export function nextMonitorState(cur: MonitorState, ok: boolean): Transition {
  if (ok) {
    return { status: 'up', consecutive_failures: 0, event: cur.status === 'down' ? 'monitor.up' : null };
  }
  const failures = cur.consecutive_failures + 1;
  if (failures >= cur.failure_threshold && cur.status !== 'down') {
    return { status: 'down', consecutive_failures: failures, event: 'monitor.down' };
  }
  return { status: cur.status, consecutive_failures: failures, event: null };
}

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

/** How far ahead of a certificate's expiry `monitor.cert_expiring` is written (days). */
export const CERT_NOTICE_DAYS = 14;

/**
 * Whether a check that saw a certificate expiring at `expiresAt` announces it: within the notice period, and not
 * already announced (`noticeFor` is the expiry of the last certificate announced; a renewed one is announced anew).
 */
export function certNoticeDue(expiresAt: Date | null, checkedAt: Date, noticeFor: Date | null): boolean {
  if (expiresAt === null) return false;
  if (noticeFor !== null && noticeFor.getTime() === expiresAt.getTime()) return false;
  return expiresAt.getTime() - checkedAt.getTime() <= CERT_NOTICE_DAYS * 86_400_000;
}
