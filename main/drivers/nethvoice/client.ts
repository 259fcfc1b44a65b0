import { AuthError, DeviceRejectedError, ProtocolError, type DriverError } from '../../core/driver/errors';
import type { DriverConfig } from '../../core/driver/types';
import { apiBase, HttpClient, tryParseJson, type HttpResponse } from '../common/http';
import { authHeaders } from './auth';
import { isRecord, str } from './parsers';

/**
 * Transport for the NethVoice wizard REST API (`/freepbx/rest`): User/Secretkey headers, secret
 * discovery through `POST /testauth` when none is configured (cached in memory only), JSON parsed
 * by content (an empty body, as many 200/201 successes have, is null and never parsed), status
 * codes mapped to typed errors. A 403 with the route's own `status` text is a refusal shown
 * verbatim, not a credential problem. A rejected credential (401/403 at /testauth or on any call)
 * is latched: every later call of this client rethrows the same AuthError without network traffic,
 * so the user name and password are never POSTed again (field notes: never hammer a login). A new
 * driver with new settings tries again. Error messages never
 * quote response bodies beyond the server's short status text, so no secret can leak through them.
 */

export interface NvCall {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  /** JSON text (already serialised: the caller controls the exact body). */
  json?: string;
  signal?: AbortSignal;
}

export class NethVoiceClient {
  readonly device: string;
  readonly http: HttpClient;
  private readonly user: string;
  private readonly password: string;
  private readonly configuredSecret: string | undefined;
  private discoveredSecret: string | undefined;
  private discovering: Promise<string> | undefined;
  private latched: AuthError | undefined;

  constructor(config: DriverConfig) {
    this.device = config.device;
    this.http = new HttpClient({
      device: config.device,
      baseUrl: apiBase(config.url, 'freepbx/rest'),
      timeoutMs: config.timeoutMs,
      maxBodyBytes: config.maxBodyBytes,
      tlsFingerprint: config.tlsFingerprint,
    });
    this.user = config.username || 'admin';
    this.password = config.password;
    this.configuredSecret = config.secret?.trim() || undefined;
  }

  /** True when the secret came from /testauth (for tests and diagnostics; the value is never exposed). */
  get hasDiscoveredSecret(): boolean {
    return this.discoveredSecret !== undefined;
  }

  /** The credential rejection this client latched, if any. */
  get rejected(): AuthError | undefined {
    return this.latched;
  }

  private async secret(signal?: AbortSignal): Promise<string> {
    if (this.configuredSecret) return this.configuredSecret;
    if (this.discoveredSecret) return this.discoveredSecret;
    this.discovering ??= this.discover(signal).finally(() => {
      this.discovering = undefined;
    });
    return this.discovering;
  }

  /** `POST /testauth {"username","password"}` → `{"result":"<secret>"}` (seed 004). */
  private async discover(signal?: AbortSignal): Promise<string> {
    const res = await this.http.send({
      method: 'POST',
      path: 'testauth',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ username: this.user, password: this.password }),
      signal,
    });
    if (res.status === 401 || res.status === 403) {
      throw this.latch({
        device: this.device,
        endpoint: res.endpoint,
        message: `${this.device}: NethVoice rejected the user name or password at ${res.endpoint} (HTTP ${res.status}), so the API secret could not be retrieved. Check the FreePBX administrator credentials, or enter the API secret in the device settings. Frontdesk will not retry until you change them.`,
      });
    }
    if (res.status < 200 || res.status >= 300) throw this.statusError(res);
    const data = tryParseJson(res.text());
    const secret = isRecord(data) ? str(data['result']) : '';
    if (!secret) {
      throw this.protocol(res.endpoint, 'the answer has no "result" secret');
    }
    this.discoveredSecret = secret;
    return secret;
  }

  /** Send one authenticated call; returns the parsed JSON (null for an empty body). */
  async call(c: NvCall): Promise<unknown> {
    if (this.latched) throw this.latched;
    const secret = await this.secret(c.signal);
    const headers: Record<string, string> = { Accept: 'application/json', ...authHeaders(this.user, this.password, secret) };
    if (c.json !== undefined) headers['Content-Type'] = 'application/json';
    const res = await this.http.send({ method: c.method, path: c.path, headers, body: c.json, signal: c.signal });
    if (res.status === 403 && applicationRefusal(res)) throw this.refused(res);
    if (res.status === 401 || res.status === 403) {
      // Latched: a changed server secret is picked up by a new driver (the user re-saves the settings).
      throw this.latch({
        device: this.device,
        endpoint: res.endpoint,
        message: `${this.device}: NethVoice refused the credentials at ${res.endpoint} (HTTP ${res.status}). Check the user name, password and API secret in the device settings. Frontdesk will not retry until you change them.`,
      });
    }
    if (res.status < 200 || res.status >= 300) throw this.statusError(res);
    const raw = res.text();
    if (raw.trim() === '') return null; // e.g. 201/204 with no body
    const data = tryParseJson(raw);
    if (data === undefined) {
      throw this.protocol(res.endpoint, `the answer is not JSON (${res.headers['content-type'] || 'no content type'})`);
    }
    return data;
  }

  /** The first rejection wins: calls already in flight may come back with their own. */
  private latch(init: ConstructorParameters<typeof AuthError>[0]): AuthError {
    this.latched ??= new AuthError(init);
    return this.latched;
  }

  /**
   * A 403 that a route itself sent, with the server's own words in `status` (NethServer 8: "ERROR:
   * community version is limited to 8 users" on POST /mainextensions). Shown verbatim; not a
   * credential problem, so nothing is latched.
   */
  private refused(res: HttpResponse): DeviceRejectedError {
    const data = tryParseJson(res.text());
    const said = isRecord(data) && typeof data['status'] === 'string' ? data['status'].trim().slice(0, 200) : '';
    return new DeviceRejectedError({
      device: this.device,
      endpoint: res.endpoint,
      code: '403',
      message: `${this.device}: NethVoice refused ${res.endpoint} (HTTP 403): "${said}". This is the server's own rule, not a problem with the credentials.`,
    });
  }

  private statusError(res: HttpResponse): DriverError {
    const data = tryParseJson(res.text());
    let said = '';
    if (isRecord(data)) {
      for (const k of ['status', 'message', 'title', 'detail', 'error']) {
        const v = data[k];
        if (typeof v === 'string' && v.trim()) {
          said = v.trim().slice(0, 160);
          break;
        }
      }
    }
    const quoted = said ? ` ("${said}")` : '';
    if (res.status === 404) {
      return new DeviceRejectedError({
        device: this.device,
        endpoint: res.endpoint,
        code: '404',
        message: `${this.device}: ${res.endpoint} was not found on NethVoice (HTTP 404)${quoted}. Check the address (the API lives under /freepbx/rest) or that the item still exists.`,
      });
    }
    if (res.status >= 400 && res.status < 500) {
      return new DeviceRejectedError({
        device: this.device,
        endpoint: res.endpoint,
        code: String(res.status),
        message: `${this.device}: NethVoice refused ${res.endpoint} (HTTP ${res.status})${quoted}. Check the extension or value you entered.`,
      });
    }
    return new ProtocolError({
      device: this.device,
      endpoint: res.endpoint,
      message: `${this.device}: NethVoice answered ${res.endpoint} with HTTP ${res.status}. The server may be restarting or overloaded; Frontdesk will try again.`,
    });
  }

  protocol(endpoint: string, what: string): ProtocolError {
    return new ProtocolError({
      device: this.device,
      endpoint,
      message: `${this.device}: unexpected answer from NethVoice at ${endpoint}: ${what}. Check that the address points at a NethVoice server; Frontdesk keeps the last good data.`,
    });
  }

  close(): Promise<void> {
    return this.http.close();
  }
}

/**
 * The authentication middleware refuses with `{"error":"Forbidden: …"}` (or no JSON at all); a
 * route that refuses on its own answers `{"status":"…"}` (NethVoice REST API, AuthMiddleware and
 * mainextensions, from the server source).
 */
function applicationRefusal(res: HttpResponse): boolean {
  const data = tryParseJson(res.text());
  return isRecord(data) && typeof data['status'] === 'string' && data['status'].trim() !== '' && data['error'] === undefined;
}
