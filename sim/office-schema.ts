import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * Schema of an office file (sim/office.json). Unknown keys are rejected so typos surface as
 * errors that name the field, e.g. `devices[2].pasword: Unrecognized key`.
 */

const str = z.string().min(1);
const digits = z.string().regex(/^\d+$/, 'must be a string of digits, e.g. "201"');
const port = z.int().min(0).max(65535).optional();

export const contactSchema = z.strictObject({
  firstName: str,
  lastName: z.string().optional(),
  company: z.string().optional(),
  work: z.string().optional(),
  mobile: z.string().optional(),
  home: z.string().optional(),
  fax: z.string().optional(),
  email: z.string().optional(),
});

/** Phone contacts: the phone's contact record has no company field, but a group. */
export const phoneContactSchema = contactSchema.omit({ company: true }).extend({
  /** Contact group id (0 = default, 100 = blacklist). */
  groupId: z.int().min(0).optional(),
});

const phoneSchema = z.strictObject({
  kind: z.literal('grandstream-phone'),
  id: str,
  name: str,
  port,
  model: z.string().optional(),
  firmware: z.string().optional(),
  mac: z.string().optional(),
  username: str.default('admin'),
  password: str,
  /** PBX extension of account 1; must be an extension of a PBX in this office. */
  extension: digits.optional(),
  lineCount: z.int().min(1).max(16).optional(),
  lineStyle: z.enum(['numeric', 'words']).optional(),
  /** Remote side answers outgoing calls after this delay (ms); null = never. */
  answerDelayMs: z.int().min(0).nullable().optional(),
  /** How request line numbers name lines: 'one-based' (as line status reports them; default) or 'zero-based' (line=0 is line 1). */
  lineNumbering: z.enum(['one-based', 'zero-based']).optional(),
  /** Parameter carrying the line in api-phone_operation: 'line' (default) or 'arg'. */
  lineParam: z.enum(['line', 'arg']).optional(),
  /** Value names api-values.get knows: 'extended' (default; also phone_model, prog_version, mac) or 'manual' (the manuals' names only). */
  valueNames: z.enum(['extended', 'manual']).optional(),
  /** How the phone builds a contact's name: 'first-last' (default) or 'last-first'. */
  contactNameOrder: z.enum(['first-last', 'last-first']).optional(),
  /** Sessions one account may hold at once; another login beyond it ends the oldest (default 1). */
  sessionsPerUser: z.int().min(1).max(32).optional(),
  /** Delay before a handled call operation shows in line status, ms (default 0). */
  operationDelayMs: z.int().min(0).max(10000).optional(),
  /** Web API family: 'legacy' (GXV challenge login, default), 'sha256' (GXP21xx/GRP26xx session login), 'passcode' (CTI passcode per request). */
  family: z.enum(['legacy', 'sha256', 'passcode']).optional(),
  /** sha256: whether the restricted `user` account may use the web API (default true). */
  userWebAccess: z.boolean().optional(),
  /** passcode: whether the API feature is enabled in the phone's web UI (default true). */
  apiEnabled: z.boolean().optional(),
  groups: z.array(z.strictObject({ id: z.int().min(1), name: str })).optional(),
  contacts: z.array(phoneContactSchema).optional(),
});

const cameraSchema = z.strictObject({
  kind: z.literal('grandstream-camera'),
  id: str,
  name: str,
  port,
  model: str,
  firmware: z.string().optional(),
  mac: z.string().optional(),
  username: str.default('admin'),
  password: str,
  /** Pan/tilt/zoom capable (e.g. a GXV3504 encoder driving a PTZ dome). Default: by model. */
  ptz: z.boolean().optional(),
  /** Video channels: 1 (IP cameras) or 4 (GXV3504 encoder). Default: by model. */
  channels: z.union([z.literal(1), z.literal(4)]).optional(),
  /** A non-administrator account that may view snapshots and streams only. */
  viewer: z.strictObject({ username: str, password: str }).optional(),
  /** Initial codecs; the MJPEG stream only works while the stream's codec is MJPEG. */
  primaryCodec: z.enum(['h264', 'mjpeg']).optional(),
  secondaryCodec: z.enum(['h264', 'mjpeg']).optional(),
  /** Camera pushes motion/alarm events to its alarm HTTP server out of the box (default false). */
  alarmServerUpload: z.boolean().optional(),
  /** Motion status request the camera answers: 'cmd' = cmd=get_md_statu (default), 'param' = cmd=get&md_statu. */
  motionStatusForm: z.enum(['cmd', 'param']).optional(),
  /** How alarmin_status reads: 'bit' 0/1 (default), 'empty' (no wired input), 'unknown' (outside 0/1). */
  alarmInputStatus: z.enum(['bit', 'empty', 'unknown']).optional(),
  /** Login family: 'gxv' (HTTP Basic, seed 002; default) or 'gsc36xx' (challenge login at /goform/login, XML settings). */
  family: z.enum(['gxv', 'gsc36xx']).optional(),
});

const kalliopeExtensionSchema = z.strictObject({
  extension: digits,
  name: str,
  /** Has a voicemail box (default false; the reception extension always has one). */
  voicemail: z.boolean().optional(),
  /** Default true. Disabled extensions are left out of /users/registrations. */
  enabled: z.boolean().optional(),
});

const callgroupSchema = z.strictObject({
  id: str,
  name: str,
  selection: z.string().optional(),
  enabled: z.boolean().optional(),
  /** Ring timeout per priority, seconds. */
  timeout: z.int().min(1).optional(),
  /** Members: one list (one priority) or one list per priority. */
  members: z.union([z.array(digits), z.array(z.array(digits))]),
});

const kalliopeSchema = z.strictObject({
  kind: z.literal('kalliope'),
  id: str,
  name: str,
  port,
  firmware: z.string().optional(),
  serial: z.string().optional(),
  /**
   * Firmware generation: 3 or "3.x" = REST API 1.1 with Basic admin:md5(password) (default); 4 or
   * "4.x" = the 4.x firmware (anonymous salt, signed X-authenticate header on every request).
   */
  generation: z
    .union([z.literal(3), z.literal(4), z.literal('3.x'), z.literal('4.x')])
    .transform((g): 3 | 4 => (g === 4 || g === '4.x' ? 4 : 3))
    .optional(),
  /** 4.x: the tenant domain of the API user (default "default"). */
  tenantDomain: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be a tenant domain like "default"').optional(),
  /** 4.x: the PBX clock minus the real clock, seconds (beyond ±300 every signed request is refused). */
  clockOffsetSeconds: z.int().min(-86400).max(86400).optional(),
  /** 4.x: route families the PBX refuses (HTTP 403) although the login is fine. */
  unavailable: z.array(z.enum(['system', 'users', 'pbx', 'phonebook', 'voicemails', 'cdr', 'click2call'])).optional(),
  /** false = licence not activated: the APIs answer licence error 1. Default true. */
  licenseValid: z.boolean().optional(),
  /** CDR privacy password (plain). */
  privacyPassword: z.string().optional(),
  /** How request_id comes back: 'same' (default), 'truncated' (first 3 characters), 'letters' (digits dropped), 'omitted'. */
  requestIdEcho: z.enum(['same', 'truncated', 'letters', 'omitted']).optional(),
  /** An enabled unregistered extension in /users/registrations: 'unknown' (status UNKNOWN, empty contact; default) or 'omitted'. */
  unregistered: z.enum(['unknown', 'omitted']).optional(),
  /** CDR CSV fields: 'always' quoted (default) or 'never'. */
  cdrCsvQuoting: z.enum(['always', 'never']).optional(),
  /** The manifest's user name; the API accepts only "admin" (KalliopePBX REST API 1.1). */
  username: str.default('admin'),
  password: str,
  /** Default: 'incoming' (the reception) and one group with every extension. */
  callgroups: z.array(callgroupSchema).optional(),
  /** Reception extension (has a voicemail box); also the manifest's `extension`. */
  receptionExtension: digits,
  extensions: z.array(kalliopeExtensionSchema).min(1),
  phonebook: z
    .strictObject({
      /** Number of generated phonebook entries (deterministic, from `seed`; one number per entry). */
      generate: z.int().min(0).max(10000).default(0),
      seed: z.int().default(1),
      /** Literal contacts (e.g. VIPs), listed before the generated ones; one entry per number. */
      contacts: z.array(contactSchema).default([]),
    })
    .optional(),
});

const nethvoiceSchema = z.strictObject({
  kind: z.literal('nethvoice'),
  id: str,
  name: str,
  port,
  version: z.string().optional(),
  /** POST /phones/reboot: 'per-mac' status codes (default) or 'bare' (an empty 200 that reboots nothing). */
  rebootAnswer: z.enum(['per-mac', 'bare']).optional(),
  /** Server release: 'ns7' (NethServer 7, default) or 'ns8' (NethVoice on NethServer 8: userlimits, /users/sync, null for no mailbox). */
  release: z.enum(['ns7', 'ns8']).optional(),
  /** NS8: 'community' (at most 8 users with an extension; default) or 'enterprise'. */
  edition: z.enum(['community', 'enterprise']).optional(),
  /** NS8: how long a directory sync runs, ms (default 1500). */
  syncMs: z.int().min(0).max(600000).optional(),
  username: str.default('admin'),
  password: str,
  secret: str,
  users: z.array(
    z.strictObject({
      username: str,
      name: str,
      extension: z.union([digits, z.literal('none')]),
      voicemail: z.boolean().optional(),
      password: z.string().optional(),
      email: z.string().optional(),
      mobile: z.string().optional(),
      devices: z
        .array(
          z.strictObject({
            mac: z.string().regex(/^[0-9a-f]{2}([:-][0-9a-f]{2}){5}$/i, 'must be a MAC address like 00:0B:82:12:34:56'),
            vendor: z.string().optional(),
            model: z.string().optional(),
            type: z.enum(['physical', 'mobile', 'webrtc']).optional(),
          }),
        )
        .optional(),
    }),
  ),
});

export const deviceSchema = z.discriminatedUnion('kind', [phoneSchema, cameraSchema, kalliopeSchema, nethvoiceSchema]);

export const officeSchema = z
  .strictObject({
    name: str,
    description: z.string().optional(),
    devices: z.array(deviceSchema).min(1),
  })
  .superRefine((office, ctx) => {
    const ids = new Map<string, number>();
    const owner = new Map<string, string>(); // extension → PBX id
    office.devices.forEach((d, i) => {
      const prev = ids.get(d.id);
      if (prev !== undefined) ctx.addIssue({ code: 'custom', path: ['devices', i, 'id'], message: `duplicate device id "${d.id}" (also devices[${prev}])` });
      ids.set(d.id, i);
      const exts =
        d.kind === 'kalliope'
          ? d.extensions.map((e, j) => ({ ext: e.extension, path: ['devices', i, 'extensions', j, 'extension'] }))
          : d.kind === 'nethvoice'
            ? d.users.filter((u) => u.extension !== 'none').map((u, j) => ({ ext: u.extension, path: ['devices', i, 'users', j, 'extension'] }))
            : [];
      for (const { ext, path } of exts) {
        const other = owner.get(ext);
        if (other !== undefined) ctx.addIssue({ code: 'custom', path, message: `extension ${ext} is already used by PBX "${other}"` });
        else owner.set(ext, d.id);
      }
      if (d.kind === 'kalliope' && !d.extensions.some((e) => e.extension === d.receptionExtension)) {
        ctx.addIssue({ code: 'custom', path: ['devices', i, 'receptionExtension'], message: `${d.receptionExtension} is not one of this PBX's extensions` });
      }
    });
    office.devices.forEach((d, i) => {
      if (d.kind === 'grandstream-phone' && d.extension !== undefined && !owner.has(d.extension)) {
        ctx.addIssue({ code: 'custom', path: ['devices', i, 'extension'], message: `extension ${d.extension} does not exist on any PBX of this office` });
      }
    });
    const phoneExt = new Map<string, string>();
    office.devices.forEach((d, i) => {
      if (d.kind !== 'grandstream-phone' || d.extension === undefined) return;
      const other = phoneExt.get(d.extension);
      if (other !== undefined) ctx.addIssue({ code: 'custom', path: ['devices', i, 'extension'], message: `extension ${d.extension} is already the account of phone "${other}"` });
      else phoneExt.set(d.extension, d.id);
    });
  });

export type OfficeConfig = z.input<typeof officeSchema>;
export type ParsedOffice = z.output<typeof officeSchema>;
export type OfficeDeviceConfig = ParsedOffice['devices'][number];
export type OfficeContactConfig = z.output<typeof contactSchema>;

export class OfficeConfigError extends Error {
  constructor(
    message: string,
    readonly issues: string[],
  ) {
    super(message);
    this.name = 'OfficeConfigError';
  }
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `${out ? '.' : ''}${String(p)}`;
  return out || '(root)';
}

/** Validate an office config; throws OfficeConfigError listing every bad field. */
export function parseOffice(value: unknown, source = 'office'): ParsedOffice {
  const r = officeSchema.safeParse(value);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => {
    const keys = i.code === 'unrecognized_keys' ? `.${i.keys.join(', .')}` : '';
    return `${formatPath(i.path)}${keys}: ${i.message}`;
  });
  throw new OfficeConfigError(`invalid ${source}:\n  ${issues.join('\n  ')}`, issues);
}

export function loadOfficeFile(file: string): ParsedOffice {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new OfficeConfigError(`cannot read office file ${file}: ${e instanceof Error ? e.message : String(e)}`, []);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new OfficeConfigError(`office file ${file} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`, []);
  }
  return parseOffice(json, `office file ${file}`);
}
