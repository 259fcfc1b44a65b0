import { defineConfig } from 'playwright/test';
import { findChromium } from './scripts/chromium';

/**
 * Browser end-to-end tests drive the web harness in Chromium: FRONTDESK_CHROMIUM, else the
 * system's /usr/bin/chromium, else Playwright's own download (scripts/chromium.ts). `npm test`
 * and `npm run test:e2e` first run scripts/ensure-chromium.ts, which installs one when none is
 * there. Without a browser the run stops here with what to do: the suite never skips silently.
 */
const lookup = findChromium();
if (!('found' in lookup)) {
  throw new Error(
    'error' in lookup
      ? lookup.error
      : `No Chromium for the browser tests (checked ${lookup.missing.join(', ')}). Run \`node --import tsx scripts/ensure-chromium.ts\` (npm test does it), or set FRONTDESK_CHROMIUM to a Chromium executable.`,
  );
}

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    browserName: 'chromium',
    headless: true,
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: lookup.found.path,
      args: [
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
