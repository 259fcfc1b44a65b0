/**
 * Argument parsing and validation of the `frontdesk` CLI (node:util parseArgs, strict).
 * Pure: no I/O. Every mistake is a UsageError (exit code 2) whose message never echoes a
 * password or secret.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DEVICE_KINDS, type CallAction, type DeviceKind } from '../../shared/domain';
import { UsageError } from './usage-error';

export const COMMAND_NAMES = [
  'probe',
  'status',
  'lines',
  'accounts',
  'contacts',
  'dial',
  'call',
  'voicemail',
  'presence',
  'snapshot',
  'motion',
  'history',
  'reboot',
] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

export const CALL_ACTIONS: readonly CallAction[] = ['accept', 'reject', 'end', 'hold', 'resume'];
export const LINE_STATE_STYLES = ['numeric', 'words'] as const;
export type LineStateStyle = (typeof LINE_STATE_STYLES)[number];

export type CliCommand =
  | { name: 'probe' | 'status' | 'lines' | 'accounts' | 'presence' | 'motion' }
  | { name: 'voicemail'; exten?: string }
  | { name: 'contacts'; search?: string }
  | { name: 'dial'; number: string; account?: number; exten?: string }
  | { name: 'call'; action: CallAction; line: number }
  | { name: 'snapshot'; out: string }
  | { name: 'history'; from?: string; to?: string }
  | { name: 'reboot'; exten?: string };

export interface Connection {
  kind: DeviceKind;
  /** The device root exactly as typed (drivers append their API path). */
  url: string;
  user: string;
  password: string;
  secret?: string;
  /** KalliopePBX CDR privacy password (history only): --privacy-password or the environment. */
  privacyPassword?: string;
  /** Informational hint; drivers read both styles. */
  lineStates?: LineStateStyle;
  /** Pinned firmware family (e.g. gs-sha256, gsc-challenge); absent = the driver detects it. */
  family?: string;
  /** KalliopePBX 4.x tenant domain (--tenant-domain); absent = "default". */
  tenantDomain?: string;
  timeoutMs?: number;
}

export interface CliArgs {
  command: CliCommand;
  connection: Connection;
}

export type ParsedCli = { help: true } | { help: false; args: CliArgs };

/** Environment fallbacks, so a password need not appear in the process list. */
export const PASSWORD_ENV = 'FRONTDESK_PASSWORD';
export const SECRET_ENV = 'FRONTDESK_SECRET';
export const PRIVACY_PASSWORD_ENV = 'FRONTDESK_PRIVACY_PASSWORD';

export const MAX_TIMEOUT_MS = 600_000;

const OPTIONS = {
  kind: { type: 'string' },
  url: { type: 'string' },
  user: { type: 'string' },
  password: { type: 'string' },
  secret: { type: 'string' },
  'privacy-password': { type: 'string' },
  'line-states': { type: 'string' },
  family: { type: 'string' },
  'tenant-domain': { type: 'string' },
  timeout: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  yes: { type: 'boolean' },
  search: { type: 'string' },
  account: { type: 'string' },
  exten: { type: 'string' },
  line: { type: 'string' },
  out: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
} as const satisfies ParseArgsConfig['options'];
type OptionName = keyof typeof OPTIONS;

/** Flags that belong to some commands only. */
const COMMAND_FLAGS: Partial<Record<OptionName, readonly CommandName[]>> = {
  search: ['contacts'],
  account: ['dial'],
  exten: ['dial', 'voicemail', 'reboot'],
  line: ['call'],
  out: ['snapshot'],
  from: ['history'],
  to: ['history'],
  'privacy-password': ['history'],
};

/** Flags whose values must never be echoed. */
const SECRET_FLAGS = ['--password', '--secret', '--privacy-password'];

export const USAGE = `usage: frontdesk <command> --kind <kind> --url <base> --user <u> --password <p> [options]

commands:
  probe                                   model, firmware and capabilities
  status                                  phone state and click-to-dial (phone)
  lines                                   call lines (phone)
  accounts                                SIP accounts (phone)
  contacts [--search q]                   directory (phone, kalliope, nethvoice)
  dial <number> [--account n] [--exten e] place a call (phone: account number 1-16 as "accounts" shows it;
                                          PBX: extension that rings first)
  call <accept|reject|end|hold|resume> --line n
                                          call control on a line as "lines" shows it (phone); hold only
                                          holds a connected call, resume only resumes a held one
  voicemail [--exten e]                   mailboxes; --exten: the reception mailbox, with message counts (kalliope, nethvoice)
  presence                                extension presence (kalliope, nethvoice)
  snapshot --out file.jpg                 save a camera picture (camera)
  motion                                  motion and alarm inputs (camera); an input the camera
                                          reports empty or unknown is null
  history [--from ISO] [--to ISO] [--privacy-password p]
                                          call history (kalliope); a date alone is a whole local day;
                                          --privacy-password (or ${PRIVACY_PASSWORD_ENV}) shows full outside numbers
  reboot --yes [--exten e]                restart the device (camera, phone) or the desk phones of extension e
                                          (nethvoice); --yes confirms it (calls in progress are cut); status
                                          "sent, not confirmed" when the device did not confirm

connection:
  --kind      ${DEVICE_KINDS.join(' | ')}
  --url       device root as typed, e.g. http://192.168.1.20 or https://pbx.example.com:8443
  --user      user name
  --password  password (or set ${PASSWORD_ENV})
  --secret    NethVoice API secret (or set ${SECRET_ENV}); discovered through /testauth when absent
  --line-states numeric|words   hint only: drivers read both styles
  --family f                    pin the firmware family instead of detecting it: phone gs-legacy |
                                gs-sha256 | gs-passcode; camera gxv-basic | gsc-challenge; kalliope kalliope-3 |
                                kalliope-4; nethvoice nethvoice-legacy | nethvoice-ns8 (probe prints the one found)
  --tenant-domain d             KalliopePBX 4.x tenant domain of the user (default "default")
  --timeout ms                  per-request timeout (default 5000)
  --help                        this text

output: one JSON document on stdout; errors as one JSON line {"error":{...}} on stderr.
exit codes: 0 ok, 2 usage, 3 auth, lockout or untrusted certificate, 4 unreachable or timeout, 5 protocol or device rejected,
            6 unsupported firmware or license, 1 internal error.
`;

function isCommandName(s: string): s is CommandName {
  return (COMMAND_NAMES as readonly string[]).includes(s);
}

function isDeviceKind(s: string): s is DeviceKind {
  return (DEVICE_KINDS as readonly string[]).includes(s);
}

/** Values given to --password/--secret in argv (also when parsing fails), for redaction. */
export function secretValues(argv: readonly string[], env: Readonly<Record<string, string | undefined>> = {}): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    for (const flag of SECRET_FLAGS) {
      if (a === flag) {
        const v = argv[i + 1];
        if (v !== undefined) out.push(v);
      } else if (a.startsWith(`${flag}=`)) {
        out.push(a.slice(flag.length + 1));
      }
    }
  }
  for (const name of [PASSWORD_ENV, SECRET_ENV, PRIVACY_PASSWORD_ENV]) {
    const v = env[name];
    if (v !== undefined) out.push(v);
  }
  return out.filter((v) => v !== '');
}

/** The first sentence of a node:util parseArgs error, which names the flag but not its value. */
function parseArgsMessage(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  const unknown = /^Unknown option '([^']+)'/.exec(msg);
  if (unknown) return `unknown flag ${unknown[1] ?? ''}`;
  const unexpected = /^Unexpected argument '([^']+)'/.exec(msg);
  if (unexpected) return `unexpected argument "${unexpected[1] ?? ''}"`;
  const firstLine = msg.split('\n')[0] ?? msg;
  return firstLine.replace(/^Option '([^' ]+)[^']*'/, 'flag $1').replace(/\.$/, '');
}

function parseInteger(flag: string, raw: string, min: number, max: number): number {
  if (!/^\d+$/.test(raw.trim())) throw new UsageError(`${flag} must be a whole number, got "${raw.slice(0, 40)}"`);
  const n = Number(raw.trim());
  if (n < min || n > max) throw new UsageError(`${flag} must be between ${min} and ${max}, got ${n}`);
  return n;
}

function parseExten(raw: string): string {
  const exten = raw.trim();
  if (!/^[0-9A-Za-z*#+_-]{1,32}$/.test(exten)) throw new UsageError(`--exten must be an extension like 200, got "${raw.slice(0, 40)}"`);
  return exten;
}

function parseIso(flag: string, raw: string): string {
  const v = raw.trim();
  // a date (2024-05-01) or a date-time (2024-05-01T08:00, with optional seconds and zone)
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(v) || Number.isNaN(periodInstant(v, 'from'))) {
    throw new UsageError(`${flag} must be an ISO 8601 date or date-time like 2024-05-01 or 2024-05-01T08:00:00Z, got "${raw.slice(0, 40)}"`);
  }
  return v;
}

/**
 * A --from/--to value as epoch ms, read the way the drivers read it: a date alone is a local
 * calendar day (its midnight for --from, its last second for --to, inclusive), a date-time without
 * zone is local time. NaN for an impossible date such as 2024-02-30.
 */
export function periodInstant(v: string, edge: 'from' | 'to'): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) return Date.parse(v);
  const [y, mo, d] = m.slice(1).map(Number) as [number, number, number];
  const date = edge === 'from' ? new Date(y, mo - 1, d) : new Date(y, mo - 1, d, 23, 59, 59);
  return date.getFullYear() === y && date.getMonth() === mo - 1 && date.getDate() === d ? date.getTime() : NaN;
}

/** Validate a device URL as a user types it. Never echoes credentials. */
export function validateUrl(raw: string): string {
  const v = raw.trim();
  if (v === '') throw new UsageError('--url must not be empty');
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(v) ? v : `http://${v}`;
  let u: URL;
  try {
    u = new URL(withScheme);
  } catch {
    throw new UsageError('--url is not a valid URL: type it like http://192.168.1.20 or https://pbx.example.com:8443');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new UsageError(`--url must start with http:// or https://, got ${u.protocol}//`);
  if (u.username !== '' || u.password !== '') throw new UsageError('--url must not contain credentials: pass them with --user and --password');
  if (u.search !== '' || u.hash !== '') throw new UsageError('--url must be the device root without a query or fragment');
  return v;
}

function required(values: Partial<Record<OptionName, string>>, name: OptionName): string {
  const v = values[name];
  if (v === undefined) throw new UsageError(`missing required flag --${name}`);
  return v;
}

/** Reject a flag given twice: scripts must not depend on which one wins. */
function rejectRepeats(tokens: readonly { kind: string; name?: string }[]): void {
  const seen = new Set<string>();
  for (const t of tokens) {
    if (t.kind !== 'option' || t.name === undefined) continue;
    if (seen.has(t.name)) throw new UsageError(`flag --${t.name} is given more than once`);
    seen.add(t.name);
  }
}

function parseCommand(name: CommandName, rest: string[], values: Partial<Record<OptionName, string>>): CliCommand {
  const noPositionals = (): void => {
    if (rest.length > 0) throw new UsageError(`${name} takes no arguments, got "${(rest[0] ?? '').slice(0, 40)}"`);
  };
  switch (name) {
    case 'contacts': {
      noPositionals();
      const search = values.search?.trim();
      if (values.search !== undefined && !search) throw new UsageError('--search must not be empty');
      return search ? { name, search } : { name };
    }
    case 'dial': {
      if (rest.length === 0) throw new UsageError('dial needs a number: frontdesk dial <number>');
      if (rest.length > 1) throw new UsageError('dial takes one number; quote a number that contains spaces');
      const number = (rest[0] ?? '').trim();
      if (number === '') throw new UsageError('dial needs a non-empty number');
      const cmd: CliCommand = { name, number };
      // The account number users see in `accounts` (1-based); the driver converts to the device's index.
      if (values.account !== undefined) cmd.account = parseInteger('--account', values.account, 1, 16);
      if (values.exten !== undefined) cmd.exten = parseExten(values.exten);
      return cmd;
    }
    case 'voicemail':
      noPositionals();
      return values.exten === undefined ? { name } : { name, exten: parseExten(values.exten) };
    case 'call': {
      if (rest.length === 0) throw new UsageError(`call needs an action: ${CALL_ACTIONS.join(', ')}`);
      if (rest.length > 1) throw new UsageError('call takes one action');
      const action = rest[0] ?? '';
      const known = CALL_ACTIONS.find((a) => a === action);
      if (!known) throw new UsageError(`call action must be one of ${CALL_ACTIONS.join(', ')}, got "${action.slice(0, 40)}"`);
      if (values.line === undefined) throw new UsageError('call needs --line n (the line number shown by "lines")');
      return { name, action: known, line: parseInteger('--line', values.line, 1, 64) };
    }
    case 'snapshot': {
      noPositionals();
      if (values.out === undefined || values.out.trim() === '') throw new UsageError('snapshot needs --out file.jpg (the picture is never written to stdout)');
      return { name, out: values.out };
    }
    case 'reboot':
      noPositionals();
      return values.exten === undefined ? { name } : { name, exten: parseExten(values.exten) };
    case 'history': {
      noPositionals();
      const cmd: CliCommand = { name };
      if (values.from !== undefined) cmd.from = parseIso('--from', values.from);
      if (values.to !== undefined) cmd.to = parseIso('--to', values.to);
      if (cmd.from && cmd.to && periodInstant(cmd.from, 'from') > periodInstant(cmd.to, 'to')) throw new UsageError('--from must not be later than --to');
      return cmd;
    }
    default:
      noPositionals();
      return { name };
  }
}

/**
 * Parse argv (without node and the script). Returns {help:true} for --help; throws UsageError
 * for every mistake.
 */
export function parseCli(argv: readonly string[], env: Readonly<Record<string, string | undefined>> = {}): ParsedCli {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; strict: true; tokens: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true, tokens: true });
  } catch (e) {
    throw new UsageError(parseArgsMessage(e));
  }
  const { values: raw, positionals, tokens } = parsed;
  if (raw.help) return { help: true };
  rejectRepeats(tokens);
  const values: Partial<Record<OptionName, string>> = {};
  for (const [k, v] of Object.entries(raw)) if (typeof v === 'string') values[k as OptionName] = v;

  const [first, ...rest] = positionals;
  if (first === undefined) throw new UsageError(`missing command: one of ${COMMAND_NAMES.join(', ')}`);
  if (!isCommandName(first)) throw new UsageError(`unknown command "${first.slice(0, 40)}": use one of ${COMMAND_NAMES.join(', ')}`);

  for (const [flag, owners] of Object.entries(COMMAND_FLAGS)) {
    if (values[flag as OptionName] !== undefined && !owners.includes(first)) {
      throw new UsageError(`flag --${flag} belongs to the ${owners.join(' and ')} command${owners.length > 1 ? 's' : ''}, not ${first}`);
    }
  }
  // A restart cuts calls in progress: never by a bare command (a typo, a shell history recall).
  if (raw.yes === true && first !== 'reboot') throw new UsageError(`flag --yes belongs to the reboot command, not ${first}`);
  if (first === 'reboot' && raw.yes !== true) throw new UsageError('reboot restarts the device and cuts its calls: add --yes to confirm');

  const kindRaw = required(values, 'kind');
  if (!isDeviceKind(kindRaw)) throw new UsageError(`--kind must be one of ${DEVICE_KINDS.join(', ')}, got "${kindRaw.slice(0, 40)}"`);
  const url = validateUrl(required(values, 'url'));
  const user = required(values, 'user');
  if (user.trim() === '') throw new UsageError('--user must not be empty');
  const password = values.password ?? env[PASSWORD_ENV];
  if (password === undefined) throw new UsageError(`missing required flag --password (or set ${PASSWORD_ENV})`);
  const secret = values.secret ?? env[SECRET_ENV];

  const connection: Connection = { kind: kindRaw, url, user, password };
  if (secret !== undefined && secret !== '') connection.secret = secret;
  if (first === 'history') {
    // The environment is ambient: read only for history. An empty value counts as unset there.
    if (values['privacy-password'] === '') throw new UsageError('--privacy-password must not be empty');
    const privacy = values['privacy-password'] ?? env[PRIVACY_PASSWORD_ENV];
    if (privacy !== undefined && privacy !== '') connection.privacyPassword = privacy;
  }
  const style = values['line-states'];
  if (style !== undefined) {
    const known = LINE_STATE_STYLES.find((s) => s === style);
    if (!known) throw new UsageError(`--line-states must be numeric or words, got "${style.slice(0, 40)}"`);
    connection.lineStates = known;
  }
  if (values.family !== undefined) {
    const family = values.family.trim();
    if (!/^[a-z0-9][a-z0-9.-]{0,31}$/.test(family)) throw new UsageError(`--family must be a family name like gs-sha256, got "${values.family.slice(0, 40)}"`);
    connection.family = family;
  }
  const tenant = values['tenant-domain'];
  if (tenant !== undefined) {
    if (kindRaw !== 'kalliope') throw new UsageError(`--tenant-domain belongs to --kind kalliope (KalliopePBX 4.x), not ${kindRaw}`);
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(tenant.trim()) || /^\.+$/.test(tenant.trim())) throw new UsageError(`--tenant-domain must be a tenant domain like default, got "${tenant.slice(0, 40)}"`);
    connection.tenantDomain = tenant.trim();
  }
  if (values.timeout !== undefined) connection.timeoutMs = parseInteger('--timeout', values.timeout, 1, MAX_TIMEOUT_MS);

  return { help: false, args: { command: parseCommand(first, rest, values), connection } };
}
