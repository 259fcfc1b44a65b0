/**
 * Assembles the main core: settings, secrets, the office model, the device monitor, the event
 * bus and the IPC router. The Electron shell and the web harness both build their process from
 * this, so the same logic runs in both (and survives a window reload).
 */
import type { DeviceConfig, DeviceSecrets } from '../../shared/domain';
import type { AppMode, InvokeOutput } from '../../shared/ipc/contract';
import { EventBus } from './events';
import { createRouter, type Router } from './ipc/router';
import { DeviceMonitor, type DriverFactoryFn } from './office/monitor';
import { OfficeModel } from './office/office';
import type { SecretStore, SettingsStore } from './persistence/stores';

export interface CoreOptions {
  mode: AppMode;
  version: string;
  settings: SettingsStore;
  secrets: SecretStore;
  createDriver: DriverFactoryFn;
  /** When set, these devices (the simulated office) are used instead of the configured ones. */
  demoDevices?: { config: DeviceConfig; secrets: DeviceSecrets }[];
  log?: (msg: string) => void;
  pollIntervalMs?: number;
}

export interface Core {
  readonly events: EventBus;
  readonly router: Router;
  readonly office: OfficeModel;
  readonly monitor: DeviceMonitor;
  readonly demo: boolean;
  close(): Promise<void>;
}

export function createCore(opts: CoreOptions): Core {
  const events = new EventBus();
  const office = new OfficeModel(events);
  const settings = opts.settings.load();
  const demo = opts.demoDevices !== undefined;
  const demoSecrets = new Map(opts.demoDevices?.map((d) => [d.config.id, d.secrets]));
  const secretsFor = (id: string): DeviceSecrets | undefined => (demo ? demoSecrets.get(id) : opts.secrets.get(id));
  const devices = demo ? (opts.demoDevices ?? []).map((d) => d.config) : settings.devices;

  const monitor = new DeviceMonitor({
    office,
    createDriver: opts.createDriver,
    secrets: secretsFor,
    intervalMs: opts.pollIntervalMs ?? settings.pollIntervalMs,
    ...(opts.log ? { log: opts.log } : {}),
  });
  office.setDevices(devices);
  monitor.sync(devices);

  const appInfo = (): InvokeOutput<'app.info'> => ({
    name: 'Frontdesk',
    version: opts.version,
    mode: opts.mode,
    demo,
    platform: process.platform,
  });

  const router = createRouter(
    {
      'app.info': () => appInfo(),
      'devices.list': () => office.list(),
      'office.state': () => office.snapshot(),
    },
    opts.log,
  );

  return {
    events,
    router,
    office,
    monitor,
    demo,
    close: () => monitor.close(),
  };
}
