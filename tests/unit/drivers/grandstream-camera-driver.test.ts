import jpeg from 'jpeg-js';
import { afterEach, describe, expect, it } from 'vitest';
import { AuthError, DeviceRejectedError, ProtocolError, UnsupportedOperationError } from '../../../main/core/driver/errors';
import type { DriverConfig } from '../../../main/core/driver/types';
import { createGrandstreamCameraDriver, type GrandstreamCameraDriver } from '../../../main/drivers/grandstream-camera';
import { send, startGsFixture, type GsFixture, type GsRecorded } from './grandstream-fixture';

function makeJpeg(shade: number): Buffer {
  const width = 8;
  const height = 8;
  const data = Buffer.alloc(width * height * 4, shade);
  return jpeg.encode({ width, height, data }, 80).data;
}

interface FakeCamera {
  model: string;
  password: string;
  motion: boolean;
  /** Answer only `cmd=get` for the motion status (the other reading of the damaged seed). */
  motionOnPlainGet: boolean;
  snapshot: Buffer | string;
  noAlarmIo: boolean;
  override: ((r: GsRecorded) => { status?: number; body: string | Buffer } | undefined) | undefined;
}

let fx: GsFixture | undefined;
let driver: GrandstreamCameraDriver | undefined;

afterEach(async () => {
  await driver?.close();
  await fx?.close();
  driver = undefined;
  fx = undefined;
});

const AUTH = (pw: string): string => 'Basic ' + Buffer.from(`admin:${pw}`).toString('base64');

async function fakeCamera(patch: Partial<FakeCamera> = {}): Promise<{ cam: FakeCamera; fx: GsFixture }> {
  const cam: FakeCamera = { model: 'GXV3610_HD', password: 'cam!pw', motion: false, motionOnPlainGet: false, snapshot: makeJpeg(90), noAlarmIo: false, override: undefined, ...patch };
  fx = await startGsFixture((r, res) => {
    if (r.headers.authorization !== AUTH(cam.password)) return send(res, 401, '401 Unauthorized\r\n');
    const o = cam.override?.(r);
    if (o) return send(res, o.status ?? 200, o.body);
    const cmd = r.query.get('cmd');
    const kv = (lines: [string, string | number][]): void => send(res, 200, lines.map(([k, v]) => `${k}=${v}\r\n`).join(''));
    switch (r.path) {
      case '/snapshot/view0.jpg':
      case '/snapshot/view4.jpg':
        return send(res, 200, r.path.endsWith('view4.jpg') && Buffer.isBuffer(cam.snapshot) ? makeJpeg(20) : cam.snapshot, 'image/jpeg');
      case '/goform/systeminfo':
        return kv([
          ['productmode', cam.model],
          ['firmwareversion', '1.0.4.10'],
          ['mac', '000B82A1B2C3'],
        ]);
      case '/goform/motiondetect':
        if (cmd === 'get_md_statu' && !cam.motionOnPlainGet) return kv([['md_alarm_statu', cam.motion ? 1 : 0]]);
        if (cmd === 'get_md_statu') return send(res, 200, 'cmd Invalid\r\n');
        if (cmd === 'get') return kv([['md_channel_index', 0], ['md_upload_to_alarm_server', 0], ...(cam.motionOnPlainGet ? [['md_alarm_statu', cam.motion ? 1 : 0] as [string, number]] : [])]);
        return send(res, 200, 'Successful\r\n');
      case '/goform/device':
        if (cam.noAlarmIo) return send(res, 404, '404 Not Found\r\n');
        return kv([
          ['devicename', 'Door'],
          ['alarmin_type', 1],
          ['alarmout_type', 0],
          ['alarmin_status', 0],
          ['alarmout_status', 0],
        ]);
      case '/goform/alarmio':
        if (cmd === 'get') return kv([['alarmin_count', 1], ['alarmin_index', 0], ['event_upload_to_alarm_server', 0]]);
        return send(res, 200, 'Successful\r\n');
      case '/goform/event_server':
      case '/goform/ptz':
      case '/goform/maintenance':
        return send(res, 200, cmd === 'set' ? 'Successful\r\n' : 'cmd Invalid\r\n');
      default:
        return send(res, 404, '404 Not Found\r\n');
    }
  });
  return { cam, fx };
}

/** The seed 002 family, pinned: these tests count the requests of HTTP Basic (detection is tested with the GSC36xx family). */
function config(url: string, patch: Partial<DriverConfig> = {}): DriverConfig {
  return { device: 'Entrance camera', kind: 'grandstream-camera', url, username: 'admin', password: 'cam!pw', timeoutMs: 2000, family: 'gxv-basic', ...patch };
}

describe('Grandstream camera driver', () => {
  it('probes systeminfo with a Basic header it builds itself, at a root or /goform URL', async () => {
    const { fx } = await fakeCamera();
    driver = createGrandstreamCameraDriver(config(`${fx.url}/goform`));
    const p = await driver.probe();
    expect(p).toEqual({ kind: 'grandstream-camera', model: 'GXV3610_HD', firmware: '1.0.4.10', mac: '00:0B:82:A1:B2:C3', capabilities: ['snapshot', 'motion', 'alarmPush', 'reboot'], family: 'gxv-basic' });
    expect(fx.requests[0]?.path).toBe('/goform/systeminfo');
    expect(fx.requests[0]?.query.get('cmd')).toBe('get');
    expect(fx.requests[0]?.headers.authorization).toBe(AUTH('cam!pw'));
  });

  it('adds ptz for the GXV3504 and maps actions to ptzcontrol codes', async () => {
    const { fx } = await fakeCamera({ model: 'GXV3504' });
    driver = createGrandstreamCameraDriver(config(fx.url));
    await driver.ptz('zoom-in', 40);
    expect(driver.capabilities.has('ptz')).toBe(true);
    await driver.ptz('stop-auto-pan');
    const sets = fx.requests.filter((r) => r.path === '/goform/ptz');
    expect(sets.map((r) => [r.query.get('cmd'), r.query.get('ptzcontrol'), r.query.get('ptzparam')])).toEqual([
      ['set', '9', '40'],
      ['set', '19', '31'],
    ]);
    await expect(driver.ptz('up', 300)).rejects.toBeInstanceOf(RangeError);
  });

  it('refuses ptz on a camera model without it, without sending a PTZ command', async () => {
    const { fx } = await fakeCamera();
    driver = createGrandstreamCameraDriver(config(fx.url));
    await expect(driver.ptz('left')).rejects.toBeInstanceOf(UnsupportedOperationError);
    expect(fx.count('/goform/ptz')).toBe(0);
  });

  it('never retries a rejected password (401): later calls fail the same way without traffic', async () => {
    const { fx } = await fakeCamera({ password: 'changed' });
    driver = createGrandstreamCameraDriver(config(fx.url));
    const e = await driver.probe().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AuthError);
    expect((e as AuthError).message).toMatch(/Entrance camera/);
    expect((e as AuthError).endpoint).toBe('/goform/systeminfo');
    await expect(driver.snapshot()).rejects.toBe(e);
    await expect(driver.motion()).rejects.toBe(e);
    expect(fx.requests).toHaveLength(1);
  });

  it('returns snapshots of both streams as checked JPEGs', async () => {
    const { fx } = await fakeCamera();
    driver = createGrandstreamCameraDriver(config(fx.url));
    const a = await driver.snapshot();
    const b = await driver.snapshot('secondary');
    expect(a.contentType).toBe('image/jpeg');
    expect([a.bytes[0], a.bytes[1]]).toEqual([0xff, 0xd8]);
    expect(jpeg.decode(a.bytes, { useTArray: true }).width).toBe(8);
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(false);
    expect(Number.isNaN(Date.parse(a.takenAt))).toBe(false);
    expect(fx.requests.map((r) => r.path)).toEqual(['/snapshot/view0.jpg', '/snapshot/view4.jpg']);
  });

  it('refuses a snapshot that is not a complete JPEG, and maps a status line', async () => {
    const { cam, fx } = await fakeCamera();
    driver = createGrandstreamCameraDriver(config(fx.url));
    cam.snapshot = makeJpeg(50).subarray(0, 100);
    await expect(driver.snapshot()).rejects.toThrow(/did not return a complete JPEG/);
    cam.snapshot = '<html>camera busy</html>';
    await expect(driver.snapshot()).rejects.toBeInstanceOf(ProtocolError);
    cam.snapshot = 'No Privilege\r\n';
    await expect(driver.snapshot()).rejects.toBeInstanceOf(AuthError);
    cam.snapshot = makeJpeg(10);
    await expect(driver.snapshot()).resolves.toMatchObject({ contentType: 'image/jpeg' });
  });

  it('caps a snapshot at 8 MiB', async () => {
    const { cam, fx } = await fakeCamera();
    const big = Buffer.alloc(9 * 1024 * 1024, 0x41);
    big[0] = 0xff;
    big[1] = 0xd8;
    big[big.length - 2] = 0xff;
    big[big.length - 1] = 0xd9;
    cam.snapshot = big;
    driver = createGrandstreamCameraDriver(config(fx.url));
    await expect(driver.snapshot()).rejects.toThrow(/8388608-byte limit/);
  });

  it('reads motion and the alarm inputs', async () => {
    const { cam, fx } = await fakeCamera();
    driver = createGrandstreamCameraDriver(config(fx.url));
    // alarmin type 1 (Normal Close) with status 0 (Open) = alarming.
    expect(await driver.motion()).toEqual({ motion: false, alarmInputs: [true], alarmOutputs: [false], alarmInputStates: [true], alarmOutputStates: [false] });
    cam.motion = true;
    expect((await driver.motion()).motion).toBe(true);
    expect(fx.requests.filter((r) => r.path === '/goform/motiondetect').map((r) => r.query.get('cmd'))).toEqual(['get_md_statu', 'get_md_statu']);
  });

  it('falls back to cmd=get&md_statu for the motion status, remembers it, and tolerates a model without alarm I/O', async () => {
    const { cam, fx } = await fakeCamera({ motionOnPlainGet: true, noAlarmIo: true, motion: true });
    driver = createGrandstreamCameraDriver(config(fx.url));
    expect(await driver.motion()).toEqual({ motion: true, alarmInputs: [], alarmOutputs: [], alarmInputStates: [], alarmOutputStates: [] });
    cam.motion = false;
    expect((await driver.motion()).motion).toBe(false);
    const md = fx.requests.filter((r) => r.path === '/goform/motiondetect');
    expect(md.map((r) => [r.query.get('cmd'), r.query.has('md_statu')])).toEqual([
      ['get_md_statu', false],
      ['get', true],
      ['get', true],
    ]);
  });

  it('never takes the motion settings of a plain get for the status, and tries the learned form first, then the other', async () => {
    const { cam, fx } = await fakeCamera({ motion: true });
    driver = createGrandstreamCameraDriver(config(fx.url));
    expect((await driver.motion()).motion).toBe(true);
    // firmware update: the camera now answers only the other form
    cam.override = (r) => (r.path === '/goform/motiondetect' && r.query.get('cmd') === 'get_md_statu' ? { body: 'cmd Invalid\r\n' } : undefined);
    const e = await driver.motion().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ProtocolError);
    expect((e as Error).message).toMatch(/^Entrance camera: the camera did not report its motion state \(cmd=get_md_statu was refused or unreadable; cmd=get&md_statu answered no md_alarm_statu\)/);
    cam.motionOnPlainGet = true;
    expect((await driver.motion()).motion).toBe(true);
  });

  it('an empty or unknown md_alarm_statu is not "no motion": the other form is asked', async () => {
    for (const bad of ['', 'x']) {
      const { cam, fx: f } = await fakeCamera({ motion: true, motionOnPlainGet: true });
      driver = createGrandstreamCameraDriver(config(f.url));
      cam.override = (r) => (r.path === '/goform/motiondetect' && r.query.get('cmd') === 'get_md_statu' ? { body: `md_alarm_statu=${bad}\r\n` } : undefined);
      expect((await driver.motion()).motion, JSON.stringify(bad)).toBe(true);
      await driver.close();
      await f.close();
    }
  });

  it('keeps the motion flag when the alarm I/O answer is empty, unknown or unreadable', async () => {
    const { cam, fx } = await fakeCamera({ motion: true });
    driver = createGrandstreamCameraDriver(config(fx.url));
    const cases: [string, unknown][] = [
      ['alarmin_type=0\r\nalarmin_status=\r\nalarmout_type=0\r\nalarmout_status=1\r\n', { alarmInputs: [], alarmInputStates: [null], alarmOutputs: [true], alarmOutputStates: [true] }],
      ['channel=0\r\nalarmin_status=2\r\nchannel=1\r\nalarmin_status=1\r\n', { alarmInputs: [false, true], alarmInputStates: [null, true] }],
      ['alarmin_type=\r\nalarmin_status=1\r\n', { alarmInputs: [], alarmInputStates: [null] }],
      ['<html>oops</html>', { alarmInputs: [], alarmInputStates: [] }],
    ];
    for (const [body, io] of cases) {
      cam.override = (r) => (r.path === '/goform/device' ? { body } : undefined);
      expect(await driver.motion(), body).toMatchObject({ motion: true, ...(io as object) });
    }
  });

  it('maps the status lines and HTTP codes of seed 002 to typed errors', async () => {
    const { cam, fx } = await fakeCamera();
    driver = createGrandstreamCameraDriver(config(fx.url));
    const cases: [number, string, (e: unknown) => void][] = [
      [200, 'No Privilege\r\n', (e) => expect(e).toBeInstanceOf(AuthError)],
      [200, 'restart Invalid\r\n', (e) => expect(e).toMatchObject({ kind: 'device-rejected', code: 'invalid' })],
      [200, 'restart Missing\r\n', (e) => expect(e).toMatchObject({ kind: 'device-rejected', code: 'missing' })],
      [200, 'restart=yes\r\n', (e) => expect(e).toBeInstanceOf(ProtocolError)],
      [200, '', (e) => expect(e).toBeInstanceOf(ProtocolError)],
      [400, 'Bad Request', (e) => expect(e).toMatchObject({ kind: 'device-rejected', code: '400' })],
      [404, 'Not Found', (e) => expect(e).toMatchObject({ kind: 'device-rejected', code: '404' })],
      [503, 'Service Unavailable', (e) => expect(e).toMatchObject({ kind: 'device-rejected', code: '503' })],
      [500, 'oops', (e) => expect(e).toBeInstanceOf(ProtocolError)],
    ];
    for (const [status, body, check] of cases) {
      cam.override = (r) => (r.path === '/goform/maintenance' ? { status, body } : undefined);
      const e = await driver.reboot().catch((x: unknown) => x);
      check(e);
      expect((e as { endpoint?: string }).endpoint).toBe('/goform/maintenance');
      expect((e as Error).message).toMatch(/Entrance camera/);
    }
    cam.override = undefined;
    await expect(driver.reboot()).resolves.toBeUndefined();
    const last = fx.requests.at(-1);
    expect([last?.query.get('cmd'), last?.query.get('restart')]).toEqual(['set', 'yes']);
    // Status lines and 404 do not latch: the driver still works.
    await expect(driver.probe()).resolves.toMatchObject({ model: 'GXV3610_HD' });
  });

  it('refuses unreadable get answers as ProtocolError', async () => {
    const { cam, fx } = await fakeCamera();
    driver = createGrandstreamCameraDriver(config(fx.url));
    cam.override = (r) => (r.path === '/goform/systeminfo' ? { body: '{"respo<<nse": garbage ]]>' } : undefined);
    await expect(driver.probe()).rejects.toBeInstanceOf(ProtocolError);
    cam.override = (r) => (r.path === '/goform/systeminfo' ? { body: 'ddnsstate=0\r\n' } : undefined);
    await expect(driver.probe()).rejects.toThrow(/productmode/);
    expect(fx.count('/goform/systeminfo')).toBe(2);
  });

  it('registers the alarm push URL and switches on the uploads', async () => {
    const { fx } = await fakeCamera();
    driver = createGrandstreamCameraDriver(config(fx.url));
    await driver.registerAlarmPush('http://127.0.0.1:9999/alarm?cam=1');
    const es = fx.requests.find((r) => r.path === '/goform/event_server');
    expect(es?.query.get('cmd')).toBe('set');
    expect(es?.query.get('server_url')).toBe('http://127.0.0.1:9999/alarm?cam=1');
    const sets = fx.requests.filter((r) => r.query.get('cmd') === 'set').map((r) => [r.path, [...r.query.keys()].filter((k) => k !== 'cmd').join(',')]);
    expect(sets).toEqual([
      ['/goform/event_server', 'server_name,server_url'],
      ['/goform/motiondetect', 'md_upload_to_alarm_server'],
      ['/goform/alarmio', 'event_upload_to_alarm_server'],
    ]);
    await expect(driver.registerAlarmPush('ftp://x')).rejects.toBeInstanceOf(RangeError);
    await expect(driver.registerAlarmPush('http://u:p@x/')).rejects.toBeInstanceOf(RangeError);
  });

  it('reports a device rejection of the push server', async () => {
    const { cam, fx } = await fakeCamera();
    cam.override = (r) => (r.path === '/goform/event_server' ? { body: 'server_url Invalid\r\n' } : undefined);
    driver = createGrandstreamCameraDriver(config(fx.url));
    const e = await driver.registerAlarmPush('http://127.0.0.1:1/x').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DeviceRejectedError);
    expect((e as Error).message).toMatch(/server_url/);
  });
});
