/**
 * `node --import tsx scripts/ensure-chromium.ts [--check]` (run by `npm run test:e2e`, so by `npm test`)
 *
 * Makes sure the browser end-to-end tests have a Chromium, saying what it does:
 *   - found (FRONTDESK_CHROMIUM, the system's, Playwright's cache): prints which one, exit 0;
 *   - none: tries Playwright's own download (`playwright install chromium`), then, where the network
 *     allows and the user may (root, or sudo without a password prompt), the system package
 *     (`apt-get install -y chromium`); exit 0 once one is found, else 1 with what to do.
 * `--check` only reports (exit 1 when none is found). FRONTDESK_CHROMIUM set to a wrong path is an
 * error at once: an explicit choice is never replaced silently.
 */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { findChromium, type ChromiumLookup } from './chromium';

const say = (m: string) => process.stdout.write(`[chromium] ${m}\n`);

function run(cmd: string, args: string[], opts: SpawnSyncOptions = {}): boolean {
  say(`$ ${[cmd, ...args].join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', timeout: 300_000, ...opts });
  if (r.error) say(`  could not run it: ${r.error.message}`);
  else if (r.status !== 0) say(`  it failed (exit ${r.status ?? r.signal ?? '?'})`);
  return !r.error && r.status === 0;
}

function report(l: ChromiumLookup): boolean {
  if ('found' in l) {
    say(`using ${l.found.path} (${l.found.source === 'FRONTDESK_CHROMIUM' ? 'from FRONTDESK_CHROMIUM' : l.found.source === 'system' ? "the system's Chromium" : "Playwright's download"})`);
    return true;
  }
  return false;
}

function playwrightDownload(): boolean {
  let cli: string;
  try {
    cli = createRequire(import.meta.url).resolve('playwright/cli');
  } catch {
    say('Playwright is not installed (run npm ci first); skipping its download');
    return false;
  }
  say("trying Playwright's own download of Chromium (needs access to Playwright's CDN)…");
  return run(process.execPath, [cli, 'install', 'chromium'], { env: { ...process.env, PLAYWRIGHT_DOWNLOAD_CONNECTION_TIMEOUT: '30000' } });
}

/** root runs apt-get itself; others only through sudo that asks no password (a test run must not hang on a prompt). */
function aptPrefix(): string[] | null {
  if (!existsSync('/usr/bin/apt-get')) return null;
  if (typeof process.getuid === 'function' && process.getuid() === 0) return [];
  const sudo = spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' });
  return !sudo.error && sudo.status === 0 ? ['sudo', '-n'] : null;
}

function systemPackage(): boolean {
  const prefix = aptPrefix();
  if (!prefix) {
    say('the system package needs apt-get run as root or through sudo without a password: not available here');
    return false;
  }
  say('installing the system package chromium with apt-get…');
  const [cmd, ...pre] = [...prefix, 'apt-get'] as [string, ...string[]];
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!run(cmd, [...pre, 'update', '-qq'], { env })) return false;
  return run(cmd, [...pre, 'install', '-y', '-qq', 'chromium'], { env });
}

function main(): number {
  const checkOnly = process.argv.includes('--check');
  let l = findChromium();
  if ('error' in l) {
    say(l.error);
    return 1;
  }
  if (report(l)) return 0;
  say(`no Chromium found; checked ${('missing' in l ? l.missing : []).join(', ')}`);
  if (checkOnly) return 1;
  for (const attempt of [playwrightDownload, systemPackage]) {
    if (attempt()) {
      l = findChromium();
      if (report(l)) return 0;
      say('the installation ended but no Chromium is where it should be');
    }
  }
  say('could not get a Chromium for the browser tests. Install one (e.g. `sudo apt-get install chromium`) or set FRONTDESK_CHROMIUM to a Chromium or Chrome executable, then run the tests again.');
  return 1;
}

process.exitCode = main();
