import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import pg from 'pg';
import {
  ADMIN_KEY,
  SECRET_KEY,
  freshPgDatabase,
  percentile,
  report,
  spawnTickwork,
  waitHealthy,
  type Figure,
} from './support.ts';

/** CPU seconds (user + system) a process has used so far, from /proc (clock ticks of 10 ms). */
function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** A target that answers 200 at once and records when each monitor (`?n=<i>`) was checked. */
async function startMonitorTarget(): Promise<{ url: string; arrivals: Map<number, number[]>; close(): Promise<void> }> {
  const arrivals = new Map<number, number[]>();
  const server: Server = createServer((req, res) => {
    const now = Date.now();
    const n = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('n'));
    const list = arrivals.get(n) ?? [];
    list.push(now);
    arrivals.set(n, list);
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok');
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  if (addr === null || typeof addr === 'string') throw new Error('no address');
  return { url: `http://127.0.0.1:${addr.port}`, arrivals, close: () => new Promise((r) => server.close(() => r())) };
}

/**
 * Synthesises 30 days of history: hourly rollups for every monitor (what GET /v1/monitors/{id} reads), and raw
 * checks at the monitors' interval for the first `withChecks` monitors (the table the figures must not scan).
 */
async function synthesiseHistory(sql: pg.Client, withChecks: number, intervalS: number): Promise<number> {
  // The past days' partitions, as they would be had the service been running for 30 days.
  await sql.query('SELECT tw_ensure_check_partitions(3, 31)');
  await sql.query(`
    INSERT INTO monitor_rollups (monitor_id, hour, checks, ok, latency_buckets)
    SELECT m.id, date_trunc('hour', now()) - make_interval(hours => h), 60, 59 - (h % 3),
           ARRAY[0,10,30,15,5,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]::integer[]
      FROM monitors m, generate_series(1, 720) AS h`);
  const [row] = (
    await sql.query<{ n: string }>(
      `WITH ins AS (
         INSERT INTO checks (monitor_id, tenant_id, checked_at, status_code, latency_ms, matched, ok, error)
         SELECT m.id, m.tenant_id, now() - make_interval(secs => s * $2), 200, 5 + (s % 40), NULL, s % 97 <> 0,
                CASE WHEN s % 97 = 0 THEN 'expected a 2xx status, got 503' END
           FROM (SELECT * FROM monitors ORDER BY id LIMIT $1) m, generate_series(60, 30 * 86400 / $2) AS s
         RETURNING 1)
       SELECT count(*)::text AS n FROM ins`,
      [withChecks, intervalS],
    )
  ).rows;
  // A month of running leaves the rollups of past hours all-visible (autovacuum: they are never written again), so
  // the figures read them by an index-only scan; synthesised at once, they need the vacuum autovacuum would do.
  await sql.query('VACUUM ANALYZE monitor_rollups');
  await sql.query('ANALYZE');
  return Number(row?.n ?? 0);
}

/**
 * 10,000 monitors at a 60 s interval on one worker process (PostgreSQL) against a local target: p99 check lateness
 * (arrival at the target minus the due time, due times known from the monitors' first `next_check_at` and the fixed
 * cadence), worker CPU % of one core, and GET /v1/monitors/{id} latency with 30 days of history stored.
 */
export async function monitorsScenario(port: number, count = 10_000, runSeconds = 150): Promise<Figure[]> {
  const interval = 60;
  const target = await startMonitorTarget();
  const db = await freshPgDatabase();
  const env = {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: db.url,
    TICKWORK_ADMIN_KEY: ADMIN_KEY,
    TICKWORK_ALLOW_PRIVATE_TARGETS: 'true',
    TICKWORK_RATE_LIMIT: '10000000',
    TICKWORK_SECRET_KEY: SECRET_KEY,
  };
  const sql = new pg.Client({ connectionString: db.url });
  const api = spawnTickwork(['api'], env);
  let worker: ReturnType<typeof spawnTickwork> | null = null;
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitHealthy(base);
    const gen = spawnTickwork(['monitors', 'generate', '--count', String(count), '--target', `${target.url}/`, '--interval', String(interval)], env);
    await new Promise<void>((r) => gen.child.once('exit', () => r()));
    await sql.connect();
    const synthStarted = Date.now();
    const checks = await synthesiseHistory(sql, 100, interval);
    const synthS = Math.round((Date.now() - synthStarted) / 1000);
    // First checks spread evenly over one interval, starting shortly after the worker starts.
    await sql.query(
      `UPDATE monitors SET next_check_at = now() + interval '5 seconds'
         + make_interval(secs => $1::float8 * (id - (SELECT min(id) FROM monitors)) / $2)`,
      [interval, count],
    );
    const due0 = new Map<number, number>();
    for (const r of (await sql.query<{ url: string; at: Date }>('SELECT url, next_check_at AS at FROM monitors')).rows) {
      due0.set(Number(new URL(r.url).searchParams.get('n')), r.at.getTime());
    }
    worker = spawnTickwork(['worker'], { ...env, PORT: String(port + 1) });
    const workerPid = worker.child.pid;
    await new Promise((r) => setTimeout(r, 10_000)); // start-up and the first seconds of checks
    const cpu0 = cpuSeconds(workerPid);
    const t0 = Date.now();

    // GET latency while the worker checks, on monitors that have 30 days of raw checks and rollups.
    const ids = (await sql.query<{ id: string }>('SELECT id::text FROM monitors ORDER BY id LIMIT 100')).rows.map((r) => r.id);
    const getMs: number[] = [];
    const until = t0 + (runSeconds - 10) * 1000;
    while (Date.now() < until) {
      const id = ids[getMs.length % ids.length] ?? '1';
      const s = performance.now();
      const r = await fetch(`${base}/v1/monitors/${id}`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
      await r.arrayBuffer();
      getMs.push(performance.now() - s);
      await new Promise((res) => setTimeout(res, 20));
    }
    const cpuPct = ((cpuSeconds(workerPid) - cpu0) / ((Date.now() - t0) / 1000)) * 100;

    const lateness: number[] = [];
    for (const [n, list] of target.arrivals) {
      const first = due0.get(n);
      if (first === undefined) continue;
      for (const at of list) {
        const k = Math.max(0, Math.round((at - first) / (interval * 1000)));
        lateness.push(at - (first + k * interval * 1000));
      }
    }
    const [stored] = (await sql.query<{ n: string }>('SELECT count(*)::text AS n FROM checks')).rows;
    return [
      report({
        name: `postgres: monitor check lateness p99 (${count} monitors every ${interval} s, 1 worker process)`,
        value: Math.round(percentile(lateness, 99)),
        unit: 'ms',
        target: '<= 1000',
        pass: percentile(lateness, 99) <= 1000,
        note: `p50 ${Math.round(percentile(lateness, 50))} ms; max ${Math.round(Math.max(...lateness))} ms; ${lateness.length} checks`,
      }),
      report({
        name: `postgres: worker CPU with ${count} monitors every ${interval} s`,
        value: Math.round(cpuPct),
        unit: '% of one core',
        target: '< 50',
        pass: cpuPct < 50,
      }),
      report({
        name: 'postgres: GET /v1/monitors/{id} p99 with 30 days of history',
        value: Math.round(percentile(getMs, 99) * 10) / 10,
        unit: 'ms',
        target: '<= 10',
        pass: percentile(getMs, 99) <= 10,
        note: `p50 ${Math.round(percentile(getMs, 50) * 10) / 10} ms; ${getMs.length} requests; ${count}×720 rollup hours; ${checks} synthetic + ${Number(stored?.n ?? 0) - checks} live checks (synthesised in ${synthS} s)`,
      }),
    ];
  } finally {
    await worker?.stop();
    await api.stop();
    await sql.end().catch(() => undefined);
    await db.drop();
    await target.close();
  }
}
