import { randomBytes } from 'node:crypto';
import {
  AuthError,
  DeviceRejectedError,
  ProtocolError,
  UnsupportedFirmwareError,
  type DriverError,
} from '../../core/driver/errors';
import type { DriverConfig } from '../../core/driver/types';
import { apiBase, basicAuth, HttpClient, md5Hex, type HttpResponse } from '../common/http';
import { errorForCode, licenseError, type KalliopeOperation } from './errors';
import { buildRequest, int, isRecord, list, parseXml, text, type XmlTree } from './xml';

/**
 * Transport for the KalliopePBX 3.x REST API: Basic `admin:md5(password)`, a `request_id` on every
 * call (checked on the way back), XML bodies, content sniffing before parsing, the license and
 * per-family error tables, and the 4.x firmware detection on a 401. A rejected credential (401/403)
 * or a detected 4.x firmware is latched: every later call of this client rethrows the same error
 * without touching the network, so a wrong password is never re-sent (field notes: never hammer a
 * login). Make a new driver with new credentials to try again.
 */

export type KalliopeBody =
  | { kind: 'xml'; root: Record<string, unknown>; requestId: string }
  | { kind: 'text'; text: string; contentType: string; requestId: string };

export interface KalliopeCall {
  op: KalliopeOperation;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  /** Content of `<kpbx_request>` for POST/PUT. */
  body?: XmlTree;
  /** Ask for CSV (`Accept: text/csv`) where the API offers it. */
  csv?: boolean;
  signal?: AbortSignal;
}

/**
 * A request id of letters only (KalliopePBX REST API 1.1 allows any alphanumeric value). Its own
 * example sends `xyz123` and gets `xyz` back, which reads either as a cut or as the digits
 * dropped: with no digits, a PBX that drops them echoes the id unchanged, and one that cuts it
 * echoes a prefix.
 */
export function newRequestId(): string {
  return `fd${[...randomBytes(12)].map((b) => String.fromCharCode(97 + (b % 26))).join('')}`;
}

/**
 * Whether an echoed request_id answers the id sent: the same, a prefix of it (the manual's
 * `xyz123` → `xyz`), or empty. Anything else is the answer to another request.
 */
export function requestIdMatches(sent: string, echoed: string): boolean {
  return echoed === '' || sent.startsWith(echoed);
}

export class KalliopeClient {
  readonly device: string;
  readonly http: HttpClient;
  private readonly authHeader: string;
  /** The configured API user name ('admin' when left empty). */
  private readonly username: string;
  private latched: AuthError | UnsupportedFirmwareError | undefined;

  constructor(config: DriverConfig, nextRequestId: () => string = newRequestId) {
    this.device = config.device;
    this.http = new HttpClient({
      device: config.device,
      baseUrl: apiBase(config.url, 'rest'),
      timeoutMs: config.timeoutMs,
      maxBodyBytes: config.maxBodyBytes,
      tlsFingerprint: config.tlsFingerprint,
    });
    // The user types the plain admin password; the API wants its md5 as the Basic password.
    this.username = config.username.trim() || 'admin';
    this.authHeader = basicAuth(this.username, md5Hex(config.password));
    this.nextRequestId = nextRequestId;
  }

  private readonly nextRequestId: () => string;

  /** The credential rejection or unsupported firmware this client latched, if any. */
  get rejected(): AuthError | UnsupportedFirmwareError | undefined {
    return this.latched;
  }

  async call(c: KalliopeCall): Promise<KalliopeBody> {
    if (this.latched) throw this.latched;
    const requestId = this.nextRequestId();
    const hasBody = c.method === 'POST' || c.method === 'PUT';
    const headers: Record<string, string> = {
      Authorization: this.authHeader,
      Accept: c.csv ? 'text/csv' : 'application/xml, text/xml',
    };
    if (hasBody) headers['Content-Type'] = 'application/xml; charset=utf-8';
    const res = await this.http.send({
      method: c.method,
      path: c.path,
      query: hasBody ? undefined : { request_id: requestId },
      headers,
      body: hasBody ? buildRequest(requestId, c.body ?? {}) : undefined,
      signal: c.signal,
    });
    if (res.status === 401) {
      const verdict = await this.authFailure(res, c.signal);
      // Calls already in flight may come back with their own 401: the first verdict stays.
      throw (this.latched ??= verdict);
    }
    if (res.status === 403) throw (this.latched ??= this.forbidden(res));
    const body = this.read(res, c.op, requestId, !!c.csv);
    return body;
  }

  /** XML root of a call that must answer XML. */
  async xml(c: KalliopeCall): Promise<Record<string, unknown>> {
    const b = await this.call(c);
    if (b.kind !== 'xml') throw this.protocol(this.http.url(c.path).pathname, `expected XML but got ${b.contentType || 'no content type'}`);
    return b.root;
  }

  private read(res: HttpResponse, op: KalliopeOperation, requestId: string, wantCsv: boolean): KalliopeBody {
    const endpoint = res.endpoint;
    const raw = res.text();
    const contentType = res.headers['content-type'] ?? '';
    const looksXml = raw.replace(/^\uFEFF/, '').trimStart().startsWith('<');
    if (looksXml) {
      const parsed = parseXml(raw);
      if (!parsed.ok) {
        if (res.status >= 400) throw this.httpStatus(res);
        throw this.protocol(endpoint, parsed.reason);
      }
      const root = parsed.value['kpbx_response'];
      if (!isRecord(root) && root !== '') {
        if (res.status >= 400) throw this.httpStatus(res);
        throw this.protocol(endpoint, `the XML root is <${Object.keys(parsed.value)[0] ?? '?'}>, not <kpbx_response>`);
      }
      const r = isRecord(root) ? root : {};
      this.checkLicense(r, endpoint);
      // A missing or shortened echo is fine (KalliopePBX REST API 1.1, Request_id); only a clearly different id is refused.
      const echoed = text(r['request_id']);
      if (!requestIdMatches(requestId, echoed)) {
        throw this.protocol(endpoint, `the answer carries request_id "${echoed.slice(0, 40)}" instead of "${requestId}" (an answer to another request)`);
      }
      this.checkErrorCodes(r, op, endpoint);
      if (res.status >= 400) throw this.httpStatus(res);
      return { kind: 'xml', root: r, requestId };
    }
    if (res.status >= 400) throw this.httpStatus(res);
    if (wantCsv || /text\/(csv|plain)/i.test(contentType)) return { kind: 'text', text: raw, contentType, requestId };
    throw this.protocol(endpoint, raw.trim() ? `expected XML but got ${contentType || 'an untyped body'}` : 'the answer was empty');
  }

  private checkLicense(root: Record<string, unknown>, endpoint: string): void {
    const na = root['request_not_allowed'];
    if (na === undefined) return;
    const err = isRecord(na) ? na['error'] : undefined;
    const e = isRecord(err) ? err : {};
    throw licenseError(this.device, endpoint, int(e['code']), text(e['message']));
  }

  /** Find `<x><error>` / `<x><error_code>` (or directly under the root) and throw on a non-zero code. */
  private checkErrorCodes(root: Record<string, unknown>, op: KalliopeOperation, endpoint: string): void {
    const holders: Record<string, unknown>[] = [root];
    for (const [k, v] of Object.entries(root)) if (k !== 'request_id') holders.push(...list(v));
    for (const h of holders) {
      for (const tag of ['error', 'error_code']) {
        const e = h[tag];
        if (!isRecord(e)) continue;
        const code = int(e['code']);
        if (code === null) throw this.protocol(endpoint, `<${tag}> has no numeric <code>`);
        if (code !== 0) throw errorForCode({ device: this.device, endpoint, op, code, deviceMessage: text(e['message']).slice(0, 200) });
      }
    }
  }

  /**
   * A 401 is either a wrong password or a KalliopePBX 4.x, whose API authenticates with a salted
   * per-request header. 4.x answers `GET /rest/salt/default` without credentials; 3.x does not.
   */
  private async authFailure(res: HttpResponse, signal?: AbortSignal): Promise<AuthError | UnsupportedFirmwareError> {
    let is4x = false;
    try {
      const salt = await this.http.send({ method: 'GET', path: 'salt/default', signal });
      const body = salt.text().trim();
      is4x = salt.status === 200 && body.length > 0 && body.length < 4096 && !/<kpbx_response/i.test(body);
    } catch (e) {
      // Cancelled by the caller: no verdict, so nothing is latched.
      if (signal?.aborted) throw e;
      // no answer on the salt endpoint: not a 4.x, a plain wrong password
    }
    if (is4x) {
      return new UnsupportedFirmwareError({
        device: this.device,
        endpoint: res.endpoint,
        message: `${this.device}: KalliopePBX 4.x found (it answers /rest/salt/default and refused the 3.x login at ${res.endpoint}). Frontdesk supports the KalliopePBX 3.x REST API only; use a 3.x PBX or wait for 4.x support.`,
      });
    }
    if (this.username !== 'admin') {
      // KalliopePBX REST API 1.1: "Username must be admin". Blame the name, not the password.
      return new AuthError({
        device: this.device,
        endpoint: res.endpoint,
        message: `${this.device}: KalliopePBX refused the user name "${this.username}" at ${res.endpoint} (HTTP 401). Its REST API accepts only the user "admin": set the user name to admin in the device settings, with the administrator web password. Frontdesk will not retry until you change them.`,
      });
    }
    return new AuthError({
      device: this.device,
      endpoint: res.endpoint,
      message: `${this.device}: KalliopePBX rejected the password of the user "admin" at ${res.endpoint} (HTTP 401). Check the administrator password in the device settings (type the plain web password; Frontdesk hashes it). Frontdesk will not retry until you change it.`,
    });
  }

  private forbidden(res: HttpResponse): AuthError {
    return new AuthError({
      device: this.device,
      endpoint: res.endpoint,
      message: `${this.device}: KalliopePBX refused access to ${res.endpoint} (HTTP 403). The REST API needs the "admin" account; check the user name and password in the device settings. Frontdesk will not retry until you change them.`,
    });
  }

  private httpStatus(res: HttpResponse): DriverError {
    if (res.status === 404) {
      return new DeviceRejectedError({
        device: this.device,
        endpoint: res.endpoint,
        code: '404',
        message: `${this.device}: ${res.endpoint} was not found on the PBX (HTTP 404). Check that the address points at a KalliopePBX 3.9.3 or later, or that the item still exists.`,
      });
    }
    if (res.status === 400 || res.status === 405 || res.status === 409 || res.status === 422) {
      return new DeviceRejectedError({
        device: this.device,
        endpoint: res.endpoint,
        code: String(res.status),
        message: `${this.device}: KalliopePBX refused ${res.endpoint} (HTTP ${res.status}). Check the firmware version (3.9.3 or later is needed).`,
      });
    }
    return new ProtocolError({
      device: this.device,
      endpoint: res.endpoint,
      message: `${this.device}: KalliopePBX answered ${res.endpoint} with HTTP ${res.status}. The PBX may be restarting or overloaded; Frontdesk will try again.`,
    });
  }

  protocol(endpoint: string, what: string): ProtocolError {
    return new ProtocolError({
      device: this.device,
      endpoint,
      message: `${this.device}: unexpected answer from KalliopePBX at ${endpoint}: ${what}. Check that the address points at a KalliopePBX 3.x; Frontdesk keeps the last good data.`,
    });
  }

  close(): Promise<void> {
    return this.http.close();
  }
}
