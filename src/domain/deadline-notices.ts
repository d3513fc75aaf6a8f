import type { PlannedEvent } from './firing.ts';
import { taskToJson, type TaskRow } from './task.ts';

/** A deadline notice to send: `task.expiring` ahead of `expires_at`, `task.expired` at it. */
export interface DeadlineNotice {
  type: 'task.expiring' | 'task.expired';
  task: TaskRow;
}

/**
 * The notices for tasks whose deadline notices were just claimed: each expiring one, then for each expired task its
 * `task.expiring` if that was never sent (the clock passed both moments at once), then its `task.expired`, so each
 * notice is sent exactly once and in order.
 */
export function deadlineNotices(expiring: readonly TaskRow[], expired: readonly (TaskRow & { expiring_unsent: boolean })[]): DeadlineNotice[] {
  return [
    ...expiring.map((task) => ({ type: 'task.expiring' as const, task })),
    ...expired.filter((t) => t.expiring_unsent).map(({ expiring_unsent: _u, ...task }) => ({ type: 'task.expiring' as const, task })),
    ...expired.map(({ expiring_unsent: _u, ...task }) => ({ type: 'task.expired' as const, task })),
  ];
}

export function deadlineEvent(n: DeadlineNotice): PlannedEvent {
  return { tenantId: n.task.tenant_id, type: n.type, subjectKind: 'task', subjectId: n.task.id, data: taskToJson(n.task, null) };
}
