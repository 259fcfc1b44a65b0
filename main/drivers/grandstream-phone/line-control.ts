/**
 * Call commands of the Grandstream phone (api-phone_operation: acceptcall, rejectcall, endcall,
 * holdcall), aimed at the line number that api-get_line_status reports, and verified afterwards.
 *
 * WHICH LINE A REQUEST NAMES. Line status answers number lines 1..N (field notes). The manuals
 * (Grandstream GXV3370 WEB API User Guide, "Get Line Status": line "0 to maximum available lines",
 * example `line=0`; "Phone/Call Operations": example `cmd=endcall&line=0`) leave two readings of the
 * request's `line`: one-based like the answers (0 then meaning all lines or "the line concerned"),
 * or zero-based (request n = answer line n+1). On the wrong reading Accept on line 1 answers the
 * caller on line 2 and End hangs up somebody else, so the driver never guesses where a wrong guess
 * could reach another call:
 *
 * 1. It keeps the numbering it has LEARNED from a verified command (per driver, so per device), and
 *    until then it does not know it. A read-only hint comes first, once: `api-get_line_status?line=1`
 *    answers line 1 on a one-based phone and line 2 on a zero-based one. The hint only orders the
 *    guesses below; it is never trusted on its own, because the filter and the operations might not
 *    share a numbering on some firmware.
 * 2. While unknown, a guess is sent only when it is HARMLESS: the line the other reading would hit
 *    must be idle or absent (any command on an idle line has no effect), and a request for "0"
 *    (the zero-based name of line 1) needs every other line idle, since a one-based phone may read
 *    0 as all lines or the line concerned. So with a single ringing line or a single call, a guess
 *    is always possible and verifiable; with calls on neighbouring lines it is refused with a clear
 *    message and nothing is sent ("use the phone this time").
 * 3. After every command the driver re-reads the line states (a few times over about 2 s, since a
 *    phone may apply a command only after its SIP exchange) and checks that the target line changed
 *    as the action expects; if not, it throws a DeviceRejectedError naming the device and the line
 *    ("Accept on line 1 had no effect"). A harmless guess without effect is followed by the other
 *    reading's harmless guess; when that one would not be harmless, the command is refused instead.
 *    The numbering is learned when the target changed under a guess whose two readings name
 *    different lines (a request for 0 teaches zero-based only together with the hint or with a
 *    failed one-based guess just before), and only from accept, hold and resume: a caller can hang
 *    up by himself during a reject or an end, but cannot answer, hold or resume on our phone. If
 *    instead the line the other reading names shows the command's effect, the driver reports which
 *    line was hit and adopts that reading (after a reject or an end it forgets the numbering).
 *
 * Error codes (DeviceRejectedError.code): no-such-line, wrong-state (nothing sent), line-numbering-
 * unknown (nothing sent, or only a harmless guess without effect), no-effect, wrong-line.
 *
 * Hold and resume: `holdcall` toggles (field notes), so hold is sent only for a connected line and
 * resume only for a held one; hold on a held line and resume on a connected line send nothing.
 * The line travels both as `line` (the manuals' parameter table) and as `arg` (the manuals say each
 * command "needs arg"; clients of other Grandstream families send `cmd=endcall&arg=`), with the same
 * value, so a phone reading either parameter gets the same line.
 */
import type { CallAction, Line, LineState } from '../../../shared/domain';
import { DeviceRejectedError, ProtocolError } from '../../core/driver/errors';

export type LineNumbering = 'one-based' | 'zero-based';

export const CALL_COMMANDS: Readonly<Record<CallAction, string>> = {
  accept: 'acceptcall',
  reject: 'rejectcall',
  end: 'endcall',
  hold: 'holdcall',
  resume: 'holdcall',
};

const VERB: Readonly<Record<CallAction, string>> = { accept: 'Accept', reject: 'Reject', end: 'End', hold: 'Hold', resume: 'Resume' };

/** Waits before each re-read of the line states after a command, in ms (about 2 s in all). */
export const DEFAULT_VERIFY_DELAYS_MS: readonly number[] = [0, 100, 250, 500, 1000];

/** What the line control needs from the driver. */
export interface LinePort {
  device: string;
  /** '/cgi-bin/api-phone_operation' as used in errors. */
  endpoint: string;
  readLines(signal?: AbortSignal): Promise<readonly Line[]>;
  /** Line numbers of the answer to api-get_line_status?line=<n>; undefined when the phone refuses the filter. */
  filterLines(n: number, signal?: AbortSignal): Promise<readonly number[] | undefined>;
  /** Send the command; `handled` false when the phone says it did not carry it out. */
  send(cmd: string, requestLine: number, signal?: AbortSignal): Promise<{ handled: boolean; answer: string }>;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

interface Guess {
  /** The request line number. */
  req: number;
  /** The reading under which `req` names the target. */
  reading: LineNumbering;
  /** Lines the other reading would address with `req` (all other lines for a one-based 0). */
  other: number[];
}

type Outcome = { kind: 'done' } | { kind: 'elsewhere'; line: number } | { kind: 'none'; after: Line | undefined };

/** What `action` needs of a line in `state`: send it, nothing (already so), or the reason it cannot apply. */
export function precondition(action: CallAction, state: LineState): 'send' | 'done' | string {
  switch (action) {
    case 'accept':
    case 'reject':
      return state === 'ringing' ? 'send' : `it is not ringing (it is ${state})`;
    case 'end':
      if (state === 'idle') return 'there is no call on it';
      return state === 'ringing' ? 'it is ringing, not in a call: reject it instead' : 'send';
    case 'hold':
      if (state === 'held') return 'done';
      return state === 'connected' ? 'send' : `it has no connected call to put on hold (it is ${state})`;
    case 'resume':
      if (state === 'connected') return 'done';
      return state === 'held' ? 'send' : `it has no held call to resume (it is ${state})`;
  }
}

/** Whether `after` shows the effect `action` should have had on a line that was `before`. */
export function reached(action: CallAction, before: Line, after: Line | undefined): boolean {
  if (!after) return false;
  switch (action) {
    case 'accept':
    case 'resume':
      return after.state === 'connected';
    case 'hold':
      return after.state === 'held';
    case 'reject':
    case 'end':
      // The call is gone: the line is idle, or already carries another call.
      return after.state === 'idle' || after.remoteNumber !== before.remoteNumber;
  }
}

/** Whether another line shows this command's effect (evidence that the request named that line). */
function hitThere(action: CallAction, before: Line | undefined, after: Line | undefined): boolean {
  if (!before || !after || before.state === 'idle') return false;
  const pre = precondition(action, before.state);
  return pre === 'send' && reached(action, before, after) && after.state !== before.state;
}

const isFree = (l: Line | undefined): boolean => l === undefined || l.state === 'idle';

export class LineControl {
  private numbering: LineNumbering | undefined;
  private hint: LineNumbering | undefined;
  private hintAsked = false;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly port: LinePort,
    private readonly delays: readonly number[] = DEFAULT_VERIFY_DELAYS_MS,
  ) {}

  /** The request numbering learned from a verified command, if any. */
  get learned(): LineNumbering | undefined {
    return this.numbering;
  }

  /** Run one command; commands on one phone run one at a time so their checks do not mix. */
  run(action: CallAction, line: number, signal?: AbortSignal): Promise<void> {
    const next = this.queue.then(() => this.runOne(action, line, signal));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private rejected(message: string, code: string, cause?: unknown): DeviceRejectedError {
    return new DeviceRejectedError({ device: this.port.device, endpoint: this.port.endpoint, code, message: `${this.port.device}: ${message}`, cause });
  }

  private async runOne(action: CallAction, line: number, signal: AbortSignal | undefined): Promise<void> {
    const cmd = CALL_COMMANDS[action];
    const verb = VERB[action];
    const before = await this.port.readLines(signal);
    const target = before.find((l) => l.line === line);
    if (!target) {
      const numbers = before.map((l) => l.line);
      const range = numbers.length ? `${Math.min(...numbers)}–${Math.max(...numbers)}` : 'none';
      throw this.rejected(`${verb} was not sent: the phone has no line ${line} (its lines: ${range}). Use a line number from the line list.`, 'no-such-line');
    }
    const pre = precondition(action, target.state);
    if (pre === 'done') return;
    if (pre !== 'send') throw this.rejected(`${verb} on line ${line} was not sent: ${pre}.`, 'wrong-state');

    const all = this.numbering ? [this.guess(this.numbering, line, before)] : await this.bothGuesses(line, before, signal);
    const byLine = new Map(before.map((l) => [l.line, l]));
    const guesses = this.numbering ? all : all.filter((g) => g.other.every((n) => isFree(byLine.get(n))));
    const skipped = all.filter((g) => !guesses.includes(g));
    const unknown = (start: string): DeviceRejectedError => {
      const near = [...new Set(skipped.flatMap((g) => g.other.filter((n) => !isFree(byLine.get(n)))))].sort((a, b) => a - b);
      return this.rejected(
        `${start}: Frontdesk has not yet learned whether this phone numbers lines from 0 or from 1 in commands, and the other way of counting would reach ${near.length === 1 ? `the call on line ${near[0]}` : `the calls on lines ${near.join(', ')}`}. Use the phone itself this time; Frontdesk learns the numbering from the next command while only one line is in use.`,
        'line-numbering-unknown',
      );
    };
    if (guesses.length === 0) throw unknown(`${verb} on line ${line} was not sent`);
    let last: { after: Line | undefined; answer: string } | undefined;
    let missed = false;
    for (const g of guesses) {
      let sent: { handled: boolean; answer: string };
      try {
        sent = await this.port.send(cmd, g.req, signal);
      } catch (e) {
        // A refusal of a guess ("invalid line") is a guess without effect; with a known numbering it is the answer.
        if (this.numbering || !(e instanceof DeviceRejectedError)) {
          if (e instanceof DeviceRejectedError) throw this.rejected(`${verb} on line ${line} was refused: ${e.message}`, e.code ?? 'refused', e);
          throw e;
        }
        sent = { handled: false, answer: e.code ?? 'error' };
      }
      const out = await this.verify(action, target, g, sent.handled, before, signal);
      // Only effects the far end cannot cause by itself teach the numbering: a caller can hang up
      // during a reject or an end, but cannot answer, hold or resume on our phone.
      const teaches = action === 'accept' || action === 'hold' || action === 'resume';
      if (out.kind === 'done') {
        if (teaches && sent.handled && (g.req > 0 || g.reading === 'one-based' || this.hint === 'zero-based' || missed)) this.numbering = g.reading;
        return;
      }
      if (out.kind === 'elsewhere') {
        const other: LineNumbering = g.reading === 'one-based' ? 'zero-based' : 'one-based';
        const sure = teaches && !(g.req === 0 && g.reading === 'zero-based');
        this.numbering = sure ? other : undefined;
        throw this.rejected(
          sure
            ? `${verb} on line ${line} reached line ${out.line} instead: the phone numbers lines in commands differently than Frontdesk assumed. Check the call on line ${out.line}; Frontdesk now uses the phone's numbering.`
            : `${verb} on line ${line} had no effect there, and the call on line ${out.line} ended at the same moment: the phone may number lines in commands differently than Frontdesk assumed. Check line ${out.line}; Frontdesk will learn the numbering again before acting next to another call.`,
          'wrong-line',
        );
      }
      missed = true;
      last = { after: out.after, answer: sent.answer };
    }
    if (skipped.length > 0) throw unknown(`${verb} on line ${line} had no effect when sent the one harmless way`);
    const now = last?.after?.state ?? 'gone';
    throw this.rejected(
      `${verb} on line ${line} had no effect: the line is still ${now}${last && last.answer !== '' ? ` (the phone answered "${last.answer}")` : ''}. Check the phone and try again.`,
      'no-effect',
    );
  }

  /** The request for `line` under `reading`, and what the other reading would address with it. */
  private guess(reading: LineNumbering, line: number, lines: readonly Line[]): Guess {
    if (reading === 'one-based') return { req: line, reading, other: [line + 1] };
    if (line >= 2) return { req: line - 1, reading, other: [line - 1] };
    return { req: 0, reading, other: lines.filter((l) => l.line !== line).map((l) => l.line) };
  }

  /** The two guesses while the numbering is unknown, the one the hint favours first. */
  private async bothGuesses(line: number, lines: readonly Line[], signal: AbortSignal | undefined): Promise<Guess[]> {
    const order: LineNumbering[] = (await this.askHint(lines.length, signal)) === 'zero-based' ? ['zero-based', 'one-based'] : ['one-based', 'zero-based'];
    return order.map((r) => this.guess(r, line, lines));
  }

  /** The read-only hint of `api-get_line_status?line=1`, asked once per driver. */
  private async askHint(lineCount: number, signal: AbortSignal | undefined): Promise<LineNumbering | undefined> {
    if (this.hintAsked || lineCount < 2) return this.hint;
    this.hintAsked = true;
    try {
      const got = await this.port.filterLines(1, signal);
      if (got?.length === 1) this.hint = got[0] === 1 ? 'one-based' : got[0] === 2 ? 'zero-based' : undefined;
    } catch (e) {
      if (!(e instanceof DeviceRejectedError) && !(e instanceof ProtocolError)) throw e;
    }
    return this.hint;
  }

  /** Re-read the lines until the target shows the effect, the other reading's line shows it, or the waits run out. */
  private async verify(action: CallAction, target: Line, g: Guess, handled: boolean, before: readonly Line[], signal: AbortSignal | undefined): Promise<Outcome> {
    // A command the phone says it did not carry out changes nothing later: one look is enough.
    const delays = handled ? this.delays : this.delays.slice(0, 1);
    let after: Line | undefined = target;
    for (const ms of delays) {
      if (ms > 0) await this.port.sleep(ms, signal);
      const now = await this.port.readLines(signal);
      after = now.find((l) => l.line === target.line);
      if (reached(action, target, after)) return { kind: 'done' };
      for (const n of g.other) {
        if (hitThere(action, before.find((l) => l.line === n), now.find((l) => l.line === n))) return { kind: 'elsewhere', line: n };
      }
    }
    return { kind: 'none', after };
  }
}
