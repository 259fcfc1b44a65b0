/**
 * Simulator of the Grandstream GXV32xx/33xx/GXV3370/WP820 `cgi-bin` Web API (seeds 000 and 001,
 * corrected by field-notes.md). Stateful: login sessions and lockout, call lines, contacts, groups,
 * accounts, values, reboot/reset. All time-driven behaviour is evaluated lazily against the clock,
 * so an idle phone costs no timers (the farm serves a thousand of them in one process).
 */
import type { ServerResponse } from 'node:http';
import type { Fault, ManifestDevice, PhoneControl, SimDevice, SimRequestContext } from '../lib/types';
import { PhoneCore } from './core';
import { buildRoutes } from './endpoints';
import type { PhoneSimOptions, ResolvedOptions, ValuesSpelling } from './options';
import { passcodeReply } from './passcode';
import { UNAUTHORIZED, type PhoneRequest, type Reply, type Route } from './reply';
import { readCookie, Sha256Api } from './sha256';

export type {
  PhoneSimOptions,
  PhoneAccountSeed,
  PhoneContactSeed,
  PhoneGroupSeed,
  LineStyle,
  ValuesSpelling,
  LineNumbering,
  LineParam,
  ValueNames,
  ContactNameOrder,
  PhoneFamilySim,
} from './options';
export type { CallState } from './calls';
export { md5 } from './auth';
export { ACCESS_COOKIE, sha256Hex } from './sha256';

const ROUTES = new Map<ValuesSpelling, Map<string, Route>>();
function routesFor(spelling: ValuesSpelling): Map<string, Route> {
  let r = ROUTES.get(spelling);
  if (!r) ROUTES.set(spelling, (r = buildRoutes(spelling)));
  return r;
}

const NOT_FOUND_HTML = '<html><head><title>404 Not Found</title></head><body><h1>404 Not Found</h1></body></html>\n';

export class GrandstreamPhoneSim implements SimDevice, PhoneControl {
  readonly kind = 'grandstream-phone' as const;
  readonly id: string;
  readonly name: string;
  private readonly core: PhoneCore;
  private readonly routes: Map<string, Route>;
  private readonly sha256: Sha256Api | undefined;
  /** The `lockout` fault locked the admin login (cleared with the fault). */
  private locked = false;

  constructor(opts: PhoneSimOptions) {
    this.core = new PhoneCore(opts);
    this.id = this.core.opts.id;
    this.name = this.core.opts.name;
    this.routes = routesFor(this.core.opts.valuesSpelling);
    this.sha256 = this.core.opts.family === 'sha256' ? new Sha256Api(this.core) : undefined;
  }

  /** The resolved options (defaults filled in). */
  get options(): Readonly<ResolvedOptions> {
    return this.core.opts;
  }

  /** Current admin password (P2; changes through api-change_password / api-values.post). */
  get password(): string {
    return this.core.auth.adminPassword;
  }

  get extension(): string | undefined {
    return this.core.opts.extension;
  }

  handle(ctx: SimRequestContext): void {
    const core = this.core;
    const now = core.now();
    if (core.isOffline(now)) {
      // Rebooting: the phone does not answer at all.
      ctx.req.socket.destroy();
      return;
    }
    core.lines.advance(now);
    if (core.opts.family !== 'legacy') {
      this.handleFamily(ctx, now);
      return;
    }
    const m = /^\/cgi-bin\/([^/]+)$/.exec(ctx.path);
    const route = m?.[1] !== undefined ? this.routes.get(m[1]) : undefined;
    if (!route) {
      ctx.res.writeHead(404, { 'Content-Type': 'text/html', 'Content-Length': String(Buffer.byteLength(NOT_FOUND_HTML)) });
      ctx.res.end(NOT_FOUND_HTML);
      return;
    }
    const params = this.params(ctx);
    const sid = readCookie(ctx.req.headers.cookie, 'session-identity') ?? params.get('sid') ?? undefined;
    const session = core.auth.session(sid, now);
    const passcode =
      core.opts.passcodeAuth && (route.access === 'token' || route.access === 'status') && params.get('passcode') === core.auth.adminPassword;
    const req: PhoneRequest = { params, session, passcode, now, cookiePath: this.cookiePath(ctx) };
    let reply: Reply;
    if ((route.access === 'session' && !session) || (route.access === 'token' && !session && !passcode)) reply = UNAUTHORIZED;
    else reply = route.handle(core, req);
    this.write(ctx.res, reply);
    reply.after?.();
  }

  /** Form parameters count like query parameters ("supporting GET and POST HTTP request types"). */
  private params(ctx: SimRequestContext): URLSearchParams {
    const params = new URLSearchParams(ctx.query);
    if (ctx.body.length > 0 && !/json/i.test(ctx.req.headers['content-type'] ?? '')) {
      for (const [k, v] of new URLSearchParams(ctx.body.toString('utf8'))) params.append(k, v);
    }
    return params;
  }

  private cookiePath(ctx: SimRequestContext): string {
    const full = new URL(ctx.req.url ?? '/', 'http://sim').pathname;
    const prefix = full.endsWith(ctx.path) ? full.slice(0, full.length - ctx.path.length) : '';
    return prefix === '' ? '/' : prefix;
  }

  /** The SHA-256 and passcode families (sha256.ts, passcode.ts). */
  private handleFamily(ctx: SimRequestContext, now: number): void {
    const params = this.params(ctx);
    const reply = this.sha256
      ? this.sha256.handle(ctx, params, now, this.cookiePath(ctx))
      : passcodeReply(this.core, ctx.path, params, now, this.cookiePath(ctx));
    this.write(ctx.res, reply);
    reply.after?.();
  }

  private write(res: ServerResponse, reply: Reply): void {
    let body: string;
    let type: string;
    if (reply.kind === 'json') {
      body = JSON.stringify(reply.body);
      // Field notes: real firmware serves its JSON as text/plain.
      type = this.core.opts.jsonContentType ? 'application/json' : 'text/plain';
    } else {
      body = String(reply.body);
      type = reply.kind === 'xml' ? 'text/xml; charset=UTF-8' : reply.kind === 'html' ? 'text/html' : 'text/plain';
    }
    res.statusCode = reply.status;
    res.setHeader('Content-Type', type);
    res.setHeader('Content-Length', String(Buffer.byteLength(body)));
    res.setHeader('Cache-Control', 'no-cache');
    for (const [k, v] of Object.entries(reply.headers ?? {})) res.setHeader(k, v);
    res.end(body);
  }

  // ---- PhoneControl -------------------------------------------------------------------------

  ring(number: string, name?: string, opts?: { onAnswer?: (line: number) => void }): number {
    const now = this.core.now();
    if (this.core.isOffline(now)) throw new Error(`${this.id}: phone is rebooting`);
    const line = this.core.lines.ring(number, name ?? '', this.core.defaultAccount(), now, opts?.onAnswer);
    if (line === undefined) throw new Error(`${this.id}: no free line`);
    return line;
  }

  remoteHangup(line: number): boolean {
    return this.core.lines.remoteHangup(line, this.core.now());
  }

  dialOut(number: string): number {
    const now = this.core.now();
    if (this.core.isOffline(now)) throw new Error(`${this.id}: phone is rebooting`);
    const account = this.core.defaultAccount();
    const line = this.core.lines.dial(number, account, this.core.accounts[account]?.registered === true, now);
    if (line === undefined) throw new Error(`${this.id}: no free line`);
    return line;
  }

  /**
   * Another desk or a browser logs in to this phone as `role`'s account (admin by default). With
   * `sessionsPerUser` 1 this ends every earlier session of that account, Frontdesk's included.
   */
  takeOverSession(role: 'admin' | 'user' = 'admin'): void {
    const now = this.core.now();
    this.core.auth.open(role === 'admin' ? this.core.opts.username : 'user', role, now);
  }

  /** Presence as a PBX sees this phone (for OfficeLinks.extensionBusy). */
  presence(): 'idle' | 'ringing' | 'busy' {
    const s = this.core.lines.status(this.core.now());
    return s === 'available' ? 'idle' : s;
  }

  // ---- SimDevice ----------------------------------------------------------------------------

  applyFault(fault: Fault | null): boolean {
    if (!fault) {
      if (this.locked) this.core.auth.unlockAll();
      this.locked = false;
      return true;
    }
    if (fault.kind === 'auth-expired') {
      this.core.auth.invalidateAll();
      return true;
    }
    // lockout: another desk mistyped the password five times; the passcode family has no login to lock.
    if (fault.kind === 'lockout' && this.core.opts.family !== 'passcode') {
      this.core.auth.invalidateAll();
      this.core.auth.lockFor('admin', fault.ms ?? 60_000, this.core.now());
      this.locked = true;
      return true;
    }
    return false;
  }

  manifestEntry(rootUrl: string): ManifestDevice {
    const o = this.core.opts;
    const entry: ManifestDevice = { id: o.id, kind: this.kind, name: o.name, url: rootUrl, username: o.username, password: this.password, model: o.model, family: o.family };
    if (o.extension !== undefined) entry.extension = o.extension;
    return entry;
  }

  state(): unknown {
    const core = this.core;
    const now = core.now();
    const o = core.opts;
    const lines = core.lines.all(now).map((s) => ({
      line: s.line,
      state: s.state,
      remoteNumber: s.remoteNumber,
      remoteName: s.remoteName,
      account: s.account,
      direction: s.direction,
      active: core.lines.isActive(s),
    }));
    return {
      id: o.id,
      kind: this.kind,
      model: o.model,
      firmware: o.firmware,
      mac: o.mac,
      extension: o.extension ?? null,
      family: o.family,
      lineStyle: o.lineStyle,
      valuesSpelling: o.valuesSpelling,
      lineNumbering: o.lineNumbering,
      lineParam: o.lineParam,
      valueNames: o.valueNames,
      contactNameOrder: o.contactNameOrder,
      sessionsPerUser: o.sessionsPerUser,
      online: !core.isOffline(now),
      offlineForMs: Math.max(0, core.offlineUntil - now),
      uptimeMs: Math.max(0, now - core.bootAt),
      rebootCount: core.rebootCount,
      provisionCount: core.provisionCount,
      phoneStatus: core.lines.status(now),
      lines,
      accounts: core.accounts.map((a, i) => ({ id: i + 1, sipId: a.sipId, server: a.server, name: a.name ?? a.sipId, registered: a.registered === true })),
      ...core.directory.snapshot(),
      sessions: core.auth.sessionCount(now),
      lockout: core.auth.lockState(now),
      values: core.values.snapshot(),
    };
  }

  dispose(): void {
    // No timers: everything time-driven is computed from the clock on access.
  }
}
