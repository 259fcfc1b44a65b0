/**
 * The Grandstream camera driver against the GSC36xx simulator (challenge login, XML settings) and
 * the family detection with its fallback to the Basic auth of older firmware (issue 11).
 */
import { describe, expect, it } from 'vitest';
import { AuthError, DeviceRejectedError, UnsupportedFirmwareError, UnsupportedOperationError } from '../../main/core/driver/errors';
import { createGrandstreamCameraDriver, GscChallengeStrategy, AutoCameraStrategy, type GrandstreamCameraDriver } from '../../main/drivers/grandstream-camera';
import { GrandstreamCameraSim, type CameraSimOptions } from '../../sim/grandstream-camera';
import { cleanupAfterEach, NETWORK_FAULTS, serveRig, type Rig } from './driver-rig';

const defer = cleanupAfterEach();
const PASSWORD = 'Gsc#3610!';

function rig(opts: Partial<CameraSimOptions> = {}): Promise<Rig<GrandstreamCameraSim, GrandstreamCameraDriver>> {
  const sim = new GrandstreamCameraSim({ id: 'gsc', name: 'Porta', model: 'GSC3610', firmware: '1.0.3.8', mac: '00:0B:82:36:10:01', password: PASSWORD, family: 'gsc36xx', rebootMs: 200, ...opts });
  const base = { device: 'Door camera', kind: 'grandstream-camera', username: 'admin', password: PASSWORD, timeoutMs: 2000 } as const;
  return serveRig(defer, sim, base, (c) => createGrandstreamCameraDriver(c));
}

const requests = (sim: GrandstreamCameraSim): number => (sim.state() as { requests: number }).requests;

function gscLogins(d: GrandstreamCameraDriver): number {
  const s = d.client.strategy;
  if (s instanceof AutoCameraStrategy) return s.gsc.loginCount;
  if (s instanceof GscChallengeStrategy) return s.loginCount;
  throw new Error('not a GSC strategy');
}

describe('grandstream camera driver × GSC36xx simulator', () => {
  it('detects the challenge login, logs in once and probes with the session cookie', async () => {
    const r = await rig();
    const d = r.driver();
    expect(await d.probe()).toEqual({
      kind: 'grandstream-camera',
      model: 'GSC3610',
      firmware: '1.0.3.8',
      mac: '00:0B:82:36:10:01',
      capabilities: ['snapshot', 'motion', 'alarmPush', 'reboot'],
      family: 'gsc-challenge',
    });
    await d.snapshot();
    expect(gscLogins(d)).toBe(1);
  });

  it('returns JPEG snapshots of view0 and view4', async () => {
    const r = await rig();
    const d = r.driver();
    for (const stream of ['primary', 'secondary'] as const) {
      const shot = await d.snapshot(stream);
      expect([...shot.bytes.subarray(0, 2)]).toEqual([0xff, 0xd8]);
      expect(shot.contentType).toBe('image/jpeg');
    }
  });

  it('reads and writes XML settings; a refused write or type is a DeviceRejectedError', async () => {
    const r = await rig();
    const d = r.driver();
    expect(await d.readConfig('video')).toMatchObject({ P12904: '25', P12307: '1025' });
    await d.writeConfig({ P12904: 15 });
    expect((await d.readConfig('video')).P12904).toBe('15');
    await expect(d.writeConfig({ P99999: 1 })).rejects.toBeInstanceOf(DeviceRejectedError);
    await expect(d.readConfig('nosuch')).rejects.toBeInstanceOf(DeviceRejectedError);
    await expect(d.writeConfig({ 'x&y': 1 })).rejects.toBeInstanceOf(RangeError);
  });

  it('reboots with cmd=reboot', async () => {
    const r = await rig();
    const d = r.driver();
    await d.reboot();
    await new Promise((res) => setTimeout(res, 50));
    expect((r.sim.state() as { reboots: number }).reboots).toBe(1);
  });

  it('a wrong password is sent once and never again', async () => {
    const r = await rig();
    const d = r.driver({ password: 'not-it' });
    const e = await d.probe().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AuthError);
    expect((e as Error).message).not.toContain('not-it');
    expect(d.family).toBe('gsc-challenge');
    const sent = requests(r.sim);
    await expect(d.snapshot()).rejects.toBe(e);
    await expect(d.readConfig('video')).rejects.toBe(e);
    expect(requests(r.sim)).toBe(sent);
  });

  it('a session the camera forgot gets one fresh login', async () => {
    const r = await rig();
    const d = r.driver();
    await d.probe();
    r.sim.applyFault({ kind: 'auth-expired' });
    await d.snapshot();
    expect(gscLogins(d)).toBe(2);
  });

  it('a pinned gsc-challenge family against old firmware is an unsupported firmware', async () => {
    const r = await rig({ family: 'gxv' });
    const e = await r.driver({ family: 'gsc-challenge' }).probe().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UnsupportedFirmwareError);
  });

  it('old firmware (non-2xx on /goform/login) falls back to Basic without sending the password there', async () => {
    const r = await rig({ family: 'gxv', model: 'GXV3610_HD' });
    const d = r.driver();
    expect(await d.probe()).toMatchObject({ model: 'GXV3610_HD', family: 'gxv-basic' });
    expect(requests(r.sim)).toBe(2);
    await expect(d.readConfig('video')).rejects.toBeInstanceOf(UnsupportedOperationError);
  });

  it('a family of another kind is refused when the driver is made', async () => {
    const r = await rig();
    expect(() => r.driver({ family: 'gs-sha256' })).toThrow(/not a Grandstream camera family/);
  });

  for (const [fault, type] of NETWORK_FAULTS) {
    it(`network fault ${fault} → ${type.name}`, async () => {
      const r = await rig();
      const d = r.driver();
      await d.probe();
      r.served.gate.set({ kind: fault });
      await expect(d.snapshot()).rejects.toBeInstanceOf(type);
    });
  }
});
