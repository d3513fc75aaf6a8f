import { Type, type Static } from 'typebox';

/**
 * An event: a change or outcome written in the same transaction as the change (the outbox, store/events.ts), read
 * by the API and published by the relay to the sinks. Columns are snake_case and JSON fields match them.
 */

/** What a subject of an event is: the task (also for its runs), the monitor (also for its checks), the webhook. */
export type EventSubjectKind = 'task' | 'monitor' | 'webhook';

/**
 * Who made the change an event records, so events double as an audit trail: an API key (its id and name — never its
 * hash or secret — whether it came over HTTP or as a command) or the engine itself (`system`: runs, checks, deadlines,
 * retries after backoff, webhooks disabled after failures).
 */
export const Actor = Type.Union([
  Type.Object(
    {
      kind: Type.Literal('key'),
      id: Type.Integer({ minimum: 1, description: 'The API key\'s id' }),
      name: Type.String({ description: 'The API key\'s name when the change was made' }),
    },
    { additionalProperties: false },
  ),
  Type.Object({ kind: Type.Literal('system') }, { additionalProperties: false }),
]);
export type Actor = Static<typeof Actor>;

/** The engine as the actor of what it does by itself. */
export const SYSTEM_ACTOR: Actor = Object.freeze({ kind: 'system' });

/** The actor of a change made with an API key. */
export function keyActor(key: { id: number; name: string }): Actor {
  return { kind: 'key', id: key.id, name: key.name };
}

/** An event as stored and as handed to the sinks. */
export interface EventRow {
  id: number;
  tenant_id: string;
  type: string;
  created_at: Date;
  subject_kind: string;
  subject_id: number;
  data: Record<string, unknown>;
  /** Null only on events written before actors were recorded (migration 0013). */
  actor: Actor | null;
}

/** An event to append; its id and time are the database's, its actor is given for the whole batch. */
export interface NewEvent {
  tenantId: string;
  type: string;
  subjectKind: EventSubjectKind;
  subjectId: number;
  data: Record<string, unknown>;
}

/** A CloudEvent's `source` for a tenant's events: an absolute URI, unique to the deployment and tenant. */
export type EventSource = (tenantId: string) => string;

/**
 * The source of every tenant's events: `<TICKWORK_PUBLIC_URL>/tenants/<tenant>` when the public URL is set, else
 * `urn:tickwork:<deployment uuid>:<tenant>` (the uuid made once per database, store `readDeploymentId`). Either way,
 * (source, id) is unique across deployments, though each numbers its events from 1.
 */
export function eventSource(publicUrl: string | undefined, deploymentId: string): EventSource {
  if (publicUrl !== undefined) {
    const base = publicUrl.replace(/\/+$/, '');
    return (tenantId) => `${base}/tenants/${encodeURIComponent(tenantId)}`;
  }
  return (tenantId) => `urn:tickwork:${deploymentId}:${encodeURIComponent(tenantId)}`;
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
