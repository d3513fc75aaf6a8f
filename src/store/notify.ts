import type { Queryable } from './db.ts';

/**
 * Every NOTIFY channel in one place: who sends on it and who LISTENs. A notification is sent when the surrounding
 * transaction commits, so a listener never wakes for a change it cannot see yet; each listener also polls, so a
 * lost notification only delays work.
 */

/** Workers LISTEN: a new or changed firing that may be due before their next wake-up (payload: due epoch ms or ''). */
export const WAKE_CHANNEL = 'tickwork_wake';

/** The deadline watcher LISTENs: a new or changed `expires_at`. */
export const DEADLINE_CHANNEL = 'tickwork_deadlines';

/** Monitor checkers LISTEN: a new or changed monitor that is due at once. */
export const MONITOR_WAKE_CHANNEL = 'tickwork_monitor_wake';

/** The webhook delivery loop LISTENs: a delivery made due at once (a redelivery, a webhook enabled again). */
export const WEBHOOK_WAKE_CHANNEL = 'tickwork_webhook_wake';

/** The relay and the API's event feed LISTEN: signalled by an AFTER INSERT trigger on events (migration 0003). */
export const EVENTS_CHANNEL = 'tw_events';

/**
 * Wakes sleeping workers once the surrounding transaction commits. The payload is when the new work is due (epoch
 * ms, database clock; empty: now), so a worker that wakes before then anyway ignores it instead of querying.
 */
export async function wakeWorkers(tx: Queryable, dueAt: Date | null = null): Promise<void> {
  await tx.query(`SELECT pg_notify('${WAKE_CHANNEL}', $1)`, [dueAt === null ? '' : String(dueAt.getTime())], 'wake_workers');
}

/** Wakes the deadline watchers (a deadline was set or changed) once the surrounding transaction commits. */
export async function wakeDeadlineWatchers(tx: Queryable): Promise<void> {
  await tx.query(`SELECT pg_notify('${DEADLINE_CHANNEL}', '')`, [], 'wake_deadline_watchers');
}

/** Wakes the monitor checkers (a monitor is due at once) once the surrounding transaction commits. */
export async function wakeMonitorCheckers(tx: Queryable): Promise<void> {
  await tx.query(`SELECT pg_notify('${MONITOR_WAKE_CHANNEL}', '')`, [], 'wake_monitor_checkers');
}

/** Wakes the webhook delivery loop (a delivery is due at once) once the surrounding transaction commits. */
export async function wakeWebhookDeliveries(tx: Queryable): Promise<void> {
  await tx.query(`SELECT pg_notify('${WEBHOOK_WAKE_CHANNEL}', '')`, [], 'wake_webhook_deliveries');
}
