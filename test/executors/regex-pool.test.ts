import { afterEach, describe, expect, it } from 'vitest';
import { createRegexPool, type RegexPool } from '../../src/executors/index.ts';

const pools: RegexPool[] = [];
function pool(size: number, timeoutMs: number): RegexPool {
  const p = createRegexPool({ size, timeoutMs });
  pools.push(p);
  return p;
}
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

/** Backtracks for longer than any test runs: exponential in the input length. */
const CATASTROPHIC = '(a+)+$';
const HOSTILE_TEXT = `${'a'.repeat(100_000)}!`;

describe('regex pool', () => {
  it('matches, misses and reports a bad pattern', async () => {
    const p = pool(2, 2_000);
    expect(await p.test('^he.lo$', '', 'hello')).toEqual({ ok: true, matched: true });
    expect(await p.test('HELLO', 'i', 'say hello')).toEqual({ ok: true, matched: true });
    expect(await p.test('^bye', '', 'hello')).toEqual({ ok: true, matched: false });
    const bad = await p.test('(a', '', 'a');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatch(/Invalid regular expression/);
  });

  it('stops a catastrophic pattern while a simple match in another slot still answers', async () => {
    const p = pool(2, 500);
    const slow = p.test(CATASTROPHIC, '', HOSTILE_TEXT);
    const quick = await p.test('needle', '', 'haystack with a needle');
    expect(quick).toEqual({ ok: true, matched: true });
    expect(await slow).toEqual({ ok: false, error: 'timeout' });
  });

  it('keeps working after a worker is terminated, also with one slot', async () => {
    const p = pool(1, 300);
    const results = await Promise.all([
      p.test(CATASTROPHIC, '', HOSTILE_TEXT),
      p.test('^ok$', '', 'ok'),
      p.test(CATASTROPHIC, '', HOSTILE_TEXT),
      p.test('x', '', 'y'),
    ]);
    expect(results).toEqual([
      { ok: false, error: 'timeout' },
      { ok: true, matched: true },
      { ok: false, error: 'timeout' },
      { ok: true, matched: false },
    ]);
    expect(await p.test('still', '', 'still alive')).toEqual({ ok: true, matched: true });
  });

  it('answers queued and later tests once closed instead of hanging', async () => {
    const p = pool(1, 5_000);
    const running = p.test(CATASTROPHIC, '', HOSTILE_TEXT);
    const queued = p.test('a', '', 'a');
    await p.close();
    expect(await running).toEqual({ ok: false, error: 'regex pool is closed' });
    expect(await queued).toEqual({ ok: false, error: 'regex pool is closed' });
    expect(await p.test('a', '', 'a')).toEqual({ ok: false, error: 'regex pool is closed' });
  });
});
