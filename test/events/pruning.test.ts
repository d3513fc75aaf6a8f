import { afterAll, beforeAll, expect, it } from 'vitest';
import { advanceClock, forEachBackend, type TestDatabase } from '../support/backends.ts';
import { startTestService, waitFor, type RunningService } from '../support/service.ts';
import { startTarget, type Target } from '../support/target.ts';
import { pruneEvents } from '../../src/store/events.ts';
import { freshTenant, writeEvents } from './support.ts';

const DAY_MS = 24 * 3600 * 1000;

forEachBackend('pruning of events past the retention', (backend) => {
  let db: TestDatabase;
  let svc: RunningService;
  let target: Target;

  beforeAll(async () => {
    db = await backend.create();
    svc = await startTestService(db, {
      TICKWORK_RETENTION_DAYS: '30',
      TICKWORK_PRUNE_S: '1',
      // A failed delivery waits an hour before its next attempt: it stays pending for the whole test.
      TICKWORK_WEBHOOK_BACKOFF_S: '3600',
      TICKWORK_SECRET_KEY: 'test-secret-key-0123456789abcdefghijklmnop',
    });
    target = await startTarget();
    target.on('/dead', (_req, res) => {
      res.writeHead(500);
      res.end();
    });
  });
  afterAll(async () => {
    await svc?.close();
    await target?.close();
    await db?.drop();
  });

  const idsOf = async (tenant: string): Promise<number[]> =>
    (await svc.db.query<{ id: number }>('SELECT id FROM events WHERE tenant_id = $1 ORDER BY id', [tenant])).map((r) => r.id);
  const deliveries = async (webhookId: number, status: string): Promise<number> =>
    (await svc.db.query<{ n: number }>('SELECT count(*)::int AS n FROM webhook_deliveries WHERE webhook_id = $1 AND status = $2', [webhookId, status]))[0]?.n ?? -1;

  it('deletes old events in batches, never one a sink has not taken or a webhook has not received, and old finished deliveries', async () => {
    const { tenant } = await freshTenant(svc.db, 'prune');
    await writeEvents(svc.db, tenant, 0, 1500, 100);
    const ok = (await svc.api('/v1/webhooks', { body: { url: `${target.url}/ok`, events: ['task.updated'] } })).body;
    const dead = (await svc.api('/v1/webhooks', { body: { url: `${target.url}/dead`, events: ['task.updated'] } })).body;
    await writeEvents(svc.db, 'default', 0, 3);
    await writeEvents(svc.db, tenant, 1500, 1500, 100);
    const bulk = await idsOf(tenant);
    const hooked = await idsOf('default');
    expect(bulk).toHaveLength(3000);
    expect(hooked).toHaveLength(3);
    const head = Math.max(...bulk, ...hooked);
    await waitFor('every sink to take every event', async () => {
      const rows = await svc.db.query<{ n: number }>('SELECT min(last_event_id)::bigint AS n FROM sink_cursors');
      return (rows[0]?.n ?? 0) >= head;
    });
    await waitFor('the working webhook to receive its three', async () => (await deliveries(ok.id, 'succeeded')) === 3);
    await waitFor('the dead webhook to fail its first', async () => target.hits('/dead').length >= 1);
    expect(await deliveries(dead.id, 'pending')).toBe(3);

    // A sink that is behind: it has taken only the first 1,000 events of the bulk.
    const lagging = bulk[999]!;
    await svc.db.query(`INSERT INTO sink_cursors (sink, last_event_id) VALUES ('lagging', $1)`, [lagging]);
    expect(await pruneEvents(svc.db, 30, 1000)).toBe(0); // nothing is old yet

    await advanceClock(svc.db, 31 * DAY_MS);
    await waitFor('the events the lagging sink took to be pruned', async () => (await idsOf(tenant)).length === 2000);
    const afterFirst = await idsOf(tenant);
    const prunedAboveCursor = bulk.filter((id) => id > lagging && !afterFirst.includes(id)).length;
    expect(afterFirst).toEqual(bulk.slice(1000));
    expect(await idsOf('default')).toEqual(hooked);
    await waitFor('the finished deliveries to be pruned', async () => (await deliveries(ok.id, 'succeeded')) === 0);
    expect(await deliveries(dead.id, 'pending')).toBe(3);

    // The sink catches up: everything old goes, except the events the dead webhook has still to receive.
    await svc.db.query(`UPDATE sink_cursors SET last_event_id = $1 WHERE sink = 'lagging'`, [head]);
    await waitFor('the rest of the bulk to be pruned', async () => (await idsOf(tenant)).length === 0);
    const prunedPending = hooked.length - (await idsOf('default')).length;
    expect(await idsOf('default')).toEqual(hooked);
    const listed = (await svc.api('/v1/events?limit=500')).body.items as { id: number }[];
    expect(listed.map((e) => e.id)).toEqual(hooked);

    // Deleting the webhook drops its pending deliveries: then their events go too, and new events keep flowing.
    expect((await svc.api(`/v1/webhooks/${dead.id}`, { method: 'DELETE' })).status).toBe(204);
    await waitFor('the events of dropped deliveries to be pruned', async () => (await idsOf('default')).length === 0);
    await writeEvents(svc.db, tenant, 3000, 5);
    await waitFor('new events to be taken by the sinks', async () => {
      const newest = Math.max(...(await idsOf(tenant)));
      const rows = await svc.db.query<{ n: number }>(`SELECT min(last_event_id)::bigint AS n FROM sink_cursors WHERE sink <> 'lagging'`);
      return (rows[0]?.n ?? 0) >= newest;
    });
    expect(await idsOf(tenant)).toHaveLength(5); // young: kept
    console.log(`figure: pruning [${backend.name}]: 3,003 old events; pruned above a sink's cursor ${prunedAboveCursor}, with a pending delivery ${prunedPending}`);
  });
});
