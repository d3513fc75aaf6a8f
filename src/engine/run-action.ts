import type { Config } from '../config.ts';
import { trustedCas } from './trusted-cas.ts';
import { createHttpExecutor, createTflExecutor } from '../executors/index.ts';
import type { ActionJson } from '../domain/task.ts';
import type { ActionOutcome, ActionRunner } from './actions.ts';

/** Builds the runner that turns a task's action into a call through the executors, sharing their connection pools. */
export function createActionRunner(config: Config): { run: ActionRunner; close(): Promise<void> } {
  const http = createHttpExecutor({
    allowPrivate: config.allowPrivateTargets,
    maxResponseBytes: config.maxResponseBytes,
    maxRedirects: 5,
    userAgent: 'tickwork/0.1 (+https://github.com/tickwork)',
    connections: Math.max(16, config.concurrency),
    ...trustedCas(config),
  });
  const tflOptions: Parameters<typeof createTflExecutor>[0] = { baseUrl: config.tflBaseUrl, timeoutMs: 10_000 };
  if (config.tflAppKey !== undefined) tflOptions.appKey = config.tflAppKey;
  const tfl = createTflExecutor(tflOptions);

  async function run(action: ActionJson, signal: AbortSignal): Promise<ActionOutcome> {
    if (action.type === 'http') {
      const r = await http.execute(action, signal);
      return {
        status: r.status,
        httpStatus: r.http_status,
        durationMs: r.duration_ms,
        error: r.error,
        // A text body keeps the documented shape; a binary one (not UTF-8, or with NUL) says so and how big it was.
        result: r.body_binary
          ? { body: r.body, truncated: r.body_truncated, binary: true, bytes: r.body_bytes }
          : { body: r.body, truncated: r.body_truncated },
      };
    }
    const r = await tfl.execute(action.lines, signal);
    return { status: r.status, httpStatus: r.http_status, durationMs: r.duration_ms, error: r.error, result: r.result };
  }

  return {
    run,
    async close() {
      await http.close();
      await tfl.close?.();
    },
  };
}
