/**
 * What each simulator fault must do to each device family in the hub (issue 10, the office-wide
 * fault matrix), and the retry budget the hub's policy (main/core/hub/health.ts) allows.
 *
 *   down         the driver throws one of `errors`; the device shows `health` with a problem naming
 *                it; the other devices go on; after the fault clears it comes back by itself
 *                (`auto`) or when the user presses Retry (`retry`: devices.refresh), never by a restart
 *   transparent  the driver absorbs it (e.g. a session that ended: one fresh login); the device
 *                stays online and keeps polling
 *   n/a          the fault does not exist on that family: the simulator refuses it (400)
 */
import type { DriverErrorKind } from '../../main/core/driver/errors';
import { BACKOFF_MAX_MS, backoffMs } from '../../main/core/hub/health';
import type { DeviceHealth } from '../../shared/office';

export const FAULTS = ['offline', 'slow', 'reset', 'error500', 'malformed', 'truncated', 'huge-body', 'auth-expired', 'license-expired', 'lockout', 'bad-snapshot'] as const;
export type MatrixFault = (typeof FAULTS)[number];

export type Outcome =
  | { kind: 'down'; errors: readonly DriverErrorKind[]; health: DeviceHealth; recovery: 'auto' | 'retry'; note?: string }
  | { kind: 'transparent'; note: string }
  | { kind: 'n/a'; note: string };

/** The body the fault sends, and how long `slow` waits and `lockout` locks (ms). */
export function faultBody(fault: MatrixFault): { kind: MatrixFault; ms?: number } {
  if (fault === 'slow') return { kind: fault, ms: 3000 };
  if (fault === 'lockout') return { kind: fault, ms: 2000 };
  return { kind: fault };
}

const offline = (errors: readonly DriverErrorKind[]): Outcome => ({ kind: 'down', errors, health: 'offline', recovery: 'auto' });
const jobError = (errors: readonly DriverErrorKind[], note?: string): Outcome => ({ kind: 'down', errors, health: 'error', recovery: 'auto', ...(note ? { note } : {}) });

/** The expected outcome; throws for a family this table does not know (add it here). */
export function expected(family: string, fault: MatrixFault): Outcome {
  const [kind, variant] = family.split('/') as [string, string];
  if (!['phone', 'camera', 'kalliope', 'nethvoice'].includes(kind)) throw new Error(`fault matrix: no expectations for device family "${family}"`);
  switch (fault) {
    case 'offline':
    case 'reset':
      return offline(['unreachable']);
    case 'slow':
      return offline(['timeout']);
    case 'error500':
      return jobError(['protocol', 'device-rejected']);
    case 'malformed':
    case 'truncated':
    case 'huge-body':
      return jobError(['protocol']);
    case 'license-expired':
      return kind === 'kalliope' ? jobError(['license']) : { kind: 'n/a', note: 'no license on this kind' };
    case 'bad-snapshot':
      return kind === 'camera' ? jobError(['protocol'], 'snapshot job only; motion goes on') : { kind: 'n/a', note: 'no snapshots' };
    case 'lockout':
      if (kind !== 'phone' || variant === 'passcode') return { kind: 'n/a', note: variant === 'passcode' ? 'no login to lock' : 'no lockout in this simulator' };
      if (variant === 'sha256') return { kind: 'down', errors: ['locked-out'], health: 'auth-failed', recovery: 'retry', note: 'lock told in whole minutes: the hub waits 61 s, Retry is faster' };
      return { kind: 'down', errors: ['locked-out'], health: 'auth-failed', recovery: 'auto', note: 'retried once when the lock ends' };
    case 'auth-expired':
      if (kind === 'phone' && variant === 'passcode') return { kind: 'transparent', note: 'no session: nothing to expire' };
      if (kind === 'phone' || variant === 'gsc36xx') return { kind: 'transparent', note: 'sessions ended: one fresh login' };
      return { kind: 'down', errors: ['auth'], health: 'auth-failed', recovery: 'retry', note: 'credentials refused: polling stops until Retry' };
  }
}

/**
 * Attempts a job that keeps failing may make within `windowMs` after its first failure: the first
 * one plus every retry whose backoff (min, 2·min, 4·min … capped; the scheduler's jitter shortens a
 * delay by at most 10%) fits in the window.
 */
export function attemptsWithin(windowMs: number, minMs: number): number {
  let n = 1;
  let t = 0;
  for (let k = 1; ; k++) {
    t += 0.9 * backoffMs(k, minMs, BACKOFF_MAX_MS);
    if (t > windowMs) return n;
    n += 1;
  }
}

/** Job-level backoff starts at 2 s (Hub.failed), a device-level (offline) one at 1 s. */
export const JOB_BACKOFF_MIN_MS = 2000;
export const PROBE_BACKOFF_MIN_MS = 1000;
