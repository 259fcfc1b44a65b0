/**
 * Assembles the main core: the office hub (registry, scheduler, state, events, contact index,
 * history) and the IPC router with every feature's handlers. The Electron shell, the web harness
 * and the headless hub all build their process from this, so the same logic runs everywhere (and
 * survives a window reload).
 */
import type { DeviceConfig, DeviceSecrets } from '../../shared/domain';
import type { AppMode } from '../../shared/ipc/contract';
import type { Clock } from './clock';
import type { EventBus } from './events';
import { appHandlers } from './features/app';
import { callsHandlers } from './features/calls';
import { contactsHandlers } from './features/contacts';
import { DeskMode, deskHandlers } from './features/desk';
import { devicesHandlers } from './features/devices';
import { mediaHandlers } from './features/media';
import { Hub } from './hub/hub';
import type { DriverFactoryFn } from './hub/registry';
import { createRouter, type Router } from './ipc/router';
import { MemoryDataStore, type DataStore, type SecretStore, type SettingsStore } from './persistence/stores';

export interface CoreOptions {
  mode: AppMode;
  version: string;
  settings: SettingsStore;
  secrets: SecretStore;
  /** Contact index and call history; memory when absent. */
  data?: DataStore;
  createDriver: DriverFactoryFn;
  /** When set, these devices (the simulated office) are used instead of the configured ones. */
  demoDevices?: { config: DeviceConfig; secrets: DeviceSecrets }[];
  log?: (msg: string) => void;
  clock?: Clock;
  timeoutMs?: number;
  maxInFlight?: number;
  /** Check every answer against the contract (tests). */
  validateOutput?: boolean;
  onLeaveDemo?: () => void;
}

export interface Core {
  readonly hub: Hub;
  readonly events: EventBus;
  readonly router: Router;
  readonly demo: boolean;
  close(): Promise<void>;
}

export async function createCore(opts: CoreOptions): Promise<Core> {
  const data = opts.data ?? new MemoryDataStore();
  // Desk mode (an office hub over MQTT) is read first: a desk's devices must not poll at start-up.
  const desk = await DeskMode.load({ data, secrets: opts.secrets, allowed: opts.mode !== 'hub', ...(opts.log ? { log: opts.log } : {}) });
  const hub = await Hub.create({
    settings: opts.settings,
    secrets: opts.secrets,
    data,
    createDriver: opts.createDriver,
    ...(opts.demoDevices ? { demoDevices: opts.demoDevices } : {}),
    ...(opts.log ? { log: opts.log } : {}),
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
    ...(opts.maxInFlight ? { maxInFlight: opts.maxInFlight } : {}),
    ...(opts.onLeaveDemo ? { onLeaveDemo: opts.onLeaveDemo } : {}),
  });
  desk.attach(hub);
  const local = createRouter(
    [appHandlers(hub, { mode: opts.mode, version: opts.version }), devicesHandlers(hub), contactsHandlers(hub), callsHandlers(hub), mediaHandlers(hub), deskHandlers(desk)],
    { ...(opts.log ? { log: opts.log } : {}), ...(opts.validateOutput ? { validateOutput: true } : {}) },
  );
  const router = desk.router(local);
  return {
    hub,
    events: hub.events,
    router,
    get demo() {
      return hub.demo;
    },
    close: async () => {
      await desk.close();
      await hub.close();
    },
  };
}
