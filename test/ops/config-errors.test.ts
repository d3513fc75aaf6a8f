import { spawn } from 'node:child_process';
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresBackend, TEST_DATABASE_URL, type TestDatabase } from '../support/backends.ts';
import { ROOT_DIR } from '../support/paths.ts';
import { testEnv } from '../support/service.ts';
import { freePort } from './scrape.ts';

const reason = TEST_DATABASE_URL === undefined ? ' (skipped: TEST_DATABASE_URL is not set)' : '';

/** Runs `tickwork <args>` to its exit (or kills it after `timeoutMs`: a process that waits instead of exiting). */
function run(args: string[], env: Record<string, string>, timeoutMs = 30_000): Promise<{ code: number | string; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [`${ROOT_DIR}bin/tickwork.js`, ...args], {
    cwd: ROOT_DIR,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? signal ?? 'unknown', stdout, stderr });
    });
  });
}

/** The environment of `testEnv` without the variables named. */
function without(env: Record<string, string>, ...names: string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !names.includes(k)));
}

/**
 * A server that speaks just enough of the PostgreSQL protocol to refuse every connection with `sqlState`, as a server
 * with password authentication refuses a wrong password (the shared test server trusts every password).
 */
async function refusingServer(sqlState: string, message: string): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.once('data', () => {
      const fields = Buffer.concat([
        ...[['S', 'FATAL'], ['V', 'FATAL'], ['C', sqlState], ['M', message]].map(([k, v]) => Buffer.from(`${k}${v}\0`)),
        Buffer.from([0]),
      ]);
      const head = Buffer.alloc(5);
      head.write('E', 0);
      head.writeInt32BE(fields.length + 4, 1);
      socket.end(Buffer.concat([head, fields]));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `postgres://tickwork:wrong@127.0.0.1:${port}/tickwork`,
    close: () => new Promise((r) => {
      for (const s of sockets) s.destroy();
      server.close(() => r());
    }),
  };
}

/** Holds a port open, as another process listening there would. */
async function occupy(): Promise<{ port: number; close(): Promise<void> }> {
  const server = createServer();
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return { port, close: () => new Promise((r) => server.close(() => r())) };
}

describe.skipIf(TEST_DATABASE_URL === undefined)(`every role fails fast on configuration${reason}`, () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await postgresBackend.create();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('an api or a worker on PostgreSQL without TICKWORK_SECRET_KEY exits 2 at once naming it (never a 503 later)', async () => {
    for (const role of ['api', 'worker']) {
      const r = await run([role], without(testEnv(db), 'TICKWORK_SECRET_KEY'));
      expect(r.code, `${role}: ${r.stderr}`).toBe(2);
      expect(r.stderr, role).toMatch(/TICKWORK_SECRET_KEY: must be set/);
    }
  });

  it('a setting that is not a URL, or a URL of the wrong scheme, exits 2 naming every one', async () => {
    const r = await run(['api'], testEnv(db, { TICKWORK_PUBLIC_URL: 'tickwork.example.com', TICKWORK_AMQP_URL: 'http://127.0.0.1:5672' }));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/TICKWORK_PUBLIC_URL="tickwork.example.com": must be a URL/);
    expect(r.stderr).toMatch(/TICKWORK_AMQP_URL="http:\/\/127.0.0.1:5672": must be a URL with scheme amqp: or amqps:/);
  });

  it('a malformed DATABASE_URL exits 2 naming it, without waiting', async () => {
    for (const url of ['postgres://127.0.0.1:notaport/x', 'mysql://127.0.0.1/x']) {
      const r = await run(['worker'], { ...testEnv(db), DATABASE_URL: url });
      expect(r.code, `${url}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(/DATABASE_URL=/);
    }
  });

  it('a wrong password exits 2 at once naming DATABASE_URL and SQLSTATE 28P01, instead of waiting for ever', async () => {
    const server = await refusingServer('28P01', 'password authentication failed for user "tickwork"');
    try {
      for (const role of ['api', 'worker']) {
        const r = await run([role], { ...testEnv(db), DATABASE_URL: server.url });
        expect(r.code, `${role}: ${r.stderr}`).toBe(2);
        expect(r.stderr).toMatch(/DATABASE_URL: the server refused the password: password authentication failed for user "tickwork" \(SQLSTATE 28P01\)/);
        expect(r.stderr).not.toMatch(/wrong/); // the password itself is never printed
      }
    } finally {
      await server.close();
    }
  });

  it('tickwork migrate against an unknown database exits 2 naming DATABASE_URL too', async () => {
    const unknownDb = new URL(db.url ?? '');
    unknownDb.pathname = '/tw_no_such_database';
    const r = await run(['migrate'], { ...testEnv(db), DATABASE_URL: unknownDb.toString() });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/DATABASE_URL: the database does not exist: .*\(SQLSTATE 3D000\)/);
  });

  it('an unknown database or an unknown role exits 2 at once naming DATABASE_URL (3D000, 28000)', async () => {
    const unknownDb = new URL(db.url ?? '');
    unknownDb.pathname = '/tw_no_such_database';
    const unknownRole = new URL(db.url ?? '');
    unknownRole.username = 'tw_no_such_role';
    for (const [url, state] of [[unknownDb, '3D000'], [unknownRole, '28000']] as const) {
      const r = await run(['worker'], { ...testEnv(db), DATABASE_URL: url.toString() });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`DATABASE_URL: .*\\(SQLSTATE ${state}\\)`));
    }
  });

  it('an api whose PORT is in use exits 2 naming PORT', async () => {
    const held = await occupy();
    try {
      const r = await run(['api'], testEnv(db, { PORT: String(held.port) }));
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`PORT=${held.port}: the port is in use`));
    } finally {
      await held.close();
    }
  });

  it('a worker whose TICKWORK_METRICS_PORT is in use (a second worker on the host) exits 2 naming it', async () => {
    const held = await occupy();
    try {
      const r = await run(['worker'], testEnv(db, { TICKWORK_METRICS_PORT: String(held.port) }));
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`TICKWORK_METRICS_PORT=${held.port}: the port is in use`));
    } finally {
      await held.close();
    }
  });

  it('an embedded service (start) whose PORT is in use exits 2 naming PORT', async () => {
    const held = await occupy();
    const { pgliteBackend } = await import('../support/backends.ts');
    const embedded = await pgliteBackend.create();
    try {
      const r = await run(['start'], testEnv(embedded, { PORT: String(held.port) }), 60_000);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`PORT=${held.port}: the port is in use`));
    } finally {
      await held.close();
      await embedded.drop();
    }
  });
});
