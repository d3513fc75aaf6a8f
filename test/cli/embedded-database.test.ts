import { mkdtempSync, rmSync } from 'node:fs';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { openPglite, type Db } from '../../src/store/db.ts';
import { installedPgliteVersion, readTemplate } from '../../src/store/pglite-template.ts';
import { TMP_DIR } from '../support/paths.ts';
import { waitFor } from '../support/wait.ts';

describe('the embedded database', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('ships a template made by the installed PGlite, so a first start does not run initdb', () => {
    const template = readTemplate();
    expect(template.ok, template.ok ? '' : template.why).toBe(true);
    expect(installedPgliteVersion()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('is created from the template on a fresh data dir and runs with the capped WAL and small buffers', async () => {
    const dir = mkdtempSync(`${TMP_DIR}embedded-`);
    dirs.push(dir);
    const lines: string[] = [];
    const log = pino({ level: 'info' }, { write: (l: string) => void lines.push(l) });
    let db: Db | null = await openPglite({ dataDir: dir, log });
    try {
      expect(lines.join('')).toContain('from its template');
      const show = async (name: string): Promise<string> => {
        const rows = await (db as Db).query<Record<string, string>>(`SHOW ${name}`);
        return Object.values(rows[0] ?? {})[0] ?? '';
      };
      expect(await show('max_wal_size')).toBe('64MB');
      expect(await show('min_wal_size')).toBe('32MB');
      expect(await show('shared_buffers')).toBe('16MB');
      expect(await show('plan_cache_mode')).toBe('force_custom_plan');
      await db.close();
      db = null;
      // Opened again, the cluster resumes (no template, no initdb) with the same settings.
      lines.length = 0;
      db = await openPglite({ dataDir: dir, log });
      expect(lines.join('')).not.toMatch(/template|initdb/);
      expect(await show('max_wal_size')).toBe('64MB');
    } finally {
      await db?.close();
    }
  });

  it('checkpoints by itself, so pg_wal stays bounded (single-user PostgreSQL never checkpoints on its own)', async () => {
    const dir = mkdtempSync(`${TMP_DIR}embedded-wal-`);
    dirs.push(dir);
    const db = await openPglite({ dataDir: dir, log: pino({ level: 'silent' }) });
    const MB = 1024 * 1024;
    try {
      const walBytes = async (): Promise<{ total: number; sinceCheckpoint: number }> => {
        const [row] = await db.query<{ total: string; since: string }>(
          `SELECT (SELECT sum(size) FROM pg_ls_waldir())::text AS total,
                  pg_wal_lsn_diff(pg_current_wal_lsn(), (SELECT redo_lsn FROM pg_control_checkpoint()))::text AS since`,
        );
        return { total: Number(row?.total), sinceCheckpoint: Number(row?.since) };
      };
      // About 160 MB of WAL: without a checkpoint pg_wal would hold all of it.
      const lsn = async (): Promise<string> => (await db.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn'))[0]?.lsn ?? '';
      const start = await lsn();
      await db.query('CREATE TABLE filler (id int, pad text)');
      for (let i = 0; i < 8; i++) await db.query(`INSERT INTO filler SELECT g, repeat('x', 1000) FROM generate_series(1, 20000) g`);
      const [written] = await db.query<{ bytes: string }>('SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), $1::pg_lsn)::text AS bytes', [start]);
      expect(Number(written?.bytes)).toBeGreaterThan(150 * MB);
      const after = await waitFor('a checkpoint', async () => {
        const w = await walBytes();
        return w.sinceCheckpoint < 32 * MB ? w : null;
      }, 45_000, 500);
      // Four recycled 16 MB segments (max_wal_size) and the current one at most.
      expect(after.total).toBeLessThanOrEqual(80 * MB);
    } finally {
      await db.close();
    }
  }, 120_000);
});
