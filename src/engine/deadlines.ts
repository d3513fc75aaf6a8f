import type { Logger } from 'pino';
import type { Db } from '../store/db.ts';
import { appendEvents, type NewEvent } from '../store/events.ts';
import { claimExpiredTasks, claimExpiringNotices, msUntilNextDeadline } from '../store/deadlines.ts';
import { DEADLINE_CHANNEL, stopWaitingRuns } from '../store/runs.ts';
import { taskToJson, type TaskRow } from '../domain/task.ts';
import { Wakeup } from './wakeup.ts';

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

  /** Sends the notices that are due; returns how many. */
  async sendDue(): Promise<number> {
    return this.db.transaction(async (tx) => {
      const expiring = await claimExpiringNotices(tx, BATCH);
      const expired = await claimExpiredTasks(tx, BATCH);
      for (const t of expired) await stopWaitingRuns(tx, t.id, 'the task expired');
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
