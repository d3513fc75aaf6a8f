import { createServer } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { advanceClock, forEachBackend, type TestDatabase } from '../support/backends.ts';
import { startTestService, waitFor, type RunningService } from '../support/service.ts';
import type { EventJson, Page, WebhookWithSecretJson } from '../support/api-types.ts';
import { startTarget, type Target } from '../support/target.ts';
import { pruneEvents } from '../../src/store/events.ts';
import type { Db } from '../../src/store/db.ts';
import { freshTenant, writeEvents } from './support.ts';

const DAY_MS = 24 * 3600 * 1000;

/** The sinks the services below have: the log, RabbitMQ (unreachable, so its cursor stays where it is) and webhooks. */
const CONFIGURED = ['log', 'amqp', 'webhooks'];

/** An AMQP URL nothing listens at: a configured sink whose broker is down takes nothing. */
async function unreachableAmqpUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  await new Promise<void>((r) => server.close(() => r()));
  if (addr === null || typeof addr === 'string') throw new Error('no port');
  return `amqp://guest:guest@127.0.0.1:${addr.port}`;
}

/** Environment of a service whose RabbitMQ sink is configured but down. */
async function envWithAmqpDown(): Promise<Record<string, string>> {
  return {
    TICKWORK_RETENTION_DAYS: '30',
    TICKWORK_PRUNE_S: '1',
    TICKWORK_AMQP_URL: await unreachableAmqpUrl(),
    TICKWORK_SINK_TIMEOUT_S: '1',
    // A failed delivery waits an hour before its next attempt: it stays pending for the whole test.
    TICKWORK_WEBHOOK_BACKOFF_S: '3600',
    TICKWORK_SECRET_KEY: 'test-secret-key-0123456789abcdefghijklmnop',
  };
}

const idsOf = async (db: Db, tenant: string): Promise<number[]> =>
  (await db.query<{ id: number }>('SELECT id FROM events WHERE tenant_id = $1 ORDER BY id', [tenant])).map((r) => r.id);

/** The smallest cursor of the configured sinks that are up (RabbitMQ is down). */
const upSinksAt = async (db: Db): Promise<number> =>
  (await db.query<{ n: number }>(`SELECT min(last_event_id)::bigint AS n FROM sink_cursors WHERE sink IN ('log', 'webhooks')`))[0]?.n ?? 0;

forEachBackend('pruning of events past the retention', (backend) => {
  let db: TestDatabase;
  let svc: RunningService;
  let target: Target;

  beforeAll(async () => {
    db = await backend.create();
    svc = await startTestService(db, await envWithAmqpDown());
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

  const ids = (tenant: string): Promise<number[]> => idsOf(svc.db, tenant);
  const deliveries = async (webhookId: number, status: string): Promise<number> =>
    (await svc.db.query<{ n: number }>('SELECT count(*)::int AS n FROM webhook_deliveries WHERE webhook_id = $1 AND status = $2', [webhookId, status]))[0]?.n ?? -1;

  it('deletes old events in batches, never one a configured sink has not taken or a webhook has not received, and old finished deliveries', async () => {
    const { tenant } = await freshTenant(svc.db, 'prune');
    await writeEvents(svc.db, tenant, 0, 1500, 100);
    const ok = (await svc.api<WebhookWithSecretJson>('/v1/webhooks', { body: { url: `${target.url}/ok`, events: ['task.updated'] } })).body;
    const dead = (await svc.api<WebhookWithSecretJson>('/v1/webhooks', { body: { url: `${target.url}/dead`, events: ['task.updated'] } })).body;
    await writeEvents(svc.db, 'default', 0, 3);
    await writeEvents(svc.db, tenant, 1500, 1500, 100);
    const bulk = await ids(tenant);
    const hooked = await ids('default');
    expect(bulk).toHaveLength(3000);
    expect(hooked).toHaveLength(3);
    const head = Math.max(...bulk, ...hooked);
    await waitFor('every sink that is up to take every event', async () => (await upSinksAt(svc.db)) >= head);
    await waitFor('the working webhook to receive its three', async () => (await deliveries(ok.id, 'succeeded')) === 3);
    await waitFor('the dead webhook to fail its first', async () => target.hits('/dead').length >= 1);
    expect(await deliveries(dead.id, 'pending')).toBe(3);

    // A configured sink that is behind: RabbitMQ took the first 1,000 events of the bulk before its broker went down.
    const lagging = bulk[999]!;
    await svc.db.query(`UPDATE sink_cursors SET last_event_id = $1 WHERE sink = 'amqp'`, [lagging]);
    expect(await pruneEvents(svc.db, 30, 1000, CONFIGURED)).toEqual({ count: 0, lastId: null }); // nothing is old yet

    await advanceClock(svc.db, 31 * DAY_MS);
    await waitFor('the events the lagging sink took to be pruned', async () => (await ids(tenant)).length === 2000);
    const afterFirst = await ids(tenant);
    const prunedAboveCursor = bulk.filter((id) => id > lagging && !afterFirst.includes(id)).length;
    expect(afterFirst).toEqual(bulk.slice(1000));
    expect(await ids('default')).toEqual(hooked);
    await waitFor('the finished deliveries to be pruned', async () => (await deliveries(ok.id, 'succeeded')) === 0);
    expect(await deliveries(dead.id, 'pending')).toBe(3);

    // The sink catches up: everything old goes, except the events the dead webhook has still to receive.
    await svc.db.query(`UPDATE sink_cursors SET last_event_id = $1 WHERE sink = 'amqp'`, [head]);
    await waitFor('the rest of the bulk to be pruned', async () => (await ids(tenant)).length === 0);
    const prunedPending = hooked.length - (await ids('default')).length;
    expect(await ids('default')).toEqual(hooked);
    const listed = (await svc.api<Page<EventJson>>('/v1/events?limit=500')).body.items;
    expect(listed.map((e) => e.id)).toEqual(hooked);

    // Deleting the webhook drops its pending deliveries: then their events go too, and new events keep flowing.
    expect((await svc.api(`/v1/webhooks/${dead.id}`, { method: 'DELETE' })).status).toBe(204);
    await waitFor('the events of dropped deliveries to be pruned', async () => (await ids('default')).length === 0);
    await writeEvents(svc.db, tenant, 3000, 5);
    await waitFor('new events to be taken by the sinks that are up', async () => (await upSinksAt(svc.db)) >= Math.max(...(await ids(tenant))));
    expect(await ids(tenant)).toHaveLength(5); // above RabbitMQ's cursor: kept
    console.log(`figure: pruning [${backend.name}]: 3,003 old events; pruned above a sink's cursor ${prunedAboveCursor}, with a pending delivery ${prunedPending}`);
  });
});

forEachBackend('pruning past the cursor of a removed sink', (backend) => {
  let db: TestDatabase;
  let svc: RunningService;

  beforeAll(async () => {
    db = await backend.create();
    svc = await startTestService(db, await envWithAmqpDown());
  });
  afterAll(async () => {
    await svc?.close();
    await db?.drop();
  });

  const cursorOf = async (sink: string): Promise<number | null> =>
    (await svc.db.query<{ n: number }>('SELECT last_event_id AS n FROM sink_cursors WHERE sink = $1', [sink]))[0]?.n ?? null;

  it('a removed sink no longer holds events back and its cursor goes once pruning passes it, while a configured sink still holds them', async () => {
    const { tenant } = await freshTenant(svc.db, 'removed');
    await writeEvents(svc.db, tenant, 0, 300, 50);
    const early = await idsOf(svc.db, tenant);
    await waitFor('the sinks that are up to take the first events', async () => (await upSinksAt(svc.db)) >= Math.max(...early));
    // NATS was configured until TICKWORK_NATS_URL was unset: its relay left a cursor after the first 100 events.
    // RabbitMQ is configured and took all 300 before its broker went down.
    await svc.db.query(`INSERT INTO sink_cursors (sink, last_event_id) VALUES ('nats', $1)`, [early[99]]);
    await svc.db.query(`UPDATE sink_cursors SET last_event_id = $1 WHERE sink = 'amqp'`, [Math.max(...early)]);
    await writeEvents(svc.db, tenant, 300, 200, 50);
    const late = (await idsOf(svc.db, tenant)).filter((id) => id > Math.max(...early));
    expect(late).toHaveLength(200);
    await waitFor('the sinks that are up to take the later events', async () => (await upSinksAt(svc.db)) >= Math.max(...late));
    expect(await cursorOf('nats')).toBe(early[99]); // nothing old yet, so nothing pruned past it: kept

    await advanceClock(svc.db, 31 * DAY_MS);
    await waitFor('every early event to be pruned, also those NATS had not taken', async () => (await idsOf(svc.db, tenant))[0] === late[0]);
    await waitFor('the removed sink\'s cursor to be dropped', async () => (await cursorOf('nats')) === null);
    // RabbitMQ's cursor still holds back every event it has not taken, old as they are.
    expect(await idsOf(svc.db, tenant)).toEqual(late);
    expect(await pruneEvents(svc.db, 30, 1000, CONFIGURED)).toEqual({ count: 0, lastId: null });
    expect(await cursorOf('amqp')).toBe(Math.max(...early));

    // Once RabbitMQ has taken them, they go too.
    await svc.db.query(`UPDATE sink_cursors SET last_event_id = $1 WHERE sink = 'amqp'`, [Math.max(...late)]);
    await waitFor('the later events to be pruned', async () => (await idsOf(svc.db, tenant)).length === 0);
    console.log(
      `figure: removed sink [${backend.name}]: pruned above the removed sink's cursor ${early.length - 100}, ` +
        `kept above the configured sink's cursor ${late.length} until it took them; the removed cursor was dropped`,
    );
  });
});
