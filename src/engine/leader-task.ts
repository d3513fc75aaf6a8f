import { Wakeup } from './wakeup.ts';

/** What a leader task is told while it runs: whether it may act now, and the lease it acts under. */
export interface LeaderTerm {
  /** True while the lease is certainly live by this process's monotonic clock and the leadership is not stopping. */
  leading(): boolean;
  /** The lease holder's name, for writes that must check in SQL that the lease is still theirs. */
  readonly holder: string;
  /** The database refused a write under the lease: act as not leading until the lease is renewed. */
  lapsed(): void;
}

/** Work that must run in one process of the deployment at a time: it runs while it leads. */
export interface LeaderTask {
  /** Once, before the process contends for the lease (e.g. the relay creates its sinks' cursors). */
  prepare?(): Promise<void>;
  /** When this process starts leading. */
  start(term: LeaderTerm): void;
  /** When it stops leading, or shuts down; waits for the task's work to end. */
  stop(): Promise<void>;
  /** Once, at shutdown, after the lease is given up (e.g. the relay closes its sinks). */
  shutdown?(): Promise<void>;
}

/** A LeaderTask that is one loop: it runs while `go()` is true (leading and not stopped); `stop` waits for it. */
export abstract class LeaderLoop implements LeaderTask {
  protected readonly wakeup = new Wakeup();
  private running: Promise<void> | null = null;
  private active = false;

  start(term: LeaderTerm): void {
    if (this.running !== null) return;
    this.active = true;
    this.running = this.loop(() => this.active && term.leading()).finally(() => {
      this.running = null;
    });
  }

  async stop(): Promise<void> {
    this.active = false;
    this.wakeup.wake();
    await this.running;
  }

  protected abstract loop(go: () => boolean): Promise<void>;
}
