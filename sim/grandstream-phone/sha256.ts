/**
 * The SHA-256 session family of Grandstream phones (GXP21xx, GRP26xx, WP8x6 and others), as observed
 * on real firmware (field notes, issue 11): `POST access` with `access=sha256_hex(user)` hands out a
 * nonce (and a cookie that `dologin` needs back); `POST dologin` with
 * `username=<plain>&password=sha256_hex(password + nonce)` opens a session whose 64-hex sid travels
 * as a `sid` form field or cookie (the phone also sets `session-identity`). Form POSTs need
 * `X-Requested-With: XMLHttpRequest` and a same-origin `Origin` and `Referer` (else a bare HTML 403);
 * a POST with neither a body nor a Content-Length gets HTTP 411. The session dies after
 * `sessionTtlMs` (60 s) of silence; `dorefresh` keeps it. An expired session answers HTTP 401 with an
 * HTML body on `api-*`, and HTTP 200 `{"response":"error","body":{"status":"session-expired"}}` on
 * `config_get`. `config_update` answers success even for writes it ignores (read-only values).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { SimRequestContext } from '../lib/types';
import type { Session } from './auth';
import type { PhoneCore } from './core';
import { getAccounts, lineStatus, makeCall, OPS, phoneStatus, sysOperation } from './endpoints';
import type { PhoneOp } from './calls';
import { fail, htmlStatus, ok, param, type PhoneRequest, type Reply } from './reply';

export function sha256Hex(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('hex');
}

/** Name of the cookie `access` sets and `dologin` needs back (the real name is not documented). */
export const ACCESS_COOKIE = 'access-token';
const NONCE_TTL_MS = 60_000;
const MAX_NONCES = 16;
/** Values config_update silently ignores: what the phone reports about itself. */
const READ_ONLY = new Set(['phone_model', 'prog_version', 'mac', '68', '7033', 'vendor_name', 'vendor_fullname', 'hw_rev']);

interface Pending {
  nonce: string;
  userHash: string;
  at: number;
}

const FORBIDDEN_HTML = htmlStatus(403, 'Forbidden');
const EXPIRED_HTML = htmlStatus(401, 'Unauthorized');
const NOT_FOUND = htmlStatus(404, 'Not Found');
const LENGTH_REQUIRED = htmlStatus(411, 'Length Required');
const SESSION_EXPIRED_JSON: Reply = { status: 200, kind: 'json', body: { response: 'error', body: { status: 'session-expired' } } };

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return undefined;
}

/** Whether a request carries the browser headers the phone's web server insists on. */
function browserLike(ctx: SimRequestContext): boolean {
  const h = ctx.req.headers;
  const host = h.host ?? '';
  const origin = h.origin ?? '';
  const referer = h.referer ?? '';
  const own = (u: string): boolean => {
    try {
      return new URL(u).host === host;
    } catch {
      return false;
    }
  };
  return h['x-requested-with'] === 'XMLHttpRequest' && own(origin) && own(referer);
}

export class Sha256Api {
  private pending: Map<string, Pending> | null = null;

  constructor(private readonly core: PhoneCore) {}

  /** Pending access nonces (for the simulator's state). */
  get pendingCount(): number {
    return this.pending?.size ?? 0;
  }

  reset(): void {
    this.pending = null;
  }

  handle(ctx: SimRequestContext, params: URLSearchParams, now: number, cookiePath: string): Reply {
    const m = /^\/cgi-bin\/([^/]+)$/.exec(ctx.path);
    const name = m?.[1] ?? '';
    const method = ctx.req.method ?? 'GET';
    if (method === 'POST' || method === 'PUT') {
      const h = ctx.req.headers;
      if (ctx.body.length === 0 && h['content-length'] === undefined && h['transfer-encoding'] === undefined) return LENGTH_REQUIRED;
      if (!browserLike(ctx)) return FORBIDDEN_HTML;
    }
    const cookie = ctx.req.headers.cookie;
    const sid = params.get('sid') ?? readCookie(cookie, 'sid') ?? readCookie(cookie, 'session-identity') ?? undefined;
    const session = this.core.auth.session(sid, now);
    const req: PhoneRequest = { params, session, passcode: false, now, cookiePath };
    switch (name) {
      case 'access':
        return method === 'POST' ? this.access(params, now, cookiePath) : NOT_FOUND;
      case 'dologin':
        return method === 'POST' ? this.dologin(params, readCookie(cookie, ACCESS_COOKIE), now, cookiePath) : NOT_FOUND;
      case 'dorefresh':
        return session ? ok('') : EXPIRED_HTML;
      case 'dologout':
        if (session) this.core.auth.close(session.sid);
        return ok('');
      case 'config_get':
        return session ? this.configGet(params) : SESSION_EXPIRED_JSON;
      case 'config_update':
        if (method !== 'PUT') return htmlStatus(501, 'Not Implemented');
        return session ? this.configUpdate(ctx.body) : SESSION_EXPIRED_JSON;
      default:
        break;
    }
    const api = API[name];
    if (!api) return NOT_FOUND;
    if (!session) return EXPIRED_HTML;
    return api(this.core, req);
  }

  private access(params: URLSearchParams, now: number, cookiePath: string): Reply {
    const userHash = param(params, 'access')?.trim().toLowerCase() ?? '';
    if (!/^[0-9a-f]{64}$/.test(userHash)) return fail('invalid access');
    const pending = (this.pending ??= new Map());
    for (const [k, p] of pending) if (now - p.at > NONCE_TTL_MS) pending.delete(k);
    while (pending.size >= MAX_NONCES) {
      const oldest = pending.keys().next().value;
      if (oldest === undefined) break;
      pending.delete(oldest);
    }
    const token = randomBytes(12).toString('hex');
    // A 31-character base64-like nonce, as public clients describe it.
    const nonce = randomBytes(24).toString('base64').replace(/[^A-Za-z0-9]/g, '').slice(0, 31);
    pending.set(token, { nonce, userHash, at: now });
    return { ...ok(nonce), headers: { 'Set-Cookie': `${ACCESS_COOKIE}=${token}; Path=${cookiePath}; HttpOnly` } };
  }

  private dologin(params: URLSearchParams, token: string | undefined, now: number, cookiePath: string): Reply {
    const user = param(params, 'username') ?? '';
    const proof = (param(params, 'password') ?? '').trim().toLowerCase();
    const p = token === undefined ? undefined : this.pending?.get(token);
    if (token !== undefined) this.pending?.delete(token);
    const auth = this.core.auth;
    const role = auth.roleOf(user);
    if (role === 'user' && !this.core.opts.userWebAccess) return fail('user is not allow');
    // Without the cookie of `access` (or with a nonce for another user) no proof can match: a failed login.
    const fresh = p !== undefined && now - p.at <= NONCE_TTL_MS && p.userHash === sha256Hex(user);
    const r = auth.verify(user, (password) => fresh && p !== undefined && sha256Hex(password + p.nonce) === proof, now, 32);
    if (!r.ok) {
      if (r.reason === 'locked') return { status: 200, kind: 'json', body: { response: 'error', body: 'locked', lockTime: Math.ceil(r.retryAfterMs / 60_000) } };
      return fail(`wrong${r.attemptsLeft ?? 0}`);
    }
    const s: Session = r.session;
    const o = this.core.opts;
    return {
      ...ok({ sid: s.sid, role: sha256Hex(s.role + s.sid), ver: o.firmware, mac: o.mac.replace(/:/g, '') }),
      headers: { 'Set-Cookie': [`session-identity=${s.sid}; Path=${cookiePath}; HttpOnly`, `session-role=${s.role}; Path=${cookiePath}`] },
    };
  }

  private configGet(params: URLSearchParams): Reply {
    const names = (param(params, 'pvalues') ?? '').split(',').map((n) => n.trim()).filter(Boolean);
    const configs = names.map((n) => ({ pvalue: n, value: this.core.values.get(n) ?? '' }));
    return { status: 200, kind: 'json', body: { response: 'success', configs } };
  }

  private configUpdate(body: Buffer): Reply {
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      return fail('invalid json');
    }
    const pvalue = typeof json === 'object' && json !== null ? (json as { pvalue?: unknown }).pvalue : undefined;
    if (typeof pvalue === 'object' && pvalue !== null) {
      for (const [k, v] of Object.entries(pvalue)) {
        const key = /^[Pp]\d+$/.test(k) ? k.slice(1) : k;
        // Read-only values and passwords are ignored silently: the answer is success all the same.
        if (READ_ONLY.has(key) || key === '2' || key === '196' || key === '34') continue;
        if (typeof v === 'string' || typeof v === 'number') this.core.values.set(key, String(v));
      }
    }
    return ok('');
  }
}

/** `line=-1` asks for every line (observed on GXP21xx firmware, field notes). */
function lineStatusAll(core: PhoneCore, req: PhoneRequest): Reply {
  if (param(req.params, 'line')?.trim() === '-1') {
    const params = new URLSearchParams(req.params);
    params.delete('line');
    return lineStatus(core, { ...req, params });
  }
  return lineStatus(core, req);
}

/** `cmd=<op>&arg=`: no line, the command acts on the phone's current call. */
export function currentCallOperation(core: PhoneCore, req: PhoneRequest): Reply {
  const cmd = param(req.params, 'cmd')?.trim().toLowerCase();
  if (!cmd) return fail('missing cmd');
  if (!OPS.has(cmd)) return fail('invalid cmd');
  const op = cmd as PhoneOp;
  const slot = core.lines.pick(op, req.now);
  if (!slot) return ok('false');
  return ok(core.lines.operate(op, slot, req.now) === 'ok' ? 'true' : 'false');
}

const API: Readonly<Record<string, (core: PhoneCore, req: PhoneRequest) => Reply>> = {
  'api-get_line_status': lineStatusAll,
  'api-get_phone_status': phoneStatus,
  'api-get_accounts': getAccounts,
  'api-make_call': makeCall,
  'api-phone_operation': currentCallOperation,
  'api-sys_operation': sysOperation,
};
