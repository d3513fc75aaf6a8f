#!/usr/bin/env node
// The tickwork command. The sources are TypeScript; this runs them as one JavaScript bundle that esbuild makes in
// about 0.1 s, rebuilt whenever a source is newer than it, so a checkout needs no build step and never runs stale
// code. (Running them through a loader hook instead costs a cross-thread round trip per import on Node 20: ~1.5 s
// more at every start.)
import { existsSync, mkdirSync, readdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const bundle = join(root, 'build', 'tickwork.mjs');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

if (!existsSync(bundle) || newestSource(join(root, 'src')) > statSync(bundle).mtimeMs) {
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

process.setSourceMapsEnabled(true);
const { main } = await import(pathToFileURL(bundle).href);
process.exitCode = await main(process.argv.slice(2));
