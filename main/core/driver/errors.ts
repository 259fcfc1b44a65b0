/**
 * Typed driver errors. Every error names the device and the endpoint and carries a
 * human message that says what to do. `kind` is stable: the CLI prints it and maps it to exit codes.
 */

export const DRIVER_ERROR_KINDS = [
  'auth',
  'locked-out',
  'unreachable',
  'timeout',
  'protocol',
  'device-rejected',
  'license',
  'unsupported-firmware',
  'certificate',
] as const;
export type DriverErrorKind = (typeof DRIVER_ERROR_KINDS)[number];

export interface DriverErrorInit {
  /** Device id or name as the user knows it */
  device: string;
  /** Endpoint path, e.g. /cgi-bin/api-get_line_status */
  endpoint?: string;
  message: string;
  cause?: unknown;
}

export abstract class DriverError extends Error {
  abstract readonly kind: DriverErrorKind;
  readonly device: string;
  readonly endpoint: string | undefined;

  constructor(init: DriverErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.device = init.device;
    this.endpoint = init.endpoint;
    this.name = new.target.name;
  }

  toJSON(): { kind: DriverErrorKind; message: string; device: string; endpoint?: string } {
    return {
      kind: this.kind,
      message: this.message,
      device: this.device,
      ...(this.endpoint === undefined ? {} : { endpoint: this.endpoint }),
    };
  }
}

/** Credentials rejected. Never retried automatically: the user must fix them. */
export class AuthError extends DriverError {
  readonly kind = 'auth' as const;
}
/** Too many failed logins; the device refuses logins for a while. */
export class LockedOutError extends DriverError {
  readonly kind = 'locked-out' as const;
  readonly retryAfterMs: number | undefined;
  constructor(init: DriverErrorInit & { retryAfterMs?: number }) {
    super(init);
    this.retryAfterMs = init.retryAfterMs;
  }
}
/** Connection refused, reset, DNS failure, TLS failure. */
export class UnreachableError extends DriverError {
  readonly kind = 'unreachable' as const;
}
/** Connect, headers or body timeout, or an aborted request. */
export class TimeoutError extends DriverError {
  readonly kind = 'timeout' as const;
}
/** The device answered with a shape we cannot read. */
export class ProtocolError extends DriverError {
  readonly kind = 'protocol' as const;
}
/** The device understood and refused (an error code or status line). */
export class DeviceRejectedError extends DriverError {
  readonly kind = 'device-rejected' as const;
  readonly code: string | undefined;
  constructor(init: DriverErrorInit & { code?: string }) {
    super(init);
    this.code = init.code;
  }
}
/** The PBX license is missing or expired. */
export class LicenseError extends DriverError {
  readonly kind = 'license' as const;
}
/** The device runs a firmware generation Frontdesk does not speak yet. */
export class UnsupportedFirmwareError extends DriverError {
  readonly kind = 'unsupported-firmware' as const;
}
/**
 * The device's TLS certificate cannot be trusted: `untrusted` when nothing is pinned and it fails
 * verification (self-signed, unknown issuer, expired, issued for another name); `changed` when a
 * fingerprint is pinned and the device presents another certificate. Never retried automatically:
 * the user checks the fingerprint and trusts it (Devices → Test connection), which changes the config.
 */
export class CertificateError extends DriverError {
  readonly kind = 'certificate' as const;
  readonly reason: 'untrusted' | 'changed';
  /** SHA-256 fingerprint of the certificate the device presented (hex with colons), when known. */
  readonly presented: string | undefined;
  constructor(init: DriverErrorInit & { reason: 'untrusted' | 'changed'; presented?: string }) {
    super(init);
    this.reason = init.reason;
    this.presented = init.presented;
  }
}
/** The driver cannot do this on this device (capability missing). Not a device failure. */
export class UnsupportedOperationError extends Error {
  readonly device: string;
  readonly operation: string;
  constructor(device: string, operation: string, why?: string) {
    super(`${device}: "${operation}" is not supported by this device${why ? ` (${why})` : ''}.`);
    this.name = 'UnsupportedOperationError';
    this.device = device;
    this.operation = operation;
  }
}

export function isDriverError(e: unknown): e is DriverError {
  return e instanceof DriverError;
}
