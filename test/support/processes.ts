import { spawn, type ChildProcess } from 'node:child_process';
import type { TestDatabase } from './backends.ts';
import { ROOT_DIR } from './paths.ts';
import { testEnv } from './service.ts';
import { GiveUp, waitFor } from './wait.ts';

/** A tickwork process started from the real `bin/tickwork.js`, as an operator would run it. */
export interface TickworkProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code (or signal name) once the process has exited. */
  exited: Promise<number | string>;
  kill(signal?: NodeJS.Signals): void;
}

export function spawnTickwork(command: string[], env: Record<string, string>): TickworkProcess {
  const child = spawn(process.execPath, [`${ROOT_DIR}bin/tickwork.js`, ...command], {
    cwd: ROOT_DIR,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | string>((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });
  return {
    child,
    output: () => out,
    exited,
    kill: (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
  };
}

/** Waits until the process prints `pattern` (its log is JSON lines); fails if it exits first. */
export async function waitForOutput(p: TickworkProcess, pattern: RegExp, timeoutMs = 30_000): Promise<void> {
  const printed = (): boolean => {
    if (pattern.test(p.output())) return true;
    if (p.child.exitCode !== null || p.child.signalCode !== null) throw new GiveUp(`process exited before printing ${pattern}:\n${p.output()}`);
    return false;
  };
  await waitFor(String(pattern), printed, timeoutMs, 50).catch((err: unknown) => {
    throw err instanceof GiveUp ? err : new Error(`timed out waiting for ${pattern}:\n${p.output()}`);
  });
}

/**
 * The `tickwork worker` processes of one test file, against its test database (PostgreSQL). Call `killAll()` in
 * afterEach, so a failed test leaves no process behind to take the next test's work.
 */
export class WorkerProcesses {
  private readonly running: TickworkProcess[] = [];

  /** `database` is read at each start (test files create their database in beforeAll). */
  constructor(private readonly database: () => TestDatabase) {}

  /**
   * Starts a worker named `name` with the test environment plus `extra` (info-level JSON log) and resolves once it
   * has printed `ready`.
   */
  async start(name: string, extra: Record<string, string> = {}, ready: RegExp = /worker started/): Promise<TickworkProcess> {
    const w = spawnTickwork(['worker'], testEnv(this.database(), { TICKWORK_WORKER_ID: name, TICKWORK_LOG_LEVEL: 'info', ...extra }));
    this.running.push(w);
    await waitForOutput(w, ready);
    return w;
  }

  /** SIGKILLs every process still running (resuming stopped ones first) and waits until they have exited. */
  async killAll(): Promise<void> {
    for (const w of this.running) {
      w.kill('SIGCONT');
      w.kill('SIGKILL');
    }
    await Promise.all(this.running.splice(0).map((w) => w.exited));
  }
}
