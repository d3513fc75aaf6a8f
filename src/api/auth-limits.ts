import ipaddr from 'ipaddr.js';

/**
 * The in-memory bookkeeping of authentication, per API process: failed attempts per client address, keys recently
 * seen valid, and when a key's use was last written. Nothing is shared between processes (README: limits).
 */

/**
 * The address a failure is counted against: an IPv4 address (IPv4-mapped IPv6 included) as is, an IPv6 address by
 * its /64, since one host is commonly given a whole /64 and could otherwise change address at every attempt.
 */
export function clientAddressGroup(ip: string): string {
  if (!ipaddr.isValid(ip)) return ip;
  const a = ipaddr.process(ip);
  if (a.kind() === 'ipv4') return a.toString();
  const parts = (a as ipaddr.IPv6).parts.slice(0, 4).map((p) => p.toString(16));
  return `${parts.join(':')}::/64`;
}

/**
 * Failed authentications per address in fixed windows: the first failure opens a window of `windowMs`; once it holds
 * `limit` failures the address is refused until the window ends. Entries live in the map in the order their windows
 * opened, so the expired ones are always at the front and are swept there; at `maxAddresses` the oldest window is
 * dropped (a flood from that many addresses a minute is beyond what a per-process limit can hold anyway).
 */
export class AuthFailureLimiter {
  private readonly windows = new Map<string, { count: number; endsAt: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
    private readonly maxAddresses = 100_000,
  ) {}

  /** Seconds until `address` may try again (at least 1), or 0 when it may try now. */
  retryAfterSeconds(address: string): number {
    const w = this.windows.get(address);
    const now = this.now();
    if (w === undefined || w.endsAt <= now || w.count < this.limit) return 0;
    return Math.max(1, Math.ceil((w.endsAt - now) / 1000));
  }

  recordFailure(address: string): void {
    const now = this.now();
    this.sweep(now);
    const w = this.windows.get(address);
    if (w !== undefined && w.endsAt > now) {
      w.count++;
      return;
    }
    this.windows.delete(address);
    if (this.windows.size >= this.maxAddresses) {
      const oldest = this.windows.keys().next();
      if (oldest.done !== true) this.windows.delete(oldest.value);
    }
    this.windows.set(address, { count: 1, endsAt: now + this.windowMs });
  }

  private sweep(now: number): void {
    for (const [address, w] of this.windows) {
      if (w.endsAt > now) return;
      this.windows.delete(address);
    }
  }
}

/** Keys marked within the last `ttlMs`; marking moves a key to the back, so stale ones are swept from the front. */
export class RecentlySeen<K> {
  private readonly seen = new Map<K, number>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  has(key: K): boolean {
    const at = this.seen.get(key);
    return at !== undefined && this.now() - at < this.ttlMs;
  }

  mark(key: K): void {
    const now = this.now();
    this.seen.delete(key);
    this.seen.set(key, now);
    for (const [k, at] of this.seen) {
      if (now - at < this.ttlMs) return;
      this.seen.delete(k);
    }
  }
}
