/**
 * Starts the Frontdesk core for a host (Electron shell, web harness, headless hub). Plain Node: no
 * electron. Demo mode is the embedded default: with no devices configured, the simulated office
 * starts in-process and its devices are used (their passwords stay in memory). Adding the first
 * real device leaves demo mode: the simulated office is stopped.
 */
import type { DeviceConfig, DeviceSecrets } from '../../shared/domain';
import type { AppMode } from '../../shared/ipc/contract';
import { createCore, type Core } from '../core/app';
import type { DriverFactoryFn } from '../core/hub/registry';
import type { DataStore, SecretStore, SettingsStore } from '../core/persistence/stores';
import type { Manifest } from '../../sim/lib/types';
import { startOffice, type RunningOffice } from '../../sim/office';

export type DemoChoice = 'auto' | 'force' | 'off';

export interface RuntimeOptions {
  mode: AppMode;
  version: string;
  settings: SettingsStore;
  secrets: SecretStore;
  data?: DataStore;
  createDriver: DriverFactoryFn;
  demo: DemoChoice;
  officeFile?: string;
  log?: (msg: string) => void;
  timeoutMs?: number;
  validateOutput?: boolean;
}

export interface Runtime {
  core: Core;
  /** The simulated office, while running in demo mode. */
  readonly office: RunningOffice | undefined;
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
  const configured = (await opts.settings.load()).devices;
  const useDemo = opts.demo === 'force' || (opts.demo === 'auto' && configured.length === 0);
  let office = useDemo ? await startOffice(opts.officeFile ? { officeFile: opts.officeFile } : {}) : undefined;
  let stopping: Promise<void> | undefined;
  const stopOffice = (): Promise<void> => {
    const o = office;
    office = undefined;
    stopping = o?.close();
    return stopping ?? Promise.resolve();
  };
  let core: Core;
  try {
    core = await createCore({
      mode: opts.mode,
      version: opts.version,
      settings: opts.settings,
      secrets: opts.secrets,
      ...(opts.data ? { data: opts.data } : {}),
      createDriver: opts.createDriver,
      ...(office ? { demoDevices: demoDevicesFromManifest(office.manifest) } : {}),
      ...(opts.log ? { log: opts.log } : {}),
      ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
      ...(opts.validateOutput ? { validateOutput: true } : {}),
      onLeaveDemo: () => {
        opts.log?.('the first device was added: leaving the demo office');
        void stopOffice();
      },
    });
  } catch (e) {
    await stopOffice();
    throw e;
  }
  return {
    core,
    get office() {
      return office;
    },
    close: async () => {
      await core.close();
      await stopOffice();
      await stopping;
    },
  };
}
