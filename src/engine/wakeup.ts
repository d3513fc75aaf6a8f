/**
 * A sleep that ends at a deadline or as soon as anyone calls `wake()`: the worker sleeps exactly until the
 * earliest due time it knows, and a notification, a freed slot or shutdown cuts the sleep short.
 */
export class Wakeup {
  private pending: (() => void) | null = null;
  private woken = false;

  wake(): void {
    this.woken = true;
    const p = this.pending;
    this.pending = null;
    p?.();
  }

  sleep(ms: number): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        if (this.pending === done) this.pending = null;
        this.woken = false;
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      this.pending = done;
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
