import type { Principal } from '../store/keys.ts';

/**
 * Keys recently authenticated by this API process, by the SHA-256 of the secret: a request with a known key costs no
 * database lookup, so a flood of requests (refused by the rate limit or not) does not become a flood of lookups that
 * slows every other tenant (FAULTS S8). An entry lives `ttlMs` (5 s) at most and never past the key's expiry as the
 * database clock had it; a key revoked through this process is forgotten at once, and through another process when
 * its NOTIFY arrives, so revocation and expiry take effect everywhere within the TTL even if that notice is lost.
 */
export class KeyCache {
  private readonly entries = new Map<string, { principal: Principal; until: number }>();

  constructor(
    private readonly ttlMs = 5_000,
    private readonly maxEntries = 100_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(hash: string): Principal | null {
    const e = this.entries.get(hash);
    if (e === undefined) return null;
    if (e.until <= this.now()) {
      this.entries.delete(hash);
      return null;
    }
    return e.principal;
  }

  put(hash: string, principal: Principal): void {
    const until = this.now() + Math.min(this.ttlMs, principal.validForMs ?? Infinity);
    if (this.entries.size >= this.maxEntries) {
      // Oldest first: a Map iterates in insertion order.
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
    this.entries.delete(hash);
    this.entries.set(hash, { principal, until });
  }

  /** Forgets every entry of the key `keyId` (revoked). */
  forgetKey(keyId: number): void {
    for (const [hash, e] of this.entries) if (e.principal.keyId === keyId) this.entries.delete(hash);
  }
}
