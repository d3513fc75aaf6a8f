import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { ROOT_DIR } from './paths.ts';
import { TEST_ADMIN_KEY, TEST_SECRET_KEY } from './service.ts';
import { GiveUp, waitFor } from './wait.ts';

/**
 * Real `tickwork` processes for the process fault tests (test/faults-process): each in its own process group, so a
 * wrapper such as `faketime` (which forks the real process) dies with it, and every one is SIGKILLed by `killAll()`
 * whatever happened in the test.
 */
export interface FleetProcess {
  name: string;
  child: ChildProcess;
  /** The process group id (the spawned process's pid). */
  pid: number;
  output(): string;
  exited: Promise<number | string>;
  running(): boolean;
}

/** Environment of a fault-test process: loopback targets, short leases unless overridden, JSON info log. */
export function faultEnv(databaseUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    DATABASE_URL: databaseUrl,
    PORT: '0',
    // Several workers run at once: none binds the default metrics port (9464).
    TICKWORK_METRICS_PORT: '0',
    HOST: '127.0.0.1',
    TICKWORK_ADMIN_KEY: TEST_ADMIN_KEY,
    TICKWORK_SECRET_KEY: TEST_SECRET_KEY,
    TICKWORK_ALLOW_PRIVATE_TARGETS: 'true',
    TICKWORK_LOG_LEVEL: 'info',
    TICKWORK_EVENT_LOG: 'false',
    TICKWORK_RATE_LIMIT: '10000000',
    TICKWORK_MAX_TASKS_PER_TENANT: '1000000',
    TICKWORK_LEASE_S: '10',
    TICKWORK_SWEEP_S: '0.5',
    TICKWORK_POLL_S: '1',
    TICKWORK_SHUTDOWN_GRACE_S: '2',
    TICKWORK_BROKER_PREFIX: `tw-faults-${process.pid}`,
    ...extra,
  };
}

export class Fleet {
  private readonly all: FleetProcess[] = [];
  private closed = false;

  constructor() {
    // Detached groups outlive this process: if it exits without its afterAll (a crash, a timeout), take them along.
    process.once('exit', () => {
      for (const p of this.all) {
        try {
          process.kill(-p.pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
    });
  }

  /**
   * Spawns `tickwork <command>` (through `wrapper`, e.g. `['faketime', '-f', '+10m']`) and resolves once it printed
   * `ready`; fails if it exits first.
   */
  async start(
    name: string,
    env: Record<string, string>,
    opts: { command?: string; wrapper?: string[]; ready?: RegExp; readyTimeoutMs?: number } = {},
  ): Promise<FleetProcess> {
    const p = this.spawn(name, env, opts.command ?? 'worker', opts.wrapper ?? []);
    await this.waitForOutput(p, opts.ready ?? /"msg":"worker started"/, opts.readyTimeoutMs ?? 60_000);
    return p;
  }

  /** Spawns without waiting. */
  spawn(name: string, env: Record<string, string>, command = 'worker', wrapper: string[] = []): FleetProcess {
    // A loop still restarting workers after the test gave up must not leave one behind.
    if (this.closed) throw new Error(`fleet closed: ${name} not started`);
    const argv = [...wrapper, process.execPath, `${ROOT_DIR}bin/tickwork.js`, command];
    const [file, ...args] = argv;
    if (file === undefined) throw new Error('no command');
    const child = spawn(file, args, {
      cwd: ROOT_DIR,
      env: { ...env, TICKWORK_WORKER_ID: env.TICKWORK_WORKER_ID ?? name },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    if (child.pid === undefined) throw new Error(`could not start ${name}`);
    let out = '';
    // Keep the tail only: a soak's log would otherwise grow without bound in this process.
    const keep = (d: Buffer): void => {
      out += d.toString();
      if (out.length > 4_000_000) out = out.slice(-2_000_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
    const p: FleetProcess = {
      name,
      child,
      pid: child.pid,
      output: () => out,
      exited,
      running: () => child.exitCode === null && child.signalCode === null,
    };
    this.all.push(p);
    return p;
  }

  async waitForOutput(p: FleetProcess, pattern: RegExp, timeoutMs = 30_000): Promise<void> {
    await waitFor(
      `${p.name} to print ${pattern}`,
      () => {
        if (pattern.test(p.output())) return true;
        if (!p.running()) throw new GiveUp(`${p.name} exited before printing ${pattern}:\n${p.output().slice(-4000)}`);
        return false;
      },
      timeoutMs,
      50,
    );
  }

  /** Sends `signal` to the process's whole group (the process and any wrapper around it). */
  signal(p: FleetProcess, signal: NodeJS.Signals): void {
    if (!p.running()) return;
    try {
      process.kill(-p.pid, signal);
    } catch {
      /* already gone */
    }
  }

  /** SIGKILLs the process group and waits for the exit. */
  async kill(p: FleetProcess): Promise<void> {
    this.signal(p, 'SIGCONT');
    this.signal(p, 'SIGKILL');
    await p.exited;
  }

  /** SIGKILLs every process this fleet started that still runs, waits for them, and starts no more (afterAll). */
  async killAll(): Promise<void> {
    this.closed = true;
    await Promise.all(this.all.splice(0).map((p) => this.kill(p)));
  }
}

/**
 * Resident set size of `pid` in bytes, from /proc; for a wrapped process (faketime), of its node child. Null when
 * the process is gone.
 */
export function rssBytes(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = /VmRSS:\s+(\d+) kB/.exec(status);
    return m?.[1] === undefined ? null : Number(m[1]) * 1024;
  } catch {
    return null;
  }
}

/** Least-squares slope of `ys` over `xs` (per unit of x); null for fewer than two points. */
export function slope(xs: readonly number[], ys: readonly number[]): number | null {
  const n = Math.min(xs.length, ys.length);
  if (n < 2) return null;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    sx += xs[i] ?? 0;
    sy += ys[i] ?? 0;
  }
  const mx = sx / n;
  const my = sy / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] ?? 0) - mx;
    num += dx * ((ys[i] ?? 0) - my);
    den += dx * dx;
  }
  return den === 0 ? null : num / den;
}

/** The q-quantile (0..1) of `values` (nearest rank); null when empty. */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? null;
}
