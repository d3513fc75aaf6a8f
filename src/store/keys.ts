import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db, Queryable } from './db.ts';

/**
 * API keys. A key is `tw_` + 32 random bytes (base64url); only its SHA-256 is stored: the secret has 256 bits of
 * entropy, so a slow password hash would add nothing but cost on every request.
 */

import type { Scope } from '../domain/scopes.ts';
export { SCOPES, type Scope } from '../domain/scopes.ts';

export interface ApiKeyRow {
  id: number;
  tenant_id: string;
  name: string;
  key_prefix: string;
  scopes: Scope[];
  created_at: Date;
  /** Recorded at most once a minute per key and API process (see recordKeyUse), so up to a minute behind. */
  last_used_at: Date | null;
  revoked_at: Date | null;
  /** Past it the key is refused like a revoked one; null: never expires. */
  expires_at: Date | null;
}

export interface NewKey extends ApiKeyRow {
  /** The secret: returned once, at creation, and never stored. */
  key: string;
}

const KEY_COLUMNS = 'id, tenant_id, name, key_prefix, scopes, created_at, last_used_at, revoked_at, expires_at';

export function hashKey(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

function generateSecret(): string {
  return `tw_${randomBytes(32).toString('base64url')}`;
}

/** Makes sure the tenant exists (tenants are created implicitly by the first key that names them). */
export async function ensureTenant(tx: Queryable, tenantId: string): Promise<void> {
  await tx.query('INSERT INTO tenants (id) VALUES ($1) ON CONFLICT (id) DO NOTHING', [tenantId]);
}

/**
 * The `expires_at` given for a new key is not in the future (by tw_now). Thrown inside the transaction, so the tenant
 * it may have created is rolled back with the key.
 */
export class KeyExpiryPassedError extends Error {
  constructor() {
    super('expires_at must be in the future');
  }
}

/** Inserts the key unless `expiresAt` is not after the database clock (tw_now, the clock expiry is judged by). */
async function insertKey(tx: Queryable, tenantId: string, name: string, scopes: readonly Scope[], secret: string, expiresAt: Date | null = null): Promise<NewKey> {
  await ensureTenant(tx, tenantId);
  const [row] = await tx.query<ApiKeyRow>(
    `INSERT INTO api_keys (tenant_id, name, key_hash, key_prefix, scopes, expires_at)
     SELECT $1, $2, $3, $4, $5, $6 WHERE $6::timestamptz IS NULL OR $6::timestamptz > tw_now()
     RETURNING ${KEY_COLUMNS}`,
    [tenantId, name, hashKey(secret), secret.slice(0, 7), scopes, expiresAt],
  );
  if (row === undefined) throw new KeyExpiryPassedError();
  return { ...row, key: secret };
}

/** Creates a key; throws KeyExpiryPassedError (creating nothing) when `expiresAt` is not in the future. */
export async function createKey(db: Db, tenantId: string, name: string, scopes: readonly Scope[], expiresAt: Date | null = null): Promise<NewKey> {
  return db.transaction((tx) => insertKey(tx, tenantId, name, scopes, generateSecret(), expiresAt));
}

/** `TICKWORK_ADMIN_KEY`: a key with exactly this secret exists for tenant `default` with scope admin. */
export async function ensureAdminKey(db: Db, secret: string): Promise<void> {
  await db.transaction(async (tx) => {
    const found = await tx.query('SELECT 1 FROM api_keys WHERE key_hash = $1', [hashKey(secret)]);
    if (found.length === 0) await insertKey(tx, 'default', 'admin (TICKWORK_ADMIN_KEY)', ['admin'], secret);
    else await tx.query('UPDATE api_keys SET revoked_at = NULL WHERE key_hash = $1', [hashKey(secret)]);
  });
}

/** On the first start with no key at all, creates an admin key and returns its secret (else null). */
export async function bootstrapKeyIfNone(db: Db): Promise<string | null> {
  return db.transaction(async (tx) => {
    // Serialise concurrent first starts: only one of them creates (and prints) the key.
    await tx.query('LOCK TABLE api_keys IN SHARE ROW EXCLUSIVE MODE');
    const any = await tx.query('SELECT 1 FROM api_keys LIMIT 1');
    if (any.length > 0) return null;
    return (await insertKey(tx, 'default', 'admin (generated at first start)', ['admin'], generateSecret())).key;
  });
}

export interface Principal {
  keyId: number;
  /** The key's name: what events name as their actor (never its hash or secret). */
  keyName: string;
  tenantId: string;
  scopes: Scope[];
  /** Milliseconds until the key expires, by the database clock when it was read (null: never, until revoked). */
  validForMs: number | null;
}

/** NOTIFY channel of revoked keys (payload: the key's id), so every API process forgets a cached key at once. */
export const KEYS_REVOKED_CHANNEL = 'tw_keys_revoked';

/**
 * The live key with this secret, or null: revoked and expired keys are refused alike. Constant-time compare of the
 * hash guards against timing probes.
 */
export async function authenticate(db: Queryable, secret: string): Promise<Principal | null> {
  const hash = hashKey(secret);
  const rows = await db.query<{ id: number; name: string; tenant_id: string; scopes: Scope[]; key_hash: string; valid_for_ms: number | null }>(
    `SELECT id, name, tenant_id, scopes, key_hash, (extract(epoch FROM expires_at - tw_now()) * 1000)::float8 AS valid_for_ms FROM api_keys
      WHERE key_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > tw_now())`,
    [hash],
    'authenticate_key',
  );
  const row = rows[0];
  if (row === undefined || !timingSafeEqual(Buffer.from(row.key_hash), Buffer.from(hash))) return null;
  return { keyId: row.id, keyName: row.name, tenantId: row.tenant_id, scopes: row.scopes, validForMs: row.valid_for_ms };
}

/**
 * Records that the key was used now. The API calls it at most once a minute per key and process: a write per request
 * would cost more than the request itself.
 */
export async function recordKeyUse(db: Queryable, keyId: number): Promise<void> {
  await db.query('UPDATE api_keys SET last_used_at = tw_now() WHERE id = $1', [keyId], 'record_key_use');
}

export async function listKeys(db: Queryable, tenantId: string, afterId: number, limit: number): Promise<ApiKeyRow[]> {
  return db.query<ApiKeyRow>(
    `SELECT ${KEY_COLUMNS} FROM api_keys WHERE tenant_id = $1 AND id > $2 AND revoked_at IS NULL ORDER BY id LIMIT $3`,
    [tenantId, afterId, limit],
  );
}

/** Revokes a key of the tenant; true if it existed and was live. */
export async function revokeKey(db: Queryable, tenantId: string, id: number): Promise<boolean> {
  // The NOTIFY is sent at commit: API processes that cached the key drop it (their cache holds keys 5 s at most).
  const rows = await db.query(
    `WITH revoked AS (
       UPDATE api_keys SET revoked_at = now() WHERE tenant_id = $1 AND id = $2 AND revoked_at IS NULL RETURNING id)
     SELECT id, pg_notify('${KEYS_REVOKED_CHANNEL}', id::text) FROM revoked`,
    [tenantId, id],
  );
  return rows.length > 0;
}
