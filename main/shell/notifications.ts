/**
 * Desktop notifications from hub events (see notify-policy.ts for what, when and the words).
 * Incoming calls get Accept and Reject buttons where the OS shows them (macOS, Windows); elsewhere
 * clicking the notification opens Frontdesk on the call. A ringing call's notification closes
 * when the call is answered or ends anywhere. Camera motion carries the camera's snapshot.
 */
import { nativeImage, Notification, type NativeImage, type NotificationConstructorOptions } from 'electron';
import type { EventName, EventPayload } from '../../shared/ipc/contract';
import { invoke, type ShellCore } from './core-port';
import type { ShellController } from './controller';
import { NotificationPolicy, type NotificationSpec } from './notify-policy';

export const NOTIFIED_EVENTS = ['call.incoming', 'call.missed', 'voicemail.new', 'device.offline', 'device.authFailed', 'camera.motion'] as const satisfies readonly EventName[];

export function supportsNotificationActions(platform: NodeJS.Platform): boolean {
  return platform === 'darwin' || platform === 'win32';
}

/** Electron options for a spec (pure: tested without showing anything). */
export function notificationOptions(spec: NotificationSpec, opts: { platform: NodeJS.Platform; accept: string; reject: string; icon?: NativeImage }): NotificationConstructorOptions {
  const withActions = spec.actions.length > 0 && supportsNotificationActions(opts.platform);
  return {
    title: spec.title,
    body: spec.body,
    silent: spec.kind !== 'incoming',
    urgency: spec.urgency,
    // A ringing call stays until it is answered, rejected or ends (the shell closes it then).
    timeoutType: spec.kind === 'incoming' ? 'never' : 'default',
    ...(withActions ? { actions: spec.actions.map((a) => ({ type: 'button' as const, text: a === 'accept' ? opts.accept : opts.reject })) } : {}),
    ...(opts.icon ? { icon: opts.icon } : {}),
  };
}

export interface NotifierOptions {
  platform: NodeJS.Platform;
  now?: () => number;
  windowMs?: number;
  icon?: NativeImage;
  log?: (m: string) => void;
}

export class DesktopNotifier {
  readonly policy: NotificationPolicy;
  /** Shown notifications by call id (kept referenced, or the OS callbacks could be collected). */
  private readonly byCall = new Map<string, Notification>();
  private readonly offs: (() => void)[] = [];

  constructor(
    private readonly core: ShellCore,
    private readonly controller: ShellController,
    private readonly opts: NotifierOptions,
  ) {
    this.policy = new NotificationPolicy({ now: opts.now ?? Date.now, ...(opts.windowMs !== undefined ? { windowMs: opts.windowMs } : {}) });
  }

  start(): void {
    for (const name of NOTIFIED_EVENTS) this.offs.push(this.core.events.on(name, (p) => void this.onEvent(name, p)));
    for (const name of ['call.answered', 'call.ended'] as const) this.offs.push(this.core.events.on(name, (p) => this.closeFor(p.call.id)));
  }

  stop(): void {
    for (const off of this.offs.splice(0)) off();
    for (const n of this.byCall.values()) n.close();
    this.byCall.clear();
  }

  async onEvent<E extends EventName>(name: E, payload: EventPayload<E>): Promise<void> {
    const c = this.controller;
    const d = this.policy.decide(name, payload, c.desktop, c.strings, c.formatTime);
    if ('drop' in d) return;
    await this.show(d.show);
  }

  private async snapshot(deviceId: string): Promise<NativeImage | undefined> {
    const r = await invoke(this.core, 'cameras.snapshot', { deviceId });
    if (!r.ok || !r.value.dataUrl.startsWith('data:image/')) return undefined;
    const img = nativeImage.createFromDataURL(r.value.dataUrl);
    return img.isEmpty() ? undefined : img;
  }

  async show(spec: NotificationSpec): Promise<Notification | undefined> {
    if (!Notification.isSupported()) return undefined;
    const icon = spec.snapshotOf ? ((await this.snapshot(spec.snapshotOf).catch(() => undefined)) ?? this.opts.icon) : this.opts.icon;
    const s = this.controller.strings;
    const n = new Notification(notificationOptions(spec, { platform: this.opts.platform, accept: s.accept, reject: s.reject, ...(icon ? { icon } : {}) }));
    const call = spec.call;
    n.on('click', () => this.controller.surfaces.showMain());
    if (call && spec.kind === 'incoming') {
      this.byCall.set(call.id, n);
      n.on('action', (details) => void this.controller.control(call.deviceId, call.line, details.actionIndex === 0 ? 'accept' : 'reject'));
      n.on('close', () => {
        if (this.byCall.get(call.id) === n) this.byCall.delete(call.id);
      });
    }
    n.show();
    return n;
  }

  private closeFor(callId: string): void {
    const n = this.byCall.get(callId);
    if (!n) return;
    this.byCall.delete(callId);
    n.close();
  }
}
