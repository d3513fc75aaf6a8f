import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { retryBaseDelayMs, retryDelayBoundsMs, retryDelayMs, type RetryPolicy } from '../../src/domain/backoff.ts';

const policy = (backoff_s: number, max_backoff_s: number, max_attempts = 5): RetryPolicy => ({
  max_attempts,
  backoff_s,
  max_backoff_s,
});

/** The documented delay before jitter, in ms, computed with BigInt so it cannot overflow either. */
function documentedMs(p: RetryPolicy, n: number): number {
  const exp = BigInt(Math.max(0, n - 1));
  const cap = BigInt(p.max_backoff_s);
  const base = BigInt(p.backoff_s);
  const raw = base === 0n || exp <= 64n ? base * 2n ** (exp > 64n ? 0n : exp) : cap;
  return Number(raw < cap ? raw : cap) * 1000;
}

describe('retry backoff', () => {
  it('doubles the delay with each failed attempt, starting at backoff_s', () => {
    const p = policy(1, 300);
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(p, n, () => 0))).toEqual([1000, 2000, 4000, 8000, 16_000]);
  });

  it('never waits longer than max_backoff_s', () => {
    const p = policy(1, 300);
    expect(retryDelayMs(p, 9, () => 0)).toBe(256_000);
    expect(retryDelayMs(p, 10, () => 0)).toBe(300_000);
    expect(retryDelayMs(p, 50, () => 0)).toBe(300_000);
  });

  it('takes off at most 20 % as jitter', () => {
    const p = policy(10, 300);
    expect(retryDelayMs(p, 1, () => 0)).toBe(10_000);
    expect(retryDelayMs(p, 1, () => 0.5)).toBe(9000);
    expect(retryDelayMs(p, 1, () => 0.999_999)).toBe(8000);
  });

  it('does not overflow for huge attempt numbers', () => {
    const p = policy(3, 600);
    for (const n of [1024, 1025, 10_000, Number.MAX_SAFE_INTEGER]) {
      expect(retryBaseDelayMs(p, n)).toBe(600_000);
      const d = retryDelayMs(p, n, () => 0.5);
      expect(Number.isFinite(d)).toBe(true);
      expect(d).toBe(540_000);
    }
  });

  it('treats a zero backoff as no wait rather than NaN', () => {
    expect(retryDelayMs(policy(0, 300), 2000)).toBe(0);
  });

  it('uses the cap when max_backoff_s is below backoff_s', () => {
    expect(retryBaseDelayMs(policy(60, 10), 1)).toBe(10_000);
  });

  it('reports the band a delay lies in', () => {
    expect(retryDelayBoundsMs(policy(1, 300), 3)).toEqual({
      min: 3200,
      max: 4000,
    });
  });

  it('keeps every delay within [0.8·d, d] of the documented exponential delay, including at the cap', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3600 }),
        fc.integer({ min: 0, max: 86_400 }),
        fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 1_000_000 })),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (backoff, cap, n, r) => {
          const p = policy(backoff, cap);
          const d = documentedMs(p, n);
          const delay = retryDelayMs(p, n, () => r);
          expect(Number.isInteger(delay)).toBe(true);
          expect(delay).toBeGreaterThanOrEqual(0.8 * d);
          expect(delay).toBeLessThanOrEqual(d);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
