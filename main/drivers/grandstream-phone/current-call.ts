/**
 * Call commands for phone families whose `api-phone_operation` names no line and acts on the
 * phone's current call: the passcode family (`api-phone_operation?cmd=…&passcode=`, "no line
 * parameter: it acts on the current call", observed on GXP/GRP firmware, field notes) and the
 * SHA-256 family (`cmd=<…>&arg=` with an empty arg, observed on GXP21xx firmware, field notes).
 *
 * Which call the phone takes as "current" when several lines are busy is documented nowhere, so a
 * command is sent only when it cannot reach another call: the target line must be in the state the
 * action needs, and no other line may be in a state the same command could act on (ringing for
 * accept/reject; in a call for end; connected or held for hold/resume, since `holdcall` toggles).
 * Otherwise nothing is sent and the refusal says why (code `ambiguous-call`).
 *
 * `holdcall` is a toggle: hold is sent only for a connected line and resume only for a held one;
 * hold on a held line and resume on a connected line send nothing, and a command is never repeated.
 * After sending, the lines are re-read (a few times over about 2 s) until the target shows the
 * effect; if it never does, DeviceRejectedError code `no-effect`.
 *
 * Error codes (DeviceRejectedError.code): no-such-line, wrong-state, ambiguous-call (nothing sent),
 * no-effect.
 */
import type { CallAction, Line, LineState } from '../../../shared/domain';
import { DeviceRejectedError } from '../../core/driver/errors';
import { CALL_COMMANDS, DEFAULT_VERIFY_DELAYS_MS, precondition, reached } from './line-control';

const VERB: Readonly<Record<CallAction, string>> = { accept: 'Accept', reject: 'Reject', end: 'End', hold: 'Hold', resume: 'Resume' };

/** Line states a command without a line number could act on. */
const REACHABLE: Readonly<Record<CallAction, readonly LineState[]>> = {
  accept: ['ringing'],
  reject: ['ringing'],
  end: ['calling', 'connected', 'held', 'failed', 'other'],
  hold: ['connected', 'held'],
  resume: ['connected', 'held'],
};

export interface CurrentCallPort {
  device: string;
  /** '/cgi-bin/api-phone_operation' as used in errors. */
  endpoint: string;
  readLines(signal?: AbortSignal): Promise<readonly Line[]>;
  /** Send the command; `handled` false when the phone says it did not carry it out. */
  send(cmd: string, signal?: AbortSignal): Promise<{ handled: boolean; answer: string }>;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export class CurrentCallControl {
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly port: CurrentCallPort,
    private readonly delays: readonly number[] = DEFAULT_VERIFY_DELAYS_MS,
  ) {}

  /** Run one command; commands on one phone run one at a time so their checks do not mix. */
  run(action: CallAction, line: number, signal?: AbortSignal): Promise<void> {
    const next = this.queue.then(() => this.runOne(action, line, signal));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private rejected(message: string, code: string): DeviceRejectedError {
    return new DeviceRejectedError({ device: this.port.device, endpoint: this.port.endpoint, code, message: `${this.port.device}: ${message}` });
  }

  private async runOne(action: CallAction, line: number, signal: AbortSignal | undefined): Promise<void> {
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
    const others = before.filter((l) => l.line !== line && REACHABLE[action].includes(l.state)).map((l) => l.line);
    if (others.length > 0) {
      throw this.rejected(
        `${verb} on line ${line} was not sent: this phone's API acts on its current call and takes no line number, and ${others.length === 1 ? `line ${others[0]} also has a call` : `lines ${others.join(', ')} also have calls`} it could reach instead. Use the phone itself this time.`,
        'ambiguous-call',
      );
    }
    const sent = await this.port.send(CALL_COMMANDS[action], signal);
    // A command the phone says it did not carry out changes nothing later: one look is enough.
    const delays = sent.handled ? this.delays : this.delays.slice(0, 1);
    let after: Line | undefined = target;
    for (const ms of delays) {
      if (ms > 0) await this.port.sleep(ms, signal);
      after = (await this.port.readLines(signal)).find((l) => l.line === line);
      if (reached(action, target, after)) return;
    }
    throw this.rejected(
      `${verb} on line ${line} had no effect: the line is still ${after?.state ?? 'gone'}${sent.answer !== '' ? ` (the phone answered "${sent.answer}")` : ''}. Check the phone and try again.`,
      'no-effect',
    );
  }
}
