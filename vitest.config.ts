import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Test files start real servers, databases and worker processes; two cores, so keep parallelism modest.
    maxWorkers: 2,
    pool: 'forks',
  },
});
