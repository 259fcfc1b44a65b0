/**
 * The Grandstream camera driver against the camera simulator over real HTTP on 127.0.0.1.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { AuthError, ProtocolError, TimeoutError, UnreachableError, UnsupportedOperationError } from '../../main/core/driver/errors';
import { createGrandstreamCameraDriver, type GrandstreamCameraDriver } from '../../main/drivers/grandstream-camera';
import { GrandstreamCameraSim, type CameraSimOptions } from '../../sim/grandstream-camera';
import { cleanupAfterEach, NETWORK_FAULTS, serveRig, sleep, type Rig } from './driver-rig';

const defer = cleanupAfterEach();

function rig(opts: Partial<CameraSimOptions> = {}): Promise<Rig<GrandstreamCameraSim, GrandstreamCameraDriver>> {
  const sim = new GrandstreamCameraSim({ id: 'cam1', name: 'Entrance', password: 'C4m-pass', ...opts });
  // The seed 002 family, pinned: these tests count its requests; detection is tested in grandstream-camera-gsc.test.ts.
  const base = { device: 'Entrance camera', kind: 'grandstream-camera', username: 'admin', password: 'C4m-pass', timeoutMs: 2000, family: 'gxv-basic' } as const;
  return serveRig(defer, sim, base, createGrandstreamCameraDriver);
}

interface CamState {
  requests: number;
  reboots: number;
  channelStates: { mdUploadToAlarmServer: number; eventUploadToAlarmServer: number }[];
  eventServer: { url: string };
  ptzState: { commands: number; autoPan: boolean } | null;
  pushes: { event: string; status: number | null }[];
}
const stateOf = (sim: GrandstreamCameraSim): CamState => sim.state() as CamState;

describe('grandstream camera driver × simulator: probe and snapshots', () => {
  it('probes a GXV3610_HD: model, firmware, MAC, no PTZ', async () => {
    const r = await rig({ model: 'GXV3610_HD', firmware: '1.0.4.10', mac: '00:0B:82:AB:CD:EF' });
    const d = r.driver({ url: `${r.served.url}/goform` });
    const p = await d.probe();
    expect(p).toEqual({ kind: 'grandstream-camera', model: 'GXV3610_HD', firmware: '1.0.4.10', mac: '00:0B:82:AB:CD:EF', capabilities: ['snapshot', 'motion', 'alarmPush', 'reboot'], family: 'gxv-basic' });
    await expect(d.ptz('left')).rejects.toBeInstanceOf(UnsupportedOperationError);
  });

  it('returns real JPEG snapshots; two snapshots differ; the secondary stream works', async () => {
    const d = (await rig()).driver();
    const a = await d.snapshot();
    const b = await d.snapshot();
    const c = await d.snapshot('secondary');
    for (const s of [a, b, c]) {
      expect(s.contentType).toBe('image/jpeg');
      const img = jpeg.decode(s.bytes, { useTArray: true });
      expect(img.width).toBeGreaterThan(0);
      expect(img.height).toBeGreaterThan(0);
      expect(Number.isNaN(Date.parse(s.takenAt))).toBe(false);
    }
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(false);
  });

  it('a viewer account gets snapshots but "No Privilege" on goform → AuthError', async () => {
    const r = await rig({ viewer: { username: 'guard', password: 'view' } });
    const d = r.driver({ username: 'guard', password: 'view' });
    await expect(d.snapshot()).resolves.toMatchObject({ contentType: 'image/jpeg' });
    const e = await d.probe().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AuthError);
    expect((e as Error).message).toMatch(/No Privilege/);
  });
});

describe('grandstream camera driver × simulator: motion, alarm I/O, push, PTZ, reboot', () => {
  it('sees motion toggled by setMotion and an alarm input toggled by setAlarmInput', async () => {
    const r = await rig();
    const d = r.driver();
    expect(await d.motion()).toEqual({ motion: false, alarmInputs: [false], alarmOutputs: [false], alarmInputStates: [false], alarmOutputStates: [false] });
    r.sim.setMotion(true);
    expect((await d.motion()).motion).toBe(true);
    r.sim.setAlarmInput(0, true);
    expect((await d.motion()).alarmInputs).toEqual([true]);
    r.sim.setMotion(false);
    r.sim.setAlarmInput(0, false);
    expect(await d.motion()).toMatchObject({ motion: false, alarmInputs: [false], alarmOutputs: [false] });
  });

  it('reads the four channels of a GXV3504 encoder', async () => {
    const r = await rig({ model: 'GXV3504' });
    const d = r.driver();
    const idle = await d.motion();
    expect(idle).toMatchObject({ motion: false, alarmInputs: [false, false, false, false], alarmOutputs: [false, false, false, false] });
    r.sim.setMotion(true, 2);
    r.sim.setAlarmInput(3, true);
    expect(await d.motion()).toMatchObject({ motion: true, alarmInputs: [false, false, false, true], alarmOutputs: [false, false, false, false] });
  });

  it('PTZ on a GXV3504: capability after probe, commands reach the device', async () => {
    const r = await rig({ model: 'GXV3504' });
    const d = r.driver();
    expect((await d.probe()).capabilities).toContain('ptz');
    await d.ptz('right', 20);
    await d.ptz('auto-pan');
    await d.ptz('stop-auto-pan');
    await d.ptz('stop');
    expect(stateOf(r.sim).ptzState?.commands).toBe(4);
    expect(stateOf(r.sim).ptzState?.autoPan).toBe(false);
  });

  it('PTZ move speeds stop at 63: a faster move is refused before anything is sent; home takes a preset up to 127', async () => {
    const r = await rig({ model: 'GXV3504' });
    const d = r.driver();
    await d.probe();
    await d.ptz('left', 63);
    for (const [action, param] of [['left', 64], ['zoom-in', 127], ['auto-pan', 100], ['left', -1], ['up', 2.5]] as const) {
      const e = await d.ptz(action, param).catch((x: unknown) => x);
      expect(e, `${action} ${param}`).toBeInstanceOf(RangeError);
      expect((e as Error).message).toMatch(/^Entrance camera: PTZ speed .* \(0-63\)/);
    }
    await d.ptz('home', 100);
    await expect(d.ptz('home', 128)).rejects.toThrow(/preset 128 .*0-127/);
    expect(stateOf(r.sim).ptzState?.commands).toBe(2);
  });

  it('registers an alarm push server and receives the motion push', async () => {
    const got: URL[] = [];
    const receiver = createServer((req, res) => {
      got.push(new URL(req.url ?? '/', 'http://receiver'));
      res.writeHead(200, { 'Content-Length': '2' });
      res.end('OK');
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    defer(() => new Promise<void>((resolve) => receiver.close(() => resolve())));
    const pushUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/frontdesk/alarm`;

    const r = await rig();
    const d = r.driver();
    await d.registerAlarmPush(pushUrl);
    const st = stateOf(r.sim);
    expect(st.eventServer.url).toBe(pushUrl);
    expect(st.channelStates[0]).toMatchObject({ mdUploadToAlarmServer: 1, eventUploadToAlarmServer: 1 });
    r.sim.setMotion(true);
    await r.sim.flushPushes();
    expect(got.map((u) => u.pathname)).toEqual(['/frontdesk/alarm']);
    expect(got[0]?.searchParams.get('event')).toBe('motion');
  });

  it('reboots: unreachable while restarting, then answers again', async () => {
    const r = await rig({ rebootMs: 400 });
    const d = r.driver();
    await d.reboot();
    await sleep(50);
    await expect(d.probe()).rejects.toBeInstanceOf(UnreachableError);
    await sleep(500);
    await expect(d.probe()).resolves.toMatchObject({ model: 'GXV3610_HD' });
    expect(stateOf(r.sim).reboots).toBe(1);
  });
});

describe('grandstream camera driver × simulator: faults and auth', () => {
  for (const [kind, type] of NETWORK_FAULTS) {
    it(`fault ${kind} → ${type.name} for probe, snapshot and motion; recovery once it clears`, async () => {
      const r = await rig();
      const d = r.driver();
      await d.probe();
      r.served.gate.set({ kind });
      for (const call of [() => d.probe(), () => d.snapshot(), () => d.motion()]) {
        const e = await call().catch((x: unknown) => x);
        expect(e).toBeInstanceOf(type);
        expect((e as Error).message).toMatch(/Entrance camera/);
      }
      r.served.gate.set(null);
      await expect(d.probe()).resolves.toMatchObject({ model: 'GXV3610_HD' });
      await expect(d.snapshot()).resolves.toMatchObject({ contentType: 'image/jpeg' });
    });
  }

  it('fault slow → TimeoutError with a short timeout, then recovery', async () => {
    const r = await rig();
    const d = r.driver({ timeoutMs: 300 });
    r.served.gate.set({ kind: 'slow', ms: 1500 });
    await expect(d.snapshot()).rejects.toBeInstanceOf(TimeoutError);
    r.served.gate.set(null);
    await expect(d.snapshot()).resolves.toMatchObject({ contentType: 'image/jpeg' });
  });

  it('wrong password → AuthError once, never retried', async () => {
    const r = await rig();
    const d = r.driver({ password: 'nope' });
    const first = await d.probe().catch((x: unknown) => x);
    expect(first).toBeInstanceOf(AuthError);
    for (let i = 0; i < 3; i++) {
      await expect(d.snapshot()).rejects.toBe(first);
      await expect(d.motion()).rejects.toBe(first);
    }
    expect(stateOf(r.sim).requests).toBe(1);
  });

  it('auth-expired (credentials stop working) → AuthError, no retry; a new driver works once fixed', async () => {
    const r = await rig();
    const d = r.driver();
    await d.probe();
    expect(r.served.gate.set({ kind: 'auth-expired' })).toBe(true);
    const before = stateOf(r.sim).requests;
    await expect(d.motion()).rejects.toBeInstanceOf(AuthError);
    await expect(d.snapshot()).rejects.toBeInstanceOf(AuthError);
    expect(stateOf(r.sim).requests).toBe(before + 1);
    r.served.gate.set(null);
    await expect(r.driver().motion()).resolves.toMatchObject({ motion: false });
  });
});

describe('grandstream camera driver × simulator: motion survives alarm I/O (both status forms)', () => {
  for (const motionStatusForm of ['cmd', 'param'] as const) {
    it(`reads motion from a camera that answers the ${motionStatusForm} form, and remembers the form`, async () => {
      const r = await rig({ motionStatusForm });
      const d = r.driver();
      r.sim.setMotion(true);
      expect((await d.motion()).motion).toBe(true);
      const before = stateOf(r.sim).requests;
      r.sim.setMotion(false);
      expect((await d.motion()).motion).toBe(false);
      // the learned form: one motion request and one alarm I/O request per poll
      expect(stateOf(r.sim).requests - before).toBe(2);
    });
  }

  for (const alarmInputStatus of ['empty', 'unknown'] as const) {
    it(`keeps the motion flag when alarmin_status is ${alarmInputStatus}; the input is null, not an error`, async () => {
      const r = await rig({ alarmInputStatus, motionStatusForm: 'param' });
      const d = r.driver();
      r.sim.setMotion(true);
      const m = await d.motion();
      expect(m).toEqual({ motion: true, alarmInputs: [], alarmOutputs: [false], alarmInputStates: [null], alarmOutputStates: [false] });
    });
  }

  it('keeps the motion flag when the alarm I/O module refuses or drops the request', async () => {
    const r = await rig();
    const d = r.driver();
    r.sim.setMotion(true);
    const handle = r.sim.handle.bind(r.sim);
    r.sim.handle = (ctx) => (ctx.path === '/goform/device' ? void ctx.req.socket.destroy() : handle(ctx));
    expect(await d.motion()).toEqual({ motion: true, alarmInputs: [], alarmOutputs: [], alarmInputStates: [], alarmOutputStates: [] });
  });

  it('a camera that answers neither status form gives a ProtocolError naming the device, never a settings-based guess', async () => {
    const r = await rig();
    const d = r.driver();
    const handle = r.sim.handle.bind(r.sim);
    // firmware that treats every motiondetect query as a plain get: the settings, no md_alarm_statu
    r.sim.handle = (ctx) => {
      if (ctx.path === '/goform/motiondetect') ctx.query.set('cmd', 'get');
      handle(ctx);
    };
    const e = await d.motion().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ProtocolError);
    expect((e as Error).message).toMatch(/^Entrance camera: the camera did not report its motion state \(cmd=get_md_statu answered no md_alarm_statu; cmd=get&md_statu answered no md_alarm_statu\)/);
  });
});
