/**
 * The office at a glance, for the tray: which calls ring, which are in progress, which devices are
 * in trouble, how much waits (missed calls, new voicemail). Pure functions from the hub's entities
 * to the tray's icon state, tooltip and menu, so the mapping is tested without Electron.
 *
 * Icon priority: ringing > problem (a device offline or refusing the sign-in) > in call >
 * attention (missed calls or new voicemail) > idle. The tooltip names everything that applies.
 */
import type { CallEntity, DeviceEntity, Entity, LineEntity } from '../../shared/office';
import type { TrayIconState } from './icons';
import type { ShellStrings } from './strings';

export interface LiveLine {
  deviceId: string;
  deviceName: string;
  line: number;
  state: LineEntity['state'];
  number: string;
  /** Caller or callee as shown: contact name, else the phone's name, else the number. */
  who: string;
  company?: string;
  since: string;
}

export interface OfficeGlance {
  ringing: LiveLine[];
  active: LiveLine[];
  problems: { deviceId: string; name: string; health: DeviceEntity['health'] }[];
  voicemail: number;
}

const ACTIVE = new Set<LineEntity['state']>(['connected', 'held', 'calling']);

export function glanceAt(entities: Record<string, Entity>): OfficeGlance {
  const names = new Map<string, string>();
  const problems: OfficeGlance['problems'] = [];
  const lines: LineEntity[] = [];
  let voicemail = 0;
  for (const e of Object.values(entities)) {
    if (e.type === 'device') {
      names.set(e.id, e.name);
      if (e.health === 'offline' || e.health === 'auth-failed') problems.push({ deviceId: e.id, name: e.name, health: e.health });
    } else if (e.type === 'line') lines.push(e);
    else if (e.type === 'mailbox' && e.watched && typeof e.new === 'number' && e.new > 0) voicemail += e.new;
  }
  const live = (l: LineEntity): LiveLine => ({
    deviceId: l.deviceId,
    deviceName: names.get(l.deviceId) ?? l.deviceId,
    line: l.line,
    state: l.state,
    number: l.remoteNumber,
    who: l.remoteName || l.remoteNumber,
    ...(l.remoteCompany ? { company: l.remoteCompany } : {}),
    since: l.since,
  });
  const bySince = (a: LiveLine, b: LiveLine) => a.since.localeCompare(b.since) || a.deviceId.localeCompare(b.deviceId) || a.line - b.line;
  return {
    ringing: lines.filter((l) => l.state === 'ringing').map(live).sort(bySince),
    active: lines.filter((l) => ACTIVE.has(l.state)).map(live).sort(bySince),
    problems: problems.sort((a, b) => a.name.localeCompare(b.name)),
    voicemail,
  };
}

/** The call the Answer hotkey and the tray's Accept act on: the one ringing longest. */
export function ringingCall(g: OfficeGlance): LiveLine | undefined {
  return g.ringing[0];
}

/** The call Hang up ends: the newest connected one, else the newest being placed, else the newest held one. */
export function activeCall(g: OfficeGlance): LiveLine | undefined {
  for (const state of ['connected', 'calling', 'held'] as const) {
    const of = g.active.filter((l) => l.state === state);
    if (of.length > 0) return of[of.length - 1];
  }
  return undefined;
}

export interface Attention {
  /** Missed calls since the window was last looked at. */
  missed: number;
  doNotDisturb: boolean;
}

export function trayIconState(g: OfficeGlance, a: Attention): TrayIconState {
  if (g.ringing.length > 0) return 'ringing';
  if (g.problems.length > 0) return 'problem';
  if (g.active.length > 0) return 'in-call';
  if (a.missed > 0 || g.voicemail > 0) return 'attention';
  return 'idle';
}

const callerText = (l: { who: string; company?: string }, s: ShellStrings) => `${l.who || s.unknownCaller}${l.company ? ` (${l.company})` : ''}`;

/** Windows cuts tray tooltips at 127 characters; we cut first, with an ellipsis. */
export const TOOLTIP_MAX = 127;

export function trayTooltip(g: OfficeGlance, a: Attention, s: ShellStrings): string {
  const parts: string[] = [];
  const ringing = ringingCall(g);
  if (ringing) parts.push(s.ringing(callerText(ringing, s)));
  if (g.active.length > 0) parts.push(s.inCall(g.active.length));
  if (g.problems.length > 0) parts.push(s.problem(g.problems.map((p) => p.name)));
  if (a.missed > 0) parts.push(s.missed(a.missed));
  if (g.voicemail > 0) parts.push(s.voicemail(g.voicemail));
  if (parts.length === 0) parts.push(s.allIdle);
  if (a.doNotDisturb) parts.push(s.dndOn);
  const text = `${s.appName}: ${parts.join(' · ')}`;
  return text.length <= TOOLTIP_MAX ? text : `${text.slice(0, TOOLTIP_MAX - 1)}…`;
}

export type TrayAction =
  | { kind: 'open' }
  | { kind: 'call-control'; deviceId: string; line: number; action: 'accept' | 'reject' }
  | { kind: 'redial'; number: string }
  | { kind: 'toggle-dnd' }
  | { kind: 'quit' };

export type MenuSpec =
  | { type: 'normal'; label: string; action?: TrayAction; enabled?: boolean }
  | { type: 'checkbox'; label: string; checked: boolean; action: TrayAction }
  | { type: 'separator' };

export const RECENT_IN_MENU = 5;

/** Menu labels treat & as a mnemonic marker on Windows and Linux: double it in names and numbers. */
const literal = (t: string) => t.replace(/&/g, '&&');

export function trayMenu(
  g: OfficeGlance,
  a: Attention,
  recent: readonly CallEntity[],
  s: ShellStrings,
  formatTime: (iso: string) => string,
): MenuSpec[] {
  const menu: MenuSpec[] = [{ type: 'normal', label: s.open, action: { kind: 'open' } }, { type: 'separator' }];
  const ringing = ringingCall(g);
  if (ringing) {
    const where = { deviceId: ringing.deviceId, line: ringing.line };
    menu.push(
      { type: 'normal', label: literal(s.ringing(callerText(ringing, s))), enabled: false },
      { type: 'normal', label: s.accept, action: { kind: 'call-control', ...where, action: 'accept' } },
      { type: 'normal', label: s.reject, action: { kind: 'call-control', ...where, action: 'reject' } },
      { type: 'separator' },
    );
  }
  const calls = recent.filter((c) => c.number !== '').slice(0, RECENT_IN_MENU);
  menu.push({ type: 'normal', label: calls.length > 0 ? s.recentCalls : s.noRecentCalls, enabled: false });
  for (const c of calls) {
    const kind = c.missed ? s.callMissed : c.direction === 'out' ? s.callOut : s.callIn;
    const name = c.contact?.name || c.name;
    const who = name ? `${name} · ${c.number}` : c.number;
    menu.push({ type: 'normal', label: literal(`${kind} · ${who} · ${formatTime(c.startedAt)}`), action: { kind: 'redial', number: c.number } });
  }
  menu.push(
    { type: 'separator' },
    { type: 'checkbox', label: s.doNotDisturb, checked: a.doNotDisturb, action: { kind: 'toggle-dnd' } },
    { type: 'separator' },
    { type: 'normal', label: s.quit, action: { kind: 'quit' } },
  );
  return menu;
}
