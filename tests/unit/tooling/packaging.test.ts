import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const require = createRequire(import.meta.url);
interface BuilderConfig {
  appId?: string;
  productName?: string;
  protocols?: { name: string; schemes: string[] }[];
  linux?: { target?: (string | { target: string })[] };
  win?: { target?: (string | { target: string })[] };
  mac?: { target?: (string | { target: string })[] };
  [k: string]: unknown;
}
const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  validateConfiguration: (c: BuilderConfig, logger: { isEnabled: boolean; add(k: string, v: unknown): void }) => Promise<void>;
};
const logger = { isEnabled: false, add: () => undefined };
const config = parse(readFileSync('electron-builder.yml', 'utf8')) as BuilderConfig;
const targets = (t: BuilderConfig['linux']) => (t?.target ?? []).map((x) => (typeof x === 'string' ? x : x.target));

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
    expect(targets(config.linux).sort()).toEqual(['AppImage', 'deb']);
    expect(targets(config.win)).toEqual(['nsis']);
    expect(targets(config.mac)).toEqual(['dmg']);
  });

  it('registers tel, callto and sip as protocols', () => {
    const schemes = (config.protocols ?? []).flatMap((p) => p.schemes).sort();
    expect(schemes).toEqual(['callto', 'sip', 'tel']);
  });
});
