import amqp from 'amqplib';
import pino from 'pino';
import { Registry } from 'prom-client';
import { Leadership } from '../src/engine/leadership.ts';
import { Relay } from '../src/engine/relay.ts';
import { amqpSink } from '../src/sinks/index.ts';
import { openPostgres, type Db } from '../src/store/db.ts';
import { migrate } from '../src/store/migrate.ts';
import { appendEvents, readDeploymentId } from '../src/store/events.ts';
import { SYSTEM_ACTOR, eventSource } from '../src/domain/event.ts';
import { sinkCursor } from '../src/store/relay.ts';
import { freshPgDatabase, percentile, report, waitUntil, type Figure } from './support.ts';

/**
 * Event relay figures (issue 4), against PostgreSQL and RabbitMQ (BENCH_AMQP_URL or TEST_AMQP_URL, default
 * amqp://guest:guest@127.0.0.1:5672). Wire into bench/run.ts as `'events-throughput': () => relayThroughput()` and
 * `'events-lag': () => relayLag()`.
 */
const AMQP_URL = process.env.BENCH_AMQP_URL ?? process.env.TEST_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const silent = pino({ level: 'silent' });

async function withRelay<T>(fn: (db: Db, relay: Leadership) => Promise<T>, before?: (db: Db) => Promise<void>): Promise<T> {
  const pgDb = await freshPgDatabase();
  const db = await openPostgres({ url: pgDb.url, poolSize: 8, log: silent });
  try {
    await migrate(db, silent);
    const relay = new Leadership({
      db, log: silent, holderName: 'bench', leaseSeconds: 10,
      tasks: [new Relay({
        db, log: silent, registry: new Registry(),
        sinks: [amqpSink({ url: AMQP_URL, log: silent, heartbeatSeconds: 10, timeoutMs: 15_000, exchange: 'tickwork.events', source: eventSource(undefined, await readDeploymentId(db)) })],
        batchSize: 500, pollSeconds: 1,
      })],
    });
    await before?.(db);
    await relay.start();
    try {
      return await fn(db, relay);
    } finally {
      await relay.stop();
    }
  } finally {
    await db.close();
    await pgDb.drop();
  }
}

async function write(db: Db, count: number, perTx: number): Promise<void> {
  for (let i = 0; i < count; i += perTx) {
    const n = Math.min(perTx, count - i);
    await db.transaction((tx) => appendEvents(tx, Array.from({ length: n }, (_, j) => ({
      tenantId: 'default', type: 'task.updated', subjectKind: 'task' as const, subjectId: 1, data: { seq: i + j },
    })), SYSTEM_ACTOR));
  }
}

/** Events per second the relay publishes to RabbitMQ with publisher confirms, from a backlog of `count`. */
export async function relayThroughput(count = 50_000): Promise<Figure[]> {
  let t0 = 0;
  return withRelay(async (db) => {
    const head = (await db.query<{ max: number }>('SELECT max(id) AS max FROM events'))[0]?.max ?? 0;
    await waitUntil('the backlog published', async () => ((await sinkCursor(db, 'amqp')) ?? 0) >= head, 300_000);
    const rate = Math.round(head / ((performance.now() - t0) / 1000));
    return [report({ name: 'events-relay-throughput-amqp', value: rate, unit: 'events/s', target: '>= 5000', pass: rate >= 5_000 })];
  }, async (db) => {
    // A backlog written before the relay starts, with the sink's cursor before it: the relay drains it at full speed.
    await db.query("INSERT INTO sink_cursors (sink, last_event_id) VALUES ('amqp', 0)");
    await write(db, count, 500);
    t0 = performance.now();
  });
}

/** End-to-end lag (commit to a RabbitMQ consumer) at `rate` events/s for `seconds`: p50 and p99. */
export async function relayLag(rate = 500, seconds = 20): Promise<Figure[]> {
  const conn = await amqp.connect(AMQP_URL);
  const ch = await conn.createChannel();
  await ch.assertExchange('tickwork.events', 'topic', { durable: true });
  const q = await ch.assertQueue('', { exclusive: true });
  await ch.bindQueue(q.queue, 'tickwork.events', 'bench.#');
  const lags: number[] = [];
  await ch.consume(q.queue, (m) => {
    if (m === null) return;
    const body = JSON.parse(m.content.toString()) as { data: { sent: number } };
    lags.push(Date.now() - body.data.sent);
  }, { noAck: true });
  try {
    return await withRelay(async (db) => {
      const total = rate * seconds;
      const t0 = Date.now();
      // One event per transaction, paced: the commit time is taken just before the insert.
      for (let i = 0; i < total; i++) {
        const due = t0 + (i * 1000) / rate;
        const wait = due - Date.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        await appendEvents(db, [{ tenantId: 'default', type: 'bench.lag', subjectKind: 'task', subjectId: 1, data: { sent: Date.now() } }], SYSTEM_ACTOR);
      }
      await waitUntil('every event consumed', () => lags.length >= total, 60_000);
      const p50 = percentile(lags, 50);
      const p99 = percentile(lags, 99);
      return [
        report({ name: `events-lag-p50-at-${rate}/s`, value: p50, unit: 'ms', target: '', pass: true }),
        report({ name: `events-lag-p99-at-${rate}/s`, value: p99, unit: 'ms', target: '<= 100', pass: p99 <= 100 }),
      ];
    });
  } finally {
    await conn.close();
  }
}
