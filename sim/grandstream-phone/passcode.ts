/**
 * The passcode family of Grandstream phones: the CTI/Web API of simpler GXP/GRP firmware, as public
 * clients use it (field notes, issue 11). No login and no session: the admin password goes on every
 * request as `passcode=<pw>`, except `api-make_call`, which takes it as `password=<pw>`.
 * `api-phone_operation?cmd=…` has no line parameter and acts on the phone's current call;
 * `holdcall` toggles. The feature must be enabled in the phone's web UI (`apiEnabled`).
 *
 * How the phone refuses is not documented. This simulator answers a wrong passcode with HTTP 401
 * `{"response":"error","body":"unauthorized"}` and a disabled feature with HTTP 403
 * `{"response":"error","body":"forbidden"}`; the driver must read both as "check the password and
 * that the API is enabled".
 */
import type { PhoneCore } from './core';
import { lineStatus, makeCall, phoneStatus, sysOperation, valuesGet } from './endpoints';
import { fail, FORBIDDEN, htmlStatus, param, UNAUTHORIZED, type PhoneRequest, type Reply } from './reply';
import { currentCallOperation } from './sha256';

type Handler = (core: PhoneCore, req: PhoneRequest) => Reply;

/** Endpoints that need the passcode, and the parameter that carries it. */
const GUARDED: Readonly<Record<string, { param: 'passcode' | 'password'; handle: Handler }>> = {
  'api-get_line_status': { param: 'passcode', handle: lineStatus },
  'api-get_phone_status': { param: 'passcode', handle: phoneStatus },
  // "api-make_call?phonenumber=<n>&account=0&password=<pw>": password, not passcode.
  'api-make_call': { param: 'password', handle: makeCall },
  'api-phone_operation': { param: 'passcode', handle: currentCallOperation },
  'api-sys_operation': { param: 'passcode', handle: sysOperation },
};

/** The manuals' public value names answer without any credential (seed 000 "Return Values Request": "None (limited return)"). */
const OPEN: Readonly<Record<string, Handler>> = {
  'api-values.get': valuesGet,
  'api.values.get': valuesGet,
};

export function passcodeReply(core: PhoneCore, path: string, params: URLSearchParams, now: number, cookiePath: string): Reply {
  const name = /^\/cgi-bin\/([^/]+)$/.exec(path)?.[1] ?? '';
  const open = OPEN[name];
  if (open) return open(core, { params, session: undefined, passcode: false, now, cookiePath });
  const guarded = GUARDED[name];
  if (!guarded) return htmlStatus(404, 'Not Found');
  if (!core.opts.apiEnabled) return FORBIDDEN;
  const given = param(params, guarded.param);
  if (given === undefined || given === '') return fail(`missing ${guarded.param}`, 401);
  if (given !== core.auth.adminPassword) return UNAUTHORIZED;
  return guarded.handle(core, { params, session: undefined, passcode: true, now, cookiePath });
}
