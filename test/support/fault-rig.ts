import { afterAll, beforeAll } from 'vitest';
import { postgresBackend, type TestDatabase } from './backends.ts';
import { Fleet } from './fleet.ts';
import { startTarget, type Target } from './target.ts';
import type { Db } from '../../src/store/db.ts';

/** What a process fault test runs against: its own PostgreSQL database, a connection to it, a target, its workers. */
export interface FaultRig {
  db: TestDatabase;
  conn: Db;
  target: Target;
  fleet: Fleet;
}

/**
 * Registers the suite's set-up and clean-up (workers killed, connection closed, target stopped, database dropped, on
 * failure too) and returns the rig, whose fields are set once `beforeAll` has run.
 */
export function useFaultRig(): FaultRig {
  const rig = { fleet: new Fleet() } as FaultRig;
  beforeAll(async () => {
    rig.db = await postgresBackend.create();
    rig.conn = await rig.db.open();
    rig.target = await startTarget();
  });
  afterAll(async () => {
    await rig.fleet.killAll();
    await rig.conn?.close();
    await rig.target?.close();
    await rig.db?.drop();
  });
  return rig;
}
