/**
 * Which database failures retrying can cure. Decided by SQLSTATE (both pg and PGlite set `code`) and by the Node
 * socket error codes of a lost connection, never by message text: a loop that retries a batch retries only these,
 * and isolates an item that fails for any other reason (STYLE: nothing from outside may wedge a loop).
 */

/** SQLSTATE classes that mean "try again": connection exception, transaction rollback, insufficient resources,
 * operator intervention (admin shutdown, crash shutdown, cannot connect now), system error. */
const TRANSIENT_CLASSES = new Set(['08', '40', '53', '57', '58']);

/** Of class 57, query_canceled (57014: statement_timeout) is transient too; so is lock_not_available (55P03). */
const TRANSIENT_STATES = new Set(['55P03', '55006']);

/** Node's error codes of a connection that broke or could not be made. */
const SOCKET_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * A failure of the connection to the database that the client library reports without a SQLSTATE or socket code
 * (no free connection in time, the connection ended, a query read timeout): marked as such by store/db.ts, so that
 * only these — not any uncoded error of our own code — count as transient.
 */
export class DatabaseUnavailableError extends Error {
  constructor(override readonly cause: Error) {
    super(cause.message);
    this.name = 'DatabaseUnavailableError';
  }
}

/** Marks an uncoded error thrown by the database client as DatabaseUnavailableError; others pass unchanged. */
export function markClientError(err: unknown): unknown {
  if (!(err instanceof Error) || err instanceof DatabaseUnavailableError) return err;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') return err; // a SQLSTATE or a socket code: classified as it is
  if (err instanceof TypeError || err instanceof RangeError || err instanceof SyntaxError) return err; // our values
  return new DatabaseUnavailableError(err);
}

/** The SQLSTATE of a database error, or null when the error did not come from the database server. */
export function sqlState(err: unknown): string | null {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : null;
}

/**
 * True when retrying the same statement may succeed: a lost or refused connection, a serialization failure or
 * deadlock, an exhausted server, a cancelled statement. An error the server answered with any other SQLSTATE
 * (a value out of range, a constraint, bad text) will fail again: false.
 */
export function isTransientDbError(err: unknown): boolean {
  const state = sqlState(err);
  if (state !== null) return TRANSIENT_CLASSES.has(state.slice(0, 2)) || TRANSIENT_STATES.has(state);
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  if (typeof code === 'string') return SOCKET_CODES.has(code);
  // The client library's own failures (pool timeout, "Connection terminated", query read timeout) carry no code;
  // store/db.ts marks them where they are thrown. Anything else (a bug, a bad value) fails the same way again.
  return err instanceof DatabaseUnavailableError;
}

/**
 * SQLSTATEs with which a server refuses the connection's settings: waiting cannot cure them, so start-up stops at
 * once naming DATABASE_URL instead of waiting for ever (28P01 wrong password, 28000 a role that does not exist or a
 * pg_hba.conf rule, 3D000 an unknown database, 42501 no CONNECT privilege).
 */
const CONFIGURATION_STATES: Record<string, string> = {
  '28P01': 'the server refused the password',
  '28000': 'the server refused the role (unknown role, or no pg_hba.conf entry allows it)',
  '3D000': 'the database does not exist',
  '42501': 'the role may not connect to this database',
};

/**
 * What is wrong with the connection settings when `err` (from connecting) says they are wrong, else null (the
 * database is away, starting, or full: worth waiting for). A URL the client cannot parse fails the same way.
 */
export function connectionSettingsProblem(err: unknown): string | null {
  const state = sqlState(err);
  const message = err instanceof Error ? err.message : String(err);
  if (state !== null) {
    const what = CONFIGURATION_STATES[state];
    return what === undefined ? null : `${what}: ${message} (SQLSTATE ${state})`;
  }
  // pg-connection-string's own failures on a URL that passed the scheme check (a bad percent-escape, say).
  if (err instanceof TypeError || err instanceof URIError) return `the URL cannot be used: ${message}`;
  return null;
}

/** Connecting failed for a reason waiting cannot cure (connectionSettingsProblem). */
export class DatabaseSettingsError extends Error {
  constructor(readonly problem: string) {
    super(problem);
    this.name = 'DatabaseSettingsError';
  }
}
