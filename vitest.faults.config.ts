import { defineConfig } from 'vitest/config';

/**
 * `npm run test:faults`: the office-wide fault matrix (tests/integration/fault-matrix.test.ts,
 * issue 10), about two minutes of real HTTP against the simulated office, kept out of the default
 * `vitest run` and called by .ci/run after `npm test`.
 */
export default defineConfig({
  test: {
    include: ['tests/integration/fault-matrix.test.ts'],
    environment: 'node',
    testTimeout: 20000,
    hookTimeout: 60000,
    pool: 'forks',
  },
});
