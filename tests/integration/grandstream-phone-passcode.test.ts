/**
 * The Grandstream phone family driver against the passcode family simulator (issue 11), and the
 * family detection across all three phone simulators and a device that is no phone.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { AuthError, DeviceRejectedError, UnsupportedFirmwareError, UnsupportedOperationError } from '../../main/core/driver/errors';
import { createPhoneFamilyDriver, PasscodePhoneDriver, type GrandstreamPhoneFamilyDriver } from '../../main/drivers/grandstream-phone';
import { GrandstreamPhoneSim, type PhoneSimOptions } from '../../sim/grandstream-phone';
import { cleanupAfterEach, NETWORK_FAULTS, serveRig, type Rig } from './driver-rig';

const defer = cleanupAfterEach();
const PASSWORD = 'Cti&Pass#1';

function rig(opts: Partial<PhoneSimOptions> = {}): Promise<Rig<GrandstreamPhoneSim, GrandstreamPhoneFamilyDriver>> {
  const sim = new GrandstreamPhoneSim({ id: 'grp', name: 'Back office GRP', family: 'passcode', model: 'GRP2614', firmware: '1.0.5.33', password: PASSWORD, extension: '204', answerDelayMs: 0, lineStyle: 'words', ...opts });
  const base = { device: 'Back office GRP', kind: 'grandstream-phone', username: 'admin', password: PASSWORD, timeoutMs: 2000 } as const;
  return serveRig(defer, sim, base, (c) => createPhoneFamilyDriver(c, { passcode: { verifyDelaysMs: [0, 50, 100] }, legacy: { verifyDelaysMs: [0, 50, 100] } }));
}

function inner(d: GrandstreamPhoneFamilyDriver): PasscodePhoneDriver {
  if (!(d.inner instanceof PasscodePhoneDriver)) throw new Error(`not the passcode family: ${String(d.family)}`);
  return d.inner;
}

const states = (sim: GrandstreamPhoneSim): string[] => (sim.state() as { lines: { state: string }[] }).lines.map((l) => l.state);

describe('grandstream phone driver × passcode simulator', () => {
  it('detects the passcode family and probes model and firmware from the public values', async () => {
    const r = await rig();
    const d = r.driver();
    expect(await d.probe()).toEqual({
      kind: 'grandstream-phone',
      model: 'GRP2614',
      firmware: '1.0.5.33',
      capabilities: ['dial', 'callControl', 'lines', 'reboot'],
      family: 'gs-passcode',
    });
  });

  it('reads status and lines; the same answer bytes give the identical frozen array', async () => {
    const r = await rig();
    const d = r.driver();
    expect(await d.status()).toEqual({ state: 'available', clickToDial: true });
    const a = await d.lines();
    expect(await d.lines()).toBe(a);
    expect(Object.isFrozen(a[0])).toBe(true);
    r.sim.ring('+390471', 'Caller');
    expect((await d.lines())[0]).toMatchObject({ state: 'ringing', remoteNumber: '+390471', remoteName: 'Caller' });
  });

  it('dials with the password parameter and drives the single call; hold never toggles twice', async () => {
    const r = await rig();
    const d = r.driver();
    await d.dial({ number: '+39 02 1234' });
    expect(states(r.sim)[0]).toBe('connected');
    await d.callControl('hold', 1);
    await d.callControl('hold', 1);
    expect(states(r.sim)[0]).toBe('held');
    await d.callControl('resume', 1);
    await d.callControl('resume', 1);
    expect(states(r.sim)[0]).toBe('connected');
    await d.callControl('end', 1);
    expect(states(r.sim)[0]).toBe('idle');
    r.sim.ring('+3903');
    await d.callControl('reject', 1);
    expect(states(r.sim)[0]).toBe('idle');
  });

  it('sends a command only when no other line could be the current call for it', async () => {
    const r = await rig();
    const d = r.driver();
    r.sim.ring('+3901');
    await d.callControl('accept', 1);
    r.sim.ring('+3902');
    await d.callControl('hold', 1);
    const e = await d.callControl('accept', 2).catch((x: unknown) => x);
    // line 1 is held and line 2 rings: acceptcall can only reach a ringing line, so it is sent
    expect(e).toBeUndefined();
    expect(states(r.sim).slice(0, 2)).toEqual(['held', 'connected']);
    const e2 = await d.callControl('resume', 1).catch((x: unknown) => x);
    expect(e2).toBeInstanceOf(DeviceRejectedError);
    expect((e2 as DeviceRejectedError).code).toBe('ambiguous-call');
    expect(states(r.sim).slice(0, 2)).toEqual(['held', 'connected']);
  });

  it('a wrong passcode says to check the password and enable the API, and is not sent again', async () => {
    const r = await rig();
    const d = r.driver({ password: 'not-it' });
    const e = await d.lines().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AuthError);
    expect((e as Error).message).toMatch(/enabled in the phone's web UI/);
    expect((e as Error).message).not.toContain('not-it');
    const sent = inner(d).requestCount;
    await expect(d.status()).rejects.toBe(e);
    expect(inner(d).requestCount).toBe(sent);
  });

  it('the API switched off in the web UI: the refusal says the feature must be enabled', async () => {
    const r = await rig({ apiEnabled: false });
    const e = await r.driver().probe().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AuthError);
    expect((e as Error).message).toMatch(/API feature is not enabled/);
    expect((e as Error).message).not.toContain(PASSWORD);
  });

  it('reboots; accounts and contacts are not offered', async () => {
    const r = await rig({ rebootMs: 50 });
    const d = r.driver();
    await d.reboot();
    expect((r.sim.state() as { rebootCount: number }).rebootCount).toBe(1);
    await expect(d.accounts()).rejects.toBeInstanceOf(UnsupportedOperationError);
    await expect(d.contacts()).rejects.toBeInstanceOf(UnsupportedOperationError);
  });

  for (const [fault, type] of NETWORK_FAULTS) {
    it(`network fault ${fault} → ${type.name}`, async () => {
      const r = await rig();
      const d = r.driver();
      await d.probe();
      r.served.gate.set({ kind: fault });
      await expect(d.lines()).rejects.toBeInstanceOf(type);
    });
  }
});

describe('grandstream phone family detection', () => {
  it('finds the legacy GXV family and keeps its behaviour', async () => {
    const r = await rig({ family: 'legacy', model: 'GXV3370' });
    const d = r.driver();
    expect(await d.probe()).toMatchObject({ model: 'GXV3370', family: 'gs-legacy' });
    expect(d.capabilities.has('contacts')).toBe(true);
    expect(Array.isArray(await d.contacts())).toBe(true);
  });

  for (const family of ['legacy', 'sha256'] as const) {
    it(`${family}: a wrong password costs exactly one failed login (detection sends none)`, async () => {
      const r = await rig({ family });
      await expect(r.driver({ password: 'nope' }).probe()).rejects.toBeInstanceOf(AuthError);
      const lock = (r.sim.state() as { lockout: { failures: number }[] }).lockout;
      expect(lock.reduce((n, l) => n + l.failures, 0)).toBe(1);
    });
  }

  it('a device that answers none of the phone APIs is an unsupported firmware', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<h1>404</h1>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    defer(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const d = createPhoneFamilyDriver({ device: 'Printer', kind: 'grandstream-phone', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, username: 'admin', password: 'x' });
    defer(() => d.close());
    const e = await d.probe().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UnsupportedFirmwareError);
    expect((e as Error).message).toMatch(/no Grandstream phone login answered/);
    expect(d.family).toBeUndefined();
  });
});
