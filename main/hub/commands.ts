/**
 * The hub's side of a desk's command: read the request, check the desk's protocol version and the
 * method (only REMOTE_METHODS), apply the snapshot limits, run it through the core's router (the
 * same validation and IpcResult a local window gets) and serialise the reply, capped in size.
 * No MQTT here: the publisher hands in payloads and sends the answers.
 */
import type { IpcError, IpcResult } from '../../shared/ipc/contract';
import { commandMessageSchema, issuesOf, parseJson } from '../../shared/mqtt/messages';
import { isRemoteMethod, MIN_DESK_PROTOCOL, PROTOCOL_VERSION } from '../../shared/mqtt/topics';
import type { Router } from '../core/ipc/router';

export interface CommandLimits {
  /** Largest office snapshot sent over the broker (bytes of JSON). */
  snapshotMaxBytes: number;
  /** One snapshot per desk per this many ms; more are refused with the time to wait. */
  snapshotMinIntervalMs: number;
  /** Largest reply of any other method (camera snapshots are the big ones). */
  replyMaxBytes: number;
}

export const DEFAULT_LIMITS: CommandLimits = { snapshotMaxBytes: 8 * 1024 * 1024, snapshotMinIntervalMs: 1000, replyMaxBytes: 2 * 1024 * 1024 };

export class HubCommands {
  private readonly lastSnapshot = new Map<string, number>();
  private cached: { revision: number; json: string } | undefined;
  /** Commands answered, refused ones included (tests, logs). */
  handled = 0;

  constructor(
    private readonly router: Pick<Router, 'dispatch'>,
    private readonly limits: CommandLimits = DEFAULT_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  /** The reply payload (JSON text) for one command payload from `desk`. */
  async handle(desk: string, payload: Buffer | string): Promise<string> {
    this.handled += 1;
    const raw = parseJson(payload);
    const msg = commandMessageSchema.safeParse(raw);
    if (!msg.success) return reply({ code: 'invalid-input', message: `The command is not a Frontdesk desk request: ${raw === undefined ? 'not JSON' : issuesOf(msg.error)}.` });
    const { v, method, input } = msg.data;
    if (v < MIN_DESK_PROTOCOL) {
      return reply({
        code: 'unsupported',
        kind: 'protocol',
        message: `This office hub serves desks of protocol ${MIN_DESK_PROTOCOL} or later; desk "${desk}" speaks protocol ${v}. Please update Frontdesk on this desk.`,
      });
    }
    if (v > PROTOCOL_VERSION) {
      return reply({ code: 'unsupported', kind: 'protocol', message: `This desk speaks protocol ${v}, newer than the office hub's ${PROTOCOL_VERSION}. Please update the office hub.` });
    }
    if (!isRemoteMethod(method)) {
      const known = method.includes('.');
      return reply({
        code: known ? 'forbidden' : 'unknown-method',
        message: known ? `"${method}" is not available to desks: devices, their passwords and the office settings are managed on the office hub.` : `Unknown method "${method}".`,
      });
    }
    if (method === 'office.state') return this.snapshot(desk);
    const result = await this.router.dispatch(method, input);
    const json = JSON.stringify({ v: PROTOCOL_VERSION, result });
    if (Buffer.byteLength(json) > this.limits.replyMaxBytes) {
      return reply({ code: 'conflict', message: `The answer to ${method} is larger than the ${mb(this.limits.replyMaxBytes)} the office hub sends over the broker.` });
    }
    return json;
  }

  /** Forget a desk's rate-limit state (the desk went away). */
  forget(desk: string): void {
    this.lastSnapshot.delete(desk);
  }

  private async snapshot(desk: string): Promise<string> {
    const now = this.now();
    const last = this.lastSnapshot.get(desk);
    if (last !== undefined && now - last < this.limits.snapshotMinIntervalMs) {
      const wait = this.limits.snapshotMinIntervalMs - (now - last);
      return reply({ code: 'conflict', kind: 'rate-limited', message: `Desk "${desk}" asked for the office snapshot too often: wait ${wait} ms.` });
    }
    this.lastSnapshot.set(desk, now);
    const result = (await this.router.dispatch('office.state', undefined)) as IpcResult<{ revision: number }>;
    if (!result.ok) return JSON.stringify({ v: PROTOCOL_VERSION, result });
    // Many desks resync at once after a broker restart: one serialisation per revision.
    if (this.cached?.revision !== result.value.revision) this.cached = { revision: result.value.revision, json: JSON.stringify({ v: PROTOCOL_VERSION, result }) };
    const json = this.cached.json;
    if (Buffer.byteLength(json) > this.limits.snapshotMaxBytes) {
      return reply({ code: 'conflict', kind: 'too-large', message: `The office snapshot (${mb(Buffer.byteLength(json))}) is larger than the ${mb(this.limits.snapshotMaxBytes)} the office hub sends over the broker.` });
    }
    return json;
  }
}

function reply(error: IpcError): string {
  return JSON.stringify({ v: PROTOCOL_VERSION, result: { ok: false, error } });
}

const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MB`;
