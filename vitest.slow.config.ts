import { defineConfig } from 'vitest/config';

// Long statistical suites (`npm run test:slow`), kept out of CI's default run.
export default defineConfig({
  test: {
    include: ['test/slow/**/*.test.ts'],
    testTimeout: 1_800_000,
    pool: 'forks',
  },
});
