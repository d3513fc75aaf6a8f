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

/** Reserves the key; returns null when this request is the first, else what is stored for it. */
export async function reserveIdempotencyKey(db: Queryable, tenantId: string, key: string, requestHash: string): Promise<StoredResponse | null> {
  const inserted = await db.query(
    `INSERT INTO idempotency_keys (tenant_id, key, request_hash, status_code, headers, body)
     VALUES ($1, $2, $3, 0, '{}', '')
     ON CONFLICT (tenant_id, key) DO UPDATE SET request_hash = excluded.request_hash, status_code = 0, headers = '{}',
       body = '', created_at = now()
       WHERE idempotency_keys.created_at < now() - interval '24 hours'
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
