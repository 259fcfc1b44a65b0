/**
 * One cell of the fault matrix: one fault on one device, from switching it on to the device
 * polling again after it was cleared. Every check that fails is collected in `problems` (the
 * matrix is printed whole before the test asserts), nothing is skipped silently.
 */
import { callControl, controlRequest } from '../../sim/lib/control-client';
import type { DeviceHealth } from '../../shared/office';
import { attemptsWithin, expected, faultBody, JOB_BACKOFF_MIN_MS, PROBE_BACKOFF_MIN_MS, type MatrixFault, type Outcome } from './fault-matrix-cases';
import { sleep, until, type Rig, type RigDevice } from './fault-matrix-rig';

/** How long a fault stays on after the device showed it (the window whose retries are counted). */
export const HOLD_MS = 2500;
/** Requests already under way when a device goes down may still finish: not counted as retries. */
const GRACE_MS = 250;
/** A driver call is a few HTTP requests at most (login challenge, login, the request, one stale-socket resend). */
const REQUESTS_PER_CALL = 6;
/** The drivers cap an answer at 4 MiB (snapshots 8 MiB); loopback socket buffers hold a few MiB more. */
const MAX_HUGE_MB_PER_ANSWER = 16;
const DETECT_TIMEOUT_MS = 12_000;
const RECOVER_TIMEOUT_MS = 25_000;

export interface CellResult {
  device: RigDevice;
  fault: MatrixFault;
  outcome: Outcome;
  /** Error kinds the driver threw while the fault was on. */
  errorKinds: string[];
  health: DeviceHealth | undefined;
  problem: string | undefined;
  detectMs: number | undefined;
  recoverMs: number | undefined;
  /** Hub → device calls after it went down (before the fault cleared), and the policy's bound. */
  retries: number | undefined;
  retryBound: number | undefined;
  /** HTTP requests the device's port received while the fault was on, and their bound. */
  simRequests: number | undefined;
  simBound: number | undefined;
  note: string;
  problems: string[];
}

export async function runCell(rig: Rig, device: RigDevice, fault: MatrixFault): Promise<CellResult> {
  const outcome = expected(device.family, fault);
  const res: CellResult = {
    device,
    fault,
    outcome,
    errorKinds: [],
    health: undefined,
    problem: undefined,
    detectMs: undefined,
    recoverMs: undefined,
    retries: undefined,
    retryBound: undefined,
    simRequests: undefined,
    simBound: undefined,
    note: outcome.note ?? '',
    problems: [],
  };
  const fail = (msg: string): void => {
    res.problems.push(`${device.id} × ${fault}: ${msg}`);
  };
  const calls = rig.recorder.of(device.id);
  const healthNow = (): DeviceHealth | undefined => rig.entity(device.id)?.health;
  if (healthNow() !== 'online') fail(`was ${healthNow()} before the fault`);

  const sim0 = (await rig.simRequests()).get(device.id) ?? 0;
  const huge0 = rig.office.device(device.id)?.gate.hugeBodyBytesWritten ?? 0;
  const t0 = Date.now();
  const set = await controlRequest(rig.office, 'POST', `/devices/${device.id}/fault`, faultBody(fault));
  if (outcome.kind === 'n/a') {
    if (set.status !== 400) {
      fail(`the simulator accepted a fault this table calls n/a (HTTP ${set.status})`);
      await callControl(rig.office, 'DELETE', `/devices/${device.id}/fault`);
    }
    return res;
  }
  if (set.status !== 200) {
    fail(`the simulator refused the fault: HTTP ${set.status} ${set.text}`);
    return res;
  }

  let tClear = 0;
  try {
    if (outcome.kind === 'transparent') {
      await sleep(HOLD_MS + 1000);
      tClear = Date.now();
      const marks = (rig.healthLog.get(device.id) ?? []).filter((m) => m.at >= t0);
      if (marks.some((m) => m.health !== 'online')) fail(`left online: ${marks.map((m) => m.health).join(' → ')}`);
      const polls = calls.countSince(calls.polled, t0 + 1000, tClear);
      if (polls < 2) fail(`only ${polls} successful polls in the last ${HOLD_MS} ms of the fault`);
      res.health = healthNow();
    } else {
      await until(
        `${device.id} ${outcome.health} under ${fault}`,
        () => {
          const e = rig.entity(device.id);
          return e?.health === outcome.health && e.problem !== undefined;
        },
        DETECT_TIMEOUT_MS,
      ).catch((e: unknown) => fail(`${e instanceof Error ? e.message : String(e)} (shows ${healthNow()}: ${rig.entity(device.id)?.problem ?? 'no problem text'})`));
      const mark = (rig.healthLog.get(device.id) ?? []).find((m) => m.at >= t0 && m.health === outcome.health);
      const tDown = mark?.at ?? Date.now();
      res.detectMs = tDown - t0;
      const e = rig.entity(device.id);
      res.health = e?.health;
      res.problem = e?.problem;
      if (e?.problem && !e.problem.includes(device.name)) fail(`the problem text does not name the device: "${e.problem}"`);
      await sleep(HOLD_MS);
      tClear = Date.now();

      // Bounded retries, by the hub's own policy.
      const window = tClear - tDown;
      const after = tDown + GRACE_MS;
      if (outcome.health === 'offline') {
        // every job paused; one probe retried with backoff 1 s, 2 s, 4 s …
        const others = calls.countSince(calls.started, after, tClear) - calls.countSince(calls.probes, after, tClear);
        res.retries = calls.countSince(calls.probes, after, tClear);
        res.retryBound = attemptsWithin(window, PROBE_BACKOFF_MIN_MS);
        if (others > 0) fail(`${others} calls other than the probe while offline`);
      } else if (outcome.health === 'auth-failed') {
        // polling stops: not one call until the fault clears, except a lockout's single retry when it ends
        res.retries = calls.countSince(calls.started, after, tClear);
        res.retryBound = outcome.recovery === 'auto' ? 1 : 0;
      } else {
        // the failing job backs off (2 s, 4 s …); the device's other jobs go on
        const failing = new Set(calls.failures.filter((f) => f.at >= t0 && f.at < tClear).map((f) => f.method));
        let worst = 0;
        for (const m of failing) worst = Math.max(worst, calls.failures.filter((f) => f.method === m && f.at >= after && f.at < tClear).length);
        res.retries = worst;
        res.retryBound = attemptsWithin(window, JOB_BACKOFF_MIN_MS);
      }
      if (res.retries > res.retryBound) fail(`${res.retries} retries in ${window} ms; the backoff allows ${res.retryBound}`);
    }
    const sim1 = (await rig.simRequests()).get(device.id) ?? 0;
    res.simRequests = sim1 - sim0;
    if (fault === 'huge-body') {
      // The hub stops reading at its size cap: the device never gets to write its 50 MiB.
      const mb = ((rig.office.device(device.id)?.gate.hugeBodyBytesWritten ?? 0) - huge0) / 2 ** 20;
      const perAnswer = mb / Math.max(1, res.simRequests);
      res.note = `${perAnswer.toFixed(1)} of 50 MiB written per answer`;
      if (perAnswer > MAX_HUGE_MB_PER_ANSWER) fail(`${perAnswer.toFixed(1)} MiB written per huge answer: the hub read on past its cap`);
    }
    res.simBound = REQUESTS_PER_CALL * calls.countSince(calls.started, t0 - 1000, tClear) + REQUESTS_PER_CALL;
    if (res.simRequests > res.simBound) fail(`the device received ${res.simRequests} requests for ${calls.countSince(calls.started, t0, tClear)} driver calls`);
    // A job the device lacks (UnsupportedOperationError) stops by itself: not a device failure.
    const kinds = new Set(calls.failures.filter((f) => f.at >= t0 && f.at <= tClear && f.kind !== 'UnsupportedOperationError').map((f) => f.kind));
    res.errorKinds = [...kinds].sort();
    if (outcome.kind === 'transparent' && res.errorKinds.length > 0) fail(`the driver let ${res.errorKinds.join(', ')} through to the hub`);
    if (outcome.kind === 'down') {
      const unexpected = res.errorKinds.filter((k) => !(outcome.errors as readonly string[]).includes(k));
      if (res.errorKinds.length === 0) fail('no typed error was thrown');
      if (unexpected.length > 0) fail(`unexpected error kinds ${unexpected.join(', ')} (expected ${outcome.errors.join(' or ')})`);
    }
  } finally {
    await callControl(rig.office, 'DELETE', `/devices/${device.id}/fault`);
  }
  tClear = Math.max(tClear, Date.now());

  // Recovery, without a restart: by itself, or through the user's Retry.
  if (outcome.kind === 'down' && outcome.recovery === 'retry') await rig.rpc('devices.refresh', { id: device.id });
  try {
    await until(`${device.id} back online after ${fault}`, () => healthNow() === 'online' && calls.countSince(calls.polled, tClear) > 0, RECOVER_TIMEOUT_MS);
    res.recoverMs = Date.now() - tClear;
  } catch (e) {
    fail(`${e instanceof Error ? e.message : String(e)} (shows ${healthNow()}: ${rig.entity(device.id)?.problem ?? ''})`);
  }
  return res;
}
