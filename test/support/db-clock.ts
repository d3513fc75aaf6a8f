import type { Db } from '../../src/store/db.ts';

/** The database clock (tw_now()) as epoch ms. */
export async function dbNowMs(db: Db): Promise<number> {
  const [row] = await db.query<{ ms: number }>(`SELECT (extract(epoch FROM tw_clock_now()) * 1000)::float8 AS ms`);
  if (row === undefined) throw new Error('no clock');
  return Number(row.ms);
}

/**
 * Sets the database clock so that tw_now() reads `atMs` (epoch ms) now, through the one offset tests may move
 * (tw_clock.offset_ms). The clock goes on running from there.
 */
export async function setDbClock(db: Db, atMs: number): Promise<void> {
  await db.query(`UPDATE tw_clock SET offset_ms = ($1::float8 - extract(epoch FROM clock_timestamp()) * 1000)::bigint`, [atMs]);
}
