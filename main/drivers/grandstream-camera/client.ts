/**
 * Transport of the Grandstream camera driver: the device root URL (the camera serves /goform/… and
 * /snapshot/…), an auth strategy (Basic first), the HTTP status table of seed 002 (400/401/404/503),
 * the status lines, and a latch: after a rejected credential no request is sent again until a new
 * driver is made with new credentials.
 */
import { AuthError, DeviceRejectedError, ProtocolError } from '../../core/driver/errors';
import { CAMERA_FAMILIES, type DriverConfig } from '../../core/driver/types';
import { apiBase, HttpClient, type HttpResponse } from '../common/http';
import { readShape, unreadableAnswer } from '../common/shape';
import { BasicAuthStrategy } from './auth';
import { AutoCameraStrategy, GscChallengeStrategy } from './gsc-auth';
import { parseKeyValues, parseStatusLine, type KvPair, type StatusLine } from './parsers';
import type { CameraAuthStrategy, CameraCommand } from './types';

export interface CameraRequestOptions {
  signal?: AbortSignal;
  maxBodyBytes?: number;
}

/** Device root from a user-typed URL: a root, or one ending in /goform (or /snapshot), gives the root with a trailing slash. */
export function cameraBase(url: string): string {
  const withGoform = apiBase(url, 'goform');
  const u = new URL(withGoform);
  u.pathname = u.pathname.replace(/\/goform\/$/, '/').replace(/\/snapshot\/$/, '/');
  return u.toString();
}

export interface CameraClientOptions {
  /** Overrides the strategy `config.family` selects. */
  strategy?: CameraAuthStrategy;
}

/**
 * The login of a camera family: 'gxv-basic' HTTP Basic (seed 002), 'gsc-challenge' the GSC36xx
 * login, none pinned = detected on the first request (AutoCameraStrategy).
 */
export function strategyFor(family: string | undefined): CameraAuthStrategy {
  if (family === undefined || family === '') return new AutoCameraStrategy();
  if (family === 'gxv-basic') return new BasicAuthStrategy();
  if (family === 'gsc-challenge') return new GscChallengeStrategy(true);
  throw new Error(`"${family}" is not a Grandstream camera family. Use one of ${CAMERA_FAMILIES.join(', ')}, or none to detect it.`);
}

export class CameraClient {
  readonly device: string;
  readonly http: HttpClient;
  readonly strategy: CameraAuthStrategy;
  private readonly username: string;
  private readonly password: string;
  private authFailure: AuthError | undefined;
  /** Requests sent (for diagnostics and tests). */
  requestCount = 0;

  constructor(config: DriverConfig, opts: CameraClientOptions = {}) {
    this.device = config.device;
    this.username = config.username;
    this.password = config.password;
    this.strategy = opts.strategy ?? strategyFor(config.family);
    this.http = new HttpClient({
      device: config.device,
      baseUrl: cameraBase(config.url),
      timeoutMs: config.timeoutMs,
      maxBodyBytes: config.maxBodyBytes,
      tlsFingerprint: config.tlsFingerprint,
    });
  }

  get rejected(): AuthError | undefined {
    return this.authFailure;
  }

  async close(): Promise<void> {
    await this.http.close();
  }

  /** Authorize without a request of our own (a session login happens here; the family gets known). */
  async authorize(opts: CameraRequestOptions = {}): Promise<void> {
    if (this.authFailure) throw this.authFailure;
    await this.strategy.authorize({ device: this.device, http: this.http, username: this.username, password: this.password, signal: opts.signal });
  }

  /** One authenticated request; maps 401 (latched), 400, 404, 503 and other failures to typed errors. */
  async send(path: string, query: Record<string, string | number | undefined>, opts: CameraRequestOptions = {}): Promise<HttpResponse> {
    let retried = false;
    for (;;) {
      if (this.authFailure) throw this.authFailure;
      const auth = await this.strategy.authorize({ device: this.device, http: this.http, username: this.username, password: this.password, signal: opts.signal });
      this.requestCount++;
      const res = await this.http.send({
        path,
        query: { ...query, ...auth.query },
        headers: auth.headers,
        signal: opts.signal,
        ...(opts.maxBodyBytes === undefined ? {} : { maxBodyBytes: opts.maxBodyBytes }),
      });
      if (res.status === 401) {
        if (!retried && this.strategy.sessionExpired?.(res)) {
          retried = true;
          continue;
        }
        this.authFailure = new AuthError({
          device: this.device,
          endpoint: res.endpoint,
          message: `${this.device}: the camera rejected user "${this.username || 'admin'}" and its password at ${res.endpoint} (HTTP 401). Correct the credentials in the device settings; Frontdesk will not try again until then.`,
        });
        throw this.authFailure;
      }
      if (res.status !== 200) throw this.httpError(res);
      return res;
    }
  }

  private httpError(res: HttpResponse): Error {
    const where = `${this.device}: ${res.endpoint}`;
    switch (res.status) {
      case 400:
        return new DeviceRejectedError({ device: this.device, endpoint: res.endpoint, code: '400', message: `${where} answered 400 Bad Request: the camera refused the request or it failed. Check the camera's model supports this function.` });
      case 404:
        return new DeviceRejectedError({ device: this.device, endpoint: res.endpoint, code: '404', message: `${where} answered 404 Not Found: the camera does not know this command or data. Its model or firmware may not support this function.` });
      case 503:
        return new DeviceRejectedError({ device: this.device, endpoint: res.endpoint, code: '503', message: `${where} answered 503: the camera is busy or the operation failed. Try again in a moment.` });
      default:
        return new ProtocolError({ device: this.device, endpoint: res.endpoint, message: `${where} answered HTTP ${res.status}. The camera may be overloaded or restarting; it will be retried.` });
    }
  }

  /** Throw the typed error a refusing status line stands for. */
  statusError(res: HttpResponse, st: Exclude<StatusLine, { kind: 'ok' }>): Error {
    const where = `${this.device}: ${res.endpoint}`;
    switch (st.kind) {
      case 'no-privilege':
        return new AuthError({ device: this.device, endpoint: res.endpoint, message: `${where} answered "No Privilege": the account "${this.username || 'admin'}" is not an administrator. Use the camera's admin account.` });
      case 'invalid':
        return new DeviceRejectedError({ device: this.device, endpoint: res.endpoint, code: 'invalid', message: `${where} refused the parameter "${st.param}" as invalid. The camera's model or firmware may not support this value.` });
      case 'missing':
        return new DeviceRejectedError({ device: this.device, endpoint: res.endpoint, code: 'missing', message: `${where} reports the parameter "${st.param}" missing. The camera's firmware may expect a different request.` });
    }
  }

  protocol(res: HttpResponse, what: string): ProtocolError {
    return unreadableAnswer(this.device, res.endpoint, what);
  }

  /** `goform/<module>?cmd=<cmd>&…` returning the `key=value` pairs of a get. */
  async get(module: string, params: Record<string, string | number | undefined> = {}, opts: CameraRequestOptions = {}, cmd: CameraCommand = 'get'): Promise<{ pairs: KvPair[]; res: HttpResponse }> {
    const res = await this.send(`goform/${module}`, { cmd, ...params }, opts);
    const text = res.text();
    const st = parseStatusLine(text);
    if (st && st.kind !== 'ok') throw this.statusError(res, st);
    if (st) throw this.protocol(res, `expected name=value pairs, got the status line "${text.trim().slice(0, 40)}"`);
    return { pairs: readShape(this.device, res.endpoint, () => parseKeyValues(text), (e) => this.protocol(res, e.message)), res };
  }

  /** `goform/<module>?cmd=set&…`; resolves when the camera answers "Successful" (needReboot for "Successful Need Reboot"). */
  async set(module: string, params: Record<string, string | number | undefined>, opts: CameraRequestOptions = {}, cmd: CameraCommand = 'set'): Promise<{ needReboot: boolean }> {
    const res = await this.send(`goform/${module}`, { cmd, ...params }, opts);
    const text = res.text();
    const st = parseStatusLine(text);
    if (!st) throw this.protocol(res, text.trim() === '' ? 'the answer was empty, not "Successful"' : `expected a status line, got ${JSON.stringify(text.trim().slice(0, 40))}`);
    if (st.kind !== 'ok') throw this.statusError(res, st);
    return { needReboot: st.needReboot };
  }
}
