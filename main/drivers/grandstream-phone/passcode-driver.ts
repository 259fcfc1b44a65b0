/**
 * Driver of the Grandstream passcode family: the CTI/Web API of GXP/GRP phones, as public clients
 * use it (observed on GXP/GRP firmware, field notes, issue 11). No session: the admin password goes
 * on every request as `passcode=<pw>`, except `api-make_call`, which takes `password=<pw>`:
 * - `api-get_line_status?passcode=`, `api-get_phone_status?passcode=` (the GXV family's JSON shapes);
 * - `api-make_call?phonenumber=<n>&account=0&password=<pw>`;
 * - `api-phone_operation?cmd=…&passcode=<pw>`: no line parameter, it acts on the current call
 *   (current-call.ts refuses when that could be another call; `holdcall` toggles);
 * - `api-sys_operation?request=REBOOT&passcode=<pw>`.
 * The feature must be enabled in the phone's web UI. How a phone refuses (wrong passcode, feature
 * off) is not documented: every refusal (HTTP 401/403, an `unauthorized`/`forbidden`-like error)
 * says to check both, and is never retried (the driver latches it until the settings change).
 * Model and firmware come from the manuals' public value names (`api-values.get`, no credential),
 * when the phone answers them. No accounts or contacts API is known for this family.
 */
import type { CallAction, Capability, Line, PhoneStatus, ProbeResult } from '../../../shared/domain';
import { AuthError, DeviceRejectedError, ProtocolError, UnsupportedFirmwareError, UnsupportedOperationError } from '../../core/driver/errors';
import type { CallOptions, DialRequest, Driver, DriverConfig } from '../../core/driver/types';
import { apiBase, HttpClient, type HttpResponse } from '../common/http';
import { readShape } from '../common/shape';
import { CurrentCallControl } from './current-call';
import { dialNumber, frozenLines, sleep } from './family-common';
import { CALL_COMMANDS, DEFAULT_VERIFY_DELAYS_MS } from './line-control';
import { describe, filled, isRecord, operationAccepted, parseLines, parsePhoneStatus, str } from './parsers';
import { envelopeOf } from './sha256-auth';
import { VALUES_ENDPOINTS, type PhoneEnvelope } from './types';

export const PASSCODE_CAPABILITIES: readonly Capability[] = ['dial', 'callControl', 'lines', 'reboot'];

const REFUSAL_WORDS = /unauthori[sz]ed|forbidden|denied|disabled|not\s*allow|not\s*enabled|passcode|password|permission|auth/i;

export interface PasscodeDriverOptions {
  verifyDelaysMs?: readonly number[];
}

export class PasscodePhoneDriver implements Driver {
  readonly kind = 'grandstream-phone' as const;
  readonly family = 'gs-passcode' as const;
  readonly capabilities: ReadonlySet<Capability> = new Set(PASSCODE_CAPABILITIES);
  readonly http: HttpClient;
  private readonly device: string;
  private readonly password: string;
  private readonly control: CurrentCallControl;
  private refusal: AuthError | undefined;
  private linesLast: { bytes: Buffer; value: Line[] } | undefined;
  /** Requests sent with the passcode (for diagnostics and tests). */
  requestCount = 0;

  constructor(config: DriverConfig, opts: PasscodeDriverOptions = {}) {
    this.device = config.device;
    this.password = config.password;
    this.http = new HttpClient({
      device: config.device,
      baseUrl: apiBase(config.url, 'cgi-bin'),
      timeoutMs: config.timeoutMs,
      maxBodyBytes: config.maxBodyBytes,
      tlsFingerprint: config.tlsFingerprint,
    });
    this.control = new CurrentCallControl(
      {
        device: this.device,
        endpoint: this.http.url('api-phone_operation').pathname,
        readLines: (signal) => this.lines(signal ? { signal } : {}),
        send: async (cmd, signal) => {
          const body = await this.call('api-phone_operation', { cmd }, 'passcode', signal);
          return { handled: operationAccepted(body), answer: str(body) };
        },
        sleep,
      },
      opts.verifyDelaysMs ?? DEFAULT_VERIFY_DELAYS_MS,
    );
  }

  /** The refusal this driver latched, if any. */
  get rejected(): AuthError | undefined {
    return this.refusal;
  }

  /** One request with the credential; a refusal is latched and thrown. */
  private async send(path: string, params: Record<string, string | number>, credential: 'passcode' | 'password', signal?: AbortSignal): Promise<{ res: HttpResponse; env: PhoneEnvelope | undefined }> {
    if (this.refusal) throw this.refusal;
    this.requestCount++;
    const res = await this.http.send({ path, query: { ...params, [credential]: this.password }, signal });
    const env = res.status === 200 || res.status === 401 || res.status === 403 ? envelopeOf(res) : undefined;
    const word = env?.kind === 'error' ? env.message : env?.kind === 'unauthorized' ? 'unauthorized' : '';
    if (res.status === 401 || res.status === 403 || env?.kind === 'unauthorized' || (env?.kind === 'error' && REFUSAL_WORDS.test(word))) {
      const detail = word || `HTTP ${res.status}`;
      this.refusal = new AuthError({
        device: this.device,
        endpoint: res.endpoint,
        message: `${this.device}: the phone refused its Web API at ${res.endpoint} (${detail.slice(0, 60)}). Either the password (sent as the API passcode) is wrong, or the API feature is not enabled: it must be enabled in the phone's web UI. Fix that and the password in the device settings; Frontdesk will not ask again until then.`,
      });
      throw this.refusal;
    }
    if (res.status === 404) {
      throw new UnsupportedFirmwareError({
        device: this.device,
        endpoint: res.endpoint,
        message: `${this.device}: the phone has no ${res.endpoint} (HTTP 404), so it does not offer the passcode Web API of GXP/GRP phones. Check the URL and the phone model.`,
      });
    }
    return { res, env };
  }

  private body(res: HttpResponse, env: PhoneEnvelope | undefined): { body: unknown; raw: Record<string, unknown> } {
    if (res.status !== 200 || env === undefined) {
      const text = res.text().trim();
      throw new ProtocolError({
        device: this.device,
        endpoint: res.endpoint,
        message: `${this.device}: ${res.endpoint} answered HTTP ${res.status}${text ? ` (${describe(text)})` : ''}, not the phone's JSON. The phone may be busy or restarting; it will be retried.`,
      });
    }
    if (env.kind === 'error') {
      throw new DeviceRejectedError({
        device: this.device,
        endpoint: res.endpoint,
        code: env.code ?? (env.message.slice(0, 40) || undefined),
        message: `${this.device}: the phone refused ${res.endpoint}: ${env.message}. Check the request and the phone's state.`,
      });
    }
    if (env.kind === 'bare') return { body: env.value, raw: isRecord(env.value) ? env.value : {} };
    if (env.kind === 'success') return { body: env.body, raw: env.raw };
    return { body: 'unauthorized', raw: {} };
  }

  private async call(path: string, params: Record<string, string | number>, credential: 'passcode' | 'password', signal?: AbortSignal): Promise<unknown> {
    const { res, env } = await this.send(path, params, credential, signal);
    return this.body(res, env).body;
  }

  async probe(opts: CallOptions = {}): Promise<ProbeResult> {
    await this.status(opts);
    const values = await this.publicValues(opts.signal);
    return {
      kind: 'grandstream-phone',
      model: filled(values, 'phone_model', 'model') || 'Grandstream phone',
      firmware: filled(values, 'prog_version', '68') || 'unknown',
      capabilities: [...PASSCODE_CAPABILITIES],
      family: this.family,
    };
  }

  /** The manuals' public values (model, firmware), asked without any credential; {} when the phone does not answer them. */
  private async publicValues(signal: AbortSignal | undefined): Promise<Record<string, unknown>> {
    for (const endpoint of VALUES_ENDPOINTS) {
      const res = await this.http.send({ path: endpoint, query: { request: 'phone_model:prog_version:68' }, signal });
      if (res.status === 404) continue;
      const env = res.status === 200 ? envelopeOf(res) : undefined;
      return env?.kind === 'success' && isRecord(env.body) ? env.body : {};
    }
    return {};
  }

  async close(): Promise<void> {
    await this.http.close();
  }

  async status(opts: CallOptions = {}): Promise<PhoneStatus> {
    const { res, env } = await this.send('api-get_phone_status', {}, 'passcode', opts.signal);
    const { body, raw } = this.body(res, env);
    return readShape(this.device, res.endpoint, () => parsePhoneStatus(body, raw));
  }

  /** The call lines; identical answer bytes give the identical frozen array (`===`), unparsed. */
  async lines(opts: CallOptions = {}): Promise<Line[]> {
    const { res, env } = await this.send('api-get_line_status', {}, 'passcode', opts.signal);
    if (res.status === 200 && this.linesLast?.bytes.equals(res.body)) return this.linesLast.value;
    const { body } = this.body(res, env);
    const value = frozenLines(readShape(this.device, res.endpoint, () => parseLines(body)));
    this.linesLast = { bytes: res.body, value };
    return value;
  }

  async dial(req: DialRequest, opts: CallOptions = {}): Promise<void> {
    const { number, index } = dialNumber(this.device, req);
    // "api-make_call?phonenumber=<n>&account=0&password=<pw>": password, not passcode.
    this.mustAccept('api-make_call', await this.call('api-make_call', { phonenumber: number, account: index }, 'password', opts.signal));
  }

  async callControl(action: CallAction, line: number, opts: CallOptions = {}): Promise<void> {
    if (!Object.hasOwn(CALL_COMMANDS, action)) throw new UnsupportedOperationError(this.device, `callControl:${String(action)}`);
    if (!Number.isInteger(line) || line < 1 || line > 64) throw new RangeError(`${this.device}: ${String(line)} is not a line number (1-64, as the line list shows them).`);
    await this.control.run(action, line, opts.signal);
  }

  async reboot(opts: CallOptions = {}): Promise<void> {
    this.mustAccept('api-sys_operation', await this.call('api-sys_operation', { request: 'REBOOT' }, 'passcode', opts.signal));
  }

  private mustAccept(path: string, body: unknown): void {
    if (operationAccepted(body)) return;
    const endpoint = this.http.url(path).pathname;
    throw new DeviceRejectedError({
      device: this.device,
      endpoint,
      code: str(body) || undefined,
      message: `${this.device}: the phone did not carry out ${endpoint} (it answered ${JSON.stringify(str(body) || body)}). Check the phone's state and try again.`,
    });
  }
}
