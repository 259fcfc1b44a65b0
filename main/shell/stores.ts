/**
 * Electron persistence: settings in electron-store, secrets encrypted with Electron's async
 * safeStorage (the OS keychain) before they touch disk, documents as files under userData/data.
 *
 * Secret protection (`SecretStore.protection`):
 * - `os`: real OS encryption (Keychain, DPAPI, libsecret, KWallet): blobs are written encrypted.
 * - `weak`: Linux `basic_text` (a fixed, public key: obfuscation, not protection) or a backend
 *   that cannot be told: secrets stay in memory for this run only.
 * - `memory`: no encryption at all: secrets stay in memory for this run only.
 * A secret is never written in plain text. Blobs written earlier are left alone in `weak`/`memory`
 * (they may belong to a keychain that is only unavailable now), except that `delete` removes one.
 */
import { join } from 'node:path';
import { app, safeStorage } from 'electron';
import Store from 'electron-store';
import type { DeviceSecrets } from '../../shared/domain';
import { FileDataStore } from '../core/persistence/file-data-store';
import {
  DEFAULT_SETTINGS,
  withDefaults,
  type SecretProtection,
  type SecretStore,
  type Settings,
  type SettingsStore,
} from '../core/persistence/stores';

/** A settings value that is not a plain object (a hand-edited file) counts as absent. */
export function plainObject<T extends object>(v: T | undefined): T | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? v : undefined;
}

/** Settings as electron-store keeps them (owner-only file); read once, then served from memory. */
export class ElectronSettingsStore implements SettingsStore {
  private readonly store = new Store<{ settings: Settings }>({ name: 'settings', configFileMode: 0o600, defaults: { settings: DEFAULT_SETTINGS } });
  private cached: Settings | undefined;

  load(): Promise<Settings> {
    try {
      this.cached ??= withDefaults(plainObject(this.store.get('settings')));
      return Promise.resolve(structuredClone(this.cached));
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  }

  save(settings: Settings): Promise<void> {
    try {
      const copy = structuredClone(settings);
      this.store.set('settings', copy);
      this.cached = copy;
      return Promise.resolve();
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  }
}

/** The part of Electron's safeStorage this store uses (the async API; the sync one is deprecated). */
export interface AsyncSafeStorage {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  encryptStringAsync(plainText: string): Promise<Buffer>;
  decryptStringAsync(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>;
  getSelectedStorageBackend(): string;
}

/** Decide how secrets can be protected on this machine. */
export async function detectProtection(storage: AsyncSafeStorage, platform: NodeJS.Platform = process.platform): Promise<SecretProtection> {
  const available = await storage.isAsyncEncryptionAvailable().catch(() => false);
  if (!available) return 'memory';
  if (platform === 'linux') {
    let backend: string;
    try {
      backend = storage.getSelectedStorageBackend();
    } catch {
      backend = 'unknown';
    }
    // basic_text encrypts with a hard-coded key; 'unknown' means we cannot tell: neither is protection.
    if (backend === 'basic_text' || backend === 'unknown') return 'weak';
  }
  return 'os';
}

function parseSecrets(json: string): DeviceSecrets | undefined {
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  if (typeof o.password !== 'string') return undefined;
  if (o.secret !== undefined && typeof o.secret !== 'string') return undefined;
  if (o.privacyPassword !== undefined && typeof o.privacyPassword !== 'string') return undefined;
  return {
    password: o.password,
    ...(typeof o.secret === 'string' ? { secret: o.secret } : {}),
    ...(typeof o.privacyPassword === 'string' ? { privacyPassword: o.privacyPassword } : {}),
  };
}

function copy(s: DeviceSecrets | undefined): DeviceSecrets | undefined {
  return s ? { ...s } : undefined;
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export interface SafeSecretStoreOptions {
  /** Defaults to Electron's safeStorage. */
  storage?: AsyncSafeStorage;
  platform?: NodeJS.Platform;
  /** Receives device ids and error messages only, never a secret. */
  log?: (msg: string) => void;
  /** electron-store file name (default `secrets`). */
  name?: string;
}

export class SafeSecretStore implements SecretStore {
  /** Decrypted secrets (and known-absent ones as undefined): a blob is decrypted at most once. */
  private readonly cache = new Map<string, DeviceSecrets | undefined>();
  private readonly decrypting = new Map<string, Promise<DeviceSecrets | undefined>>();
  /** Mutations run one after another, so an older encryption never overwrites a newer value. */
  private queue: Promise<void> = Promise.resolve();
  private readonly store: Store<{ secrets: Record<string, string> }>;

  private constructor(
    readonly protection: SecretProtection,
    private readonly storage: AsyncSafeStorage,
    private readonly log: (msg: string) => void,
    name: string,
  ) {
    this.store = new Store<{ secrets: Record<string, string> }>({ name, configFileMode: 0o600, defaults: { secrets: {} } });
  }

  /** Call after the app is ready (safeStorage needs it). */
  static async open(opts: SafeSecretStoreOptions = {}): Promise<SafeSecretStore> {
    const storage: AsyncSafeStorage = opts.storage ?? safeStorage;
    const log = opts.log ?? (() => undefined);
    const protection = await detectProtection(storage, opts.platform);
    if (protection === 'weak') log('secrets: the OS offers no real encryption (Linux basic_text); passwords are kept in memory for this run only');
    if (protection === 'memory') log('secrets: OS encryption is not available; passwords are kept in memory for this run only');
    return new SafeSecretStore(protection, storage, log, opts.name ?? 'secrets');
  }

  get persistent(): boolean {
    return this.protection === 'os';
  }

  async get(deviceId: string): Promise<DeviceSecrets | undefined> {
    await this.queue;
    if (this.cache.has(deviceId)) return copy(this.cache.get(deviceId));
    if (!this.persistent) return undefined;
    let pending = this.decrypting.get(deviceId);
    if (!pending) {
      const p = this.decryptStored(deviceId);
      pending = p;
      this.decrypting.set(deviceId, p);
      void p.finally(() => {
        if (this.decrypting.get(deviceId) === p) this.decrypting.delete(deviceId);
      });
    }
    return copy(await pending);
  }

  set(deviceId: string, secrets: DeviceSecrets): Promise<void> {
    const value = parseSecrets(JSON.stringify(secrets));
    if (!value) return Promise.reject(new TypeError(`secrets of ${deviceId}: a password string is required`));
    return this.enqueue(async () => {
      this.decrypting.delete(deviceId);
      if (this.persistent) {
        const blob = await this.storage.encryptStringAsync(JSON.stringify(value));
        this.writeBlob(deviceId, blob.toString('base64'));
      }
      this.cache.set(deviceId, value);
    });
  }

  delete(deviceId: string): Promise<void> {
    return this.enqueue(() => {
      this.decrypting.delete(deviceId);
      this.cache.set(deviceId, undefined);
      this.writeBlob(deviceId, undefined);
      return Promise.resolve();
    });
  }

  private enqueue(op: () => Promise<void>): Promise<void> {
    const run = this.queue.then(op);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private writeBlob(deviceId: string, blob: string | undefined): void {
    const all = { ...this.store.get('secrets') };
    if (blob === undefined) {
      if (!(deviceId in all)) return;
      delete all[deviceId];
    } else {
      all[deviceId] = blob;
    }
    this.store.set('secrets', all);
  }

  private async decryptStored(deviceId: string): Promise<DeviceSecrets | undefined> {
    const all = this.store.get('secrets');
    const blob = Object.hasOwn(all, deviceId) ? all[deviceId] : undefined;
    if (typeof blob !== 'string' || blob === '') {
      this.cache.set(deviceId, undefined);
      return undefined;
    }
    let value: DeviceSecrets | undefined;
    let reEncrypt = false;
    try {
      const r = await this.storage.decryptStringAsync(Buffer.from(blob, 'base64'));
      value = parseSecrets(r.result);
      reEncrypt = r.shouldReEncrypt;
      if (!value) this.log(`secrets: the stored secrets of device ${deviceId} are not valid; enter them again`);
    } catch (e) {
      this.log(`secrets: the stored secrets of device ${deviceId} could not be decrypted (${messageOf(e)}); enter them again`);
    }
    // A set or delete that ran meanwhile wins over what was on disk.
    if (this.decrypting.has(deviceId) && !this.cache.has(deviceId)) this.cache.set(deviceId, value);
    if (value && reEncrypt) {
      const v = value;
      void this.enqueue(async () => {
        if (this.cache.get(deviceId) !== v) return;
        const fresh = await this.storage.encryptStringAsync(JSON.stringify(v));
        this.writeBlob(deviceId, fresh.toString('base64'));
      }).catch((e: unknown) => this.log(`secrets: could not re-encrypt the secrets of device ${deviceId} (${messageOf(e)})`));
    }
    return this.cache.has(deviceId) ? this.cache.get(deviceId) : value;
  }
}

/** Documents (contact index, call history) as owner-only files under userData/data. */
export class ElectronDataStore extends FileDataStore {
  constructor(dir: string = join(app.getPath('userData'), 'data')) {
    super(dir);
  }
}
