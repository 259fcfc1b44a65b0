/**
 * Packaging smoke test: electron-builder packs the built app (`--dir`) against a FAKE Electron
 * distribution (the real one cannot be downloaded here; see shared/docs/toolchain-notes.md), and
 * the resulting app.asar is checked: the built main, preload and renderer are in it (the same
 * bytes as out/), every package the main bundle imports is in it, and no tests, benches,
 * simulators or build scripts are.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const asar = require('@electron/asar') as { listPackage(archive: string, opts?: { isPack: boolean }): string[]; extractFile(archive: string, file: string): Buffer };
const electronVersion = (require('electron/package.json') as { version: string }).version;

const work = mkdtempSync(join(tmpdir(), 'frontdesk-pack-'));
const fakeDist = join(work, 'electron-dist');
const outDir = join(work, 'dist');
let skipped: string | undefined;
let appDir = '';
let entries: string[] = [];

/** The files electron-builder copies from an Electron distribution; the executable is a stub. */
function makeFakeElectronDist(): void {
  mkdirSync(join(fakeDist, 'resources'), { recursive: true });
  writeFileSync(join(fakeDist, 'electron'), '#!/bin/sh\necho "fake electron for packaging tests"\n');
  chmodSync(join(fakeDist, 'electron'), 0o755);
  writeFileSync(join(fakeDist, 'version'), electronVersion);
  writeFileSync(join(fakeDist, 'LICENSE'), 'MIT (fake Electron distribution for tests)\n');
  writeFileSync(join(fakeDist, 'LICENSES.chromium.html'), '<html><body>fake</body></html>\n');
}

beforeAll(() => {
  if (process.platform !== 'linux') {
    skipped = `the fake Electron distribution here is the Linux layout; this host is ${process.platform}`;
    console.log(`[package-smoke] SKIPPED: ${skipped}`);
    return;
  }
  if (!existsSync('out/main/index.js') || !existsSync('out/preload/index.cjs') || !existsSync('out/renderer/index.html')) {
    console.log('[package-smoke] out/ is missing: building it (npx electron-vite build)');
    const b = spawnSync(process.execPath, ['node_modules/electron-vite/bin/electron-vite.js', 'build'], { encoding: 'utf8', timeout: 120_000 });
    if (b.status !== 0) throw new Error(`electron-vite build failed:\n${b.stdout}\n${b.stderr}`);
  }
  makeFakeElectronDist();
  const r = spawnSync(
    process.execPath,
    ['node_modules/electron-builder/cli.js', '--linux', '--dir', `-c.electronDist=${fakeDist}`, `-c.directories.output=${outDir}`, '--publish', 'never'],
    { encoding: 'utf8', timeout: 240_000, env: { ...process.env, CSC_IDENTITY_AUTO_DISCOVERY: 'false' } },
  );
  const log = `${r.stdout}\n${r.stderr}`;
  if (r.status !== 0) {
    if (/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|getaddrinfo|download/i.test(log)) {
      skipped = `electron-builder needed the network: ${log.split('\n').filter((l) => /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|download/i.test(l))[0] ?? ''}`;
      console.log(`[package-smoke] SKIPPED: ${skipped}`);
      return;
    }
    throw new Error(`electron-builder --dir failed (${r.status ?? r.signal}):\n${log}`);
  }
  appDir = join(outDir, 'linux-unpacked');
  entries = asar.listPackage(join(appDir, 'resources', 'app.asar'), { isPack: false });
}, 300_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('packaged app (electron-builder --dir, fake Electron)', () => {
  it('is a Linux app folder named as configured, with app.asar', ({ skip }) => {
    if (skipped) skip(skipped);
    expect(existsSync(join(appDir, 'frontdesk'))).toBe(true);
    expect(readFileSync(join(appDir, 'version'), 'utf8')).toBe(electronVersion);
    expect(existsSync(join(appDir, 'resources', 'app.asar'))).toBe(true);
  });

  it('holds the built main, preload and renderer, byte for byte', ({ skip }) => {
    if (skipped) skip(skipped);
    const archive = join(appDir, 'resources', 'app.asar');
    for (const file of ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html']) {
      expect(entries, file).toContain(`/${file}`);
      expect(asar.extractFile(archive, file).equals(readFileSync(file)), file).toBe(true);
    }
    // Every script and stylesheet the page loads is packed.
    const html = readFileSync('out/renderer/index.html', 'utf8');
    const assets = [...html.matchAll(/(?:src|href)="\.?\/?(assets\/[^"]+)"/g)].map((m) => `/out/renderer/${m[1]}`);
    expect(assets.length).toBeGreaterThan(0);
    for (const a of assets) expect(entries).toContain(a);
    // electron-builder rewrites package.json (no devDependencies, no scripts); its entry point must be the built main.
    const pkg = JSON.parse(asar.extractFile(archive, 'package.json').toString('utf8')) as { main: string; name: string; devDependencies?: unknown };
    expect(pkg.main).toBe('out/main/index.js');
    expect(pkg.name).toBe('frontdesk');
    expect(pkg.devDependencies).toBeUndefined();
  });

  it('holds every package the main process imports', ({ skip }) => {
    if (skipped) skip(skipped);
    const main = readFileSync('out/main/index.js', 'utf8');
    const statics = [...main.matchAll(/^import\s+(?:[^'";]*?\s*from\s*)?["']([^"']+)["'];?$/gm)].map((m) => m[1]!);
    const dynamics = [...main.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]!);
    const bare = new Set([...statics, ...dynamics].filter((s) => /^(@[a-z0-9._-]+\/)?[a-z0-9._-]+(\/[\w./-]*)?$/.test(s)));
    const packages = [...bare].filter((s) => !s.startsWith('node:') && s !== 'electron').map((s) => (s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]!));
    expect(packages).toContain('electron-store');
    for (const p of new Set(packages)) expect(entries, p).toContain(`/node_modules/${p}/package.json`);
  });

  it('holds no tests, benches, simulator sources, build scripts or source maps', ({ skip }) => {
    if (skipped) skip(skipped);
    const bad = entries.filter(
      (e) =>
        /^\/(tests|bench|sim|build|renderer|main|shared|preload|test-results|dist)(\/|$)/.test(e) ||
        /\/(tests?|__tests__|__mocks__|specs?)\//.test(e) ||
        /\.(test|spec)\.[cm]?[jt]sx?$/.test(e) ||
        /\.map$/.test(e) ||
        /\.tsx?$/.test(e),
    );
    expect(bad).toEqual([]);
    expect(entries.filter((e) => /^\/node_modules\/(react|react-dom|i18next)\//.test(e))).toEqual([]);
  });
});
