import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const ADMIN_KEY = 'tw_bench_admin_key_0123456789abcdef';
export const SECRET_KEY = 'tw-bench-secret-key-0123456789abcdefghijklmnop';
export const PG_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * A target that answers 200 at once and records when each task's call arrived (by `?t=<task>&due=<ms>`); `lateness`
 * holds each task's first arrival less its due time. A task's call with `&fail=1` is answered 503 the first time
 * (its retry then succeeds).
 */
export interface Target {
  url: string;
  arrivals: Map<string, number[]>;
  lateness: number[];
  close(): Promise<void>;
}

export async function startTarget(): Promise<Target> {
  const arrivals = new Map<string, number[]>();
  const lateness: number[] = [];
  const server: Server = createServer((req, res) => {
    const now = Date.now();
    const u = new URL(req.url ?? '/', 'http://x');
    const t = u.searchParams.get('t') ?? '?';
    const due = Number(u.searchParams.get('due'));
    const list = arrivals.get(t) ?? [];
    list.push(now);
    arrivals.set(t, list);
    if (Number.isFinite(due) && due > 0 && list.length === 1) lateness.push(now - due);
    const fail = u.searchParams.get('fail') === '1' && list.length === 1;
    res.writeHead(fail ? 503 : 200, { 'content-type': 'text/plain' });
    res.end(fail ? 'fail once' : 'ok');
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  if (addr === null || typeof addr === 'string') throw new Error('no address');
  return {
    url: `http://127.0.0.1:${addr.port}`,
    arrivals,
    lateness,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

export interface Proc {
  child: ChildProcess;
  out: () => string;
  stop(): Promise<void>;
}

export function spawnTickwork(args: string[], env: Record<string, string>, nodeArgs: string[] = []): Proc {
  const child = spawn(process.execPath, [...nodeArgs, `${ROOT}bin/tickwork.js`, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TICKWORK_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  return {
    child,
    out: () => out,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export async function waitHealthy(base: string, timeoutMs = 60_000): Promise<number> {
  const start = Date.now();
  for (;;) {
    try {
      const r = await fetch(`${base}/v1/health`);
      if (r.status === 200) return Date.now() - start;
    } catch {
      /* not up yet */
    }
    if (Date.now() - start > timeoutMs) throw new Error(`${base} did not become healthy`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Creates tasks through the API with `parallel` requests in flight. */
export async function createTasks(base: string, bodies: unknown[], parallel = 32): Promise<number[]> {
  const ids: number[] = new Array(bodies.length);
  let next = 0;
  async function lane(): Promise<void> {
    for (;;) {
      const i = next++;
      if (i >= bodies.length) return;
      const r = await fetch(`${base}/v1/tasks`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify(bodies[i]),
      });
      if (r.status !== 201) throw new Error(`create failed: ${r.status} ${await r.text()}`);
      ids[i] = ((await r.json()) as { id: number }).id;
    }
  }
  await Promise.all(Array.from({ length: parallel }, lane));
  return ids;
}

export async function freshPgDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `tw_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(PG_URL);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export function freshDataDir(): { dir: string; drop(): void } {
  const dir = mkdtempSync(`${ROOT}.tmp/bench-`);
  return { dir, drop: () => rmSync(dir, { recursive: true, force: true }) };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
}

export async function waitUntil(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 5): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export interface Figure {
  name: string;
  value: number;
  unit: string;
  target: string;
  pass: boolean;
  note?: string;
}

export function report(f: Figure): Figure {
  process.stdout.write(`${JSON.stringify(f)}\n`);
  return f;
}
