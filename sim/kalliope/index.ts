/**
 * Simulator of a KalliopePBX REST API 1.1 (seed 003, field-notes.md): Basic `admin:md5(password)`,
 * XML `<kpbx_request>`/`<kpbx_response>` with `request_id` echoed, the seed's error tables, the
 * license lock (`<request_not_allowed>`), phonebook, users, callgroups, pending/apply/revert,
 * voicemail counts, CDR (XML or CSV), click2call through the office's simulated phones, and the
 * 4.x firmware generation: Basic refused, the anonymous `/rest/salt/<tenantDomain>`, every request
 * signed with the X-authenticate header (sim/kalliope/signed.ts), `/rest/dashboard/firmwareVersion`
 * in JSON, the 3.x resource routes except the refused `unavailable` families (HTTP 403).
 */
import { send } from '../lib/server';
import type { Fault, ManifestDevice, OfficeLinks, SimDevice, SimRequestContext, VoicemailControl } from '../lib/types';
import { cdr } from './cdr';
import { LICENSE_ERRORS } from './errors';
import { md5, type KalliopeRouteFamily, type KalliopeSimOptions, type LicenseState, type RequestIdEcho } from './model';
import { saltBody, SignedAuth } from './signed';
import { addContact, deleteContact, getContact, getContacts, searchContacts, updateContact } from './phonebook';
import { KalliopeState, xml, type KReply, type KRequest } from './state';
import { click2call, dns, firmware, interfaces, licenseInstance, pbxengineReload, voicemailCount } from './system';
import { addUser, brief, callgroups, configs, deleteUser, pbxApply, pbxPending, pbxRevert, registrations, updateUser } from './users';
import { isRecord, parseRequest, textOf } from './xml';

export type {
  KalliopeSimOptions,
  KalliopeExtensionSeed,
  KalliopeContactSeed,
  KalliopeCallgroupSeed,
  KalliopeCdrSeed,
  CdrDirection,
  CdrStatus,
  LicenseState,
  OfficeContactLike,
  RequestIdEcho,
  UnregisteredStyle,
  CdrCsvQuoting,
  KalliopeRouteFamily,
} from './model';
export { kalliopeContactsFromOffice, md5, KALLIOPE_ROUTE_FAMILIES } from './model';
export { SignedAuth, parseHeader, saltBody, WINDOW_MS, type SignedRefusal } from './signed';
export { CDR_COLUMNS } from './cdr';
export { CONTACT_ERRORS, CDR_ERRORS, CLICK2CALL_ERRORS, LICENSE_ERRORS, USER_ERRORS, CALLGROUP_ERRORS } from './errors';
export type { Click2CallRecord } from './state';

type Handler = (s: KalliopeState, r: KRequest) => KReply;
interface Route {
  method: string;
  re: RegExp;
  run: Handler;
}

const R = (method: string, re: RegExp, run: Handler): Route => ({ method, re, run });
const restart: Handler = (_s, r) => xml(r, { system_restarted: 'true' });
const deleteWithoutId: Handler = (s, r) => deleteContact(s, { ...r, params: [] });

const ROUTES: readonly Route[] = [
  R('GET', /^\/system\/firmware$/, firmware),
  R('PUT', /^\/system\/restart$/, restart),
  R('PUT', /^\/system\/pbxengine\/reload$/, pbxengineReload),
  R('GET', /^\/system\/network\/dns$/, dns),
  R('GET', /^\/system\/network\/interfaces$/, interfaces),
  R('POST', /^\/system\/network\/interfaces$/, interfaces),
  // The seed spells it pxbinstance in the text and pxbininstance in its index.
  R('GET', /^\/license\/(?:pxbinstance|pxbininstance)$/, licenseInstance),
  R('GET', /^\/users\/registrations(?:\/([^/]+))?$/, registrations),
  R('GET', /^\/users\/brief(?:\/([^/]+))?$/, brief),
  R('GET', /^\/users\/configs(?:\/([^/]+))?$/, configs),
  R('POST', /^\/users\/configs$/, addUser),
  R('PUT', /^\/users\/configs\/([^/]+)$/, updateUser),
  R('DELETE', /^\/users\/configs\/([^/]+)$/, deleteUser),
  R('GET', /^\/pbx\/pending$/, pbxPending),
  R('PUT', /^\/pbx\/apply$/, pbxApply),
  R('PUT', /^\/pbx\/revert$/, pbxRevert),
  R('GET', /^\/pbx\/callgroups(?:\/([^/]+))?$/, callgroups),
  R('GET', /^\/phonebook\/contacts$/, getContacts),
  R('GET', /^\/phonebook\/contacts\/([^/]+)$/, getContact),
  R('POST', /^\/phonebook\/contacts$/, addContact),
  R('PUT', /^\/phonebook\/contacts$/, updateContact),
  R('DELETE', /^\/phonebook\/contacts\/([^/]+)$/, deleteContact),
  R('DELETE', /^\/phonebook\/contacts$/, deleteWithoutId),
  R('POST', /^\/phonebook\/search$/, searchContacts),
  R('GET', /^\/voicemails\/count\/([^/]+)$/, voicemailCount),
  R('POST', /^\/cdr$/, cdr),
  R('POST', /^\/click2call$/, click2call),
];

/** Available whatever the license ("REST APIs and KalliopePBX license activation"). */
const LICENSE_FREE = /^\/(?:system\/network(?:\/|$)|license(?:\/|$)|pbx\/apply$)/;

const LICENSE_CODE: Record<Exclude<LicenseState, 'active'>, 1 | 2 | 3> = { missing: 1, expired: 2, disabled: 3 };

export class KalliopeSim implements SimDevice, VoicemailControl {
  readonly kind = 'kalliope' as const;
  readonly id: string;
  readonly name: string;
  private readonly s: KalliopeState;
  private readonly username: string;
  private readonly generation: 3 | 4;
  /** 4.x only: the signed-header check and the tenant's salt. */
  private readonly signed: SignedAuth | undefined;
  private readonly unavailable: ReadonlySet<KalliopeRouteFamily>;
  private baseLicense: LicenseState;
  private authExpired = false;
  private requests = 0;

  constructor(private readonly opts: KalliopeSimOptions) {
    this.id = opts.id;
    this.name = opts.name;
    this.username = opts.username ?? 'admin';
    this.generation = opts.generation ?? 3;
    this.signed =
      this.generation === 4
        ? new SignedAuth({ username: this.username, password: opts.password, tenantDomain: opts.tenantDomain ?? 'default', clockOffsetMs: (opts.clockOffsetSeconds ?? 0) * 1000 })
        : undefined;
    this.unavailable = new Set(opts.unavailable ?? []);
    this.s = new KalliopeState(opts);
    this.baseLicense = this.s.license;
  }

  /** The Basic password a 3.x client must send: md5 of the administrator password. */
  apiPassword(): string {
    return md5(this.opts.password);
  }

  setLinks(links: OfficeLinks | undefined): void {
    this.s.links = links;
  }

  /** Change the license state (applyFault license-expired sets 'expired' until cleared). */
  setLicense(state: LicenseState): void {
    this.baseLicense = state;
    this.s.license = state;
  }

  // ---- VoicemailControl ------------------------------------------------------------------------

  /** A new (unread) message; an urgent one also counts in urg_messages. */
  leaveVoicemail(mailbox: string, urgent: boolean): boolean {
    const box = this.s.mailboxes.get(mailbox);
    if (!box) return false;
    box.new++;
    if (urgent) box.urgent++;
    return true;
  }

  /** The owner listens to every unread message: new and urgent become old. */
  readVoicemail(mailbox: string): boolean {
    const box = this.s.mailboxes.get(mailbox);
    if (!box) return false;
    box.old += box.new;
    box.new = 0;
    box.urgent = 0;
    return true;
  }

  // ---- SimDevice -------------------------------------------------------------------------------

  manifestEntry(rootUrl: string): ManifestDevice {
    return {
      id: this.id,
      kind: this.kind,
      name: this.name,
      url: rootUrl,
      username: this.username,
      password: this.opts.password,
      extension: this.opts.receptionExtension,
      // the CDR privacy password (plain), so clients of the demo office can unmask call history
      privacyPassword: this.opts.privacyPassword ?? 'privacy',
      ...(this.generation === 4 && (this.opts.tenantDomain ?? 'default') !== 'default' ? { tenantDomain: this.opts.tenantDomain } : {}),
    };
  }

  state(): unknown {
    const s = this.s;
    return {
      kind: this.kind,
      id: this.id,
      generation: this.generation,
      ...(this.signed ? { signed: { accepted: this.signed.accepted, refusals: { ...this.signed.refusals }, nonces: this.signed.rememberedNonces } } : {}),
      serial: this.opts.serial ?? null,
      license: s.license,
      authExpired: this.authExpired,
      requests: this.requests,
      pending: s.pending,
      extensions: [...s.applied.values()].map((u) => ({ extension: u.exten, firstName: u.firstName, lastName: u.lastName, enabled: u.enabled, voicemail: u.vmEnabled, registered: s.registered(u) })),
      contacts: s.contacts.size,
      mailboxes: Object.fromEntries(s.mailboxes),
      cdr: s.cdr.length,
      click2calls: [...s.click2calls],
    };
  }

  applyFault(fault: Fault | null): boolean {
    if (fault === null) {
      this.authExpired = false;
      this.s.license = this.baseLicense;
      return true;
    }
    if (fault.kind === 'license-expired') {
      this.s.license = 'expired';
      return true;
    }
    if (fault.kind === 'auth-expired') {
      this.authExpired = true;
      return true;
    }
    return false;
  }

  // ---- HTTP ------------------------------------------------------------------------------------

  private write(ctx: SimRequestContext, r: KReply): void {
    // A 4.x PBX's Date header shows its own clock (which may be off, see clockOffsetSeconds).
    const date: Record<string, string> = this.signed ? { Date: new Date(this.signed.now()).toUTCString() } : {};
    send(ctx.res, r.status, r.body, r.contentType, { ...date, ...(r.headers ?? {}) });
  }

  private json(ctx: SimRequestContext, status: number, value: unknown): void {
    this.write(ctx, { status, body: JSON.stringify(value), contentType: 'application/json' });
  }

  /**
   * 4.x: the anonymous salt, the signed-header check, the JSON firmware version and the refused
   * route families. Returns true when it answered the request.
   */
  private handle4x(ctx: SimRequestContext, signed: SignedAuth, method: string, path: string): boolean {
    const salt = /^\/salt\/([^/]+)$/.exec(path);
    if (method === 'GET' && salt) {
      if (!signed.knowsDomain(safeDecode(salt[1] ?? ''))) {
        this.json(ctx, 404, { code: 404, message: 'Tenant not found' });
        return true;
      }
      const b = saltBody(signed.salt, String(ctx.req.headers.accept ?? ''));
      this.write(ctx, { status: 200, body: b.body, contentType: b.contentType });
      return true;
    }
    const header = ctx.req.headers['x-authenticate'];
    const verdict = signed.verify(Array.isArray(header) ? header[0] : header);
    if (!verdict.ok || this.authExpired) {
      this.json(ctx, 401, { code: 401, message: verdict.ok ? 'Invalid credentials' : verdict.message });
      return true;
    }
    if (path === '/dashboard/firmwareVersion') {
      if (method !== 'GET') this.json(ctx, 405, { code: 405, message: 'Method Not Allowed' });
      else this.json(ctx, 200, { version: this.opts.firmware ?? '4.6.2-7511' });
      return true;
    }
    const family = /^\/([a-z0-9]+)/.exec(path)?.[1] as KalliopeRouteFamily | undefined;
    if (family && this.unavailable.has(family)) {
      this.json(ctx, 403, { code: 403, message: 'Access denied' });
      return true;
    }
    return false;
  }

  /** KalliopePBX REST API 1.1: "Username must be admin" and the password is md5 of the web password. */
  private authorized(header: string | undefined): boolean {
    if (this.authExpired) return false;
    const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
    if (!m?.[1]) return false;
    return Buffer.from(m[1], 'base64').toString('utf8') === `admin:${this.apiPassword()}`;
  }

  handle(ctx: SimRequestContext): void {
    this.requests++;
    const m = /^\/rest(\/.*)?$/.exec(ctx.path);
    if (!m) return this.write(ctx, { status: 404, body: 'Not Found\n', contentType: 'text/plain' });
    const path = (m[1] ?? '/').replace(/\/+$/, '') || '/';
    const method = ctx.req.method ?? 'GET';
    if (this.signed) {
      if (this.handle4x(ctx, this.signed, method, path)) return;
    } else if (!this.authorized(ctx.req.headers.authorization)) {
      const headers = { 'WWW-Authenticate': 'Basic realm="KalliopePBX REST API"' };
      return this.write(ctx, { status: 401, body: 'Unauthorized\n', contentType: 'text/plain', headers });
    }
    const matching = ROUTES.filter((r) => r.re.test(path));
    if (matching.length === 0) return this.write(ctx, { status: 404, body: 'Not Found\n', contentType: 'text/plain' });
    const route = matching.find((r) => r.method === method);
    if (!route) {
      const allow = [...new Set(matching.map((r) => r.method))].join(', ');
      return this.write(ctx, { status: 405, body: 'Method Not Allowed\n', contentType: 'text/plain', headers: { Allow: allow } });
    }
    const body = method === 'POST' || method === 'PUT' ? parseRequest(ctx.body) : null;
    const fromBody = body && isRecord(body) ? textOf(body['request_id']) : undefined;
    const request: KRequest = {
      method,
      params: (route.re.exec(path) ?? []).slice(1).filter((p): p is string => p !== undefined).map(safeDecode),
      body,
      query: ctx.query,
      requestId: echoRequestId(fromBody ?? ctx.query.get('request_id') ?? undefined, this.opts.requestIdEcho ?? 'same'),
      accept: String(ctx.req.headers.accept ?? ''),
    };
    if (this.s.license !== 'active' && !LICENSE_FREE.test(path)) {
      const code = LICENSE_CODE[this.s.license];
      return this.write(ctx, xml(request, { request_not_allowed: { error: { code: String(code), message: LICENSE_ERRORS[code] } } }));
    }
    this.write(ctx, route.run(this.s, request));
  }
}

/** The request_id the response carries under this PBX's RequestIdEcho variant (undefined: no tag). */
export function echoRequestId(id: string | undefined, echo: RequestIdEcho): string | undefined {
  if (id === undefined) return undefined;
  switch (echo) {
    case 'omitted':
      return undefined;
    case 'truncated':
      return id.slice(0, 3);
    case 'letters':
      return id.replace(/[0-9]/g, '');
    default:
      return id;
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
