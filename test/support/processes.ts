import { spawn, type ChildProcess } from 'node:child_process';
import { ROOT_DIR } from './paths.ts';

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
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(p.output())) {
    if (p.child.exitCode !== null || p.child.signalCode !== null) {
      throw new Error(`process exited before printing ${pattern}:\n${p.output()}`);
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}:\n${p.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
