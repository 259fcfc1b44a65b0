/**
 * Login of the Grandstream SHA-256 session family (GXP21xx, GRP26xx, WP8x6 and others), observed on
 * real firmware (field notes, issue 11):
 * 1. `POST /cgi-bin/access` with form `access=sha256_hex(username)` → `{"response":"success","body":"<nonce>"}`;
 *    cookies it sets go back with step 2;
 * 2. `POST /cgi-bin/dologin` with `username=<plain>&password=sha256_hex(password + nonce)` →
 *    `body.sid` (64 hex), `body.role` = sha256_hex(role + sid) (the role is known only by hashing
 *    the candidates), `body.ver`, `body.mac`.
 * Refusals: `{"response":"error","body":"wrong4"}` (digits = attempts left before the lock),
 * `{"response":"error","body":"locked","lockTime":5}` (minutes), `"user is not allow"` (web access
 * disabled for that user). Every request carries `X-Requested-With: XMLHttpRequest` and a
 * same-origin `Origin` and `Referer` (without them form POSTs get a bare HTML 403).
 */
import { createHash } from 'node:crypto';
import { ProtocolError, UnsupportedFirmwareError } from '../../core/driver/errors';
import type { HttpClient, HttpResponse } from '../common/http';
import { parseSetCookie } from './auth';
import { field, isRecord, parseEnvelope, PhoneParseError, str } from './parsers';
import type { PhoneEnvelope } from './types';

export function sha256Hex(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('hex');
}

/** The user name when none is configured: the web administrator of these phones. */
export const SHA256_DEFAULT_USER = 'admin';
/** Roles tried against `body.role` (sha256_hex(role + sid)). */
export const ROLE_CANDIDATES = ['admin', 'user'] as const;

export interface Sha256Session {
  sid: string;
  /** Cookies the phone set at login (e.g. session-identity), sent back with the sid cookie. */
  cookies: Record<string, string>;
  /** The role whose hash matched `body.role`, if any. */
  role: string | undefined;
  ver: string;
  mac: string;
}

export type Sha256LoginOutcome =
  | { ok: true; session: Sha256Session }
  | { ok: false; reason: 'rejected'; endpoint: string; attemptsLeft: number | undefined; detail: string }
  | { ok: false; reason: 'locked'; endpoint: string; retryAfterMs: number | undefined; detail: string }
  | { ok: false; reason: 'not-allowed'; endpoint: string; detail: string };

/** The headers a browser on the phone's own page would send. */
export function browserHeaders(base: URL): Record<string, string> {
  return { 'x-requested-with': 'XMLHttpRequest', origin: base.origin, referer: `${base.origin}/` };
}

export function formBody(fields: Record<string, string | number | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) p.set(k, String(v));
  return p.toString();
}

export function envelopeOf(res: HttpResponse): PhoneEnvelope | undefined {
  try {
    return parseEnvelope(res.text());
  } catch (e) {
    if (e instanceof PhoneParseError) return undefined;
    throw e;
  }
}

export function cookieHeader(cookies: Record<string, string>): string {
  return Object.entries(cookies)
    .map(([k, v]) => `${k}=${v}`)
    .join('; ');
}

/** The role whose sha256_hex(role + sid) equals the answered hash. */
export function roleOf(hash: string, sid: string): string | undefined {
  const h = hash.trim().toLowerCase();
  return ROLE_CANDIDATES.find((r) => sha256Hex(r + sid) === h);
}

/** Read a dologin refusal. */
export function readRefusal(env: PhoneEnvelope | undefined, endpoint: string): Sha256LoginOutcome | undefined {
  if (env?.kind !== 'error') return undefined;
  const word = env.message.trim();
  if (/^locked$/i.test(word)) {
    const minutes = Number(str(field(env.raw, 'lockTime', 'locktime', 'lock_time')));
    const retryAfterMs = Number.isFinite(minutes) && minutes > 0 ? minutes * 60_000 : undefined;
    return { ok: false, reason: 'locked', endpoint, retryAfterMs, detail: retryAfterMs ? `locked for ${minutes} min` : 'locked' };
  }
  if (/not\s*allow/i.test(word)) return { ok: false, reason: 'not-allowed', endpoint, detail: word.slice(0, 60) };
  const wrong = /^wrong(\d+)?$/i.exec(word);
  const attemptsLeft = wrong?.[1] === undefined ? undefined : Number(wrong[1]);
  return { ok: false, reason: 'rejected', endpoint, attemptsLeft, detail: word.slice(0, 60) };
}

export interface Sha256LoginContext {
  http: HttpClient;
  device: string;
  username: string;
  password: string;
  signal?: AbortSignal;
}

function unexpected(ctx: Sha256LoginContext, res: HttpResponse, what: string): ProtocolError {
  return new ProtocolError({
    device: ctx.device,
    endpoint: res.endpoint,
    message: `${ctx.device}: ${res.endpoint} answered ${what} during login. The phone may be busy or restarting; it will be retried later.`,
  });
}

/** One login: access, then dologin. Never retries; a refusal is returned, not thrown. */
export async function sha256Login(ctx: Sha256LoginContext): Promise<Sha256LoginOutcome> {
  const user = ctx.username || SHA256_DEFAULT_USER;
  const headers = { ...browserHeaders(ctx.http.base), 'content-type': 'application/x-www-form-urlencoded' };
  const access = await ctx.http.send({ method: 'POST', path: 'access', headers, body: formBody({ access: sha256Hex(user) }), signal: ctx.signal });
  if (access.status === 404) {
    throw new UnsupportedFirmwareError({
      device: ctx.device,
      endpoint: access.endpoint,
      message: `${ctx.device}: ${access.endpoint} does not exist, so this phone does not use the SHA-256 login of the GXP21xx/GRP26xx family. Remove the pinned family from the device settings to let Frontdesk detect it.`,
    });
  }
  if (access.status !== 200) throw unexpected(ctx, access, `HTTP ${access.status}`);
  const accessEnv = envelopeOf(access);
  const refusedEarly = readRefusal(accessEnv, access.endpoint);
  if (refusedEarly && !refusedEarly.ok && refusedEarly.reason !== 'rejected') return refusedEarly;
  const nonce = accessEnv?.kind === 'success' ? str(accessEnv.body) : '';
  if (nonce === '') throw unexpected(ctx, access, 'no login nonce');
  const accessCookies = parseSetCookie(access.headers['set-cookie']);
  const cookie = cookieHeader(accessCookies);
  const res = await ctx.http.send({
    method: 'POST',
    path: 'dologin',
    headers: { ...headers, ...(cookie ? { cookie } : {}) },
    body: formBody({ username: user, password: sha256Hex(ctx.password + nonce) }),
    signal: ctx.signal,
  });
  if (res.status !== 200) throw unexpected(ctx, res, `HTTP ${res.status}`);
  const env = envelopeOf(res);
  const refused = readRefusal(env, res.endpoint);
  if (refused) return refused;
  const body = env?.kind === 'success' ? env.body : undefined;
  const sid = isRecord(body) ? str(field(body, 'sid')) : '';
  if (!isRecord(body) || !/^[0-9a-f]{16,128}$/i.test(sid)) throw unexpected(ctx, res, 'a success without a session id');
  return {
    ok: true,
    session: {
      sid,
      cookies: { ...parseSetCookie(res.headers['set-cookie']), sid },
      role: roleOf(str(field(body, 'role')), sid),
      ver: str(field(body, 'ver', 'version')),
      mac: str(field(body, 'mac')),
    },
  };
}
