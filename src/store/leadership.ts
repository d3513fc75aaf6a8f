import type { Queryable } from './db.ts';

/**
 * The one leadership lease of a deployment: the process holding it publishes events, delivers webhooks and prunes
 * history. Its table is `relay_lease`, named when the relay was the only leader task (migrations never change).
 */

/** Takes or renews the leadership lease for `holder`; true when `holder` holds it for `seconds` from now. */
export async function takeLeadershipLease(db: Queryable, holder: string, seconds: number): Promise<boolean> {
  const rows = await db.query(
    `UPDATE relay_lease SET holder = $1, expires_at = now() + make_interval(secs => $2)
      WHERE holder = $1 OR holder IS NULL OR expires_at < now()
      RETURNING 1`,
    [holder, seconds],
    'take_relay_lease',
  );
  return rows.length > 0;
}

/** Gives the lease up at once, so another engine need not wait for it to expire. */
export async function releaseLeadershipLease(db: Queryable, holder: string): Promise<void> {
  await db.query(`UPDATE relay_lease SET holder = NULL, expires_at = '-infinity' WHERE holder = $1`, [holder]);
}
