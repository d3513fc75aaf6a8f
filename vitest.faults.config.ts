import { defineConfig } from 'vitest/config';

/**
 * `npm run test:faults`: the process fault tests (FAULTS.md R1, R4, R5, R6, R8, R9, R10, R14), each inflicting its
 * fault on real `tickwork` processes and a real PostgreSQL. One file at a time: they kill, starve and restart
 * processes, and their figures mean something only when they do not share two cores with each other.
 */
export default defineConfig({
  test: {
    include: ['test/faults-process/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    pool: 'forks',
  },
});
