/**
 * The store's public surface: all SQL lives in store/, one exported function per statement or transaction, every
 * one that touches tenant data taking the tenant. Nothing above store/ knows whether PostgreSQL or PGlite runs.
 */
export * from './db.ts';
export * from './db-errors.ts';
export * from './migrate.ts';
export * from './events.ts';
export * from './notify.ts';
export * from './relay.ts';
export * from './leadership.ts';
export * from './run-actions.ts';
export * from './tasks.ts';
export * from './deadlines.ts';
export * from './keys.ts';
export * from './secrets.ts';
export * from './idempotency.ts';
export * from './webhooks.ts';
export * from './runs.ts';
export * from './claims.ts';
export * from './checks.ts';
export * from './monitors.ts';
export * from './heartbeats.ts';
export * from './signing-secrets.ts';
export * from './tfl-lines.ts';
