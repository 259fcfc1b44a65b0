/**
 * The device registry: ONE entry per device holding its config, its secrets, its single driver
 * session and when it was last seen. The scheduler, the contract handlers and the contact index
 * all use the same entry, so a device never gets a second session (double logins lock phones).
 * Configs persist through the SettingsStore, secrets only through the SecretStore.
 */
import type { DeviceConfig, DeviceSecrets } from '../../../shared/domain';
import type { Driver, DriverConfig } from '../driver/types';
import type { SecretStore, Settings, SettingsStore } from '../persistence/stores';

export type DriverFactoryFn = (config: DriverConfig) => Driver;

export interface RegistryEntry {
  config: DeviceConfig;
  secrets: DeviceSecrets | undefined;
  /** The device's one driver session, created on first use. */
  driver: Driver | undefined;
  demo: boolean;
  /** ms timestamp of the last successful request. */
  lastSeen: number | undefined;
}

export class NotFoundError extends Error {
  constructor(readonly id: string) {
    super(`There is no device "${id}". Open Devices to see the configured ones.`);
    this.name = 'NotFoundError';
  }
}
export class ConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConflictError';
  }
}

export function slugId(name: string, taken: (id: string) => boolean): string {
  const base =
    name
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'device';
  let id = base;
  for (let i = 2; taken(id); i++) id = `${base}-${i}`;
  return id;
}

export function driverConfigOf(config: DeviceConfig, secrets: DeviceSecrets, timeoutMs?: number): DriverConfig {
  return {
    device: config.name,
    kind: config.kind,
    url: config.url,
    username: config.username,
    password: secrets.password,
    ...(secrets.secret ? { secret: secrets.secret } : {}),
    ...(secrets.privacyPassword ? { privacyPassword: secrets.privacyPassword } : {}),
    ...(config.extension ? { extension: config.extension } : {}),
    ...(config.tlsFingerprint ? { tlsFingerprint: config.tlsFingerprint } : {}),
    ...(config.loginSeparator ? { loginSeparator: config.loginSeparator } : {}),
    ...(config.family ? { family: config.family } : {}),
    ...(config.tenantDomain ? { tenantDomain: config.tenantDomain } : {}),
    ...(config.mailboxes?.length ? { mailboxes: config.mailboxes } : {}),
    ...(timeoutMs ? { timeoutMs } : {}),
  };
}

export interface RegistryOptions {
  settings: SettingsStore;
  secrets: SecretStore;
  createDriver: DriverFactoryFn;
  timeoutMs?: number;
}

export class DeviceRegistry {
  private readonly entries = new Map<string, RegistryEntry>();
  private settings: Settings | undefined;

  constructor(private readonly opts: RegistryOptions) {}

  /** Load the configured devices (or, when `demo` is given, use those instead: never persisted). */
  async load(demo?: { config: DeviceConfig; secrets: DeviceSecrets }[]): Promise<Settings> {
    this.settings = await this.opts.settings.load();
    if (demo) {
      for (const d of demo) this.entries.set(d.config.id, { config: d.config, secrets: d.secrets, driver: undefined, demo: true, lastSeen: undefined });
    } else {
      for (const c of this.settings.devices) {
        this.entries.set(c.id, { config: c, secrets: await this.opts.secrets.get(c.id), driver: undefined, demo: false, lastSeen: undefined });
      }
    }
    return this.settings;
  }

  get demo(): boolean {
    for (const e of this.entries.values()) if (e.demo) return true;
    return false;
  }

  get size(): number {
    return this.entries.size;
  }

  all(): RegistryEntry[] {
    return [...this.entries.values()];
  }

  get(id: string): RegistryEntry | undefined {
    return this.entries.get(id);
  }

  must(id: string): RegistryEntry {
    const e = this.entries.get(id);
    if (!e) throw new NotFoundError(id);
    return e;
  }

  /** The device's one session; created on first use. Throws when no password is stored. */
  driver(e: RegistryEntry): Driver {
    if (e.driver) return e.driver;
    if (!e.secrets) throw new ConflictError(`${e.config.name}: no password is stored. Open Devices and enter the credentials.`);
    e.driver = this.opts.createDriver(driverConfigOf(e.config, e.secrets, this.opts.timeoutMs));
    return e.driver;
  }

  /** A throw-away driver for an unsaved config (Test connection). The caller closes it. */
  scratchDriver(config: DeviceConfig, secrets: DeviceSecrets): Driver {
    return this.opts.createDriver(driverConfigOf(config, secrets, this.opts.timeoutMs));
  }

  async add(config: DeviceConfig, secrets: DeviceSecrets): Promise<RegistryEntry> {
    if (this.entries.has(config.id) && !this.entries.get(config.id)?.demo) throw new ConflictError(`A device with id "${config.id}" already exists. Choose another id.`);
    await this.leaveDemo();
    const e: RegistryEntry = { config, secrets, driver: undefined, demo: false, lastSeen: undefined };
    await this.opts.secrets.set(config.id, secrets);
    this.entries.set(config.id, e);
    await this.persist();
    return e;
  }

  /** Replace a device's config and (some of) its secrets; its session is closed and rebuilt on next use. */
  async update(id: string, config: DeviceConfig, secrets: Partial<DeviceSecrets> | undefined, clearSecrets: readonly ('secret' | 'privacyPassword')[] = []): Promise<RegistryEntry> {
    const e = this.must(id);
    if (e.demo) throw new ConflictError(`${e.config.name} belongs to the simulated demo office and cannot be changed. Add your own devices instead.`);
    await this.closeDriver(e);
    e.config = config;
    if ((secrets && Object.keys(secrets).length > 0) || clearSecrets.length > 0) {
      const merged: DeviceSecrets = { ...(e.secrets ?? { password: '' }), ...secrets };
      for (const k of clearSecrets) delete merged[k];
      if (!merged.password) throw new ConflictError(`${config.name}: a password is required.`);
      e.secrets = merged;
      await this.opts.secrets.set(id, merged);
    }
    await this.persist();
    return e;
  }

  async remove(id: string): Promise<void> {
    const e = this.must(id);
    if (e.demo) throw new ConflictError(`${e.config.name} belongs to the simulated demo office and cannot be removed. Add your own devices instead.`);
    await this.closeDriver(e);
    this.entries.delete(id);
    await this.opts.secrets.delete(id);
    await this.persist();
  }

  async closeDriver(e: RegistryEntry): Promise<void> {
    const d = e.driver;
    e.driver = undefined;
    await d?.close().catch(() => undefined);
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.entries.values()].map((e) => this.closeDriver(e)));
  }

  /** Ids of the demo devices dropped by leaving demo mode (the caller stops polling them). */
  droppedDemo: string[] = [];
  private async leaveDemo(): Promise<void> {
    const demo = [...this.entries.values()].filter((e) => e.demo);
    this.droppedDemo = demo.map((e) => e.config.id);
    for (const e of demo) {
      await this.closeDriver(e);
      this.entries.delete(e.config.id);
    }
  }

  async saveSettings(patch: Partial<Omit<Settings, 'devices'>>): Promise<Settings> {
    this.settings = { ...(this.settings as Settings), ...patch };
    await this.persist();
    return this.settings;
  }

  currentSettings(): Settings {
    if (!this.settings) throw new Error('registry not loaded');
    return this.settings;
  }

  private async persist(): Promise<void> {
    const s = this.currentSettings();
    this.settings = { ...s, devices: [...this.entries.values()].filter((e) => !e.demo).map((e) => e.config) };
    await this.opts.settings.save(this.settings);
  }
}
