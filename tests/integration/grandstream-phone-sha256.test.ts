/**
 * The Grandstream phone family driver against the SHA-256 session family simulator (issue 11):
 * detection, login refusals, the lazy dorefresh keep-alive, expiry, lines, calls and settings.
 */
import { describe, expect, it } from 'vitest';
import { AuthError, DeviceRejectedError, LockedOutError, UnsupportedOperationError } from '../../main/core/driver/errors';
import { createPhoneFamilyDriver, Sha256PhoneDriver, type GrandstreamPhoneFamilyDriver } from '../../main/drivers/grandstream-phone';
import { GrandstreamPhoneSim, type PhoneSimOptions } from '../../sim/grandstream-phone';
import { fakeClock, type FakeClock } from '../sim/grandstream-phone.helpers';
import { cleanupAfterEach, NETWORK_FAULTS, serveRig, type Rig } from './driver-rig';

const defer = cleanupAfterEach();
const PASSWORD = 'Gxp!2170';

async function rig(opts: Partial<PhoneSimOptions> = {}): Promise<{ r: Rig<GrandstreamPhoneSim, GrandstreamPhoneFamilyDriver>; clock: FakeClock }> {
  const clock = fakeClock();
  const sim = new GrandstreamPhoneSim({ id: 'gxp', name: 'Front desk GXP', family: 'sha256', model: 'GXP2170', firmware: '1.0.11.106', password: PASSWORD, extension: '201', answerDelayMs: 0, clock: clock.now, ...opts });
  const base = { device: 'Front desk GXP', kind: 'grandstream-phone', username: 'admin', password: PASSWORD, timeoutMs: 2000 } as const;
  const r = await serveRig(defer, sim, base, (c) => createPhoneFamilyDriver(c, { sha256: { clock: clock.now, verifyDelaysMs: [0, 50, 100] } }));
  return { r, clock };
}

function inner(d: GrandstreamPhoneFamilyDriver): Sha256PhoneDriver {
  if (!(d.inner instanceof Sha256PhoneDriver)) throw new Error(`not the sha256 family: ${String(d.family)}`);
  return d.inner;
}

const states = (sim: GrandstreamPhoneSim): string[] => (sim.state() as { lines: { state: string }[] }).lines.map((l) => l.state);
const failures = (sim: GrandstreamPhoneSim): number => (sim.state() as { lockout: { failures: number }[] }).lockout.reduce((n, l) => n + l.failures, 0);

describe('grandstream phone driver × sha256 simulator: detection and probe', () => {
  it('detects the SHA-256 family without a password attempt and reports model, firmware, MAC and family after one login', async () => {
    const { r } = await rig();
    const d = r.driver();
    const p = await d.probe();
    expect(p).toEqual({
      kind: 'grandstream-phone',
      model: 'GXP2170',
      firmware: '1.0.11.106',
      mac: r.sim.options.mac,
      capabilities: ['dial', 'callControl', 'lines', 'reboot'],
      family: 'gs-sha256',
    });
    expect(d.family).toBe('gs-sha256');
    expect(inner(d).client.loginCount).toBe(1);
    expect(inner(d).role).toBe('admin');
    expect(d.capabilities.has('contacts')).toBe(false);
  });

  it('a pinned family skips detection; a family of another kind is refused when the driver is made', async () => {
    const { r } = await rig();
    const d = r.driver({ family: 'gs-sha256' });
    expect(d.family).toBe('gs-sha256');
    expect((await d.probe()).family).toBe('gs-sha256');
    expect(() => r.driver({ family: 'gsc-challenge' })).toThrow(/not a Grandstream phone family/);
  });

  it('contacts are not offered by this family', async () => {
    const { r } = await rig();
    await expect(r.driver().contacts()).rejects.toBeInstanceOf(UnsupportedOperationError);
  });
});

describe('grandstream phone driver × sha256 simulator: login refusals', () => {
  it('a wrong password shows the attempts left, is tried once and never again', async () => {
    const { r } = await rig();
    const d = r.driver({ password: 'wrong' });
    const e = await d.probe().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AuthError);
    expect((e as Error).message).toMatch(/4 attempts are left/);
    expect((e as Error).message).not.toContain('wrong');
    await expect(d.lines()).rejects.toBe(e);
    expect(failures(r.sim)).toBe(1);
  });

  it('a locked account gives LockedOutError with the lock time', async () => {
    const { r } = await rig({ lockoutMs: 5 * 60_000 });
    for (let i = 0; i < 5; i++) await r.driver({ password: `bad${i}` }).probe().catch(() => undefined);
    const e = await r.driver().probe().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(LockedOutError);
    expect((e as LockedOutError).retryAfterMs).toBe(5 * 60_000);
  });

  it('a user without web access is told so', async () => {
    const { r } = await rig({ userWebAccess: false, userPassword: 'U5er!' });
    const e = await r.driver({ username: 'user', password: 'U5er!' }).status().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AuthError);
    expect((e as Error).message).toMatch(/does not allow web access for user "user"/);
  });
});

describe('grandstream phone driver × sha256 simulator: session life', () => {
  it('refreshes lazily after 30 s idle (no new login), and logs in again once when the session died', async () => {
    const { r, clock } = await rig();
    const d = r.driver();
    await d.lines();
    const c = inner(d).client;
    clock.advance(45_000);
    await d.lines();
    expect(c.refreshCount).toBe(1);
    expect(c.loginCount).toBe(1);
    clock.advance(10_000);
    await d.lines();
    expect(c.refreshCount).toBe(1);
    clock.advance(70_000);
    await d.status();
    expect(c.refreshCount).toBe(2);
    expect(c.loginCount).toBe(2);
  });

  it('a session the phone dropped (401 HTML on api-*) gets one fresh login and the call succeeds', async () => {
    const { r } = await rig();
    const d = r.driver();
    await d.status();
    expect(r.sim.applyFault({ kind: 'auth-expired' })).toBe(true);
    expect((await d.lines()).length).toBe(4);
    expect(inner(d).client.loginCount).toBe(2);
  });

  it('config_get session-expired JSON is an expiry too', async () => {
    const { r } = await rig();
    const d = r.driver();
    await d.probe();
    r.sim.applyFault({ kind: 'auth-expired' });
    expect(await inner(d).readSettings(['phone_model'])).toEqual({ phone_model: 'GXP2170' });
    expect(inner(d).client.loginCount).toBe(2);
  });

  for (const [fault, type] of NETWORK_FAULTS) {
    it(`network fault ${fault} → ${type.name}`, async () => {
      const { r } = await rig();
      const d = r.driver();
      await d.probe();
      r.served.gate.set({ kind: fault });
      await expect(d.lines()).rejects.toBeInstanceOf(type);
    });
  }
});

describe('grandstream phone driver × sha256 simulator: status, lines and calls', () => {
  it('lines(): the identical frozen array while the phone answers the same bytes', async () => {
    const { r } = await rig();
    const d = r.driver();
    const a = await d.lines();
    const b = await d.lines();
    expect(b).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    r.sim.ring('+39021234', 'Caller');
    const c = await d.lines();
    expect(c).not.toBe(a);
    expect(c[0]).toMatchObject({ line: 1, state: 'ringing', remoteNumber: '+39021234' });
    expect(await d.status()).toEqual({ state: 'ringing', clickToDial: true });
    expect((await d.accounts())[0]).toMatchObject({ id: 1, sipId: '201', registered: true });
  });

  it('accepts, holds (once: holdcall toggles), resumes and ends the single call; dial uses the 1-based account', async () => {
    const { r } = await rig();
    const d = r.driver();
    r.sim.ring('+39021234');
    await d.callControl('accept', 1);
    expect(states(r.sim)[0]).toBe('connected');
    await d.callControl('hold', 1);
    await d.callControl('hold', 1);
    expect(states(r.sim)[0]).toBe('held');
    await d.callControl('resume', 1);
    expect(states(r.sim)[0]).toBe('connected');
    await d.callControl('end', 1);
    expect(states(r.sim)[0]).toBe('idle');
    await d.dial({ number: '202', account: 1 });
    expect(states(r.sim)[0]).toBe('connected');
  });

  it('refuses a command that could reach another call, and sends nothing', async () => {
    const { r } = await rig();
    const d = r.driver();
    r.sim.ring('+3901');
    r.sim.ring('+3902');
    const e = await d.callControl('accept', 2).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DeviceRejectedError);
    expect((e as DeviceRejectedError).code).toBe('ambiguous-call');
    expect((e as Error).message).toMatch(/line 1 also has a call/);
    expect(states(r.sim).slice(0, 2)).toEqual(['ringing', 'ringing']);
  });

  it('reboots', async () => {
    const { r } = await rig({ rebootMs: 50 });
    await r.driver().reboot();
    expect((r.sim.state() as { rebootCount: number }).rebootCount).toBe(1);
  });
});

describe('grandstream phone driver × sha256 simulator: settings', () => {
  it('writes, reads back, and reports a write the phone answered with success but ignored', async () => {
    const { r } = await rig();
    const d = inner(await (async () => {
      const x = r.driver();
      await x.probe();
      return x;
    })());
    await d.writeSettings({ P3: 'Reception' });
    expect(await d.readSettings(['P3'])).toEqual({ P3: 'Reception' });
    const e = await d.writeSettings({ phone_model: 'Other', P3: 'Desk' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DeviceRejectedError);
    expect((e as DeviceRejectedError).code).toBe('write-ignored');
    expect((e as Error).message).toMatch(/did not store phone_model/);
    expect((e as Error).message).not.toContain('Other');
  });
});
