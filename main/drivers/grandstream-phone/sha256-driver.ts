/**
 * Driver of the Grandstream SHA-256 session family (GXP21xx, GRP26xx, WP8x6 and others), observed
 * on real firmware (field notes, issue 11). Status and lines use the JSON shapes of the GXV family,
 * so its parsers are reused:
 * - `POST api-get_line_status` form `line=-1&sid=…`, `POST api-get_phone_status` form `sid=…`,
 *   `GET api-get_accounts`;
 * - `POST api-make_call` form `account=<0-based>&phonenumber=<n>&dialplan=dialing`;
 * - `POST api-phone_operation` form `cmd=<acceptcall|rejectcall|holdcall|endcall>&arg=` (no line:
 *   the current call, see current-call.ts);
 * - `POST api-sys_operation` form `request=REBOOT`;
 * - `GET config_get?pvalues=…` and `PUT config_update` with JSON `{"alias":{…},"pvalue":{…}}`; the
 *   phone answers success even when it silently ignored a write, so every write is read back.
 * No contacts API is known for this family.
 */
import type { Account, CallAction, Capability, Line, PhoneStatus, ProbeResult } from '../../../shared/domain';
import { DeviceRejectedError, ProtocolError, UnsupportedOperationError } from '../../core/driver/errors';
import type { CallOptions, DialRequest, Driver, DriverConfig } from '../../core/driver/types';
import { readShape } from '../common/shape';
import { CurrentCallControl } from './current-call';
import { CALL_COMMANDS, DEFAULT_VERIFY_DELAYS_MS } from './line-control';
import { asList, describe, field, isRecord, operationAccepted, parseAccounts, parseLines, parsePhoneStatus, PhoneParseError, str } from './parsers';
import { Sha256Client, type Sha256ClientOptions } from './sha256-client';
import { dialNumber, frozenLines, sleep } from './family-common';

export const SHA256_CAPABILITIES: readonly Capability[] = ['dial', 'callControl', 'lines', 'reboot'];

export interface Sha256DriverOptions extends Sha256ClientOptions {
  verifyDelaysMs?: readonly number[];
}

/** `config_get` answers: `configs` as a list of {pvalue|alias, value} or as a name → value object, at the top or in `body`. */
export function parseConfigs(body: unknown): Record<string, string> {
  const holder = isRecord(body) && 'configs' in body ? body.configs : isRecord(body) && isRecord(body.body) ? body.body.configs : undefined;
  if (holder === undefined) throw new PhoneParseError(`expected "configs", got ${describe(body)}`);
  const out: Record<string, string> = {};
  if (isRecord(holder) && !Object.values(holder).some(isRecord)) {
    for (const [k, v] of Object.entries(holder)) out[k] = str(v);
    return out;
  }
  for (const item of asList(holder, (o) => 'value' in o)) {
    if (!isRecord(item)) continue;
    const name = str(field(item, 'pvalue', 'alias', 'name', 'key'));
    if (name !== '') out[name] = str(field(item, 'value'));
  }
  return out;
}

export class Sha256PhoneDriver implements Driver {
  readonly kind = 'grandstream-phone' as const;
  readonly family = 'gs-sha256' as const;
  readonly capabilities: ReadonlySet<Capability> = new Set(SHA256_CAPABILITIES);
  readonly client: Sha256Client;
  private readonly device: string;
  private readonly control: CurrentCallControl;
  private linesLast: { bytes: Buffer; value: Line[] } | undefined;

  constructor(config: DriverConfig, opts: Sha256DriverOptions = {}) {
    this.device = config.device;
    this.client = new Sha256Client(config, opts);
    this.control = new CurrentCallControl(
      {
        device: this.device,
        endpoint: this.endpoint('api-phone_operation'),
        readLines: (signal) => this.lines(signal ? { signal } : {}),
        send: async (cmd, signal) => {
          const { body } = await this.client.call({ method: 'POST', path: 'api-phone_operation', fields: { cmd, arg: '' }, signal });
          return { handled: operationAccepted(body), answer: str(body) };
        },
        sleep,
      },
      opts.verifyDelaysMs ?? DEFAULT_VERIFY_DELAYS_MS,
    );
  }

  /** The role the phone gave this session ('admin', 'user'), once logged in and recognised. */
  get role(): string | undefined {
    return this.client.current?.role;
  }

  private endpoint(path: string): string {
    return this.client.http.url(path).pathname;
  }

  async probe(opts: CallOptions = {}): Promise<ProbeResult> {
    const values = await this.readSettings(['phone_model', '68'], opts);
    const info = this.client.current;
    const mac = (info?.mac ?? '').replace(/[^0-9a-f]/gi, '');
    return {
      kind: 'grandstream-phone',
      model: values.phone_model || 'Grandstream phone',
      firmware: info?.ver || values['68'] || 'unknown',
      ...(mac.length === 12 ? { mac: mac.toUpperCase().match(/../g)?.join(':') ?? mac } : {}),
      capabilities: [...SHA256_CAPABILITIES],
      family: this.family,
    };
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  async status(opts: CallOptions = {}): Promise<PhoneStatus> {
    const { body, raw } = await this.client.call({ method: 'POST', path: 'api-get_phone_status', signal: opts.signal });
    return readShape(this.device, this.endpoint('api-get_phone_status'), () => parsePhoneStatus(body, raw));
  }

  /** The call lines; identical answer bytes give the identical frozen array (`===`), unparsed. */
  async lines(opts: CallOptions = {}): Promise<Line[]> {
    const { res, env } = await this.client.request({ method: 'POST', path: 'api-get_line_status', fields: { line: -1 }, signal: opts.signal });
    if (res.status === 200 && this.linesLast?.bytes.equals(res.body)) return this.linesLast.value;
    const { body } = this.client.interpret(res, env);
    const value = frozenLines(readShape(this.device, this.endpoint('api-get_line_status'), () => parseLines(body)));
    this.linesLast = { bytes: res.body, value };
    return value;
  }

  async accounts(opts: CallOptions = {}): Promise<Account[]> {
    const { body } = await this.client.call({ method: 'GET', path: 'api-get_accounts', signal: opts.signal });
    return readShape(this.device, this.endpoint('api-get_accounts'), () => parseAccounts(body));
  }

  /** `req.account` is the 1-based account number users see; the phone takes the 0-based index (`account=0`). */
  async dial(req: DialRequest, opts: CallOptions = {}): Promise<void> {
    const { number, index } = dialNumber(this.device, req);
    const { body } = await this.client.call({ method: 'POST', path: 'api-make_call', fields: { account: index, phonenumber: number, dialplan: 'dialing' }, signal: opts.signal });
    this.mustAccept('api-make_call', body);
  }

  async callControl(action: CallAction, line: number, opts: CallOptions = {}): Promise<void> {
    if (!Object.hasOwn(CALL_COMMANDS, action)) throw new UnsupportedOperationError(this.device, `callControl:${String(action)}`);
    if (!Number.isInteger(line) || line < 1 || line > 64) throw new RangeError(`${this.device}: ${String(line)} is not a line number (1-64, as the line list shows them).`);
    await this.control.run(action, line, opts.signal);
  }

  async reboot(opts: CallOptions = {}): Promise<void> {
    const { body } = await this.client.call({ method: 'POST', path: 'api-sys_operation', fields: { request: 'REBOOT' }, signal: opts.signal });
    this.mustAccept('api-sys_operation', body);
  }

  /** Settings by P-value or name (`config_get?pvalues=a,b`); names the phone does not know read as ''. */
  async readSettings(names: readonly string[], opts: CallOptions = {}): Promise<Record<string, string>> {
    if (names.length === 0) return {};
    const { res, env } = await this.client.request({ method: 'GET', path: 'config_get', fields: { pvalues: names.join(',') }, signal: opts.signal });
    if (res.status !== 200 || env === undefined) {
      throw new ProtocolError({ device: this.device, endpoint: res.endpoint, message: `${this.device}: ${res.endpoint} answered HTTP ${res.status}, not the phone's settings. Its firmware may not offer config_get.` });
    }
    if (env.kind === 'error') {
      throw new DeviceRejectedError({ device: this.device, endpoint: res.endpoint, code: env.code, message: `${this.device}: the phone refused to read settings: ${env.message}.` });
    }
    const whole = env.kind === 'bare' ? env.value : env.raw;
    const values = readShape(this.device, res.endpoint, () => parseConfigs(whole));
    return Object.fromEntries(names.map((n) => [n, values[n] ?? values[n.replace(/^P(?=\d)/i, '')] ?? values[`P${n}`] ?? '']));
  }

  /**
   * Write settings (`PUT config_update`): names starting with '@' go to `alias`, the others to
   * `pvalue`. The phone answers success even when it ignored a write, so each one is read back;
   * names whose value did not take are reported (DeviceRejectedError code `write-ignored`; values
   * are never repeated in the message, since settings may hold passwords).
   */
  async writeSettings(values: Readonly<Record<string, string>>, opts: CallOptions = {}): Promise<void> {
    const names = Object.keys(values);
    if (names.length === 0) return;
    const alias: Record<string, string> = {};
    const pvalue: Record<string, string> = {};
    for (const n of names) (n.startsWith('@') ? alias : pvalue)[n] = values[n] ?? '';
    const { body } = await this.client.call({ method: 'PUT', path: 'config_update', json: { alias, pvalue }, signal: opts.signal });
    this.mustAccept('config_update', body);
    const back = await this.readSettings(names, opts);
    const ignored = names.filter((n) => back[n] !== values[n]);
    if (ignored.length > 0) {
      throw new DeviceRejectedError({
        device: this.device,
        endpoint: this.endpoint('config_update'),
        code: 'write-ignored',
        message: `${this.device}: the phone answered success but did not store ${ignored.join(', ')} (read back after the write). The setting may be read-only or locked by provisioning on this phone.`,
      });
    }
  }

  private mustAccept(path: string, body: unknown): void {
    if (operationAccepted(body)) return;
    throw new DeviceRejectedError({
      device: this.device,
      endpoint: this.endpoint(path),
      code: str(body) || undefined,
      message: `${this.device}: the phone did not carry out ${this.endpoint(path)} (it answered ${JSON.stringify(str(body) || body)}). Check the phone's state and try again.`,
    });
  }
}
