export { Worker, type WorkerOptions } from './worker.ts';
export { createActionRunner } from './run-action.ts';
export type { ActionRunner, ActionOutcome } from './actions.ts';
export { engineMetrics } from './metrics.ts';
export { DeadlineWatcher } from './deadlines.ts';
