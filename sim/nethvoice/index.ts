import { send, sendJson } from '../lib/server';
import { JSON_CT, apacheNotFound, field, header, parseBody, pattern, phpString, safeDecode, slimNotFound } from './http';
import { commonReleaseRoutes, ns8Routes, userLimits, type NvRoute, type ReleaseHost } from './releases';
import type { Fault, ManifestDevice, SimDevice, SimRequestContext, VoicemailControl } from '../lib/types';
import {
  buildUsers,
  digits,
  extensionRow,
  isMac,
  mailboxRow,
  sha1,
  userRow,
  type Mailbox,
  type NethVoiceSimOptions,
  type SimUser,
} from './model';

export type { NethVoiceDeviceConfig, NethVoiceSimOptions, NethVoiceUserConfig } from './model';

const PREFIX = '/freepbx/rest';

type Route = NvRoute;

/**
 * Simulated NethVoice (the wizard REST API on FreePBX), served under /freepbx/rest: NethServer 7 by
 * default, NethServer 8 with `release: 'ns8'` (sim/nethvoice/releases.ts).
 * Auth runs before routing, like the Slim middleware: every request other than /testauth needs
 * `User` + `Secretkey` headers, else 403 even for unknown paths.
 */
export class NethVoiceSim implements SimDevice, VoicemailControl {
  readonly kind = 'nethvoice' as const;
  readonly id: string;
  readonly name: string;
  private readonly opts: NethVoiceSimOptions;
  private readonly users: SimUser[];
  private readonly mailboxes = new Map<string, Mailbox>();
  private readonly reboots = new Map<string, { hours?: string; minutes?: string; at: string }>();
  private readonly rebooted: string[] = [];
  private authExpired = false;
  private syncs = 0;
  /** NS8: a directory sync runs until this time (ms). */
  private syncUntil = 0;
  private table: Route[] | undefined;
  private pinGen = 0;
  private requests = 0;

  constructor(opts: NethVoiceSimOptions) {
    this.opts = opts;
    this.id = opts.id;
    this.name = opts.name;
    this.users = buildUsers(opts.users);
    const seen = new Set<string>();
    for (const u of this.users) {
      if (seen.has(u.username)) throw new Error(`nethvoice ${opts.id}: duplicate username "${u.username}"`);
      seen.add(u.username);
    }
    opts.users.forEach((cfg, i) => {
      const u = this.users[i];
      if (u && cfg.voicemail && u.extension !== 'none') this.createMailbox(u);
    });
  }

  /** The Secretkey a client must send: sha1(user + sha1(password) + secret). */
  expectedSecretKey(): string {
    return sha1(this.opts.user + sha1(this.opts.password) + this.opts.secret);
  }

  // ---- VoicemailControl -------------------------------------------------------------------------

  leaveVoicemail(mailbox: string, urgent: boolean): boolean {
    const box = this.mailboxes.get(mailbox);
    if (!box) return false;
    box.new++;
    if (urgent) box.urgent++;
    return true;
  }

  /** Whether this PBX has a user with that main extension (mailbox or not). */
  hasExtension(ext: string): boolean {
    return this.users.some((u) => u.extension === ext);
  }

  // ---- SimDevice --------------------------------------------------------------------------------

  manifestEntry(rootUrl: string): ManifestDevice {
    return {
      id: this.id,
      kind: this.kind,
      name: this.name,
      url: rootUrl,
      username: this.opts.user,
      password: this.opts.password,
      secret: this.opts.secret,
    };
  }

  state(): unknown {
    return {
      kind: this.kind,
      version: this.opts.version ?? null,
      release: this.opts.release ?? 'ns7',
      ...(this.opts.release === 'ns8' ? { edition: this.opts.edition ?? 'community', userLimits: userLimits(this.host()) } : {}),
      authExpired: this.authExpired,
      requests: this.requests,
      directorySyncs: this.syncs,
      users: this.users.map((u) => ({ username: u.username, name: u.name, extension: u.extension, devices: u.devices.length })),
      mailboxes: Object.fromEntries(
        [...this.mailboxes].map(([ext, b]) => [ext, { new: b.new, old: b.old, urgent: b.urgent }]),
      ),
      scheduledReboots: Object.fromEntries(this.reboots),
      rebooted: [...this.rebooted],
    };
  }

  applyFault(fault: Fault | null): boolean {
    if (fault === null) {
      this.authExpired = false;
      return true;
    }
    // auth-expired: the admin credentials/secret changed on the server; held until cleared.
    if (fault.kind === 'auth-expired') {
      this.authExpired = true;
      return true;
    }
    return false; // NethVoice has no licence concept
  }

  handle(ctx: SimRequestContext): void {
    this.requests++;
    const { req, res } = ctx;
    if (ctx.path !== PREFIX && !ctx.path.startsWith(`${PREFIX}/`)) {
      apacheNotFound(res, ctx.path);
      return;
    }
    const sub = ctx.path.slice(PREFIX.length) || '/';
    const method = (req.method ?? 'GET').toUpperCase();
    if (method !== 'OPTIONS' && sub !== '/testauth' && !this.authorised(ctx)) return;
    const body = parseBody(ctx);
    try {
      this.table ??= [...(this.opts.release === 'ns8' ? ns8Routes(this.host()) : []), ...commonReleaseRoutes(this.host()), ...this.routes];
      const matches = this.table.filter((r) => r.re.test(sub));
      if (matches.length === 0) {
        slimNotFound(ctx);
        return;
      }
      const route = matches.find((r) => r.method === method);
      if (!route) {
        const allow = [...new Set(matches.map((r) => r.method))].join(', ');
        send(res, 405, JSON.stringify({ message: 'Method not allowed. Must be one of: ' + allow }), JSON_CT, { Allow: allow });
        return;
      }
      const params = (route.re.exec(sub) ?? []).slice(1).map((s) => safeDecode(s ?? ''));
      route.run(params, body, ctx);
    } catch (e) {
      sendJson(res, 500, { error: e instanceof Error ? e.message : String(e) }, JSON_CT);
    }
  }

  /** What the release-specific routes see of this simulator. */
  private host(): ReleaseHost {
    return {
      release: this.opts.release ?? 'ns7',
      edition: this.opts.edition ?? 'community',
      users: this.users,
      mailboxList: () => this.mailboxList(),
      syncRunning: () => Date.now() < this.syncUntil,
      startSync: () => {
        this.syncs++;
        this.syncUntil = Date.now() + (this.opts.syncMs ?? 1500);
      },
      mainExtensions: () => this.mainExtensions(),
    };
  }

  private authorised(ctx: SimRequestContext): boolean {
    const user = header(ctx, 'user');
    const key = header(ctx, 'secretkey');
    if (user === undefined || key === undefined) {
      sendJson(ctx.res, 403, { error: 'Forbidden: no credentials' }, JSON_CT);
      return false;
    }
    if (user !== this.opts.user) {
      sendJson(ctx.res, 403, { error: 'Forbidden: invalid user' }, JSON_CT);
      return false;
    }
    // The server's sha1() yields lowercase hex; we accept any case of the same digest.
    if (this.authExpired || key.trim().toLowerCase() !== this.expectedSecretKey()) {
      sendJson(ctx.res, 403, { error: 'Forbidden: wrong secret key' }, JSON_CT);
      return false;
    }
    return true;
  }

  private createMailbox(u: SimUser): void {
    const old = this.mailboxes.get(u.extension);
    this.mailboxes.set(u.extension, {
      pin: digits(`vmpin:${u.extension}:${this.pinGen++}`, 4),
      email: u.email ?? '',
      new: old?.new ?? 0,
      old: old?.old ?? 0,
      urgent: old?.urgent ?? 0,
    });
  }

  private userByExt(ext: string): SimUser | undefined {
    return this.users.find((u) => u.extension === ext && ext !== 'none');
  }

  private mainExtensions(): Record<string, unknown>[] {
    return this.users
      .filter((u) => u.extension !== 'none')
      .map((u) => extensionRow(u.extension, u.name, 'virtual', this.mailboxes.has(u.extension)));
  }

  private physicalExtensions(): Record<string, unknown>[] {
    return this.users.flatMap((u) =>
      u.devices.filter((d) => d.extension !== '').map((d) => extensionRow(d.extension, u.name, 'pjsip', false)),
    );
  }

  private mailboxList(): Record<string, unknown> | null {
    if (this.mailboxes.size === 0) return null;
    const out: Record<string, unknown> = {};
    for (const [ext, box] of this.mailboxes) out[ext] = mailboxRow(ext, this.userByExt(ext)?.name ?? ext, box);
    return out;
  }

  private rebootAnswer(body: unknown, apply: (mac: string, v: unknown) => void): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (body === null || typeof body !== 'object' || Array.isArray(body)) return out;
    for (const [mac, v] of Object.entries(body)) {
      if (!isMac(mac)) {
        out[mac] = { title: 'Malformed MAC address', detail: `Malformed MAC address: ${mac}`, code: 400 };
        continue;
      }
      apply(mac.toUpperCase().replace(/:/g, '-'), v);
      out[mac] = { code: 204 };
    }
    return out;
  }

  private readonly routes: Route[] = [
    { method: 'GET', re: pattern('/login'), run: (_p, _b, c) => sendJson(c.res, 200, { success: true }, JSON_CT) },
    {
      method: 'POST',
      re: pattern('/testauth'),
      run: (_p, b, c) => {
        if (field(b, 'username') === this.opts.user && field(b, 'password') === this.opts.password) {
          sendJson(c.res, 200, { result: this.opts.secret }, JSON_CT);
        } else sendJson(c.res, 401, { result: 'not authorized' }, JSON_CT);
      },
    },
    { method: 'GET', re: pattern('/users/count'), run: (_p, _b, c) => sendJson(c.res, 200, this.users.length, JSON_CT) },
    {
      method: 'GET',
      re: pattern('/users/{username}/password'),
      run: (p, _b, c) => {
        const u = this.users.find((x) => x.username === p[0]);
        if (!u) send(c.res, 404, '', JSON_CT);
        else sendJson(c.res, 200, { result: u.password }, JSON_CT);
      },
    },
    {
      method: 'GET',
      re: pattern('/users/{all}'),
      run: (p, _b, c) => {
        if (p[0] === 'true') this.syncs++;
        const list = this.users.filter((u) => p[0] !== 'false' || u.extension !== 'none');
        sendJson(c.res, 200, list.map(userRow), JSON_CT);
      },
    },
    { method: 'POST', re: pattern('/users/sync'), run: (_p, _b, c) => (this.syncs++, send(c.res, 200, '', JSON_CT)) },
    {
      method: 'GET',
      re: pattern('/mainextensions'),
      // The server runs a full user-directory sync before listing the main extensions.
      run: (_p, _b, c) => (this.syncs++, sendJson(c.res, 200, this.mainExtensions(), JSON_CT)),
    },
    {
      method: 'GET',
      re: pattern('/mainextensions/{extension}'),
      run: (p, _b, c) => {
        const row = this.mainExtensions().find((e) => e['extension'] === p[0]);
        if (row) sendJson(c.res, 200, row, JSON_CT);
        else send(c.res, 404, '', JSON_CT);
      },
    },
    { method: 'GET', re: pattern('/physicalextensions'), run: (_p, _b, c) => sendJson(c.res, 200, this.physicalExtensions(), JSON_CT) },
    {
      method: 'GET',
      re: pattern('/physicalextensions/{extension}'),
      run: (p, _b, c) => {
        const row = this.physicalExtensions().find((e) => e['extension'] === p[0]);
        if (row) sendJson(c.res, 200, row, JSON_CT);
        else send(c.res, 404, '', JSON_CT);
      },
    },
    {
      method: 'GET',
      re: pattern('/voicemails'),
      // the server answers `[]` (an empty array, not {}) when no mailbox exists
      run: (_p, _b, c) => sendJson(c.res, 200, this.mailboxList() ?? [], JSON_CT),
    },
    {
      method: 'GET',
      re: pattern('/voicemails/{extension}'),
      run: (p, _b, c) => {
        const list = this.mailboxList();
        // With no mailboxes at all, the PHP code skips its 404 check and encodes null.
        if (list === null) sendJson(c.res, 200, null, JSON_CT);
        else if (p[0] !== undefined && p[0] in list) sendJson(c.res, 200, list[p[0]], JSON_CT);
        else send(c.res, 404, '', JSON_CT);
      },
    },
    {
      method: 'POST',
      re: pattern('/voicemails'),
      run: (_p, b, c) => {
        const ext = field(b, 'extension');
        // strict (===) comparison against string extensions: a JSON number never matches
        const u = typeof ext === 'string' ? this.userByExt(ext) : undefined;
        if (!u) {
          sendJson(c.res, 400, { status: `Extension ${phpString(ext)} doesn't exist` }, JSON_CT);
          return;
        }
        if (field(b, 'state') === 'yes') this.createMailbox(u);
        else this.mailboxes.delete(u.extension); // any other or missing state deletes the mailbox
        sendJson(c.res, 200, { status: true }, JSON_CT);
      },
    },
    {
      method: 'GET',
      re: pattern('/mobiles'),
      run: (_p, _b, c) => sendJson(c.res, 200, this.users.map((u) => ({ mobile: u.mobile, username: u.username })), JSON_CT),
    },
    {
      method: 'GET',
      re: pattern('/mobiles/{username}'),
      run: (p, _b, c) => {
        const u = this.users.find((x) => x.username === p[0]);
        if (!u?.mobile) send(c.res, 404, '', JSON_CT);
        else sendJson(c.res, 200, u.mobile, JSON_CT);
      },
    },
    {
      method: 'GET',
      re: pattern('/devices/phones/list'),
      run: (_p, _b, c) =>
        sendJson(
          c.res,
          200,
          this.users.flatMap((u) =>
            u.devices
              .filter((d) => d.type === 'physical')
              .map((d) => ({ mac: d.mac, ipv4: null, manufacturer: d.vendor, model: d.model, mainextension: d.mainextension, extension: d.extension })),
          ),
          JSON_CT,
        ),
    },
    {
      method: 'GET',
      re: pattern('/phones/reboot'),
      run: (_p, _b, c) => {
        const out: Record<string, unknown> = {};
        for (const [mac, r] of this.reboots) out[mac] = { hours: r.hours, minutes: r.minutes };
        sendJson(c.res, 200, out, JSON_CT);
      },
    },
    {
      method: 'POST',
      re: pattern('/phones/reboot'),
      run: (_p, b, c) => {
        if (this.opts.rebootAnswer === 'bare') return void send(c.res, 200, '', JSON_CT); // nothing happens
        const at = new Date().toISOString();
        const out = this.rebootAnswer(b, (mac, v) => {
          const hours = field(v, 'hours');
          const minutes = field(v, 'minutes');
          if (hours === undefined && minutes === undefined) this.rebooted.push(mac);
          else this.reboots.set(mac, { hours: phpString(hours), minutes: phpString(minutes), at });
        });
        sendJson(c.res, 200, out, JSON_CT);
      },
    },
    {
      method: 'DELETE',
      re: pattern('/phones/reboot'),
      run: (_p, b, c) => sendJson(c.res, 200, this.rebootAnswer(b, (mac) => this.reboots.delete(mac)), JSON_CT),
    },
  ];
}
