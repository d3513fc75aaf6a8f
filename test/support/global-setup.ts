import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import pino from 'pino';
import type { TestProject } from 'vitest/node';
import { openPglite } from '../../src/store/db.ts';
import { migrate } from '../../src/store/migrate.ts';
import { TMP_DIR } from './paths.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplateDir: string;
  }
}

/**
 * Initialising a PGlite cluster takes seconds; do it once per test run, migrated, and let each test file copy it.
 * Each run gets its own template directory, so two test runs on one machine never share (or delete) one.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  mkdirSync(TMP_DIR, { recursive: true });
  const dir = mkdtempSync(`${TMP_DIR}pglite-template-`);
  const silent = pino({ level: 'silent' });
  const db = await openPglite({ dataDir: dir, log: silent });
  await migrate(db, silent);
  await db.close();
  project.provide('pgliteTemplateDir', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
