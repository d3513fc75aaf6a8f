import { mkdtempSync, rmSync } from 'node:fs';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { openPglite, type Db } from '../../src/store/db.ts';
import { installedPgliteVersion, readTemplate } from '../../src/store/pglite-template.ts';
import { TMP_DIR } from '../support/paths.ts';

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
});
