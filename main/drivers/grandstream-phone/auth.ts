/**
 * Authentication strategies of the Grandstream phone driver.
 *
 * `ChallengeLoginStrategy` is the seeds' "WEB AUTHENTICATION GUIDE": GET `loginrealm` hands out a
 * one-time random, GET `login?Username=<user>&Secret=MD5(user:random:password)` opens a session.
 * Seed 000 shows ':' as the separator, seed 001 '.', read as extraction damage: ':' is the default
 * and `DriverConfig.loginSeparator` overrides it.
 *
 * The session is whatever the phone hands back: cookies (Set-Cookie), and a session id in the
 * JSON answer that no cookie carries is sent as a `sid` query parameter and cookie.
 */
import { ProtocolError, UnsupportedFirmwareError } from '../../core/driver/errors';
import { md5Hex, type HttpResponse } from '../common/http';
import { isRecord, str, field, parseEnvelope, PhoneParseError } from './parsers';
import { DEFAULT_USER, type LoginContext, type LoginOutcome, type PhoneAuthStrategy, type PhoneEnvelope, type PhoneSession } from './types';

/** Split a (possibly comma-joined) Set-Cookie header into name → value. */
export function parseSetCookie(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(/,(?=\s*[^;=\s,]+=)/)) {
    const pair = part.split(';', 1)[0]?.trim() ?? '';
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    out[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  return out;
}

const LOCK_WORDS = /lock|too many|retry later|try again later|banned|blocked/i;

/** Milliseconds to wait, from a Retry-After header or a retry field in the body. */
function retryAfter(res: HttpResponse, raw: unknown): number | undefined {
  const h = res.headers['retry-after'];
  if (h !== undefined && /^\d+$/.test(h.trim())) return Number(h.trim()) * 1000;
  if (isRecord(raw)) {
    const inBody = isRecord(raw.body) ? raw.body : raw;
    const ms = str(field(inBody, 'retryAfterMs', 'retry_after_ms', 'lockout_ms'));
    if (/^\d+$/.test(ms)) return Number(ms);
    const s = str(field(inBody, 'retryAfter', 'retry_after', 'lock_time', 'locktime', 'remaining'));
    if (/^\d+$/.test(s)) return Number(s) * 1000;
  }
  return undefined;
}

function safeEnvelope(text: string): PhoneEnvelope | undefined {
  try {
    return parseEnvelope(text);
  } catch (e) {
    if (e instanceof PhoneParseError) return undefined;
    throw e;
  }
}

const SESSION_FIELDS = ['sid', 'session', 'session_id', 'sessionid', 'session-identity', 'token'];

function sessionIdFrom(raw: unknown): string | undefined {
  const places: unknown[] = [raw];
  if (isRecord(raw)) places.push(raw.body, raw.msg);
  for (const p of places) {
    if (!isRecord(p)) continue;
    const v = str(field(p, ...SESSION_FIELDS));
    if (v !== '') return v;
  }
  return undefined;
}

/** Read the random of `loginrealm`: bare text, a JSON string or number, or an envelope with the random as body. */
export function parseRealm(text: string): string | undefined {
  const t = text.replace(/^\uFEFF/, '').trim();
  if (/^[A-Za-z0-9._~+/=-]{1,128}$/.test(t)) return t;
  const env = safeEnvelope(t);
  if (!env) return undefined;
  let v: unknown;
  if (env.kind === 'success') v = isRecord(env.body) ? field(env.body, 'random', 'realm', 'nonce', 'challenge') : env.body;
  else if (env.kind === 'bare') v = isRecord(env.value) ? field(env.value, 'random', 'realm', 'nonce', 'challenge', 'body') : env.value;
  const s = str(v);
  return /^[A-Za-z0-9._~+/=-]{1,128}$/.test(s) ? s : undefined;
}

export class ChallengeLoginStrategy implements PhoneAuthStrategy {
  readonly name = 'challenge-md5';
  constructor(private readonly separator: string = ':') {}

  /** The Secret parameter of `login`. */
  secret(user: string, random: string, password: string): string {
    return md5Hex(`${user}${this.separator}${random}${this.separator}${password}`);
  }

  async login(ctx: LoginContext): Promise<LoginOutcome> {
    const realmRes = await ctx.http.send({ path: 'loginrealm', signal: ctx.signal });
    if (realmRes.status === 404) {
      throw new UnsupportedFirmwareError({
        device: ctx.device,
        endpoint: realmRes.endpoint,
        message: `${ctx.device}: ${realmRes.endpoint} does not exist, so this phone does not use the challenge login of the GXV32xx/33xx Web API. Check the URL, or the phone model: other Grandstream families log in differently and are not supported yet.`,
      });
    }
    const realmLocked = this.lockedOutcome(realmRes);
    if (realmLocked) return realmLocked;
    if (realmRes.status !== 200) throw this.httpError(ctx, realmRes);
    const random = parseRealm(realmRes.text());
    if (random === undefined) {
      throw new ProtocolError({
        device: ctx.device,
        endpoint: realmRes.endpoint,
        message: `${ctx.device}: ${realmRes.endpoint} did not hand out a login random (got ${JSON.stringify(realmRes.text().slice(0, 60))}). Check that the URL points at the phone.`,
      });
    }
    const user = ctx.username || DEFAULT_USER;
    const res = await ctx.http.send({
      path: 'login',
      query: { Username: user, Secret: this.secret(user, random, ctx.password) },
      signal: ctx.signal,
    });
    const locked = this.lockedOutcome(res);
    if (locked) return locked;
    const text = res.text();
    const env = safeEnvelope(text);
    if (res.status === 401 || res.status === 403 || env?.kind === 'unauthorized' || env?.kind === 'error') {
      const detail = env?.kind === 'error' ? env.message : `HTTP ${res.status}`;
      return { ok: false, reason: 'rejected', endpoint: res.endpoint, detail };
    }
    if (res.status !== 200) throw this.httpError(ctx, res);
    const cookies = parseSetCookie(res.headers['set-cookie']);
    const raw = env?.kind === 'success' ? env.raw : env?.kind === 'bare' ? env.value : undefined;
    const sid = sessionIdFrom(raw);
    const okText = env?.kind === 'success' || /^(success|ok)$/i.test(text.trim());
    if (!okText && Object.keys(cookies).length === 0 && sid === undefined) {
      throw new ProtocolError({
        device: ctx.device,
        endpoint: res.endpoint,
        message: `${ctx.device}: ${res.endpoint} answered neither success nor an error (got ${JSON.stringify(text.slice(0, 60))}). Check that the URL points at a Grandstream GXV phone.`,
      });
    }
    const session: PhoneSession = { cookies, query: {}, headers: {}, createdAt: Date.now() };
    // A session id in the body that no cookie carries travels as ?sid= (and as a cookie).
    if (sid !== undefined && !Object.values(cookies).includes(sid)) {
      session.query.sid = sid;
      session.cookies.sid = sid;
    }
    return { ok: true, session };
  }

  private lockedOutcome(res: HttpResponse): LoginOutcome | undefined {
    const text = res.text();
    const env = safeEnvelope(text);
    const detail = env?.kind === 'error' ? env.message : text.trim().slice(0, 120);
    const lockedStatus = res.status === 423 || res.status === 429;
    if (lockedStatus || ((env?.kind === 'error' || res.status >= 400) && LOCK_WORDS.test(detail))) {
      const raw = env?.kind === 'error' ? env.raw : undefined;
      const ms = retryAfter(res, raw);
      return { ok: false, reason: 'locked', endpoint: res.endpoint, detail, ...(ms === undefined ? {} : { retryAfterMs: ms }) };
    }
    return undefined;
  }

  private httpError(ctx: LoginContext, res: HttpResponse): ProtocolError {
    return new ProtocolError({
      device: ctx.device,
      endpoint: res.endpoint,
      message: `${ctx.device}: ${res.endpoint} answered HTTP ${res.status} during login. The phone may be busy or restarting; it will be retried later.`,
    });
  }
}
