import { connect, type NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forEachBackend, type TestDatabase } from '../support/backends.ts';
import { startTestService, TEST_BROKER, waitFor, type RunningService } from '../support/service.ts';
import type { TaskJson } from '../support/api-types.ts';
import { counterValue, firstArrivals, freshTenant, startProxy, strictlyIncreasing, subscribeEvents, writeEvents, type Proxy } from './support.ts';

const NATS_URL = process.env.TEST_NATS_URL;

describe.skipIf(!NATS_URL)(`NATS${NATS_URL ? '' : ' (skipped: TEST_NATS_URL is not set)'}`, () => {
  const url = new URL(NATS_URL ?? 'nats://127.0.0.1:4222');

  forEachBackend('events to NATS', (backend) => {
    let db: TestDatabase;
    let svc: RunningService;
    let proxy: Proxy;
    let nc: NatsConnection;
    const stream = `TICKWORK_TEST_${process.pid}`;

    beforeAll(async () => {
      db = await backend.create();
      proxy = await startProxy(url.hostname, Number(url.port || 4222));
      nc = await connect({ servers: url.host });
      svc = await startTestService(db, {
        TICKWORK_NATS_URL: `nats://127.0.0.1:${proxy.port}`,
        TICKWORK_BROKER_HEARTBEAT_S: '1',
        TICKWORK_SINK_TIMEOUT_S: '2',
        TICKWORK_EVENT_LOG: 'false',
      });
    });
    afterAll(async () => {
      const jsm = await nc?.jetstreamManager().catch(() => null);
      await jsm?.streams.delete(stream).catch(() => undefined);
      await nc?.close();
      await svc?.close();
      await proxy?.close();
      await db?.drop();
    });

    it('publishes CloudEvents on <prefix>.events.<type> in id order (core NATS, no stream)', async () => {
      const { tenant, key } = await freshTenant(svc.db, 'nats');
      const got = subscribeEvents(nc, tenant);
      await nc.flush();
      const task = (await svc.api<TaskJson>('/v1/tasks', { key, body: { interval: 3600, http: { url: 'http://127.0.0.1:9/x' } } })).body;
      await svc.api(`/v1/tasks/${task.id}/pause`, { key, method: 'POST' });
      await svc.api(`/v1/tasks/${task.id}`, { key, method: 'DELETE' });
      await waitFor('three events', async () => got.length >= 3);
      expect(got.map((m) => m.routingKey)).toEqual(['task.created', 'task.paused', 'task.deleted'].map(TEST_BROKER.eventSubject));
      expect(got[0]!.body).toMatchObject({ specversion: '1.0', type: 'task.created', subject: `task/${task.id}`, datacontenttype: 'application/json', data: { id: task.id } });
      expect(strictlyIncreasing(got.map((m) => Number(m.body.id)))).toBe(true);
    });

    it('loses none of 1,000 events through JetStream while the network goes silent and comes back (R12)', async () => {
      const jsm = await nc.jetstreamManager();
      await jsm.streams.add({ name: stream, subjects: [TEST_BROKER.eventSubject('>')] });
      try {
        const { tenant } = await freshTenant(svc.db, 'r12n');
        const got = subscribeEvents(nc, tenant);
        await nc.flush();
        const errorsBefore = await counterValue(svc.registry, 'tickwork_event_sink_errors_total', { sink: 'nats' });
        await writeEvents(svc.db, tenant, 0, 300);
        await waitFor('some events to arrive', async () => got.length >= 100);
        proxy.pause();
        await writeEvents(svc.db, tenant, 300, 400);
        await waitFor('the relay to notice the outage', async () => (await counterValue(svc.registry, 'tickwork_event_sink_errors_total', { sink: 'nats' })) > errorsBefore, 30_000);
        proxy.resume();
        await writeEvents(svc.db, tenant, 700, 300);
        await waitFor('all 1,000 events', async () => new Set(got.map((m) => m.body.id)).size >= 1000, 60_000);
        const ids = firstArrivals(got.map((m) => Number(m.body.id)));
        expect(ids).toHaveLength(1000);
        expect(strictlyIncreasing(ids)).toBe(true);
        const info = await jsm.streams.info(stream);
        expect(info.state.messages).toBeGreaterThanOrEqual(1000); // taken with acks by the stream, duplicates dropped
      } finally {
        await jsm.streams.delete(stream).catch(() => undefined);
      }
    });
  });
});
