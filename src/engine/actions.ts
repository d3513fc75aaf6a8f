import type { ActionJson } from '../domain/task.ts';

/** What one attempt's action produced: the engine records it as the run's outcome. */
export interface ActionOutcome {
  status: 'succeeded' | 'failed' | 'timed_out';
  httpStatus: number | null;
  durationMs: number;
  error: string | null;
  result: unknown;
}

/** Which attempt an action runs for: a signed call's `webhook-id` and the tenant whose signing secret signs it. */
export interface AttemptRef {
  runId: number;
  attempt: number;
  tenantId: string;
}

/** Runs one action. Never throws for a target's failure: that is an outcome with status `failed`. */
export type ActionRunner = (action: ActionJson, signal: AbortSignal, attempt: AttemptRef) => Promise<ActionOutcome>;
