import type { MisfirePolicy, Schedule } from './schedule.ts';
import { shownHttpAction } from './redaction.ts';

/** A task as stored (one row of `tasks`). Columns are snake_case and JSON fields match them. */

export type TaskState = 'active' | 'paused' | 'completed' | 'expired';
export type OverlapPolicy = 'skip' | 'allow';

/** The schedule as stored in `tasks.schedule` (JSON; times as ISO strings). */
export type ScheduleJson =
  | { type: 'once'; at: string }
  | { type: 'cron'; expression: string; timezone: string }
  | { type: 'interval'; seconds: number };

export type { ActionJson, HttpActionJson, TflActionJson } from './action.ts';
import type { ActionJson } from './action.ts';

export interface TaskRow {
  id: number;
  tenant_id: string;
  title: string | null;
  description: string | null;
  schedule: ScheduleJson | null;
  anchor_at: Date;
  action: ActionJson | null;
  expires_at: Date | null;
  notify_before: number;
  retry_max_attempts: number;
  retry_backoff_s: number;
  retry_max_backoff_s: number;
  overlap: OverlapPolicy;
  misfire: MisfirePolicy;
  state: TaskState;
  next_run_at: Date | null;
  last_run_id: number | null;
  created_at: Date;
  updated_at: Date;
}

export function scheduleFromJson(json: ScheduleJson): Schedule {
  switch (json.type) {
    case 'once':
      return { type: 'once', at: new Date(json.at) };
    case 'cron':
      return { type: 'cron', expression: json.expression, timezone: json.timezone };
    case 'interval':
      return { type: 'interval', seconds: json.seconds };
  }
}

/** The action as responses, events, webhooks and logs show it: secrets as `***`, never the sealed member. */
export function redactAction(action: ActionJson | null): ActionJson | null {
  if (action === null || action.type !== 'http') return action;
  return shownHttpAction(action);
}

export interface LastRunJson {
  id: number;
  status: string;
  started_at: string | null;
  finished_at: string | null;
}

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());

/** The task as API responses and `task.*` events show it. */
export function taskToJson(row: TaskRow, lastRun: LastRunJson | null): Record<string, unknown> {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    schedule: row.schedule,
    action: redactAction(row.action),
    expires_at: iso(row.expires_at),
    notify_before: row.notify_before,
    retry: {
      max_attempts: row.retry_max_attempts,
      backoff_s: row.retry_backoff_s,
      max_backoff_s: row.retry_max_backoff_s,
    },
    overlap: row.overlap,
    misfire: row.misfire,
    state: row.state,
    next_run_at: iso(row.next_run_at),
    last_run: lastRun,
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
  };
}
