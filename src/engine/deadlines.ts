import type { Logger } from 'pino';
import type { Db } from '../store/db.ts';
import { appendEvents, type NewEvent } from '../store/events.ts';
import { claimExpiredTasks, claimExpiringNotices, msUntilNextDeadline } from '../store/deadlines.ts';
import { stopWaitingRuns } from '../store/runs.ts';
import { DEADLINE_CHANNEL } from '../store/notify.ts';
import { taskToJson, type TaskRow } from '../domain/task.ts';
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

  private sendBatch(limit: number, withEvents: boolean): Promise<number> {
    return this.db.transaction(async (tx) => {
      const expiring = await claimExpiringNotices(tx, limit);
      const expired = await claimExpiredTasks(tx, limit);
      for (const t of expired) await stopWaitingRuns(tx, t.id, 'the task expired');
      if (!withEvents) {
        this.log.error({ expiring: expiring.map((t) => t.id), expired: expired.map((t) => t.id) }, 'deadline notices stamped without events');
        return expiring.length + expired.length;
      }
      const events: NewEvent[] = [
        ...expiring.map((t) => this.notice('task.expiring', t)),
        ...expired.filter((t) => t.expiring_unsent).map(({ expiring_unsent: _u, ...t }) => this.notice('task.expiring', t)),
        ...expired.map(({ expiring_unsent: _u, ...t }) => this.notice('task.expired', t)),
      ];
      await appendEvents(tx, events);
      return expiring.length + expired.length;
    });
  }

  private notice(type: 'task.expiring' | 'task.expired', t: TaskRow): NewEvent {
    const expiresAt = t.expires_at?.toISOString() ?? null;
    // One clear line per notice: who (tenant, task), what, when.
    this.log.info(
      { event: type, tenant: t.tenant_id, task: t.id, title: t.title, expires_at: expiresAt },
      type === 'task.expiring'
        ? `task ${t.id} "${t.title ?? ''}" of tenant ${t.tenant_id} expires at ${expiresAt}`
        : `task ${t.id} "${t.title ?? ''}" of tenant ${t.tenant_id} expired at ${expiresAt}`,
    );
    return { tenantId: t.tenant_id, type, subjectKind: 'task', subjectId: t.id, data: taskToJson(t, null) };
  }
}
