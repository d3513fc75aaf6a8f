import { mkdirSync, openSync, closeSync, readFileSync, writeFileSync, unlinkSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import type { Logger } from 'pino';
import { connectionSettingsProblem, DatabaseSettingsError, DatabaseUnavailableError, markClientError } from './db-errors.ts';
import { readTemplate, unpackTemplate } from './pglite-template.ts';

/**
 * The one narrow database interface. Two implementations: PostgreSQL (a node-postgres pool) and PGlite (the same
 * node-postgres driver over PGlite's adaptor, one connection). Nothing above store/ knows which one runs.
 */
export interface Queryable {
  query<R extends object = Record<string, unknown>>(
    text: string,
    values?: readonly unknown[],
    name?: string,
  ): Promise<R[]>;
}

export interface Db extends Queryable {
  readonly kind: 'postgres' | 'pglite';
  /** Runs `fn` in one transaction; rolls back on any error (on PGlite a failed transaction must be rolled back). */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Subscribes to NOTIFY on `channel`; re-subscribes after a lost connection. Returns an unsubscribe function. */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

// Ids are bigint in SQL and fit in a double for any realistic table; return numbers, not strings.
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20 && format !== 'binary') {
      return (v: string) => {
        const n = Number(v);
        return Number.isSafeInteger(n) ? n : v;
      };
    }
    return pg.types.getTypeParser(oid, format);
  },
} as unknown as pg.CustomTypesConfig;

function wrap(q: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<R extends object>(text: string, values?: readonly unknown[], name?: string): Promise<R[]> {
      const config: pg.QueryConfig = { text, values: values as unknown[] | undefined };
      if (name !== undefined) config.name = name;
      try {
        const res = await q.query<R>(config);
        return res.rows;
      } catch (err) {
        throw markClientError(err);
      }
    },
  };
}

async function inTransaction<T>(pool: pg.Pool, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  const client = await pool.connect().catch((err: unknown) => {
    throw markClientError(err);
  });
  let broken = false;
  // A checked-out client has no error listener (the pool's is removed while it is out): a connection lost
  // mid-transaction (PostgreSQL restarted, the backend terminated) would be an unhandled 'error' event that ends the
  // process. The statement in flight rejects on its own; the client is dropped on release.
  const onError = (): void => {
    broken = true;
  };
  client.on('error', onError);
  try {
    const tx = wrap(client);
    await tx.query('BEGIN');
    const out = await fn(tx);
    await tx.query('COMMIT');
    return out;
  } catch (err) {
    try {
      await client.query('ROLLBACK');
    } catch {
      broken = true; // the connection is unusable; drop it from the pool instead of handing it on
    }
    throw err;
  } finally {
    client.removeListener('error', onError);
    client.release(broken);
  }
}

export interface PostgresOptions {
  url: string;
  poolSize: number;
  log: Logger;
  applicationName?: string;
  /** Every query gives up after this long, so a silent network is noticed (FAULTS R5). */
  queryTimeoutMs?: number;
  /** How long a caller waits for a free connection before the query fails (default 10 s). */
  acquireTimeoutMs?: number;
  /** Server-side `statement_timeout` for this pool's statements (default: none). */
  statementTimeoutMs?: number;
}

export async function openPostgres(opts: PostgresOptions): Promise<Db> {
  const common = {
    connectionString: opts.url,
    types,
    keepAlive: true,
    keepAliveInitialDelayMillis: 5_000,
    connectionTimeoutMillis: opts.acquireTimeoutMs ?? 10_000,
    query_timeout: opts.queryTimeoutMs ?? 30_000,
    ...(opts.statementTimeoutMs === undefined ? {} : { statement_timeout: opts.statementTimeoutMs }),
    application_name: opts.applicationName ?? 'tickwork',
    // The hot statements take arrays of a few hundred ids; a generic plan cannot see their size and chose to scan
    // whole partial indexes (4× slower claims and outcomes, measured). One planning per execution costs less.
    options: '-c plan_cache_mode=force_custom_plan',
  };
  const pool = new pg.Pool({ ...common, max: opts.poolSize, idleTimeoutMillis: 30_000 });
  pool.on('error', (err) => opts.log.warn({ err: err.message }, 'idle database connection failed'));
  const listeners = new PostgresListener(common, opts.log);
  const base = wrap(pool);
  return {
    kind: 'postgres',
    query: base.query,
    transaction: (fn) => inTransaction(pool, fn),
    listen: (channel, onNotify) => listeners.add(channel, onNotify),
    async close() {
      await listeners.close();
      await pool.end();
    },
  };
}

/**
 * One dedicated connection for LISTEN. On error it reconnects with backoff and re-issues every LISTEN; callers get
 * a synthetic notification ('') after a reconnect so they re-check what they may have missed.
 */
class PostgresListener {
  private client: pg.Client | null = null;
  private readonly handlers = new Map<string, Set<(payload: string) => void>>();
  private closed = false;
  private connecting: Promise<void> | null = null;

  constructor(
    private readonly config: pg.ClientConfig,
    private readonly log: Logger,
  ) {}

  async add(channel: string, handler: (payload: string) => void): Promise<() => Promise<void>> {
    let set = this.handlers.get(channel);
    const fresh = set === undefined;
    if (set === undefined) {
      set = new Set();
      this.handlers.set(channel, set);
    }
    set.add(handler);
    await this.ensureConnected();
    if (fresh && this.client !== null) await this.client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    return async () => {
      set.delete(handler);
    };
  }

  private ensureConnected(): Promise<void> {
    if (this.client !== null) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private async connect(): Promise<void> {
    let delay = 200;
    while (!this.closed) {
      const client = new pg.Client(this.config);
      try {
        await client.connect();
        client.on('notification', (msg) => {
          for (const h of this.handlers.get(msg.channel) ?? []) h(msg.payload ?? '');
        });
        client.on('error', (err) => {
          this.log.warn({ err: err.message }, 'LISTEN connection lost; reconnecting');
          this.dropAndReconnect(client);
        });
        for (const channel of this.handlers.keys()) await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
        this.client = client;
        return;
      } catch (err) {
        this.log.warn({ err: (err as Error).message }, 'LISTEN connection failed; retrying');
        client.end().catch(() => undefined);
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, 5_000);
      }
    }
  }

  private dropAndReconnect(client: pg.Client): void {
    if (this.client === client) this.client = null;
    client.end().catch(() => undefined);
    if (this.closed) return;
    void this.ensureConnected().then(() => {
      for (const set of this.handlers.values()) for (const h of set) h('');
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const c = this.client;
    this.client = null;
    if (c !== null) await c.end().catch(() => undefined);
  }
}

/** The embedded data directory is held by another running process (see lockDataDir). */
export class DataDirLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly owner: number,
  ) {
    super(
      `The embedded database in ${dir} is in use by process ${owner}. Stop it first, or run several ` +
        'processes against PostgreSQL (DATABASE_URL) instead.',
    );
    this.name = 'DataDirLockedError';
  }
}

/**
 * Two processes opening one PGlite data directory silently lose writes, so the directory is locked: a second
 * process is refused with a clear message. A lock left by a dead process is taken over.
 */
function lockDataDir(dir: string): () => void {
  const path = join(dir, 'tickwork.lock');
  for (let tries = 0; tries < 2; tries++) {
    try {
      const fd = openSync(path, 'wx');
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        try {
          if (readFileSync(path, 'utf8') === String(process.pid)) unlinkSync(path);
        } catch {
          /* already gone */
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number(readFileSync(path, 'utf8').trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
        throw new DataDirLockedError(dir, owner);
      }
      unlinkSync(path); // stale lock from a process that no longer exists
    }
  }
  throw new Error(`Could not lock ${path}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface PgliteOptions {
  dataDir: string;
  log: Logger;
}

/**
 * PostgreSQL settings of the embedded database, sized for one process on a small machine (measured in
 * bench/startup.ts and bench/soak.ts). min/max_wal_size bound the WAL segments a checkpoint keeps for reuse.
 * shared_buffers is taken out of the WebAssembly heap, which never shrinks: 16 MB instead of 128 MB saves ~70 MB of
 * RSS; reads it misses are served by the OS page cache (the data directory is a real directory).
 */
export const PGLITE_SETTINGS: Readonly<Record<string, string>> = {
  shared_buffers: '16MB',
  temp_buffers: '4MB',
  work_mem: '4MB',
  maintenance_work_mem: '16MB',
  wal_buffers: '1MB',
  max_wal_size: '64MB',
  min_wal_size: '32MB',
  plan_cache_mode: 'force_custom_plan', // as on PostgreSQL (see openPostgres)
};

/**
 * PGlite runs PostgreSQL single-user, where nothing checkpoints by itself: there is no checkpointer for
 * checkpoint_timeout, and max_wal_size requests a checkpoint only under a postmaster. Without one, pg_wal grows
 * for ever (289 MB in 12 minutes of a 110 calls/s soak, ~25 MB a minute). So every CHECKPOINT_CHECK_MS the WAL
 * written since the last checkpoint is measured, and past CHECKPOINT_AFTER_BYTES a CHECKPOINT runs (it holds the one
 * connection while it writes at most shared_buffers of dirty pages), which also removes the segments it no longer needs.
 */
const CHECKPOINT_CHECK_MS = 15_000;
const CHECKPOINT_AFTER_BYTES = 32 * 1024 * 1024;

export async function openPglite(opts: PgliteOptions): Promise<Db> {
  const dir = resolve(opts.dataDir);
  mkdirSync(dir, { recursive: true });
  const unlock = lockDataDir(dir);
  try {
    const first = !existsSync(join(dir, 'PG_VERSION'));
    const { PGlite } = await import('@electric-sql/pglite');
    const { createPgConfig } = await import('@electric-sql/pglite/node-postgres');
    const startParams = [...PGlite.defaultStartParams, ...Object.entries(PGLITE_SETTINGS).flatMap(([k, v]) => ['-c', `${k}=${v}`])];
    if (first) {
      const template = readTemplate();
      if (template.ok) {
        opts.log.info({ dir }, 'creating the embedded database from its template (first start only)');
        unpackTemplate(template.tar, dir);
      } else {
        opts.log.warn({ dir, why: template.why }, 'initialising the embedded database with initdb: the template cannot be used (first start only; takes a few seconds)');
      }
    }
    const pglite = await PGlite.create({ dataDir: dir, startParams });
    let checking: Promise<void> | null = null;
    const checkpoints = setInterval(() => {
      checking ??= checkpointIfDue(pool, opts.log).finally(() => {
        checking = null;
      });
    }, CHECKPOINT_CHECK_MS);
    checkpoints.unref();
    // One PGlite instance is one connection: a pool of exactly one client serialises queries and transactions.
    const pool = new pg.Pool({ ...createPgConfig(pglite), types, max: 1 });
    pool.on('error', (err) => opts.log.warn({ err: err.message }, 'embedded database error'));
    const base = wrap(pool);
    return {
      kind: 'pglite',
      query: base.query,
      transaction: (fn) => inTransaction(pool, fn),
      async listen(channel, onNotify) {
        // LISTEN goes to PGlite directly: holding the pool's only client meanwhile keeps it from interleaving with a
        // query in flight (which would otherwise receive LISTEN's protocol messages as its own).
        const exclusive = async <T>(fn: () => Promise<T>): Promise<T> => {
          const client = await pool.connect();
          try {
            return await fn();
          } finally {
            client.release();
          }
        };
        const unlisten = await exclusive(() => pglite.listen(channel, onNotify));
        return () => exclusive(unlisten);
      },
      async close() {
        clearInterval(checkpoints);
        await checking;
        await pool.end();
        await pglite.close();
        unlock();
      },
    };
  } catch (err) {
    unlock();
    throw err;
  }
}

/** Runs CHECKPOINT when more than CHECKPOINT_AFTER_BYTES of WAL were written since the last one (see above). */
async function checkpointIfDue(pool: pg.Pool, log: Logger): Promise<void> {
  try {
    const rows = (await pool.query<{ bytes: string }>('SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), redo_lsn)::text AS bytes FROM pg_control_checkpoint()')).rows;
    const bytes = Number(rows[0]?.bytes ?? 0);
    if (bytes < CHECKPOINT_AFTER_BYTES) return;
    const started = Date.now();
    await pool.query('CHECKPOINT');
    log.debug({ walBytes: bytes, ms: Date.now() - started }, 'embedded database checkpoint');
  } catch (err) {
    log.warn({ err: (err as Error).message }, 'embedded database checkpoint failed; retried at the next check');
  }
}

export interface OpenOptions {
  databaseUrl: string | undefined;
  dataDir: string;
  poolSize: number;
  log: Logger;
  applicationName?: string;
}

export function openDb(opts: OpenOptions): Promise<Db> {
  if (opts.databaseUrl !== undefined) {
    const o: PostgresOptions = { url: opts.databaseUrl, poolSize: opts.poolSize, log: opts.log };
    if (opts.applicationName !== undefined) o.applicationName = opts.applicationName;
    return openPostgres(o);
  }
  return openPglite({ dataDir: opts.dataDir, log: opts.log });
}

/**
 * Waits for the database to answer (with a clear log line while it does not) instead of crashing: a database that
 * refuses connections, times out or is starting is waited for. Settings the server refuses (a wrong password, an
 * unknown role or database, a URL the client cannot use) throw DatabaseSettingsError at once: waiting cannot cure them.
 */
export async function waitForDatabase(db: Db, log: Logger, signal?: AbortSignal): Promise<void> {
  let delay = 250;
  let logged = false;
  // A stop asked for meanwhile (SIGTERM) ends the wait at once, also in the middle of a connection attempt.
  const aborted = new Promise<never>((_, reject) => {
    const stop = (): void => reject(signal?.reason instanceof Error ? signal.reason : new Error('stopped while waiting for the database'));
    if (signal?.aborted === true) stop();
    else signal?.addEventListener('abort', stop, { once: true });
  });
  aborted.catch(() => undefined);
  for (;;) {
    try {
      await Promise.race([db.query('SELECT 1'), aborted]);
      if (logged) log.info('database is answering');
      return;
    } catch (err) {
      if (signal?.aborted === true) throw err;
      const problem = connectionSettingsProblem(err instanceof DatabaseUnavailableError ? err.cause : err);
      if (problem !== null) throw new DatabaseSettingsError(problem);
      if (!logged || delay >= 4_000) {
        log.warn({ err: (err as Error).message }, 'waiting for the database to answer');
        logged = true;
      }
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([new Promise((r) => (timer = setTimeout(r, delay))), aborted]).finally(() => clearTimeout(timer));
      delay = Math.min(delay * 2, 5_000);
    }
  }
}

/** Null when the database answers `SELECT 1` within `timeoutMs`, else why not (for health and readiness probes). */
export async function databaseProblem(db: Queryable, timeoutMs: number): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      db.query('SELECT 1', [], 'health'),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs))),
    ]);
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : 'unknown';
  } finally {
    clearTimeout(timer);
  }
}
