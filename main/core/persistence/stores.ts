/**
 * Persistence interfaces. main/core never knows where data lives: the Electron shell provides
 * electron-store + safeStorage, the web harness provides `conf` (settings) and memory (secrets),
 * tests provide memory.
 */
import type { DeviceConfig, DeviceSecrets } from '../../../shared/domain';

export interface Settings {
  devices: DeviceConfig[];
  /** Poll interval for device health in ms. */
  pollIntervalMs: number;
}

export const DEFAULT_SETTINGS: Settings = { devices: [], pollIntervalMs: 5000 };

export interface SettingsStore {
  load(): Settings;
  save(settings: Settings): void;
}

/** Secrets are stored encrypted (Electron safeStorage) or kept in memory; never in plain text on disk. */
export interface SecretStore {
  get(deviceId: string): DeviceSecrets | undefined;
  set(deviceId: string, secrets: DeviceSecrets): void;
  delete(deviceId: string): void;
}

export class MemorySettingsStore implements SettingsStore {
  private value: Settings;
  constructor(initial: Partial<Settings> = {}) {
    this.value = { ...DEFAULT_SETTINGS, ...initial };
  }
  load(): Settings {
    return structuredClone(this.value);
  }
  save(settings: Settings): void {
    this.value = structuredClone(settings);
  }
}

export class MemorySecretStore implements SecretStore {
  private readonly map = new Map<string, DeviceSecrets>();
  get(deviceId: string): DeviceSecrets | undefined {
    const s = this.map.get(deviceId);
    return s ? { ...s } : undefined;
  }
  set(deviceId: string, secrets: DeviceSecrets): void {
    this.map.set(deviceId, { ...secrets });
  }
  delete(deviceId: string): void {
    this.map.delete(deviceId);
  }
}
