import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Wakeup } from '../../src/engine/wakeup.ts';

/** The loop's sleep (engine/wakeup.ts) on a fake clock: which call ends it, and when, by the clock's own steps. */
describe('Wakeup', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const sleeping = (w: Wakeup, ms: number): { ended: () => boolean } => {
    let ended = false;
    void w.sleep(ms).then(() => (ended = true));
    return { ended: () => ended };
  };

  it('ends a sleep early at the time wakeBy names, not before it', async () => {
    const w = new Wakeup();
    const s = sleeping(w, 60_000);
    w.wakeBy(Date.now() + 1_000);
    await vi.advanceTimersByTimeAsync(999);
    expect(s.ended()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(s.ended()).toBe(true);
  });

  it('keeps a sleep that ends sooner than the time wakeBy names', async () => {
    const w = new Wakeup();
    const s = sleeping(w, 1_000);
    w.wakeBy(Date.now() + 5_000);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(s.ended()).toBe(true);
  });

  it('takes the earliest of several wakeBy times', async () => {
    const w = new Wakeup();
    const s = sleeping(w, 60_000);
    w.wakeBy(Date.now() + 3_000);
    w.wakeBy(Date.now() + 2_000);
    w.wakeBy(Date.now() + 4_000);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(s.ended()).toBe(true);
  });

  it('makes the next sleep return at once when called while not sleeping, as wake does', async () => {
    const w = new Wakeup();
    w.wakeBy(Date.now() + 10_000);
    const s = sleeping(w, 60_000);
    await vi.advanceTimersByTimeAsync(0);
    expect(s.ended()).toBe(true);
  });

  it('ends the sleep at once on wake after a wakeBy, and the next sleep runs its own length', async () => {
    const w = new Wakeup();
    const first = sleeping(w, 60_000);
    w.wakeBy(Date.now() + 5_000);
    w.wake();
    await vi.advanceTimersByTimeAsync(0);
    expect(first.ended()).toBe(true);
    const second = sleeping(w, 10_000);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(second.ended()).toBe(false);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(second.ended()).toBe(true);
  });
});
