/**
 * Pure rules of the Calls feature (no React, no DOM): which buttons a line shows, the optimistic
 * call-control reducer, timers, phone grouping and the recent-calls merge. Unit-tested in
 * tests/unit/renderer/calls-logic.test.ts.
 */
import type { CallAction, LineState } from '../../../../shared/domain';
import type { CallEntity, DeviceEntity, Entity, LineEntity } from '../../../../shared/office';

/** Buttons per line state, in the order they are shown. */
export function actionsFor(state: LineState): CallAction[] {
  switch (state) {
    case 'ringing':
      return ['accept', 'reject'];
    case 'connected':
      return ['hold', 'end'];
    case 'held':
      return ['resume', 'end'];
    case 'calling':
      return ['end'];
    default:
      return [];
  }
}

/** The state a line is shown in at once after an action is sent (before the phone confirms). */
export function optimisticState(action: CallAction): LineState {
  switch (action) {
    case 'accept':
    case 'resume':
      return 'connected';
    case 'hold':
      return 'held';
    case 'reject':
    case 'end':
      return 'idle';
  }
}

export const lineId = (deviceId: string, line: number): string => `${deviceId}/${line}`;

/** One action the user sent and the phone has not yet shown. */
export interface PendingAction {
  action: CallAction;
  /** The line's state when the action was sent: the override holds only while the line still shows it. */
  from: LineState;
  to: LineState;
  /** ms timestamp of the click. */
  at: number;
  /** True until the device answered the command. */
  inFlight: boolean;
}

export interface ControlError {
  deviceId: string;
  line: number;
  message: string;
  /** The line's `since` when the action failed: once the line changes, the error is stale. */
  since: string;
  at: number;
}

export interface ControlState {
  pending: Record<string, PendingAction>;
  errors: Record<string, ControlError>;
}

export type ControlEvent =
  | { type: 'sent'; deviceId: string; line: number; action: CallAction; from: LineState; at: number }
  | { type: 'confirmed'; deviceId: string; line: number; at: number }
  | { type: 'refused'; deviceId: string; line: number; message: string; since: string; at: number }
  | { type: 'dismiss'; deviceId: string; line: number };

/** After the device said yes, the line entity normally follows within ~0.5 s; past this the override is dropped. */
export const CONFIRM_GRACE_MS = 4000;

export const emptyControlState: ControlState = { pending: {}, errors: {} };

export function controlReducer(state: ControlState, ev: ControlEvent): ControlState {
  const id = lineId(ev.deviceId, ev.line);
  switch (ev.type) {
    case 'sent': {
      const { [id]: _oldError, ...errors } = state.errors;
      return { pending: { ...state.pending, [id]: { action: ev.action, from: ev.from, to: optimisticState(ev.action), at: ev.at, inFlight: true } }, errors };
    }
    case 'confirmed': {
      const p = state.pending[id];
      if (!p) return state;
      // The grace period counts from the device's answer, not from the click.
      return { ...state, pending: { ...state.pending, [id]: { ...p, inFlight: false, at: ev.at } } };
    }
    case 'refused': {
      const { [id]: _gone, ...pending } = state.pending;
      return { pending, errors: { ...state.errors, [id]: { deviceId: ev.deviceId, line: ev.line, message: ev.message, since: ev.since, at: ev.at } } };
    }
    case 'dismiss': {
      if (!state.errors[id]) return state;
      const { [id]: _gone, ...errors } = state.errors;
      return { ...state, errors };
    }
  }
}

/** Whether a pending action still overrides what the line entity says. */
export function overrideActive(line: Pick<LineEntity, 'state'>, p: PendingAction | undefined, now: number): p is PendingAction {
  if (!p) return false;
  if (line.state !== p.from) return false; // the phone moved: it wins (confirmation, or something else happened)
  return p.inFlight || now - p.at < CONFIRM_GRACE_MS;
}

/** The line as the UI shows it: the entity, or the optimistic state while an action is pending. */
export function effectiveLine(line: LineEntity, p: PendingAction | undefined, now: number): LineEntity {
  return overrideActive(line, p, now) ? { ...line, state: p.to } : line;
}

/** An error is shown while the line has not moved since it failed. */
export function errorCurrent(err: ControlError | undefined, line: Pick<LineEntity, 'since'> | undefined): err is ControlError {
  return Boolean(err && (!line || line.since === err.since));
}

/** m:ss under an hour, h:mm:ss above; negative spans (clock skew) show 0:00. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** A call's duration in seconds as m:ss / h:mm:ss. */
export const formatSeconds = (sec: number): string => formatDuration(sec * 1000);

/**
 * When the line's timer starts: a connected line counts from the call's answer (so resuming after
 * hold does not restart it); every other state counts from when the line entered it.
 */
export function timerStart(line: LineEntity, calls: CallEntity[]): string {
  if (line.state === 'connected') {
    const call = openCallOf(line, calls);
    if (call?.answeredAt) return call.answeredAt;
  }
  return line.since;
}

/** The live call record of a line (not ended), newest first. */
export function openCallOf(line: Pick<LineEntity, 'deviceId' | 'line'>, calls: CallEntity[]): CallEntity | undefined {
  let best: CallEntity | undefined;
  for (const c of calls) {
    if (c.deviceId !== line.deviceId || c.line !== line.line || c.endedAt) continue;
    if (!best || c.startedAt > best.startedAt) best = c;
  }
  return best;
}

export interface PhoneGroup {
  deviceId: string;
  name: string;
  device?: DeviceEntity;
  lines: LineEntity[];
}

/** Lines grouped by phone: phones in the order the office lists devices, lines by number. */
export function groupLines(entities: Record<string, Entity>): PhoneGroup[] {
  const groups = new Map<string, PhoneGroup>();
  for (const e of Object.values(entities)) {
    if (e.type === 'device' && e.kind === 'grandstream-phone') {
      const g = groups.get(e.id) ?? { deviceId: e.id, name: e.name, lines: [] };
      g.device = e;
      g.name = e.name;
      groups.set(e.id, g);
    }
  }
  for (const e of Object.values(entities)) {
    if (e.type !== 'line') continue;
    let g = groups.get(e.deviceId);
    if (!g) groups.set(e.deviceId, (g = { deviceId: e.deviceId, name: e.deviceId, lines: [] }));
    g.lines.push(e);
  }
  for (const g of groups.values()) g.lines.sort((a, b) => a.line - b.line);
  return [...groups.values()];
}

/** The ringing lines (after optimistic overrides), the one that started ringing first first. */
export function ringingLines(lines: LineEntity[]): LineEntity[] {
  return lines.filter((l) => l.state === 'ringing').sort((a, b) => (a.since < b.since ? -1 : a.since > b.since ? 1 : 0));
}

/** History and live call entities merged by id (the live entity is fresher), newest first. */
export function mergeCalls(history: CallEntity[], live: CallEntity[], limit = 50): CallEntity[] {
  const byId = new Map<string, CallEntity>();
  for (const c of history) byId.set(c.id, c);
  for (const c of live) byId.set(c.id, c);
  return [...byId.values()].sort((a, b) => (a.startedAt < b.startedAt ? 1 : a.startedAt > b.startedAt ? -1 : 0)).slice(0, limit);
}

/** What the recent-calls list calls a call. */
export type CallKind = 'missed' | 'in' | 'out' | 'internal' | 'unknown' | 'ringing' | 'live';

export function callKind(c: CallEntity): CallKind {
  if (c.missed) return 'missed';
  if (!c.endedAt && c.origin === 'lines') return c.answeredAt || c.direction === 'out' ? 'live' : 'ringing';
  return c.direction;
}
