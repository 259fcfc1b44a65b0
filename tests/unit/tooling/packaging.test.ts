import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const require = createRequire(import.meta.url);
interface BuilderConfig {
  appId?: string;
  productName?: string;
  icon?: string;
  files?: string[];
  deb?: { depends?: string[] };
  mac?: { target?: (string | { target: string })[]; extendInfo?: Record<string, unknown> };
  protocols?: { name: string; schemes: string[] }[];
  linux?: { target?: (string | { target: string })[] };
  win?: { target?: (string | { target: string })[] };
  [k: string]: unknown;
}
const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  validateConfiguration: (c: BuilderConfig, logger: { isEnabled: boolean; add(k: string, v: unknown): void }) => Promise<void>;
};
const logger = { isEnabled: false, add: () => undefined };
const config = parse(readFileSync('electron-builder.yml', 'utf8')) as BuilderConfig;
const linuxOf = (c: BuilderConfig) => c.linux as { target?: (string | { target: string })[]; mimeTypes?: string[] } | undefined;
const targets = (t: { target?: (string | { target: string })[] } | undefined) => (t?.target ?? []).map((x) => (typeof x === 'string' ? x : x.target));

describe('electron-builder.yml', () => {
  it('passes electron-builder schema validation offline', async () => {
    await expect(validateConfiguration(structuredClone(config), logger)).resolves.toBeUndefined();
  });

  it('is rejected by the same validation when a key is unknown (the check is real)', async () => {
    await expect(validateConfiguration({ ...structuredClone(config), notAKey: true }, logger)).rejects.toThrow(/unknown property 'notAKey'/);
  });

  it('names the app and targets every platform we ship', () => {
    expect(config.appId).toBe('com.frontdesk.app');
    expect(config.productName).toBe('Frontdesk');
    expect(targets(linuxOf(config)).sort()).toEqual(['AppImage', 'deb']);
    expect(targets(config.win)).toEqual(['nsis']);
    expect(targets(config.mac)).toEqual(['dmg']);
  });

  it('registers tel, callto and sip as protocols', () => {
    const schemes = (config.protocols ?? []).flatMap((p) => p.schemes).sort();
    expect(schemes).toEqual(['callto', 'sip', 'tel']);
  });

  it('uses the generated app icon', () => {
    expect(config.icon).toBe('build/icon.png');
    expect(existsSync('build/icon.png')).toBe(true);
  });

  it('packs the built app only: no tests, benches, simulator sources or build scripts', () => {
    const files = config.files ?? [];
    expect(files).toContain('out/**');
    for (const excluded of ['!tests/**', '!bench/**', '!sim/**', '!build/**', '!**/*.map']) expect(files).toContain(excluded);
    expect(files.some((f) => f.startsWith('!**/node_modules/') && f.includes('tests'))).toBe(true);
  });

  it('makes the OS offer Frontdesk for call links on Linux, and notification buttons on macOS', () => {
    expect(linuxOf(config)?.mimeTypes?.sort()).toEqual(['x-scheme-handler/callto', 'x-scheme-handler/sip', 'x-scheme-handler/tel']);
    expect(config.mac?.extendInfo?.['NSUserNotificationAlertStyle']).toBe('alert');
    // `depends` replaces electron-builder's list: xdg-utils (links, protocol registration) and the keyring must stay.
    expect(config.deb?.depends).toEqual(expect.arrayContaining(['xdg-utils', 'libnotify4', 'libsecret-1-0', 'libgtk-3-0', 'libnss3']));
  });

  it('has npm run package (and package:dir) building first', () => {
    const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts['package']).toMatch(/^electron-vite build && electron-builder\b/);
    expect(scripts['package:dir']).toMatch(/--dir/);
  });
});
