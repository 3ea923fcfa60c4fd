import { defineConfig } from 'vitest/config';

// Default suite: must stay under 5 minutes on 2 cores. Long statistical runs live in test/slow/.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/slow/**', 'node_modules/**'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
