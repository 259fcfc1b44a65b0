import { AuthError, DeviceRejectedError, LicenseError, type DriverError } from '../../core/driver/errors';

/**
 * The error-code tables of the KalliopePBX REST API 1.1 (seed 003), per API family, mapped to
 * typed driver errors. Codes are only meaningful within their family: 12 is "missing field" for
 * the phonebook and "internal error" for the CDR.
 */

export type KalliopeOperation =
  | 'system'
  | 'users'
  | 'callgroups'
  | 'contact-read'
  | 'contact-write'
  | 'contact-delete'
  | 'contact-search'
  | 'voicemail'
  | 'cdr'
  | 'click2call';

interface CodeInfo {
  /** What the device said, in our words. */
  what: string;
  /** What the user should do. */
  hint: string;
  /** Error class; device-rejected unless stated. */
  kind?: 'auth' | 'license';
}

/** `<request_not_allowed>`: the API is locked until the license is activated (any family). */
export const LICENSE_CODES: Readonly<Record<number, CodeInfo>> = {
  1: { what: 'the license has not been activated yet', hint: 'Activate the KalliopePBX license in its web interface.', kind: 'license' },
  2: { what: 'the license has expired', hint: 'Renew the KalliopePBX license; the REST API stays locked until then.', kind: 'license' },
  3: { what: 'the license has been disabled or invalidated', hint: 'Contact the KalliopePBX reseller to re-enable the license.', kind: 'license' },
};

const CONTACT_COMMON: Record<number, CodeInfo> = {
  10: { what: 'the contact request was invalid', hint: 'This is a Frontdesk bug; please report it.' },
  12: { what: 'a required field is missing', hint: 'A KalliopePBX contact needs a first name, a last name and a phone number.' },
  13: { what: 'the contact was not saved', hint: 'Try again; if it persists, check the PBX storage in its web interface.' },
  15: { what: 'the contact was not found', hint: 'It may have been deleted on the PBX; refresh the directory.' },
  16: { what: 'a user cannot edit a system contact', hint: 'Use the administrator account.' },
  17: { what: 'the administrator cannot edit a private contact', hint: 'Edit private contacts from the owner’s own phonebook.' },
  20: { what: 'the contact belongs to another user', hint: 'Edit it from the owner’s phonebook.' },
};

export const OPERATION_CODES: Readonly<Record<KalliopeOperation, Readonly<Record<number, CodeInfo>>>> = {
  system: {},
  users: {},
  callgroups: {},
  'contact-read': { 14: { what: 'the contact id is invalid', hint: 'Refresh the directory.' }, 15: CONTACT_COMMON[15]! },
  'contact-write': {
    ...CONTACT_COMMON,
    11: { what: 'the contact owner is not a valid extension', hint: 'Save it as a system contact instead.' },
  },
  'contact-delete': {
    ...CONTACT_COMMON,
    14: { what: 'the contact id is invalid', hint: 'Refresh the directory.' },
    18: { what: 'the contact was not deleted', hint: 'Try again; if it persists, delete it from the PBX web interface.' },
  },
  'contact-search': { 19: { what: 'the search filter was invalid', hint: 'This is a Frontdesk bug; please report it.' } },
  voicemail: {},
  cdr: {
    3: {
      what: 'the CDR privacy password is wrong',
      hint: 'Check the call-history privacy password configured for this PBX.',
      kind: 'auth',
    },
    11: { what: 'the end of the period is before its beginning', hint: 'Pick a "to" date after the "from" date.' },
    12: { what: 'the PBX had an internal error reading the call records', hint: 'Try again later.' },
  },
  click2call: {
    10: { what: 'the call could not be started', hint: 'Check that the extension exists and its phone is registered.' },
    11: { what: 'the calling extension is missing', hint: 'Set the reception extension in the device settings.' },
    12: { what: 'the number to call is missing', hint: 'Enter a number to dial.' },
  },
};

export interface KalliopeErrorContext {
  device: string;
  endpoint: string;
  op: KalliopeOperation;
  code: number;
  /** The message text the PBX sent, if any. */
  deviceMessage: string;
}

/** Map a non-zero `<error><code>` to a typed error with a human message. */
export function errorForCode(ctx: KalliopeErrorContext): DriverError {
  const info = OPERATION_CODES[ctx.op][ctx.code];
  const said = ctx.deviceMessage ? ` ("${ctx.deviceMessage}")` : '';
  const what = info?.what ?? `the request was refused`;
  const hint = info?.hint ?? 'Check the request in the PBX web interface, or report this code.';
  const message = `${ctx.device}: KalliopePBX refused ${ctx.endpoint} with code ${ctx.code}${said}: ${what}. ${hint}`;
  const init = { device: ctx.device, endpoint: ctx.endpoint, message };
  if (info?.kind === 'auth') return new AuthError(init);
  if (info?.kind === 'license') return new LicenseError(init);
  return new DeviceRejectedError({ ...init, code: String(ctx.code) });
}

/** Map a `<request_not_allowed>` error (license) to a LicenseError. */
export function licenseError(device: string, endpoint: string, code: number | null, deviceMessage: string): LicenseError {
  const info = code === null ? undefined : LICENSE_CODES[code];
  const said = deviceMessage ? ` ("${deviceMessage}")` : '';
  const what = info?.what ?? 'the license does not allow REST API requests';
  const hint = info?.hint ?? 'Check the license state in the KalliopePBX web interface.';
  return new LicenseError({
    device,
    endpoint,
    message: `${device}: KalliopePBX refused ${endpoint}${code === null ? '' : ` with license code ${code}`}${said}: ${what}. ${hint}`,
  });
}
