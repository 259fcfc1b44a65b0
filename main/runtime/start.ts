/**
 * Starts the Frontdesk core for a host (Electron shell or web harness). Plain Node: no electron.
 * Demo mode is the embedded default: with no devices configured, the simulated office starts
 * in-process and its devices are used (their passwords stay in memory).
 */
import type { DeviceConfig, DeviceSecrets } from '../../shared/domain';
import type { AppMode } from '../../shared/ipc/contract';
import { createCore, type Core } from '../core/app';
import type { DriverFactoryFn } from '../core/office/monitor';
import type { SecretStore, SettingsStore } from '../core/persistence/stores';
import type { Manifest } from '../../sim/lib/types';
import { startOffice, type RunningOffice } from '../../sim/office';

export type DemoChoice = 'auto' | 'force' | 'off';

export interface RuntimeOptions {
  mode: AppMode;
  version: string;
  settings: SettingsStore;
  secrets: SecretStore;
  createDriver: DriverFactoryFn;
  demo: DemoChoice;
  officeFile?: string;
  pollIntervalMs?: number;
  log?: (msg: string) => void;
}

export interface Runtime {
  core: Core;
  /** The simulated office, when running in demo mode. */
  office: RunningOffice | undefined;
  close(): Promise<void>;
}

/** Turn a simulator manifest into device configs (for the renderer) and secrets (main only). */
export function demoDevicesFromManifest(manifest: Manifest): { config: DeviceConfig; secrets: DeviceSecrets }[] {
  return manifest.devices.map((d) => ({
    config: {
      id: d.id,
      kind: d.kind,
      name: d.name,
      url: d.url,
      username: d.username,
      ...(typeof d.extension === 'string' ? { extension: d.extension } : {}),
    },
    secrets: {
      password: d.password,
      ...(typeof d.secret === 'string' ? { secret: d.secret } : {}),
      ...(typeof d.privacyPassword === 'string' ? { privacyPassword: d.privacyPassword } : {}),
    },
  }));
}

export async function startRuntime(opts: RuntimeOptions): Promise<Runtime> {
  const configured = opts.settings.load().devices;
  const useDemo = opts.demo === 'force' || (opts.demo === 'auto' && configured.length === 0);
  const office = useDemo ? await startOffice(opts.officeFile ? { officeFile: opts.officeFile } : {}) : undefined;
  const core = createCore({
    mode: opts.mode,
    version: opts.version,
    settings: opts.settings,
    secrets: opts.secrets,
    createDriver: opts.createDriver,
    ...(office ? { demoDevices: demoDevicesFromManifest(office.manifest) } : {}),
    ...(opts.pollIntervalMs ? { pollIntervalMs: opts.pollIntervalMs } : {}),
    ...(opts.log ? { log: opts.log } : {}),
  });
  return {
    core,
    office,
    close: async () => {
      await core.close();
      await office?.close();
    },
  };
}
