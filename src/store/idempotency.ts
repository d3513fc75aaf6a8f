import { createHmac } from 'node:crypto';
import type { Queryable } from './db.ts';
import type { SecretBox } from './secrets.ts';
import { ProblemError } from '../domain/errors.ts';

/**
 * Idempotency records, one per (API key, Idempotency-Key): the first request with a key reserves it (status 0 while
 * in progress) and stores its response; a repeat by the same API key within 24 h gets that response back. The
 * reservation is an insert, so two concurrent repeats cannot both act. Scoped to the API key, not the tenant: another
 * key of the tenant using the same Idempotency-Key makes a fresh request. HTTP and AMQP commands share this key space.
 *
 * The body is stored as given: callers pass it sealed (SecretBox), since responses carry secrets (a new API key, a
 * webhook secret, a ping token). The legacy table idempotency_keys (tenant-scoped, plain text) is only emptied here.
 */

export interface StoredResponse {
  request_hash: string;
  /** 0 while the first request is still in progress. */
  status_code: number;
  headers: Record<string, string>;
  /** As stored by storeIdempotentResponse: sealed. */
  body: string;
}

/** JSON with object keys sorted, so the same request with its fields in another order is the same request. */
function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

/**
 * The request_hash of a request (whatever describes it: method, matched route, parameters, body), keyed by the API
 * key's secret (HMAC-SHA256): bodies carry secrets (a webhook secret, a task's Authorization header), and a plain hash
 * would let whoever reads the table try guesses of them offline. Records are per API key, so one key always computes
 * the same hash, over HTTP and AMQP alike.
 */
export function idempotencyRequestHash(apiKeySecret: string, request: unknown): string {
  return createHmac('sha256', apiKeySecret).update(canonicalJson(request)).digest('hex');
}

/** How long a key is remembered; past it the key is free again and pruned. */
const WINDOW = `interval '24 hours'`;

/** Reserves the key for this API key; returns null when this request is the first, else what is stored for it. */
export async function reserveIdempotencyKey(
  db: Queryable,
  tenantId: string,
  apiKeyId: number,
  key: string,
  requestHash: string,
): Promise<StoredResponse | null> {
  // By tw_now(), the database clock every other window is measured on, so the pruner agrees on which keys expired.
  const inserted = await db.query(
    `INSERT INTO idempotency_records (api_key_id, key, tenant_id, request_hash, status_code, headers, body, created_at)
     VALUES ($1, $2, $3, $4, 0, '{}', '', tw_now())
     ON CONFLICT (api_key_id, key) DO UPDATE SET request_hash = excluded.request_hash, status_code = 0, headers = '{}',
       body = '', created_at = tw_now()
       WHERE idempotency_records.created_at < tw_now() - ${WINDOW}
     RETURNING 1`,
    [apiKeyId, key, tenantId, requestHash],
    'reserve_idempotency_record',
  );
  if (inserted.length > 0) return null;
  // A second statement, so its snapshot sees a record a concurrent first request committed while we waited on it.
  const rows = await db.query<StoredResponse>(
    'SELECT request_hash, status_code, headers, body FROM idempotency_records WHERE api_key_id = $1 AND key = $2 AND tenant_id = $3',
    [apiKeyId, key, tenantId],
    'read_idempotency_record',
  );
  // Gone in between (released after a 5xx, or pruned): the caller may act, as if first.
  return rows[0] ?? null;
}

/**
 * The first response to give back for a repeat whose reservation found `stored`: a different request under the same
 * key is a 409, one still in progress a 409 too, and a body no key of the ring opens (sealed under a key since
 * removed) a 409 that says so. One rule for HTTP and AMQP.
 */
export function replayOf(stored: StoredResponse, requestHash: string, secrets: SecretBox): { status: number; headers: Record<string, string>; body: string } {
  if (stored.request_hash !== requestHash) throw new ProblemError('idempotency_conflict');
  if (stored.status_code === 0) throw new ProblemError('in_progress');
  try {
    return { status: stored.status_code, headers: stored.headers, body: secrets.open(stored.body) };
  } catch {
    throw new ProblemError('idempotency_unreadable');
  }
}

/** Stores the response of the request that reserved the key; `sealedBody` is the body sealed by the caller. */
export async function storeIdempotentResponse(
  db: Queryable,
  tenantId: string,
  apiKeyId: number,
  key: string,
  r: { status_code: number; headers: Record<string, string>; sealedBody: string },
): Promise<void> {
  await db.query(
    `UPDATE idempotency_records SET status_code = $4, headers = $5, body = $6
      WHERE api_key_id = $1 AND key = $2 AND tenant_id = $3`,
    [apiKeyId, key, tenantId, r.status_code, JSON.stringify(r.headers), r.sealedBody],
    'store_idempotent_response',
  );
}

/** Frees a reservation whose request failed, so the client may retry with the same key. */
export async function releaseIdempotencyKey(db: Queryable, tenantId: string, apiKeyId: number, key: string): Promise<void> {
  await db.query(
    'DELETE FROM idempotency_records WHERE api_key_id = $1 AND key = $2 AND tenant_id = $3 AND status_code = 0',
    [apiKeyId, key, tenantId],
  );
}

/**
 * Deletes up to `batch` records past their 24 h window, oldest first (index on created_at), and returns how many;
 * call until it returns less than `batch`. A record being reserved again right now is skipped (locked) and renewed
 * instead. The same statement empties the legacy table idempotency_keys a batch at a time: only a previous version
 * still serving writes there, and its rows hold secrets in plain text.
 */
export async function pruneIdempotencyKeys(db: Queryable, batch: number): Promise<number> {
  const rows = await db.query<{ n: number }>(
    `WITH expired AS (
       SELECT api_key_id, key FROM idempotency_records
        WHERE created_at < tw_now() - ${WINDOW}
        ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED),
     pruned AS (
       DELETE FROM idempotency_records r USING expired e WHERE r.api_key_id = e.api_key_id AND r.key = e.key
       RETURNING 1),
     legacy AS (
       DELETE FROM idempotency_keys WHERE ctid IN (SELECT ctid FROM idempotency_keys LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING 1)
     SELECT ((SELECT count(*) FROM pruned) + (SELECT count(*) FROM legacy))::int AS n`,
    [batch],
    'prune_idempotency_records',
  );
  return rows[0]?.n ?? 0;
}
