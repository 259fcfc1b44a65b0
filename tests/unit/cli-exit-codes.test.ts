import { describe, expect, it } from 'vitest';
import {
  AuthError,
  CertificateError,
  DeviceRejectedError,
  DRIVER_ERROR_KINDS,
  LicenseError,
  LockedOutError,
  ProtocolError,
  TimeoutError,
  UnreachableError,
  UnsupportedFirmwareError,
  UnsupportedOperationError,
  type DriverError,
} from '../../main/core/driver/errors';
import { describeFailure, errorLine, EXIT_CODE_BY_KIND, redact } from '../../main/cli/exit-codes';
import { UsageError } from '../../main/cli/usage-error';

const init = { device: 'phone 10.0.0.5', endpoint: '/cgi-bin/api-get_line_status', message: 'phone 10.0.0.5: it went wrong' };

const CASES: [DriverError, number][] = [
  [new AuthError(init), 3],
  [new LockedOutError({ ...init, retryAfterMs: 60_000 }), 3],
  [new UnreachableError(init), 4],
  [new TimeoutError(init), 4],
  [new ProtocolError(init), 5],
  [new DeviceRejectedError({ ...init, code: '-1' }), 5],
  [new LicenseError(init), 6],
  [new UnsupportedFirmwareError(init), 6],
  // an untrusted or changed certificate: the user must act, a script must not retry (like auth)
  [new CertificateError({ ...init, reason: 'changed', presented: 'AB:CD' }), 3],
];

describe('describeFailure: driver errors', () => {
  it('covers every DriverError kind', () => {
    expect(CASES.map(([e]) => e.kind).sort()).toEqual([...DRIVER_ERROR_KINDS].sort());
    expect(Object.keys(EXIT_CODE_BY_KIND).sort()).toEqual([...DRIVER_ERROR_KINDS].sort());
  });

  it.each(CASES)('%s → its exit code and {"error":{kind,message,endpoint}}', (err, code) => {
    const f = describeFailure(err);
    expect(f.code).toBe(code);
    expect(f.json).toEqual({ error: { kind: err.kind, message: init.message, endpoint: init.endpoint } });
  });

  it('leaves endpoint out when the error has none', () => {
    const f = describeFailure(new UnreachableError({ device: 'd', message: 'connection refused' }));
    expect(f.json).toEqual({ error: { kind: 'unreachable', message: 'connection refused' } });
    expect('endpoint' in f.json.error).toBe(false);
  });

  it('recognises a driver error by its kind even from another copy of the module', () => {
    const foreign = Object.assign(new Error('locked for 5 minutes'), { kind: 'locked-out', endpoint: '/cgi-bin/dologin' });
    expect(describeFailure(foreign)).toEqual({ code: 3, json: { error: { kind: 'locked-out', message: 'locked for 5 minutes', endpoint: '/cgi-bin/dologin' } } });
  });
});

describe('describeFailure: usage and internal errors', () => {
  it('maps usage errors, unsupported operations and driver RangeErrors to 2 / "usage"', () => {
    expect(describeFailure(new UsageError('missing required flag --url'))).toEqual({ code: 2, json: { error: { kind: 'usage', message: 'missing required flag --url' } } });
    const unsupported = describeFailure(new UnsupportedOperationError('cam', 'lines'));
    expect(unsupported.code).toBe(2);
    expect(unsupported.json.error.kind).toBe('usage');
    expect(unsupported.json.error.message).toMatch(/"lines" is not supported/);
    expect(describeFailure(new RangeError('"abc" is not a number that can be dialled.')).code).toBe(2);
  });

  it('maps anything else to 1 / "internal"', () => {
    expect(describeFailure(new TypeError('x is undefined'))).toEqual({ code: 1, json: { error: { kind: 'internal', message: 'internal error: x is undefined' } } });
    expect(describeFailure('a string').json.error.message).toBe('internal error: a string');
  });
});

describe('redaction and the stderr line', () => {
  it('never prints a password or secret, in message or endpoint', () => {
    const e = new AuthError({ device: 'd', endpoint: '/login?pw=Hunter22', message: 'login with Hunter22 and s3cr3t-key failed' });
    const line = errorLine(describeFailure(e, ['Hunter22', 's3cr3t-key']));
    expect(line).not.toContain('Hunter22');
    expect(line).not.toContain('s3cr3t-key');
    expect(line).toContain('***');
  });

  it('redacts the longest secret first and ignores empty ones', () => {
    expect(redact('abcdef abc', ['abc', 'abcdef', ''])).toBe('*** ***');
    expect(redact('nothing here', [])).toBe('nothing here');
  });

  it('is exactly one compact JSON line', () => {
    const line = errorLine(describeFailure(new ProtocolError({ device: 'd', message: 'multi\nline message' })));
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toContain('\n');
    expect(JSON.parse(line)).toEqual({ error: { kind: 'protocol', message: 'multi\nline message' } });
  });
});
