/**
 * A core for the shell's unit tests: the real EventBus and the real router (so every call the
 * shell makes is validated against the contract), with recorded handlers and an office store the
 * test fills with entities. Plus recording ShellSurfaces.
 */
import { vi } from 'vitest';
import type { InvokeMethod } from '../../../shared/ipc/contract';
import type { CallEntity, DeviceEntity, Entity, LineEntity, MailboxEntity } from '../../../shared/office';
import { EventBus } from '../../../main/core/events';
import { createRouter, type Handlers } from '../../../main/core/ipc/router';
import { DEFAULT_DESKTOP, DEFAULT_NUMBERING, type DesktopSettings } from '../../../main/core/persistence/stores';
import type { ShellCore, ShellStatus } from '../../../main/shell/core-port';
import type { ShellSurfaces } from '../../../main/shell/controller';
import type { HotkeyStatus } from '../../../main/shell/hotkeys';

export interface Rig {
  core: ShellCore;
  entities: Record<string, Entity>;
  calls: { method: InvokeMethod; input: unknown }[];
  desktop: DesktopSettings;
  history: CallEntity[];
  /** Make the next calls.control / calls.dial fail with this message. */
  failNext: { message: string } | undefined;
  of(method: InvokeMethod): unknown[];
}

export function device(id: string, name: string, health: DeviceEntity['health'] = 'online'): DeviceEntity {
  return { type: 'device', id, name, kind: 'grandstream-phone', health };
}

export function line(deviceId: string, n: number, state: LineEntity['state'], extra: Partial<LineEntity> = {}): LineEntity {
  return { type: 'line', deviceId, line: n, state, remoteNumber: '', remoteName: '', account: 1, since: '2026-03-02T09:00:00.000Z', ...extra };
}

export function mailbox(deviceId: string, box: string, n: number): MailboxEntity {
  return { type: 'mailbox', deviceId, mailbox: box, new: n, old: 0, urgent: 0, enabled: true, watched: true };
}

export function call(id: string, extra: Partial<CallEntity> = {}): CallEntity {
  return {
    type: 'call',
    id,
    deviceId: 'phone-1',
    line: 1,
    direction: 'in',
    number: '0612345678',
    name: '',
    startedAt: '2026-03-02T09:00:00.000Z',
    endedAt: '2026-03-02T09:01:00.000Z',
    missed: false,
    origin: 'lines',
    ...extra,
  };
}

export function put(rig: Rig, ...list: Entity[]): void {
  for (const e of list) {
    const key = e.type === 'device' ? `device/${e.id}` : e.type === 'line' ? `line/${e.deviceId}/${e.line}` : e.type === 'mailbox' ? `mailbox/${e.deviceId}/${e.mailbox}` : e.type === 'call' ? `call/${e.id}` : `x/${Math.random()}`;
    rig.entities[key] = e;
  }
  rig.core.events.emit('office.patch', { revision: 1, set: {}, unset: [] });
}

export function makeRig(): Rig {
  const entities: Record<string, Entity> = {};
  const calls: Rig['calls'] = [];
  const events = new EventBus();
  const hub = { store: { snapshot: () => ({ revision: 1, entities }) }, shellStatus: undefined as ShellStatus | undefined, pokeAll: vi.fn() };
  const rig: Rig = {
    core: { router: { dispatch: () => Promise.reject(new Error('set below')) }, events, hub },
    entities,
    calls,
    desktop: structuredClone(DEFAULT_DESKTOP),
    history: [],
    failNext: undefined,
    of: (m) => calls.filter((c) => c.method === m).map((c) => c.input),
  };
  const publicSettings = () => ({
    desktop: rig.desktop,
    numbering: DEFAULT_NUMBERING,
    pushListener: { enabled: false, host: '127.0.0.1', port: 0 },
    pushStatus: { running: false },
    ...(hub.shellStatus ? { shell: hub.shellStatus } : {}),
  });
  const failing = () => {
    const f = rig.failNext;
    rig.failNext = undefined;
    if (f) throw new RangeError(f.message);
  };
  const handlers: Partial<Handlers> = {
    'settings.get': () => publicSettings(),
    'settings.update': ({ desktop }) => {
      if (desktop) {
        const { hotkeys, notifications, ...rest } = desktop;
        rig.desktop = { ...rig.desktop, ...(rest as Partial<DesktopSettings>), hotkeys: { ...rig.desktop.hotkeys, ...hotkeys } as DesktopSettings['hotkeys'], notifications: { ...rig.desktop.notifications, ...notifications } as DesktopSettings['notifications'] };
      }
      const out = publicSettings();
      events.emit('settings.changed', out);
      return out;
    },
    'calls.dial': ({ number }) => {
      failing();
      return { route: { kind: 'phone', deviceId: 'phone-1', deviceName: 'Reception phone' }, dialled: number.replace(/^\+39/, '') };
    },
    'calls.control': () => {
      failing();
      return { ok: true as const };
    },
    'calls.history': (input) => rig.history.slice(0, input?.limit ?? 1000),
    'cameras.snapshot': ({ deviceId }) => ({ deviceId, takenAt: '2026-03-02T09:00:00.000Z', dataUrl: 'data:image/jpeg;base64,/9j/AA==' }),
  };
  const router = createRouter([handlers], { validateOutput: true });
  rig.core = {
    router: {
      dispatch: (method, input) => {
        calls.push({ method: method as InvokeMethod, input });
        return router.dispatch(method, input);
      },
    },
    events,
    hub,
  };
  return rig;
}

export interface RecordingSurfaces extends ShellSurfaces {
  shown: number;
  bars: Parameters<ShellSurfaces['openCommandBar']>[0][];
  feedbacks: string[];
  quits: number;
  selection: string;
  hotkeyConfigs: unknown[];
  hotkeyResult: HotkeyStatus;
  login: boolean[];
}

export function surfaces(): RecordingSurfaces {
  const s: RecordingSurfaces = {
    shown: 0,
    bars: [],
    feedbacks: [],
    quits: 0,
    selection: '',
    hotkeyConfigs: [],
    hotkeyResult: { dial: { ok: true }, answer: { ok: true }, hangup: { ok: true } },
    login: [],
    showMain: () => void (s.shown += 1),
    openCommandBar: (route) => void s.bars.push(route),
    quit: () => void (s.quits += 1),
    feedback: (m) => void s.feedbacks.push(m),
    readSelection: () => Promise.resolve(s.selection),
    applyHotkeys: (config) => {
      s.hotkeyConfigs.push(config);
      return s.hotkeyResult;
    },
    applyLoginItem: (enabled) => {
      s.login.push(enabled);
      return Promise.resolve(enabled);
    },
  };
  return s;
}

/** Let pending promise callbacks run. */
export const flush = () => new Promise((r) => setTimeout(r, 0));
