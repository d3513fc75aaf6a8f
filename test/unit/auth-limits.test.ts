import { describe, expect, it } from 'vitest';
import { AuthFailureLimiter, RecentlySeen, clientAddressGroup } from '../../src/api/auth-limits.ts';

describe('auth failure limiter', () => {
  it('refuses an address after `limit` failures until its window ends, with the seconds left', () => {
    let now = 1_000_000;
    const limiter = new AuthFailureLimiter(3, 60_000, () => now);
    for (let i = 0; i < 3; i++) {
      expect(limiter.retryAfterSeconds('a')).toBe(0);
      limiter.recordFailure('a');
    }
    expect(limiter.retryAfterSeconds('a')).toBe(60);
    expect(limiter.retryAfterSeconds('b')).toBe(0);
    now += 59_500;
    expect(limiter.retryAfterSeconds('a')).toBe(1);
    now += 500;
    expect(limiter.retryAfterSeconds('a')).toBe(0);
    limiter.recordFailure('a'); // a new window, counting from one
    expect(limiter.retryAfterSeconds('a')).toBe(0);
  });

  it('holds at most maxAddresses windows, dropping the oldest first', () => {
    let now = 0;
    const limiter = new AuthFailureLimiter(1, 60_000, () => now, 2);
    limiter.recordFailure('a');
    now += 1;
    limiter.recordFailure('b');
    limiter.recordFailure('c');
    expect(limiter.retryAfterSeconds('a')).toBe(0);
    expect(limiter.retryAfterSeconds('b')).toBeGreaterThan(0);
    expect(limiter.retryAfterSeconds('c')).toBeGreaterThan(0);
  });
});

describe('client address groups', () => {
  it('counts IPv4 (also IPv4-mapped) by address and IPv6 by its /64', () => {
    expect(clientAddressGroup('203.0.113.7')).toBe('203.0.113.7');
    expect(clientAddressGroup('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(clientAddressGroup('2001:db8:1:2::1')).toBe(clientAddressGroup('2001:db8:1:2:ffff::9'));
    expect(clientAddressGroup('2001:db8:1:2::1')).not.toBe(clientAddressGroup('2001:db8:1:3::1'));
  });
});

describe('recently seen', () => {
  it('forgets a key ttl after it was last marked', () => {
    let now = 0;
    const seen = new RecentlySeen<number>(60_000, () => now);
    seen.mark(1);
    now += 59_999;
    expect(seen.has(1)).toBe(true);
    now += 1;
    expect(seen.has(1)).toBe(false);
  });
});
