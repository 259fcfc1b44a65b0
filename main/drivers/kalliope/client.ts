import { randomBytes } from 'node:crypto';
import type { Capability } from '../../../shared/domain';
import {
  AuthError,
  DeviceRejectedError,
  ProtocolError,
  UnsupportedFirmwareError,
  UnsupportedOperationError,
  type DriverError,
} from '../../core/driver/errors';
import { KALLIOPE_FAMILIES, type DriverConfig, type KalliopeFamily } from '../../core/driver/types';
import { apiBase, HttpClient, type HttpResponse } from '../common/http';
import { KalliopeAuth } from './auth';
import { errorForCode, licenseError, type KalliopeOperation } from './errors';
import { parseFirmwareVersion } from './signed';
import { buildRequest, int, isRecord, list, parseXml, text, type XmlTree } from './xml';

/**
 * Transport for the KalliopePBX REST API: a `request_id` on every call (checked on the way back),
 * XML bodies, content sniffing before parsing, the license and per-family error tables. The
 * credentials are KalliopeAuth's: Basic `admin:md5(password)` on 3.x (KalliopePBX REST API 1.1),
 * the signed X-authenticate header on 4.x (KalliopePBX 4 REST API, X-authenticate header
 * (observed)), the generation found by an anonymous salt request first unless pinned. On 4.x the
 * first credentialed request proves the login (`GET /rest/dashboard/firmwareVersion`); after that
 * a route the PBX refuses (403, 405, 501, a bare 404) is an UnsupportedOperationError for that
 * capability, never a wrong password. A rejected credential, a clock the PBX refuses, or a firmware
 * that does not match the pinned family is latched: every later call of this client rethrows the
 * same error without touching the network, so a wrong password is never re-sent (field notes:
 * never hammer a login). Make a new driver with new settings to try again.
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
  /** An optional extra read: a 4.x refusal does not mark the operation's capability unavailable. */
  optional?: boolean;
  signal?: AbortSignal;
}

/** The capability a refused 4.x route takes away, per operation family. */
const CAPABILITY_OF: Readonly<Record<KalliopeOperation, Capability | undefined>> = {
  system: undefined,
  users: 'presence',
  callgroups: undefined,
  'contact-read': 'contacts',
  'contact-write': 'contactsWrite',
  'contact-delete': 'contactsWrite',
  'contact-search': 'contacts',
  voicemail: 'voicemail',
  cdr: 'callHistory',
  click2call: 'dial',
};

/** The operation as the user knows it, in an UnsupportedOperationError. */
const OPERATION_NAME: Readonly<Record<KalliopeOperation, string>> = {
  system: 'probe',
  users: 'presence',
  callgroups: 'call groups',
  'contact-read': 'contacts',
  'contact-write': 'save contact',
  'contact-delete': 'delete contact',
  'contact-search': 'contacts',
  voicemail: 'voicemail',
  cdr: 'call history',
  click2call: 'dial',
};

function kalliopeFamily(device: string, family: string | undefined): KalliopeFamily | undefined {
  if (family === undefined || family === '') return undefined;
  const known = KALLIOPE_FAMILIES.find((f) => f === family);
  if (!known) throw new RangeError(`${device}: "${family.slice(0, 40)}" is not a KalliopePBX firmware family; use ${KALLIOPE_FAMILIES.join(' or ')}, or leave it empty to detect it.`);
  return known;
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
  readonly auth: KalliopeAuth;
  private latched: AuthError | UnsupportedFirmwareError | undefined;
  /** 4.x: a credentialed request was answered (the login is proven). */
  private proven = false;
  private proving: Promise<void> | undefined;
  private proofTried = false;
  /** The last proof's version was not handed out yet. */
  private proofFresh = false;
  /** 4.x: the version `dashboard/firmwareVersion` gave, if it did. */
  private version4: string | undefined;
  private readonly refused = new Set<Capability>();

  constructor(
    config: DriverConfig,
    private readonly nextRequestId: () => string = newRequestId,
    now: () => number = Date.now,
  ) {
    this.device = config.device;
    this.http = new HttpClient({
      device: config.device,
      baseUrl: apiBase(config.url, 'rest'),
      timeoutMs: config.timeoutMs,
      maxBodyBytes: config.maxBodyBytes,
      tlsFingerprint: config.tlsFingerprint,
    });
    this.auth = new KalliopeAuth(
      this.http,
      {
        device: config.device,
        username: config.username,
        password: config.password,
        tenantDomain: config.tenantDomain?.trim() || 'default',
        family: kalliopeFamily(config.device, config.family),
      },
      now,
    );
  }

  /** The credential rejection or unsupported firmware this client latched, if any. */
  get rejected(): AuthError | UnsupportedFirmwareError | undefined {
    return this.latched;
  }

  /** Capabilities a 4.x PBX refused to this client so far. */
  get unavailable(): ReadonlySet<Capability> {
    return this.refused;
  }

  /**
   * 4.x: the firmware version from the signed `dashboard/firmwareVersion` (undefined where that
   * route is missing). The first call after the login proof reuses its answer; later calls (the
   * hub's re-probes) ask again, so a probe always reaches the PBX.
   */
  async firmware4(signal?: AbortSignal): Promise<string | undefined> {
    await this.ready(signal);
    if (this.proofFresh) {
      this.proofFresh = false;
      return this.version4;
    }
    if (this.proofTried && this.version4 === undefined) return undefined;
    await this.prove(signal);
    this.proofFresh = false;
    return this.version4;
  }

  /** 4.x: whether a credentialed request was answered. */
  get loginProven(): boolean {
    return this.proven;
  }

  /**
   * The generation, decided before the first credentialed request (anonymous salt check unless
   * pinned); on 4.x also the login proof. Configuration verdicts are latched.
   */
  async ready(signal?: AbortSignal): Promise<KalliopeFamily> {
    if (this.latched) throw this.latched;
    let family: KalliopeFamily;
    try {
      family = await this.auth.resolve(signal);
    } catch (e) {
      if (e instanceof AuthError || e instanceof UnsupportedFirmwareError) throw (this.latched ??= e);
      throw e;
    }
    if (family === 'kalliope-4' && !this.proven && !this.proofTried) {
      this.proving ??= this.prove(signal).finally(() => {
        this.proving = undefined;
      });
      await this.proving;
    }
    return family;
  }

  /** 4.x: the signed `GET /rest/dashboard/firmwareVersion` (JSON asked): the login and the version. */
  private async prove(signal?: AbortSignal): Promise<void> {
    const res = await this.http.send({ method: 'GET', path: 'dashboard/firmwareVersion', headers: { ...this.auth.headers(), Accept: 'application/json' }, signal });
    if (this.latched) throw this.latched;
    await this.checkCredentials(res, signal);
    if (res.status >= 200 && res.status < 300) {
      this.proven = true;
      this.proofTried = true;
      this.proofFresh = true;
      this.version4 = parseFirmwareVersion(res.text());
      return;
    }
    if (res.status === 404 || res.status === 405) {
      // Not on this firmware: the first resource call proves the login instead.
      this.proofTried = true;
      return;
    }
    throw this.httpStatus(res);
  }

  /** Throw (and latch) on a 401/403 that refuses the credentials. */
  private async checkCredentials(res: HttpResponse, signal?: AbortSignal): Promise<void> {
    if (res.status === 401) {
      const verdict = await this.auth.unauthorized(res, signal);
      // A refused nonce is not a credential problem: not latched, the next call signs afresh.
      if (verdict instanceof ProtocolError) throw verdict;
      // Calls already in flight may come back with their own 401: the first verdict stays.
      throw (this.latched ??= verdict as AuthError | UnsupportedFirmwareError);
    }
    // 3.x: a 403 always refuses the credentials; 4.x: only before the login was proven.
    if (res.status === 403 && (this.auth.family !== 'kalliope-4' || !this.proven)) throw (this.latched ??= this.auth.forbidden(res));
  }

  async call(c: KalliopeCall): Promise<KalliopeBody> {
    const family = await this.ready(c.signal);
    const requestId = this.nextRequestId();
    const hasBody = c.method === 'POST' || c.method === 'PUT';
    const headers: Record<string, string> = {
      ...this.auth.headers(),
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
    if (this.latched) throw this.latched;
    await this.checkCredentials(res, c.signal);
    if (family === 'kalliope-4' && this.refusesRoute(res)) throw this.unsupported(c, res);
    if (res.status >= 200 && res.status < 300) this.proven = true;
    return this.read(res, c.op, requestId, !!c.csv);
  }

  /** 4.x, login proven: a route this firmware does not offer to this user. */
  private refusesRoute(res: HttpResponse): boolean {
    if (!this.proven) return false;
    if (res.status === 403 || res.status === 405 || res.status === 501) return true;
    return res.status === 404 && !res.text().replace(/^\uFEFF/, '').trimStart().startsWith('<');
  }

  private unsupported(c: KalliopeCall, res: HttpResponse): UnsupportedOperationError {
    const capability = CAPABILITY_OF[c.op];
    if (capability && !c.optional) this.refused.add(capability);
    const version = this.version4 ? ` ${this.version4}` : ' 4.x';
    return new UnsupportedOperationError(this.device, OPERATION_NAME[c.op], `this KalliopePBX${version} refused ${res.endpoint} with HTTP ${res.status}; the credentials are fine`);
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

  private httpStatus(res: HttpResponse): DriverError {
    if (res.status === 404) {
      return new DeviceRejectedError({
        device: this.device,
        endpoint: res.endpoint,
        code: '404',
        message: `${this.device}: ${res.endpoint} was not found on the PBX (HTTP 404). Check that the address points at a KalliopePBX (3.9.3 or later), or that the item still exists.`,
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
      message: `${this.device}: unexpected answer from KalliopePBX at ${endpoint}: ${what}. Check that the address points at a KalliopePBX; Frontdesk keeps the last good data.`,
    });
  }

  close(): Promise<void> {
    return this.http.close();
  }
}
