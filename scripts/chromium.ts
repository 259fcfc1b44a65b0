/**
 * Where the browser end-to-end tests find Chromium, in this order:
 *   1. FRONTDESK_CHROMIUM (an executable; a wrong path is an error, never silently replaced);
 *   2. the system's Chromium (/usr/bin/chromium, /usr/bin/chromium-browser);
 *   3. Playwright's own download in its cache (`npx playwright install chromium`).
 * Used by playwright.config.ts and by scripts/ensure-chromium.ts (which installs one when none is found).
 */
import { accessSync, constants } from 'node:fs';
import { createRequire } from 'node:module';

export const SYSTEM_CHROMIUMS = ['/usr/bin/chromium', '/usr/bin/chromium-browser'] as const;

export type ChromiumSource = 'FRONTDESK_CHROMIUM' | 'system' | 'playwright';
export interface FoundChromium {
  path: string;
  source: ChromiumSource;
}
export type ChromiumLookup = { found: FoundChromium } | { error: string } | { missing: string[] };

export interface ChromiumProbe {
  env: Record<string, string | undefined>;
  isExecutable(path: string): boolean;
  /** Where Playwright's cached Chromium would be (whether or not it is there). */
  playwrightPath(): string | undefined;
}

export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function playwrightChromiumPath(): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    const core = require('playwright-core') as { chromium: { executablePath(): string } };
    return core.chromium.executablePath();
  } catch {
    return undefined;
  }
}

export const realProbe = (): ChromiumProbe => ({ env: process.env, isExecutable, playwrightPath: playwrightChromiumPath });

/** Look for Chromium; `missing` lists every place checked, for the message. */
export function findChromium(probe: ChromiumProbe = realProbe()): ChromiumLookup {
  const fromEnv = probe.env['FRONTDESK_CHROMIUM']?.trim();
  if (fromEnv) {
    if (probe.isExecutable(fromEnv)) return { found: { path: fromEnv, source: 'FRONTDESK_CHROMIUM' } };
    return { error: `FRONTDESK_CHROMIUM is set to "${fromEnv}", which is not an executable file. Point it at a Chromium or Chrome executable, or unset it.` };
  }
  const checked: string[] = ['FRONTDESK_CHROMIUM (not set)'];
  for (const p of SYSTEM_CHROMIUMS) {
    if (probe.isExecutable(p)) return { found: { path: p, source: 'system' } };
    checked.push(p);
  }
  const pw = probe.playwrightPath();
  if (pw && probe.isExecutable(pw)) return { found: { path: pw, source: 'playwright' } };
  checked.push(pw ? `Playwright's cache (${pw})` : "Playwright's cache (playwright-core not installed)");
  return { missing: checked };
}
