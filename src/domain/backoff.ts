/** A task's retry settings (API.md `retry`): seconds, and attempts counting the first. */
export interface RetryPolicy {
  max_attempts: number;
  backoff_s: number;
  max_backoff_s: number;
}

/** The most random jitter taken off a delay, as a fraction of it: spreads the retries of tasks that failed together. */
export const RETRY_JITTER = 0.2;

/**
 * The delay before attempt n+1 after attempt n failed, before jitter, in ms: min(backoff_s·2^(n−1), max_backoff_s).
 * Huge n cannot overflow: the doubling stops once it passes the cap.
 */
export function retryBaseDelayMs(policy: RetryPolicy, failedAttempt: number): number {
  const base = nonNegative(policy.backoff_s);
  const cap = nonNegative(policy.max_backoff_s);
  const doublings = Number.isFinite(failedAttempt) ? Math.max(0, Math.floor(failedAttempt) - 1) : 0;
  let seconds = base;
  // Bounded: it stops at the cap, which any positive double passes within ~2,100 doublings.
  for (let i = 0; i < doublings && seconds < cap && seconds > 0; i++) seconds *= 2;
  return Math.round(Math.min(seconds, cap) * 1000);
}

/** The band a retry delay lies in, in ms: [⌈0.8·d⌉, d] where d is retryBaseDelayMs. */
export function retryDelayBoundsMs(policy: RetryPolicy, failedAttempt: number): { min: number; max: number } {
  const max = retryBaseDelayMs(policy, failedAttempt);
  return { min: Math.ceil(max * (1 - RETRY_JITTER)), max };
}

/**
 * Delay in ms before attempt n+1 after attempt n failed: min(backoff_s·2^(n−1), max_backoff_s) less a random jitter of
 * up to 20 %. `random` returns a number in [0, 1) (injectable for tests).
 */
export function retryDelayMs(policy: RetryPolicy, failedAttempt: number, random: () => number = Math.random): number {
  const { min, max } = retryDelayBoundsMs(policy, failedAttempt);
  const r = Math.min(1, Math.max(0, random()));
  const delay = Math.round(max * (1 - RETRY_JITTER * r));
  return Math.min(max, Math.max(min, Number.isFinite(delay) ? delay : max));
}

const nonNegative = (v: number): number => (Number.isFinite(v) && v > 0 ? v : 0);
