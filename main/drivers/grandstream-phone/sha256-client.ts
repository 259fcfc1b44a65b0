/**
 * Transport of the Grandstream SHA-256 session family (observed on GXP21xx firmware, field notes):
 * a session from `sha256-auth.ts`; on every request `X-Requested-With`, a same-origin `Origin` and
 * `Referer`, `Cookie: sid=<sid>` plus the cookies the phone set, and the sid as a form field (POST)
 * or query parameter (GET, PUT); never a POST without a body (the phone answers 411 to a bodiless
 * POST without Content-Length; every form here carries at least the sid).
 *
 * The session dies after about 60 s of silence: when more than `refreshAfterMs` (30 s) passed since
 * the last request, `POST dorefresh` goes first, and a refused refresh means a fresh login. Expiry
 * shows as HTTP 401 with an HTML body on `api-*` (and dorefresh), and as HTTP 200
 * `{"response":"error","body":{"status":"session-expired"}}` on `config_get`: one fresh login and one
 * retry, then a DeviceRejectedError (`session-taken-over`).
 *
 * Latches: a refused password (wrongN, "user is not allow") is never tried again by this client
 * (accounts lock after 5 failures); a lock (`locked` + lockTime) refuses every request until it ends.
 */
import { AuthError, DeviceRejectedError, LockedOutError, ProtocolError } from '../../core/driver/errors';
import type { DriverConfig } from '../../core/driver/types';
import { apiBase, HttpClient, type HttpResponse } from '../common/http';
import { describe, field, isRecord, str } from './parsers';
import { browserHeaders, cookieHeader, envelopeOf, formBody, sha256Login, SHA256_DEFAULT_USER, type Sha256Session } from './sha256-auth';
import type { PhoneEnvelope } from './types';

export interface Sha256ClientOptions {
  /** Refresh the session before a request when this long passed since the last one (default 30 s). */
  refreshAfterMs?: number;
  /** Lockout wait when the phone does not say how long (default 5 min). */
  defaultLockoutMs?: number;
  /** Clock in ms (default Date.now). */
  clock?: () => number;
}

export type Sha256Method = 'GET' | 'POST' | 'PUT';

export interface Sha256Request {
  method: Sha256Method;
  path: string;
  /** Form fields (POST) or query parameters (GET, PUT); the sid is added. */
  fields?: Record<string, string | number | undefined>;
  /** PUT: a JSON body. */
  json?: unknown;
  signal?: AbortSignal;
}

function expired(path: string, res: HttpResponse, env: PhoneEnvelope | undefined): boolean {
  if (res.status === 401) return true;
  if (env?.kind === 'unauthorized') return true;
  if (env?.kind === 'error' && isRecord(env.raw.body) && /session[-_ ]?expired/i.test(str(field(env.raw.body, 'status')))) return true;
  return path === 'dorefresh' && res.status !== 200;
}

export class Sha256Client {
  readonly device: string;
  readonly http: HttpClient;
  private readonly username: string;
  private readonly password: string;
  private readonly refreshAfterMs: number;
  private readonly defaultLockoutMs: number;
  private readonly clock: () => number;
  private readonly base: Record<string, string>;
  private session: Sha256Session | undefined;
  private cookie = '';
  private loginInFlight: Promise<Sha256Session> | undefined;
  private authFailure: AuthError | undefined;
  private lockedUntil = 0;
  private lockDetail = '';
  private lastRequestAt: number | undefined;
  /** Login attempts made (for diagnostics and tests). */
  loginCount = 0;
  /** dorefresh requests sent (for diagnostics and tests). */
  refreshCount = 0;

  constructor(config: DriverConfig, opts: Sha256ClientOptions = {}) {
    this.device = config.device;
    this.username = config.username || SHA256_DEFAULT_USER;
    this.password = config.password;
    this.refreshAfterMs = opts.refreshAfterMs ?? 30_000;
    this.defaultLockoutMs = opts.defaultLockoutMs ?? 300_000;
    this.clock = opts.clock ?? Date.now;
    this.http = new HttpClient({
      device: config.device,
      baseUrl: apiBase(config.url, 'cgi-bin'),
      timeoutMs: config.timeoutMs,
      maxBodyBytes: config.maxBodyBytes,
      tlsFingerprint: config.tlsFingerprint,
    });
    this.base = browserHeaders(this.http.base);
  }

  /** What the last login reported (role, ver, mac); undefined before a login. */
  get current(): Readonly<Omit<Sha256Session, 'sid' | 'cookies'>> | undefined {
    return this.session ? { role: this.session.role, ver: this.session.ver, mac: this.session.mac } : undefined;
  }

  get rejected(): AuthError | undefined {
    return this.authFailure;
  }

  async close(): Promise<void> {
    this.session = undefined;
    await this.http.close();
  }

  private ensureSession(signal: AbortSignal | undefined): Promise<Sha256Session> {
    if (this.authFailure) return Promise.reject(this.authFailure);
    const now = this.clock();
    if (this.lockedUntil > now) return Promise.reject(this.lockedError(this.lockedUntil - now, undefined));
    if (this.session) return Promise.resolve(this.session);
    this.loginInFlight ??= this.login(signal).finally(() => {
      this.loginInFlight = undefined;
    });
    return this.loginInFlight;
  }

  private lockedError(remainingMs: number, endpoint: string | undefined): LockedOutError {
    return new LockedOutError({
      device: this.device,
      endpoint: endpoint ?? '/cgi-bin/dologin',
      retryAfterMs: remainingMs,
      message: `${this.device}: the phone has locked the login of "${this.username}" after too many failed attempts${this.lockDetail ? ` (${this.lockDetail})` : ''}. Frontdesk waits ${Math.ceil(remainingMs / 1000)} s before trying again; check the password meanwhile.`,
    });
  }

  private async login(signal: AbortSignal | undefined): Promise<Sha256Session> {
    this.loginCount++;
    const outcome = await sha256Login({ http: this.http, device: this.device, username: this.username, password: this.password, signal });
    this.lastRequestAt = this.clock();
    if (outcome.ok) {
      this.session = outcome.session;
      this.cookie = cookieHeader(outcome.session.cookies);
      return outcome.session;
    }
    if (outcome.reason === 'locked') {
      const ms = outcome.retryAfterMs ?? this.defaultLockoutMs;
      this.lockedUntil = this.clock() + ms;
      this.lockDetail = outcome.detail;
      throw this.lockedError(ms, outcome.endpoint);
    }
    const why =
      outcome.reason === 'not-allowed'
        ? `the phone does not allow web access for user "${this.username}" ("${outcome.detail}"). Allow it in the phone's web UI or use the admin account`
        : `the phone rejected user "${this.username}" and its password at ${outcome.endpoint}${outcome.attemptsLeft === undefined ? ` (${outcome.detail})` : ` and says ${outcome.attemptsLeft} attempt${outcome.attemptsLeft === 1 ? ' is' : 's are'} left before it locks the account`}. Correct the credentials in the device settings`;
    this.authFailure = new AuthError({
      device: this.device,
      endpoint: outcome.endpoint,
      message: `${this.device}: ${why}; Frontdesk will not log in again until then, because failed logins lock the phone's account.`,
    });
    throw this.authFailure;
  }

  private drop(session: Sha256Session): void {
    if (this.session === session) this.session = undefined;
  }

  private send(session: Sha256Session, req: Sha256Request): Promise<HttpResponse> {
    const headers: Record<string, string> = { ...this.base, cookie: this.cookie };
    const fields = { ...req.fields, sid: session.sid };
    if (req.method === 'POST') {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      return this.http.send({ method: 'POST', path: req.path, headers, body: formBody(fields), signal: req.signal });
    }
    if (req.json !== undefined) headers['content-type'] = 'application/json';
    return this.http.send({
      method: req.method,
      path: req.path,
      query: fields,
      headers,
      ...(req.json !== undefined ? { body: JSON.stringify(req.json) } : {}),
      signal: req.signal,
    });
  }

  /** dorefresh; false when the phone no longer knows the session. */
  private async refresh(session: Sha256Session, signal: AbortSignal | undefined): Promise<boolean> {
    this.refreshCount++;
    const res = await this.send(session, { method: 'POST', path: 'dorefresh', signal });
    this.lastRequestAt = this.clock();
    return !expired('dorefresh', res, envelopeOf(res));
  }

  /** One authenticated request: refresh when idle, one fresh login and one retry on expiry. */
  async request(req: Sha256Request): Promise<{ res: HttpResponse; env: PhoneEnvelope | undefined }> {
    let relogged = false;
    for (;;) {
      const session = await this.ensureSession(req.signal);
      const idle = this.lastRequestAt !== undefined && this.clock() - this.lastRequestAt >= this.refreshAfterMs;
      let res: HttpResponse | undefined;
      let env: PhoneEnvelope | undefined;
      if (!idle || (await this.refresh(session, req.signal))) {
        res = await this.send(session, req);
        this.lastRequestAt = this.clock();
        env = envelopeOf(res);
        if (!expired(req.path, res, env)) return { res, env };
      }
      this.drop(session);
      if (relogged) {
        throw new DeviceRejectedError({
          device: this.device,
          endpoint: res?.endpoint ?? this.http.url(req.path).pathname,
          code: 'session-taken-over',
          message: `${this.device}: the phone ended Frontdesk's session again right after a fresh login: another login as "${this.username}" (another desk, or a browser on the phone's web page) may keep taking it over. Log out there or give Frontdesk its own account; Frontdesk tries again on the next request.`,
        });
      }
      relogged = true;
    }
  }

  /** A request whose answer must be the JSON envelope; returns its body (success or bare JSON). */
  async call(req: Sha256Request): Promise<{ body: unknown; raw: Record<string, unknown> }> {
    const { res, env } = await this.request(req);
    return this.interpret(res, env);
  }

  /** The body of an answer that must be the JSON envelope; typed errors otherwise. */
  interpret(res: HttpResponse, env: PhoneEnvelope | undefined): { body: unknown; raw: Record<string, unknown> } {
    if (res.status === 404) {
      throw new ProtocolError({ device: this.device, endpoint: res.endpoint, message: `${this.device}: the phone has no ${res.endpoint} (HTTP 404). Its firmware may not offer this function.` });
    }
    if (res.status === 403) {
      throw new DeviceRejectedError({
        device: this.device,
        endpoint: res.endpoint,
        code: '403',
        message: `${this.device}: the phone forbids ${res.endpoint} (HTTP 403). The account "${this.username}" may lack the privilege: use the admin account.`,
      });
    }
    if (res.status !== 200 || env === undefined) {
      const text = res.text().trim();
      throw new ProtocolError({
        device: this.device,
        endpoint: res.endpoint,
        message: `${this.device}: ${res.endpoint} answered HTTP ${res.status}${text ? ` (${describe(text)})` : ''}, not the phone's JSON. The phone may be busy or restarting; it will be retried.`,
      });
    }
    switch (env.kind) {
      case 'success':
        return { body: env.body, raw: env.raw };
      case 'bare':
        return { body: env.value, raw: isRecord(env.value) ? env.value : {} };
      case 'unauthorized':
        return { body: 'unauthorized', raw: isRecord(env.raw) ? env.raw : {} };
      case 'error':
        throw new DeviceRejectedError({
          device: this.device,
          endpoint: res.endpoint,
          code: env.code ?? (env.message.slice(0, 40) || undefined),
          message: `${this.device}: the phone refused ${res.endpoint}: ${env.message}${env.code ? ` (code ${env.code})` : ''}. Check the request and the phone's state.`,
        });
    }
  }
}
