export { Worker, type WorkerOptions } from './worker.ts';
export { createActionRunner } from './run-action.ts';
export type { ActionRunner, ActionOutcome } from './actions.ts';
export { engineMetrics } from './metrics.ts';
export { DeadlineWatcher } from './deadlines.ts';
export { MonitorChecker, type CheckRunner, type MonitorCheckerOptions } from './monitor-checks.ts';
export { createMonitorCheckRunner } from './monitor-runner.ts';
export { startEventDelivery, type EventDelivery } from './event-delivery.ts';
export { Relay, relayMetrics, type RelayOptions } from './relay.ts';
