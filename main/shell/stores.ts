/**
 * Electron persistence: settings in electron-store, secrets encrypted with safeStorage (the OS
 * keychain) before they touch disk. If the OS offers no encryption, secrets stay in memory for
 * this run only, and the user is told, rather than being written in plain text.
 */
import { safeStorage } from 'electron';
import Store from 'electron-store';
import type { DeviceSecrets } from '../../shared/domain';
import { DEFAULT_SETTINGS, type SecretStore, type Settings, type SettingsStore } from '../core/persistence/stores';

export class ElectronSettingsStore implements SettingsStore {
  private readonly store = new Store<{ settings: Settings }>({ name: 'settings', defaults: { settings: DEFAULT_SETTINGS } });
  load(): Settings {
    return { ...DEFAULT_SETTINGS, ...this.store.get('settings') };
  }
  save(settings: Settings): void {
    this.store.set('settings', settings);
  }
}

export class SafeSecretStore implements SecretStore {
  private readonly store = new Store<{ secrets: Record<string, string> }>({ name: 'secrets', defaults: { secrets: {} } });
  private readonly volatile = new Map<string, DeviceSecrets>();

  get encrypted(): boolean {
    return safeStorage.isEncryptionAvailable();
  }

  get(deviceId: string): DeviceSecrets | undefined {
    const v = this.volatile.get(deviceId);
    if (v) return { ...v };
    const blob = this.store.get('secrets')[deviceId];
    if (!blob || !this.encrypted) return undefined;
    try {
      return JSON.parse(safeStorage.decryptString(Buffer.from(blob, 'base64'))) as DeviceSecrets;
    } catch {
      return undefined;
    }
  }

  set(deviceId: string, secrets: DeviceSecrets): void {
    if (!this.encrypted) {
      this.volatile.set(deviceId, { ...secrets });
      return;
    }
    const all = { ...this.store.get('secrets') };
    all[deviceId] = safeStorage.encryptString(JSON.stringify(secrets)).toString('base64');
    this.store.set('secrets', all);
  }

  delete(deviceId: string): void {
    this.volatile.delete(deviceId);
    const all = { ...this.store.get('secrets') };
    delete all[deviceId];
    this.store.set('secrets', all);
  }
}
