import { afterEach, describe, expect, it } from 'vitest';
import type { ProbeResult } from '../../../shared/domain';
import { EventBus } from '../../../main/core/events';
import { AuthError, LockedOutError, UnreachableError } from '../../../main/core/driver/errors';
import type { Driver, DriverConfig } from '../../../main/core/driver/types';
import { DeviceMonitor } from '../../../main/core/office/monitor';
import { OfficeModel } from '../../../main/core/office/office';

const cfg = { id: 'p1', kind: 'grandstream-phone' as const, name: 'Reception', url: 'http://a', username: 'admin' };
const ok: ProbeResult = { kind: 'grandstream-phone', model: 'GXV3370', firmware: '1.0.3', capabilities: [] };

function fakeDriver(script: (n: number) => ProbeResult | Error, calls: { n: number }): Driver {
  return {
    kind: 'grandstream-phone',
    capabilities: new Set(),
    probe: () => {
      const r = script(++calls.n);
      return r instanceof Error ? Promise.reject(r) : Promise.resolve(r);
    },
    close: () => Promise.resolve(),
  };
}

const until = async (pred: () => boolean, ms = 2000) => {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
};

let monitor: DeviceMonitor | undefined;
afterEach(() => monitor?.close());

function setup(script: (n: number) => ProbeResult | Error, secrets: boolean | (() => { password: string } | undefined) = true) {
  const office = new OfficeModel(new EventBus());
  const calls = { n: 0 };
  const configs: DriverConfig[] = [];
  monitor = new DeviceMonitor({
    office,
    intervalMs: 10,
    maxBackoffMs: 40,
    secrets: typeof secrets === 'function' ? secrets : () => (secrets ? { password: 'pw' } : undefined),
    createDriver: (c) => {
      configs.push(c);
      return fakeDriver(script, calls);
    },
  });
  office.setDevices([cfg]);
  monitor.sync([cfg]);
  return { office, calls, configs };
}

describe('DeviceMonitor', () => {
  it('marks a device online with its model', async () => {
    const { office, configs } = setup(() => ok);
    await until(() => office.get('p1')?.health === 'online');
    expect(office.get('p1')).toMatchObject({ model: 'GXV3370', firmware: '1.0.3' });
    expect(configs[0]).toMatchObject({ device: 'Reception', password: 'pw', url: 'http://a' });
  });

  it('goes offline on network errors and recovers by itself', async () => {
    const down = new UnreachableError({ device: 'Reception', message: 'Reception cannot be reached.' });
    const { office, calls } = setup((n) => (n <= 3 ? down : ok));
    await until(() => office.get('p1')?.health === 'offline');
    expect(office.get('p1')?.problem).toBe('Reception cannot be reached.');
    await until(() => office.get('p1')?.health === 'online');
    expect(calls.n).toBeGreaterThanOrEqual(4);
    expect(office.get('p1')?.problem).toBeUndefined();
  });

  it('stops polling after an auth failure (never hammer a login)', async () => {
    const refused = new AuthError({ device: 'Reception', message: 'Reception refused the password.' });
    const { office, calls } = setup(() => refused);
    await until(() => office.get('p1')?.health === 'auth-failed');
    await new Promise((r) => setTimeout(r, 100));
    expect(calls.n).toBe(1);
  });

  it('reports a missing password without calling the device', async () => {
    const { office, calls } = setup(() => ok, false);
    await until(() => office.get('p1')?.health === 'auth-failed');
    expect(office.get('p1')?.problem).toMatch(/no password/);
    expect(calls.n).toBe(0);
  });

  it('tries again once a lockout has ended', async () => {
    const locked = new LockedOutError({ device: 'Reception', message: 'Reception is locked for a while.', retryAfterMs: 30 });
    const { office, calls } = setup((n) => (n === 1 ? locked : ok));
    await until(() => office.get('p1')?.health === 'auth-failed');
    await until(() => office.get('p1')?.health === 'online');
    expect(calls.n).toBe(2);
  });

  it('restarts a stopped device when its password is changed', async () => {
    let password = 'wrong';
    const refused = new AuthError({ device: 'Reception', message: 'Reception refused the password.' });
    const { office, calls, configs } = setup(() => (password === 'wrong' ? refused : ok), () => ({ password }));
    await until(() => office.get('p1')?.health === 'auth-failed');
    expect(calls.n).toBe(1);
    password = 'right';
    monitor!.sync([cfg]);
    await until(() => office.get('p1')?.health === 'online');
    expect(configs.map((c) => c.password)).toEqual(['wrong', 'right']);
  });
});
