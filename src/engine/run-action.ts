import type { Config } from '../config.ts';
import { trustedCas } from './trusted-cas.ts';
import { createHttpExecutor, createTflExecutor } from '../executors/index.ts';
import type { ActionJson, HttpActionJson } from '../domain/task.ts';
import { openHttpAction } from '../domain/redaction.ts';
import type { SecretBox } from '../store/secrets.ts';
import type { Db } from '../store/db.ts';
import { liveSigningSecrets } from '../store/signing-secrets.ts';
import { signedCallId } from '../domain/standard-webhooks.ts';
import type { CallSigning } from '../executors/index.ts';
import type { ActionOutcome, ActionRunner, AttemptRef } from './actions.ts';

/**
 * Builds the runner that turns a task's action into a call through the executors, sharing their connection pools.
 * `secrets` opens the action's sealed header and query values just before the call, so they live in memory only
 * for the call's duration and nowhere else in the engine. A signed action (`sign: true`) reads its tenant's live
 * signing secrets from `db` just before the call (one indexed read; a rotation applies to the next call at once).
 */
export function createActionRunner(config: Config, secrets: SecretBox, db: Db): { run: ActionRunner; close(): Promise<void> } {
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

  /**
   * The signing of one attempt, or why it cannot be signed. A tenant without a signing secret fails the run with
   * that reason rather than sending the call unsigned (a target that verifies would refuse it anyway).
   */
  async function signingOf(attempt: AttemptRef): Promise<CallSigning | string> {
    const sealed = await liveSigningSecrets(db, attempt.tenantId);
    if (sealed.length === 0) {
      return 'the task has sign: true but its tenant has no signing secret; create one with POST /v1/signing-secret/rotate';
    }
    try {
      return { id: signedCallId(attempt.runId, attempt.attempt), secrets: sealed.map((s) => secrets.open(s)) };
    } catch (err) {
      return `the tenant's signing secret could not be opened: ${err instanceof Error ? err.message : String(err)}`;
    }
  }

  async function run(action: ActionJson, signal: AbortSignal, attempt: AttemptRef): Promise<ActionOutcome> {
    if (action.type === 'http') {
      let real: HttpActionJson;
      try {
        real = openHttpAction(action, secrets);
      } catch (err) {
        // A key removed from TICKWORK_SECRET_KEY before "tickwork secrets reseal": retrying cannot cure it.
        const why = err instanceof Error ? err.message : String(err);
        return { status: 'failed', httpStatus: null, durationMs: 0, error: `the task's sealed secrets could not be opened: ${why}`, result: null };
      }
      const signing = action.sign === true ? await signingOf(attempt) : undefined;
      if (typeof signing === 'string') return { status: 'failed', httpStatus: null, durationMs: 0, error: signing, result: null };
      const r = await http.execute(real, signal, signing);
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
