/**
 * Global hotkeys (Dial, Answer, Hang up), configurable in Settings. Applying a configuration
 * unregisters ours and registers the new ones, and answers a status per hotkey that the shell
 * puts in `hub.shellStatus` (Settings shows it): off, a key combination we do not understand,
 * two of ours on the same keys, or keys another application holds (`register` answers false).
 * No electron import: the shell passes `globalShortcut`, tests a fake.
 */
import type { ShellStrings } from './strings';

export const HOTKEY_NAMES = ['dial', 'answer', 'hangup'] as const;
export type HotkeyName = (typeof HOTKEY_NAMES)[number];
export type HotkeyConfig = Record<HotkeyName, string>;
export type HotkeyStatus = Record<HotkeyName, { ok: boolean; message?: string }>;

export interface ShortcutRegistry {
  register(accelerator: string, callback: () => void): boolean;
  unregister(accelerator: string): void;
}

const MODIFIERS = new Map<string, string>([
  ['command', 'cmd'],
  ['cmd', 'cmd'],
  ['control', 'ctrl'],
  ['ctrl', 'ctrl'],
  ['commandorcontrol', 'cmdorctrl'],
  ['cmdorctrl', 'cmdorctrl'],
  ['alt', 'alt'],
  ['option', 'alt'],
  ['altgr', 'altgr'],
  ['shift', 'shift'],
  ['super', 'super'],
  ['meta', 'super'],
]);
const NAMED_KEYS = new Set([
  'plus', 'space', 'tab', 'capslock', 'numlock', 'scrolllock', 'backspace', 'delete', 'insert', 'return', 'enter',
  'up', 'down', 'left', 'right', 'home', 'end', 'pageup', 'pagedown', 'escape', 'esc', 'printscreen',
  'volumeup', 'volumedown', 'volumemute', 'medianexttrack', 'mediaprevioustrack', 'mediastop', 'mediaplaypause',
  'num0', 'num1', 'num2', 'num3', 'num4', 'num5', 'num6', 'num7', 'num8', 'num9',
  'numdec', 'numadd', 'numsub', 'nummult', 'numdiv',
]);
const FUNCTION_KEY = /^f([1-9]|1[0-9]|2[0-4])$/;

/**
 * The canonical form of an accelerator (lower case, modifiers sorted, aliases folded), or
 * undefined when it is not one: exactly one key, and at least one modifier unless the key is F1–F24
 * (a bare letter would steal typing from every application).
 */
export function canonicalAccelerator(accel: string): string | undefined {
  const parts = accel.trim().split('+').map((p) => p.trim().toLowerCase());
  if (parts.some((p) => p === '')) return undefined;
  const mods = new Set<string>();
  const keys: string[] = [];
  for (const p of parts) {
    const mod = MODIFIERS.get(p);
    if (mod) mods.add(mod);
    else keys.push(p);
  }
  const key = keys[0];
  if (keys.length !== 1 || key === undefined) return undefined;
  const isKey = /^[a-z0-9]$/.test(key) || FUNCTION_KEY.test(key) || NAMED_KEYS.has(key);
  if (!isKey) return undefined;
  if (mods.size === 0 && !FUNCTION_KEY.test(key)) return undefined;
  return [...[...mods].sort(), key].join('+');
}

export interface HotkeyOptions {
  /** On Wayland a registration may only take effect once the desktop's portal allows it. */
  wayland?: boolean;
  log?: (msg: string) => void;
}

export class Hotkeys {
  private registered: string[] = [];

  constructor(
    private readonly registry: ShortcutRegistry,
    private readonly actions: Record<HotkeyName, () => void>,
    private readonly opts: HotkeyOptions = {},
  ) {}

  apply(config: HotkeyConfig, s: ShellStrings): HotkeyStatus {
    this.clear();
    const status = {} as HotkeyStatus;
    const taken = new Map<string, HotkeyName>();
    for (const name of HOTKEY_NAMES) {
      const accel = config[name].trim();
      if (accel === '') {
        status[name] = { ok: true, message: s.hotkeyOff };
        continue;
      }
      const canon = canonicalAccelerator(accel);
      if (!canon) {
        status[name] = { ok: false, message: s.hotkeyInvalid(accel) };
        continue;
      }
      const other = taken.get(canon);
      if (other) {
        status[name] = { ok: false, message: s.hotkeyDuplicate(s.hotkeyName[other]) };
        continue;
      }
      let ok: boolean;
      try {
        ok = this.registry.register(accel, () => this.run(name));
      } catch {
        status[name] = { ok: false, message: s.hotkeyInvalid(accel) };
        continue;
      }
      if (!ok) {
        status[name] = { ok: false, message: s.hotkeyTaken(accel) };
        this.opts.log?.(`hotkey ${name}: ${accel} is taken by another application`);
        continue;
      }
      taken.set(canon, name);
      this.registered.push(accel);
      status[name] = this.opts.wayland ? { ok: true, message: s.hotkeyWayland } : { ok: true };
    }
    return status;
  }

  /** Unregister every hotkey of ours (others' stay). */
  clear(): void {
    for (const accel of this.registered) {
      try {
        this.registry.unregister(accel);
      } catch {
        // already gone
      }
    }
    this.registered = [];
  }

  private run(name: HotkeyName): void {
    try {
      this.actions[name]();
    } catch (e) {
      this.opts.log?.(`hotkey ${name} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}
