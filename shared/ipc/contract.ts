/**
 * The IPC contract: ONE typed map of invoke methods (input → output) and ONE typed map of pushed
 * events. The preload API, the main-side handler registry, the renderer hooks and the web harness
 * bridge all derive from these maps. Runtime input schemas live in ./schemas (main validates).
 */
import type { DeviceConfig, DeviceKind } from '../domain';

export type AppMode = 'electron' | 'web';

export interface AppInfo {
  name: string;
  version: string;
  mode: AppMode;
  /** True when the simulated office is serving as the device set. */
  demo: boolean;
  platform: string;
}

export type DeviceHealth = 'unknown' | 'online' | 'offline' | 'auth-failed' | 'error';

/** What the renderer may know about a device: never its secrets. */
export interface DeviceSummary extends DeviceConfig {
  health: DeviceHealth;
  /** Human message for the last problem, naming what to do. */
  problem?: string;
  model?: string;
  firmware?: string;
  lastSeen?: string;
}

export interface OfficeStatus {
  /** One-line summary for the status bar. */
  summary: string;
  online: number;
  total: number;
  /** ISO time of the last change. */
  updatedAt: string;
}

export interface OfficeState {
  status: OfficeStatus;
  devices: DeviceSummary[];
  /** Bumped on every patch, so a client can tell it missed one. */
  revision: number;
}

/** A shallow patch of OfficeState; `devices` entries are merged by id. */
export interface OfficePatch {
  revision: number;
  status?: OfficeStatus;
  devices?: DeviceSummary[];
  removedDevices?: string[];
}

export interface InvokeMap {
  'app.info': { input: void; output: AppInfo };
  'devices.list': { input: void; output: DeviceSummary[] };
  'office.state': { input: void; output: OfficeState };
}

export interface EventMap {
  'office.patch': OfficePatch;
}

export type InvokeMethod = keyof InvokeMap;
export type InvokeInput<M extends InvokeMethod> = InvokeMap[M]['input'];
export type InvokeOutput<M extends InvokeMethod> = InvokeMap[M]['output'];
export type EventName = keyof EventMap;
export type EventPayload<E extends EventName> = EventMap[E];

/** Runtime lists, typed so they cannot drift from the maps. */
export const INVOKE_METHODS = ['app.info', 'devices.list', 'office.state'] as const satisfies readonly InvokeMethod[];
export const EVENT_NAMES = ['office.patch'] as const satisfies readonly EventName[];
type _AllMethodsListed = Exclude<InvokeMethod, (typeof INVOKE_METHODS)[number]> extends never ? true : never;
type _AllEventsListed = Exclude<EventName, (typeof EVENT_NAMES)[number]> extends never ? true : never;
export const CONTRACT_COMPLETE: _AllMethodsListed & _AllEventsListed = true;

export const IPC_ERROR_CODES = ['invalid-input', 'unknown-method', 'forbidden', 'device', 'internal'] as const;
export type IpcErrorCode = (typeof IPC_ERROR_CODES)[number];
export interface IpcError {
  code: IpcErrorCode;
  message: string;
  /** Zod issue paths for invalid-input. */
  issues?: string[];
  device?: string;
}

/** Every invoke resolves to this envelope; exceptions never cross the bridge. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

export const INVOKE_CHANNEL_PREFIX = 'frontdesk:invoke:';
export const EVENT_CHANNEL_PREFIX = 'frontdesk:event:';
export const invokeChannel = (m: InvokeMethod): string => INVOKE_CHANNEL_PREFIX + m;
export const eventChannel = (e: EventName): string => EVENT_CHANNEL_PREFIX + e;

/** The API the preload (Electron) or the web shim (browser) puts on `window.frontdesk`. */
export interface FrontdeskApi {
  readonly mode: AppMode;
  readonly invoke: { [M in InvokeMethod]: (...args: InvokeInput<M> extends void ? [] : [input: InvokeInput<M>]) => Promise<IpcResult<InvokeOutput<M>>> };
  readonly on: { [E in EventName]: (listener: (payload: EventPayload<E>) => void) => () => void };
}

export type { DeviceKind };
