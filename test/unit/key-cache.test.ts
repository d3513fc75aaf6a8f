import { describe, expect, it } from 'vitest';
import { KeyCache } from '../../src/api/key-cache.ts';
import type { Principal } from '../../src/store/keys.ts';

const principal = (keyId: number, validForMs: number | null = null): Principal => ({ keyId, keyName: 'k', tenantId: 't', scopes: ['read'], validForMs });

describe('the API key cache of one API process', () => {
  it('keeps a key for its TTL, never past its expiry, and forgets a revoked key at once', () => {
    let now = 0;
    const cache = new KeyCache(5_000, 10, () => now);
    cache.put('a', principal(1));
    cache.put('b', principal(2, 1_000));
    expect(cache.get('a')?.keyId).toBe(1);
    now = 1_000;
    expect(cache.get('b')).toBeNull(); // expired by the database clock's reckoning, before the TTL
    expect(cache.get('a')?.keyId).toBe(1);
    cache.forgetKey(1);
    expect(cache.get('a')).toBeNull();
    cache.put('a', principal(1));
    now = 6_001;
    expect(cache.get('a')).toBeNull();
  });

  it('holds at most its size, dropping the oldest entry', () => {
    const cache = new KeyCache(5_000, 2, () => 0);
    cache.put('a', principal(1));
    cache.put('b', principal(2));
    cache.put('c', principal(3));
    expect([cache.get('a'), cache.get('b')?.keyId, cache.get('c')?.keyId]).toEqual([null, 2, 3]);
  });
});
