/**
 * The headless hub's secret store: device passwords in ONE owner-only (0600) JSON file beside its
 * settings, `{ "<device id>": { "password": "...", "secret"?: "...", "privacyPassword"?: "..." } }`,
 * written atomically (FileDataStore). A server has no OS keychain, so the file's permissions are the
 * protection (reported as `weak`); its path is the admin's choice (--secrets), e.g. a systemd
 * credential. The passwords never leave the hub process: nothing it publishes carries them.
 */
import { stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { z } from 'zod';
import type { DeviceSecrets } from '../../shared/domain';
import { FileDataStore } from '../core/persistence/file-data-store';
import type { SecretStore } from '../core/persistence/stores';

const secretsSchema = z.record(
  z.string(),
  z.object({ password: z.string().min(1), secret: z.string().optional(), privacyPassword: z.string().optional() }).strict(),
);

export class SecretFileError extends Error {
  override readonly name = 'SecretFileError';
}

export class FileSecretStore implements SecretStore {
  readonly protection = 'weak' as const;
  private readonly docs: FileDataStore;
  private readonly name: string;
  private map: Map<string, DeviceSecrets> | undefined;

  constructor(readonly file: string) {
    this.docs = new FileDataStore(dirname(file));
    this.name = basename(file);
  }

  /** Read the file once (a missing file is an empty store); refuses a file others can read. */
  async load(): Promise<void> {
    const s = await stat(this.file).catch(() => undefined);
    if (s && (s.mode & 0o077) !== 0) throw new SecretFileError(`${this.file} can be read by other users (mode ${(s.mode & 0o777).toString(8)}): chmod 600 it`);
    const text = await this.docs.read(this.name);
    if (text === undefined) {
      this.map = new Map();
      return;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      throw new SecretFileError(`${this.file} is not JSON`);
    }
    const parsed = secretsSchema.safeParse(raw);
    if (!parsed.success) throw new SecretFileError(`${this.file} must map device ids to {"password", "secret"?, "privacyPassword"?} (${parsed.error.issues[0]?.path.join('.') ?? ''})`);
    this.map = new Map(Object.entries(parsed.data).map(([id, v]) => [id, { password: v.password, ...(v.secret ? { secret: v.secret } : {}), ...(v.privacyPassword ? { privacyPassword: v.privacyPassword } : {}) }]));
  }

  private async all(): Promise<Map<string, DeviceSecrets>> {
    if (!this.map) await this.load();
    return this.map as Map<string, DeviceSecrets>;
  }

  async get(deviceId: string): Promise<DeviceSecrets | undefined> {
    const s = (await this.all()).get(deviceId);
    return s ? { ...s } : undefined;
  }

  async set(deviceId: string, secrets: DeviceSecrets): Promise<void> {
    const m = await this.all();
    m.set(deviceId, { ...secrets });
    await this.save(m);
  }

  async delete(deviceId: string): Promise<void> {
    const m = await this.all();
    if (m.delete(deviceId)) await this.save(m);
  }

  private save(m: Map<string, DeviceSecrets>): Promise<void> {
    return this.docs.write(this.name, `${JSON.stringify(Object.fromEntries(m), null, 2)}\n`);
  }
}
