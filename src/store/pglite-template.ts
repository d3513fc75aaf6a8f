import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { PROJECT_ROOT } from '../paths.ts';

/**
 * A freshly initialised, empty PGlite cluster, committed as a brotli-compressed tar (~1.4 MB; 40 MB unpacked).
 * Loading it instead of running initdb makes the first start of the embedded database ~1 s instead of ~5 s, and its
 * peak RSS ~370 MB instead of ~900 MB: PGlite 0.5 runs initdb in a second PostgreSQL instance beside the first.
 * Nothing is downloaded: `npm run pglite-template` writes it from the installed PGlite, and a test fails when the
 * installed PGlite is not the one it was made with.
 */
export const TEMPLATE_PATH = join(PROJECT_ROOT, 'assets', 'pgdata-template.tar.br');
export const TEMPLATE_INFO_PATH = join(PROJECT_ROOT, 'assets', 'pgdata-template.json');

export interface TemplateInfo {
  /** The @electric-sql/pglite version that made it: a cluster only starts on the PostgreSQL build that made it. */
  pglite: string;
  /** Bytes of the uncompressed tar. */
  bytes: number;
}

/** The installed PGlite's version, from its package.json (its exports map does not expose the file to import). */
export function installedPgliteVersion(): string {
  const path = join(PROJECT_ROOT, 'node_modules', '@electric-sql', 'pglite', 'package.json');
  const pkg = JSON.parse(readFileSync(path, 'utf8')) as { version?: unknown };
  if (typeof pkg.version !== 'string') throw new Error(`${path} has no version`);
  return pkg.version;
}

export type Template = { ok: true; tar: Blob } | { ok: false; why: string };

/** The template as a tar to load, or why it cannot be used (missing, or made by another PGlite version). */
export function readTemplate(): Template {
  if (!existsSync(TEMPLATE_PATH) || !existsSync(TEMPLATE_INFO_PATH)) return { ok: false, why: `${TEMPLATE_PATH} is missing` };
  const info = JSON.parse(readFileSync(TEMPLATE_INFO_PATH, 'utf8')) as Partial<TemplateInfo>;
  const installed = installedPgliteVersion();
  if (info.pglite !== installed) {
    return { ok: false, why: `it was made with PGlite ${String(info.pglite)}, PGlite ${installed} is installed (npm run pglite-template)` };
  }
  const tar = brotliDecompressSync(readFileSync(TEMPLATE_PATH));
  return { ok: true, tar: new Blob([tar]) };
}
