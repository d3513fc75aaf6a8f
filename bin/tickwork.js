#!/usr/bin/env node
// The tickwork command. The sources are TypeScript; this runs them as one JavaScript bundle that esbuild makes in
// about 0.1 s (bin/bundle.js), rebuilt whenever a source is newer than it, so a checkout needs no build step and never
// runs stale code. (Running them through a loader hook instead costs a cross-thread round trip per import on Node 20:
// ~1.5 s more at every start.)
import { pathToFileURL } from 'node:url';
import { bundle, ensureBundle } from './bundle.js';

await ensureBundle();
process.setSourceMapsEnabled(true);
const { main } = await import(pathToFileURL(bundle).href);
process.exitCode = await main(process.argv.slice(2));
