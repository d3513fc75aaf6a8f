import { Worker } from 'node:worker_threads';

/**
 * Runs user regular expressions off the main thread. A JavaScript regex cannot be interrupted (and re2 needs a native
 * binary), so each match runs in a worker thread that is terminated and replaced when it overruns its time.
 */

export type RegexResult = { ok: true; matched: boolean } | { ok: false; error: 'timeout' | string };

export interface RegexPool {
  /** Whether `pattern` (with `flags`) matches somewhere in `text`; `{ok: false}` on a bad pattern or a timeout. */
  test(pattern: string, flags: string, text: string): Promise<RegexResult>;
  close(): Promise<void>;
}

/**
 * Plain JavaScript evaluated by the worker (`eval: true`), so it runs the same under tsx, vitest and plain node
 * without a loader or a separate file.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (job) => {
  let reply;
  try {
    reply = { ok: true, matched: new RegExp(job.pattern, job.flags).test(job.text) };
  } catch (err) {
    reply = { ok: false, error: String((err && err.message) || err) };
  }
  parentPort.postMessage(reply);
});
`;

interface Job {
  pattern: string;
  flags: string;
  text: string;
  resolve: (r: RegexResult) => void;
}

interface Slot {
  worker: Worker | null;
  ready: Promise<void> | null;
  job: Job | null;
}

/** Memory a worker may use: a runaway pattern must not take the process with it (MB). */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 32 };

export function createRegexPool(opts: { size: number; timeoutMs: number }): RegexPool {
  const slots: Slot[] = Array.from({ length: Math.max(1, opts.size) }, () => ({
    worker: null,
    ready: null,
    job: null,
  }));
  const queue: Job[] = [];
  let closed = false;

  /** Ends a slot's worker (after a timeout, a crash or close); the next job starts a fresh one. */
  function discard(slot: Slot): void {
    const w = slot.worker;
    slot.worker = null;
    slot.ready = null;
    if (w !== null) void w.terminate();
  }

  function finish(slot: Slot, job: Job, result: RegexResult): void {
    if (slot.job !== job) return; // already settled by the timer, a reply or a crash
    slot.job = null;
    slot.worker?.unref();
    job.resolve(result);
    dispatch();
  }

  function spawn(slot: Slot): void {
    const worker = new Worker(WORKER_SOURCE, { eval: true, resourceLimits: WORKER_LIMITS });
    worker.unref();
    slot.worker = worker;
    slot.ready = new Promise<void>((resolve) => {
      worker.once('online', resolve);
      worker.once('exit', resolve);
    });
    worker.on('message', (reply: RegexResult) => {
      if (slot.worker === worker && slot.job !== null) finish(slot, slot.job, reply);
    });
    const crashed = (reason: string) => {
      if (slot.worker !== worker) return;
      const job = slot.job;
      discard(slot);
      if (job !== null) finish(slot, job, { ok: false, error: reason });
    };
    worker.on('error', (err) => crashed(`regex worker failed: ${err.message}`));
    worker.on('exit', (code) => crashed(`regex worker exited with code ${code}`));
  }

  async function run(slot: Slot, job: Job): Promise<void> {
    slot.job = job;
    try {
      if (slot.worker === null) spawn(slot);
    } catch (err) {
      finish(slot, job, {
        ok: false,
        error: `regex worker could not start: ${err instanceof Error ? err.message : String(err)}`,
      });
      return;
    }
    const worker = slot.worker;
    await slot.ready;
    if (worker === null || slot.worker !== worker || slot.job !== job) return; // crashed while starting
    worker.ref();
    // The clock starts once the worker runs, so a slow thread start-up is not counted against the pattern.
    const timer = setTimeout(() => {
      discard(slot);
      finish(slot, job, { ok: false, error: 'timeout' });
    }, opts.timeoutMs);
    const original = job.resolve;
    job.resolve = (r) => {
      clearTimeout(timer);
      original(r);
    };
    worker.postMessage({ pattern: job.pattern, flags: job.flags, text: job.text });
  }

  function dispatch(): void {
    for (const slot of slots) {
      if (queue.length === 0) return;
      if (slot.job !== null) continue;
      const job = queue.shift();
      if (job !== undefined) void run(slot, job);
    }
  }

  return {
    test(pattern, flags, text) {
      if (closed) return Promise.resolve({ ok: false, error: 'regex pool is closed' });
      return new Promise<RegexResult>((resolve) => {
        queue.push({ pattern, flags, text, resolve });
        dispatch();
      });
    },
    async close() {
      closed = true;
      for (const job of queue.splice(0)) job.resolve({ ok: false, error: 'regex pool is closed' });
      const workers = slots.map((s) => s.worker).filter((w): w is Worker => w !== null);
      for (const slot of slots) {
        const job = slot.job;
        slot.worker = null;
        slot.ready = null;
        slot.job = null;
        job?.resolve({ ok: false, error: 'regex pool is closed' });
      }
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
