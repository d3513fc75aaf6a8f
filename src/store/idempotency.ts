import type { Queryable } from './db.ts';

/**
 * Idempotency keys: the first request with a key reserves it (status 0 while in progress) and stores its response;
 * a repeat within 24 h gets that response back. The reservation is an insert, so two concurrent repeats cannot
 * both act.
 */

export interface StoredResponse {
  request_hash: string;
  status_code: number;
  headers: Record<string, string>;
  body: string;
}

/** How long a key is remembered; past it the key is free again and pruned. */
const WINDOW = `interval '24 hours'`;

/** Reserves the key; returns null when this request is the first, else what is stored for it. */
export async function reserveIdempotencyKey(db: Queryable, tenantId: string, key: string, requestHash: string): Promise<StoredResponse | null> {
  // By tw_now(), the database clock every other window is measured on, so the pruner agrees on which keys expired.
  const inserted = await db.query(
    `INSERT INTO idempotency_keys (tenant_id, key, request_hash, status_code, headers, body, created_at)
     VALUES ($1, $2, $3, 0, '{}', '', tw_now())
     ON CONFLICT (tenant_id, key) DO UPDATE SET request_hash = excluded.request_hash, status_code = 0, headers = '{}',
       body = '', created_at = tw_now()
       WHERE idempotency_keys.created_at < tw_now() - ${WINDOW}
     RETURNING 1`,
    [tenantId, key, requestHash],
    'reserve_idempotency_key',
  );
  if (inserted.length > 0) return null;
  const rows = await db.query<StoredResponse>(
    'SELECT request_hash, status_code, headers, body FROM idempotency_keys WHERE tenant_id = $1 AND key = $2',
    [tenantId, key],
  );
  return rows[0] ?? null;
}

export async function storeIdempotentResponse(db: Queryable, tenantId: string, key: string, r: Omit<StoredResponse, 'request_hash'>): Promise<void> {
  await db.query(
    'UPDATE idempotency_keys SET status_code = $3, headers = $4, body = $5 WHERE tenant_id = $1 AND key = $2',
    [tenantId, key, r.status_code, JSON.stringify(r.headers), r.body],
  );
}

/** Frees a reservation whose request failed, so the client may retry with the same key. */
export async function releaseIdempotencyKey(db: Queryable, tenantId: string, key: string): Promise<void> {
  await db.query('DELETE FROM idempotency_keys WHERE tenant_id = $1 AND key = $2 AND status_code = 0', [tenantId, key]);
}

/**
 * Deletes up to `batch` keys past their 24 h window, oldest first (index on created_at), and returns how many; call
 * until it returns less than `batch`. A key being reserved again right now is skipped (locked) and renewed instead.
 */
export async function pruneIdempotencyKeys(db: Queryable, batch: number): Promise<number> {
  const rows = await db.query(
    `WITH expired AS (
       SELECT tenant_id, key FROM idempotency_keys
        WHERE created_at < tw_now() - ${WINDOW}
        ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED)
     DELETE FROM idempotency_keys k USING expired e WHERE k.tenant_id = e.tenant_id AND k.key = e.key
     RETURNING 1`,
    [batch],
    'prune_idempotency_keys',
  );
  return rows.length;
}
