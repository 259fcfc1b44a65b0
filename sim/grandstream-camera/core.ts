import { encodeFrame } from './frames';
import type { ResolvedCameraOptions, VideoCodec } from './options';
import { parseServerUrl, sendPush, type PushRecord, type PushTarget } from './push';

/**
 * State and behaviour of one simulated camera, independent of HTTP: alarm inputs/outputs and their
 * Normal Open/Normal Close logic (seed 002 §19 "Alarm Type / Alarm Status / Result" table), motion
 * detection, the event_server push, PTZ, reboot, and frame production. Time-driven state (alarm
 * output timers, reboot) is evaluated lazily against the clock.
 */

export interface MdRegion {
  leftup: number;
  rightdown: number;
  sensitivity: number;
}

export interface ChannelState {
  /** 0 Normal Open, 1 Normal Close. */
  alarmInType: 0 | 1;
  alarmInAlarming: boolean;
  alarmOutType: 0 | 1;
  alarmOutActive: boolean;
  /** Epoch ms at which an active output turns itself off; 0 = until turned off. */
  alarmOutUntil: number;
  /** alarmio `event_upload_to_alarm_server`. */
  eventUpload: 0 | 1;
  /** alarmio `event_alarmout_enable`: the input drives the output of the same index. */
  eventAlarmOut: 0 | 1;
  mdEnable: 0 | 1;
  motionRaw: boolean;
  mdRetrigger: number;
  mdTrigger: number;
  mdUpload: 0 | 1;
  mdRegions: MdRegion[];
  mdExtra: Map<string, number>;
  lastMotionPush: number;
  primaryCodec: VideoCodec;
  secondaryCodec: VideoCodec;
}

export interface PtzPosition {
  pan: number;
  tilt: number;
  zoom: number;
}

export interface PtzState extends PtzPosition {
  focus: number;
  iris: number;
  /** Last movement command (1–14, 18) still running, or 0 when stopped. */
  moving: number;
  speed: number;
  autoPan: boolean;
  presets: Map<number, PtzPosition>;
  protocol: number;
  baudrate: number;
  addressIds: number[];
  commands: number;
}

export interface EventServer {
  name: string;
  url: string;
  username: string;
  password: string;
}

const MD_REGIONS = 16;

export class CameraCore {
  devicename: string;
  alarmOutputTime = 0;
  channels: ChannelState[] = [];
  eventServer: EventServer = { name: '', url: '', username: '', password: '' };
  ptz: PtzState = CameraCore.freshPtz(1);
  sip = { registered: false, accountname: '', sipserver: '', userid: '', authenticateid: '', localsipport: 5060 };
  maintenance = new Map<string, string>();
  bootAt = Date.now();
  rebootUntil = 0;
  reboots = 0;
  frame = 0;
  readonly pushes: PushRecord[] = [];
  private readonly inflight = new Set<Promise<void>>();
  /** Called when the device goes down (streams must end). */
  onReboot: (() => void) | null = null;

  constructor(readonly opts: ResolvedCameraOptions) {
    this.devicename = opts.name;
    this.reset();
  }

  private static freshPtz(channels: number): PtzState {
    return {
      pan: 0,
      tilt: 0,
      zoom: 0,
      focus: 0,
      iris: 0,
      moving: 0,
      speed: 0,
      autoPan: false,
      presets: new Map(),
      protocol: 1,
      baudrate: 9600,
      addressIds: Array.from({ length: channels }, (_, i) => i),
      commands: 0,
    };
  }

  /** Factory defaults (also the state at construction). */
  reset(): void {
    const o = this.opts;
    this.devicename = o.name;
    this.alarmOutputTime = 0;
    const up: 0 | 1 = o.alarmServerUpload ? 1 : 0;
    this.channels = Array.from({ length: o.channels }, () => ({
      alarmInType: 0,
      alarmInAlarming: false,
      alarmOutType: 0,
      alarmOutActive: false,
      alarmOutUntil: 0,
      eventUpload: up,
      eventAlarmOut: 0,
      mdEnable: 1,
      motionRaw: false,
      mdRetrigger: 1,
      mdTrigger: 0,
      mdUpload: up,
      mdRegions: Array.from({ length: MD_REGIONS }, (_, i) => ({ leftup: 0, rightdown: i === 0 ? 0x02c001e0 : 0, sensitivity: 50 })),
      mdExtra: new Map(),
      lastMotionPush: 0,
      primaryCodec: o.primaryCodec,
      secondaryCodec: o.secondaryCodec,
    }));
    this.eventServer = { name: '', url: '', username: '', password: '' };
    this.ptz = CameraCore.freshPtz(o.channels);
    this.sip = { registered: o.sipRegistered, accountname: '', sipserver: '', userid: '', authenticateid: '', localsipport: 5060 };
    this.maintenance = new Map([
      ['upgrade_viatype', '2'],
      ['upgrade_serverpath', 'fw.grandstream.com'],
      ['upgrade_cfgserverpath', 'fm.grandstream.com/gs'],
      ['upgrade_automatic', '0'],
      ['upgrade_interval', '10080'],
      ['dhcp_option_66', '1'],
      ['disable_telnet', '1'],
      ['enable_upnp', '1'],
    ]);
  }

  channel(i: number): ChannelState {
    const c = this.channels[i];
    if (!c) throw new RangeError(`camera ${this.opts.id}: no channel ${i}`);
    return c;
  }

  // ---- availability -------------------------------------------------------------------------

  online(now = Date.now()): boolean {
    return now >= this.rebootUntil;
  }

  /** Seconds since boot (`systemrun`). */
  uptime(now = Date.now()): number {
    return Math.max(0, Math.floor((now - this.bootAt) / 1000));
  }

  /** `maintenance restart=yes` (and restore): down for rebootMs, then up with alarms cleared. */
  reboot(factoryReset: boolean): void {
    const now = Date.now();
    this.reboots++;
    this.rebootUntil = now + this.opts.rebootMs;
    this.bootAt = this.rebootUntil;
    if (factoryReset) this.reset();
    for (const c of this.channels) {
      c.motionRaw = false;
      c.alarmOutActive = false;
      c.lastMotionPush = 0;
    }
    this.ptz.moving = 0;
    this.ptz.autoPan = false;
    this.onReboot?.();
  }

  // ---- alarms --------------------------------------------------------------------------------

  /** `alarmin_status`: 0 open, 1 close. An input alarms when its status differs from its type. */
  alarmInStatus(c: ChannelState): 0 | 1 {
    return c.alarmInAlarming ? (c.alarmInType === 0 ? 1 : 0) : c.alarmInType;
  }

  alarmOutIsActive(c: ChannelState, now = Date.now()): boolean {
    if (c.alarmOutActive && c.alarmOutUntil !== 0 && now >= c.alarmOutUntil) c.alarmOutActive = false;
    return c.alarmOutActive;
  }

  alarmOutStatus(c: ChannelState): 0 | 1 {
    return this.alarmOutIsActive(c) ? (c.alarmOutType === 0 ? 1 : 0) : c.alarmOutType;
  }

  /** Drive an alarm output (manually, or from an input with event_alarmout_enable). */
  setAlarmOut(c: ChannelState, active: boolean): void {
    c.alarmOutActive = active;
    c.alarmOutUntil = active && this.alarmOutputTime > 0 ? Date.now() + this.alarmOutputTime * 1000 : 0;
  }

  motionDetected(c: ChannelState): boolean {
    return c.mdEnable === 1 && c.motionRaw;
  }

  setMotion(active: boolean, channel = 0): void {
    const c = this.channel(channel);
    if (!this.online()) return;
    const was = this.motionDetected(c);
    c.motionRaw = active;
    if (!active || was || c.mdEnable !== 1) return;
    const now = Date.now();
    // md_retrigger_interval: no new alarm within that many seconds of the previous one.
    if (c.lastMotionPush && now - c.lastMotionPush < c.mdRetrigger * 1000) return;
    c.lastMotionPush = now;
    if (c.mdUpload === 1) this.push({ event: 'motion', channel });
  }

  setAlarmInput(index: number, alarming: boolean): void {
    const c = this.channel(index);
    if (!this.online()) return;
    const was = c.alarmInAlarming;
    c.alarmInAlarming = alarming;
    if (!alarming || was) return;
    if (c.eventAlarmOut === 1) this.setAlarmOut(c, true);
    if (c.eventUpload === 1) this.push({ event: 'alarmin', channel: index, index });
  }

  // ---- event_server push ----------------------------------------------------------------------

  private push(ev: { event: 'motion' | 'alarmin'; channel: number; index?: number }): void {
    if (!parseServerUrl(this.eventServer.url)) return;
    const target: PushTarget = { url: this.eventServer.url, username: this.eventServer.username, password: this.eventServer.password };
    const p = sendPush(target, { ...ev, mac: this.opts.mac, devicename: this.devicename, model: this.opts.model, time: new Date() }).then((r) => {
      this.pushes.push(r);
      if (this.pushes.length > 50) this.pushes.shift();
    });
    this.inflight.add(p);
    void p.finally(() => this.inflight.delete(p));
  }

  /** Resolves when every push started so far has finished (for tests and orderly shutdown). */
  async flushPushes(): Promise<void> {
    while (this.inflight.size > 0) await Promise.all([...this.inflight]);
  }

  // ---- frames ----------------------------------------------------------------------------------

  /** View n → channel and stream: view0–3 primary of channels 0–3, view4–7 their secondary. */
  viewExists(view: number): boolean {
    return Number.isInteger(view) && view >= 0 && view <= 7 && view % 4 < this.opts.channels;
  }

  /** Encode the next frame of view `view` (each call is a new frame). */
  nextFrame(view: number): Buffer {
    const channel = view % 4;
    const secondary = view >= 4;
    const c = this.channel(channel);
    this.frame++;
    return encodeFrame({
      width: secondary ? 160 : 320,
      height: secondary ? 90 : 180,
      name: this.devicename,
      channel,
      secondary,
      frame: this.frame,
      time: new Date(),
      motion: this.motionDetected(c),
      alarm: c.alarmInAlarming,
    });
  }
}
