/**
 * The IPC contract: ONE typed map of invoke methods (input → output) and ONE typed map of pushed
 * events. The method map is derived from the feature schemas in ./features (through ./schemas, as
 * types only: this file carries no zod at run time, so the preload stays small). The preload API,
 * the main-side router, the renderer hooks and the web harness bridge all derive from these maps.
 * Everything crossing the bridge is JSON: Electron IPC and the web harness carry the same values.
 */
import type { z } from 'zod';
import type { DeviceKind } from '../domain';
import type { CallEvent, DeviceEvent, MotionEvent, OfficePatch, SnapshotEvent, VoicemailEvent } from '../office';
import type { Contract } from './schemas';

export type AppMode = 'electron' | 'web' | 'hub';

export type InvokeMap = { [M in keyof Contract]: { input: z.input<Contract[M]['input']>; output: z.output<Contract[M]['output']> } };

export interface EventMap {
  'office.patch': OfficePatch;
  'call.incoming': CallEvent;
  'call.answered': CallEvent;
  'call.ended': CallEvent;
  'call.missed': CallEvent;
  'voicemail.new': VoicemailEvent;
  'camera.motion': MotionEvent;
  'camera.snapshot': SnapshotEvent;
  'device.offline': DeviceEvent;
  'device.online': DeviceEvent;
  'device.authFailed': DeviceEvent;
  /** A directory was re-read and the contact index changed (these sources): lists re-search. */
  'contacts.changed': { sources: string[] };
  /** Settings changed (by any window): the shell re-applies hotkeys and notifications, windows refresh. */
  'settings.changed': InvokeOutput<'settings.get'>;
  /** Desk mode: the office hub connection changed (connected, hub unreachable, back to local…). */
  'desk.status': InvokeOutput<'desk.get'>;
}

export type InvokeMethod = keyof InvokeMap;
export type InvokeInput<M extends InvokeMethod> = InvokeMap[M]['input'];
export type InvokeOutput<M extends InvokeMethod> = InvokeMap[M]['output'];
export type EventName = keyof EventMap;
export type EventPayload<E extends EventName> = EventMap[E];

export type AppInfo = InvokeOutput<'app.info'>;

/** Runtime lists, typed so they cannot drift from the maps (a missing or extra name fails to compile). */
export const INVOKE_METHODS = [
  'app.info',
  'office.state',
  'devices.list',
  'devices.add',
  'devices.update',
  'devices.remove',
  'devices.setEnabled',
  'devices.test',
  'devices.refresh',
  'contacts.search',
  'contacts.lookup',
  'contacts.sources',
  'contacts.list',
  'contacts.save',
  'contacts.delete',
  'contacts.refresh',
  'calls.dial',
  'calls.control',
  'calls.history',
  'cameras.watch',
  'cameras.unwatch',
  'cameras.snapshot',
  'cameras.ptz',
  'voicemail.refresh',
  'settings.get',
  'settings.update',
  'desk.get',
  'desk.connect',
  'desk.disconnect',
] as const satisfies readonly InvokeMethod[];
export const EVENT_NAMES = [
  'office.patch',
  'call.incoming',
  'call.answered',
  'call.ended',
  'call.missed',
  'voicemail.new',
  'camera.motion',
  'camera.snapshot',
  'device.offline',
  'device.online',
  'device.authFailed',
  'settings.changed',
  'contacts.changed',
  'desk.status',
] as const satisfies readonly EventName[];
type _AllMethodsListed = Exclude<InvokeMethod, (typeof INVOKE_METHODS)[number]> extends never ? true : never;
type _AllEventsListed = Exclude<EventName, (typeof EVENT_NAMES)[number]> extends never ? true : never;
export const CONTRACT_COMPLETE: _AllMethodsListed & _AllEventsListed = true;

/** `timeout` and `unreachable`: desk mode, the office hub did not answer in time / cannot be reached. */
export const IPC_ERROR_CODES = ['invalid-input', 'unknown-method', 'forbidden', 'device', 'unsupported', 'not-found', 'conflict', 'internal', 'timeout', 'unreachable'] as const;
export type IpcErrorCode = (typeof IPC_ERROR_CODES)[number];
export interface IpcError {
  code: IpcErrorCode;
  message: string;
  /** Zod issue paths for invalid-input. */
  issues?: string[];
  /** The device concerned, by name. */
  device?: string;
  /** The driver error kind (auth, unreachable, …) for code 'device'. */
  kind?: string;
}

/** Every invoke resolves to this envelope; exceptions never cross the bridge. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

export const INVOKE_CHANNEL_PREFIX = 'frontdesk:invoke:';
export const EVENT_CHANNEL_PREFIX = 'frontdesk:event:';
export const invokeChannel = (m: InvokeMethod): string => INVOKE_CHANNEL_PREFIX + m;
export const eventChannel = (e: EventName): string => EVENT_CHANNEL_PREFIX + e;

type InvokeArgs<M extends InvokeMethod> = undefined extends InvokeInput<M>
  ? [input?: InvokeInput<M>]
  : [input: InvokeInput<M>];

/** The API the preload (Electron) or the web shim (browser) puts on `window.frontdesk`. */
export interface FrontdeskApi {
  readonly mode: AppMode;
  readonly invoke: { [M in InvokeMethod]: (...args: InvokeArgs<M>) => Promise<IpcResult<InvokeOutput<M>>> };
  readonly on: { [E in EventName]: (listener: (payload: EventPayload<E>) => void) => () => void };
  /** Bridges that can drop (the web harness's socket) call this after reconnecting: pushed events may have been missed. */
  readonly onReconnect?: (listener: () => void) => () => void;
}
export type { InvokeArgs };

export type { DeviceKind };
