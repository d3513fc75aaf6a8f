import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { closeSync, linkSync, mkdirSync, openSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Db } from './db.ts';

/**
 * Secrets that must be used again (webhook signing secrets) are stored encrypted with AES-256-GCM under a key
 * derived from TICKWORK_SECRET_KEY; the database never holds them in plain text.
 */

export interface SecretBox {
  /** Seals under the first key. */
  seal(plain: string): string;
  /** Opens what any of the keys sealed; throws when none can. */
  open(sealed: string): string;
  /** True when `sealed` was sealed under a key other than the first (so `tickwork secrets reseal` should renew it). */
  isStale(sealed: string): boolean;
  /**
   * An HMAC-SHA256 of `data` (base64url) under a key derived from the first key, for values tickwork hands out and
   * must recognise when they come back unchanged (list cursors). After a rotation, old MACs no longer verify.
   */
  mac(data: string): string;
}

const VERSION = 'v1';

function deriveKey(key: string): Buffer {
  // Any string of at least 32 characters: hashing it gives the 256-bit key, whatever its encoding.
  return createHash('sha256').update(key, 'utf8').digest();
}

function openWith(k: Buffer, sealed: string): string | null {
  const [version, iv, tag, ct] = sealed.split(':');
  if (version !== VERSION || iv === undefined || tag === undefined || ct === undefined) {
    throw new Error('not a sealed secret');
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', k, Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    return null; // the tag does not verify under this key
  }
}

/** A key ring: the first key seals, every key opens (AES-256-GCM; the tag tells which key fits). */
export function secretBox(keys: readonly string[]): SecretBox {
  const ks = keys.map(deriveKey);
  const first = ks[0];
  if (first === undefined) throw new Error('a secret box needs at least one key');
  // A separate key for MACs, so a MAC never uses the sealing key itself.
  const macKey = Buffer.from(hkdfSync('sha256', first, Buffer.alloc(0), 'tickwork mac v1', 32));
  return {
    mac(data) {
      return createHmac('sha256', macKey).update(data, 'utf8').digest('base64url');
    },
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', first, iv);
      const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [VERSION, iv.toString('base64'), cipher.getAuthTag().toString('base64'), ct.toString('base64')].join(':');
    },
    open(sealed) {
      for (const k of ks) {
        const plain = openWith(k, sealed);
        if (plain !== null) return plain;
      }
      throw new Error('no key in TICKWORK_SECRET_KEY opens this secret (was a key removed before "tickwork secrets reseal"?)');
    },
    isStale(sealed) {
      return openWith(first, sealed) === null;
    },
  };
}

/**
 * One batch of `tickwork secrets reseal`: the rows looked at (ids above the last batch's), how many were written
 * anew, and the id to continue after (null when there are no more rows).
 */
export interface ResealBatch {
  scanned: number;
  resealed: number;
  lastId: number | null;
}

/** A sealed value renewed under the first key, or null when it already is (so the row is not written). */
export function renewSealed(box: SecretBox, sealed: string): string | null {
  return box.isStale(sealed) ? box.seal(box.open(sealed)) : null;
}

/**
 * One batch of `tickwork secrets reseal` over a table whose rows keep a sealed secret and a sealed previous one
 * (webhooks, signing secrets): up to `limit` rows after `afterId`, locked for the transaction so a concurrent rotation
 * waits and then moves the renewed secret to `previous`. Every tenant's: an operator's maintenance, never reached from
 * a request. `table` is one of the closed set below, never text from outside.
 */
export async function resealSecretPairs(db: Db, box: SecretBox, table: 'webhooks' | 'signing_secrets', afterId: number, limit: number): Promise<ResealBatch> {
  return db.transaction(async (tx) => {
    const rows = await tx.query<{ id: number; secret_enc: string; previous_secret_enc: string | null }>(
      `SELECT id, secret_enc, previous_secret_enc FROM ${table} WHERE id > $1 ORDER BY id LIMIT $2 FOR UPDATE`,
      [afterId, limit],
    );
    const renewed = rows.flatMap((r) => {
      const secret = renewSealed(box, r.secret_enc);
      const previous = r.previous_secret_enc === null ? null : renewSealed(box, r.previous_secret_enc);
      if (secret === null && previous === null) return [];
      return [{ id: r.id, secret: secret ?? r.secret_enc, previous: previous ?? r.previous_secret_enc }];
    });
    if (renewed.length > 0) {
      await tx.query(
        `UPDATE ${table} t SET secret_enc = n.secret, previous_secret_enc = n.previous
           FROM unnest($1::bigint[], $2::text[], $3::text[]) AS n (id, secret, previous) WHERE t.id = n.id`,
        [renewed.map((r) => r.id), renewed.map((r) => r.secret), renewed.map((r) => r.previous)],
      );
    }
    return { scanned: rows.length, resealed: renewed.length, lastId: rows.at(-1)?.id ?? null };
  });
}

export const SECRET_KEY_FILE = 'secret.key';

/** Why TICKWORK_SECRET_KEY is unusable, or null. */
export class SecretKeyError extends Error {}

/**
 * The keys that seal secrets: TICKWORK_SECRET_KEY (comma-separated, first seals), or in embedded mode a key generated
 * once into the data dir (readable by the owner only). Scaled out without it, every process must refuse to start:
 * the processes would otherwise seal with keys the others cannot open.
 */
export function resolveSecretKeys(opts: { secretKey: string | undefined; databaseUrl: string | undefined; dataDir: string }): string[] {
  if (opts.secretKey !== undefined) {
    const keys = opts.secretKey.split(',').map((k) => k.trim()).filter((k) => k !== '');
    if (keys.length === 0 || keys.some((k) => k.length < 32)) {
      throw new SecretKeyError('TICKWORK_SECRET_KEY: every comma-separated key must be at least 32 characters (e.g. openssl rand -base64 32)');
    }
    return keys;
  }
  if (opts.databaseUrl !== undefined) {
    throw new SecretKeyError(
      'TICKWORK_SECRET_KEY: must be set (the same on every process) when DATABASE_URL is set; it seals stored secrets (e.g. openssl rand -base64 32)',
    );
  }
  const dir = resolve(opts.dataDir);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, SECRET_KEY_FILE);
  // Written whole under another name and linked into place, so two processes starting at once agree on one key.
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  writeFileSync(fd, randomBytes(32).toString('base64'));
  closeSync(fd);
  try {
    linkSync(tmp, path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    unlinkSync(tmp);
  }
  const key = readFileSync(path, 'utf8').trim();
  if (key.length < 32) throw new SecretKeyError(`${path} does not hold a key; delete it to have one generated`);
  return [key];
}

/** Webhook secrets as the Standard Webhooks specification writes them. */
const PREFIX = 'whsec_';

export function generateWebhookSecret(): string {
  return `${PREFIX}${randomBytes(32).toString('base64')}`;
}

/** Why a given secret is unusable, or null: `whsec_` + base64 of 24 to 64 bytes. */
export function webhookSecretProblem(secret: string): string | null {
  if (!secret.startsWith(PREFIX)) return `must start with ${PREFIX}`;
  const b64 = secret.slice(PREFIX.length);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || b64.length % 4 !== 0) return `must be ${PREFIX} followed by base64`;
  const n = Buffer.from(b64, 'base64').length;
  if (n < 24 || n > 64) return 'must encode 24 to 64 random bytes';
  return null;
}

