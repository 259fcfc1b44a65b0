import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GrandstreamCameraSim, isMdStatusQuery } from '../../sim/grandstream-camera';
import { serveDevice, type ServedDevice } from '../../sim/lib/server';

const basic = (u: string, p: string): string => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;
const ADMIN = basic('admin', 'Cam!pass1');

interface Res {
  status: number;
  text: string;
  headers: Headers;
}

async function get(base: string, path: string, auth: string | null = ADMIN): Promise<Res> {
  const headers: Record<string, string> = {};
  if (auth) headers['Authorization'] = auth;
  const r = await fetch(`${base}${path}`, { headers });
  return { status: r.status, text: await r.text(), headers: r.headers };
}

async function post(base: string, path: string, body: string, auth = ADMIN): Promise<Res> {
  const r = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { Authorization: auth, 'Content-Type': 'application/x-www-form-urlencoded' },
    body,
  });
  return { status: r.status, text: await r.text(), headers: r.headers };
}

/** `key=value\r\n` lines → ordered pairs. */
function lines(text: string): [string, string][] {
  expect(text.endsWith('\r\n')).toBe(true);
  return text
    .split('\r\n')
    .filter((l) => l !== '')
    .map((l) => {
      const i = l.indexOf('=');
      return [l.slice(0, i), l.slice(i + 1)];
    });
}
const kv = (text: string): Map<string, string> => new Map(lines(text));

let cam: GrandstreamCameraSim;
let served: ServedDevice;
let base: string;

beforeAll(async () => {
  cam = new GrandstreamCameraSim({
    id: 'cam1',
    name: 'Ingresso',
    model: 'GXV3610_HD',
    password: 'Cam!pass1',
    firmware: '1.0.4.10',
    mac: '00:0b:82:1e:a3:2f',
    viewer: { username: 'guard', password: 'look' },
  });
  served = await serveDevice(cam);
  base = served.url;
});
afterAll(async () => {
  await served.close();
});
afterEach(() => {
  served.gate.set(null);
  cam.setMotion(false);
  cam.setAlarmInput(0, false);
});

describe('camera auth (HTTP Basic)', () => {
  it('answers 401 with a Basic challenge without or with wrong credentials', async () => {
    const none = await get(base, '/goform/systeminfo?cmd=get', null);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Basic realm="/);
    expect((await get(base, '/goform/systeminfo?cmd=get', basic('admin', 'wrong'))).status).toBe(401);
    expect((await get(base, '/goform/systeminfo?cmd=get', basic('root', 'Cam!pass1'))).status).toBe(401);
    expect((await get(base, '/snapshot/view0.jpg', null)).status).toBe(401);
    expect((await get(base, '/goform/systeminfo?cmd=get', 'Bearer abc')).status).toBe(401);
  });

  it('gives a non-administrator "No Privilege" on goform but still serves snapshots', async () => {
    const g = basic('guard', 'look');
    const r = await get(base, '/goform/systeminfo?cmd=get', g);
    expect(r.status).toBe(200);
    expect(r.text).toBe('No Privilege\r\n');
    expect((await get(base, '/goform/device?cmd=set&devicename=x', g)).text).toBe('No Privilege\r\n');
    expect((await get(base, '/snapshot/view0.jpg', g)).status).toBe(200);
  });

  it('refuses the stored credentials while auth-expired is applied', async () => {
    expect(served.gate.set({ kind: 'auth-expired' })).toBe(true);
    expect((await get(base, '/goform/systeminfo?cmd=get')).status).toBe(401);
    served.gate.set(null);
    expect((await get(base, '/goform/systeminfo?cmd=get')).status).toBe(200);
    expect(cam.applyFault({ kind: 'license-expired' })).toBe(false);
  });

  it('closes the connection after each answer (HTTP/1.0 device)', async () => {
    const r = await get(base, '/goform/systeminfo?cmd=get');
    expect(r.headers.get('connection')).toBe('close');
  });
});

describe('status lines and HTTP codes (camera-api-notes.md table)', () => {
  it('answers "cmd Missing", "cmd Invalid", 404 for unknown modules and paths, 400 for other methods', async () => {
    expect((await get(base, '/goform/systeminfo')).text).toBe('cmd Missing\r\n');
    const bad = await get(base, '/goform/systeminfo?cmd=explode');
    expect(bad.status).toBe(200);
    expect(bad.text).toBe('cmd Invalid\r\n');
    expect((await get(base, '/goform/nosuchmodule?cmd=get')).status).toBe(404);
    expect((await get(base, '/cgi-bin/api-get_line_status')).status).toBe(404);
    expect((await get(base, '/goform/')).status).toBe(404);
    const put = await fetch(`${base}/goform/systeminfo?cmd=get`, { method: 'PUT', headers: { Authorization: ADMIN } });
    expect(put.status).toBe(400);
    await put.text();
  });

  it('answers "<param> Invalid" for unknown parameters and out-of-range values, and applies nothing', async () => {
    expect((await get(base, '/goform/device?cmd=set&devicename=Hall&colour=red')).text).toBe('colour Invalid\r\n');
    expect((await get(base, '/goform/device?cmd=set&alarm_output_time=7')).text).toBe('alarm_output_time Invalid\r\n');
    expect((await get(base, '/goform/device?cmd=set&alarmin_type=2')).text).toBe('alarmin_type Invalid\r\n');
    expect((await get(base, '/goform/device?cmd=set&alarmin_type=x')).text).toBe('alarmin_type Invalid\r\n');
    expect((await get(base, '/goform/device?cmd=set&channel=1&alarmin_type=1')).text).toBe('channel Invalid\r\n');
    expect(kv((await get(base, '/goform/device?cmd=get')).text).get('devicename')).toBe('Ingresso');
  });
});

describe('systeminfo', () => {
  it('answers the seed fields as key=value lines', async () => {
    const r = await get(base, '/goform/systeminfo?cmd=get');
    expect(r.status).toBe(200);
    const m = kv(r.text);
    expect(m.get('productmode')).toBe('GXV3610_HD');
    expect(m.get('firmwareversion')).toBe('1.0.4.10');
    expect(m.get('mac')).toBe('000B821EA32F');
    for (const k of ['hardwareversion', 'partnumber', 'bootloaderversion', 'coreversion', 'baseversion', 'systemrun', 'ddnsstate', 'ipaddress', 'ircutstatu']) {
      expect(m.has(k), k).toBe(true);
    }
    expect(Number(m.get('systemrun'))).toBeGreaterThanOrEqual(0);
  });

  it('accepts the seed POST form (body "cmd=get\\r\\n")', async () => {
    const r = await post(base, '/goform/systeminfo', 'cmd=get\r\n');
    expect(kv(r.text).get('productmode')).toBe('GXV3610_HD');
  });

  it('sets only devicename', async () => {
    expect((await get(base, '/goform/systeminfo?cmd=set&productmode=X')).text).toBe('productmode Invalid\r\n');
    expect((await get(base, '/goform/systeminfo?cmd=set')).text).toBe('devicename Missing\r\n');
    expect((await post(base, '/goform/systeminfo', 'cmd=set&devicename=Porta%20Nord')).text).toBe('Successful\r\n');
    expect(kv((await get(base, '/goform/device?cmd=get')).text).get('devicename')).toBe('Porta Nord');
    expect((await get(base, '/goform/systeminfo?cmd=set&devicename=Ingresso')).text).toBe('Successful\r\n');
  });
});

describe('device: alarm in/out (seed 002 §19)', () => {
  it('follows the Normal Open / Normal Close table for alarm inputs', async () => {
    const status = async (): Promise<string | undefined> => kv((await get(base, '/goform/device?cmd=get')).text).get('alarmin_status');
    // Normal Open: idle = open (0), alarm = close (1)
    expect(await status()).toBe('0');
    cam.setAlarmInput(0, true);
    expect(await status()).toBe('1');
    cam.setAlarmInput(0, false);
    // Normal Close: idle = close (1), alarm = open (0)
    expect((await get(base, '/goform/device?cmd=set&alarmin_type=1')).text).toBe('Successful\r\n');
    expect(await status()).toBe('1');
    cam.setAlarmInput(0, true);
    expect(await status()).toBe('0');
    cam.setAlarmInput(0, false);
    await get(base, '/goform/device?cmd=set&alarmin_type=0');
  });

  it('keeps alarmin_status read-only, drives the output manually and validates alarm_output_time', async () => {
    expect((await get(base, '/goform/device?cmd=set&alarmin_status=1')).text).toBe('alarmin_status Invalid\r\n');
    expect((await get(base, '/goform/device?cmd=set&alarmout_status=1&alarm_output_time=0')).text).toBe('Successful\r\n');
    let m = kv((await get(base, '/goform/device?cmd=get')).text);
    expect(m.get('alarmout_status')).toBe('1');
    expect(m.get('alarm_output_time')).toBe('0');
    await get(base, '/goform/device?cmd=set&alarmout_status=0');
    m = kv((await get(base, '/goform/device?cmd=get')).text);
    expect(m.get('alarmout_status')).toBe('0');
    expect([...m.keys()]).not.toContain('channel'); // single-channel camera: no separators
  });
});

describe('motiondetect', () => {
  it('answers md_alarm_statu 0/1 for cmd=get_md_statu only (the default "cmd" form)', async () => {
    expect((await get(base, '/goform/motiondetect?cmd=get_md_statu')).text).toBe('md_alarm_statu=0\r\n');
    cam.setMotion(true);
    expect((await get(base, '/goform/motiondetect?cmd=get_md_statu')).text).toBe('md_alarm_statu=1\r\n');
    // the other reading is not a status query on this camera: a plain get answers the settings
    const other = kv((await get(base, '/goform/motiondetect?cmd=get&md_statu=')).text);
    expect(other.has('md_alarm_statu')).toBe(false);
    expect(other.get('md_active_enable')).toBe('1');
    expect((await get(base, '/goform/motiondetect?cmd=get_md_status')).text).toBe('cmd Invalid\r\n');
    cam.setMotion(false);
    expect((await get(base, '/goform/motiondetect?cmd=get_md_statu')).text).toBe('md_alarm_statu=0\r\n');
    expect(isMdStatusQuery('get', () => false)).toBe(false);
    expect(isMdStatusQuery('get', () => true)).toBe(false);
    expect(isMdStatusQuery('get', () => true, 'param')).toBe(true);
    expect(isMdStatusQuery('get_md_statu', () => false, 'param')).toBe(false);
  });

  it('variant motionStatusForm "param": answers cmd=get&md_statu, refuses cmd=get_md_statu as an unknown command', async () => {
    const c = new GrandstreamCameraSim({ id: 'p', name: 'Param', password: 'pw', motionStatusForm: 'param' });
    const s = await serveDevice(c);
    const auth = basic('admin', 'pw');
    try {
      c.setMotion(true);
      expect((await get(s.url, '/goform/motiondetect?cmd=get&md_statu=', auth)).text).toBe('md_alarm_statu=1\r\n');
      expect((await get(s.url, '/goform/motiondetect?cmd=get_md_statu', auth)).text).toBe('cmd Invalid\r\n');
      expect(kv((await get(s.url, '/goform/motiondetect?cmd=get', auth)).text).has('md_alarm_statu')).toBe(false);
    } finally {
      await s.close();
    }
  });

  it('variants alarmInputStatus "empty" and "unknown": alarmin_status reads "" or -1, whatever the input does', async () => {
    for (const [alarmInputStatus, value] of [['empty', ''], ['unknown', '-1']] as const) {
      const c = new GrandstreamCameraSim({ id: 'a', name: 'Alarm', password: 'pw', alarmInputStatus });
      const s = await serveDevice(c);
      try {
        c.setAlarmInput(0, true);
        const m = kv((await get(s.url, '/goform/device?cmd=get', basic('admin', 'pw'))).text);
        expect(m.get('alarmin_status'), alarmInputStatus).toBe(value);
        expect(m.get('alarmin_type')).toBe('0');
        expect(m.get('alarmout_status')).toBe('0');
      } finally {
        await s.close();
      }
    }
  });

  it('reports no alarm while detection is disabled', async () => {
    expect((await get(base, '/goform/motiondetect?cmd=set&md_active_enable=0')).text).toBe('Successful\r\n');
    cam.setMotion(true);
    expect((await get(base, '/goform/motiondetect?cmd=get_md_statu')).text).toBe('md_alarm_statu=0\r\n');
    cam.setMotion(false);
    await get(base, '/goform/motiondetect?cmd=set&md_active_enable=1');
  });

  it('gets and validates the configuration', async () => {
    const m = lines((await get(base, '/goform/motiondetect?cmd=get')).text);
    expect(m[0]).toEqual(['md_channel_count', '1']);
    expect(m.filter(([k]) => k === 'md_regn_index')).toHaveLength(16);
    expect(new Map(m).get('md_upload_to_alarm_server')).toBe('0');
    expect((await get(base, '/goform/motiondetect?cmd=set&md_retrigger_interval=61')).text).toBe('md_retrigger_interval Invalid\r\n');
    expect((await get(base, '/goform/motiondetect?cmd=set&md_regn_sensitivity=10')).text).toBe('md_regn_index Missing\r\n');
    expect((await get(base, '/goform/motiondetect?cmd=set&md_regn_index=3&md_regn_sensitivity=80')).text).toBe('Successful\r\n');
    const after = lines((await get(base, '/goform/motiondetect?cmd=get')).text);
    const i = after.findIndex(([k, v]) => k === 'md_regn_index' && v === '3');
    expect(after[i + 3]).toEqual(['md_regn_sensitivity', '80']);
    expect((await get(base, '/goform/motiondetect?cmd=add')).text).toBe('md_regn_index Missing\r\n');
  });
});

describe('event_server, sip, maintenance, audio_video', () => {
  it('stores the alarm HTTP server and never returns its password', async () => {
    const set = await post(base, '/goform/event_server', 'cmd=set&server_name=frontdesk&server_url=http%3A%2F%2F10.0.0.5%3A8080%2Fhook&server_username=fd&server_user_password=s3cret');
    expect(set.text).toBe('Successful\r\n');
    const m = kv((await get(base, '/goform/event_server?cmd=get')).text);
    expect(m.get('server_name')).toBe('frontdesk');
    expect(m.get('server_url')).toBe('http://10.0.0.5:8080/hook');
    expect(m.get('server_username')).toBe('fd');
    expect(m.has('server_user_password')).toBe(false);
    expect((await get(base, '/goform/event_server?cmd=set&server_url=ftp%3A%2F%2Fx')).text).toBe('server_url Invalid\r\n');
    expect((await get(base, '/goform/event_server?cmd=set&server_url=')).text).toBe('Successful\r\n');
  });

  it('reports SIP registeredstate and refuses to set it', async () => {
    expect(kv((await get(base, '/goform/sip?cmd=get')).text).get('registeredstate')).toBe('0');
    expect((await get(base, '/goform/sip?cmd=set&registeredstate=1')).text).toBe('registeredstate Invalid\r\n');
    expect((await get(base, '/goform/sip?cmd=set&sipserver=pbx.local&userid=250')).text).toBe('Successful\r\n');
  });

  it('validates maintenance parameters', async () => {
    expect((await get(base, '/goform/maintenance?cmd=set&restart=now')).text).toBe('restart Invalid\r\n');
    expect((await get(base, '/goform/maintenance?cmd=set&upgrade_viatype=9')).text).toBe('upgrade_viatype Invalid\r\n');
    expect(kv((await get(base, '/goform/maintenance?cmd=get')).text).get('upgrade_viatype')).toBe('2');
  });

  it('answers the video codecs per stream', async () => {
    const m = kv((await get(base, '/goform/audio_video?cmd=get')).text);
    expect(m.get('video_primary_encoder')).toBe('26');
    expect((await get(base, '/goform/audio_video?cmd=set&video_primary_encoder=27')).text).toBe('video_primary_encoder Invalid\r\n');
  });
});

describe('ptz', () => {
  it('has no ptz module on a fixed camera (404)', async () => {
    const r = await get(base, '/goform/ptz?cmd=set&ptzcontrol=4&ptzparam=31');
    expect(r.status).toBe(404);
    expect(cam.ptz).toBe(false);
    expect(cam.manifestEntry(base)).toMatchObject({ ptz: false, model: 'GXV3610_HD' });
  });

  it('moves, zooms and keeps presets on a GXV3504, and validates ptzcontrol/ptzparam', async () => {
    const enc = new GrandstreamCameraSim({ id: 'enc', name: 'Encoder', model: 'GXV3504', password: 'pw' });
    const s = await serveDevice(enc);
    const auth = basic('admin', 'pw');
    try {
      const ptzState = (): { pan: number; zoom: number; moving: number; presets: unknown[] } =>
        (enc.state() as { ptzState: { pan: number; zoom: number; moving: number; presets: unknown[] } }).ptzState;
      expect((await get(s.url, '/goform/ptz?cmd=set&ptzcontrol=4&ptzparam=31', auth)).text).toBe('Successful\r\n');
      expect(ptzState().pan).toBeGreaterThan(0);
      expect(ptzState().moving).toBe(4);
      expect((await get(s.url, '/goform/ptz?cmd=set&ptzcontrol=17&ptzparam=5', auth)).text).toBe('Successful\r\n');
      const panAtPreset = ptzState().pan;
      await get(s.url, '/goform/ptz?cmd=set&ptzcontrol=4&ptzparam=63', auth);
      await get(s.url, '/goform/ptz?cmd=set&ptzcontrol=9&ptzparam=40', auth);
      expect(ptzState().zoom).toBeGreaterThan(0);
      await get(s.url, '/goform/ptz?cmd=set&ptzcontrol=0&ptzparam=0', auth);
      expect(ptzState().moving).toBe(0);
      await get(s.url, '/goform/ptz?cmd=set&ptzcontrol=15&ptzparam=5', auth);
      expect(ptzState().pan).toBe(panAtPreset);
      expect((await get(s.url, '/goform/ptz?cmd=set&ptzcontrol=4', auth)).text).toBe('ptzparam Missing\r\n');
      expect((await get(s.url, '/goform/ptz?cmd=set&ptzparam=4', auth)).text).toBe('ptzcontrol Missing\r\n');
      expect((await get(s.url, '/goform/ptz?cmd=set&ptzcontrol=20&ptzparam=1', auth)).text).toBe('ptzcontrol Invalid\r\n');
      expect((await get(s.url, '/goform/ptz?cmd=set&ptzcontrol=4&ptzparam=64', auth)).text).toBe('ptzparam Invalid\r\n');
      expect((await get(s.url, '/goform/ptz?cmd=set&ptzcontrol=17&ptzparam=127', auth)).text).toBe('Successful\r\n');
      expect(kv((await get(s.url, '/goform/ptz?cmd=get', auth)).text).get('addressid4')).toBe('3');
      expect(enc.manifestEntry(s.url)).toEqual({ id: 'enc', kind: 'grandstream-camera', name: 'Encoder', url: s.url, username: 'admin', password: 'pw', model: 'GXV3504', ptz: true, family: 'gxv' });
    } finally {
      await s.close();
    }
  });

  it('honours an explicit ptz option', () => {
    expect(new GrandstreamCameraSim({ id: 'd', name: 'Dome', model: 'GXV3672_FHD', password: 'p', ptz: true }).ptz).toBe(true);
    expect(new GrandstreamCameraSim({ id: 'e', name: 'E', model: 'GXV3500', password: 'p', ptz: false }).ptz).toBe(false);
    expect(() => new GrandstreamCameraSim({ id: 'f', name: 'F', password: 'p', mac: 'nope' })).toThrow(/MAC/);
  });
});

describe('4-channel encoder (GXV3504)', () => {
  it('separates channels with channel=N lines and validates the channel', async () => {
    const enc = new GrandstreamCameraSim({ id: 'enc4', name: 'Encoder', model: 'GXV3504', password: 'pw' });
    const s = await serveDevice(enc);
    const auth = basic('admin', 'pw');
    try {
      const all = lines((await get(s.url, '/goform/device?cmd=get', auth)).text);
      expect(all.filter(([k]) => k === 'channel').map(([, v]) => v)).toEqual(['0', '1', '2', '3']);
      enc.setAlarmInput(2, true);
      const one = kv((await get(s.url, '/goform/device?cmd=get&channel=2', auth)).text);
      expect(one.get('channel')).toBe('2');
      expect(one.get('alarmin_status')).toBe('1');
      expect((await get(s.url, '/goform/device?cmd=get&channel=4', auth)).text).toBe('channel Invalid\r\n');
      enc.setMotion(true, 3);
      const md = lines((await get(s.url, '/goform/motiondetect?cmd=get_md_statu', auth)).text);
      expect(md).toEqual([
        ['channel', '0'], ['md_alarm_statu', '0'],
        ['channel', '1'], ['md_alarm_statu', '0'],
        ['channel', '2'], ['md_alarm_statu', '0'],
        ['channel', '3'], ['md_alarm_statu', '1'],
      ]);
      expect((await get(s.url, '/snapshot/view7.jpg', auth)).status).toBe(200);
      expect((await get(s.url, '/snapshot/view8.jpg', auth)).status).toBe(404);
    } finally {
      await s.close();
    }
  });
});

describe('maintenance restart', () => {
  it('answers Successful, drops off the network for rebootMs, then comes back with a fresh uptime', async () => {
    const c = new GrandstreamCameraSim({ id: 'rb', name: 'Reboot', password: 'pw', rebootMs: 400 });
    const s = await serveDevice(c);
    const auth = basic('admin', 'pw');
    try {
      c.setMotion(true);
      expect((await get(s.url, '/goform/maintenance?cmd=set&restart=yes', auth)).text).toBe('Successful\r\n');
      await expect(get(s.url, '/goform/systeminfo?cmd=get', auth)).rejects.toThrow();
      expect((c.state() as { online: boolean }).online).toBe(false);
      let up: Res | null = null;
      for (let i = 0; i < 50 && !up; i++) {
        await new Promise((r) => setTimeout(r, 50));
        up = await get(s.url, '/goform/systeminfo?cmd=get', auth).catch(() => null);
      }
      expect(up?.status).toBe(200);
      expect((c.state() as { reboots: number }).reboots).toBe(1);
      expect((await get(s.url, '/goform/motiondetect?cmd=get_md_statu', auth)).text).toBe('md_alarm_statu=0\r\n');
    } finally {
      await s.close();
    }
  });
});
