import {
  AuthError,
  ProtocolError,
  UnsupportedFirmwareError,
  type DriverError,
  type DriverErrorInit,
} from '../../core/driver/errors';
import type { KalliopeFamily } from '../../core/driver/types';
import { basicAuth, md5Hex, type HttpClient, type HttpResponse } from '../common/http';
import {
  classifyRefusal,
  CLOCK_TOLERANCE_MS,
  createdStamp,
  digestPassword,
  headerSafe,
  newNonce,
  parseSalt,
  refusalText,
  xAuthenticate,
} from './signed';

/**
 * How a KalliopePBX client authenticates, and what a refusal means. Two firmware generations:
 * - 'kalliope-3': KalliopePBX REST API 1.1, Basic `admin:md5(password)` on every request;
 * - 'kalliope-4': the per-request X-authenticate header (KalliopePBX 4 REST API, X-authenticate
 *   header (observed)) built from the tenant's salt.
 *
 * Detection, in a safe order (one login attempt at most): the anonymous `GET /rest/salt/<domain>`
 * first. A salt means 4.x and the only credentialed request that follows is a signed one; no salt
 * means 3.x and Basic follows. Nothing is sent twice with the same password, and a pinned family
 * (DriverConfig.family) skips the anonymous step for 3.x.
 */

/** The PBX refused a signed request because its clock and ours differ by more than 5 minutes. */
export class ClockSkewError extends AuthError {
  /** PBX clock minus ours, in ms, when the PBX sent a usable Date header. */
  readonly skewMs: number | undefined;
  constructor(init: DriverErrorInit & { skewMs?: number }) {
    super(init);
    this.skewMs = init.skewMs;
  }
}

export interface KalliopeAuthConfig {
  device: string;
  username: string;
  password: string;
  /** 4.x tenant domain; 'default' on single-tenant systems. */
  tenantDomain: string;
  /** Pinned generation; undefined = detect. */
  family: KalliopeFamily | undefined;
}

export class KalliopeAuth {
  private decided: KalliopeFamily | undefined;
  /** 3.x: whether the anonymous salt endpoint was already asked (and gave no salt). */
  private saltChecked = false;
  /** Auto-detected 3.x: the salt endpoint answered 404, which a 4.x also does for an unknown tenant. */
  private saltNotFound = false;
  private digestPw: string | undefined;
  private detecting: Promise<KalliopeFamily> | undefined;
  private readonly basic: string;
  /** The user name as sent: 3.x 'admin' when left empty, 4.x the configured user. */
  readonly username: string;

  constructor(
    private readonly http: HttpClient,
    private readonly cfg: KalliopeAuthConfig,
    private readonly now: () => number = Date.now,
  ) {
    this.username = cfg.username.trim() || 'admin';
    // The user types the plain admin password; the 3.x API wants its md5 as the Basic password.
    this.basic = basicAuth(this.username, md5Hex(cfg.password));
    this.decided = cfg.family === 'kalliope-3' ? 'kalliope-3' : undefined;
  }

  get device(): string {
    return this.cfg.device;
  }

  /** The generation in use, once known. */
  get family(): KalliopeFamily | undefined {
    return this.decided;
  }

  get pinned(): boolean {
    return this.cfg.family !== undefined;
  }

  /**
   * Decide the generation (once; concurrent callers share the answer). Throws a network error
   * unlatched (the next call tries again) or a configuration verdict the caller latches.
   */
  resolve(signal?: AbortSignal): Promise<KalliopeFamily> {
    if (this.decided) return Promise.resolve(this.decided);
    this.detecting ??= this.detect(signal).finally(() => {
      this.detecting = undefined;
    });
    return this.detecting;
  }

  private async detect(signal?: AbortSignal): Promise<KalliopeFamily> {
    const domain = this.cfg.tenantDomain;
    const first = await this.fetchSalt(domain, signal);
    if (first.salt) return this.use4x(first.salt);
    if (first.res.status >= 500) {
      throw new ProtocolError({
        device: this.device,
        endpoint: first.res.endpoint,
        message: `${this.device}: KalliopePBX answered ${first.res.endpoint} with HTTP ${first.res.status}, so its firmware generation is not known yet. The PBX may be restarting; Frontdesk will try again.`,
      });
    }
    if (this.cfg.family === 'kalliope-4') {
      throw new UnsupportedFirmwareError({
        device: this.device,
        endpoint: first.res.endpoint,
        message: `${this.device}: this device is set to KalliopePBX 4.x, but ${first.res.endpoint} gave no salt (HTTP ${first.res.status}). Check the tenant domain ("${domain}"), or set the firmware family to automatic if this PBX runs 3.x.`,
      });
    }
    if (domain !== 'default' && first.res.status === 404) {
      const fallback = await this.fetchSalt('default', signal);
      if (fallback.salt) {
        throw new AuthError({
          device: this.device,
          endpoint: first.res.endpoint,
          message: `${this.device}: this KalliopePBX 4.x does not know the tenant domain "${domain}" (${first.res.endpoint} answered HTTP 404, the "default" tenant answers). Check the tenant domain in the device settings. Frontdesk will not retry until you change it.`,
        });
      }
    }
    this.saltChecked = true;
    this.saltNotFound = first.res.status === 404;
    this.decided = 'kalliope-3';
    return this.decided;
  }

  private use4x(salt: string): KalliopeFamily {
    if (!headerSafe(this.username) || !headerSafe(this.cfg.tenantDomain)) {
      throw new AuthError({
        device: this.device,
        message: `${this.device}: the user name or tenant domain contains a quote, a backslash or a control character, which the KalliopePBX 4.x X-authenticate header cannot carry. Fix them in the device settings.`,
      });
    }
    this.digestPw = digestPassword(this.cfg.password, salt);
    this.decided = 'kalliope-4';
    return this.decided;
  }

  private async fetchSalt(domain: string, signal?: AbortSignal): Promise<{ salt: string | undefined; res: HttpResponse }> {
    // Anonymous: no credentials of any kind on this request.
    const res = await this.http.send({ method: 'GET', path: `salt/${encodeURIComponent(domain)}`, headers: { Accept: 'application/json' }, signal });
    return { salt: res.status === 200 ? parseSalt(res.text()) : undefined, res };
  }

  /** Credentials for one request: Basic (3.x) or a freshly signed header with a new nonce (4.x). */
  headers(): Record<string, string> {
    if (this.decided !== 'kalliope-4' || this.digestPw === undefined) return { Authorization: this.basic };
    const value = xAuthenticate({
      username: this.username,
      domain: this.cfg.tenantDomain,
      digestPassword: this.digestPw,
      nonce: newNonce(),
      created: createdStamp(new Date(this.now())),
    });
    return { 'X-authenticate': value };
  }

  /**
   * What a 401 means. 4.x: a clock difference (the PBX says so, or its Date header is more than 5
   * minutes from ours), a refused nonce (not a credential problem), or the credentials. 3.x: a
   * wrong password, or a 4.x PBX behind a device pinned to 3.x (anonymous salt check).
   */
  async unauthorized(res: HttpResponse, signal?: AbortSignal): Promise<DriverError> {
    if (this.decided === 'kalliope-4') return this.refused4x(res);
    if (!this.saltChecked) {
      this.saltChecked = true;
      let salt: string | undefined;
      try {
        salt = (await this.fetchSalt('default', signal)).salt;
      } catch (e) {
        // Cancelled by the caller: no verdict. Otherwise no answer there: not a 4.x.
        if (signal?.aborted) throw e;
      }
      if (salt) {
        return new UnsupportedFirmwareError({
          device: this.device,
          endpoint: res.endpoint,
          message: `${this.device}: KalliopePBX 4.x found (it answers /rest/salt/default and refused the 3.x login at ${res.endpoint}), but this device is set to KalliopePBX 3.x. Set the firmware family to automatic or 4.x in the device settings.`,
        });
      }
    }
    return this.refused3x(res);
  }

  private refused4x(res: HttpResponse): DriverError {
    const verdict = classifyRefusal(res.text(), res.headers['date'], this.now());
    const said = refusalText(res.text());
    const quoted = said ? ` ("${said}")` : '';
    if (verdict.why === 'clock') {
      // The Date header only measures the difference when it shows one beyond the tolerance.
      const skew = verdict.skewMs !== undefined && Math.abs(verdict.skewMs) > CLOCK_TOLERANCE_MS ? verdict.skewMs : undefined;
      const apart = skew === undefined ? 'more than 5 minutes' : `about ${Math.round(Math.abs(skew) / 60_000)} minutes`;
      const ahead = skew === undefined ? '' : skew > 0 ? ' (the PBX is ahead)' : ' (this computer is ahead)';
      return new ClockSkewError({
        device: this.device,
        endpoint: res.endpoint,
        ...(verdict.skewMs === undefined ? {} : { skewMs: verdict.skewMs }),
        message: `${this.device}: KalliopePBX refused the request at ${res.endpoint}${quoted} because the clock of this computer and the PBX clock differ by ${apart}${ahead}; it accepts at most 5 minutes. Set the correct date and time (automatic time from the network) on this computer or on the PBX, then press Refresh. Frontdesk will not retry until then.`,
      });
    }
    if (verdict.why === 'nonce') {
      return new ProtocolError({
        device: this.device,
        endpoint: res.endpoint,
        message: `${this.device}: KalliopePBX refused ${res.endpoint} as a repeated request${quoted}. Frontdesk signs every request with a new nonce, so something between this computer and the PBX may be resending requests. Frontdesk will try again later.`,
      });
    }
    return new AuthError({
      device: this.device,
      endpoint: res.endpoint,
      message: `${this.device}: KalliopePBX 4.x rejected the user "${this.username}" of tenant domain "${this.cfg.tenantDomain}" at ${res.endpoint} (HTTP ${res.status})${quoted}. Check the user name and password in the device settings (the web login of a user allowed to use the REST API) and the tenant domain. Frontdesk will not retry until you change them.`,
    });
  }

  private refused3x(res: HttpResponse): AuthError {
    const tenantHint = this.saltNotFound
      ? ` If this PBX runs KalliopePBX 4.x, its tenant domain is not "${this.cfg.tenantDomain}": set the right one in the device settings.`
      : '';
    if (this.username !== 'admin') {
      // KalliopePBX REST API 1.1: "Username must be admin". Blame the name, not the password.
      return new AuthError({
        device: this.device,
        endpoint: res.endpoint,
        message: `${this.device}: KalliopePBX refused the user name "${this.username}" at ${res.endpoint} (HTTP 401). Its REST API accepts only the user "admin": set the user name to admin in the device settings, with the administrator web password.${tenantHint} Frontdesk will not retry until you change them.`,
      });
    }
    return new AuthError({
      device: this.device,
      endpoint: res.endpoint,
      message: `${this.device}: KalliopePBX rejected the password of the user "admin" at ${res.endpoint} (HTTP 401). Check the administrator password in the device settings (type the plain web password; Frontdesk hashes it).${tenantHint} Frontdesk will not retry until you change it.`,
    });
  }

  /** A 403 before the credentials were ever accepted: blame them (3.x), or the user's REST API permission (4.x). */
  forbidden(res: HttpResponse): AuthError {
    if (this.decided === 'kalliope-4') {
      return new AuthError({
        device: this.device,
        endpoint: res.endpoint,
        message: `${this.device}: KalliopePBX 4.x refused the user "${this.username}" at ${res.endpoint} (HTTP 403): the user may lack permission to use the REST API. Give it a role with REST API access in the PBX, or use the administrator account. Frontdesk will not retry until you change the settings.`,
      });
    }
    return new AuthError({
      device: this.device,
      endpoint: res.endpoint,
      message: `${this.device}: KalliopePBX refused access to ${res.endpoint} (HTTP 403). The REST API needs the "admin" account; check the user name and password in the device settings. Frontdesk will not retry until you change them.`,
    });
  }
}
