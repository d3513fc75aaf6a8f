import { isTflResult, tflSummary } from './tfl-status.ts';
import { storableJson, storableText } from './storable-text.ts';

/**
 * The small summary of a run's result that `run.succeeded` carries (events stay small; the run keeps the whole
 * result, GET /v1/runs/{id}):
 * - a line check: `{lines: [{line, status}], disrupted}` (status `good_service` or TfL's closureText);
 * - an HTTP call: `{excerpt, truncated}`, the first 200 characters of the stored body (truncated: there is more).
 */

/** Characters of an HTTP body an event carries. */
export const EVENT_EXCERPT_CHARS = 200;

/**
 * The summary, made storable (the result comes from outside: a NUL, or a cut through a surrogate pair, must not fail
 * the event's jsonb and with it the whole batch of outcomes).
 */
export function resultSummary(result: unknown): Record<string, unknown> | null {
  if (isTflResult(result)) return storableJson(tflSummary(result)) as Record<string, unknown>;
  if (typeof result !== 'object' || result === null) return null;
  const r = result as Record<string, unknown>;
  if (!('body' in r)) return null;
  const body = typeof r.body === 'string' ? r.body : null;
  const excerpt = body === null ? null : storableText(body.slice(0, EVENT_EXCERPT_CHARS));
  return { excerpt, truncated: r.truncated === true || (body !== null && body.length > EVENT_EXCERPT_CHARS) };
}

/** Finished attempts with the summary of the result each recorded (by run id), for their `run.succeeded`. */
export function withResultSummaries<A extends { id: number }>(
  attempts: readonly A[],
  outcomes: readonly { runId: number; result: unknown }[],
): (A & { result_summary: Record<string, unknown> | null })[] {
  const results = new Map(outcomes.map((o) => [o.runId, o.result]));
  return attempts.map((a) => ({ ...a, result_summary: resultSummary(results.get(a.id)) }));
}
