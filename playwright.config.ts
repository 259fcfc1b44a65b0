import { existsSync } from 'node:fs';
import { defineConfig } from 'playwright/test';

/**
 * Browser end-to-end tests drive the web harness in Chromium. Playwright's own browser download
 * does not work offline, so we use FRONTDESK_CHROMIUM, else Debian's /usr/bin/chromium, else
 * Playwright's bundled browser where one is installed.
 */
const chromium = process.env.FRONTDESK_CHROMIUM ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

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
      ...(chromium ? { executablePath: chromium } : {}),
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
