import { createServer, get as httpGet, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import jpeg from 'jpeg-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GrandstreamCameraSim, MJPEG_BOUNDARY, type PushRecord } from '../../sim/grandstream-camera';
import { serveDevice, type ServedDevice } from '../../sim/lib/server';

const AUTH = `Basic ${Buffer.from('admin:pw').toString('base64')}`;

let cam: GrandstreamCameraSim;
let served: ServedDevice;

beforeAll(async () => {
  cam = new GrandstreamCameraSim({ id: 'cam-media', name: 'Portineria', password: 'pw', mac: '000B82AABBCC', streamFps: 10 });
  served = await serveDevice(cam);
});
afterAll(async () => {
  await served.close();
});

async function fetchBytes(path: string, headers: Record<string, string> = { Authorization: AUTH }): Promise<{ status: number; type: string | null; body: Buffer }> {
  const r = await fetch(`${served.url}${path}`, { headers });
  return { status: r.status, type: r.headers.get('content-type'), body: Buffer.from(await r.arrayBuffer()) };
}

async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const stateOf = (c: GrandstreamCameraSim): { frame: number; streams: number; pushes: PushRecord[]; channelStates: { alarmOut: { active: boolean } }[] } =>
  c.state() as { frame: number; streams: number; pushes: PushRecord[]; channelStates: { alarmOut: { active: boolean } }[] };

describe('snapshots', () => {
  it('serves decodable JPEGs of the primary (view0) and secondary (view4) streams', async () => {
    const a = await fetchBytes('/snapshot/view0.jpg');
    expect(a.status).toBe(200);
    expect(a.type).toBe('image/jpeg');
    expect(a.body.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    const img = jpeg.decode(a.body, { useTArray: true });
    expect([img.width, img.height]).toEqual([320, 180]);
    const s = jpeg.decode((await fetchBytes('/snapshot/view4.jpg?t=1')).body, { useTArray: true });
    expect([s.width, s.height]).toEqual([160, 90]);
  });

  it('gives a fresh frame on every fetch', async () => {
    const before = stateOf(cam).frame;
    const a = jpeg.decode((await fetchBytes('/snapshot/view0.jpg')).body, { useTArray: true });
    const b = jpeg.decode((await fetchBytes('/snapshot/view0.jpg')).body, { useTArray: true });
    expect(Buffer.from(a.data).equals(Buffer.from(b.data))).toBe(false);
    expect(stateOf(cam).frame).toBe(before + 2);
  });

  it('answers 404 for views a single-channel camera does not have (view1 is not the secondary stream)', async () => {
    for (const v of ['view1.jpg', 'view2.jpg', 'view5.jpg', 'view8.jpg', 'view0.png']) {
      expect((await fetchBytes(`/snapshot/${v}`)).status, v).toBe(404);
    }
    expect((await fetchBytes('/snapshot/view0.jpg', {})).status).toBe(401);
  });
});

/** Read `parts` JPEG parts from the MJPEG stream, then abort the request. */
function readMjpeg(path: string, parts: number): Promise<{ contentType: string; frames: Buffer[] }> {
  return new Promise((resolve, reject) => {
    let buf = Buffer.alloc(0);
    const frames: Buffer[] = [];
    const req = httpGet(`${served.url}${path}`, { headers: { Authorization: AUTH } }, (res) => {
      const contentType = res.headers['content-type'] ?? '';
      res.on('data', (chunk: Buffer) => {
        buf = Buffer.concat([buf, chunk]);
        for (;;) {
          const start = buf.indexOf(`--${MJPEG_BOUNDARY}\r\n`);
          const headEnd = buf.indexOf('\r\n\r\n', start);
          if (start < 0 || headEnd < 0) break;
          const head = buf.subarray(start, headEnd).toString('latin1');
          const len = Number(/Content-Length: (\d+)/i.exec(head)?.[1] ?? NaN);
          expect(head).toMatch(/Content-Type: image\/jpeg/i);
          if (buf.length < headEnd + 4 + len) break;
          frames.push(Buffer.from(buf.subarray(headEnd + 4, headEnd + 4 + len)));
          buf = buf.subarray(headEnd + 4 + len);
        }
        if (frames.length >= parts) {
          req.destroy();
          resolve({ contentType, frames });
        }
      });
      res.on('error', () => undefined);
    });
    req.on('error', (e) => {
      if (frames.length < parts) reject(e);
    });
  });
}

describe('MJPEG stream (/goform/stream)', () => {
  it('streams fresh decodable frames until the client disconnects', async () => {
    const { contentType, frames } = await readMjpeg('/goform/stream?cmd=get&channel=0', 3);
    expect(contentType).toBe(`multipart/x-mixed-replace; boundary=${MJPEG_BOUNDARY}`);
    const decoded = frames.map((f) => jpeg.decode(f, { useTArray: true }));
    for (const d of decoded) expect([d.width, d.height]).toEqual([320, 180]);
    expect(Buffer.from(decoded[0]!.data).equals(Buffer.from(decoded[2]!.data))).toBe(false);
    await until(() => stateOf(cam).streams === 0, 'the stream to stop after the client left');
  });

  it('streams the secondary stream on channel=4 and validates the request', async () => {
    const { frames } = await readMjpeg('/goform/stream?cmd=get&channel=4', 2);
    expect(jpeg.decode(frames[1]!, { useTArray: true }).width).toBe(160);
    const missing = await fetch(`${served.url}/goform/stream?channel=0`, { headers: { Authorization: AUTH } });
    expect(await missing.text()).toBe('cmd Missing\r\n');
    const badCh = await fetch(`${served.url}/goform/stream?cmd=get&channel=1`, { headers: { Authorization: AUTH } });
    expect(await badCh.text()).toBe('channel Invalid\r\n');
    const noAuth = await fetch(`${served.url}/goform/stream?cmd=get&channel=0`);
    expect(noAuth.status).toBe(401);
    await noAuth.text();
    await until(() => stateOf(cam).streams === 0, 'streams to stop');
  });

  it('works only while the stream codec is MJPEG (503 under H.264)', async () => {
    const set = await fetch(`${served.url}/goform/audio_video?cmd=set&video_primary_encoder=96`, { headers: { Authorization: AUTH } });
    expect(await set.text()).toBe('Successful\r\n');
    try {
      const r = await fetch(`${served.url}/goform/stream?cmd=get&channel=0`, { headers: { Authorization: AUTH } });
      expect(r.status).toBe(503);
      await r.text();
      expect((await fetchBytes('/snapshot/view0.jpg')).status).toBe(200);
    } finally {
      await fetch(`${served.url}/goform/audio_video?cmd=set&video_primary_encoder=26`, { headers: { Authorization: AUTH } }).then((r) => r.text());
    }
  });
});

describe('event_server push', () => {
  let hook: Server;
  let hookUrl: string;
  const hits: { url: string; headers: IncomingHttpHeaders; method: string }[] = [];

  beforeAll(async () => {
    hook = createServer((req, res) => {
      hits.push({ url: req.url ?? '', headers: req.headers, method: req.method ?? '' });
      res.end('ok');
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((r) => hook.close(() => r()));
  });

  const goform = async (q: string): Promise<string> => (await fetch(`${served.url}/goform/${q}`, { headers: { Authorization: AUTH } })).text();

  it('does not push while "upload to HTTP alarm server" is off (the default)', async () => {
    const quiet = new GrandstreamCameraSim({ id: 'quiet', name: 'Quiet', password: 'pw' });
    const s = await serveDevice(quiet);
    try {
      const r = await fetch(`${s.url}/goform/event_server?cmd=set&server_name=fd&server_url=${encodeURIComponent(`${hookUrl}/off`)}`, { headers: { Authorization: AUTH } });
      expect(await r.text()).toBe('Successful\r\n');
      quiet.setMotion(true);
      quiet.setAlarmInput(0, true);
      await quiet.flushPushes();
      expect(hits).toHaveLength(0);
      expect(stateOf(quiet).pushes).toHaveLength(0);
    } finally {
      await s.close();
    }
  });

  it('pushes a GET to server_url when motion starts, with Basic auth, once per retrigger interval', async () => {
    expect(await goform(`event_server?cmd=set&server_url=${encodeURIComponent(`${hookUrl}/hook?src=cam`)}&server_username=fd&server_user_password=pw2`)).toBe('Successful\r\n');
    expect(await goform('motiondetect?cmd=set&md_upload_to_alarm_server=1&md_retrigger_interval=60')).toBe('Successful\r\n');
    cam.setMotion(true);
    cam.setMotion(true); // still the same motion: no new event
    await cam.flushPushes();
    expect(hits).toHaveLength(1);
    const u = new URL(hits[0]!.url, 'http://x');
    expect(hits[0]!.method).toBe('GET');
    expect(u.pathname).toBe('/hook');
    expect(u.searchParams.get('src')).toBe('cam');
    expect(u.searchParams.get('event')).toBe('motion');
    expect(u.searchParams.get('channel')).toBe('0');
    expect(u.searchParams.get('mac')).toBe('000B82AABBCC');
    expect(u.searchParams.get('devicename')).toBe('Portineria');
    expect(hits[0]!.headers.authorization).toBe(`Basic ${Buffer.from('fd:pw2').toString('base64')}`);
    cam.setMotion(false);
    cam.setMotion(true); // within md_retrigger_interval
    await cam.flushPushes();
    expect(hits).toHaveLength(1);
    cam.setMotion(false);
    expect(stateOf(cam).pushes.at(-1)).toMatchObject({ event: 'motion', status: 200 });
  });

  it('pushes alarm inputs when event_upload_to_alarm_server is on, and drives the linked output', async () => {
    hits.length = 0;
    expect(await goform('alarmio?cmd=set&alarmin_index=0&event_upload_to_alarm_server=1&event_alarmout_enable=1')).toBe('Successful\r\n');
    expect(await goform('alarmio?cmd=set&alarmin_index=1&event_upload_to_alarm_server=1')).toBe('alarmin_index Invalid\r\n');
    cam.setAlarmInput(0, true);
    await cam.flushPushes();
    expect(hits).toHaveLength(1);
    const u = new URL(hits[0]!.url, 'http://x');
    expect(u.searchParams.get('event')).toBe('alarmin');
    expect(u.searchParams.get('index')).toBe('0');
    expect(stateOf(cam).channelStates[0]!.alarmOut.active).toBe(true);
    cam.setAlarmInput(0, false);
    await goform('device?cmd=set&alarmout_status=0');
  });

  it('fills ${…} placeholders in the URL', async () => {
    hits.length = 0;
    await goform('motiondetect?cmd=set&md_retrigger_interval=1');
    const c2 = new GrandstreamCameraSim({ id: 'c2', name: 'Garage', password: 'pw', mac: '00:0b:82:00:00:01', alarmServerUpload: true });
    const s2 = await serveDevice(c2);
    try {
      const url = `${hookUrl}/t/\${MAC}?m=\${WARNING_MSG}&c=\${CHANNEL}`;
      const r = await fetch(`${s2.url}/goform/event_server?cmd=set&server_url=${encodeURIComponent(url)}`, { headers: { Authorization: AUTH } });
      expect(await r.text()).toBe('Successful\r\n');
      c2.setMotion(true);
      await c2.flushPushes();
      expect(hits).toHaveLength(1);
      const u = new URL(hits[0]!.url, 'http://x');
      expect(u.pathname).toBe('/t/000B82000001');
      expect(u.searchParams.get('m')).toBe('Motion Detection Alarm');
      expect(u.searchParams.get('c')).toBe('0');
    } finally {
      await s2.close();
    }
  });

  it('swallows an unreachable server', async () => {
    const c3 = new GrandstreamCameraSim({ id: 'c3', name: 'Retro', password: 'pw', alarmServerUpload: true });
    const s3 = await serveDevice(c3);
    try {
      const dead = createServer();
      await new Promise<void>((r) => dead.listen(0, '127.0.0.1', r));
      const port = (dead.address() as AddressInfo).port;
      await new Promise<void>((r) => dead.close(() => r()));
      const r = await fetch(`${s3.url}/goform/event_server?cmd=set&server_url=127.0.0.1:${port}/x`, { headers: { Authorization: AUTH } });
      expect(await r.text()).toBe('Successful\r\n');
      c3.setMotion(true);
      await c3.flushPushes();
      const p = stateOf(c3).pushes;
      expect(p).toHaveLength(1);
      expect(p[0]!.status).toBeNull();
      expect(p[0]!.error).toBeTruthy();
    } finally {
      await s3.close();
    }
  });
});
