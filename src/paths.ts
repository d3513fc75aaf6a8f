import { fileURLToPath } from 'node:url';

/**
 * The project's root directory. This file sits one level below the root both as source (src/paths.ts) and in the
 * bundle bin/tickwork.js runs (build/tickwork.mjs), so the same relative URL is right in both.
 */
export const PROJECT_ROOT = fileURLToPath(new URL('../', import.meta.url));
