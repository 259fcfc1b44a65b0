import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    // The office-wide fault matrix takes about two minutes: `npm run test:faults` (vitest.faults.config.ts), called by .ci/run.
    exclude: ['tests/e2e/**', 'node_modules/**', 'tests/integration/fault-matrix.test.ts'],
    environment: 'node',
    // Integration tests spawn CLIs and simulators; on a busy 2-core machine a cold `tsx` start alone takes seconds.
    testTimeout: 60000,
    hookTimeout: 60000,
    pool: 'forks',
    server: { deps: { inline: ['electron-store'] } },
  },
});
