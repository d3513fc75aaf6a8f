/**
 * An event: a change or outcome written in the same transaction as the change (the outbox, store/events.ts), read
 * by the API and published by the relay to the sinks. Columns are snake_case and JSON fields match them.
 */

/** What a subject of an event is: the task (also for its runs), the monitor (also for its checks), the webhook. */
export type EventSubjectKind = 'task' | 'monitor' | 'webhook';

/** An event as stored and as handed to the sinks. */
export interface EventRow {
  id: number;
  tenant_id: string;
  type: string;
  created_at: Date;
  subject_kind: string;
  subject_id: number;
  data: Record<string, unknown>;
}

/** An event to append; its id and time are the database's. */
export interface NewEvent {
  tenantId: string;
  type: string;
  subjectKind: EventSubjectKind;
  subjectId: number;
  data: Record<string, unknown>;
}

/**
 * Every event type the code writes, in one list: docs/events.md documents each (test/unit/event-catalogue.test.ts
 * holds both to it). A type written anywhere in src/ must be added here.
 */
export const EVENT_TYPES = [
  'task.created',
  'task.updated',
  'task.deleted',
  'task.paused',
  'task.resumed',
  'task.completed',
  'task.expiring',
  'task.expired',
  'run.started',
  'run.succeeded',
  'run.failed',
  'run.cancelled',
  'run.retried',
  'monitor.created',
  'monitor.updated',
  'monitor.deleted',
  'monitor.down',
  'monitor.up',
  'monitor.cert_expiring',
  'tfl.disrupted',
  'tfl.recovered',
  'webhook.disabled',
  'webhook.test',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];
