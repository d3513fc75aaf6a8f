import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresBackend, TEST_DATABASE_URL, type TestDatabase } from '../support/backends.ts';
import { testEnv } from '../support/service.ts';
import { spawnTickwork, waitForOutput } from '../support/processes.ts';

const reason = TEST_DATABASE_URL === undefined ? ' (skipped: TEST_DATABASE_URL is not set)' : '';

/** A TCP forwarder to the real PostgreSQL, started on a port that refused connections until then. */
async function forwardTo(host: string, port: number, listenPort: number): Promise<{ close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(port, host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => sockets.delete(s));
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((r) => server.listen(listenPort, '127.0.0.1', r));
  return {
    close: () => new Promise((r) => {
      for (const s of sockets) s.destroy();
      server.close(() => r());
    }),
  };
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

describe.skipIf(TEST_DATABASE_URL === undefined)(`start-up without a database${reason}`, () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await postgresBackend.create();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('an api process waits for PostgreSQL with a clear log line and serves once it answers', async () => {
    const real = new URL(db.url ?? '');
    const port = await freePort();
    const viaProxy = new URL(real);
    viaProxy.port = String(port);
    const env = testEnv(db, { TICKWORK_LOG_LEVEL: 'info', PORT: String(await freePort()) });
    env.DATABASE_URL = viaProxy.toString();
    const api = spawnTickwork(['api'], env);
    let proxy: { close(): Promise<void> } | null = null;
    try {
      await waitForOutput(api, /waiting for the database to answer/);
      expect(api.child.exitCode).toBeNull(); // still running, not crashed
      proxy = await forwardTo(real.hostname, Number(real.port || 5432), port);
      await waitForOutput(api, /tickwork is listening/, 60_000);
      const health = await fetch(`http://127.0.0.1:${env.PORT}/v1/health`);
      expect(health.status).toBe(200);
    } finally {
      api.kill('SIGTERM');
      expect(await api.exited).toBe(0);
      await proxy?.close();
    }
  }, 90_000);
});

describe.skipIf(TEST_DATABASE_URL === undefined)(`waiting for a database that is away${reason}`, () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await postgresBackend.create();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('a worker whose database accepts connections but never answers keeps waiting, and SIGTERM stops it at once with exit 0', async () => {
    // A silent server: connections are accepted and nothing is ever said (a black-holed network, a hung server).
    const sockets = new Set<Socket>();
    const silent = createServer((s) => {
      sockets.add(s);
      s.on('error', () => undefined);
    });
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as { port: number }).port;
    const url = new URL(db.url ?? '');
    url.port = String(port);
    const worker = spawnTickwork(['worker'], { ...testEnv(db, { TICKWORK_LOG_LEVEL: 'info' }), DATABASE_URL: url.toString() });
    try {
      await waitForOutput(worker, /waiting for the database to answer/, 60_000); // after the connection attempt timed out
      expect(worker.child.exitCode).toBeNull();
      const at = Date.now();
      worker.kill('SIGTERM');
      expect(await worker.exited).toBe(0);
      console.log(`figure: seconds to exit after SIGTERM, worker waiting for a silent database: ${((Date.now() - at) / 1000).toFixed(2)}`);
    } finally {
      worker.kill('SIGKILL');
      for (const s of sockets) s.destroy();
      await new Promise((r) => silent.close(r));
    }
  }, 90_000);

  it('an api waiting for a database that refuses connections stops at once on SIGTERM with exit 0', async () => {
    const url = new URL(db.url ?? '');
    url.port = String(await freePort());
    const api = spawnTickwork(['api'], { ...testEnv(db, { TICKWORK_LOG_LEVEL: 'info' }), DATABASE_URL: url.toString() });
    try {
      await waitForOutput(api, /waiting for the database to answer/);
      const at = Date.now();
      api.kill('SIGTERM');
      expect(await api.exited).toBe(0);
      console.log(`figure: seconds to exit after SIGTERM, api waiting for a refusing database: ${((Date.now() - at) / 1000).toFixed(2)}`);
    } finally {
      api.kill('SIGKILL');
    }
  });
});

describe.skipIf(TEST_DATABASE_URL === undefined)(`an exhausted API pool${reason}`, () => {
  it('R7: the API answers 503 with Retry-After while its pool is starved, and the workers keep firing', async () => {
    const { default: pg } = await import('pg');
    const { startTestService, waitFor } = await import('../support/service.ts');
    const { startTarget } = await import('../support/target.ts');
    const db = await postgresBackend.create();
    const target = await startTarget();
    const svc = await startTestService(db, { TICKWORK_DB_POOL_SIZE: '2', TICKWORK_DB_ACQUIRE_TIMEOUT_MS: '500' });
    const blocker = new pg.Client({ connectionString: db.url });
    await blocker.connect();
    try {
      const t = await svc.api('/v1/tasks', { body: { interval: 1, http: { url: `${target.url}/r7` } } });
      expect(t.status).toBe(201);
      // Slow queries: listing API keys waits on a lock, holding both API connections (a table only the API reads, so
      // the workers are not held by the lock itself; keys are authenticated from the API's cache meanwhile).
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE api_keys IN ACCESS EXCLUSIVE MODE');
      const hung = [svc.api('/v1/api-keys'), svc.api('/v1/api-keys')];
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      const before = target.hits('/r7').length;
      for (let i = 0; i < 5; i++) {
        const r = await svc.api('/v1/tasks');
        statuses.push(r.status);
        retryAfter ??= r.headers.get('retry-after');
      }
      expect(statuses).toEqual([503, 503, 503, 503, 503]);
      expect(Number(retryAfter)).toBeGreaterThan(0);
      await waitFor('the worker to keep firing', async () => target.hits('/r7').length >= before + 2);
      await blocker.query('ROLLBACK');
      expect((await Promise.all(hung)).map((r) => r.status)).toEqual([200, 200]);
      process.stdout.write('figure: R7 non-503 5xx 0\n');
    } finally {
      await blocker.end();
      await svc.close();
      await target.close();
      await db.drop();
    }
  }, 60_000);
});
