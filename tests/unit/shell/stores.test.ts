import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

const userData = mkdtempSync(join(tmpdir(), 'frontdesk-store-'));
const encryption = { available: true };

vi.mock('electron', async () => {
  const base = (await import('./fake-electron')).fakeElectronModule();
  const mod = {
    ...base,
    app: { ...base.app, getPath: () => userData, getName: () => 'Frontdesk', getVersion: () => '0.0.0', on: () => undefined },
    safeStorage: { ...base.safeStorage, isEncryptionAvailable: () => encryption.available },
  };
  return { ...mod, default: mod };
});

const { ElectronSettingsStore, SafeSecretStore } = await import('../../../main/shell/stores');

function diskText(): string {
  return readdirSync(userData)
    .filter((f) => f.endsWith('.json'))
    .map((f) => readFileSync(join(userData, f), 'utf8'))
    .join('\n');
}

describe('Electron stores', () => {
  it('persists settings', () => {
    const s = new ElectronSettingsStore();
    const cfg = { id: 'p1', kind: 'grandstream-phone' as const, name: 'Reception', url: 'http://10.0.0.5', username: 'admin' };
    s.save({ devices: [cfg], pollIntervalMs: 3000 });
    expect(new ElectronSettingsStore().load()).toEqual({ devices: [cfg], pollIntervalMs: 3000 });
  });

  it('encrypts secrets before they touch disk, and reads them back', () => {
    const s = new SafeSecretStore();
    s.set('pbx', { password: 'S3cr3t-pw!', secret: 'api-secret-xyz' });
    expect(new SafeSecretStore().get('pbx')).toEqual({ password: 'S3cr3t-pw!', secret: 'api-secret-xyz' });
    const disk = diskText();
    expect(disk).toContain('pbx');
    expect(disk).not.toContain('S3cr3t-pw!');
    expect(disk).not.toContain('api-secret-xyz');
    s.delete('pbx');
    expect(new SafeSecretStore().get('pbx')).toBeUndefined();
  });

  it('keeps secrets in memory only when the OS has no encryption', () => {
    encryption.available = false;
    try {
      const s = new SafeSecretStore();
      s.set('cam', { password: 'plain-never-on-disk' });
      expect(s.get('cam')).toEqual({ password: 'plain-never-on-disk' });
      expect(diskText()).not.toContain('plain-never-on-disk');
      expect(new SafeSecretStore().get('cam')).toBeUndefined();
    } finally {
      encryption.available = true;
    }
  });
});
