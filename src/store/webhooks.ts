import type { Db, Queryable } from './db.ts';
import { appendEvents, type Actor, type EventRow } from './events.ts';
import { SYSTEM_ACTOR } from '../domain/event.ts';
import { wakeWebhookDeliveries } from './notify.ts';
import { resealSecretPairs, type ResealBatch, type SecretBox } from './secrets.ts';

/** Webhooks (tenant-scoped) and their deliveries. Secrets arrive here already sealed (store/secrets.ts). */

export interface WebhookRow {
  id: number;
  tenant_id: string;
  url: string;
  events: string[];
  state: 'active' | 'disabled';
  failure_streak: number;
  disabled_reason: string | null;
  previous_secret_until: Date | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, tenant_id, url, events, state, failure_streak, disabled_reason, previous_secret_until, created_at, updated_at';

export async function createWebhook(db: Queryable, tenantId: string, url: string, events: readonly string[], sealedSecret: string): Promise<WebhookRow> {
  const [row] = await db.query<WebhookRow>(
    `INSERT INTO webhooks (tenant_id, url, events, secret_enc) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
    [tenantId, url, events, sealedSecret],
  );
  if (row === undefined) throw new Error('insert returned no row');
  return row;
}

export async function getWebhook(db: Queryable, tenantId: string, id: number): Promise<WebhookRow | null> {
  const [row] = await db.query<WebhookRow>(
    `SELECT ${COLUMNS} FROM webhooks WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL`,
    [tenantId, id],
  );
  return row ?? null;
}

export async function listWebhooks(db: Queryable, tenantId: string, afterId: number, limit: number): Promise<WebhookRow[]> {
  return db.query<WebhookRow>(
    `SELECT ${COLUMNS} FROM webhooks WHERE tenant_id = $1 AND id > $2 AND deleted_at IS NULL ORDER BY id LIMIT $3`,
    [tenantId, afterId, limit],
  );
}

/** Deletes a webhook (a tombstone keeps its deliveries inspectable); its pending deliveries are dropped. */
export async function deleteWebhook(db: Db, tenantId: string, id: number): Promise<boolean> {
  return db.transaction(async (tx) => {
    const rows = await tx.query(
      'UPDATE webhooks SET deleted_at = now(), updated_at = now() WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL RETURNING id',
      [tenantId, id],
    );
    if (rows.length === 0) return false;
    await tx.query(`UPDATE webhook_deliveries SET status = 'dropped' WHERE webhook_id = $1 AND status = 'pending'`, [id]);
    return true;
  });
}

/** Replaces the secret; the old one keeps signing for `overlapSeconds` so receivers can switch without a gap. */
export async function rotateWebhookSecret(db: Queryable, tenantId: string, id: number, sealedSecret: string, overlapSeconds: number): Promise<WebhookRow | null> {
  const [row] = await db.query<WebhookRow>(
    `UPDATE webhooks SET previous_secret_enc = secret_enc, secret_enc = $3,
            previous_secret_until = now() + make_interval(secs => $4), updated_at = now()
      WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL RETURNING ${COLUMNS}`,
    [tenantId, id, sealedSecret, overlapSeconds],
  );
  return row ?? null;
}

/** What a PATCH changes; absent fields stay as they are. */
export interface WebhookChanges {
  url?: string;
  events?: readonly string[];
  /** true: enabled again (the failure streak and reason cleared); false: disabled, its pending deliveries dropped. */
  active?: boolean;
}

/**
 * Applies `changes` to a live webhook of the tenant; null when there is none. Disabling drops its pending deliveries
 * (as a disabling after failures does); enabling clears the failure streak, so the next failure does not disable it
 * again at once. Nothing is written when nothing changes.
 */
export async function updateWebhook(db: Db, tenantId: string, id: number, changes: WebhookChanges): Promise<WebhookRow | null> {
  return db.transaction(async (tx) => {
    const [current] = await tx.query<WebhookRow>(
      `SELECT ${COLUMNS} FROM webhooks WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL FOR UPDATE`,
      [tenantId, id],
    );
    if (current === undefined) return null;
    const url = changes.url ?? current.url;
    const events = changes.events === undefined ? current.events : [...changes.events];
    const state = changes.active === undefined ? current.state : changes.active ? 'active' : 'disabled';
    const same = url === current.url && state === current.state && events.length === current.events.length && events.every((e, i) => e === current.events[i]);
    if (same) return current;
    const [row] = await tx.query<WebhookRow>(
      `UPDATE webhooks SET url = $3, events = $4, state = $5, updated_at = now(),
              failure_streak = CASE WHEN $5 = 'active' AND state = 'disabled' THEN 0 ELSE failure_streak END,
              disabled_reason = CASE WHEN $5 = 'active' THEN NULL WHEN state = 'active' THEN 'disabled through the API' ELSE disabled_reason END
        WHERE tenant_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
      [tenantId, id, url, events, state],
    );
    if (state === 'disabled' && current.state === 'active') {
      await tx.query(`UPDATE webhook_deliveries SET status = 'dropped' WHERE webhook_id = $1 AND status = 'pending'`, [id]);
    }
    if (state === 'active' && current.state === 'disabled') await wakeWebhookDeliveries(tx);
    return row ?? null;
  });
}

/**
 * Writes a `webhook.test` event about this webhook, which the relay fans out to this webhook only (see
 * enqueueDeliveries). Returns the event id; null when the tenant has no such live webhook.
 */
export async function sendTestEvent(db: Db, tenantId: string, id: number, actor: Actor): Promise<{ eventId: number | null; state: WebhookRow['state'] } | null> {
  return db.transaction(async (tx) => {
    // Locked, so two tests of one webhook take turns and each reads back its own event's id.
    const [w] = await tx.query<{ url: string; state: WebhookRow['state'] }>(
      'SELECT url, state FROM webhooks WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL FOR UPDATE',
      [tenantId, id],
    );
    if (w === undefined) return null;
    if (w.state !== 'active') return { eventId: null, state: w.state };
    await appendEvents(tx, [
      { tenantId, type: 'webhook.test', subjectKind: 'webhook', subjectId: id, data: { webhook_id: id, url: w.url, message: 'A test event from tickwork: this webhook receives events.' } },
    ], actor);
    const [e] = await tx.query<{ id: number }>(
      `SELECT max(id)::bigint AS id FROM events WHERE tenant_id = $1 AND type = 'webhook.test' AND subject_kind = 'webhook' AND subject_id = $2`,
      [tenantId, id],
    );
    if (e === undefined) throw new Error('the test event is not there');
    return { eventId: e.id, state: w.state };
  });
}

/** Why a delivery cannot be sent again, or the delivery made due now. */
export type RedeliveryResult = { ok: true; delivery: DeliveryRow } | { ok: false; reason: 'not_found' | 'succeeded' | 'not_attempted' | 'webhook_disabled' };

/**
 * Makes a failed delivery (dropped, or pending after a failed attempt) of a live webhook of the tenant due at once
 * (as pending), and wakes the delivery loop. A webhook receives its deliveries in event order, so a redelivered old
 * event is sent before newer ones.
 */
export async function redeliver(db: Db, tenantId: string, webhookId: number, deliveryId: number): Promise<RedeliveryResult> {
  return db.transaction(async (tx) => {
    const [d] = await tx.query<DeliveryRow & { webhook_state: WebhookRow['state'] }>(
      `SELECT ${DELIVERY_COLUMNS.split(', ').map((c) => `d.${c}`).join(', ')}, w.state AS webhook_state
         FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
        WHERE d.tenant_id = $1 AND d.webhook_id = $2 AND d.id = $3 AND w.tenant_id = $1 AND w.deleted_at IS NULL
        FOR UPDATE OF d`,
      [tenantId, webhookId, deliveryId],
    );
    if (d === undefined) return { ok: false, reason: 'not_found' };
    if (d.status === 'succeeded') return { ok: false, reason: 'succeeded' };
    if (d.status === 'pending' && d.attempts === 0) return { ok: false, reason: 'not_attempted' };
    if (d.webhook_state !== 'active') return { ok: false, reason: 'webhook_disabled' };
    const [row] = await tx.query<DeliveryRow>(
      `UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = now() WHERE id = $1 RETURNING ${DELIVERY_COLUMNS}`,
      [deliveryId],
    );
    if (row === undefined) throw new Error('update returned no row');
    await wakeWebhookDeliveries(tx);
    return { ok: true, delivery: row };
  });
}

export interface DeliveryRow {
  id: number;
  webhook_id: number;
  event_id: number;
  status: 'pending' | 'succeeded' | 'dropped';
  attempts: number;
  next_attempt_at: Date;
  last_attempt_at: Date | null;
  http_status: number | null;
  error: string | null;
  duration_ms: number | null;
  created_at: Date;
}

const DELIVERY_COLUMNS = 'id, webhook_id, event_id, status, attempts, next_attempt_at, last_attempt_at, http_status, error, duration_ms, created_at';

/** A webhook's deliveries, newest first. */
export async function listDeliveries(db: Queryable, tenantId: string, webhookId: number, beforeId: number | null, limit: number): Promise<DeliveryRow[]> {
  return db.query<DeliveryRow>(
    `SELECT ${DELIVERY_COLUMNS}
       FROM webhook_deliveries
      WHERE tenant_id = $1 AND webhook_id = $2 AND ($3::bigint IS NULL OR id < $3)
      ORDER BY id DESC LIMIT $4`,
    [tenantId, webhookId, beforeId, limit],
  );
}

/**
 * Fans events out into one pending delivery per matching active webhook of the event's tenant. Idempotent (a
 * relay that crashed before moving its cursor fans the same events out again without doubling them). A
 * `webhook.test` event goes only to the webhook it is about (POST /v1/webhooks/{id}/test).
 */
export async function enqueueDeliveries(db: Queryable, events: readonly EventRow[]): Promise<number> {
  if (events.length === 0) return 0;
  const rows = await db.query(
    `INSERT INTO webhook_deliveries (webhook_id, tenant_id, event_id)
     SELECT w.id, e.tenant_id, e.id
       FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[]) AS e (id, tenant_id, type, subject_id)
       JOIN webhooks w ON w.tenant_id = e.tenant_id AND w.state = 'active' AND w.deleted_at IS NULL
      WHERE CASE WHEN e.type = 'webhook.test' THEN e.subject_id = w.id
                 ELSE EXISTS (SELECT 1 FROM unnest(w.events) AS p (pattern)
                               WHERE p.pattern = '*' OR p.pattern = e.type
                                  OR (right(p.pattern, 1) = '*' AND starts_with(e.type, left(p.pattern, -1)))) END
     ON CONFLICT (webhook_id, event_id) DO NOTHING
     RETURNING 1`,
    [events.map((e) => e.id), events.map((e) => e.tenant_id), events.map((e) => e.type), events.map((e) => e.subject_id)],
    'enqueue_deliveries',
  );
  return rows.length;
}

/** The oldest pending delivery of one webhook, with what it takes to send it. */
export interface HeadDelivery {
  id: number;
  webhook_id: number;
  attempts: number;
  due: boolean;
  wait_ms: number;
  url: string;
  secret_enc: string;
  previous_secret_enc: string | null;
  event: EventRow;
}

interface HeadRow extends Omit<HeadDelivery, 'event'> {
  e_id: number;
  e_tenant_id: string;
  e_type: string;
  e_created_at: Date;
  e_subject_kind: string;
  e_subject_id: number;
  e_data: Record<string, unknown>;
  e_actor: EventRow['actor'];
}

/**
 * Each active webhook's oldest pending delivery (head of line: a webhook receives its events in order, and one
 * that fails is retried before anything newer is sent to it).
 */
export async function headDeliveries(db: Queryable, limit: number): Promise<HeadDelivery[]> {
  const rows = await db.query<HeadRow>(
    `SELECT DISTINCT ON (d.webhook_id)
            d.id, d.webhook_id, d.attempts, d.next_attempt_at <= now() AS due,
            greatest(0, extract(epoch FROM d.next_attempt_at - now()) * 1000)::float8 AS wait_ms,
            w.url, w.secret_enc, CASE WHEN w.previous_secret_until > now() THEN w.previous_secret_enc END AS previous_secret_enc,
            e.id AS e_id, e.tenant_id AS e_tenant_id, e.type AS e_type, e.created_at AS e_created_at,
            e.subject_kind AS e_subject_kind, e.subject_id AS e_subject_id, e.data AS e_data, e.actor AS e_actor
       FROM webhook_deliveries d
       JOIN webhooks w ON w.id = d.webhook_id
       JOIN events e ON e.id = d.event_id
      WHERE d.status = 'pending' AND w.state = 'active' AND w.deleted_at IS NULL
      ORDER BY d.webhook_id, d.event_id
      LIMIT $1`,
    [limit],
    'head_deliveries',
  );
  return rows.map((r) => ({
    id: r.id,
    webhook_id: r.webhook_id,
    attempts: r.attempts,
    due: r.due,
    wait_ms: r.wait_ms,
    url: r.url,
    secret_enc: r.secret_enc,
    previous_secret_enc: r.previous_secret_enc,
    event: { id: r.e_id, tenant_id: r.e_tenant_id, type: r.e_type, created_at: r.e_created_at, subject_kind: r.e_subject_kind, subject_id: r.e_subject_id, data: r.e_data, actor: r.e_actor },
  }));
}

export interface AttemptResult {
  ok: boolean;
  httpStatus: number | null;
  error: string | null;
  durationMs: number;
}

/** Records a successful attempt: the delivery is done and the webhook's failure streak ends. */
export async function recordDeliverySuccess(db: Db, deliveryId: number, webhookId: number, r: AttemptResult): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(
      `UPDATE webhook_deliveries SET status = 'succeeded', attempts = attempts + 1, last_attempt_at = now(),
              http_status = $2, error = NULL, duration_ms = $3 WHERE id = $1`,
      [deliveryId, r.httpStatus, r.durationMs],
    );
    await tx.query('UPDATE webhooks SET failure_streak = 0 WHERE id = $1 AND failure_streak <> 0', [webhookId]);
  });
}

/**
 * Records a failed attempt and schedules the next one after `retryInMs`. After `disableAfter` consecutive failures
 * the webhook is disabled, its pending deliveries dropped, and a `webhook.disabled` event written in the same
 * transaction. Returns whether it was disabled.
 */
export async function recordDeliveryFailure(db: Db, deliveryId: number, webhookId: number, r: AttemptResult, retryInMs: number, disableAfter: number): Promise<boolean> {
  return db.transaction(async (tx) => {
    await tx.query(
      `UPDATE webhook_deliveries SET attempts = attempts + 1, last_attempt_at = now(), http_status = $2, error = $3,
              duration_ms = $4, next_attempt_at = now() + make_interval(secs => $5) WHERE id = $1`,
      [deliveryId, r.httpStatus, r.error, r.durationMs, retryInMs / 1000],
    );
    const [w] = await tx.query<{ tenant_id: string; url: string; failure_streak: number }>(
      'UPDATE webhooks SET failure_streak = failure_streak + 1 WHERE id = $1 RETURNING tenant_id, url, failure_streak',
      [webhookId],
    );
    if (w === undefined || w.failure_streak < disableAfter) return false;
    const reason = `${w.failure_streak} consecutive failed attempts; last: ${r.error ?? `HTTP ${String(r.httpStatus)}`}`;
    await tx.query(
      `UPDATE webhooks SET state = 'disabled', disabled_reason = $2, updated_at = now() WHERE id = $1`,
      [webhookId, reason],
    );
    await tx.query(`UPDATE webhook_deliveries SET status = 'dropped' WHERE webhook_id = $1 AND status = 'pending'`, [webhookId]);
    await appendEvents(tx, [
      { tenantId: w.tenant_id, type: 'webhook.disabled', subjectKind: 'webhook', subjectId: webhookId, data: { url: w.url, failure_streak: w.failure_streak, reason } },
    ], SYSTEM_ACTOR);
    return true;
  });
}

/**
 * Deletes up to `batch` finished (succeeded or dropped) deliveries older than `retentionDays`; returns how many.
 * Looks only at the `batch` oldest finished rows by id, so a call with nothing to do stays cheap.
 */
export async function pruneWebhookDeliveries(db: Queryable, retentionDays: number, batch: number): Promise<number> {
  const rows = await db.query(
    `WITH oldest AS (
       SELECT id, created_at FROM webhook_deliveries WHERE status <> 'pending'
        ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED)
     DELETE FROM webhook_deliveries
      WHERE id IN (SELECT id FROM oldest WHERE created_at < tw_now() - make_interval(days => $1))
     RETURNING 1`,
    [retentionDays, batch],
    'prune_webhook_deliveries',
  );
  return rows.length;
}

/** One batch of `tickwork secrets reseal` over webhook secrets (current and previous), deleted webhooks included (resealSecretPairs). */
export function resealWebhookSecrets(db: Db, box: SecretBox, afterId: number, limit: number): Promise<ResealBatch> {
  return resealSecretPairs(db, box, 'webhooks', afterId, limit);
}
