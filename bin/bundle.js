#!/usr/bin/env node
// Builds build/tickwork.mjs, the one JavaScript bundle bin/tickwork.js runs, from the TypeScript sources (esbuild,
// about 0.1 s). `npm run build` runs it (the Docker image does, at build time); bin/tickwork.js calls ensureBundle()
// so a checkout needs no build step and never runs stale code.
import { existsSync, mkdirSync, readdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../', import.meta.url));
export const bundle = join(root, 'build', 'tickwork.mjs');

/** The newest modification time of a TypeScript source under `dir` (0 when there is none, as in the image). */
function newestSource(dir) {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

export async function buildBundle() {
  const { build } = await import('esbuild');
  mkdirSync(join(root, 'build'), { recursive: true });
  // Built under a name of its own and renamed into place, so processes starting together never read half a file.
  const tmp = `${bundle}.${process.pid}.tmp`;
  await build({
    entryPoints: [join(root, 'src', 'cli', 'main.ts')],
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'inline',
    outfile: tmp,
    logLevel: 'warning',
  });
  renameSync(tmp, bundle);
}

/**
 * Rebuilds the bundle when it is missing or a source is newer. Where there are no sources (an installed image holds
 * only the bundle), nothing is built and nothing is written.
 */
export async function ensureBundle() {
  const sources = newestSource(join(root, 'src'));
  if (existsSync(bundle) && sources <= statSync(bundle).mtimeMs) return;
  if (sources === 0) throw new Error(`${bundle} is missing and there are no sources to build it from`);
  await buildBundle();
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildBundle();
}
