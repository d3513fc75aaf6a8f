import type { Db, Queryable } from './db.ts';
import { resealSecretPairs, type ResealBatch, type SecretBox } from './secrets.ts';

/**
 * Each tenant's signing secret for task calls with `sign: true` (Standard Webhooks headers). Secrets arrive and
 * leave sealed (store/secrets.ts); the caller seals a new one and opens what it reads.
 */

export interface SigningSecretRow {
  tenant_id: string;
  rotated_at: Date;
  /** Until when the previous secret also signs; null when there is none (the first secret). */
  previous_secret_until: Date | null;
}

/**
 * Creates the tenant's secret, or replaces it: the replaced one keeps signing beside the new one for
 * `overlapSeconds`. A second rotation within the overlap drops the oldest (two secrets sign at most).
 */
export async function rotateSigningSecret(db: Queryable, tenantId: string, sealedSecret: string, overlapSeconds: number): Promise<SigningSecretRow> {
  const [row] = await db.query<SigningSecretRow>(
    `INSERT INTO signing_secrets AS s (tenant_id, secret_enc) VALUES ($1, $2)
     ON CONFLICT (tenant_id) DO UPDATE
        SET previous_secret_enc = s.secret_enc, secret_enc = excluded.secret_enc,
            previous_secret_until = now() + make_interval(secs => $3), rotated_at = now()
     RETURNING tenant_id, rotated_at, previous_secret_until`,
    [tenantId, sealedSecret, overlapSeconds],
  );
  if (row === undefined) throw new Error('upsert returned no row');
  return row;
}

/** When the tenant's secret was made or last rotated, without the secret; null when the tenant has none. */
export async function getSigningSecret(db: Queryable, tenantId: string): Promise<SigningSecretRow | null> {
  const [row] = await db.query<SigningSecretRow>(
    `SELECT tenant_id, rotated_at, CASE WHEN previous_secret_until > now() THEN previous_secret_until END AS previous_secret_until
       FROM signing_secrets WHERE tenant_id = $1`,
    [tenantId],
  );
  return row ?? null;
}

/** The sealed secrets that sign a call of this tenant now: the current one first, then the previous one while it may. */
export async function liveSigningSecrets(db: Queryable, tenantId: string): Promise<string[]> {
  const [row] = await db.query<{ secret_enc: string; previous_secret_enc: string | null }>(
    `SELECT secret_enc, CASE WHEN previous_secret_until > now() THEN previous_secret_enc END AS previous_secret_enc
       FROM signing_secrets WHERE tenant_id = $1`,
    [tenantId],
    'live_signing_secrets',
  );
  if (row === undefined) return [];
  return row.previous_secret_enc === null ? [row.secret_enc] : [row.secret_enc, row.previous_secret_enc];
}

/** One batch of `tickwork secrets reseal` over signing secrets (current and previous) (resealSecretPairs). */
export function resealSigningSecrets(db: Db, box: SecretBox, afterId: number, limit: number): Promise<ResealBatch> {
  return resealSecretPairs(db, box, 'signing_secrets', afterId, limit);
}
