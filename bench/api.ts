import { Pool } from 'undici';
import { ADMIN_KEY, SECRET_KEY, freshPgDatabase, percentile, report, spawnTickwork, waitHealthy, type Figure } from './support.ts';

/**
 * The API's create and read paths on PostgreSQL, measured with an undici load generator in this process (the API
 * in its own process, no worker): batch creates, single creates with a fixed number in flight (closed loop), and
 * reads of one task at a fixed rate (open loop: a request is sent on schedule whether or not the last has answered,
 * so a slow answer shows as latency instead of lowering the rate). BENCH_API_NODE_ARGS (e.g. "--cpu-prof
 * --cpu-prof-dir=.tmp/prof") are node flags for the API process.
 */

const headers = { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' };

interface ApiUnderTest {
  base: string;
  pool: Pool;
  stop(): Promise<void>;
}

async function startApi(port: number): Promise<ApiUnderTest> {
  const db = await freshPgDatabase();
  const api = spawnTickwork(['api'], {
    PORT: String(port),
    HOST: '127.0.0.1',
    TICKWORK_ADMIN_KEY: ADMIN_KEY,
    TICKWORK_ALLOW_PRIVATE_TARGETS: 'true',
    TICKWORK_RATE_LIMIT: '10000000',
    TICKWORK_MAX_TASKS_PER_TENANT: '10000000',
    TICKWORK_SECRET_KEY: SECRET_KEY,
    DATABASE_URL: db.url,
  }, (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter((a) => a !== ''));
  const base = `http://127.0.0.1:${port}`;
  await waitHealthy(base).catch(async (err: unknown) => {
    await api.stop();
    await db.drop();
    throw new Error(`${String(err)}: ${api.out().slice(-2000)}`);
  });
  const pool = new Pool(base, { connections: 64, pipelining: 1 });
  return {
    base,
    pool,
    async stop() {
      await pool.close();
      await api.stop();
      await db.drop();
    },
  };
}

/** A one-shot a day ahead: it has a first firing (a runs row) but never fires during the bench. */
const task = (i: number): unknown => ({
  title: `bench ${i}`,
  schedule_time: new Date(Date.now() + 86_400_000 + i).toISOString(),
  http: { url: `http://127.0.0.1:9/?t=${i}`, timeout_ms: 5_000 },
});

async function post(pool: Pool, path: string, body: unknown): Promise<{ status: number; text: string }> {
  const r = await pool.request({ method: 'POST', path, headers, body: JSON.stringify(body) });
  return { status: r.statusCode, text: await r.body.text() };
}

/** `total` tasks in batches of `size`, `parallel` batches in flight: tasks/s. */
export async function createBatchRate(port: number, total = 50_000, size = 1_000, parallel = 2): Promise<Figure[]> {
  const api = await startApi(port);
  try {
    await post(api.pool, '/v1/tasks/batch', { tasks: Array.from({ length: size }, (_, i) => task(i)) }); // warm-up
    const batches = Math.ceil(total / size);
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: parallel }, async () => {
        for (let b = next++; b < batches; b = next++) {
          const r = await post(api.pool, '/v1/tasks/batch', { tasks: Array.from({ length: size }, (_, i) => task(b * size + i)) });
          if (r.status !== 201) throw new Error(`batch create failed: ${r.status} ${r.text.slice(0, 300)}`);
        }
      }),
    );
    const perS = (batches * size) / ((performance.now() - started) / 1000);
    return [
      report({
        name: `postgres: batch create (${batches} batches of ${size}, ${parallel} in flight)`,
        value: Math.round(perS),
        unit: 'tasks/s',
        target: '>= 20000',
        pass: perS >= 20_000,
      }),
    ];
  } finally {
    await api.stop();
  }
}

/**
 * Single creates with `inFlight` requests at once for `seconds`, then reads of the created tasks at `rate` a second
 * for `seconds`: create requests/s, read latency p50/p99.
 */
export async function singleCreateAndRead(port: number, seconds = 10, inFlight = 32, rate = 1_000): Promise<Figure[]> {
  const api = await startApi(port);
  try {
    const ids: number[] = [];
    const lane = async (until: number, keep: boolean): Promise<void> => {
      for (let i = 0; performance.now() < until; i++) {
        const r = await post(api.pool, '/v1/tasks', task(i));
        if (r.status !== 201) throw new Error(`create failed: ${r.status} ${r.text.slice(0, 300)}`);
        if (keep) ids.push((JSON.parse(r.text) as { id: number }).id);
      }
    };
    await Promise.all(Array.from({ length: inFlight }, () => lane(performance.now() + 2_000, false))); // warm-up
    const started = performance.now();
    await Promise.all(Array.from({ length: inFlight }, () => lane(started + seconds * 1000, true)));
    const createPerS = ids.length / ((performance.now() - started) / 1000);

    const latencies: number[] = [];
    let failed = 0;
    const get = async (): Promise<void> => {
      const id = ids[Math.floor(Math.random() * ids.length)] ?? 1;
      const t = performance.now();
      const r = await api.pool.request({ method: 'GET', path: `/v1/tasks/${id}`, headers });
      await r.body.text();
      latencies.push(performance.now() - t);
      if (r.statusCode !== 200) failed++;
    };
    const pending: Promise<void>[] = [];
    const readStart = performance.now();
    // Open loop: every 10 ms, the requests the schedule says are due by now.
    for (let sent = 0; sent < rate * seconds; ) {
      const due = Math.min(rate * seconds, Math.floor(((performance.now() - readStart) / 1000) * rate));
      for (; sent < due; sent++) pending.push(get());
      await new Promise((r) => setTimeout(r, 10));
    }
    await Promise.all(pending);
    const readPerS = latencies.length / ((performance.now() - readStart) / 1000);
    const p99 = percentile(latencies, 99);
    return [
      report({
        name: `postgres: single POST /v1/tasks (${inFlight} in flight, ${seconds} s)`,
        value: Math.round(createPerS),
        unit: 'requests/s',
        target: '>= 2000',
        pass: createPerS >= 2_000,
      }),
      report({
        name: `postgres: GET /v1/tasks/{id} p99 at ${rate} requests/s (${seconds} s)`,
        value: Math.round(p99 * 10) / 10,
        unit: 'ms',
        target: '<= 5',
        pass: p99 <= 5 && failed === 0,
        note: `p50 ${Math.round(percentile(latencies, 50) * 10) / 10} ms; achieved ${Math.round(readPerS)}/s; non-200 ${failed}`,
      }),
    ];
  } finally {
    await api.stop();
  }
}
