import pino from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { forEachBackend, type TestDatabase } from '../support/backends.ts';
import { startTestService, waitFor, type RunningService } from '../support/service.ts';
import { Leadership } from '../../src/engine/leadership.ts';
import { Relay } from '../../src/engine/relay.ts';
import type { Sink } from '../../src/sinks/index.ts';
import type { EventRow } from '../../src/store/events.ts';
import { ensureSinkCursor } from '../../src/store/relay.ts';
import { freshTenant, strictlyIncreasing, writeEvents } from './support.ts';

forEachBackend('relay lease', (backend) => {
  let db: TestDatabase;
  let svc: RunningService;

  beforeAll(async () => {
    db = await backend.create();
    // The API only: no engine, so no relay of the service's own competes with the two below.
    svc = await startTestService(db, {}, { api: true, engine: false });
  });
  afterAll(async () => {
    await svc?.close();
    await db?.drop();
  });

  it('lets only one of two relays started at once publish, and hands over when it stops (R13)', async () => {
    const recorders: number[][] = [[], []];
    const sink = (got: number[]): Sink => ({ name: 'r13', publish: async (events: readonly EventRow[]) => void got.push(...events.map((e) => e.id)), close: async () => {} });
    const silent = pino({ level: 'silent' });
    const relayDb = svc.db;
    const make = (i: number) => {
      const relay = new Relay({ db: relayDb, log: silent, registry: new Registry(), sinks: [sink(recorders[i]!)], batchSize: 50, pollSeconds: 0.2 });
      return new Leadership({ db: relayDb, log: silent, holderName: `r13-${i}`, leaseSeconds: 2, tasks: [relay] });
    };
    const relays = [make(0), make(1)];
    await Promise.all(relays.map((r) => r.start()));
    try {
      const { tenant } = await freshTenant(relayDb, 'r13');
      await writeEvents(relayDb, tenant, 0, 300);
      await waitFor('300 events published', async () => recorders[0]!.length + recorders[1]!.length >= 300);
      const publishers = recorders.filter((r) => r.length > 0);
      expect(publishers).toHaveLength(1);
      expect(strictlyIncreasing(publishers[0]!)).toBe(true);
      const leader = recorders[0]!.length > 0 ? 0 : 1;
      await relays[leader]!.stop();
      await writeEvents(relayDb, tenant, 300, 100);
      await waitFor('the other relay to take over', async () => recorders[1 - leader]!.length >= 100);
      expect(recorders[leader]!.length).toBe(300);
      expect(strictlyIncreasing([...recorders[leader]!, ...recorders[1 - leader]!])).toBe(true);
    } finally {
      await Promise.all(relays.map((r) => r.stop()));
    }
  });

  it('creates a sink\'s cursor once when relays start at once, and every one of them gets it', async () => {
    for (let i = 0; i < 20; i++) {
      const sink = `race-${i}`;
      const got = await Promise.all([1, 2, 3].map(() => ensureSinkCursor(svc.db, sink)));
      expect(new Set(got).size).toBe(1);
    }
  });
});
