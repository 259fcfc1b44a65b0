/**
 * Transport of the Grandstream phone driver: the `cgi-bin/` base URL, a session from a pluggable
 * auth strategy, one fresh login and one retry when a call is refused (many phones keep one
 * session per account: another login can end ours at any moment), latches for a rejected
 * credential, a lockout and a per-endpoint privilege refusal (no further logins until a new driver
 * or the lock ends; other endpoints keep the session), the values endpoint spelling fallback, and
 * a poll that skips parsing an answer identical to the previous one.
 */
import { AuthError, DeviceRejectedError, LockedOutError, ProtocolError } from '../../core/driver/errors';
import type { DriverConfig } from '../../core/driver/types';
import { apiBase, HttpClient, type HttpResponse } from '../common/http';
import { unreadableAnswer } from '../common/shape';
import { ChallengeLoginStrategy } from './auth';
import { describe, isRecord, parseEnvelope, PhoneParseError } from './parsers';
import { DEFAULT_USER, VALUES_ENDPOINTS, type PhoneAuthStrategy, type PhoneEnvelope, type PhoneSession, type ValuesEndpoint } from './types';

export interface PhoneCallOptions {
  signal?: AbortSignal;
  /** Return an `unauthorized` envelope that survives the one re-login instead of throwing (phone status). */
  allowUnauthorized?: boolean;
}

interface SessionParts {
  session: PhoneSession;
  query: Readonly<Record<string, string>>;
  headers: Readonly<Record<string, string>>;
}

/** A polled answer: its bytes and what was read from them. */
export interface Polled<T> {
  readonly bytes: Buffer;
  readonly value: T;
}

export interface PhoneClientOptions {
  strategy?: PhoneAuthStrategy;
  /** Lockout wait when the device does not say how long (default 60 s). */
  defaultLockoutMs?: number;
}

const LOCK_WORDS = /lock|too many/i;
const STATUS_PATH = 'api-get_phone_status';
const NO_QUERY: Record<string, never> = Object.freeze({});

/** Internal: a 404 from the device, so callers can fall back to another endpoint spelling. */
class NotFound extends Error {
  constructor(readonly res: HttpResponse) {
    super(`not found: ${res.endpoint}`);
  }
}

export class PhoneClient {
  readonly device: string;
  readonly http: HttpClient;
  readonly strategy: PhoneAuthStrategy;
  private readonly username: string;
  private readonly password: string;
  private readonly defaultLockoutMs: number;
  private session: PhoneSession | undefined;
  private loginInFlight: Promise<PhoneSession> | undefined;
  private authFailure: AuthError | undefined;
  /** Endpoints (request paths) that refused a freshly made session: a privilege problem, latched. */
  private readonly refusedEndpoints = new Map<string, AuthError>();
  private lockedUntil = 0;
  private lockDetail = '';
  private valuesEndpoint: ValuesEndpoint | undefined;
  private parts: SessionParts | undefined;
  /** Number of login attempts made (successful or not); for diagnostics and tests. */
  loginCount = 0;

  constructor(config: DriverConfig, opts: PhoneClientOptions = {}) {
    this.device = config.device;
    this.username = config.username;
    this.password = config.password;
    this.strategy = opts.strategy ?? new ChallengeLoginStrategy(config.loginSeparator || ':');
    this.defaultLockoutMs = opts.defaultLockoutMs ?? 60_000;
    this.http = new HttpClient({
      device: config.device,
      baseUrl: apiBase(config.url, 'cgi-bin'),
      timeoutMs: config.timeoutMs,
      maxBodyBytes: config.maxBodyBytes,
      tlsFingerprint: config.tlsFingerprint,
    });
  }

  /** The values endpoint spelling the device answered on, once known. */
  get valuesSpelling(): ValuesEndpoint | undefined {
    return this.valuesEndpoint;
  }

  /** The credential rejection this client latched, if any. */
  get rejected(): AuthError | undefined {
    return this.authFailure;
  }

  async close(): Promise<void> {
    this.session = undefined;
    await this.http.close();
  }

  // -------------------------------------------------------------------------------------------
  // Sessions

  private async ensureSession(signal: AbortSignal | undefined): Promise<PhoneSession> {
    if (this.authFailure) throw this.authFailure;
    const now = Date.now();
    if (this.lockedUntil > now) throw this.lockedError(this.lockedUntil - now, undefined);
    if (this.session) return this.session;
    this.loginInFlight ??= this.login(signal).finally(() => {
      this.loginInFlight = undefined;
    });
    return this.loginInFlight;
  }

  private lockedError(remainingMs: number, endpoint: string | undefined): LockedOutError {
    const secs = Math.ceil(remainingMs / 1000);
    return new LockedOutError({
      device: this.device,
      endpoint: endpoint ?? '/cgi-bin/login',
      retryAfterMs: remainingMs,
      message: `${this.device}: the phone has locked its login after too many failed attempts${this.lockDetail ? ` (${this.lockDetail})` : ''}. Frontdesk waits ${secs} s before trying again; check the password meanwhile.`,
    });
  }

  private async login(signal: AbortSignal | undefined): Promise<PhoneSession> {
    this.loginCount++;
    const outcome = await this.strategy.login({
      http: this.http,
      device: this.device,
      username: this.username,
      password: this.password,
      signal,
    });
    if (outcome.ok) {
      this.session = outcome.session;
      return outcome.session;
    }
    this.session = undefined;
    if (outcome.reason === 'locked') {
      const ms = outcome.retryAfterMs ?? this.defaultLockoutMs;
      this.lockedUntil = Date.now() + ms;
      this.lockDetail = outcome.detail;
      throw this.lockedError(ms, outcome.endpoint);
    }
    this.authFailure = new AuthError({
      device: this.device,
      endpoint: outcome.endpoint,
      message: `${this.device}: the phone rejected user "${this.username || DEFAULT_USER}" and its password at ${outcome.endpoint} (${outcome.detail}). Correct the credentials in the device settings; Frontdesk will not log in again until then, because repeated failures lock the phone's account.`,
    });
    throw this.authFailure;
  }

  /**
   * What a session adds to every request: its query parameters and headers (the cookies as one
   * `Cookie` header), built once per session and reused, so a poll allocates no new ones.
   */
  private sessionParts(session: PhoneSession): SessionParts {
    if (this.parts?.session === session) return this.parts;
    const headers: Record<string, string> = { ...session.headers };
    const cookie = Object.entries(session.cookies)
      .map(([k, v]) => `${k}=${v}`)
      .join('; ');
    if (cookie) headers.cookie = cookie;
    this.parts = { session, query: Object.freeze({ ...session.query }), headers: Object.freeze(headers) };
    return this.parts;
  }

  /** Whether an answer means the session is gone (401, or an `unauthorized` body). */
  private expired(res: HttpResponse, env: PhoneEnvelope | undefined): boolean {
    if (this.strategy.isSessionExpired) return this.strategy.isSessionExpired(res, env);
    if (res.status === 401) return true;
    return env?.kind === 'unauthorized';
  }

  private envelopeOf(res: HttpResponse): PhoneEnvelope | undefined {
    if (res.status !== 200 && res.status !== 401) return undefined;
    try {
      return parseEnvelope(res.text());
    } catch (e) {
      if (e instanceof PhoneParseError) return undefined;
      throw e;
    }
  }

  /** The privilege refusal latched for an endpoint (request path such as `api-get_line_status`), if any. */
  refusedEndpoint(path: string): AuthError | undefined {
    return this.refusedEndpoints.get(path);
  }

  /**
   * Send one authenticated request. A refused request (401 or an `unauthorized` answer) gets one
   * fresh login and one retry, also when the session was made for this very request: many phones
   * keep one session per account, so another login (another desk, an admin's browser) can end ours
   * at any moment, even right after our login. Refused again after that retry, the session is
   * checked once with api-get_phone_status (no login): if the phone says it is gone, another login
   * keeps taking it over (DeviceRejectedError, code `session-taken-over`, not remembered); if the
   * session is still good, the account lacks the privilege for this endpoint, and that refusal is
   * remembered: later calls to it rethrow the same AuthError without traffic. An `allowUnauthorized`
   * endpoint (phone status) that was refused is still asked, once, with the current session and
   * never logs in again for it; an answer that is not unauthorized lifts its latch.
   *
   * `same`: when the answer is HTTP 200 with exactly these bytes, it is returned with `same: true`
   * and not parsed (the poll path of `lines()`).
   */
  async request(
    path: string,
    query: Record<string, string | number | undefined> = {},
    opts: PhoneCallOptions = {},
    same?: Buffer,
  ): Promise<{ res: HttpResponse; env: PhoneEnvelope | undefined; same: boolean }> {
    const refused = this.refusedEndpoints.get(path);
    if (refused && !opts.allowUnauthorized) throw refused;
    let relogged = false;
    for (;;) {
      const session = await this.ensureSession(opts.signal);
      const parts = this.sessionParts(session);
      const q = query === NO_QUERY ? parts.query : { ...query, ...parts.query };
      const res = await this.http.send({ path, query: q, headers: parts.headers, signal: opts.signal });
      if (same !== undefined && res.status === 200 && res.body.equals(same)) return { res, env: undefined, same: true };
      const env = this.envelopeOf(res);
      if (!this.expired(res, env)) {
        if (refused) this.refusedEndpoints.delete(path);
        return { res, env, same: false };
      }
      if (!refused && !relogged) {
        relogged = true;
        if (this.session === session) this.session = undefined;
        continue;
      }
      if (!refused && path !== STATUS_PATH && (await this.sessionGone(opts.signal))) {
        if (this.session === session) this.session = undefined;
        throw new DeviceRejectedError({
          device: this.device,
          endpoint: res.endpoint,
          code: 'session-taken-over',
          message: `${this.device}: the phone ended Frontdesk's session again right after a fresh login: another login as "${this.username || DEFAULT_USER}" (another desk, or a browser on the phone's web page) keeps taking it over, and this phone keeps one session per account. Log out there or give Frontdesk its own account; Frontdesk tries again on the next request.`,
        });
      }
      const err =
        refused ??
        new AuthError({
          device: this.device,
          endpoint: res.endpoint,
          message: `${this.device}: the phone accepted the login but refuses ${res.endpoint} as unauthorized. The account "${this.username || DEFAULT_USER}" may lack the privilege: use the admin account. Frontdesk will not ask again until the settings change.`,
        });
      this.refusedEndpoints.set(path, err);
      if (opts.allowUnauthorized && env?.kind === 'unauthorized') return { res, env, same: false };
      throw err;
    }
  }

  /** Whether the current session is gone, by api-get_phone_status ("unauthorized = the session is expired"). No login. */
  private async sessionGone(signal: AbortSignal | undefined): Promise<boolean> {
    const session = this.session;
    if (!session) return true;
    const parts = this.sessionParts(session);
    const res = await this.http.send({ path: STATUS_PATH, query: parts.query, headers: parts.headers, signal });
    return this.expired(res, this.envelopeOf(res));
  }

  /** An API call answering the JSON envelope; returns the success body and the whole answer. */
  private async api(path: string, query: Record<string, string | number | undefined> = {}, opts: PhoneCallOptions = {}): Promise<{ body: unknown; raw: Record<string, unknown>; env: PhoneEnvelope }> {
    const { res, env } = await this.request(path, query, opts);
    return this.interpret(res, env);
  }

  /**
   * A poll of an endpoint without parameters. When the answer has exactly the bytes of `last`,
   * `last` itself is returned and nothing is parsed; otherwise `read` turns the body into a value.
   */
  async poll<T>(path: string, last: Polled<T> | undefined, read: (body: unknown) => T, opts: PhoneCallOptions = {}): Promise<Polled<T>> {
    try {
      const { res, env, same } = await this.request(path, NO_QUERY, opts, last?.bytes);
      if (same && last) return last;
      return { bytes: res.body, value: read(this.interpret(res, env).body) };
    } catch (e) {
      throw PhoneClient.notFoundToProtocol(e, this.device);
    }
  }

  private interpret(res: HttpResponse, env: PhoneEnvelope | undefined): { body: unknown; raw: Record<string, unknown>; env: PhoneEnvelope } {
    this.checkStatus(res);
    if (!env) {
      let why: string;
      try {
        parseEnvelope(res.text());
        why = 'an unexpected answer';
      } catch (e) {
        why = e instanceof Error ? e.message : String(e);
      }
      throw this.protocol(res, why);
    }
    switch (env.kind) {
      case 'success':
        return { body: env.body, raw: env.raw, env };
      case 'bare':
        return { body: env.value, raw: isRecord(env.value) ? env.value : {}, env };
      case 'unauthorized':
        return { body: 'unauthorized', raw: isRecord(env.raw) ? env.raw : {}, env };
      case 'error':
        throw new DeviceRejectedError({
          device: this.device,
          endpoint: res.endpoint,
          code: env.code,
          message: `${this.device}: the phone refused ${res.endpoint}: ${env.message}${env.code ? ` (code ${env.code})` : ''}. Check the request and the phone's state.`,
        });
    }
  }

  /** A call answering plain text (the phonebook XML). */
  async text(path: string, query: Record<string, string | number | undefined> = {}, opts: PhoneCallOptions = {}): Promise<{ text: string; res: HttpResponse }> {
    const { res, env } = await this.request(path, query, opts);
    try {
      this.checkStatus(res);
    } catch (e) {
      throw PhoneClient.notFoundToProtocol(e, this.device);
    }
    if (env?.kind === 'error') {
      throw new DeviceRejectedError({
        device: this.device,
        endpoint: res.endpoint,
        code: env.code,
        message: `${this.device}: the phone refused ${res.endpoint}: ${env.message}${env.code ? ` (code ${env.code})` : ''}.`,
      });
    }
    return { text: res.text(), res };
  }

  protocol(res: HttpResponse, what: string): ProtocolError {
    return unreadableAnswer(this.device, res.endpoint, what);
  }

  private checkStatus(res: HttpResponse): void {
    if (res.status === 200) return;
    if (res.status === 404) throw new NotFound(res);
    const text = res.text().trim();
    if (res.status === 403 || res.status === 423 || res.status === 429) {
      if (LOCK_WORDS.test(text) || res.status !== 403) {
        this.lockedUntil = Date.now() + this.defaultLockoutMs;
        this.session = undefined;
        throw this.lockedError(this.defaultLockoutMs, res.endpoint);
      }
      throw new DeviceRejectedError({
        device: this.device,
        endpoint: res.endpoint,
        code: '403',
        message: `${this.device}: the phone forbids ${res.endpoint} (HTTP 403). The account "${this.username || DEFAULT_USER}" may lack the privilege: use the admin account.`,
      });
    }
    throw new ProtocolError({
      device: this.device,
      endpoint: res.endpoint,
      message: `${this.device}: ${res.endpoint} answered HTTP ${res.status}${text ? ` (${describe(text)})` : ''}. The phone may be busy or restarting; it will be retried.`,
    });
  }

  /** Turn the internal NotFound into a ProtocolError for callers without a fallback. */
  static notFoundToProtocol(e: unknown, device: string): unknown {
    if (!(e instanceof NotFound)) return e;
    return new ProtocolError({
      device,
      endpoint: e.res.endpoint,
      message: `${device}: the phone has no ${e.res.endpoint} (HTTP 404). Its firmware may not support this function, or the URL does not point at the phone.`,
    });
  }

  /** api-values.get, falling back to api.values.get on 404 (and back), remembering the spelling that answered. */
  async values(keys: string[], opts: PhoneCallOptions = {}): Promise<{ body: unknown; raw: Record<string, unknown> }> {
    const order = this.valuesEndpoint ? [this.valuesEndpoint, ...VALUES_ENDPOINTS.filter((e) => e !== this.valuesEndpoint)] : [...VALUES_ENDPOINTS];
    let last: NotFound | undefined;
    for (const endpoint of order) {
      try {
        const r = await this.api(endpoint, { request: keys.join(':') }, opts);
        this.valuesEndpoint = endpoint;
        return r;
      } catch (e) {
        if (e instanceof NotFound) {
          last = e;
          continue;
        }
        throw e;
      }
    }
    throw new ProtocolError({
      device: this.device,
      endpoint: last?.res.endpoint,
      message: `${this.device}: the phone answers neither api-values.get nor api.values.get (HTTP 404). Check that the URL points at a Grandstream GXV phone.`,
    });
  }

  /** An API call that maps a 404 to ProtocolError. */
  async call(path: string, query: Record<string, string | number | undefined> = {}, opts: PhoneCallOptions = {}): Promise<{ body: unknown; raw: Record<string, unknown>; env: PhoneEnvelope }> {
    try {
      return await this.api(path, query, opts);
    } catch (e) {
      throw PhoneClient.notFoundToProtocol(e, this.device);
    }
  }
}
