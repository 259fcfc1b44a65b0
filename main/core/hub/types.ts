/** The hub's options, per-device runtime record and default poll intervals (see ./hub). */
import type { z } from 'zod';
import type { Capability, DeviceConfig, DeviceSecrets, Line, PollingOverrides } from '../../../shared/domain';
import type { DeviceHealth } from '../../../shared/office';
import type { shellStatusSchema } from '../../../shared/ipc/features/settings';
import type { Clock } from '../clock';
import type { DataStore, SecretStore, SettingsStore } from '../persistence/stores';
import type { DriverFactoryFn, RegistryEntry } from './registry';

export type ShellStatus = z.output<typeof shellStatusSchema>;

export const DEFAULT_POLLING: Required<PollingOverrides> = {
  linesIdleMs: 1000,
  linesActiveMs: 500,
  motionMs: 2000,
  snapshotMs: 2000,
  presenceMs: 5000,
  voicemailMs: 30_000,
  contactsMs: 600_000,
  historyMs: 300_000,
};

export interface HubOptions {
  settings: SettingsStore;
  secrets: SecretStore;
  data: DataStore;
  createDriver: DriverFactoryFn;
  /** When set, these devices (the simulated office) are used instead of the configured ones. */
  demoDevices?: { config: DeviceConfig; secrets: DeviceSecrets }[];
  clock?: Clock;
  log?: (msg: string) => void;
  /** Global cap on requests in flight (default 64). */
  maxInFlight?: number;
  /** Patch batching window (default 50 ms). */
  batchMs?: number;
  /** Driver request timeout (default: the driver's, 5 s). */
  timeoutMs?: number;
  /** Scheduler jitter (default 0.1); tests pass 0 for exact timing. */
  jitter?: number;
  /** Called when the first real device is added while the demo office runs. */
  onLeaveDemo?: () => void;
}

/** What the hub keeps about each device at run time. */
export interface DeviceRuntime {
  id: string;
  entry: RegistryEntry;
  health: DeviceHealth;
  problem: string | undefined;
  model: string | undefined;
  firmware: string | undefined;
  family: string | undefined;
  /** API generation the probe found (e.g. 4.x); not to be confused with `generation` below. */
  apiGeneration: string | undefined;
  since: string | undefined;
  /** Consecutive offline failures (backoff). */
  failures: number;
  jobErrors: Map<string, number>;
  caps: Set<Capability>;
  linesActive: boolean;
  /** The capability jobs are scheduled (a successful probe since the last start or outage). */
  polling: boolean;
  lastLines: readonly Line[] | undefined;
  usersSignature: string;
  watchUntil: number;
  /** Bumped on every restart: results of an older generation's jobs are dropped. */
  generation: number;
  /** Aborts this generation's requests in flight (replaced on every stop or outage). */
  abort: AbortController;
}
