/**
 * How a failure affects a device: which health it shows, whether polling stops, and the backoff.
 *   unreachable / timeout      → offline; every job paused; one probe retried with backoff 1 s → 60 s
 *   auth / locked-out          → auth-failed; polling stops until the credentials change
 *                                (a lockout with a known end is re-tried once after it)
 *   unsupported-firmware       → error; polling stops
 *   certificate (untrusted, or another than the pinned one)
 *                              → error, with the warning as the problem; polling stops until the
 *                                config changes (the user trusts the certificate in Devices). Not
 *                                auth-failed: that reads "Login refused" and asks for a password,
 *                                while the fix is to check and trust the certificate. Never offline:
 *                                retrying could only end in accepting it silently.
 *   an operation the device lacks → that job stops; the device stays online
 *   anything else (protocol, rejected, license) → error on that job, which backs off; others go on
 */
import { isDriverError, LockedOutError, UnsupportedOperationError } from '../driver/errors';

export type FailureClass = 'offline' | 'auth' | 'fatal' | 'unsupported' | 'job';

export function classifyFailure(err: unknown): FailureClass {
  if (err instanceof UnsupportedOperationError) return 'unsupported';
  if (isDriverError(err)) {
    switch (err.kind) {
      case 'unreachable':
      case 'timeout':
        return 'offline';
      case 'auth':
      case 'locked-out':
        return 'auth';
      case 'unsupported-firmware':
      case 'certificate':
        return 'fatal';
      default:
        return 'job';
    }
  }
  // A RangeError or TypeError from a driver is a bad configuration value.
  return 'job';
}

export const BACKOFF_MIN_MS = 1000;
export const BACKOFF_MAX_MS = 60_000;

/** 1 s, 2 s, 4 s … capped at 60 s (the scheduler adds ±10% jitter). */
export function backoffMs(failures: number, min = BACKOFF_MIN_MS, max = BACKOFF_MAX_MS): number {
  return Math.min(max, min * 2 ** Math.min(Math.max(failures - 1, 0), 16));
}

export function lockoutRetryMs(err: unknown): number | undefined {
  return err instanceof LockedOutError && err.retryAfterMs !== undefined ? err.retryAfterMs + 1000 : undefined;
}

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
