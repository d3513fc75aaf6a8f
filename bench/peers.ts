import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import pg from 'pg';
import { lateness, throughput } from './engine.ts';
import {
  ADMIN_KEY,
  PG_URL,
  ROOT,
  SECRET_KEY,
  freshPgDatabase,
  percentile,
  report,
  spawnTickwork,
  startTarget,
  waitHealthy,
  waitUntil,
  type Figure,
  type Proc,
  type Target,
} from './support.ts';

/**
 * `npm run bench -- peers`: tickwork beside Graphile Worker, pg-boss and BullMQ on identical workloads, in one run
 * (issue 10, "Peers in the bench"). Each job is one keep-alive GET to a local target that counts hits per job id;
 * every system runs one worker process at concurrency 10, otherwise at its documented defaults, plus a row for each
 * PostgreSQL peer with its poll interval shortened. The peers are installed at bench time into bench/.peers/ (their
 * own node_modules, never the product's dependencies) and run as child processes from scripts in bench/peers/.
 */

const PEERS_DIR = `${ROOT}bench/.peers/`;
const SCRIPTS_DIR = `${ROOT}bench/peers/`;
/** The newest release of each major the issue names (npm view NAME versions, December 2026). */
const VERSIONS: Record<string, string> = { 'graphile-worker': '0.18.0', 'pg-boss': '12.38.1', bullmq: '6.7.6', ioredis: '5.11.1' };
const REDIS = { host: '127.0.0.1', port: 6379 };
const CONCURRENCY = 10;
const THROUGHPUT_JOBS = 10_000;
const LATENESS_JOBS = 2_000;
const LATENESS_SPREAD_S = 10;
/** Issue 10's throughput targets, tickwork ÷ peer at default settings. */
const RATIO_TARGETS: Record<string, number> = { graphile: 2.0, pgboss: 1.5, bullmq: 1.0 };

interface Peer {
  label: string;
  script: 'graphile' | 'pgboss' | 'bullmq';
  store: 'postgres' | 'redis';
  /** null: the system's default poll interval. */
  pollMs: number | null;
}

const PEERS: Peer[] = [
  { label: `Graphile Worker ${VERSIONS['graphile-worker']} (default poll 2 s)`, script: 'graphile', store: 'postgres', pollMs: null },
  { label: `Graphile Worker ${VERSIONS['graphile-worker']} (poll 100 ms)`, script: 'graphile', store: 'postgres', pollMs: 100 },
  { label: `pg-boss ${VERSIONS['pg-boss']} (batchSize 10, burstWhenBatchFull, default poll 2 s)`, script: 'pgboss', store: 'postgres', pollMs: null },
  // pg-boss 12 rejects pollingIntervalSeconds below 0.5 ("must be at least every 500ms"): its shortest poll.
  { label: `pg-boss ${VERSIONS['pg-boss']} (same, poll 500 ms, its minimum)`, script: 'pgboss', store: 'postgres', pollMs: 500 },
  { label: `BullMQ ${VERSIONS.bullmq} on Redis`, script: 'bullmq', store: 'redis', pollMs: null },
];

interface Row {
  label: string;
  key: string;
  jobsPerS: number;
  p50: number;
  p99: number;
  lost: number;
  duplicated: number;
  peakRssMb: number;
  cpuSPer1k: number;
}

// ---------------------------------------------------------------- installing the peers

/** Installs the pinned peers into bench/.peers/ unless they are there already; returns npm's engine warnings. */
function installPeers(): string {
  mkdirSync(PEERS_DIR, { recursive: true });
  const manifest = `${PEERS_DIR}package.json`;
  if (!existsSync(manifest)) writeFileSync(manifest, `${JSON.stringify({ name: 'tickwork-bench-peers', private: true, type: 'module' }, null, 2)}\n`);
  const installed = (name: string): string | undefined => {
    const file = `${PEERS_DIR}node_modules/${name}/package.json`;
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version : undefined;
  };
  let warnings = 'already installed';
  if (Object.entries(VERSIONS).some(([name, v]) => installed(name) !== v)) {
    const specs = Object.entries(VERSIONS).map(([name, v]) => `${name}@${v}`);
    const r = spawnSync('npm', ['install', '--prefix', PEERS_DIR, '--no-audit', '--no-fund', '--no-save', ...specs], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`npm install of the peers failed: ${r.stderr.slice(-2000)}`);
    warnings = `${r.stdout}\n${r.stderr}`.trim();
  }
  // The scripts run from bench/.peers/ so that their bare imports resolve to the peers' node_modules.
  for (const f of readdirSync(SCRIPTS_DIR).filter((n) => n.endsWith('.mjs'))) copyFileSync(`${SCRIPTS_DIR}${f}`, `${PEERS_DIR}${f}`);
  return warnings;
}

/** "required: { node: '>=22.18.0' }" per package, read from the installed manifests (npm warns but installs). */
function engineNotes(): string {
  return Object.keys(VERSIONS)
    .map((name) => {
      const m = JSON.parse(readFileSync(`${PEERS_DIR}node_modules/${name}/package.json`, 'utf8')) as { engines?: { node?: string } };
      return `${name} engines.node ${m.engines?.node ?? 'unset'}`;
    })
    .join('; ');
}

// ---------------------------------------------------------------- processes

const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

/** CPU seconds (user + system) and peak RSS (VmHWM) of a live process. */
function procStats(pid: number | undefined): { cpuS: number; hwmMb: number } {
  if (pid === undefined) return { cpuS: NaN, hwmMb: NaN };
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start at field 3; utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpuS = (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return { cpuS, hwmMb: m?.[1] === undefined ? NaN : Math.round(Number(m[1]) / 1024) };
}

function nodeScript(script: string, role: string, spec: object): { child: ChildProcess; out: () => string } {
  const child = spawn(process.execPath, [`${PEERS_DIR}${script}.mjs`, role, JSON.stringify(spec)], {
    cwd: PEERS_DIR,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  return { child, out: () => out };
}

/** Runs a peer script to its end; its output, or an error naming it. */
function runScript(script: string, role: string, spec: object): Promise<string> {
  const p = nodeScript(script, role, spec);
  return new Promise((resolve, reject) => {
    p.child.once('exit', (code) => (code === 0 ? resolve(p.out()) : reject(new Error(`${script} ${role} exited ${code}: ${p.out().slice(-2000)}`))));
  });
}

interface PeerWorker {
  pid: number | undefined;
  stop(): Promise<void>;
}

/** Starts a peer's worker process and waits until it says it is ready. */
async function startWorker(script: string, spec: object): Promise<PeerWorker> {
  const p = nodeScript(script, 'work', spec);
  await waitUntil(`${script} worker ready`, () => {
    if (p.child.exitCode !== null) throw new Error(`${script} worker exited ${p.child.exitCode}: ${p.out().slice(-2000)}`);
    return p.out().includes('ready');
  }, 60_000, 20);
  return {
    pid: p.child.pid,
    stop: () =>
      new Promise((resolve) => {
        if (p.child.exitCode !== null) return resolve();
        const kill = setTimeout(() => p.child.kill('SIGKILL'), 5_000);
        p.child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        p.child.kill('SIGTERM');
      }),
  };
}

/** Jobs 0..n-1 with no hit (lost) and with more than one (duplicated), from the target's count per job id. */
function exactlyOnce(target: Target, n: number): { lost: number; duplicated: number } {
  let lost = 0;
  let duplicated = 0;
  for (let i = 0; i < n; i++) {
    const hits = target.arrivals.get(String(i))?.length ?? 0;
    if (hits === 0) lost++;
    if (hits > 1) duplicated++;
  }
  return { lost, duplicated };
}

// ---------------------------------------------------------------- one peer

interface Store {
  spec: Record<string, unknown>;
  drop(): Promise<void>;
}

async function freshStore(peer: Peer): Promise<Store> {
  if (peer.store === 'postgres') {
    const db = await freshPgDatabase();
    return { spec: { db: db.url }, drop: () => db.drop() };
  }
  const queue = `tw-bench-${Date.now()}`;
  const spec = { queue, redisHost: REDIS.host, redisPort: REDIS.port };
  return { spec, drop: () => runScript(peer.script, 'cleanup', spec).then(() => undefined) };
}

/** n jobs enqueued in one go while the worker waits: jobs/s from the first job's start to the last completion. */
async function peerThroughput(peer: Peer, n: number): Promise<Pick<Row, 'jobsPerS' | 'lost' | 'duplicated' | 'peakRssMb' | 'cpuSPer1k'>> {
  const target = await startTarget();
  const store = await freshStore(peer);
  const spec = { ...store.spec, concurrency: CONCURRENCY, pollMs: peer.pollMs, target: target.url };
  try {
    await runScript(peer.script, 'setup', spec);
    const worker = await startWorker(peer.script, spec);
    try {
      const before = procStats(worker.pid);
      const out = await runScript(peer.script, 'enqueue', { ...spec, n, t0: null, stepMs: 0, waitDone: true, timeoutMs: 120_000 + n * 5 });
      const done = /\{"doneAt":(\d+)\}/.exec(out);
      if (done?.[1] === undefined) throw new Error(`${peer.script} enqueue printed no completion: ${out.slice(-500)}`);
      const after = procStats(worker.pid);
      let first = Infinity;
      for (const hits of target.arrivals.values()) for (const at of hits) first = Math.min(first, at);
      const elapsedS = (Number(done[1]) - first) / 1000;
      return {
        jobsPerS: Math.round(n / elapsedS),
        ...exactlyOnce(target, n),
        peakRssMb: after.hwmMb,
        cpuSPer1k: round2((after.cpuS - before.cpuS) / (n / 1000)),
      };
    } finally {
      await worker.stop();
    }
  } finally {
    await store.drop();
    await target.close();
  }
}

/** n jobs due evenly over `spreadS` seconds, enqueued ahead with their due time: lateness = start − due. */
async function peerLateness(peer: Peer, n: number, spreadS: number): Promise<Pick<Row, 'p50' | 'p99' | 'lost' | 'duplicated'>> {
  const target = await startTarget();
  const store = await freshStore(peer);
  const spec = { ...store.spec, concurrency: CONCURRENCY, pollMs: peer.pollMs, target: target.url };
  try {
    await runScript(peer.script, 'setup', spec);
    const worker = await startWorker(peer.script, spec);
    try {
      const t0 = Date.now() + 4_000;
      await runScript(peer.script, 'enqueue', { ...spec, n, t0, stepMs: (spreadS * 1000) / n, waitDone: false });
      if (Date.now() > t0) throw new Error('enqueueing took longer than planned; raise the margin');
      // Lost jobs would never arrive: wait for all or for a generous deadline, then count, never assume.
      await waitUntil('all calls arrived', () => target.lateness.length >= n, spreadS * 1000 + 60_000).catch(() => undefined);
      // A moment more, so that a duplicate arriving just after the last first call is counted.
      await new Promise((r) => setTimeout(r, 500));
      return { p50: percentile(target.lateness, 50), p99: percentile(target.lateness, 99), ...exactlyOnce(target, n) };
    } finally {
      await worker.stop();
    }
  } finally {
    await store.drop();
    await target.close();
  }
}

// ---------------------------------------------------------------- tickwork, through bench/engine.ts

type Mode = Parameters<typeof throughput>[0];

/**
 * engine.ts's lateness(); newer versions take a 7th argument, the share of tasks failing their first attempt (default
 * 0.1, to measure retries). The peers' workload has no failures, so it is passed as 0 (an older lateness ignores it).
 */
const latenessOf: (mode: Mode, n: number, spreadS: number, port: number, p50: number, p99: number, failShare?: number) => Promise<Figure[]> = lateness;

interface TickworkStats {
  cpuS: number;
  hwmMb: number;
  lost: number;
  duplicated: number;
}

/**
 * postgresMode of bench/engine.ts with the worker at TICKWORK_CONCURRENCY=10 (the peers' concurrency) and room for the
 * bench's tasks; it also measures the worker's CPU (from the first count of recorded runs, just before the tasks are
 * due) and peak RSS, and checks every task fired exactly once in the runs table, before it drops the database.
 */
export function tickworkMode(stats: TickworkStats[], extra: Record<string, string> = {}): Mode {
  return {
    name: 'postgres',
    async start(port) {
      const env = (p: number, db: string): Record<string, string> => ({
        PORT: String(p),
        HOST: '127.0.0.1',
        DATABASE_URL: db,
        TICKWORK_ADMIN_KEY: ADMIN_KEY,
        TICKWORK_ALLOW_PRIVATE_TARGETS: 'true',
        TICKWORK_RATE_LIMIT: '10000000',
        TICKWORK_MAX_TASKS_PER_TENANT: '10000000',
        TICKWORK_CONCURRENCY: String(CONCURRENCY),
        TICKWORK_SECRET_KEY: SECRET_KEY,
        ...extra,
      });
      const db = await freshPgDatabase();
      const api = spawnTickwork(['api'], env(port, db.url));
      const base = `http://127.0.0.1:${port}`;
      await waitHealthy(base);
      const worker: Proc = spawnTickwork(['worker'], env(port + 1, db.url));
      const counter = new pg.Client({ connectionString: db.url });
      await counter.connect();
      let cpuBefore: number | undefined;
      return {
        base,
        procs: [api, worker],
        workerPid: worker.child.pid,
        async succeeded() {
          cpuBefore ??= procStats(worker.child.pid).cpuS;
          const { rows } = await counter.query<{ n: number }>(`SELECT count(*)::int AS n FROM runs WHERE status = 'succeeded'`);
          return rows[0]?.n ?? 0;
        },
        async cleanup() {
          try {
            const after = procStats(worker.child.pid);
            // lateness() stops at the last call's arrival; the worker records outcomes in batches a moment later, so
            // give every fired task up to 15 s to show its run before counting what is missing as lost.
            await waitUntil(
              'every fired task recorded',
              async () => {
                const { rows } = await counter.query<{ open: number }>(
                  `SELECT count(*)::int AS open FROM tasks t WHERE t.schedule IS NOT NULL
                      AND NOT EXISTS (SELECT 1 FROM runs r WHERE r.task_id = t.id AND r.status = 'succeeded')`,
                );
                return rows[0]?.open === 0;
              },
              15_000,
              100,
            ).catch(() => undefined);
            // Tasks with a schedule are the bench's one-shot tasks (the warm-up tasks are deadline-only).
            const { rows } = await counter.query<{ lost: number; duplicated: number }>(
              `SELECT count(*) FILTER (WHERE ok = 0)::int AS lost, count(*) FILTER (WHERE started > 1)::int AS duplicated
                 FROM (SELECT t.id, count(r.id) FILTER (WHERE r.status = 'succeeded') AS ok,
                              count(r.id) FILTER (WHERE r.started_at IS NOT NULL) AS started
                         FROM tasks t LEFT JOIN runs r ON r.task_id = t.id
                        WHERE t.schedule IS NOT NULL GROUP BY t.id) per_task`,
            );
            stats.push({ cpuS: after.cpuS - (cpuBefore ?? 0), hwmMb: after.hwmMb, lost: rows[0]?.lost ?? NaN, duplicated: rows[0]?.duplicated ?? NaN });
          } finally {
            await counter.end();
            await worker.stop();
            await api.stop();
            await db.drop();
          }
        },
      };
    },
  };
}

/**
 * tickwork rows: at concurrency 10 with its defaults, the same with no tenant reserve (one tenant here, so the 10 %
 * reserve holds 1 of 10 slots idle), and at its default concurrency for reference.
 */
const TICKWORK_VARIANTS: { key: string; label: string; env: Record<string, string>; port: number }[] = [
  { key: 'tickwork', label: `tickwork (api + worker on PostgreSQL, TICKWORK_CONCURRENCY=${CONCURRENCY})`, env: {}, port: 18_200 },
  {
    key: 'tickwork-reserve0',
    label: `tickwork (same, TICKWORK_TENANT_RESERVE=0)`,
    env: { TICKWORK_TENANT_RESERVE: '0' },
    port: 18_220,
  },
  // For reference only (the peers run 10 in flight): tickwork at its own default concurrency.
  { key: 'tickwork-default', label: 'tickwork (TICKWORK_CONCURRENCY at its default, 200)', env: { TICKWORK_CONCURRENCY: '200' }, port: 18_240 },
];

async function tickworkRow(v: (typeof TICKWORK_VARIANTS)[number]): Promise<Row> {
  const stats: TickworkStats[] = [];
  const mode = tickworkMode(stats, v.env);
  const [tp] = await throughput(mode, THROUGHPUT_JOBS, v.port, 0);
  const tpStats = stats.pop();
  const [l50, l99] = await latenessOf(mode, LATENESS_JOBS, LATENESS_SPREAD_S, v.port + 10, 5, 25, 0);
  const lStats = stats.pop();
  if (tp === undefined || l50 === undefined || l99 === undefined || tpStats === undefined || lStats === undefined) throw new Error('tickwork figures missing');
  // The target's count of duplicate hits, from engine.ts's note, beside the runs table's own count.
  const hitDuplicates = Number(/duplicates (\d+)/.exec(tp.note ?? '')?.[1] ?? NaN);
  return {
    label: v.label,
    key: v.key,
    jobsPerS: tp.value,
    p50: l50.value,
    p99: l99.value,
    lost: tpStats.lost + lStats.lost,
    duplicated: Math.max(hitDuplicates, tpStats.duplicated) + lStats.duplicated,
    peakRssMb: tpStats.hwmMb,
    cpuSPer1k: round2(tpStats.cpuS / (THROUGHPUT_JOBS / 1000)),
  };
}

// ---------------------------------------------------------------- pgbench

interface Pgbench {
  selectTps: number;
  updateTps: number;
}

/** pgbench on its own fresh database: select-only (-S) and simple-update (-N), 10 clients, 2 threads, 10 s each. */
async function pgbench(): Promise<Pgbench> {
  const dir = readdirSync('/usr/lib/postgresql').sort().reverse()[0];
  const bin = `/usr/lib/postgresql/${dir ?? '?'}/bin/pgbench`;
  if (!existsSync(bin)) throw new Error(`no pgbench at ${bin}`);
  const db = await freshPgDatabase();
  try {
    const u = new URL(db.url);
    const env = {
      PATH: process.env.PATH ?? '',
      PGHOST: u.hostname,
      PGPORT: u.port || '5432',
      PGUSER: decodeURIComponent(u.username) || 'postgres',
      PGPASSWORD: decodeURIComponent(u.password),
      PGDATABASE: u.pathname.slice(1),
    };
    const run = (args: string[]): string => execFileSync(bin, args, { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    run(['-i', '-q', '-s', '10']);
    const tps = (out: string): number => Math.round(Number(/tps = ([\d.]+)/.exec(out)?.[1] ?? NaN));
    return {
      selectTps: tps(run(['-c', '10', '-j', '2', '-T', '10', '-S'])),
      updateTps: tps(run(['-c', '10', '-j', '2', '-T', '10', '-N'])),
    };
  } finally {
    await db.drop();
  }
}

// ---------------------------------------------------------------- the scenario

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

export async function peersScenario(): Promise<Figure[]> {
  const install = installPeers();
  console.error(`peers: ${engineNotes()}; running on Node ${process.version}. npm: ${install.split('\n').filter((l) => /EBADENGINE.*(package|required)/.test(l)).join(' ') || install.slice(0, 200)}`);
  const bench = await pgbench();
  console.error(`peers: pgbench -S ${bench.selectTps} tps, -N ${bench.updateTps} tps`);
  const rows: Row[] = [];
  const failures: string[] = [];
  const attempt = async (label: string, row: () => Promise<Row>): Promise<void> => {
    try {
      const r = await row();
      console.error(`peers: ${label}: ${r.jobsPerS} jobs/s, lateness p50 ${r.p50} / p99 ${r.p99} ms, lost ${r.lost}, duplicated ${r.duplicated}`);
      rows.push(r);
    } catch (err) {
      failures.push(`${label}: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  for (const v of TICKWORK_VARIANTS) await attempt(v.label, () => tickworkRow(v));
  for (const peer of PEERS) {
    await attempt(peer.label, async () => {
      const tp = await peerThroughput(peer, THROUGHPUT_JOBS);
      const l = await peerLateness(peer, LATENESS_JOBS, LATENESS_SPREAD_S);
      return {
        label: peer.label,
        key: `${peer.script}${peer.pollMs === null ? '' : `-poll${peer.pollMs}`}`,
        ...tp,
        p50: l.p50,
        p99: l.p99,
        lost: tp.lost + l.lost,
        duplicated: tp.duplicated + l.duplicated,
      };
    });
  }
  const tickwork = rows.find((r) => r.key === 'tickwork');
  const tickwork0 = rows.find((r) => r.key === 'tickwork-reserve0');
  const isTickwork = (r: Row): boolean => r.key.startsWith('tickwork');
  const figures: Figure[] = [
    report({ name: 'peers: pgbench -S tps (10 clients, 2 threads, 10 s)', value: bench.selectTps, unit: 'tps', target: 'report', pass: true }),
    report({ name: 'peers: pgbench -N tps (simple-update, 10 clients, 2 threads, 10 s)', value: bench.updateTps, unit: 'tps', target: 'report', pass: true }),
  ];
  const share = (r: Row): string => (r.key.startsWith('bullmq') ? '– (Redis)' : `${((100 * r.jobsPerS) / bench.updateTps).toFixed(0)} %`);
  for (const r of rows) {
    const valid = r.lost === 0 && r.duplicated === 0;
    const ratio = (tickwork?.jobsPerS ?? NaN) / r.jobsPerS;
    const ratioTarget = r.key in RATIO_TARGETS ? RATIO_TARGETS[r.key] : undefined;
    figures.push(
      report({
        name: `peers: ${r.label}: HTTP jobs/s`,
        value: r.jobsPerS,
        unit: 'jobs/s',
        target: 'report',
        pass: valid,
        note: `lost ${r.lost}, duplicated ${r.duplicated}${valid ? '' : ' (row invalid)'}; peak RSS ${r.peakRssMb} MB; CPU ${r.cpuSPer1k} s/1k jobs; share of pgbench -N ${share(r)}`,
      }),
      report({ name: `peers: ${r.label}: lateness p99`, value: r.p99, unit: 'ms', target: isTickwork(r) ? '<= 25' : 'report', pass: isTickwork(r) ? r.p99 <= 25 : true, note: `p50 ${r.p50} ms` }),
    );
    if (!isTickwork(r)) {
      figures.push(
        report({
          name: `peers: tickwork ÷ ${r.label}, HTTP jobs/s`,
          value: round2(ratio),
          unit: '×',
          target: ratioTarget === undefined ? 'report' : `>= ${ratioTarget}`,
          pass: ratioTarget === undefined ? true : ratio >= ratioTarget && valid,
          note: `with TICKWORK_TENANT_RESERVE=0: ${round2((tickwork0?.jobsPerS ?? NaN) / r.jobsPerS)}×`,
        }),
      );
    }
  }
  for (const f of failures) {
    console.error(`peers: ${f}`);
    figures.push({ name: `peers: ${f.split(':')[0] ?? f}`, value: NaN, unit: '', target: '', pass: false, note: 'failed to run' });
  }
  const n = (x: number): string => (Number.isFinite(x) ? x.toLocaleString('en-US') : String(x));
  console.log(`\nPeers: ${THROUGHPUT_JOBS} jobs enqueued at once (jobs/s from first start to last completion), ${LATENESS_JOBS} due over ${LATENESS_SPREAD_S} s; one worker process each at concurrency ${CONCURRENCY}; PostgreSQL ${PG_URL.replace(/\/\/[^@]*@/, '//')}; pgbench -N ${n(bench.updateTps)} tps, -S ${n(bench.selectTps)} tps.\n`);
  console.log('| | HTTP jobs/s | lateness p50 / p99 | tickwork ÷ peer | (reserve 0) ÷ peer | lost / duplicated | peak RSS | CPU s / 1k jobs | share of pgbench -N |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  const times = (t: Row | undefined, r: Row): string => (isTickwork(r) ? '–' : `${((t?.jobsPerS ?? NaN) / r.jobsPerS).toFixed(2)}×`);
  for (const r of rows) {
    console.log(`| ${r.label} | ${n(r.jobsPerS)} | ${n(r.p50)} / ${n(r.p99)} ms | ${times(tickwork, r)} | ${times(tickwork0, r)} | ${r.lost} / ${r.duplicated} | ${r.peakRssMb} MB | ${r.cpuSPer1k} | ${share(r)} |`);
  }
  return figures;
}
