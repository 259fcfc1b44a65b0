/**
 * The desktop shell's logic, free of Electron: it follows the core (office patches, call events,
 * settings) and turns tray clicks, hotkeys and links into contract calls. The Electron adapters
 * (tray, notifications, hotkeys, command bar, windows) are thin surfaces around it.
 */
import type { CallEntity } from '../../shared/office';
import { looksLikeNumber } from '../core/contacts/numbers';
import type { DesktopSettings, Numbering } from '../core/persistence/stores';
import { DEFAULT_DESKTOP, DEFAULT_NUMBERING } from '../core/persistence/stores';
import { invoke, redactSecrets, type ShellCore, type ShellStatus } from './core-port';
import type { HotkeyConfig, HotkeyStatus } from './hotkeys';
import type { TrayIconState } from './icons';
import { parseCallLink } from './links';
import { shellStrings, type ShellStrings } from './strings';
import { activeCall, glanceAt, ringingCall, trayIconState, trayMenu, trayTooltip, type MenuSpec, type OfficeGlance, type TrayAction } from './tray-model';

export interface CommandBarRoute {
  /** Pre-filled text (a number found in the clipboard, or a link's normalised number). */
  number?: string;
  /** A link asked for this call: show the number and ask before dialling. */
  confirm?: boolean;
  /** With `confirm`: what the phone will be sent, shown under the number. */
  dial?: string;
}

/** The hash of the command bar route in the renderer (`index.html#/commandbar?…`). */
export function commandBarHash(route: CommandBarRoute): string {
  const q = new URLSearchParams();
  if (route.number) q.set('number', route.number);
  if (route.confirm) q.set('confirm', '1');
  if (route.dial) q.set('dial', route.dial);
  const qs = q.toString();
  return `/commandbar${qs ? `?${qs}` : ''}`;
}

export interface ShellSurfaces {
  showMain(): void;
  openCommandBar(route: CommandBarRoute): void;
  quit(): void;
  /** A short message when an action has nothing to act on or failed (a notification, not a dialog). */
  feedback(message: string): void;
  /** The selected text (primary selection on Linux) or the clipboard, for pre-filling the command bar. */
  readSelection(): Promise<string>;
  applyHotkeys(config: HotkeyConfig, s: ShellStrings): HotkeyStatus;
  /** Apply start-at-login; answers whether the OS now starts Frontdesk at login (undefined: cannot tell). */
  applyLoginItem(enabled: boolean): Promise<boolean | undefined>;
}

export interface TrayView {
  icon: TrayIconState;
  tooltip: string;
  menu: MenuSpec[];
}

export interface ActionResult {
  ok: boolean;
  message?: string;
}

/** A number in copied or selected text: the whole text if it is one, else the first number-like run. */
export function numberInText(text: string): string | undefined {
  const t = text.trim();
  if (t === '' || t.length > 2000) return undefined;
  if (looksLikeNumber(t)) return t;
  for (const m of t.matchAll(/(?:\+|\b)\d[\d\s\-./()]{3,22}\d/g)) if (looksLikeNumber(m[0].trim())) return m[0].trim();
  return undefined;
}

export class ShellController {
  desktop: DesktopSettings = DEFAULT_DESKTOP;
  numbering: Numbering = DEFAULT_NUMBERING;
  /** Missed calls since the main window was last shown. */
  missed = 0;
  recent: CallEntity[] = [];
  private applied: { hotkeys?: string; login?: boolean } = {};
  private readonly listeners = new Set<() => void>();
  private readonly offs: (() => void)[] = [];

  constructor(
    private readonly core: ShellCore,
    readonly surfaces: ShellSurfaces,
    private readonly opts: { log?: (m: string) => void; formatTime?: (iso: string) => string } = {},
  ) {}

  get strings(): ShellStrings {
    return shellStrings(this.desktop.language);
  }

  formatTime = (iso: string): string => {
    if (this.opts.formatTime) return this.opts.formatTime(iso);
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? '' : d.toLocaleTimeString(this.desktop.language, { hour: '2-digit', minute: '2-digit' });
  };

  /** Read settings and recent calls, apply hotkeys and login item, then follow the core. */
  async start(): Promise<void> {
    const ev = this.core.events;
    this.offs.push(
      ev.on('office.patch', () => this.changed()),
      ev.on('call.missed', () => {
        this.missed += 1;
        this.changed();
      }),
      ev.on('call.ended', () => void this.refreshRecent()),
      ev.on('call.incoming', () => void this.refreshRecent()),
      ev.on('settings.changed', (s) => void this.onSettings(s.desktop, s.numbering, s.shell)),
    );
    const got = await invoke(this.core, 'settings.get', undefined);
    if (got.ok) await this.onSettings(got.value.desktop, got.value.numbering, got.value.shell);
    await this.refreshRecent();
  }

  stop(): void {
    for (const off of this.offs.splice(0)) off();
    this.listeners.clear();
  }

  /** Called whenever what the tray shows may have changed. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }

  glance(): OfficeGlance {
    return glanceAt(this.core.hub.store.snapshot().entities);
  }

  trayView(): TrayView {
    const g = this.glance();
    const a = { missed: this.missed, doNotDisturb: this.desktop.doNotDisturb };
    return { icon: trayIconState(g, a), tooltip: trayTooltip(g, a, this.strings), menu: trayMenu(g, a, this.recent, this.strings, this.formatTime) };
  }

  /** The user has looked at the main window: missed calls are seen. */
  markSeen(): void {
    if (this.missed === 0) return;
    this.missed = 0;
    this.changed();
  }

  private async onSettings(desktop: DesktopSettings, numbering: Numbering, shell: ShellStatus | undefined): Promise<void> {
    this.desktop = desktop;
    this.numbering = numbering;
    const s = this.strings;
    const hotkeysKey = JSON.stringify([desktop.hotkeys, desktop.language]);
    let status: ShellStatus = this.core.hub.shellStatus ?? shell ?? { hotkeys: {} };
    if (this.applied.hotkeys !== hotkeysKey) {
      this.applied.hotkeys = hotkeysKey;
      status = { ...status, hotkeys: this.surfaces.applyHotkeys(desktop.hotkeys, s) };
    }
    if (this.applied.login !== desktop.startAtLogin) {
      this.applied.login = desktop.startAtLogin;
      let login: boolean | undefined;
      try {
        login = await this.surfaces.applyLoginItem(desktop.startAtLogin);
      } catch (e) {
        this.opts.log?.(`start at login: ${e instanceof Error ? e.message : String(e)}`);
        login = undefined;
      }
      const { startAtLogin: _old, ...rest } = status;
      status = login === undefined ? rest : { ...rest, startAtLogin: login };
    }
    const before = JSON.stringify(this.core.hub.shellStatus ?? null);
    this.core.hub.shellStatus = status;
    // Windows learn the hotkey results through settings.changed; only when they changed (no loop).
    if (JSON.stringify(status) !== before && before !== 'null') {
      const fresh = await invoke(this.core, 'settings.get', undefined);
      if (fresh.ok) this.core.events.emit('settings.changed', fresh.value);
    }
    this.changed();
  }

  async refreshRecent(): Promise<void> {
    const r = await invoke(this.core, 'calls.history', { limit: 20 });
    if (!r.ok) return;
    this.recent = r.value.filter((c) => c.endedAt !== undefined).sort((a, b) => b.startedAt.localeCompare(a.startedAt));
    this.changed();
  }

  private async result(p: ReturnType<typeof invoke>): Promise<ActionResult> {
    const r = await p;
    if (r.ok) return { ok: true };
    const message = redactSecrets(r.error.message);
    this.surfaces.feedback(message);
    return { ok: false, message };
  }

  async answer(): Promise<ActionResult> {
    const call = ringingCall(this.glance());
    if (!call) {
      this.surfaces.feedback(this.strings.noRinging);
      return { ok: false, message: this.strings.noRinging };
    }
    return this.result(invoke(this.core, 'calls.control', { deviceId: call.deviceId, line: call.line, action: 'accept' }));
  }

  async hangup(): Promise<ActionResult> {
    const call = activeCall(this.glance());
    if (!call) {
      this.surfaces.feedback(this.strings.noActive);
      return { ok: false, message: this.strings.noActive };
    }
    return this.result(invoke(this.core, 'calls.control', { deviceId: call.deviceId, line: call.line, action: 'end' }));
  }

  control(deviceId: string, line: number, action: 'accept' | 'reject'): Promise<ActionResult> {
    return this.result(invoke(this.core, 'calls.control', { deviceId, line, action }));
  }

  redial(number: string): Promise<ActionResult> {
    return this.result(invoke(this.core, 'calls.dial', { number }));
  }

  /** The Dial hotkey: the command bar, pre-filled with a number found in the selection or clipboard. */
  async openDialBar(): Promise<void> {
    let text: string;
    try {
      text = await this.surfaces.readSelection();
    } catch {
      text = '';
    }
    const number = numberInText(text);
    this.surfaces.openCommandBar(number ? { number } : {});
  }

  /** A tel:/callto:/sip: link: the confirmation bar with the normalised number, or a message why not. */
  handleLink(url: string): ActionResult {
    const link = parseCallLink(url, this.numbering, this.strings);
    if (!link.ok) {
      this.surfaces.feedback(link.message);
      return { ok: false, message: link.message };
    }
    this.surfaces.openCommandBar({ number: link.number, confirm: true, dial: link.dial });
    return { ok: true };
  }

  async runTrayAction(a: TrayAction): Promise<void> {
    switch (a.kind) {
      case 'open':
        return this.surfaces.showMain();
      case 'call-control':
        await this.control(a.deviceId, a.line, a.action);
        return;
      case 'redial':
        await this.redial(a.number);
        return;
      case 'toggle-dnd': {
        await this.result(invoke(this.core, 'settings.update', { desktop: { doNotDisturb: !this.desktop.doNotDisturb } }));
        return;
      }
      case 'quit':
        return this.surfaces.quit();
    }
  }
}
