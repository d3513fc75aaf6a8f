/**
 * Monitor checks, one module per concept: claims under a lease (check-claims.ts), recording with the state machine
 * and rollups in one transaction (check-records.ts), the history and figures (check-history.ts), and retention
 * (check-retention.ts). Imported as one surface by the engine and the tests.
 */
export * from './check-claims.ts';
export * from './check-records.ts';
export * from './check-history.ts';
export * from './check-retention.ts';
