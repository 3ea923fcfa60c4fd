import { defineConfig } from 'vitest/config';

// Default suite: must stay under 10 minutes on 2 cores (one test file at a time: vitest takes
// cores − 1). Long statistical runs live in test/slow/ (npm run test:slow).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/slow/**', 'node_modules/**'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
