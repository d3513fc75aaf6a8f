import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { createRequire } from 'node:module';
import { brotliDecompressSync } from 'node:zlib';
import { PROJECT_ROOT } from '../paths.ts';

/**
 * A freshly initialised, empty PGlite cluster, committed as a brotli-compressed tar (~1.4 MB; 40 MB unpacked).
 * Unpacking it instead of running initdb makes the first start of the embedded database ~0.5 s instead of ~5 s, and
 * its peak RSS ~370 MB instead of ~900 MB: PGlite 0.5 runs initdb in a second PostgreSQL instance beside the first.
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

/**
 * The installed PGlite's version, from its package.json, found from where Node resolves the package (its exports
 * map does not expose package.json itself): dist/index.cjs is one folder below it.
 */
export function installedPgliteVersion(): string {
  const path = join(dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite')), '..', 'package.json');
  const pkg = JSON.parse(readFileSync(path, 'utf8')) as { version?: unknown };
  if (typeof pkg.version !== 'string') throw new Error(`${path} has no version`);
  return pkg.version;
}

export type Template = { ok: true; tar: Buffer } | { ok: false; why: string };

/** The template as a tar, or why it cannot be used (missing, or made by another PGlite version). */
export function readTemplate(): Template {
  if (!existsSync(TEMPLATE_PATH) || !existsSync(TEMPLATE_INFO_PATH)) return { ok: false, why: `${TEMPLATE_PATH} is missing` };
  const info = JSON.parse(readFileSync(TEMPLATE_INFO_PATH, 'utf8')) as Partial<TemplateInfo>;
  let installed: string;
  try {
    installed = installedPgliteVersion();
  } catch (err) {
    return { ok: false, why: `the installed PGlite's version cannot be read (${(err as Error).message})` };
  }
  if (info.pglite !== installed) {
    return { ok: false, why: `it was made with PGlite ${String(info.pglite)}, PGlite ${installed} is installed (npm run pglite-template)` };
  }
  return { ok: true, tar: brotliDecompressSync(readFileSync(TEMPLATE_PATH)) };
}

/**
 * Writes the cluster in `tar` (ustar, as PGlite's dumpDataDir makes it) into `dir` with plain file writes: about
 * 0.1 s, where PGlite's loadDataDir takes ~0.8 s through its WebAssembly file system. PG_VERSION, which PGlite takes
 * as "a cluster is here", is written last, so a start that dies half-way unpacks again the next time.
 */
export function unpackTemplate(tar: Buffer, dir: string): void {
  const root = resolve(dir);
  let last: { path: string; data: Buffer } | null = null;
  for (let at = 0; at + 512 <= tar.length; ) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const text = (from: number, to: number): string => {
      const raw = header.subarray(from, to);
      const end = raw.indexOf(0);
      return raw.subarray(0, end < 0 ? raw.length : end).toString('utf8');
    };
    const prefix = text(257, 263).startsWith('ustar') ? text(345, 500) : '';
    const name = prefix === '' ? text(0, 100) : `${prefix}/${text(0, 100)}`;
    const size = parseInt(text(124, 136).trim() || '0', 8);
    const type = text(156, 157);
    const path = resolve(root, `.${sep}${name}`);
    if (relative(root, path).startsWith('..')) throw new Error(`the template holds a path outside the data dir: ${name}`);
    const data = tar.subarray(at + 512, at + 512 + size);
    if (type === '5') mkdirSync(path, { recursive: true, mode: 0o700 });
    else if (type === '0' || type === '') {
      if (relative(root, path) === 'PG_VERSION') last = { path, data };
      else {
        mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
        writeFileSync(path, data, { mode: 0o600 });
      }
    }
    at += 512 + Math.ceil(size / 512) * 512;
  }
  if (last === null) throw new Error('the template holds no PG_VERSION');
  writeFileSync(last.path, last.data, { mode: 0o600 });
}
