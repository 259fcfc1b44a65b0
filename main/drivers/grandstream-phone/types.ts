/**
 * Types of the Grandstream GXV32xx/33xx phone Web API (seeds 000 and 001) as the driver sees them,
 * and the pluggable authentication strategy interface.
 */
import type { HttpClient, HttpResponse } from '../common/http';

/**
 * The user name when none is configured: the manuals' default web-service user (Grandstream
 * GXV3370 WEB API User Guide, "Password Token Authentication": "The default username is gmiadmin").
 */
export const DEFAULT_USER = 'gmiadmin';

/** The values endpoint has two spellings in the field (field notes): seeds use a dash, sibling firmware a dot. */
export type ValuesEndpoint = 'api-values.get' | 'api.values.get';
export const VALUES_ENDPOINTS: readonly ValuesEndpoint[] = ['api-values.get', 'api.values.get'];

/**
 * What an authenticated request carries. A strategy fills it after login; the client merges it
 * into every API call. Cookies are sent as one `Cookie` header.
 */
export interface PhoneSession {
  cookies: Record<string, string>;
  /** Extra query parameters on every call (e.g. `sid`, or a passcode on simple firmware). */
  query: Record<string, string>;
  headers: Record<string, string>;
  /** Date.now() when the session was established. */
  createdAt: number;
}

/** Result of a login attempt. The strategy never throws for a rejected credential: it reports it. */
export type LoginOutcome =
  | { ok: true; session: PhoneSession }
  | { ok: false; reason: 'rejected'; endpoint: string; detail: string }
  | { ok: false; reason: 'locked'; endpoint: string; detail: string; retryAfterMs?: number };

export interface LoginContext {
  http: HttpClient;
  device: string;
  username: string;
  password: string;
  signal?: AbortSignal;
}

/**
 * A way to log in to a phone. The seeds' challenge login (`loginrealm` + `login`) is implemented
 * in auth.ts. Other families plug in here without touching the client:
 * - GXP21xx/GRP26xx/WP8x6: SHA-256 two-step at `cgi-bin/access` + `cgi-bin/dologin`;
 * - simple firmware: no login at all, a `passcode` query parameter on each call (a strategy whose
 *   `login` returns a session with `query: { passcode }` and never talks to the device).
 * Network and protocol failures propagate as the typed errors of HttpClient / ProtocolError.
 */
export interface PhoneAuthStrategy {
  readonly name: string;
  login(ctx: LoginContext): Promise<LoginOutcome>;
  /**
   * Whether an API answer means "this session is no longer valid". The client then logs in once
   * more and repeats the call once. Default rule lives in the client (401, or an `unauthorized` body).
   */
  isSessionExpired?(res: HttpResponse, parsed: unknown): boolean;
}

/** A parsed API answer of the phone. */
export type PhoneEnvelope =
  /** `{"response":"success","body":…}` or `{"res":"success","msg":…}` */
  | { kind: 'success'; body: unknown; raw: Record<string, unknown> }
  /** `{"response":"error",…}`: the device understood and refused. */
  | { kind: 'error'; code: string | undefined; message: string; raw: Record<string, unknown> }
  /** The session is expired or the credential is invalid (`unauthorized`). */
  | { kind: 'unauthorized'; raw: unknown }
  /** JSON without the envelope (e.g. api-get_time answers `{"date":…}`). */
  | { kind: 'bare'; value: unknown };
