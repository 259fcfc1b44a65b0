import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_NUMBERING } from '../../../main/core/persistence/stores';
import { ConfSettingsStore } from '../../../main/web/conf-store';
import type { DeviceConfig } from '../../../shared/domain';

const PHONE: DeviceConfig = { id: 'p1', kind: 'grandstream-phone', name: 'Reception', url: 'http://10.0.0.5', username: 'admin' };
let cwd: string;

beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'frontdesk-conf-'));
});

describe('ConfSettingsStore', () => {
  it('saves and loads settings in an owner-only file, and names its folder', async () => {
    const s = new ConfSettingsStore(cwd);
    expect(s.directory).toBe(cwd);
    const settings = { ...(await s.load()), devices: [PHONE] };
    await s.save(settings);
    expect(await new ConfSettingsStore(cwd).load()).toEqual(settings);
    if (process.platform !== 'win32') expect(statSync(join(cwd, 'config.json')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(cwd, 'config.json'), 'utf8')).toContain('Reception');
  });

  it('fills what an older file lacks, and ignores a settings value that is not an object', async () => {
    writeFileSync(join(cwd, 'config.json'), JSON.stringify({ settings: { devices: [PHONE], pollIntervalMs: 5000 } }));
    const loaded = await new ConfSettingsStore(cwd).load();
    expect(loaded.devices).toEqual([PHONE]);
    expect(loaded.numbering).toEqual(DEFAULT_NUMBERING);
    writeFileSync(join(cwd, 'config.json'), JSON.stringify({ settings: [1, 2] }));
    expect((await new ConfSettingsStore(cwd).load()).devices).toEqual([]);
  });

  it('reads the file once and hands out copies', async () => {
    const s = new ConfSettingsStore(cwd);
    await s.save({ ...(await s.load()), devices: [PHONE] });
    writeFileSync(join(cwd, 'config.json'), JSON.stringify({ settings: { devices: [] } }));
    const a = await s.load();
    expect(a.devices).toEqual([PHONE]);
    a.devices.length = 0;
    expect((await s.load()).devices).toEqual([PHONE]);
  });

  it('rejects, rather than throws, when the settings cannot be saved', async () => {
    const s = new ConfSettingsStore(cwd);
    const bad = { ...(await s.load()), devices: [PHONE], oops: () => undefined };
    await expect(s.save(bad)).rejects.toThrow();
    expect((await s.load()).devices).toEqual([]);
  });
});
