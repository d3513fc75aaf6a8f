import { connect } from 'node:net';
import pino from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openSecretBox } from '../../src/cli/service.ts';
import { buildApi, type Api } from '../../src/api/index.ts';
import { loadConfig } from '../../src/config.ts';
import type { Db } from '../../src/store/db.ts';
import { appendEvents } from '../../src/store/events.ts';
import { countingDb, forEachBackend, type TestDatabase } from '../support/backends.ts';
import { testEnv, waitFor } from '../support/service.ts';
import { counterValue, freshTenant, openStream, writeEvents } from './support.ts';
import { SYSTEM_ACTOR } from '../../src/domain/event.ts';

/** The API alone over a Db that counts its statements by name, so a test can see how many reads a feature costs. */
forEachBackend('event stream fan-out', (backend) => {
  let testDb: TestDatabase;
  let raw: Db;
  let app: Api;
  let url: string;
  const registry = new Registry();
  const counts = new Map<string, number>();
  const count = (name: string): number => counts.get(name) ?? 0;

  beforeAll(async () => {
    testDb = await backend.create();
    raw = await testDb.open();
    const counted = countingDb(raw, counts);
    const config = loadConfig(testEnv(testDb, { TICKWORK_STREAM_HEARTBEAT_S: '0.2', TICKWORK_STREAM_STALL_S: '1' }));
    app = await buildApi({ config, db: counted, log: pino({ level: 'silent' }), registry, secrets: openSecretBox(config), publicUrl: () => url });
    url = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app?.close();
    await raw?.close();
    await testDb?.drop();
  });

  it('hands each new event to 50 streams with one shared read, not one query per client', async () => {
    const { tenant, key } = await freshTenant(raw, 'fan');
    const other = await freshTenant(raw, 'other');
    await writeEvents(raw, tenant, 0, 1);
    const clients = Array.from({ length: 50 }, () => openStream(`${url}/v1/events/stream`, { authorization: `Bearer ${key}` }));
    try {
      await waitFor('every client to have the history', async () => clients.every((c) => c.events.length === 1));
      // Seen on the client, an event has left the server, so every stream that got it is past its catch-up.
      await writeEvents(raw, tenant, 1, 1);
      await waitFor('every client to be live', async () => clients.every((c) => c.events.length === 2));
      counts.clear();
      await raw.transaction((tx) =>
        appendEvents(tx, Array.from({ length: 120 }, (_, i) => ({
          tenantId: i % 6 === 5 ? other.tenant : tenant, type: 'task.updated', subjectKind: 'task' as const, subjectId: 1, data: { seq: 2 + i },
        })), SYSTEM_ACTOR),
      );
      await waitFor('100 new events on every client', async () => clients.every((c) => c.events.length === 102));
      const seqs = Array.from({ length: 120 }, (_, i) => 2 + i).filter((_, i) => i % 6 !== 5);
      for (const c of clients) expect(c.events.slice(2).map((e) => e.data.data.seq)).toEqual(seqs);
      const reads = count('read_event_range');
      const perClient = count('list_events');
      const total = [...counts.values()].reduce((a, b) => a + b, 0);
      console.log(`figure: SSE fan-out [${backend.name}]: 50 clients, 1 notification: ${reads} event read(s), ${perClient} per-client queries, ${total} statements in all`);
      expect(perClient).toBe(0);
      expect(reads).toBeGreaterThanOrEqual(1);
      expect(reads).toBeLessThanOrEqual(2);
      expect(total).toBeLessThan(20);
    } finally {
      for (const c of clients) c.close();
    }
  });

  it('disconnects a client that stops reading instead of buffering for it; it resumes with Last-Event-ID and misses nothing', async () => {
    const { tenant, key } = await freshTenant(raw, 'slow');
    const port = new URL(url).port;
    const stalledBefore = await counterValue(registry, 'tickwork_event_streams_stalled_total', {});
    // HTTP/1.0, so the body is plain SSE until the connection closes (no chunked framing to undo).
    const sock = connect(Number(port), '127.0.0.1');
    const chunks: Buffer[] = [];
    sock.on('data', (d: Buffer) => chunks.push(d));
    const closed = new Promise<void>((r) => sock.on('close', () => r()));
    sock.on('error', () => undefined);
    sock.write(`GET /v1/events/stream HTTP/1.0\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${key}\r\n\r\n`);
    sock.pause(); // never reads
    await waitFor('the stream to open', async () => (await counterValue(registry, 'tickwork_event_streams', {})) >= 1);
    const pad = 'x'.repeat(40_000);
    const total = 400;
    for (let i = 0; i < total; i += 20) {
      await raw.transaction((tx) =>
        appendEvents(tx, Array.from({ length: 20 }, (_, j) => ({ tenantId: tenant, type: 'task.updated', subjectKind: 'task' as const, subjectId: 1, data: { seq: i + j, pad } })), SYSTEM_ACTOR),
      );
    }
    const ids = (await raw.query<{ id: number }>('SELECT id FROM events WHERE tenant_id = $1 ORDER BY id', [tenant])).map((r) => r.id);
    await waitFor('the server to give up on the client', async () => (await counterValue(registry, 'tickwork_event_streams_stalled_total', {})) > stalledBefore);
    sock.resume();
    await closed;
    const text = Buffer.concat(chunks).toString();
    const got = [...text.matchAll(/id: (\d+)\nevent: [^\n]+\ndata: [^\n]*\n\n/g)].map((m) => Number(m[1]));
    const mb = (n: number): string => (n / 1024 / 1024).toFixed(1);
    console.log(`figure: SSE slow client [${backend.name}]: disconnected after receiving ${got.length} of ${total} events (${mb(text.length)} of ${mb(total * 40_000)} MB)`);
    expect(got).toEqual(ids.slice(0, got.length)); // in order, none skipped
    expect(got.length).toBeLessThan(total); // cut off, not buffered for

    const last = got.at(-1);
    const resumed = openStream(`${url}/v1/events/stream`, { authorization: `Bearer ${key}`, ...(last === undefined ? {} : { 'last-event-id': String(last) }) });
    try {
      await waitFor('the rest after reconnecting', async () => resumed.events.length >= total - got.length);
      expect([...got, ...resumed.events.map((e) => e.id)]).toEqual(ids);
    } finally {
      resumed.close();
    }
  });
});
