import type { Logger } from 'pino';
import type { Db } from '../store/db.ts';
import { msUntilNextDeadline, sendDeadlineNotices } from '../store/deadlines.ts';
import { DEADLINE_CHANNEL } from '../store/notify.ts';
import type { DeadlineNotice } from '../domain/deadline-notices.ts';
import { Wakeup } from './wakeup.ts';
import { errorText } from './group-commit.ts';
import { isTransientDbError } from '../store/db-errors.ts';

const BATCH = 200;

/**
 * Watches task deadlines: `task.expiring` at `expires_at − notify_before` (at once if that moment has passed) and
 * `task.expired` at `expires_at`, each exactly once across restarts and workers. Sleeps until the next deadline.
 */
export class DeadlineWatcher {
  private readonly wakeup = new Wakeup();
  private stopping = false;
  private done: Promise<void> = Promise.resolve();
  private unlisten: (() => Promise<void>) | null = null;

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    private readonly pollSeconds: number,
  ) {}

  async start(): Promise<void> {
    // A new or changed deadline may be due sooner than the next one this watcher knows.
    this.unlisten = await this.db.listen(DEADLINE_CHANNEL, () => this.wakeup.wake());
    this.done = this.loop();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeup.wake();
    await this.done;
    await this.unlisten?.();
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      try {
        const n = await this.sendDue();
        if (n >= BATCH) continue;
        const next = await msUntilNextDeadline(this.db);
        const poll = this.pollSeconds * 1000;
        await this.wakeup.sleep(next === null ? poll : Math.max(5, Math.min(next, poll)));
      } catch (err) {
        this.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'deadline watch failed; retrying');
        await this.wakeup.sleep(1_000);
      }
    }
  }

  /**
   * Sends the notices that are due; returns how many. A batch that fails for a lasting reason must not stop every
   * later notice: the earliest notice is then sent alone, and if that fails too, its task is stamped (and expired)
   * without its events, with the reason logged, so the watch goes on. Transient failures are retried by the loop.
   */
  async sendDue(): Promise<number> {
    try {
      return await this.sendBatch(BATCH, true);
    } catch (err) {
      if (isTransientDbError(err)) throw err;
      try {
        return await this.sendBatch(1, true);
      } catch (alone) {
        if (isTransientDbError(alone)) throw alone;
        const n = await this.sendBatch(1, false);
        this.log.error({ err: errorText(alone) }, 'a deadline notice could not be sent; its task was stamped without the event');
        return n;
      }
    }
  }

  private async sendBatch(limit: number, withEvents: boolean): Promise<number> {
    const sent = await sendDeadlineNotices(this.db, limit, withEvents);
    if (!withEvents) {
      this.log.error({ expiring: sent.expiring.map((t) => t.id), expired: sent.expired.map((t) => t.id) }, 'deadline notices stamped without events');
    }
    for (const n of sent.notices) this.logNotice(n);
    return sent.expiring.length + sent.expired.length;
  }

  /** One clear line per notice sent: who (tenant, task), what, when. */
  private logNotice({ type, task: t }: DeadlineNotice): void {
    const expiresAt = t.expires_at?.toISOString() ?? null;
    this.log.info(
      { event: type, tenant: t.tenant_id, task: t.id, title: t.title, expires_at: expiresAt },
      type === 'task.expiring'
        ? `task ${t.id} "${t.title ?? ''}" of tenant ${t.tenant_id} expires at ${expiresAt}`
        : `task ${t.id} "${t.title ?? ''}" of tenant ${t.tenant_id} expired at ${expiresAt}`,
    );
  }
}
