/**
 * Persistence ports. main/core never knows where data lives: the Electron shell provides
 * electron-store + safeStorage, the web harness and the headless hub provide `conf` and files,
 * tests provide memory. All ports are async; implementations keep an in-memory cache so a read
 * never touches the disk twice.
 */
import type { DeviceConfig, DeviceSecrets } from '../../../shared/domain';
import type { z } from 'zod';
import type { dialRouteSchema } from '../../../shared/ipc/features/calls';
import type { desktopSettingsSchema, numberingSchema, pushListenerSchema } from '../../../shared/ipc/features/settings';

export type DialRoute = z.output<typeof dialRouteSchema>;
export type Numbering = z.output<typeof numberingSchema>;
export type PushListenerSettings = z.output<typeof pushListenerSchema>;
export type DesktopSettings = z.output<typeof desktopSettingsSchema>;

export interface Settings {
  devices: DeviceConfig[];
  dialRoute?: DialRoute;
  numbering: Numbering;
  pushListener: PushListenerSettings;
  desktop: DesktopSettings;
  /** Kept for settings files written by 0.1 (health poll interval); unused by the hub. */
  pollIntervalMs?: number;
}

export const DEFAULT_NUMBERING: Numbering = { countryCode: '39', internationalPrefix: '00', trunkPrefix: '' };

export const DEFAULT_DESKTOP: DesktopSettings = {
  hotkeys: { dial: 'CommandOrControl+Alt+D', answer: 'CommandOrControl+Alt+A', hangup: 'CommandOrControl+Alt+H' },
  notifications: { incoming: true, missed: true, voicemail: true, device: true, motion: true },
  doNotDisturb: false,
  startAtLogin: false,
  closeToTray: true,
  theme: 'system',
  language: 'en',
};

export const DEFAULT_SETTINGS: Settings = {
  devices: [],
  numbering: DEFAULT_NUMBERING,
  pushListener: { enabled: false, host: '127.0.0.1', port: 0 },
  desktop: DEFAULT_DESKTOP,
};

/** Fill in what an older or partial settings file lacks. */
export function withDefaults(s: Partial<Settings> | undefined): Settings {
  return {
    ...DEFAULT_SETTINGS,
    ...s,
    devices: Array.isArray(s?.devices) ? s.devices : [],
    numbering: { ...DEFAULT_NUMBERING, ...s?.numbering },
    pushListener: { ...DEFAULT_SETTINGS.pushListener, ...s?.pushListener },
    desktop: {
      ...DEFAULT_DESKTOP,
      ...s?.desktop,
      hotkeys: { ...DEFAULT_DESKTOP.hotkeys, ...s?.desktop?.hotkeys },
      notifications: { ...DEFAULT_DESKTOP.notifications, ...s?.desktop?.notifications },
    },
  };
}

export interface SettingsStore {
  load(): Promise<Settings>;
  save(settings: Settings): Promise<void>;
}

/**
 * How secrets are protected: `os` = encrypted by the OS keychain; `memory` = kept only in memory
 * for this run (nothing written); `weak` = the OS offers only an obfuscation with a fixed key
 * (Linux `basic_text`): treated as no protection, so secrets stay in memory and Settings says so.
 */
export type SecretProtection = 'os' | 'memory' | 'weak';

/** Secrets are stored encrypted or kept in memory; never in plain text on disk. */
export interface SecretStore {
  readonly protection: SecretProtection;
  get(deviceId: string): Promise<DeviceSecrets | undefined>;
  set(deviceId: string, secrets: DeviceSecrets): Promise<void>;
  delete(deviceId: string): Promise<void>;
}

/** Named JSON documents that are not settings: the contact index, the call history. */
export interface DataStore {
  read(name: string): Promise<string | undefined>;
  write(name: string, text: string): Promise<void>;
}

export class MemorySettingsStore implements SettingsStore {
  private value: Settings;
  saves = 0;
  constructor(initial: Partial<Settings> = {}) {
    this.value = withDefaults(initial);
  }
  load(): Promise<Settings> {
    return Promise.resolve(structuredClone(this.value));
  }
  save(settings: Settings): Promise<void> {
    this.saves += 1;
    this.value = structuredClone(settings);
    return Promise.resolve();
  }
}

export class MemorySecretStore implements SecretStore {
  readonly protection = 'memory' as const;
  private readonly map = new Map<string, DeviceSecrets>();
  get(deviceId: string): Promise<DeviceSecrets | undefined> {
    const s = this.map.get(deviceId);
    return Promise.resolve(s ? { ...s } : undefined);
  }
  set(deviceId: string, secrets: DeviceSecrets): Promise<void> {
    this.map.set(deviceId, { ...secrets });
    return Promise.resolve();
  }
  delete(deviceId: string): Promise<void> {
    this.map.delete(deviceId);
    return Promise.resolve();
  }
}

export class MemoryDataStore implements DataStore {
  readonly docs = new Map<string, string>();
  read(name: string): Promise<string | undefined> {
    return Promise.resolve(this.docs.get(name));
  }
  write(name: string, text: string): Promise<void> {
    this.docs.set(name, text);
    return Promise.resolve();
  }
}
