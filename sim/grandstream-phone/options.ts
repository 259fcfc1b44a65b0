/**
 * Options of the Grandstream GXV32xx/33xx/GXV3370/WP820 phone simulator (seeds 000 and 001).
 * Everything except `id` and `name` has a default; see `resolveOptions`.
 */

/** One SIP account of the phone. Accounts are numbered 1..n in api-get_accounts (seed 000 "Get Account Status"). */
export interface PhoneAccountSeed {
  sipId: string;
  server: string;
  /** Display name; defaults to the SIP id. */
  name?: string;
  /** Registered with its server (default true when `sipId` is not empty). */
  registered?: boolean;
}

/** A phonebook contact as seeded. `id` defaults to the next free id (ids start at 0, as in the seed's example). */
export interface PhoneContactSeed {
  id?: number;
  firstName: string;
  lastName?: string;
  /** Group id; 0 is the built-in "default" group. */
  groupId?: number;
  work?: string;
  home?: string;
  mobile?: string;
  fax?: string;
  email?: string;
}

/** A contact group. Ids 0 ("default") and 100 ("blacklist") always exist (seed 000 "Get Contact Group"). */
export interface PhoneGroupSeed {
  id: number;
  name: string;
}

export type LineStyle = 'numeric' | 'words';
export type ValuesSpelling = 'both' | 'dash' | 'dot';
/**
 * How the `line` of a request (api-phone_operation, the api-get_line_status filter) names a line.
 * Line status answers always number lines 1..N (field notes). The manuals ("0 to maximum available
 * lines", examples with `line=0`) allow two readings:
 * - 'one-based': request line n is answer line n; 0 means all lines (status filter) or the line
 *   the command is about (operations: the ringing line for accept/reject, the active one for end/hold);
 * - 'zero-based': request line n is answer line n+1 (`line=0` is the first line).
 */
export type LineNumbering = 'one-based' | 'zero-based';
/**
 * The request parameter that carries the line in api-phone_operation: `line` (the manuals'
 * parameter table) or `arg` (the manuals say each command "needs arg"; public clients of other
 * Grandstream families send `cmd=endcall&arg=`). The other parameter is ignored.
 */
export type LineParam = 'line' | 'arg';
/**
 * Which value names api-values.get knows: 'manual' = only those in the manuals' example answer
 * ("68", "1561", "7033", vendor_name, vendor_fullname, hw_rev, tp_fw_version) and P-numbers;
 * 'extended' = also phone_model, prog_version and mac (as sibling firmware serves them).
 */
export type ValueNames = 'manual' | 'extended';
/** How api-get_contacts builds `contactName` from the first and last name (the manuals do not say). */
export type ContactNameOrder = 'first-last' | 'last-first';

/**
 * Which Web API the phone speaks (issue 11, observed on real firmware, field notes):
 * - 'legacy': the GXV challenge login of seeds 000/001 (loginrealm + login), the default;
 * - 'sha256': GXP21xx/GRP26xx/WP8x6 session login (access + dologin), form POSTs, dorefresh;
 * - 'passcode': the CTI/Web API of simpler GXP/GRP firmware: the admin password on every request.
 * The call lines, accounts and values are the same in all three.
 */
export type PhoneFamilySim = 'legacy' | 'sha256' | 'passcode';

export interface PhoneSimOptions {
  id: string;
  name: string;
  /** Model name reported by `phone_model` (default 'GXV3370'). */
  model?: string;
  /** Admin user name (default 'admin'); `gmiadmin` is always accepted with the same password. */
  username?: string;
  /** Admin password, P2 (default 'admin'). */
  password?: string;
  /** Password of the restricted `user` account, P196 (default '123'). */
  userPassword?: string;
  /** PBX extension of account 1. Used as account 1's SIP id when `accounts` is not given. */
  extension?: string;
  /** SIP accounts (default: account 1 = extension on 'pbx.local', registered, plus 3 empty accounts). */
  accounts?: PhoneAccountSeed[];
  /** Number of call lines (default 4). */
  lineCount?: number;
  /** 'numeric' = documented codes "0","2","3","4","5","8" with name/number; 'words' = idle/ringing/... with remotename/remotenumber. */
  lineStyle?: LineStyle;
  /** Which spelling of the values endpoints exists: api-values.get (dash), api.values.get (dot) or both. Default 'both'. */
  valuesSpelling?: ValuesSpelling;
  /** The remote side answers outgoing calls after this delay; null = never answers. Default 2000. */
  answerDelayMs?: number | null;
  /** Account lockout after 5 failed logins, in ms (default 300000). */
  lockoutMs?: number;
  /** Session idle timeout in ms (sliding; default 600000). */
  sessionTtlMs?: number;
  /** Offline window after REBOOT/RESET in ms (default 1500). */
  rebootMs?: number;
  contacts?: PhoneContactSeed[];
  groups?: PhoneGroupSeed[];
  /** Firmware version, `prog_version` (default '1.0.3.56'). */
  firmware?: string;
  /** MAC address, `mac` (default derived from the id, Grandstream OUI 00:0B:82). */
  mac?: string;
  /** Login hash separator (default ':' per seed 000; seed 001 shows '.'). */
  loginSeparator?: string;
  /** Serve JSON as application/json instead of text/plain (field notes: real firmware says text/plain). */
  jsonContentType?: boolean;
  /** Body of loginrealm: the bare random as text (default) or {"response":"success","body":"<random>"}. */
  realmFormat?: 'text' | 'json';
  /** Also accept `passcode=<admin password>` instead of a session on make_call/phone_operation/sys_operation/phone_status. */
  passcodeAuth?: boolean;
  /** `misc` of api-get_phone_status: "1" when click-to-dial is enabled (default true). */
  clickToDial?: boolean;
  /** Maximum concurrent sessions; the least recently used one is dropped beyond it (default 10). */
  maxSessions?: number;
  /** Request line numbering of api-phone_operation and the line status filter (default 'one-based'). */
  lineNumbering?: LineNumbering;
  /** Parameter carrying the line in api-phone_operation (default 'line'). */
  lineParam?: LineParam;
  /** Value names api-values.get serves (default 'extended'). */
  valueNames?: ValueNames;
  /** contactName order in api-get_contacts (default 'first-last'). */
  contactNameOrder?: ContactNameOrder;
  /**
   * Sessions one account (admin, gmiadmin = admin, or user) may hold at once; a new login ends the
   * oldest session of that account beyond it (default 1: many phones keep one session per account,
   * so another desk or a browser logging in ends ours).
   */
  sessionsPerUser?: number;
  /** Delay before a handled call operation shows in line status, in ms (default 0). */
  operationDelayMs?: number;
  /** Web API family (default 'legacy'). */
  family?: PhoneFamilySim;
  /** sha256: whether the restricted `user` account may log in to the web API (default true; false answers "user is not allow"). */
  userWebAccess?: boolean;
  /** passcode: whether the API feature is enabled in the phone's web UI (default true; false refuses every call). */
  apiEnabled?: boolean;
  /** Clock in ms (default Date.now). All timing (answer delay, lockout, sessions, reboot) is computed lazily from it. */
  clock?: () => number;
}

export interface ResolvedOptions {
  id: string;
  name: string;
  model: string;
  username: string;
  password: string;
  userPassword: string;
  extension: string | undefined;
  accounts: PhoneAccountSeed[];
  lineCount: number;
  lineStyle: LineStyle;
  valuesSpelling: ValuesSpelling;
  answerDelayMs: number | null;
  lockoutMs: number;
  sessionTtlMs: number;
  rebootMs: number;
  contacts: PhoneContactSeed[];
  groups: PhoneGroupSeed[];
  firmware: string;
  mac: string;
  loginSeparator: string;
  jsonContentType: boolean;
  realmFormat: 'text' | 'json';
  passcodeAuth: boolean;
  clickToDial: boolean;
  maxSessions: number;
  lineNumbering: LineNumbering;
  lineParam: LineParam;
  valueNames: ValueNames;
  contactNameOrder: ContactNameOrder;
  sessionsPerUser: number;
  operationDelayMs: number;
  family: PhoneFamilySim;
  userWebAccess: boolean;
  apiEnabled: boolean;
  clock: () => number;
}

/** Failed logins before the account locks. */
export const MAX_LOGIN_FAILURES = 5;

function macFromId(id: string): string {
  let h = 2166136261;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619) >>> 0;
  const b = [(h >>> 16) & 0xff, (h >>> 8) & 0xff, h & 0xff];
  return ['00', '0B', '82', ...b.map((x) => x.toString(16).padStart(2, '0').toUpperCase())].join(':');
}

function positiveInt(v: number | undefined, def: number, what: string): number {
  if (v === undefined) return def;
  if (!Number.isInteger(v) || v < 1) throw new Error(`grandstream-phone sim: ${what} must be a positive integer`);
  return v;
}

function nonNegative(v: number | undefined, def: number, what: string): number {
  if (v === undefined) return def;
  if (!Number.isFinite(v) || v < 0) throw new Error(`grandstream-phone sim: ${what} must be >= 0`);
  return v;
}

/** The value, or the first (default) choice when undefined; anything else is an error naming the option. */
function oneOf<T extends string>(v: T | undefined, choices: readonly [T, ...T[]], what: string): T {
  if (v === undefined) return choices[0];
  if (!choices.includes(v)) throw new Error(`grandstream-phone sim: ${what} must be one of ${choices.join(', ')}`);
  return v;
}

export function resolveOptions(o: PhoneSimOptions): ResolvedOptions {
  const accounts: PhoneAccountSeed[] = o.accounts
    ? o.accounts.map((a) => ({ ...a }))
    : [
        { sipId: o.extension ?? '', server: o.extension ? 'pbx.local' : '', name: o.extension ?? '', registered: o.extension !== undefined },
        { sipId: '', server: '', registered: false },
        { sipId: '', server: '', registered: false },
        { sipId: '', server: '', registered: false },
      ];
  const answer = o.answerDelayMs === undefined ? 2000 : o.answerDelayMs;
  const family = oneOf(o.family, ['legacy', 'sha256', 'passcode'], 'family');
  if (answer !== null && (!Number.isFinite(answer) || answer < 0)) throw new Error('grandstream-phone sim: answerDelayMs must be >= 0 or null');
  return {
    id: o.id,
    name: o.name,
    model: o.model ?? 'GXV3370',
    username: o.username ?? 'admin',
    password: o.password ?? 'admin',
    userPassword: o.userPassword ?? '123',
    extension: o.extension,
    accounts,
    lineCount: positiveInt(o.lineCount, 4, 'lineCount'),
    lineStyle: o.lineStyle ?? 'numeric',
    valuesSpelling: o.valuesSpelling ?? 'both',
    answerDelayMs: answer,
    lockoutMs: nonNegative(o.lockoutMs, 300_000, 'lockoutMs'),
    // The SHA-256 family's session "dies after about 60 s of silence" (observed on GXP21xx firmware, field notes).
    sessionTtlMs: nonNegative(o.sessionTtlMs, family === 'sha256' ? 60_000 : 600_000, 'sessionTtlMs'),
    rebootMs: nonNegative(o.rebootMs, 1500, 'rebootMs'),
    contacts: o.contacts ?? [],
    groups: o.groups ?? [],
    firmware: o.firmware ?? '1.0.3.56',
    mac: o.mac ?? macFromId(o.id),
    loginSeparator: o.loginSeparator ?? ':',
    jsonContentType: o.jsonContentType ?? false,
    realmFormat: o.realmFormat ?? 'text',
    passcodeAuth: o.passcodeAuth ?? false,
    clickToDial: o.clickToDial ?? true,
    maxSessions: positiveInt(o.maxSessions, 10, 'maxSessions'),
    lineNumbering: oneOf(o.lineNumbering, ['one-based', 'zero-based'], 'lineNumbering'),
    lineParam: oneOf(o.lineParam, ['line', 'arg'], 'lineParam'),
    valueNames: oneOf(o.valueNames, ['extended', 'manual'], 'valueNames'),
    contactNameOrder: oneOf(o.contactNameOrder, ['first-last', 'last-first'], 'contactNameOrder'),
    sessionsPerUser: positiveInt(o.sessionsPerUser, 1, 'sessionsPerUser'),
    operationDelayMs: nonNegative(o.operationDelayMs, 0, 'operationDelayMs'),
    family,
    userWebAccess: o.userWebAccess ?? true,
    apiEnabled: o.apiEnabled ?? true,
    clock: o.clock ?? Date.now,
  };
}
