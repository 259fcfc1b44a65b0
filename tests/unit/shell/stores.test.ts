import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { DeviceConfig } from '../../../shared/domain';
import { fakeEncrypt, type fakeSafeStorage } from './fake-electron';

const env = vi.hoisted(() => ({
  userData: '',
  storage: { available: true, backend: 'gnome_libsecret' as 'basic_text' | 'gnome_libsecret' | 'unknown', shouldReEncrypt: false },
}));

vi.mock('electron', async () => {
  const fake = await import('./fake-electron');
  const base = fake.fakeElectronModule();
  const mod = {
    ...base,
    app: { ...base.app, getPath: () => env.userData, getName: () => 'Frontdesk', getVersion: () => '0.0.0', on: () => undefined },
    safeStorage: fake.fakeSafeStorage(env.storage),
  };
  return { ...mod, default: mod };
});

const { ElectronDataStore, ElectronSettingsStore, SafeSecretStore, detectProtection } = await import('../../../main/shell/stores');
const { DEFAULT_NUMBERING } = await import('../../../main/core/persistence/stores');
const storage = (await import('electron')).safeStorage as unknown as ReturnType<typeof fakeSafeStorage>;

const PHONE: DeviceConfig = { id: 'p1', kind: 'grandstream-phone', name: 'Reception', url: 'http://10.0.0.5', username: 'admin' };
const PBX_SECRETS = { password: 'S3cr3t-pw!', secret: 'api-secret-xyz', privacyPassword: 'cdr-privacy-42' };

/** Every file under userData, recursively, as text. */
function diskText(dir = env.userData): string {
  return readdirSync(dir, { withFileTypes: true })
    .map((e) => (e.isDirectory() ? diskText(join(dir, e.name)) : readFileSync(join(dir, e.name), 'utf8')))
    .join('\n');
}

function secretsFile(): Record<string, string> {
  return (JSON.parse(readFileSync(join(env.userData, 'secrets.json'), 'utf8')) as { secrets: Record<string, string> }).secrets;
}

beforeEach(() => {
  env.userData = mkdtempSync(join(tmpdir(), 'frontdesk-store-'));
  Object.assign(env.storage, { available: true, backend: 'gnome_libsecret', shouldReEncrypt: false });
  vi.clearAllMocks();
});

describe('ElectronSettingsStore', () => {
  it('persists settings in an owner-only file', async () => {
    const s = new ElectronSettingsStore();
    const settings = { ...(await s.load()), devices: [PHONE] };
    await s.save(settings);
    expect(await new ElectronSettingsStore().load()).toEqual(settings);
    if (process.platform !== 'win32') expect(statSync(join(env.userData, 'settings.json')).mode & 0o777).toBe(0o600);
  });

  it('fills what a 0.1 settings file lacks', async () => {
    writeFileSync(join(env.userData, 'settings.json'), JSON.stringify({ settings: { devices: [PHONE], pollIntervalMs: 3000 } }));
    const loaded = await new ElectronSettingsStore().load();
    expect(loaded.devices).toEqual([PHONE]);
    expect(loaded.numbering).toEqual(DEFAULT_NUMBERING);
    expect(loaded.pushListener).toEqual({ enabled: false, host: '127.0.0.1', port: 0 });
  });

  it('treats a settings value that is not an object as absent', async () => {
    writeFileSync(join(env.userData, 'settings.json'), JSON.stringify({ settings: 'oops' }));
    expect((await new ElectronSettingsStore().load()).devices).toEqual([]);
  });

  it('reads the file once and hands out copies', async () => {
    const s = new ElectronSettingsStore();
    await s.save({ ...(await s.load()), devices: [PHONE] });
    writeFileSync(join(env.userData, 'settings.json'), JSON.stringify({ settings: { devices: [] } }));
    const a = await s.load();
    expect(a.devices).toEqual([PHONE]);
    a.devices.push({ ...PHONE, id: 'p2' });
    expect((await s.load()).devices).toEqual([PHONE]);
  });
});

describe('detectProtection', () => {
  const make = (available: boolean | Error, backend: string | Error) => ({
    isAsyncEncryptionAvailable: () => (available instanceof Error ? Promise.reject(available) : Promise.resolve(available)),
    encryptStringAsync: () => Promise.reject(new Error('unused')),
    decryptStringAsync: () => Promise.reject(new Error('unused')),
    getSelectedStorageBackend: () => {
      if (backend instanceof Error) throw backend;
      return backend;
    },
  });

  it('is os only with real encryption', async () => {
    expect(await detectProtection(make(true, 'gnome_libsecret'), 'linux')).toBe('os');
    expect(await detectProtection(make(true, 'kwallet6'), 'linux')).toBe('os');
    expect(await detectProtection(make(true, 'unused-elsewhere'), 'darwin')).toBe('os');
    expect(await detectProtection(make(true, new Error('linux only')), 'win32')).toBe('os');
  });

  it('is weak for Linux basic_text, an unknown backend, or one that cannot be asked', async () => {
    expect(await detectProtection(make(true, 'basic_text'), 'linux')).toBe('weak');
    expect(await detectProtection(make(true, 'unknown'), 'linux')).toBe('weak');
    expect(await detectProtection(make(true, new Error('boom')), 'linux')).toBe('weak');
  });

  it('is memory without encryption, or when asking fails', async () => {
    expect(await detectProtection(make(false, 'gnome_libsecret'), 'linux')).toBe('memory');
    expect(await detectProtection(make(new Error('no keychain'), 'gnome_libsecret'), 'darwin')).toBe('memory');
  });
});

describe('SafeSecretStore with OS encryption', () => {
  it('encrypts secrets before they touch disk, and reads them back in a new run', async () => {
    const s = await SafeSecretStore.open({ platform: 'linux' });
    expect(s.protection).toBe('os');
    await s.set('pbx', PBX_SECRETS);
    expect(storage.encryptStringAsync).toHaveBeenCalledTimes(1);
    expect(await (await SafeSecretStore.open({ platform: 'linux' })).get('pbx')).toEqual(PBX_SECRETS);
    const disk = diskText();
    expect(disk).toContain('pbx');
    for (const v of Object.values(PBX_SECRETS)) expect(disk).not.toContain(v);
    await s.delete('pbx');
    expect(await s.get('pbx')).toBeUndefined();
    expect(await (await SafeSecretStore.open({ platform: 'linux' })).get('pbx')).toBeUndefined();
    expect(secretsFile()).toEqual({});
  });

  it('decrypts a blob once, even for concurrent gets, and hands out copies', async () => {
    await (await SafeSecretStore.open({ platform: 'linux' })).set('pbx', PBX_SECRETS);
    const s = await SafeSecretStore.open({ platform: 'linux' });
    const [a, b] = await Promise.all([s.get('pbx'), s.get('pbx')]);
    const c = await s.get('pbx');
    expect([a, b, c]).toEqual([PBX_SECRETS, PBX_SECRETS, PBX_SECRETS]);
    expect(storage.decryptStringAsync).toHaveBeenCalledTimes(1);
    if (a) a.password = 'changed by a caller';
    expect((await s.get('pbx'))?.password).toBe(PBX_SECRETS.password);
    expect(await s.get('none')).toBeUndefined();
    expect(await s.get('none')).toBeUndefined();
    expect(storage.decryptStringAsync).toHaveBeenCalledTimes(1);
  });

  it('answers undefined, never throws, for a corrupted or foreign blob, and logs no secret', async () => {
    writeFileSync(
      join(env.userData, 'secrets.json'),
      JSON.stringify({ secrets: { junk: Buffer.from('not encrypted').toString('base64'), notjson: (await storage.encryptStringAsync('{{{')).toString('base64'), noPassword: (await storage.encryptStringAsync('{"secret":"x"}')).toString('base64') } }),
    );
    const lines: string[] = [];
    const s = await SafeSecretStore.open({ platform: 'linux', log: (m) => lines.push(m) });
    expect(await s.get('junk')).toBeUndefined();
    expect(await s.get('notjson')).toBeUndefined();
    expect(await s.get('noPassword')).toBeUndefined();
    expect(lines.join('\n')).toMatch(/junk.*could not be decrypted/);
    expect(lines.join('\n')).not.toContain('not encrypted');
    // A new value replaces the bad one.
    await s.set('junk', { password: 'fresh' });
    expect(await (await SafeSecretStore.open({ platform: 'linux' })).get('junk')).toEqual({ password: 'fresh' });
  });

  it('refuses secrets without a password string', async () => {
    const s = await SafeSecretStore.open({ platform: 'linux' });
    await expect(s.set('x', { password: 42 } as unknown as { password: string })).rejects.toThrow(/password/);
    await expect(s.set('x', null as unknown as { password: string })).rejects.toThrow(/password/);
    expect(storage.encryptStringAsync).not.toHaveBeenCalled();
  });

  it('keeps only known fields', async () => {
    const s = await SafeSecretStore.open({ platform: 'linux' });
    await s.set('x', { password: 'p', extra: 'dropped' } as unknown as { password: string });
    expect(await (await SafeSecretStore.open({ platform: 'linux' })).get('x')).toEqual({ password: 'p' });
  });

  it('applies sets and deletes in call order, even when an encryption is slow', async () => {
    const s = await SafeSecretStore.open({ platform: 'linux' });
    let release: () => void = () => undefined;
    storage.encryptStringAsync.mockImplementationOnce(async (text: string) => {
      await new Promise<void>((r) => (release = r));
      return fakeEncrypt(text);
    });
    const first = s.set('cam', { password: 'old' });
    const second = s.set('cam', { password: 'new' });
    const got = s.get('cam');
    await vi.waitFor(() => expect(storage.encryptStringAsync).toHaveBeenCalledTimes(1));
    release();
    await Promise.all([first, second]);
    expect(await got).toEqual({ password: 'new' });
    expect(await (await SafeSecretStore.open({ platform: 'linux' })).get('cam')).toEqual({ password: 'new' });
    const set = s.set('cam', { password: 'again' });
    const del = s.delete('cam');
    await Promise.all([set, del]);
    expect(await s.get('cam')).toBeUndefined();
    expect(secretsFile()).toEqual({});
  });

  it('rejects a set whose encryption fails and keeps the previous value', async () => {
    const s = await SafeSecretStore.open({ platform: 'linux' });
    await s.set('cam', { password: 'kept' });
    storage.encryptStringAsync.mockImplementationOnce(() => Promise.reject(new Error('keychain locked')));
    await expect(s.set('cam', { password: 'lost' })).rejects.toThrow('keychain locked');
    expect(await s.get('cam')).toEqual({ password: 'kept' });
    expect(diskText()).not.toContain('lost');
    await s.set('cam', { password: 'later' });
    expect(await s.get('cam')).toEqual({ password: 'later' });
  });

  it('re-encrypts a blob when safeStorage asks for it', async () => {
    await (await SafeSecretStore.open({ platform: 'linux' })).set('pbx', PBX_SECRETS);
    const before = secretsFile().pbx;
    env.storage.shouldReEncrypt = true;
    // A new key gives a new blob: here, the same JSON with a trailing space.
    storage.encryptStringAsync.mockImplementationOnce((text: string) => Promise.resolve(fakeEncrypt(`${text} `)));
    const s = await SafeSecretStore.open({ platform: 'linux' });
    expect(await s.get('pbx')).toEqual(PBX_SECRETS);
    await vi.waitFor(() => expect(secretsFile().pbx).not.toBe(before));
    expect(storage.encryptStringAsync).toHaveBeenCalledTimes(2);
  });
});

describe('SafeSecretStore without real OS encryption', () => {
  it('treats Linux basic_text as weak: memory only, nothing written', async () => {
    env.storage.backend = 'basic_text';
    const s = await SafeSecretStore.open({ platform: 'linux' });
    expect(s.protection).toBe('weak');
    await s.set('cam', { password: 'never-on-disk-1' });
    expect(await s.get('cam')).toEqual({ password: 'never-on-disk-1' });
    expect(storage.encryptStringAsync).not.toHaveBeenCalled();
    expect(diskText()).not.toContain('never-on-disk-1');
    expect(diskText()).not.toContain('cam');
    expect(await (await SafeSecretStore.open({ platform: 'linux' })).get('cam')).toBeUndefined();
  });

  it('keeps secrets in memory only when there is no encryption at all', async () => {
    env.storage.available = false;
    const lines: string[] = [];
    const s = await SafeSecretStore.open({ platform: 'darwin', log: (m) => lines.push(m) });
    expect(s.protection).toBe('memory');
    expect(lines.join()).toMatch(/memory for this run/);
    await s.set('cam', { password: 'never-on-disk-2' });
    expect(await s.get('cam')).toEqual({ password: 'never-on-disk-2' });
    expect(diskText()).not.toContain('never-on-disk-2');
    expect(await (await SafeSecretStore.open({ platform: 'darwin' })).get('cam')).toBeUndefined();
    await s.delete('cam');
    expect(await s.get('cam')).toBeUndefined();
  });

  it('leaves blobs of an earlier run alone (and unread), but deletes one on request', async () => {
    await (await SafeSecretStore.open({ platform: 'linux' })).set('a', { password: 'pa' });
    await (await SafeSecretStore.open({ platform: 'linux' })).set('b', { password: 'pb' });
    env.storage.backend = 'basic_text';
    const s = await SafeSecretStore.open({ platform: 'linux' });
    expect(await s.get('a')).toBeUndefined();
    expect(storage.decryptStringAsync).not.toHaveBeenCalled();
    await s.delete('a');
    expect(Object.keys(secretsFile())).toEqual(['b']);
  });
});

describe('secrets and settings together', () => {
  it('the settings file never holds a secret', async () => {
    const settings = new ElectronSettingsStore();
    const secrets = await SafeSecretStore.open({ platform: 'linux' });
    await settings.save({ ...(await settings.load()), devices: [PHONE, { ...PHONE, id: 'pbx', kind: 'kalliope' }] });
    await secrets.set('p1', { password: 'phone-pw-123' });
    await secrets.set('pbx', PBX_SECRETS);
    const settingsText = readFileSync(join(env.userData, 'settings.json'), 'utf8');
    expect(settingsText).toContain('Reception');
    for (const v of ['phone-pw-123', ...Object.values(PBX_SECRETS)]) {
      expect(settingsText).not.toContain(v);
      expect(diskText()).not.toContain(v);
    }
    if (process.platform !== 'win32') expect(statSync(join(env.userData, 'secrets.json')).mode & 0o777).toBe(0o600);
  });
});

describe('ElectronDataStore', () => {
  it('keeps documents under userData/data', async () => {
    const d = new ElectronDataStore();
    expect(await d.read('contacts.json')).toBeUndefined();
    await d.write('contacts.json', '{"n":1}');
    expect(readFileSync(join(env.userData, 'data', 'contacts.json'), 'utf8')).toBe('{"n":1}');
    await expect(d.write('../settings.json', '{}')).rejects.toThrow(/invalid document name/);
  });
});
