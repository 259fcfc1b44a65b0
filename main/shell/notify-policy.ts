/**
 * Which hub events become desktop notifications, with what words, and when to stay quiet:
 * - each kind (incoming, missed, voicemail, device, motion) can be switched off in Settings;
 * - Do not disturb silences them all (polling goes on; the tray still shows the state);
 * - bursts are coalesced: at most one notification per device and kind every `windowMs`.
 *   What is dropped is not lost: the tray and the windows show the full state.
 * Texts pass through redactSecrets, so a device message can never carry a credential.
 */
import type { EventName, EventPayload } from '../../shared/ipc/contract';
import type { CallEvent } from '../../shared/office';
import type { DesktopSettings } from '../core/persistence/stores';
import { redactSecrets } from './core-port';
import type { ShellStrings } from './strings';

export type NotifyKind = keyof DesktopSettings['notifications'];

export interface NotificationSpec {
  kind: NotifyKind;
  deviceId: string;
  title: string;
  body: string;
  /** Buttons where the OS shows them (incoming calls: Accept, Reject). */
  actions: ('accept' | 'reject')[];
  /** The call it is about (incoming, missed): clicking opens it; Accept/Reject act on its line. */
  call?: { id: string; deviceId: string; line: number; number: string };
  /** Camera whose snapshot goes with the notification. */
  snapshotOf?: string;
  urgency: 'critical' | 'normal' | 'low';
}

export type Decision = { show: NotificationSpec } | { drop: 'not-notified' | 'off' | 'dnd' | 'coalesced' };

export const DEFAULT_COALESCE_MS = 5000;

const clip = (t: string, max = 200) => (t.length <= max ? t : `${t.slice(0, max - 1)}…`);
const clean = (t: string, max?: number) => clip(redactSecrets(t), max);

function caller(e: CallEvent, s: ShellStrings): { who: string; company: string | undefined } {
  const who = e.call.contact?.name || e.call.name || e.call.number || s.unknownCaller;
  return { who, company: e.call.contact?.company };
}

/** The notification an event asks for, before settings, DND and coalescing. */
export function describe<E extends EventName>(name: E, payload: EventPayload<E>, s: ShellStrings, formatTime: (iso: string) => string): NotificationSpec | undefined {
  switch (name) {
    case 'call.incoming': {
      const e = payload as CallEvent;
      if (e.call.direction === 'out') return undefined;
      const { who, company } = caller(e, s);
      const lines = [company, e.call.number && e.call.number !== who ? e.call.number : undefined, s.onDevice(e.deviceName)].filter(Boolean);
      return {
        kind: 'incoming',
        deviceId: e.deviceId,
        title: clean(s.incomingTitle(who), 120),
        body: clean(lines.join(' · ')),
        actions: ['accept', 'reject'],
        call: { id: e.call.id, deviceId: e.call.deviceId, line: e.call.line, number: e.call.number },
        urgency: 'critical',
      };
    }
    case 'call.missed': {
      const e = payload as CallEvent;
      const { who, company } = caller(e, s);
      const lines = [company ? `${who} (${company})` : who, e.call.number && e.call.number !== who ? e.call.number : undefined, formatTime(e.call.startedAt)].filter(Boolean);
      return {
        kind: 'missed',
        deviceId: e.deviceId,
        title: s.missedTitle,
        body: clean(lines.join(' · ')),
        actions: [],
        call: { id: e.call.id, deviceId: e.call.deviceId, line: e.call.line, number: e.call.number },
        urgency: 'normal',
      };
    }
    case 'voicemail.new': {
      const e = payload as EventPayload<'voicemail.new'>;
      if (e.new <= e.previous) return undefined;
      return { kind: 'voicemail', deviceId: e.deviceId, title: s.voicemailTitle, body: clean(s.voicemailBody(e.mailbox, e.deviceName, e.new)), actions: [], urgency: 'normal' };
    }
    case 'device.offline':
    case 'device.authFailed': {
      const e = payload as EventPayload<'device.offline'>;
      const offline = name === 'device.offline';
      return {
        kind: 'device',
        deviceId: e.deviceId,
        title: clean(offline ? s.offlineTitle(e.deviceName) : s.authTitle(e.deviceName), 120),
        body: clean(e.problem || (offline ? s.offlineBody : s.authBody)),
        actions: [],
        urgency: 'normal',
      };
    }
    case 'camera.motion': {
      const e = payload as EventPayload<'camera.motion'>;
      if (!e.motion) return undefined;
      return { kind: 'motion', deviceId: e.deviceId, title: clean(s.motionTitle(e.deviceName), 120), body: s.motionBody(formatTime(e.at)), actions: [], snapshotOf: e.deviceId, urgency: 'low' };
    }
    default:
      return undefined;
  }
}

export class NotificationPolicy {
  private readonly last = new Map<string, number>();

  constructor(
    private readonly opts: { now: () => number; windowMs?: number },
  ) {}

  /** Decide for one event; a shown notification starts its device+kind's quiet window. */
  decide<E extends EventName>(name: E, payload: EventPayload<E>, settings: DesktopSettings, s: ShellStrings, formatTime: (iso: string) => string): Decision {
    const spec = describe(name, payload, s, formatTime);
    if (!spec) return { drop: 'not-notified' };
    if (!settings.notifications[spec.kind]) return { drop: 'off' };
    if (settings.doNotDisturb) return { drop: 'dnd' };
    const key = `${spec.deviceId}\u0000${spec.kind}`;
    const now = this.opts.now();
    const prev = this.last.get(key);
    if (prev !== undefined && now - prev < (this.opts.windowMs ?? DEFAULT_COALESCE_MS)) return { drop: 'coalesced' };
    this.last.set(key, now);
    return { show: spec };
  }
}
