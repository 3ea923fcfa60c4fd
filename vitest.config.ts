import { defineConfig } from 'vitest/config';

// Default suite: must stay under 10 minutes on 2 cores. Two files at a time: much of the suite
// waits (on child processes starting, handshake and session timeouts, Redis), so two files
// overlap their waits — 380 s against 588 s one at a time on this 2-core machine, all passing
// both ways; vitest's default would take cores − 1 = 1. Long statistical runs live in
// test/slow/ (npm run test:slow).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/slow/**', 'node_modules/**'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
