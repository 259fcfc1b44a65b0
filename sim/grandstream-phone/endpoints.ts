/**
 * Endpoint handlers of the cgi-bin Web API (seeds 000/001). Each returns a Reply; index.ts writes it.
 *
 * Conventions the seeds leave open (documented in the report and kept consistent here):
 * - Application errors: HTTP 200 with {"response":"error","body":"<reason>"}.
 * - No or expired session: HTTP 401 {"response":"error","body":"unauthorized"}, except
 *   api-get_phone_status, which answers 200 with body "unauthorized" as the seed describes.
 * - Admin-only operations asked by the `user` account: HTTP 403 {"response":"error","body":"forbidden"}.
 */
import type { PhoneOp } from './calls';
import type { PhoneCore } from './core';
import { PUBLIC_KEYS, renderLine, renderTime } from './values';
import { directoryRoutes } from './endpoints-directory';
import { FORBIDDEN, fail, ok, param, type PhoneRequest, type Reply, type Route } from './reply';

function loginrealm(core: PhoneCore, req: PhoneRequest): Reply {
  const r = core.auth.issueRandom(req.now);
  if (core.opts.realmFormat === 'json') return ok(r);
  return { status: 200, kind: 'text', body: r };
}

function login(core: PhoneCore, req: PhoneRequest): Reply {
  const user = param(req.params, 'Username', 'username');
  const secret = param(req.params, 'Secret', 'secret');
  if (!user || !secret) return fail('missing Username or Secret');
  const r = core.auth.login(user, secret, req.now);
  if (!r.ok) {
    if (r.reason === 'locked') {
      // The seeds have no code for a locked account: say so plainly, with the time left.
      return { status: 200, kind: 'json', body: { response: 'error', body: 'locked', retry_after: Math.ceil(r.retryAfterMs / 1000) } };
    }
    return fail('unauthorized');
  }
  const { sid, role } = r.session;
  // The seeds do not say how the session travels. The sim sets cookies (session-identity, session-role)
  // and returns the sid in the body; later requests may send the cookie or ?sid=.
  return {
    ...ok({ sid, role }),
    headers: {
      'Set-Cookie': [`session-identity=${sid}; Path=${req.cookiePath}; HttpOnly`, `session-role=${role}; Path=${req.cookiePath}`],
    },
  };
}

export function valuesGet(core: PhoneCore, req: PhoneRequest): Reply {
  const request = param(req.params, 'request');
  if (request === undefined || request.trim() === '') return fail('missing request');
  const body: Record<string, string> = {};
  for (const name of request.split(':')) {
    if (name === '') continue;
    if (!req.session && !PUBLIC_KEYS.has(name)) continue;
    const v = core.values.get(name);
    if (v !== undefined) body[name] = v;
  }
  return ok(body);
}

const AUTH_PARAMS = new Set(['sid', 'passcode']);

function valuesPost(core: PhoneCore, req: PhoneRequest): Reply {
  const updates: [string, string][] = [];
  for (const [k, v] of req.params) {
    if (AUTH_PARAMS.has(k)) continue;
    // "NOTE: name must start with P" (seed 000 "Post Values Request").
    if (!/^P\d+$/.test(k)) return fail({ status: 'wrong' });
    updates.push([k.slice(1), v]);
  }
  if (updates.length === 0) return fail({ status: 'wrong' });
  const touchesPasswords = updates.some(([k]) => k === '2' || k === '196');
  if (touchesPasswords && req.session?.role !== 'admin') return FORBIDDEN;
  for (const [k, v] of updates) {
    if (k === '2') core.auth.adminPassword = v;
    else if (k === '196') core.auth.userPassword = v;
    else core.values.set(k, v);
  }
  return ok({ status: 'right' });
}

/** api-change_password: P2 needs a valid oldadmin, P196 a valid olduser; the user account may only change P196. */
function changePassword(core: PhoneCore, req: PhoneRequest): Reply {
  const p = req.params;
  const newAdmin = param(p, 'P2');
  const newUser = param(p, 'P196');
  if (newAdmin === undefined && newUser === undefined) return fail('missing P2 or P196');
  if (newAdmin !== undefined && req.session?.role !== 'admin') return FORBIDDEN;
  if (newAdmin !== undefined && (newAdmin === '' || param(p, 'oldadmin') !== core.auth.adminPassword)) return fail({ status: 'wrong' });
  if (newUser !== undefined && (newUser === '' || param(p, 'olduser') !== core.auth.userPassword)) return fail({ status: 'wrong' });
  if (newAdmin !== undefined) core.auth.adminPassword = newAdmin;
  if (newUser !== undefined) core.auth.userPassword = newUser;
  return ok({ status: 'right' });
}

export function phoneStatus(core: PhoneCore, req: PhoneRequest): Reply {
  const misc = core.opts.clickToDial ? '1' : '0';
  if (!req.session && !req.passcode) return { status: 200, kind: 'json', body: { response: 'success', body: 'unauthorized', misc } };
  return { status: 200, kind: 'json', body: { response: 'success', body: core.lines.status(req.now), misc } };
}

/** A request line number: undefined when absent or empty, 'bad' when not a whole number. */
function parseLineParam(v: string | undefined): number | undefined | 'bad' {
  if (v === undefined || v.trim() === '') return undefined;
  if (!/^\d+$/.test(v.trim())) return 'bad';
  return Number(v.trim());
}

/**
 * The answer's line number (1..lineCount) a request line names, per the `lineNumbering` variant:
 * 'one-based' names lines as the answers do (0 = all lines / the line concerned, returned as 0);
 * 'zero-based' names answer line n+1 ("0 to maximum available lines", seed 001 Get Line Status).
 * undefined when out of range.
 */
function answerLine(core: PhoneCore, n: number): number | undefined {
  const count = core.opts.lineCount;
  if (core.opts.lineNumbering === 'zero-based') return n < count ? n + 1 : undefined;
  return n <= count ? n : undefined;
}

export function lineStatus(core: PhoneCore, req: PhoneRequest): Reply {
  const n = parseLineParam(param(req.params, 'line', 'Line'));
  if (n === 'bad') return fail('invalid line');
  const line = n === undefined ? 0 : answerLine(core, n);
  if (line === undefined) return fail('invalid line');
  const all = core.lines.all(req.now);
  const chosen = line === 0 ? all : all.filter((s) => s.line === line);
  return ok(chosen.map((s) => renderLine(s, core.opts.lineStyle, core.lines.isActive(s))));
}

export function getAccounts(core: PhoneCore, req: PhoneRequest): Reply {
  const f = param(req.params, 'registered')?.trim().toLowerCase();
  const onlyRegistered = f === '1' || f === 'true';
  const list = core.accounts
    .map((a, i) => ({ id: i + 1, sip_server: a.server, sip_id: a.sipId, name: a.name ?? a.sipId, reg: a.registered ? 1 : 0 }))
    .filter((a) => !onlyRegistered || a.reg === 1);
  return ok(list);
}

function getTime(core: PhoneCore, req: PhoneRequest): Reply {
  // The seed's example has no response/body wrapper.
  return { status: 200, kind: 'json', body: renderTime(req.now, core.bootAt) };
}

/** api-make_call?phonenumber=..&account=.. ; account is 0-based (seed example account=0), default the first registered one. */
export function makeCall(core: PhoneCore, req: PhoneRequest): Reply {
  const number = param(req.params, 'phonenumber')?.trim();
  if (!number) return fail('missing phonenumber');
  if (!/^[0-9A-Za-z*#+@._:-]+$/.test(number)) return fail('invalid phonenumber');
  const acctParam = param(req.params, 'account')?.trim();
  let account = core.defaultAccount();
  if (acctParam !== undefined && acctParam !== '') {
    if (!/^\d+$/.test(acctParam) || Number(acctParam) >= core.accounts.length) return fail('invalid account');
    account = Number(acctParam);
  }
  const acct = core.accounts[account];
  const line = core.lines.dial(number, account, acct?.registered === true, req.now);
  if (line === undefined) return fail('no free line');
  return ok('');
}

export const OPS: ReadonlySet<string> = new Set<PhoneOp>(['acceptcall', 'rejectcall', 'endcall', 'holdcall']);

function phoneOperation(core: PhoneCore, req: PhoneRequest): Reply {
  const cmd = param(req.params, 'cmd')?.trim().toLowerCase();
  if (!cmd) return fail('missing cmd');
  if (!OPS.has(cmd)) return fail('invalid cmd');
  const op = cmd as PhoneOp;
  // "needs arg" (seed 001 Phone/Call Operations): the `lineParam` variant says which parameter carries the line.
  const name = core.opts.lineParam;
  const n = parseLineParam(name === 'arg' ? param(req.params, 'arg') : param(req.params, 'line', 'Line'));
  if (n === undefined) return fail(`missing ${name}`);
  if (n === 'bad') return fail('invalid line');
  const line = answerLine(core, n);
  if (line === undefined) return fail('invalid line');
  const slot = line === 0 ? core.lines.pick(op, req.now) : core.lines.get(line, req.now);
  // Seed: body is "true" when the command is handled; a command that cannot apply is not handled.
  if (!slot) return ok('false');
  return ok(core.lines.operate(op, slot, req.now) === 'ok' ? 'true' : 'false');
}

/** api-sys_operation?request=REBOOT|RESET|PROV; RESET and PROV "required admin". Body echoes the operation (seed example "reset"). */
export function sysOperation(core: PhoneCore, req: PhoneRequest): Reply {
  const op = param(req.params, 'request')?.trim().toUpperCase();
  if (!op) return fail('missing request');
  if (op !== 'REBOOT' && op !== 'RESET' && op !== 'PROV') return fail('invalid request');
  const isAdmin = req.session ? req.session.role === 'admin' : req.passcode;
  if (op !== 'REBOOT' && !isAdmin) return FORBIDDEN;
  if (op === 'PROV') {
    core.provisionCount++;
    return ok('prov');
  }
  const reply = ok(op.toLowerCase());
  return {
    ...reply,
    headers: { Connection: 'close' },
    after: () => (op === 'RESET' ? core.factoryReset(core.now()) : core.reboot(core.now())),
  };
}

function phonebookDownload(core: PhoneCore): Reply {
  return { status: 200, kind: 'xml', body: core.directory.phonebookXml() };
}

export function buildRoutes(spelling: 'both' | 'dash' | 'dot'): Map<string, Route> {
  const routes = new Map<string, Route>([
    // "GET loginrealm" / "GET login" (seed 000 "WEB AUTHENTICATION GUIDE"); api-get_loginrealm is an alias.
    ['loginrealm', { access: 'open', handle: loginrealm }],
    ['api-get_loginrealm', { access: 'open', handle: loginrealm }],
    ['login', { access: 'open', handle: login }],
    ['api-change_password', { access: 'session', handle: changePassword }],
    ['api-get_phone_status', { access: 'status', handle: phoneStatus }],
    ['api-get_line_status', { access: 'session', handle: lineStatus }],
    ['api-get_accounts', { access: 'session', handle: getAccounts }],
    ['api-get_time', { access: 'session', handle: getTime }],
    ['api-make_call', { access: 'token', handle: makeCall }],
    ['api-phone_operation', { access: 'token', handle: phoneOperation }],
    ['api-sys_operation', { access: 'token', handle: sysOperation }],
    ['phonebook_download', { access: 'session', handle: phonebookDownload }],
    ...directoryRoutes(),
  ]);
  // Field notes: seeds write api-values.get; sibling firmware answers api.values.get.
  if (spelling !== 'dot') {
    routes.set('api-values.get', { access: 'limited', handle: valuesGet });
    routes.set('api-values.post', { access: 'session', handle: valuesPost });
  }
  if (spelling !== 'dash') {
    routes.set('api.values.get', { access: 'limited', handle: valuesGet });
    routes.set('api.values.post', { access: 'session', handle: valuesPost });
  }
  return routes;
}
