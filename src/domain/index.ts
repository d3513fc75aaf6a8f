/**
 * The domain's public surface: pure types and rules (schedules, task and run shapes, events, input schemas,
 * validation, errors). No I/O and no import of another layer. Monitor shapes are added here as they move to domain/.
 */
export * from './action.ts';
export * from './backoff.ts';
export * from './broker-names.ts';
export * from './cron-dst.ts';
export * from './dst-notes.ts';
export * from './errors.ts';
export * from './event.ts';
export * from './json-assertion.ts';
export * from './json-safety.ts';
export * from './redaction.ts';
export * from './regex.ts';
export * from './run.ts';
export * from './schedule-input.ts';
export * from './schedule.ts';
export * from './scopes.ts';
export * from './storable-text.ts';
export * from './targets.ts';
export * from './task-input.ts';
export * from './task-schema.ts';
export * from './task.ts';
export * from './tenant-slots.ts';
export * from './tfl-lines.ts';
export * from './time-zone.ts';
export * from './validate.ts';
export * from './standard-webhooks.ts';
export * from './tfl-status.ts';
export * from './run-result.ts';
