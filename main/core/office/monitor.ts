/**
 * Device health monitor: probes every configured device through its driver on an interval.
 * - An auth or lockout failure stops polling that device until its configuration changes
 *   (never hammer a login: see field-notes).
 * - Network failures back off exponentially up to maxBackoffMs, and recover on their own.
 * - The last good model/firmware is kept while a device is failing.
 */
import type { DeviceConfig, DeviceSecrets } from '../../../shared/domain';
import type { DeviceHealth } from '../../../shared/ipc/contract';
import type { Driver, DriverConfig } from '../driver/types';
import { isDriverError, LockedOutError } from '../driver/errors';
import type { OfficeModel } from './office';

export type DriverFactoryFn = (config: DriverConfig) => Driver;

export interface MonitorOptions {
  office: OfficeModel;
  createDriver: DriverFactoryFn;
  secrets: (id: string) => DeviceSecrets | undefined;
  intervalMs: number;
  maxBackoffMs?: number;
  timeoutMs?: number;
  log?: (msg: string) => void;
}

interface Entry {
  config: DeviceConfig;
  /** Fingerprint of the secrets the driver was built with: a changed password restarts the entry. */
  secretsKey: string;
  driver: Driver | undefined;
  timer: NodeJS.Timeout | undefined;
  failures: number;
  stopped: boolean;
  inFlight: AbortController | undefined;
}

export class DeviceMonitor {
  private readonly entries = new Map<string, Entry>();
  private closed = false;

  constructor(private readonly opts: MonitorOptions) {}

  /** Start or restart monitoring of this exact set of devices. */
  sync(configs: DeviceConfig[]): void {
    for (const [id, e] of this.entries) {
      const next = configs.find((c) => c.id === id);
      if (!next || JSON.stringify(next) !== JSON.stringify(e.config) || this.secretsKey(id) !== e.secretsKey) void this.drop(id);
    }
    for (const c of configs) if (!this.entries.has(c.id)) this.start(c);
  }

  /** Probe one device now (e.g. after the OS resumes). */
  pokeAll(): void {
    for (const e of this.entries.values()) {
      if (e.stopped) continue;
      if (e.timer) clearTimeout(e.timer);
      e.failures = 0;
      this.schedule(e, 0);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.entries.keys()].map((id) => this.drop(id)));
  }

  private secretsKey(id: string): string {
    const s = this.opts.secrets(id);
    return s ? JSON.stringify([s.password, s.secret ?? null, s.privacyPassword ?? null]) : '';
  }

  private start(config: DeviceConfig): void {
    const e: Entry = { config, secretsKey: this.secretsKey(config.id), driver: undefined, timer: undefined, failures: 0, stopped: false, inFlight: undefined };
    this.entries.set(config.id, e);
    this.schedule(e, 0);
  }

  private async drop(id: string): Promise<void> {
    const e = this.entries.get(id);
    if (!e) return;
    this.entries.delete(id);
    e.stopped = true;
    if (e.timer) clearTimeout(e.timer);
    e.inFlight?.abort();
    await e.driver?.close();
  }

  private schedule(e: Entry, delay: number): void {
    if (this.closed || e.stopped) return;
    e.timer = setTimeout(() => void this.tick(e), delay);
    e.timer.unref?.();
  }

  private driverFor(e: Entry): Driver | undefined {
    if (e.driver) return e.driver;
    const secrets = this.opts.secrets(e.config.id);
    if (!secrets) {
      this.opts.office.updateDevice(e.config.id, {
        health: 'auth-failed',
        problem: `${e.config.name}: no password is stored. Open Devices and enter the credentials.`,
      });
      e.stopped = true;
      return undefined;
    }
    try {
      e.driver = this.opts.createDriver({
        device: e.config.name,
        kind: e.config.kind,
        url: e.config.url,
        username: e.config.username,
        password: secrets.password,
        ...(secrets.secret ? { secret: secrets.secret } : {}),
        ...(secrets.privacyPassword ? { privacyPassword: secrets.privacyPassword } : {}),
        ...(e.config.extension ? { extension: e.config.extension } : {}),
        ...(e.config.tlsFingerprint ? { tlsFingerprint: e.config.tlsFingerprint } : {}),
        ...(this.opts.timeoutMs ? { timeoutMs: this.opts.timeoutMs } : {}),
      });
    } catch (err) {
      this.opts.office.updateDevice(e.config.id, {
        health: 'error',
        problem: `${e.config.name}: ${err instanceof Error ? err.message : String(err)} Fix the device settings.`,
      });
      e.stopped = true;
      return undefined;
    }
    return e.driver;
  }

  private async tick(e: Entry): Promise<void> {
    if (this.closed || e.stopped) return;
    const driver = this.driverFor(e);
    if (!driver) return;
    const ac = new AbortController();
    e.inFlight = ac;
    try {
      const info = await driver.probe({ signal: ac.signal });
      if (e.stopped) return;
      e.failures = 0;
      this.opts.office.updateDevice(e.config.id, {
        health: 'online',
        problem: undefined,
        model: info.model,
        firmware: info.firmware,
        lastSeen: new Date().toISOString(),
      });
      this.schedule(e, this.opts.intervalMs);
    } catch (err) {
      if (e.stopped) return;
      e.failures += 1;
      const { health, stop } = classify(err);
      const message = err instanceof Error ? err.message : String(err);
      this.opts.log?.(`monitor: ${e.config.name}: ${message}`);
      this.opts.office.updateDevice(e.config.id, { health, problem: message });
      if (err instanceof LockedOutError) {
        // Someone else's failed logins can lock the account: try once after the lockout ends.
        this.schedule(e, Math.max(err.retryAfterMs ?? 0, this.opts.intervalMs) + 1000);
        return;
      }
      if (stop) {
        e.stopped = true;
        return;
      }
      const backoff = Math.min(this.opts.intervalMs * 2 ** Math.min(e.failures - 1, 6), this.opts.maxBackoffMs ?? 60000);
      this.schedule(e, backoff);
    } finally {
      e.inFlight = undefined;
    }
  }
}

function classify(err: unknown): { health: DeviceHealth; stop: boolean } {
  if (isDriverError(err)) {
    switch (err.kind) {
      case 'auth':
      case 'locked-out':
        return { health: 'auth-failed', stop: true };
      case 'unsupported-firmware':
        return { health: 'error', stop: true };
      case 'license':
        return { health: 'error', stop: false };
      case 'unreachable':
      case 'timeout':
        return { health: 'offline', stop: false };
      default:
        return { health: 'error', stop: false };
    }
  }
  return { health: 'error', stop: false };
}
