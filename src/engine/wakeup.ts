/**
 * A sleep that ends at a deadline or as soon as anyone calls `wake()`: the worker sleeps exactly until the
 * earliest due time it knows, and a notification, a freed slot or shutdown cuts the sleep short.
 */
export class Wakeup {
  /** The latest sleep: how to end it, its timer and when it ends (this machine's clock, epoch ms). */
  private pending: { done: () => void; timer: NodeJS.Timeout; endsAt: number } | null = null;
  private woken = false;

  wake(): void {
    this.woken = true;
    const p = this.pending;
    this.pending = null;
    p?.done();
  }

  /**
   * Ends the current sleep by `at` (epoch ms, this machine's clock) if it would end later: work that falls due
   * before the sleep's end (a retry after its backoff) is claimed at its time, not at the next poll. Not sleeping,
   * it is a `wake()`: the loop is between sleeps and looks again before its next one.
   */
  wakeBy(at: number): void {
    const p = this.pending;
    if (p === null) return this.wake();
    if (at >= p.endsAt) return;
    clearTimeout(p.timer);
    p.endsAt = at;
    p.timer = setTimeout(p.done, Math.max(0, at - Date.now()));
  }

  sleep(ms: number): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(entry.timer);
        if (this.pending === entry) this.pending = null;
        this.woken = false;
        resolve();
      };
      const entry = { done, timer: setTimeout(done, Math.max(0, ms)), endsAt: Date.now() + Math.max(0, ms) };
      this.pending = entry;
    });
  }
}

/**
 * Waits for every promise of `work`, but at most `ms`: the grace period of a stop is a ceiling, not a wait. The timer
 * is cleared as soon as the work is done, so a process with nothing in flight exits at once (a pending timer would
 * keep Node's event loop, and so the process, alive for the whole period).
 */
export async function settleWithin(work: readonly Promise<unknown>[], ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([Promise.all(work), new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  } finally {
    clearTimeout(timer);
  }
}
