/**
 * Derives calls from line transitions: a line that starts ringing is an incoming call, one that
 * starts calling is an outgoing call, ringing/calling → connected is answered, back to idle (or
 * gone) is ended, and an incoming call that ended without being answered is missed.
 */
import type { CallEntity, LineEntity, MatchedContact } from '../../../shared/office';
import type { LineState } from '../../../shared/domain';

export const ACTIVE_STATES: ReadonlySet<LineState> = new Set<LineState>(['ringing', 'calling', 'connected', 'held']);

export type CallTransition = 'incoming' | 'outgoing' | 'answered' | 'ended';

export interface CallUpdate {
  call: CallEntity;
  transition: CallTransition;
}

export class CallTracker {
  /** The call on each line, by line key. */
  private readonly active = new Map<string, CallEntity>();
  private seq = 0;

  activeCalls(): CallEntity[] {
    return [...this.active.values()];
  }

  /** The receptionist rejected the call on this line: when it ends it is not a missed call. */
  markRejected(key: string): void {
    const call = this.active.get(key);
    if (call) this.active.set(key, { ...call, rejected: true });
  }

  /**
   * One line changed from `prev` to `next` (undefined = the line is gone). Returns the call
   * updates, in order, for the hub to emit and record.
   */
  onLine(key: string, prev: LineEntity | undefined, next: LineEntity | undefined, now: string, contact?: MatchedContact): CallUpdate[] {
    const out: CallUpdate[] = [];
    let call = this.active.get(key);
    const state: LineState = next?.state ?? 'idle';
    const isActive = ACTIVE_STATES.has(state);
    // A different remote party on a busy line means the old call ended and a new one began.
    if (call && next && isActive && next.remoteNumber !== '' && call.number !== '' && next.remoteNumber !== call.number) {
      out.push(this.end(key, call, now));
      call = undefined;
    }
    if (call && !isActive) {
      out.push(this.end(key, call, now));
      return out;
    }
    if (!call && isActive && next) {
      const direction = state === 'ringing' ? 'in' : state === 'calling' ? 'out' : prev?.state === 'ringing' ? 'in' : 'unknown';
      call = {
        type: 'call',
        id: `${next.deviceId}-${next.line}-${Date.parse(now).toString(36)}-${(this.seq++).toString(36)}`,
        deviceId: next.deviceId,
        line: next.line,
        direction,
        number: next.remoteNumber,
        name: next.remoteName,
        ...(contact ? { contact } : {}),
        startedAt: now,
        missed: false,
        origin: 'lines',
      };
      if (state === 'connected' || state === 'held') call = { ...call, answeredAt: now };
      this.active.set(key, call);
      out.push({ call, transition: direction === 'out' ? 'outgoing' : 'incoming' });
      if (call.answeredAt) out.push({ call, transition: 'answered' });
      return out;
    }
    if (call && next) {
      let updated = call;
      if (next.remoteName && next.remoteName !== call.name) updated = { ...updated, name: next.remoteName };
      if (next.remoteNumber && !call.number) updated = { ...updated, number: next.remoteNumber };
      if ((state === 'connected' || state === 'held') && !call.answeredAt) {
        updated = { ...updated, answeredAt: now };
        this.active.set(key, updated);
        out.push({ call: updated, transition: 'answered' });
      } else if (updated !== call) this.active.set(key, updated);
    }
    return out;
  }

  private end(key: string, call: CallEntity, now: string): CallUpdate {
    this.active.delete(key);
    const started = Date.parse(call.answeredAt ?? call.startedAt);
    const ended: CallEntity = {
      ...call,
      endedAt: now,
      missed: call.direction === 'in' && !call.answeredAt && call.rejected !== true,
      durationSec: call.answeredAt ? Math.max(0, Math.round((Date.parse(now) - started) / 1000)) : 0,
    };
    return { call: ended, transition: 'ended' };
  }
}
