/**
 * Call lines of the phone. Line numbers are 1-based as in the seed's api-get_line_status example
 * and field-notes.md. State changes that depend on time (the remote side answering an outgoing
 * call, a failed line clearing) are computed lazily in `advance(now)`: an idle phone holds no timer.
 */

export type CallState = 'idle' | 'ringing' | 'calling' | 'connected' | 'held' | 'failed';

export interface LineSlot {
  line: number;
  state: CallState;
  remoteNumber: string;
  remoteName: string;
  /** 0-based account index as make_call numbers accounts (seed example `account=0`); -1 when idle. */
  account: number;
  direction: 'in' | 'out' | null;
  since: number;
  /** Outgoing call: when the remote side answers (null = never). */
  answerAt: number | null;
  onAnswer?: (line: number) => void;
}

export type OpResult = 'ok' | 'wrong-state' | 'no-line';
export type PhoneOp = 'acceptcall' | 'rejectcall' | 'endcall' | 'holdcall';

/** A failed outgoing call shows state 8/failed for this long, then the line is idle again. */
export const FAILED_CLEAR_MS = 5000;

function idleSlot(line: number, now: number): LineSlot {
  return { line, state: 'idle', remoteNumber: '', remoteName: '', account: -1, direction: null, since: now, answerAt: null };
}

interface PendingOp {
  op: PhoneOp;
  slot: LineSlot;
  at: number;
}

export class LineTable {
  private slots: LineSlot[] | null = null;
  private pending: PendingOp[] | null = null;

  constructor(
    readonly count: number,
    private readonly answerDelayMs: number | null,
    private readonly operationDelayMs = 0,
  ) {}

  /** Current lines (materialised on first use). */
  all(now: number): LineSlot[] {
    this.advance(now);
    return (this.slots ??= Array.from({ length: this.count }, (_, i) => idleSlot(i + 1, now)));
  }

  /** Apply time-driven transitions up to `now`. */
  advance(now: number): void {
    if (!this.slots) return;
    if (this.pending) {
      const due = this.pending.filter((p) => p.at <= now);
      this.pending = due.length === this.pending.length ? null : this.pending.filter((p) => p.at > now);
      for (const p of due) {
        this.advanceTimers(p.at);
        if (this.applicable(p.op, p.slot)) this.apply(p.op, p.slot, p.at);
      }
    }
    this.advanceTimers(now);
  }

  private advanceTimers(now: number): void {
    if (!this.slots) return;
    for (const s of this.slots) {
      if (s.state === 'calling' && s.answerAt !== null && s.answerAt <= now) {
        for (const o of this.slots) if (o !== s && o.state === 'connected') this.set(o, 'held', s.answerAt);
        this.set(s, 'connected', s.answerAt);
        s.answerAt = null;
      } else if (s.state === 'failed' && s.since + FAILED_CLEAR_MS <= now) {
        Object.assign(s, idleSlot(s.line, s.since + FAILED_CLEAR_MS));
      }
    }
  }

  private set(s: LineSlot, state: CallState, now: number): void {
    s.state = state;
    s.since = now;
  }

  private holdOthers(except: LineSlot, now: number): void {
    for (const o of this.all(now)) if (o !== except && o.state === 'connected') this.set(o, 'held', now);
  }

  get(line: number, now: number): LineSlot | undefined {
    if (!Number.isInteger(line) || line < 1 || line > this.count) return undefined;
    return this.all(now)[line - 1];
  }

  private freeSlot(now: number): LineSlot | undefined {
    return this.all(now).find((s) => s.state === 'idle');
  }

  /** Outgoing call. `registered` false makes it fail at once (state 8). Returns the line or undefined when all lines are busy. */
  dial(number: string, account: number, registered: boolean, now: number): number | undefined {
    const s = this.freeSlot(now);
    if (!s) return undefined;
    this.holdOthers(s, now);
    Object.assign(s, idleSlot(s.line, now), { remoteNumber: number, account, direction: 'out' as const });
    if (!registered) {
      this.set(s, 'failed', now);
    } else {
      this.set(s, 'calling', now);
      s.answerAt = this.answerDelayMs === null ? null : now + this.answerDelayMs;
    }
    return s.line;
  }

  /** Incoming call on a free line; undefined when all lines are busy. */
  ring(number: string, name: string, account: number, now: number, onAnswer?: (line: number) => void): number | undefined {
    const s = this.freeSlot(now);
    if (!s) return undefined;
    Object.assign(s, idleSlot(s.line, now), { remoteNumber: number, remoteName: name, account, direction: 'in' as const });
    if (onAnswer) s.onAnswer = onAnswer;
    this.set(s, 'ringing', now);
    return s.line;
  }

  /**
   * Line 0 in a request under the 'one-based' reading (seed example `cmd=endcall&line=0`) means
   * "the line this command is about": the first ringing line for accept/reject, the active line
   * for end/hold (else a held one).
   */
  pick(op: PhoneOp, now: number): LineSlot | undefined {
    const lines = this.all(now);
    const first = (...states: CallState[]): LineSlot | undefined => {
      for (const st of states) {
        const s = lines.find((l) => l.state === st);
        if (s) return s;
      }
      return undefined;
    };
    switch (op) {
      case 'acceptcall':
      case 'rejectcall':
        return first('ringing');
      case 'holdcall':
        return first('connected', 'held');
      case 'endcall':
        return first('connected', 'calling', 'held', 'failed');
    }
  }

  /** Whether `op` applies to a line in this state (a command that does not apply is not handled). */
  private applicable(op: PhoneOp, s: LineSlot): boolean {
    switch (op) {
      case 'acceptcall':
      case 'rejectcall':
        return s.state === 'ringing';
      case 'endcall':
        return s.state !== 'idle' && s.state !== 'ringing';
      case 'holdcall':
        return s.state === 'connected' || s.state === 'held';
    }
  }

  /**
   * Carry out a phone operation on a line. With `operationDelayMs` the command is handled at once
   * (the answer says so) but its effect shows in line status only after the delay, as on a phone
   * that waits for the SIP exchange; it is dropped then if the line no longer fits the command.
   */
  operate(op: PhoneOp, s: LineSlot, now: number): OpResult {
    this.advance(now);
    if (!this.applicable(op, s)) return 'wrong-state';
    if (this.operationDelayMs > 0) {
      (this.pending ??= []).push({ op, slot: s, at: now + this.operationDelayMs });
      return 'ok';
    }
    this.apply(op, s, now);
    return 'ok';
  }

  private apply(op: PhoneOp, s: LineSlot, now: number): void {
    switch (op) {
      case 'acceptcall': {
        this.holdOthers(s, now);
        this.set(s, 'connected', now);
        const cb = s.onAnswer;
        delete s.onAnswer;
        if (cb) {
          try {
            cb(s.line);
          } catch {
            // a failing observer must not break the phone
          }
        }
        return;
      }
      case 'rejectcall':
        Object.assign(s, idleSlot(s.line, now));
        delete s.onAnswer;
        return;
      case 'endcall':
        Object.assign(s, idleSlot(s.line, now));
        return;
      case 'holdcall':
        // Field notes: holdcall is a toggle on real firmware (connected <-> held).
        if (s.state === 'connected') {
          this.set(s, 'held', now);
        } else {
          this.holdOthers(s, now);
          this.set(s, 'connected', now);
        }
        return;
    }
  }

  remoteHangup(line: number, now: number): boolean {
    const s = this.get(line, now);
    if (!s || s.state === 'idle') return false;
    Object.assign(s, idleSlot(s.line, now));
    delete s.onAnswer;
    return true;
  }

  /** The active line: the one in a call or dialling (seed "active"). */
  isActive(s: LineSlot): boolean {
    return s.state === 'connected' || s.state === 'calling';
  }

  /** Phone status as api-get_phone_status reports it (besides unauthorized). */
  status(now: number): 'available' | 'ringing' | 'busy' {
    if (!this.slots) return 'available';
    const lines = this.all(now);
    if (lines.some((l) => l.state === 'ringing')) return 'ringing';
    if (lines.some((l) => l.state !== 'idle')) return 'busy';
    return 'available';
  }

  reset(): void {
    this.slots = null;
    this.pending = null;
  }
}
