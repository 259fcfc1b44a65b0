/**
 * Error → exit code and stderr JSON of the `frontdesk` CLI (public contract):
 * 0 ok, 2 usage, 3 auth, lockout or an untrusted/changed TLS certificate (the user must act; a
 * script must not retry), 4 unreachable or timeout, 5 protocol or device rejected,
 * 6 unsupported firmware or license; 1 for an internal error that fits none of these.
 * stderr gets ONE line: {"error":{"kind","message","endpoint"?}}; passwords and secrets are redacted
 * (see redact.ts: by value and by field name, never the user name or parts of ordinary words).
 */
import { DRIVER_ERROR_KINDS, isDriverError, UnsupportedOperationError, type DriverErrorKind } from '../core/driver/errors';
import { redact } from './redact';
import { UsageError } from './usage-error';

export { redact } from './redact';

export const EXIT_OK = 0;
export const EXIT_INTERNAL = 1;
export const EXIT_USAGE = 2;
export const EXIT_AUTH = 3;
export const EXIT_UNREACHABLE = 4;
export const EXIT_PROTOCOL = 5;
export const EXIT_UNSUPPORTED = 6;

export const EXIT_CODE_BY_KIND: Readonly<Record<DriverErrorKind, number>> = {
  auth: EXIT_AUTH,
  'locked-out': EXIT_AUTH,
  unreachable: EXIT_UNREACHABLE,
  timeout: EXIT_UNREACHABLE,
  protocol: EXIT_PROTOCOL,
  'device-rejected': EXIT_PROTOCOL,
  license: EXIT_UNSUPPORTED,
  'unsupported-firmware': EXIT_UNSUPPORTED,
  certificate: EXIT_AUTH,
};

export type CliErrorKind = DriverErrorKind | 'usage' | 'internal';

export interface CliErrorJson {
  error: { kind: CliErrorKind; message: string; endpoint?: string };
}

export interface CliFailure {
  code: number;
  json: CliErrorJson;
}

function isDriverErrorKind(v: unknown): v is DriverErrorKind {
  return typeof v === 'string' && (DRIVER_ERROR_KINDS as readonly string[]).includes(v);
}

/** A driver error, also when it comes from another copy of the errors module. */
function driverErrorParts(e: unknown): { kind: DriverErrorKind; message: string; endpoint?: string } | undefined {
  if (isDriverError(e)) return { kind: e.kind, message: e.message, ...(e.endpoint ? { endpoint: e.endpoint } : {}) };
  if (e instanceof Error) {
    const rec = e as Error & { kind?: unknown; endpoint?: unknown };
    if (isDriverErrorKind(rec.kind)) {
      return { kind: rec.kind, message: e.message, ...(typeof rec.endpoint === 'string' && rec.endpoint ? { endpoint: rec.endpoint } : {}) };
    }
  }
  return undefined;
}

/**
 * Map anything thrown by parsing or a driver onto an exit code and the stderr JSON, with
 * `secrets` redacted and `notSecret` (the user name) left as it is.
 */
export function describeFailure(e: unknown, secrets: readonly string[] = [], notSecret: readonly string[] = []): CliFailure {
  const clean = (s: string): string => redact(s, secrets, notSecret);
  const driver = driverErrorParts(e);
  if (driver) {
    const error: CliErrorJson['error'] = { kind: driver.kind, message: clean(driver.message) };
    if (driver.endpoint) error.endpoint = clean(driver.endpoint);
    return { code: EXIT_CODE_BY_KIND[driver.kind], json: { error } };
  }
  // bad input refused by a driver (RangeError) or a capability it lacks: the user's command is wrong
  if (e instanceof UsageError || e instanceof UnsupportedOperationError || e instanceof RangeError) {
    return { code: EXIT_USAGE, json: { error: { kind: 'usage', message: clean(e.message) } } };
  }
  const message = e instanceof Error ? e.message : String(e);
  return { code: EXIT_INTERNAL, json: { error: { kind: 'internal', message: clean(`internal error: ${message}`) } } };
}

/** The stderr line: one compact JSON document and a newline. */
export function errorLine(f: CliFailure): string {
  return `${JSON.stringify(f.json)}\n`;
}
