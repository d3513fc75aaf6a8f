import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../support/paths.ts';
import { pgliteBackend, type TestDatabase } from '../support/backends.ts';
import { testEnv } from '../support/service.ts';

/** The local commands' --json output, on a stopped embedded data dir: each parses and says what was done. */
describe('local commands with --json', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await pgliteBackend.create();
  });
  afterAll(async () => {
    await db?.drop();
  });

  const tickwork = (args: string[]): { status: number | null; stdout: string; stderr: string } => {
    const r = spawnSync(process.execPath, [`${ROOT_DIR}bin/tickwork.js`, ...args], {
      cwd: ROOT_DIR,
      env: { PATH: process.env.PATH ?? '', ...testEnv(db, { TICKWORK_LOG_LEVEL: 'info' }) },
      encoding: 'utf8',
      timeout: 120_000,
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  it('migrate --json lists what it applied (nothing on a migrated database)', () => {
    const r = tickwork(['migrate', '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ applied: [] });
    expect(r.stderr).toMatch(/"level":30/); // the log went to stderr
  });

  it('keys create --json prints the key with its id, name, tenant and scopes', () => {
    const r = tickwork(['keys', 'create', '--name', 'ci', '--scopes', 'read,write', '--tenant', 'acme', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const key = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(key).toMatchObject({ name: 'ci', tenant: 'acme', scopes: ['read', 'write'], id: expect.any(Number) });
    expect(key.key).toMatch(/^tw_/);
  });

  it('monitors generate --json counts what it created, with progress on stderr', () => {
    const r = tickwork(['monitors', 'generate', '--count', '600', '--target', 'http://127.0.0.1:9/demo', '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ created: 600, existing: 0 });
    expect(r.stderr).toMatch(/monitors generate: 250\/600 /);
    expect(r.stderr).toMatch(/monitors generate: 600\/600 \(100 %/);
  });

  it('secrets reseal --json prints the counts of each kind', () => {
    const r = tickwork(['secrets', 'reseal', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const counts = JSON.parse(r.stdout) as { kind: string; scanned: number; resealed: number }[];
    expect(counts.map((c) => c.kind)).toEqual(['webhook secrets', 'heartbeat ping tokens', 'task secrets', 'signing secrets']);
  });
});
