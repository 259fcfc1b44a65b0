/**
 * Shared set-up for the driver × simulator integration tests: a simulator served on a random
 * 127.0.0.1 port plus a factory for drivers pointed at it, all closed after each test; the
 * network faults every driver must map to the same typed errors; and a plain sleep.
 */
import { afterEach } from 'vitest';
import { ProtocolError, UnreachableError } from '../../main/core/driver/errors';
import type { DriverConfig } from '../../main/core/driver/types';
import { serveDevice, type ServedDevice } from '../../sim/lib/server';
import type { FaultKind, SimDevice } from '../../sim/lib/types';

export interface Rig<S extends SimDevice, D> {
  sim: S;
  served: ServedDevice;
  driver(patch?: Partial<DriverConfig>): D;
}

/** Registers work to run after the current test (last registered runs first). */
export type Defer = (cleanup: () => Promise<void>) => void;

/** Call once at the top level of a test file: what is deferred runs after each test, newest first. */
export function cleanupAfterEach(): Defer {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()?.();
  });
  return (cleanup) => {
    cleanups.push(cleanup);
  };
}

/**
 * Serve `sim` and return it with a driver factory for `base` (+ the served URL + a per-call
 * patch). The server and every driver made are closed through `defer`.
 */
export async function serveRig<S extends SimDevice, D extends { close(): Promise<void> }>(
  defer: Defer,
  sim: S,
  base: Omit<DriverConfig, 'url'>,
  create: (config: DriverConfig) => D,
): Promise<Rig<S, D>> {
  const served = await serveDevice(sim);
  defer(() => served.close());
  return {
    sim,
    served,
    driver: (patch = {}) => {
      const d = create({ ...base, url: served.url, ...patch });
      defer(() => d.close());
      return d;
    },
  };
}

/** Network faults and the typed error each must surface as, for every driver. */
export const NETWORK_FAULTS: [FaultKind, new (...a: never[]) => Error][] = [
  ['offline', UnreachableError],
  ['reset', UnreachableError],
  ['error500', ProtocolError],
  ['malformed', ProtocolError],
  ['truncated', ProtocolError],
];

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
