/**
 * Simulator of a Grandstream GXV35xx/36xx IP camera or GXV3500/3504 encoder, HTTP API v1.0.0.54
 * (seed 002, read with camera-api-notes.md and field-notes.md): HTTP Basic auth, `goform/<module>`
 * with `cmd=get|set|…` in the query or a form body, `key=value\r\n` answers and the seed's status
 * lines, real JPEG snapshots, an MJPEG stream, motion/alarm status and the event_server push.
 */
import type { ServerResponse } from 'node:http';
import { send } from '../lib/server';
import type { CameraControl, Fault, ManifestDevice, SimDevice, SimRequestContext } from '../lib/types';
import { CameraCore } from './core';
import { GscApi, type GscReply } from './gsc';
import { alarmio, device, motiondetect } from './modules-alarm';
import { audioVideo, eventServer, maintenance, ptz, sip, systeminfo } from './modules-system';
import type { ModuleHandler } from './module-util';
import { resolveCameraOptions, type CameraSimOptions, type ResolvedCameraOptions } from './options';
import { invalid, missing, noPrivilege, notFound, Params, unavailable, type Reply } from './reply';
import { MjpegStreams } from './stream';

export type { AlarmInputStatusStyle, CameraFamilySim, CameraSimOptions, MotionStatusForm, ResolvedCameraOptions, VideoCodec } from './options';
export { PTZ_MODELS } from './options';
export type { PushRecord } from './push';
export { MJPEG_BOUNDARY } from './stream';
export { isMdStatusQuery } from './modules-alarm';
export { GSC_AUTH_SALT } from './gsc';

const MODULES: Readonly<Record<string, ModuleHandler>> = {
  systeminfo,
  device,
  alarmio,
  motiondetect,
  event_server: eventServer,
  ptz,
  maintenance,
  sip,
  audio_video: audioVideo,
};

type Access = 'admin' | 'viewer' | null;

export class GrandstreamCameraSim implements SimDevice, CameraControl {
  readonly kind = 'grandstream-camera' as const;
  readonly id: string;
  readonly name: string;
  private readonly core: CameraCore;
  private readonly streams: MjpegStreams;
  /** The GSC36xx login and XML settings, when `family` is 'gsc36xx'. */
  private readonly gsc: GscApi | undefined;
  private authExpired = false;
  /** The `bad-snapshot` fault: snapshots answer a body that is not a JPEG. */
  private badSnapshot = false;
  private requests = 0;

  constructor(opts: CameraSimOptions) {
    const o = resolveCameraOptions(opts);
    this.id = o.id;
    this.name = o.name;
    this.core = new CameraCore(o);
    this.streams = new MjpegStreams(this.core);
    this.gsc = o.family === 'gsc36xx' ? new GscApi(this.core) : undefined;
    this.core.onReboot = () => {
      this.streams.stopAll();
      this.gsc?.invalidate();
    };
  }

  get options(): Readonly<ResolvedCameraOptions> {
    return this.core.opts;
  }

  get model(): string {
    return this.core.opts.model;
  }

  get ptz(): boolean {
    return this.core.opts.ptz;
  }

  // ---- CameraControl ---------------------------------------------------------------------------

  /** Motion on `channel` (default 0). Fires the event_server push when it starts and uploads are on. */
  setMotion(active: boolean, channel = 0): void {
    this.core.setMotion(active, channel);
  }

  /** Alarm input `index` (0-based; one per channel). */
  setAlarmInput(index: number, alarming: boolean): void {
    this.core.setAlarmInput(index, alarming);
  }

  /** Wait for the event_server pushes started so far. */
  flushPushes(): Promise<void> {
    return this.core.flushPushes();
  }

  // ---- SimDevice -------------------------------------------------------------------------------

  manifestEntry(rootUrl: string): ManifestDevice {
    const o = this.core.opts;
    return { id: this.id, kind: this.kind, name: this.name, url: rootUrl, username: o.username, password: o.password, model: o.model, ptz: o.ptz, family: o.family };
  }

  state(): unknown {
    const c = this.core;
    const o = c.opts;
    return {
      kind: this.kind,
      id: this.id,
      family: o.family,
      model: o.model,
      firmware: o.firmware,
      mac: o.mac,
      channels: o.channels,
      ptz: o.ptz,
      online: c.online(),
      reboots: c.reboots,
      uptime: c.uptime(),
      devicename: c.devicename,
      frame: c.frame,
      requests: this.requests,
      streams: this.streams.count,
      authExpired: this.authExpired,
      alarmOutputTime: c.alarmOutputTime,
      channelStates: c.channels.map((ch, i) => ({
        channel: i,
        motion: c.motionDetected(ch),
        mdEnable: ch.mdEnable,
        mdUploadToAlarmServer: ch.mdUpload,
        alarmIn: { type: ch.alarmInType, status: c.alarmInStatus(ch), alarming: ch.alarmInAlarming },
        alarmOut: { type: ch.alarmOutType, status: c.alarmOutStatus(ch), active: c.alarmOutIsActive(ch) },
        eventUploadToAlarmServer: ch.eventUpload,
        codecs: { primary: ch.primaryCodec, secondary: ch.secondaryCodec },
      })),
      eventServer: { name: c.eventServer.name, url: c.eventServer.url, username: c.eventServer.username },
      ptzState: o.ptz
        ? {
            pan: c.ptz.pan,
            tilt: c.ptz.tilt,
            zoom: c.ptz.zoom,
            focus: c.ptz.focus,
            iris: c.ptz.iris,
            moving: c.ptz.moving,
            speed: c.ptz.speed,
            autoPan: c.ptz.autoPan,
            commands: c.ptz.commands,
            presets: [...c.ptz.presets].map(([n, p]) => ({ preset: n, ...p })),
          }
        : null,
      sipRegistered: c.sip.registered,
      pushes: [...c.pushes],
      ...(this.gsc ? { gsc: { sessions: this.gsc.sessionCount, config: this.gsc.snapshot() } } : {}),
    };
  }

  /** `auth-expired`: the stored credentials stop working (401) until the fault is cleared; `bad-snapshot`: see handle. */
  applyFault(fault: Fault | null): boolean {
    if (fault === null) {
      this.authExpired = false;
      this.badSnapshot = false;
      return true;
    }
    if (fault.kind === 'bad-snapshot') {
      this.badSnapshot = true;
      return true;
    }
    if (fault.kind === 'auth-expired') {
      // GSC36xx: the camera forgets every session (the credentials still work); GXV: Basic stops working.
      if (this.gsc) this.gsc.invalidate();
      else this.authExpired = true;
      return true;
    }
    return false;
  }

  dispose(): void {
    this.streams.stopAll();
  }

  // ---- HTTP ------------------------------------------------------------------------------------

  private access(header: string | undefined): Access {
    const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
    if (!m?.[1] || this.authExpired) return null;
    const decoded = Buffer.from(m[1], 'base64').toString('utf8');
    const i = decoded.indexOf(':');
    if (i < 0) return null;
    const user = decoded.slice(0, i);
    const pass = decoded.slice(i + 1);
    const o = this.core.opts;
    if (user === o.username && pass === o.password) return 'admin';
    if (o.viewer && user === o.viewer.username && pass === o.viewer.password) return 'viewer';
    return null;
  }

  private reply(res: ServerResponse, r: Reply): void {
    // The device speaks HTTP/1.0: one request per connection.
    send(res, r.status, r.body, 'text/plain', { Connection: 'close' });
  }

  handle(ctx: SimRequestContext): void {
    const { req, res, path } = ctx;
    if (!this.core.online()) {
      req.socket.destroy(); // rebooting: nothing answers
      return;
    }
    this.requests++;
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'POST') {
      this.reply(res, { status: 400, body: '400 Bad Request\r\n' });
      return;
    }
    let access: Access;
    if (this.gsc) {
      const p = new Params(ctx.query, ctx.body, req.headers['content-type']);
      if (path === '/goform/login') return this.gscReply(res, this.gsc.login(p, Date.now()));
      access = this.gsc.access(req.headers.cookie, Date.now());
      if (access && path === '/goform/config') return this.gscReply(res, this.gsc.handleConfig(p, access));
    } else {
      access = this.access(req.headers.authorization);
    }
    if (!access) {
      const challenge: Record<string, string> = this.gsc ? {} : { 'WWW-Authenticate': `Basic realm="${this.core.opts.model}"` };
      send(res, 401, '401 Unauthorized\r\n', 'text/plain', { ...challenge, Connection: 'close' });
      return;
    }
    const snap = /^\/snapshot\/view(\d+)\.jpg$/.exec(path);
    if (snap) {
      const view = Number(snap[1]);
      if (!this.core.viewExists(view)) {
        this.reply(res, notFound());
        return;
      }
      // bad-snapshot: a firmware that answers its login page (or an error text) as "image/jpeg".
      const frame = this.badSnapshot ? Buffer.from('<html><body>Video server is not ready</body></html>\r\n') : this.core.nextFrame(view);
      send(res, 200, frame, 'image/jpeg', { 'Cache-Control': 'no-cache', Connection: 'close' });
      return;
    }
    const form = /^\/goform\/([A-Za-z0-9_]+)$/.exec(path);
    if (!form?.[1]) {
      this.reply(res, notFound());
      return;
    }
    const p = new Params(ctx.query, ctx.body, req.headers['content-type']);
    const module = form[1];
    if (module === 'stream') {
      this.stream(res, p);
      return;
    }
    const handler = Object.hasOwn(MODULES, module) ? MODULES[module] : undefined;
    // No PTZ hardware, no ptz module: an unknown module is "incorrect command format" (404).
    if (!handler || (module === 'ptz' && !this.core.opts.ptz)) {
      this.reply(res, notFound());
      return;
    }
    const cmd = p.get('cmd');
    if (cmd === undefined || cmd === '') {
      this.reply(res, missing('cmd'));
      return;
    }
    if (access !== 'admin') {
      // "Administrator Privilege is required to set or retrieve those parameters"
      this.reply(res, noPrivilege());
      return;
    }
    const r = handler(this.core, cmd, p);
    this.reply(res, r);
    if (r.after) res.once('finish', r.after);
  }

  private gscReply(res: ServerResponse, r: GscReply): void {
    res.statusCode = r.status;
    res.setHeader('Content-Type', r.contentType);
    res.setHeader('Content-Length', String(Buffer.byteLength(r.body)));
    res.setHeader('Connection', 'close');
    for (const [k, v] of Object.entries(r.headers ?? {})) res.setHeader(k, v);
    res.end(r.body);
    if (r.after) res.once('finish', r.after);
  }

  private stream(res: ServerResponse, p: Params): void {
    const cmd = p.get('cmd');
    if (cmd === undefined || cmd === '') return this.reply(res, missing('cmd'));
    if (cmd !== 'get') return this.reply(res, invalid('cmd'));
    const raw = p.get('channel') ?? '0';
    const view = /^\d+$/.test(raw) ? Number(raw) : -1;
    if (!this.core.viewExists(view)) return this.reply(res, invalid('channel'));
    const ch = this.core.channel(view % 4);
    // "This streaming acquiring command only works when the video codec is configured using MJPEG"
    const codec = view >= 4 ? ch.secondaryCodec : ch.primaryCodec;
    if (codec !== 'mjpeg') return this.reply(res, unavailable());
    this.streams.start(res, view);
  }
}
