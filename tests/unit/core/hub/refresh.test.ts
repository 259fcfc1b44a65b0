/**
 * Retry (devices.refresh) on a device the hub stopped: a refused login or a lockout gets a fresh
 * start with a new driver session, even while a lockout's single retry is still pending (found by
 * the office-wide fault matrix: a SHA-256 phone tells its lock in whole minutes, and its session
 * refused locally until then, so Retry did nothing for a minute).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Capability, ProbeResult } from '../../../../shared/domain';
import type { DeviceEntity } from '../../../../shared/office';
import { LockedOutError } from '../../../../main/core/driver/errors';
import type { Driver, DriverConfig } from '../../../../main/core/driver/types';
import { devicesHandlers } from '../../../../main/core/features/devices';
import { Hub } from '../../../../main/core/hub/hub';
import { MemoryDataStore, MemorySecretStore, MemorySettingsStore } from '../../../../main/core/persistence/stores';
import { FakeClock } from './fake-clock';

/** A phone that may be locked; like the real drivers, a session that saw a lock refuses locally until it ends. */
class LockablePhone {
  locked = false;
  probes = 0;
  sessions = 0;
  constructor(private readonly clock: FakeClock) {}
  driver(config: DriverConfig): Driver {
    this.sessions += 1;
    let lockedUntil = 0;
    const caps: Capability[] = ['lines'];
    return {
      kind: 'grandstream-phone',
      capabilities: new Set(caps),
      probe: (): Promise<ProbeResult> => {
        if (lockedUntil > this.clock.now()) return Promise.reject(new LockedOutError({ device: config.device, message: `${config.device}: locked (this session remembers it)`, retryAfterMs: lockedUntil - this.clock.now() }));
        this.probes += 1;
        if (this.locked) {
          lockedUntil = this.clock.now() + 60_000;
          return Promise.reject(new LockedOutError({ device: config.device, message: `${config.device}: the phone has locked its login`, retryAfterMs: 60_000 }));
        }
        return Promise.resolve({ kind: 'grandstream-phone', model: 'FAKE', firmware: '1', capabilities: caps });
      },
      lines: () => Promise.resolve([]),
      close: () => Promise.resolve(),
    };
  }
}

let hub: Hub | undefined;
afterEach(async () => {
  await hub?.close();
  hub = undefined;
});

async function start(phone: LockablePhone, clock: FakeClock): Promise<Hub> {
  const secrets = new MemorySecretStore();
  await secrets.set('p', { password: 'pw' });
  return Hub.create({
    settings: new MemorySettingsStore({ devices: [{ id: 'p', kind: 'grandstream-phone', name: 'Reception phone', url: 'http://127.0.0.1/p', username: 'admin' }] }),
    secrets,
    data: new MemoryDataStore(),
    createDriver: (c) => phone.driver(c),
    clock,
    jitter: 0,
    batchMs: 0,
  });
}

describe('devices.refresh (Retry)', () => {
  it('restarts a locked-out device with a new session although its lockout retry is pending', async () => {
    const clock = new FakeClock();
    const phone = new LockablePhone(clock);
    phone.locked = true;
    hub = await start(phone, clock);
    await clock.advance(0);
    const device = (): DeviceEntity => hub?.store.get('device/p') as DeviceEntity;
    expect(device()).toMatchObject({ health: 'auth-failed', problem: expect.stringContaining('Reception phone') });
    expect(hub.scheduler.has('p', 'probe')).toBe(true); // the single retry after the lock
    // The lock was lifted at the phone (another desk's admin); the receptionist presses Retry.
    phone.locked = false;
    devicesHandlers(hub)['devices.refresh']({ id: 'p' });
    await clock.advance(100);
    expect(device().health).toBe('online');
    expect(phone.sessions).toBe(2);
    expect(phone.probes).toBe(2);
  });

  it('asks the device once per Retry while it stays locked (no hammering)', async () => {
    const clock = new FakeClock();
    const phone = new LockablePhone(clock);
    phone.locked = true;
    hub = await start(phone, clock);
    await clock.advance(0);
    const refresh = devicesHandlers(hub)['devices.refresh'];
    refresh({ id: 'p' });
    await clock.advance(100);
    refresh({ id: 'p' });
    await clock.advance(100);
    expect(phone.probes).toBe(3);
    expect((hub.store.get('device/p') as DeviceEntity).health).toBe('auth-failed');
    await clock.advance(30_000);
    expect(phone.probes).toBe(3);
  });
});
