import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { ROOT_DIR, TMP_DIR } from '../support/paths.ts';
import { pgliteBackend, type TestDatabase } from '../support/backends.ts';
import { testEnv } from '../support/service.ts';
import { spawnTickwork, waitForOutput } from '../support/processes.ts';

describe('the tickwork command', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await pgliteBackend.create();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('--help lists the commands and every setting', async () => {
    const p = spawnTickwork(['--help'], {});
    expect(await p.exited).toBe(0);
    for (const word of ['start', 'api', 'worker', 'migrate', 'keys create', 'DATABASE_URL', 'PORT', 'TICKWORK_DATA_DIR', 'TICKWORK_ADMIN_KEY', 'TICKWORK_TIMEZONE', 'TICKWORK_ALLOW_PRIVATE_TARGETS', 'TICKWORK_LEASE_S']) {
      expect(p.output()).toContain(word);
    }
  });

  it('refuses to start with bad settings, naming every bad variable at once', async () => {
    const p = spawnTickwork(['start'], { PORT: 'eighty', TICKWORK_TIMEZONE: 'Mars/Olympus', TICKWORK_LEASE_S: '-1' });
    expect(await p.exited).toBe(2);
    for (const name of ['PORT', 'TICKWORK_TIMEZONE', 'TICKWORK_LEASE_S']) expect(p.output()).toContain(name);
  });

  it('explains that api and worker need PostgreSQL', async () => {
    const p = spawnTickwork(['worker'], { TICKWORK_DATA_DIR: db.dataDir ?? '' });
    expect(await p.exited).toBe(2);
    expect(p.output()).toMatch(/DATABASE_URL/);
  });

  it('refuses to start a scaled-out role without TICKWORK_SECRET_KEY, or with a short one, naming it (exit 2)', async () => {
    // Checked before the database is opened: nothing listens at this address, and nothing needs to.
    for (const [role, extra] of [['api', {}], ['worker', {}], ['api', { TICKWORK_SECRET_KEY: 'long-enough-key-0123456789abcdefghij,short' }]] as const) {
      const p = spawnTickwork([role], { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none', ...extra });
      expect(await p.exited, `${role} ${JSON.stringify(extra)}`).toBe(2);
      expect(p.output()).toContain('TICKWORK_SECRET_KEY');
    }
  });

  it('keys create prints exactly the key on stdout (logs go to stderr), so KEY=$(tickwork keys create ...) works', () => {
    // A fresh data directory, so the command has something to log (initialising and migrating the database).
    const dataDir = mkdtempSync(`${TMP_DIR}cli-keys-`);
    try {
      const r = spawnSync(process.execPath, [`${ROOT_DIR}bin/tickwork.js`, 'keys', 'create', '--name', 'ci', '--scopes', 'read'], {
        cwd: ROOT_DIR,
        env: { PATH: process.env.PATH ?? '', TICKWORK_DATA_DIR: dataDir, TICKWORK_LOG_LEVEL: 'info' },
        encoding: 'utf8',
      });
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/^tw_[A-Za-z0-9_-]+\n$/);
      expect(r.stderr).toMatch(/"level":30/); // the info log went to stderr
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('migrate is safe to run twice', async () => {
    for (let i = 0; i < 2; i++) {
      const p = spawnTickwork(['migrate'], { TICKWORK_DATA_DIR: db.dataDir ?? '', TICKWORK_LOG_LEVEL: 'info' });
      expect(await p.exited).toBe(0);
      expect(p.output()).toMatch(/up to date|migrations applied/);
    }
  });

  it('refuses a second process on the same embedded data directory with a clear message', async () => {
    const first = spawnTickwork(['start'], testEnv(db, { TICKWORK_LOG_LEVEL: 'info' }));
    try {
      await waitForOutput(first, /tickwork is listening/);
      const second = spawnTickwork(['start'], testEnv(db, { TICKWORK_LOG_LEVEL: 'info' }));
      expect(await second.exited).toBe(1);
      expect(second.output()).toMatch(/in use by process \d+/);
    } finally {
      first.kill('SIGTERM');
      expect(await first.exited).toBe(0);
    }
  });
});
