/**
 * The rig of the office-wide fault matrix: the demo office plus a twin of every device family that
 * has only one device (so each family keeps an unfaulted member while its first device is faulted),
 * the real hub over it with short timeouts and fast polling, and two independent counters:
 *   - hub side: every driver call per device (start, success, typed failure), through a recording
 *     wrapper around the real driver factory;
 *   - simulator side: the HTTP requests each device's port received (control API `requests`).
 */
import { readFileSync } from 'node:fs';
import type { DeviceKind, PollingOverrides } from '../../shared/domain';
import type { DeviceEntity, DeviceHealth, OfficePatch } from '../../shared/office';
import { createCore, type Core } from '../../main/core/app';
import { isDriverError } from '../../main/core/driver/errors';
import type { Driver, DriverConfig } from '../../main/core/driver/types';
import { MemoryDataStore, MemorySecretStore, MemorySettingsStore } from '../../main/core/persistence/stores';
import { createDriver } from '../../main/drivers';
import { demoDevicesFromManifest } from '../../main/runtime/start';
import { callControl } from '../../sim/lib/control-client';
import { DEFAULT_OFFICE_FILE, startOffice, type OfficeConfig, type RunningOffice } from '../../sim/office';

/** Fast polling for the run (each value is the minimum the device form accepts or close to it). */
export const FAST_POLLING: Required<PollingOverrides> = {
  linesIdleMs: 500,
  linesActiveMs: 250,
  motionMs: 500,
  snapshotMs: 1000,
  presenceMs: 1000,
  voicemailMs: 5000,
  contactsMs: 600_000,
  historyMs: 300_000,
};
/** Driver request timeout for the run (the `slow` fault waits 3 s, well past it). */
export const TIMEOUT_MS = 1000;

/** Driver calls that read the device on a schedule (a success is one completed poll). */
const POLLS = new Set(['probe', 'lines', 'presence', 'motion', 'snapshot', 'voicemail', 'contacts', 'history', 'status']);
/** Every asynchronous Driver method (what the wrapper records). */
const ASYNC_METHODS = new Set([...POLLS, 'accounts', 'dial', 'callControl', 'saveContact', 'deleteContact', 'groups', 'callGroups', 'registerAlarmPush', 'ptz', 'reboot']);

export interface RigDevice {
  id: string;
  name: string;
  kind: DeviceKind;
  /** kind/family as the simulator plays it, e.g. phone/legacy, camera/gsc36xx, kalliope/4.x */
  family: string;
  /** Added by the rig so its family keeps a working member. */
  twin: boolean;
}

export interface CallFailure {
  method: string;
  kind: string;
  message: string;
  at: number;
}

/** What the hub asked of one device. */
export class DeviceCalls {
  /** Start time of every call. */
  readonly started: number[] = [];
  /** Completion time of every successful poll. */
  readonly polled: number[] = [];
  readonly probes: number[] = [];
  readonly failures: CallFailure[] = [];

  countSince(list: readonly number[], from: number, to = Infinity): number {
    let n = 0;
    for (const t of list) if (t >= from && t < to) n += 1;
    return n;
  }
}

export class Recorder {
  private readonly byId = new Map<string, DeviceCalls>();
  of(id: string): DeviceCalls {
    let c = this.byId.get(id);
    if (!c) this.byId.set(id, (c = new DeviceCalls()));
    return c;
  }

  /** Wrap a driver so every asynchronous call is recorded under `id`. */
  wrap(driver: Driver, id: string): Driver {
    const calls = this.of(id);
    return new Proxy(driver, {
      get(target, prop) {
        const v: unknown = Reflect.get(target, prop, target);
        if (typeof prop !== 'string' || typeof v !== 'function' || !ASYNC_METHODS.has(prop)) return v;
        const fn = v as (...args: unknown[]) => Promise<unknown>;
        return (...args: unknown[]): Promise<unknown> => {
          calls.started.push(Date.now());
          if (prop === 'probe') calls.probes.push(Date.now());
          return fn.apply(target, args).then(
            (r) => {
              if (POLLS.has(prop)) calls.polled.push(Date.now());
              return r;
            },
            (e: unknown) => {
              calls.failures.push({ method: prop, kind: isDriverError(e) ? e.kind : e instanceof Error ? e.name : 'thrown', message: e instanceof Error ? e.message : String(e), at: Date.now() });
              throw e;
            },
          );
        };
      },
    });
  }
}

/** A health a device showed, and when. */
export interface HealthMark {
  health: DeviceHealth;
  problem: string | undefined;
  at: number;
}

export interface Rig {
  office: RunningOffice;
  core: Core;
  devices: RigDevice[];
  recorder: Recorder;
  /** Health changes seen in the hub's patches, per device. */
  healthLog: Map<string, HealthMark[]>;
  /** Lines the hub logged (failures it classified, jobs that threw). */
  hubLog: string[];
  entity(id: string): DeviceEntity | undefined;
  /** Simulator request counters of every device, from one control API call. */
  simRequests(): Promise<Map<string, number>>;
  rpc(method: string, input?: unknown): Promise<unknown>;
  close(): Promise<void>;
}

function officeWithTwins(): OfficeConfig {
  const office = JSON.parse(readFileSync(DEFAULT_OFFICE_FILE, 'utf8')) as OfficeConfig & { devices: Record<string, unknown>[] };
  const familyOf = (d: Record<string, unknown>): string => `${String(d.kind)}/${String(d.family ?? d.generation ?? d.release ?? '')}`;
  const count = new Map<string, number>();
  for (const d of office.devices) count.set(familyOf(d), (count.get(familyOf(d)) ?? 0) + 1);
  const twins: Record<string, unknown>[] = [];
  for (const d of office.devices) {
    if (count.get(familyOf(d)) !== 1) continue;
    const twin: Record<string, unknown> = { ...d, id: `${String(d.id)}-twin`, name: `${String(d.name)} (twin)` };
    delete twin.port;
    // an extension belongs to one phone and one PBX only: the twin's are renumbered 9xxx
    if (d.kind === 'grandstream-phone') delete twin.extension;
    else renumberPbx(twin);
    twins.push(twin);
  }
  return { ...office, devices: [...office.devices, ...twins] } as OfficeConfig;
}

const nine = (ext: unknown): unknown => (typeof ext === 'string' && /^\d+$/.test(ext) ? `9${ext}` : ext);

function renumberPbx(pbx: Record<string, unknown>): void {
  if (pbx.receptionExtension !== undefined) pbx.receptionExtension = nine(pbx.receptionExtension);
  if (Array.isArray(pbx.extensions)) pbx.extensions = (pbx.extensions as Record<string, unknown>[]).map((e) => ({ ...e, extension: nine(e.extension) }));
  if (Array.isArray(pbx.callgroups)) {
    pbx.callgroups = (pbx.callgroups as Record<string, unknown>[]).map((g) => ({
      ...g,
      members: (g.members as unknown[]).map((m) => (Array.isArray(m) ? m.map(nine) : nine(m))),
    }));
  }
  if (Array.isArray(pbx.users)) {
    pbx.users = (pbx.users as Record<string, unknown>[]).map((u) => {
      const { devices: _devices, ...rest } = u;
      return { ...rest, extension: nine(u.extension) };
    });
  }
}

function familyFromState(kind: DeviceKind, state: Record<string, unknown>): string {
  switch (kind) {
    case 'grandstream-phone':
      return `phone/${String(state.family ?? 'legacy')}`;
    case 'grandstream-camera':
      return `camera/${state.gsc ? 'gsc36xx' : 'gxv'}`;
    case 'kalliope':
      return `kalliope/${String(state.generation ?? 3)}.x`;
    case 'nethvoice':
      return `nethvoice/${String(state.release ?? 'ns7')}`;
  }
}

export async function until<T>(what: string, probe: () => T | undefined | false, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(25);
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function startRig(): Promise<Rig> {
  const office = await startOffice({ office: officeWithTwins() });
  const recorder = new Recorder();
  const hubLog: string[] = [];
  const healthLog = new Map<string, HealthMark[]>();
  const nameToId = new Map(office.manifest.devices.map((d) => [d.name, d.id]));
  const factory = (c: DriverConfig): Driver => {
    const id = nameToId.get(c.device);
    const d = createDriver(c);
    return id === undefined ? d : recorder.wrap(d, id);
  };
  const demo = demoDevicesFromManifest(office.manifest).map((d) => ({ ...d, config: { ...d.config, polling: FAST_POLLING } }));
  let core: Core;
  try {
    core = await createCore({
      mode: 'web',
      version: 'fault-matrix',
      settings: new MemorySettingsStore(),
      secrets: new MemorySecretStore(),
      data: new MemoryDataStore(),
      createDriver: factory,
      demoDevices: demo,
      timeoutMs: TIMEOUT_MS,
      log: (m) => hubLog.push(`${new Date().toISOString().slice(11, 23)} ${m}`),
    });
  } catch (e) {
    await office.close();
    throw e;
  }
  core.events.on('office.patch', (p: OfficePatch) => {
    for (const [key, e] of Object.entries(p.set)) {
      if (!key.startsWith('device/') || e.type !== 'device') continue;
      const log = healthLog.get(e.id) ?? [];
      const last = log[log.length - 1];
      if (last?.health !== e.health || last.problem !== e.problem) log.push({ health: e.health, problem: e.problem, at: Date.now() });
      healthLog.set(e.id, log);
    }
  });
  const devices: RigDevice[] = [];
  for (const m of office.manifest.devices) {
    const st = (await callControl(office, 'GET', `/devices/${m.id}/state`)) as { state: Record<string, unknown> };
    devices.push({ id: m.id, name: m.name, kind: m.kind, family: familyFromState(m.kind, st.state), twin: m.id.endsWith('-twin') });
  }
  const rpc = async (method: string, input?: unknown): Promise<unknown> => {
    const r = await core.router.dispatch(method, input);
    if (!r.ok) throw new Error(`${method}: ${r.error.code}: ${r.error.message}`);
    return r.value;
  };
  // Snapshots are polled only while someone watches: watch every camera for the whole run.
  const cameras = devices.filter((d) => d.kind === 'grandstream-camera');
  const watch = (): void => {
    for (const c of cameras) void rpc('cameras.watch', { deviceId: c.id }).catch(() => undefined);
  };
  watch();
  const watcher = setInterval(watch, 5000);
  return {
    office,
    core,
    devices,
    recorder,
    healthLog,
    hubLog,
    entity: (id) => core.hub.store.get(`device/${id}`) as DeviceEntity | undefined,
    simRequests: async () => {
      const list = (await callControl(office, 'GET', '/devices')) as { id: string; requests: number }[];
      return new Map(list.map((d) => [d.id, d.requests]));
    },
    rpc,
    close: async () => {
      clearInterval(watcher);
      await core.close();
      await office.close();
    },
  };
}
