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
