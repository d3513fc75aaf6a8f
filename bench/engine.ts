import pg from 'pg';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  ADMIN_KEY,
  SECRET_KEY,
  createTasks,
  freshDataDir,
  freshPgDatabase,
  percentile,
  report,
  spawnTickwork,
  startTarget,
  waitHealthy,
  waitUntil,
  type Figure,
  type Proc,
} from './support.ts';

/** Attempts recorded as succeeded, read from the service's own /metrics (works for both backends). */
async function succeeded(base: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const m = /^tickwork_runs_total\{status="succeeded"\} (\d+)/m.exec(text);
  return m?.[1] === undefined ? 0 : Number(m[1]);
}

function rssMb(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m?.[1] === undefined ? NaN : Math.round(Number(m[1]) / 1024);
}

function oneShot(target: string, i: number, at: number): unknown {
  return {
    schedule_time: new Date(at).toISOString(),
    http: { url: `${target}/?t=${i}&due=${at}`, timeout_ms: 5_000 },
  };
}

interface Mode {
  name: 'postgres' | 'pglite';
  /** Starts processes; returns the API base URL and the processes to stop. */
  start(port: number): Promise<Running>;
}

interface Running {
  base: string;
  procs: Proc[];
  workerPid: number | undefined;
  /** Attempts recorded as succeeded, wherever the process that records them keeps count. */
  succeeded(): Promise<number>;
  cleanup(): Promise<void>;
}

const env = (port: number, extra: Record<string, string>): Record<string, string> => ({
  PORT: String(port),
  HOST: '127.0.0.1',
  TICKWORK_ADMIN_KEY: ADMIN_KEY,
  TICKWORK_ALLOW_PRIVATE_TARGETS: 'true',
  TICKWORK_RATE_LIMIT: '10000000',
  TICKWORK_SECRET_KEY: SECRET_KEY,
  // A bench may run several workers on this host: none binds the default metrics port (9464).
  TICKWORK_METRICS_PORT: '0',
  ...extra,
});

/**
 * BENCH_WORKER_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=.tmp/prof") are node flags for the process that runs the
 * engine: the worker on PostgreSQL, the one `start` process on PGlite.
 */
function workerNodeArgs(): string[] {
  return (process.env.BENCH_WORKER_NODE_ARGS ?? '').split(' ').filter((a) => a !== '');
}

export const postgresMode: Mode = {
  name: 'postgres',
  async start(port) {
    const db = await freshPgDatabase();
    const api = spawnTickwork(['api'], env(port, { DATABASE_URL: db.url }));
    const base = `http://127.0.0.1:${port}`;
    await waitHealthy(base);
    // One connection to count recorded runs, not one per poll (that would load the database under test).
    let counter: pg.Client | null = null;
    let connected = false;
    const worker = spawnTickwork(['worker'], env(port + 1, { DATABASE_URL: db.url }), workerNodeArgs());
    return {
      base,
      procs: [api, worker],
      workerPid: worker.child.pid,
      // The worker process records the runs; it serves no /metrics, so count them where they are stored.
      async succeeded() {
        counter ??= new pg.Client({ connectionString: db.url });
        if (!connected) {
          await counter.connect();
          connected = true;
        }
        const { rows } = await counter.query<{ n: number }>(`SELECT count(*)::int AS n FROM runs WHERE status = 'succeeded'`);
        return rows[0]?.n ?? 0;
      },
      async cleanup() {
        if (connected) await counter?.end();
        await worker.stop();
        await api.stop();
        await db.drop();
      },
    };
  },
};

export const pgliteMode: Mode = {
  name: 'pglite',
  async start(port) {
    const data = freshDataDir();
    const p = spawnTickwork(['start'], env(port, { TICKWORK_DATA_DIR: data.dir }), workerNodeArgs());
    const base = `http://127.0.0.1:${port}`;
    await waitHealthy(base);
    return {
      base,
      procs: [p],
      workerPid: p.child.pid,
      succeeded: () => succeeded(base),
      async cleanup() {
        await p.stop();
        data.drop();
      },
    };
  },
};

/**
 * Milliseconds the API needs per created task on this machine now, from a warm-up of deadline-only tasks (they
 * never fire), so that T0 leaves room to create every task before it is due.
 */
async function msPerCreate(base: string): Promise<number> {
  const n = 300;
  const started = Date.now();
  await createTasks(base, Array.from({ length: n }, () => ({ expires_at: new Date(Date.now() + 86_400_000).toISOString() })));
  return (Date.now() - started) / n;
}

/** N one-shot tasks all due at one instant T0: tasks/s from T0 until every run is recorded. */
export async function throughput(mode: Mode, n: number, port: number, targetPerS: number): Promise<Figure[]> {
  const target = await startTarget();
  const svc = await mode.start(port);
  try {
    const t0 = Date.now() + 3_000 + n * 1.5 * (await msPerCreate(svc.base));
    const created0 = Date.now();
    await createTasks(svc.base, Array.from({ length: n }, (_, i) => oneShot(target.url, i, t0)));
    const createdPerS = n / ((Date.now() - created0) / 1000);
    if (Date.now() > t0) throw new Error('creating the tasks took longer than planned; raise the margin');
    await waitUntil('all runs recorded', async () => (await svc.succeeded()) >= n, 120_000 + n * 5, 50);
    const elapsed = (Date.now() - t0) / 1000;
    const duplicates = [...target.arrivals.values()].filter((a) => a.length > 1).length;
    return [
      report({
        name: `${mode.name}: HTTP tasks/s end to end (${n} due at once, 1 worker process)`,
        value: Math.round(n / elapsed),
        unit: 'tasks/s',
        target: `>= ${targetPerS}`,
        pass: n / elapsed >= targetPerS,
        note: `duplicates ${duplicates}; API create rate ${Math.round(createdPerS)}/s; worker RSS ${rssMb(svc.workerPid)} MB`,
      }),
    ];
  } finally {
    await svc.cleanup();
    await target.close();
  }
}

/**
 * Each task's run.failed events' `next_attempt_at` (the retry's due time, database clock) by task id, read through
 * the API's event list.
 */
async function retryDueTimes(base: string): Promise<Map<number, number>> {
  const due = new Map<number, number>();
  let after = 0;
  for (;;) {
    const r = await fetch(`${base}/v1/events?type=run.failed&limit=500&after=${after}`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    const page = (await r.json()) as { items: { id: number; subject: { id: number }; data: { next_attempt_at?: string | null } }[] };
    for (const e of page.items) {
      if (e.data.next_attempt_at) due.set(e.subject.id, new Date(e.data.next_attempt_at).getTime());
      after = e.id;
    }
    if (page.items.length < 500) return due;
  }
}

/**
 * N tasks spread evenly over `spreadS` seconds: lateness = call arrival − due time, at the target. Every
 * 1/`failShare`-th task fails its first attempt (retry after 1 s of backoff); a retry's lateness is its arrival less
 * the due time its failure announced (run.failed `next_attempt_at`), reported apart from the first attempts'.
 */
export async function lateness(mode: Mode, n: number, spreadS: number, port: number, p50: number, p99: number, failShare = 0.1): Promise<Figure[]> {
  const target = await startTarget();
  const svc = await mode.start(port);
  try {
    const t0 = Date.now() + 3_000 + Math.max(n, 1_000) * 1.5 * (await msPerCreate(svc.base));
    const step = (spreadS * 1000) / n;
    const every = failShare > 0 ? Math.round(1 / failShare) : 0;
    const failing = (i: number): boolean => every > 0 && i % every === every - 1;
    const bodies = Array.from({ length: n }, (_, i) => {
      const body = oneShot(target.url, i, Math.round(t0 + i * step)) as { http: { url: string } };
      if (!failing(i)) return body;
      return { ...body, http: { ...body.http, url: `${body.http.url}&fail=1` }, retry: { max_attempts: 2, backoff_s: 1 } };
    });
    const ids = await createTasks(svc.base, bodies);
    if (Date.now() > t0) throw new Error('creating the tasks took longer than planned; raise the margin');
    const retried = bodies.map((_, i) => i).filter(failing);
    const retriesArrived = (): number => retried.filter((i) => (target.arrivals.get(String(i))?.length ?? 0) >= 2).length;
    await waitUntil(
      'all calls and retries arrived',
      () => target.lateness.length >= n && retriesArrived() === retried.length,
      spreadS * 1000 + 60_000,
    ).catch((err: unknown) => {
      throw new Error(`${String(err)} (first attempts ${target.lateness.length} of ${n}, retries ${retriesArrived()} of ${retried.length})`);
    });
    const l = target.lateness;
    const early = l.filter((x) => x < 0).length;
    const dueOf = await retryDueTimes(svc.base);
    const r = retried.map((i) => (target.arrivals.get(String(i))?.[1] ?? NaN) - (dueOf.get(ids[i] ?? -1) ?? NaN));
    const retryEarly = r.filter((x) => x < 0).length;
    const figures = [
      report({
        name: `${mode.name}: lateness p50 (${n} tasks over ${spreadS} s, first attempts)`,
        value: percentile(l, 50),
        unit: 'ms',
        target: `<= ${p50}`,
        pass: percentile(l, 50) <= p50,
      }),
      report({
        name: `${mode.name}: lateness p99 (${n} tasks over ${spreadS} s, first attempts)`,
        value: percentile(l, 99),
        unit: 'ms',
        target: `<= ${p99}`,
        pass: percentile(l, 99) <= p99,
        note: `max ${Math.max(...l)} ms; early calls ${early}`,
      }),
    ];
    if (retried.length === 0) return figures;
    return [
      ...figures,
      report({
        name: `${mode.name}: retry lateness p50 / p99 (${retried.length} retries, 1 s backoff)`,
        value: percentile(r, 99),
        unit: 'ms (p99)',
        target: `<= ${p99}`,
        pass: percentile(r, 99) <= p99 && r.every(Number.isFinite),
        note: `p50 ${percentile(r, 50)} ms; max ${Math.max(...r)} ms; early retries ${retryEarly}`,
      }),
    ];
  } finally {
    await svc.cleanup();
    await target.close();
  }
}

/** `tickwork start` to a healthy /v1/health, on a fresh and then an existing data dir; RSS reached. */
export async function startup(port: number): Promise<Figure[]> {
  const data = freshDataDir();
  try {
    const first = spawnTickwork(['start'], env(port, { TICKWORK_DATA_DIR: data.dir }));
    const t1 = Date.now();
    await waitHealthy(`http://127.0.0.1:${port}`, 120_000);
    const firstMs = Date.now() - t1;
    const firstRss = rssMb(first.child.pid);
    await first.stop();
    const again = spawnTickwork(['start'], env(port, { TICKWORK_DATA_DIR: data.dir }));
    const t2 = Date.now();
    await waitHealthy(`http://127.0.0.1:${port}`, 60_000);
    const secondMs = Date.now() - t2;
    await new Promise((r) => setTimeout(r, 2_000));
    const steadyRss = rssMb(again.child.pid);
    await again.stop();
    return [
      report({
        name: 'npm start to healthy, existing data dir',
        value: secondMs,
        unit: 'ms',
        target: '<= 3000',
        pass: secondMs <= 3000,
        note: `steady RSS ${steadyRss} MB`,
      }),
      report({
        name: 'first start (initialises the cluster) to healthy',
        value: firstMs,
        unit: 'ms',
        target: 'report',
        pass: true,
        note: `RSS after first start ${firstRss} MB`,
      }),
    ];
  } finally {
    data.drop();
  }
}

interface StatementCounts {
  counts: Record<string, number>;
  cpu: { user: number; system: number };
}

/**
 * Round trips to PostgreSQL per task in the worker process, end to end (claim, start, record, settle, next firing,
 * events, the relay), counted by statement name by a preload in that process (bench/count-statements.mjs), with its
 * CPU per 1,000 tasks: `n` one-shots created ahead, then made due at once by moving the database clock, so the
 * creates are not in the counts. Deterministic where timings on a shared machine are not.
 */
export async function workerStatements(n: number, port: number): Promise<Figure[]> {
  const target = await startTarget();
  const db = await freshPgDatabase();
  const out = `${freshDataDir().dir}/counts.json`;
  const api = spawnTickwork(['api'], env(port, { DATABASE_URL: db.url, TICKWORK_MAX_TASKS_PER_TENANT: '10000000' }));
  const worker = spawnTickwork(['worker'], env(port + 1, { DATABASE_URL: db.url, BENCH_COUNT_OUT: out }), [
    '--import',
    fileURLToPath(new URL('./count-statements.mjs', import.meta.url)),
  ]);
  const client = new pg.Client({ connectionString: db.url });
  try {
    await waitHealthy(`http://127.0.0.1:${port}`);
    await client.connect();
    const due = Date.now() + 600_000;
    await createTasks(`http://127.0.0.1:${port}`, Array.from({ length: n }, (_, i) => oneShot(target.url, i, due)));
    const settled = async (): Promise<boolean> => (await client.query(`SELECT count(*)::int AS n FROM events`)).rows[0]?.n === n;
    await waitUntil('the relay caught up with the creates', settled, 60_000, 50);
    await new Promise((r) => setTimeout(r, 1_000));
    worker.child.kill('SIGUSR2');
    await waitUntil('the baseline counts', () => existsSync(`${out}.base`), 10_000);
    // Every task due now, by the database clock (the one clock the engine reads).
    await client.query(`UPDATE tw_clock SET offset_ms = offset_ms + (extract(epoch FROM $1::timestamptz - tw_now()) * 1000)::bigint + 1`, [new Date(due)]);
    await client.query(`SELECT pg_notify('tickwork_wake', '')`);
    const t0 = Date.now();
    const done = async (): Promise<boolean> => (await client.query(`SELECT count(*)::int AS n FROM runs WHERE status = 'succeeded'`)).rows[0]?.n === n;
    await waitUntil('all runs recorded', done, 120_000, 50);
    const seconds = (Date.now() - t0) / 1000;
    await new Promise((r) => setTimeout(r, 1_500)); // the last settlement's events relayed
    await worker.stop();
    const base = JSON.parse(readFileSync(`${out}.base`, 'utf8')) as StatementCounts;
    const all = JSON.parse(readFileSync(out, 'utf8')) as StatementCounts;
    const per = Object.entries(all.counts)
      .map(([k, v]) => [k, v - (base.counts[k] ?? 0)] as const)
      .filter(([, v]) => v > 0)
      .sort((a, b) => b[1] - a[1]);
    const total = per.reduce((s, [, v]) => s + v, 0);
    const cpuMs = (all.cpu.user + all.cpu.system - base.cpu.user - base.cpu.system) / 1000;
    const top = per.slice(0, 12).map(([k, v]) => `${k} ${(v / n).toFixed(3)}`).join('; ');
    return [
      report({
        name: `postgres: worker round trips per task (${n} one-shots due at once)`,
        value: Math.round((total / n) * 1000) / 1000,
        unit: 'round trips/task',
        target: 'report',
        pass: true,
        note: `worker CPU ${Math.round((cpuMs / n) * 1000)} ms per 1,000 tasks; ${Math.round(n / seconds)} tasks/s; per task: ${top}`,
      }),
    ];
  } finally {
    await client.end().catch(() => undefined);
    await worker.stop();
    await api.stop();
    await db.drop();
    await target.close();
  }
}
