/**
 * The device form without React: which fields each kind has, client-side validation that mirrors
 * `deviceConfigInputSchema` / `deviceSecretsInputSchema` (shared/ipc/features/devices.ts; a unit
 * test checks both agree), the contract input built from the form, and the server's per-field
 * issues mapped back onto fields. Validation answers codes; the view translates them.
 */
import type { DeviceConfig, DeviceKind } from '../../../../shared/domain';
import type { InvokeInput } from '../../../../shared/ipc/contract';

export const KINDS: readonly DeviceKind[] = ['grandstream-phone', 'grandstream-camera', 'kalliope', 'nethvoice'];

export interface DeviceFormValues {
  kind: DeviceKind;
  name: string;
  url: string;
  username: string;
  password: string;
  /** NethVoice API secret (empty: discover it with the user name and password). */
  secret: string;
  /** KalliopePBX call-history privacy password. */
  privacyPassword: string;
  extension: string;
  /** Mailboxes, separated by commas or spaces. */
  mailboxes: string;
  tlsFingerprint: string;
  /** Grandstream phone login separator: '' (default ':'), ':' or '.'. */
  loginSeparator: '' | ':' | '.';
  /** Pinned firmware family ('' = detected by Test connection and at every start). */
  family: '' | Family;
  /** KalliopePBX 4.x tenant domain ('' = "default"). */
  tenantDomain: string;
}

/** Firmware families a kind may pin (DeviceConfig.family); kinds without any show no choice. */
export const FAMILIES = {
  'grandstream-phone': ['gs-legacy', 'gs-sha256', 'gs-passcode'],
  'grandstream-camera': ['gxv-basic', 'gsc-challenge'],
  kalliope: ['kalliope-3', 'kalliope-4'],
  nethvoice: ['nethvoice-legacy', 'nethvoice-ns8'],
} as const satisfies Record<DeviceKind, readonly string[]>;
export type Family = (typeof FAMILIES)[DeviceKind][number];
const isFamily = (kind: DeviceKind, f: string | undefined): f is Family => (FAMILIES[kind] as readonly string[]).includes(f ?? '');
export type FieldName = keyof DeviceFormValues;

/** The fields each kind shows, in order (kind itself is always first). */
export const FIELDS: Record<DeviceKind, readonly FieldName[]> = {
  'grandstream-phone': ['name', 'url', 'username', 'password', 'extension', 'tlsFingerprint', 'family', 'loginSeparator'],
  'grandstream-camera': ['name', 'url', 'username', 'password', 'tlsFingerprint', 'family'],
  kalliope: ['name', 'url', 'username', 'password', 'extension', 'mailboxes', 'privacyPassword', 'tlsFingerprint', 'family', 'tenantDomain'],
  nethvoice: ['name', 'url', 'username', 'password', 'secret', 'extension', 'mailboxes', 'tlsFingerprint', 'family'],
};

export function emptyForm(kind: DeviceKind = 'grandstream-phone'): DeviceFormValues {
  return { kind, name: '', url: '', username: 'admin', password: '', secret: '', privacyPassword: '', extension: '', mailboxes: '', tlsFingerprint: '', loginSeparator: '', family: '', tenantDomain: '' };
}

/** The form for editing a stored device (secrets are never sent back: they stay empty = keep). */
export function formFromConfig(c: DeviceConfig): DeviceFormValues {
  const sep = c.loginSeparator === ':' || c.loginSeparator === '.' ? c.loginSeparator : '';
  return {
    ...emptyForm(c.kind),
    name: c.name,
    url: c.url,
    username: c.username,
    extension: c.extension ?? '',
    mailboxes: (c.mailboxes ?? []).join(', '),
    tlsFingerprint: c.tlsFingerprint ? formatFingerprint(c.tlsFingerprint) : '',
    loginSeparator: sep,
    family: isFamily(c.kind, c.family) ? c.family : '',
    tenantDomain: c.tenantDomain ?? '',
  };
}

export type FieldErrorCode = 'required' | 'tooLong' | 'url' | 'urlCredentials' | 'extension' | 'mailbox' | 'tooManyMailboxes' | 'fingerprint' | 'family' | 'tenantDomain';
export interface FieldError {
  code: FieldErrorCode;
  /** For tooLong: the limit; for mailbox: the offending entry. */
  param?: string | number;
}
export type FieldErrors = Partial<Record<FieldName, FieldError>>;

const EXTENSION = /^[0-9*#]{1,15}$/;

export function splitMailboxes(s: string): string[] {
  return s
    .split(/[\s,;]+/)
    .map((x) => x.trim())
    .filter((x) => x !== '');
}

export function normalizeFingerprint(s: string): string {
  return s.trim().replace(/[:\s]/g, '').toLowerCase();
}

/** 64 hex digits shown in colon-separated pairs, upper case (as browsers show certificates). */
export function formatFingerprint(s: string): string {
  const hex = normalizeFingerprint(s).toUpperCase();
  return hex.match(/.{1,2}/g)?.join(':') ?? hex;
}

function urlError(raw: string): FieldError | undefined {
  const u = raw.trim();
  if (u === '') return { code: 'required' };
  if (u.length > 300) return { code: 'tooLong', param: 300 };
  let p: URL;
  try {
    p = new URL(u);
  } catch {
    return { code: 'url' };
  }
  if ((p.protocol !== 'http:' && p.protocol !== 'https:') || p.hostname === '') return { code: 'url' };
  if (p.username !== '' || p.password !== '') return { code: 'urlCredentials' };
  return undefined;
}

/**
 * Validate what the kind shows. `passwordRequired` is false when editing (empty keeps the stored
 * password). Mirrors the zod schemas: same limits, same patterns.
 */
export function validate(v: DeviceFormValues, passwordRequired: boolean): FieldErrors {
  const errors: FieldErrors = {};
  const shown = new Set(FIELDS[v.kind]);
  const name = v.name.trim();
  if (name === '') errors.name = { code: 'required' };
  else if (name.length > 80) errors.name = { code: 'tooLong', param: 80 };
  const url = urlError(v.url);
  if (url) errors.url = url;
  if (v.username.trim().length > 64) errors.username = { code: 'tooLong', param: 64 };
  if (passwordRequired && v.password === '') errors.password = { code: 'required' };
  else if (v.password.length > 256) errors.password = { code: 'tooLong', param: 256 };
  if (shown.has('secret') && v.secret.length > 256) errors.secret = { code: 'tooLong', param: 256 };
  if (shown.has('privacyPassword') && v.privacyPassword.length > 256) errors.privacyPassword = { code: 'tooLong', param: 256 };
  if (shown.has('extension') && v.extension.trim() !== '' && !EXTENSION.test(v.extension.trim())) errors.extension = { code: 'extension' };
  if (shown.has('mailboxes')) {
    const boxes = splitMailboxes(v.mailboxes);
    const bad = boxes.find((b) => !EXTENSION.test(b));
    if (bad !== undefined) errors.mailboxes = { code: 'mailbox', param: bad };
    else if (boxes.length > 200) errors.mailboxes = { code: 'tooManyMailboxes', param: 200 };
  }
  if (shown.has('tlsFingerprint') && v.tlsFingerprint.trim() !== '' && !/^[0-9a-f]{64}$/.test(normalizeFingerprint(v.tlsFingerprint))) {
    errors.tlsFingerprint = { code: 'fingerprint' };
  }
  if (shown.has('family') && v.family !== '' && !isFamily(v.kind, v.family)) errors.family = { code: 'family' };
  if (shown.has('tenantDomain') && v.tenantDomain.trim() !== '' && (!/^[A-Za-z0-9._-]{1,64}$/.test(v.tenantDomain.trim()) || /^\.+$/.test(v.tenantDomain.trim()))) errors.tenantDomain = { code: 'tenantDomain' };
  return errors;
}

export type AddInput = InvokeInput<'devices.add'>;
export type ConfigInput = AddInput['config'];
export type SecretsInput = AddInput['secrets'];

/** The config the form describes (only the kind's fields; empty optional fields left out). */
export function configFromForm(v: DeviceFormValues): ConfigInput {
  const shown = new Set(FIELDS[v.kind]);
  const config: ConfigInput = { kind: v.kind, name: v.name.trim(), url: v.url.trim(), username: v.username.trim() };
  if (shown.has('extension') && v.extension.trim() !== '') config.extension = v.extension.trim();
  if (shown.has('mailboxes')) {
    const boxes = splitMailboxes(v.mailboxes);
    if (boxes.length > 0) config.mailboxes = boxes;
  }
  if (shown.has('tlsFingerprint') && v.tlsFingerprint.trim() !== '') config.tlsFingerprint = normalizeFingerprint(v.tlsFingerprint);
  if (shown.has('loginSeparator') && v.loginSeparator !== '') config.loginSeparator = v.loginSeparator;
  if (shown.has('family') && v.family !== '' && isFamily(v.kind, v.family)) config.family = v.family;
  if (shown.has('tenantDomain') && v.tenantDomain.trim() !== '') config.tenantDomain = v.tenantDomain.trim();
  return config;
}

/** Secrets for add/test: the password, plus the kind's optional secrets when typed. */
export function secretsFromForm(v: DeviceFormValues): SecretsInput {
  const shown = new Set(FIELDS[v.kind]);
  return {
    password: v.password,
    ...(shown.has('secret') && v.secret !== '' ? { secret: v.secret } : {}),
    ...(shown.has('privacyPassword') && v.privacyPassword !== '' ? { privacyPassword: v.privacyPassword } : {}),
  };
}

export type UpdateInput = InvokeInput<'devices.update'>;

/**
 * An update: the config the form describes and only the secrets the user typed (empty = keep the
 * stored one). devices.update merges the config over the stored one, so an optional field the user
 * emptied (extension, mailboxes, fingerprint) keeps its stored value: the contract has no way to
 * clear it yet (reported to main).
 */
export function updateFromForm(id: string, v: DeviceFormValues): UpdateInput {
  const config = configFromForm(v);
  const secrets: NonNullable<UpdateInput['secrets']> = {};
  const shown = new Set(FIELDS[v.kind]);
  if (v.password !== '') secrets.password = v.password;
  if (shown.has('secret') && v.secret !== '') secrets.secret = v.secret;
  if (shown.has('privacyPassword') && v.privacyPassword !== '') secrets.privacyPassword = v.privacyPassword;
  return { id, config, ...(Object.keys(secrets).length > 0 ? { secrets } : {}) };
}

/** Server issues such as "config.url: must be …" or "secrets.password: is required" → fields, plus what fits no field. */
export function issuesToFields(issues: readonly string[] | undefined): { fields: Partial<Record<FieldName, string>>; other: string[] } {
  const fields: Partial<Record<FieldName, string>> = {};
  const other: string[] = [];
  const known = new Set<string>(['name', 'url', 'username', 'password', 'secret', 'privacyPassword', 'extension', 'mailboxes', 'tlsFingerprint', 'loginSeparator', 'family', 'tenantDomain', 'kind']);
  for (const issue of issues ?? []) {
    const m = /^(?:config|secrets)\.([A-Za-z]+)(?:\.[^:]*)?:\s*(.*)$/.exec(issue);
    const field = m?.[1];
    if (m && field && known.has(field)) {
      const f = field as FieldName;
      fields[f] = fields[f] ? `${fields[f]}; ${m[2] ?? ''}` : (m[2] ?? '');
    } else other.push(issue);
  }
  return { fields, other };
}

/** Seconds between an ISO time and now (never negative), or null without a time. */
export function ageSeconds(iso: string | undefined, now: number): number | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return null;
  return Math.max(0, Math.round((now - t) / 1000));
}

/** A short relative time in the given language ("12 seconds ago", "3 min ago"). */
export function formatAge(seconds: number, language: string): string {
  const rtf = new Intl.RelativeTimeFormat(language, { numeric: 'auto', style: 'long' });
  if (seconds < 60) return rtf.format(-seconds, 'second');
  if (seconds < 3600) return rtf.format(-Math.floor(seconds / 60), 'minute');
  if (seconds < 86_400) return rtf.format(-Math.floor(seconds / 3600), 'hour');
  return rtf.format(-Math.floor(seconds / 86_400), 'day');
}
