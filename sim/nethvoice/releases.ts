import { send, sendJson } from '../lib/server';
import type { SimRequestContext } from '../lib/types';
import { JSON_CT, field, pattern } from './http';
import { userRow, type SimUser } from './model';

/**
 * Routes whose answers differ between the NethVoice server releases (see NethVoiceSimOptions.release),
 * from the public server sources: nethvoice-wizard-restapi (NethServer 7) and ns8-nethvoice
 * (NethServer 8), modules mainextensions.php, users.php, voicemails.php.
 */

export interface NvRoute {
  method: string;
  re: RegExp;
  run: (p: string[], body: unknown, ctx: SimRequestContext) => void;
}

/** What the release routes need from the simulator. */
export interface ReleaseHost {
  readonly release: 'ns7' | 'ns8';
  readonly edition: 'community' | 'enterprise';
  readonly users: SimUser[];
  /** The voicemail list keyed by mailbox, or null when there is none at all. */
  mailboxList(): Record<string, unknown> | null;
  /** Whether a directory sync is running (NS8 `GET /users/sync`). */
  syncRunning(): boolean;
  /** Start a directory sync (counted). */
  startSync(): void;
  /** The main extensions as `GET /mainextensions` lists them. */
  mainExtensions(): Record<string, unknown>[];
}

/** ns8-nethvoice lib/libUsers.php communityUsersLimit(). */
export const COMMUNITY_USERS_LIMIT = 8;
export const COMMUNITY_LIMIT_STATUS = 'ERROR: community version is limited to 8 users';

/** Users with a main extension (NS8 configuredUsersCount()). */
export function configuredUsers(host: ReleaseHost): number {
  return host.users.filter((u) => u.extension !== 'none').length;
}

/** `GET /mainextensions/userlimits` (NS8). */
export function userLimits(host: ReleaseHost): Record<string, number | false> {
  const configured = configuredUsers(host);
  if (host.edition === 'enterprise') return { configured, limit: false, configurable: false };
  return { configured, limit: COMMUNITY_USERS_LIMIT, configurable: COMMUNITY_USERS_LIMIT - configured };
}

/** An NS8 userman row: its device rows say whether the phone is registered (desk phones are, here). */
function ns8UserRow(u: SimUser): Record<string, unknown> {
  const row = userRow(u);
  return { ...row, devices: u.devices.map((d) => ({ ...d, registered: d.type === 'physical' })) };
}

/**
 * `POST /mainextensions {"username","extension","outboundcid"}`: give a user its main extension.
 * NS8 refuses a new one beyond the community limit (403 with a `status`); success is 201 with an
 * EMPTY body on both releases, and an empty extension (remove) is 200 with an empty body on NS7.
 */
function createMainExtension(host: ReleaseHost, body: unknown, ctx: SimRequestContext): void {
  const username = field(body, 'username');
  const ext = field(body, 'extension');
  const wanted = typeof ext === 'string' ? ext.trim() : typeof ext === 'number' ? String(ext) : '';
  if (host.release === 'ns8' && host.edition === 'community' && wanted !== '' && configuredUsers(host) >= COMMUNITY_USERS_LIMIT) {
    return sendJson(ctx.res, 403, { status: COMMUNITY_LIMIT_STATUS }, JSON_CT);
  }
  const user = host.users.find((u) => u.username === username);
  if (!user) return sendJson(ctx.res, 404, { message: 'User not found' }, JSON_CT);
  if (wanted === '' || wanted === 'none') {
    user.extension = 'none';
    return send(ctx.res, 200, '', JSON_CT);
  }
  if (!/^\d+$/.test(wanted)) return sendJson(ctx.res, 422, { message: 'Invalid extension' }, JSON_CT);
  if (host.users.some((u) => u !== user && u.extension === wanted)) return sendJson(ctx.res, 422, { message: 'Extension already in use' }, JSON_CT);
  user.extension = wanted;
  for (const d of user.devices) d.mainextension = wanted;
  send(ctx.res, 201, '', JSON_CT);
}

/** Routes of every release that the base table does not have. */
export function commonReleaseRoutes(host: ReleaseHost): NvRoute[] {
  return [{ method: 'POST', re: pattern('/mainextensions'), run: (_p, b, c) => createMainExtension(host, b, c) }];
}

/**
 * NS8 routes, matched before the base table (the first route with the right method wins), so
 * they replace the NS7 answers of the same paths.
 */
export function ns8Routes(host: ReleaseHost): NvRoute[] {
  return [
    { method: 'GET', re: pattern('/mainextensions/userlimits'), run: (_p, _b, c) => sendJson(c.res, 200, userLimits(host), JSON_CT) },
    // ns8 mainextensions.php lists without the directory sync NS7 runs first.
    { method: 'GET', re: pattern('/mainextensions'), run: (_p, _b, c) => sendJson(c.res, 200, host.mainExtensions(), JSON_CT) },
    { method: 'GET', re: pattern('/users/sync'), run: (_p, _b, c) => sendJson(c.res, 200, host.syncRunning(), JSON_CT) },
    {
      method: 'GET',
      re: pattern('/users/{all}'),
      run: (p, _b, c) => {
        if (p[0] === 'true') host.startSync();
        // ns8 getAllUsers() never filters on "false": users without an extension are listed too.
        sendJson(c.res, 200, host.users.map(ns8UserRow), JSON_CT);
      },
    },
    { method: 'POST', re: pattern('/users/sync'), run: (_p, _b, c) => (host.startSync(), send(c.res, 200, '', JSON_CT)) },
    {
      method: 'GET',
      re: pattern('/voicemails/{extension}'),
      run: (p, _b, c) => {
        const list = host.mailboxList();
        const ext = p[0] ?? '';
        // ns8 voicemails.php: a missing mailbox is `withJson(null, 200)`.
        sendJson(c.res, 200, list && ext in list ? list[ext] : null, JSON_CT);
      },
    },
  ];
}
