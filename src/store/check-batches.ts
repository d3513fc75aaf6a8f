import type { Db } from './db.ts';
import { recordChecks, type CheckOutcome, type RecordedCheck } from './checks.ts';

/**
 * Records one batch of checks in one transaction (`recordChecks`: the checks, each monitor's state machine, its lease
 * released, rollups and events), so that the monitor loop assembles no transaction of its own.
 */
export async function recordCheckBatch(db: Db, batch: readonly CheckOutcome[]): Promise<RecordedCheck[]> {
  return db.transaction((tx) => recordChecks(tx, batch));
}
