import { randomBytes } from 'node:crypto';
import type { Db } from './db.ts';
import { hashKey } from './keys.ts';
import { renewSealed, type ResealBatch, type SecretBox } from './secrets.ts';
import { appendEvents, type Actor } from './events.ts';
import { monitorFigures } from './check-history.ts';
import { recordChecks } from './check-records.ts';
import { MONITOR_COLUMNS, monitorEvent, type MonitorView } from './monitors.ts';
import type { MonitorRow } from '../domain/monitor.ts';

/**
 * Heartbeat monitors: a dead man's switch for jobs that call in. The monitor row's `next_check_at` is the deadline
 * of the next ping (last ping, or creation, plus period plus grace). A ping records an ok check and moves the
 * deadline; a deadline that passes is claimed by the monitor checker like any due check and recorded as a failed
 * one (engine/monitor-checks.ts), so both go through the same state machine, rollups and events as URL checks.
 */

/** A new ping token (high entropy, URL-safe: it is the only secret of /v1/ping/{token}) and its lookup hash. */
export function newPingToken(): { token: string; hash: string } {
  const token = `hb_${randomBytes(24).toString('base64url')}`;
  return { token, hash: hashKey(token) };
}

export function hashPingToken(token: string): string {
  return hashKey(token);
}

export interface NewHeartbeat {
  periodS: number;
  graceS: number;
  failureThreshold: number;
  /** SHA-256 of the ping token (hex), for the lookup by /v1/ping/{token}. */
  tokenHash: string;
  /** The ping token sealed under the secret key, so the owner can read the ping URL again. */
  tokenSealed: string;
}

/** Creates a heartbeat monitor: pending until its first ping, down if none comes within period + grace. */
export async function createHeartbeat(db: Db, tenantId: string, h: NewHeartbeat, actor: Actor): Promise<MonitorView> {
  const row = await db.transaction(async (tx) => {
    const [inserted] = await tx.query<MonitorRow>(
      `INSERT INTO monitors (tenant_id, type, url, interval_s, grace_s, failure_threshold, ping_token_hash, ping_token_enc,
                             next_check_at, created_at, updated_at)
       VALUES ($1, 'heartbeat', NULL, $2::integer, $3::integer, $4, $5, $6, tw_now() + make_interval(secs => $2::integer + $3::integer),
               tw_now(), tw_now())
       RETURNING ${MONITOR_COLUMNS}`,
      [tenantId, h.periodS, h.graceS, h.failureThreshold, h.tokenHash, h.tokenSealed],
      'insert_heartbeat',
    );
    if (inserted === undefined) throw new Error('heartbeat insert returned no row');
    await appendEvents(tx, [monitorEvent('monitor.created', inserted)], actor);
    return inserted;
  });
  return { monitor: row, figures: await monitorFigures(db, row.id) };
}

/**
 * Records a ping of the active heartbeat monitor with this token hash: an ok check (a `monitor.up` when it was
 * down), the last ping time, and the next deadline. A missed-ping check claimed at the same instant is refused by
 * its lease, which the ping drops, so a ping is never overtaken by the deadline it met. Null when no active
 * heartbeat has this token.
 */
export async function pingHeartbeat(db: Db, tokenHash: string): Promise<{ monitorId: number; event: string | null } | null> {
  return db.transaction(async (tx) => {
    const [m] = await tx.query<{ id: number; now: Date }>(
      `UPDATE monitors
          SET last_ping_at = tw_now(), next_check_at = tw_now() + make_interval(secs => interval_s + grace_s),
              lease_token = NULL, lease_expires_at = NULL
        WHERE ping_token_hash = $1 AND type = 'heartbeat' AND active
       RETURNING id, tw_now() AS now`,
      [tokenHash],
      'ping_heartbeat',
    );
    if (m === undefined) return null;
    const [recorded] = await recordChecks(tx, [
      {
        monitorId: m.id,
        leaseToken: null,
        checkedAt: m.now,
        statusCode: null,
        latencyMs: 0,
        matched: null,
        ok: true,
        error: null,
        errorKind: null,
        certExpiresAt: null,
      },
    ]);
    return { monitorId: m.id, event: recorded?.event ?? null };
  });
}

/**
 * One batch of `tickwork secrets reseal` over heartbeat ping tokens (kept sealed so the owner can read the ping URL
 * again; pings are looked up by the token's hash, which a new key does not change). Every tenant's: an operator's
 * maintenance, never reached from a request.
 */
export async function resealPingTokens(db: Db, box: SecretBox, afterId: number, limit: number): Promise<ResealBatch> {
  return db.transaction(async (tx) => {
    const rows = await tx.query<{ id: number; ping_token_enc: string }>(
      'SELECT id, ping_token_enc FROM monitors WHERE id > $1 AND ping_token_enc IS NOT NULL ORDER BY id LIMIT $2 FOR UPDATE',
      [afterId, limit],
    );
    const renewed = rows.flatMap((r) => {
      const token = renewSealed(box, r.ping_token_enc);
      return token === null ? [] : [{ id: r.id, token }];
    });
    if (renewed.length > 0) {
      await tx.query(
        `UPDATE monitors m SET ping_token_enc = n.token FROM unnest($1::bigint[], $2::text[]) AS n (id, token) WHERE m.id = n.id`,
        [renewed.map((r) => r.id), renewed.map((r) => r.token)],
      );
    }
    return { scanned: rows.length, resealed: renewed.length, lastId: rows.at(-1)?.id ?? null };
  });
}
