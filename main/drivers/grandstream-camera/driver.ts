/**
 * Grandstream camera driver: GXV35xx/36xx cameras and GXV3500/3504 encoders with HTTP Basic
 * (seed 002 + camera-api-notes.md, family 'gxv-basic'), and GSC36xx cameras with the challenge
 * login and XML settings (family 'gsc-challenge', gsc-auth.ts and gsc-config.ts). The family is
 * pinned by `DriverConfig.family` or detected on the first request (gsc-auth.ts AutoCameraStrategy).
 * Snapshots are `/snapshot/view0.jpg` (primary) and `view4.jpg` (secondary) in both families.
 */
import type { Capability, MotionStatus, ProbeResult, PtzAction, Snapshot } from '../../../shared/domain';
import { DeviceRejectedError, DriverError, ProtocolError, UnsupportedOperationError } from '../../core/driver/errors';
import type { CallOptions, CameraFamily, Driver, DriverConfig } from '../../core/driver/types';
import { readShape } from '../common/shape';
import { BasicAuthStrategy } from './auth';
import { CameraClient, type CameraClientOptions } from './client';
import { AutoCameraStrategy, GscChallengeStrategy } from './gsc-auth';
import { gscReadConfig, gscReboot, gscWriteConfig } from './gsc-config';
import {
  indexList,
  isJpeg,
  MAX_SNAPSHOT_BYTES,
  parseAlarmIo,
  parseStatusLine,
  parseSystemInfo,
  PTZ_CODES,
  ptzParamRange,
  readMotionStatus,
  supportsPtz,
  UNKNOWN_ALARM_IO,
  type AlarmIo,
  type SystemInfo,
} from './parsers';

export const CAMERA_BASE_CAPABILITIES: readonly Capability[] = ['snapshot', 'motion', 'alarmPush', 'reboot'];
/** A GSC36xx whose firmware does not answer the seed's goform modules: what issue 11 documents. */
export const GSC_CAPABILITIES: readonly Capability[] = ['snapshot', 'reboot'];

/**
 * The two readings of the motion status request (Grandstream Video Surveillance HTTP API, motion
 * detection: "Support cmd get md statu"): `cmd=get_md_statu` first, then `cmd=get&md_statu`. A
 * plain `cmd=get` answers the motion settings, never the status, so it is not one of them.
 */
const MOTION_FORMS = [
  { label: 'cmd=get_md_statu', cmd: 'get_md_statu', params: {} },
  { label: 'cmd=get&md_statu', cmd: 'get', params: { md_statu: '' } },
] as const;

export class GrandstreamCameraDriver implements Driver {
  readonly kind = 'grandstream-camera' as const;
  readonly client: CameraClient;
  private readonly device: string;
  private readonly caps = new Set<Capability>(CAMERA_BASE_CAPABILITIES);
  private info: SystemInfo | undefined;
  /** Index in MOTION_FORMS of the form this camera answered last. */
  private motionForm: number | undefined;

  constructor(config: DriverConfig, opts: CameraClientOptions = {}) {
    this.device = config.device;
    this.client = new CameraClient(config, opts);
  }

  /** snapshot, motion, alarmPush, reboot; plus ptz once probe() has seen a GXV3500/GXV3504. */
  get capabilities(): ReadonlySet<Capability> {
    return this.caps;
  }

  /** The login family: pinned, or found by the first request; undefined before it. */
  get family(): CameraFamily | undefined {
    const s = this.client.strategy;
    if (s instanceof AutoCameraStrategy) return s.family;
    if (s instanceof GscChallengeStrategy) return 'gsc-challenge';
    if (s instanceof BasicAuthStrategy) return 'gxv-basic';
    return undefined;
  }

  /**
   * Model, firmware and MAC from the seed's `systeminfo` module. A GSC36xx whose firmware does not
   * answer it (the GSC36xx documents name no such module) is reported as "GSC36xx" with firmware
   * "unknown" and only snapshot and reboot; one that answers keeps the seed's capabilities.
   */
  async probe(opts: CallOptions = {}): Promise<ProbeResult> {
    let info: SystemInfo | undefined;
    try {
      const { pairs, res } = await this.client.get('systeminfo', {}, opts);
      info = readShape(this.device, res.endpoint, () => parseSystemInfo(pairs));
    } catch (e) {
      if (this.family !== 'gsc-challenge' || !(e instanceof DeviceRejectedError || e instanceof ProtocolError)) throw e;
    }
    this.caps.clear();
    for (const c of info ? CAMERA_BASE_CAPABILITIES : GSC_CAPABILITIES) this.caps.add(c);
    if (info && supportsPtz(info.model)) this.caps.add('ptz');
    this.info = info;
    const family = this.family;
    return {
      kind: 'grandstream-camera',
      model: info?.model ?? 'GSC36xx',
      firmware: info?.firmware ?? 'unknown',
      ...(info?.mac ? { mac: info.mac } : {}),
      capabilities: [...this.caps],
      ...(family ? { family } : {}),
    };
  }

  /** GSC36xx: one settings group (`video`, `osd`, `audio`, `date`, …) as P-value → value. */
  async readConfig(type: string, opts: CallOptions = {}): Promise<Record<string, string>> {
    await this.mustBeGsc('readConfig', opts);
    return gscReadConfig(this.client, type, opts);
  }

  /** GSC36xx: set P-values (`cmd=set`); resolves when the camera answers "Successful". */
  async writeConfig(values: Readonly<Record<string, string | number>>, opts: CallOptions = {}): Promise<void> {
    await this.mustBeGsc('writeConfig', opts);
    await gscWriteConfig(this.client, values, opts);
  }

  private async mustBeGsc(operation: string, opts: CallOptions): Promise<void> {
    await this.ensureFamily(opts);
    if (this.family !== 'gsc-challenge') throw new UnsupportedOperationError(this.device, operation, 'only GSC36xx cameras have XML settings; this camera uses the seed 002 modules');
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  /** A JPEG of the primary (`view0.jpg`) or secondary (`view4.jpg`) stream, checked to really be a JPEG. */
  async snapshot(stream: 'primary' | 'secondary' = 'primary', opts: CallOptions = {}): Promise<Snapshot> {
    const file = stream === 'secondary' ? 'view4.jpg' : 'view0.jpg';
    const res = await this.client.send(`snapshot/${file}`, {}, { ...opts, maxBodyBytes: MAX_SNAPSHOT_BYTES });
    const bytes = new Uint8Array(res.body.buffer, res.body.byteOffset, res.body.byteLength);
    if (!isJpeg(bytes)) {
      const head = res.body.subarray(0, 64).toString('utf8');
      if (/^[\x20-\x7e\r\n\t]*$/.test(head)) {
        // A text answer: perhaps a status line such as "No Privilege".
        const st = parseStatusLine(res.text());
        if (st && st.kind !== 'ok') throw this.client.statusError(res, st);
      }
      throw new ProtocolError({
        device: this.device,
        endpoint: res.endpoint,
        message: `${this.device}: ${res.endpoint} did not return a complete JPEG image (${res.body.length} bytes${res.body.length >= 2 ? `, starting ${res.body.subarray(0, 2).toString('hex')}` : ''}). The stream may be off or the image cut short; it will be retried.`,
      });
    }
    const declared = (res.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    return {
      contentType: declared.startsWith('image/') ? declared : 'image/jpeg',
      bytes: Uint8Array.from(bytes),
      takenAt: new Date().toISOString(),
    };
  }

  /**
   * Motion (md_alarm_statu) plus the alarm inputs/outputs of the `device` module. The motion flag,
   * once read, is always returned: an alarm I/O answer that fails or holds empty or unknown values
   * only makes those inputs unknown (null in alarmInputStates).
   */
  async motion(opts: CallOptions = {}): Promise<MotionStatus> {
    const motion = await this.motionFlag(opts);
    return { motion, ...(await this.alarmIo(opts)) };
  }

  private async alarmIo(opts: CallOptions): Promise<AlarmIo> {
    try {
      const { pairs, res } = await this.client.get('device', {}, opts);
      return readShape(this.device, res.endpoint, () => parseAlarmIo(pairs));
    } catch (e) {
      // Cancelled by the caller: nothing to report. Any device or network failure here (a model
      // without alarm I/O, an unreadable answer, a dropped connection) leaves the I/O unknown.
      if (opts.signal?.aborted || !(e instanceof DriverError)) throw e;
      return { ...UNKNOWN_ALARM_IO };
    }
  }

  /**
   * The motion flag: the form this camera answered last first, then the other. A form that is
   * refused, or that answers without a 0/1 md_alarm_statu (e.g. the settings), counts as not
   * understood; network and credential failures end the attempt at once.
   */
  private async motionFlag(opts: CallOptions): Promise<boolean> {
    const order = this.motionForm === undefined ? [0, 1] : [this.motionForm, 1 - this.motionForm];
    const tried: string[] = [];
    for (const i of order) {
      const form = MOTION_FORMS[i]!;
      let reading: ReturnType<typeof readMotionStatus>;
      try {
        const { pairs } = await this.client.get('motiondetect', { ...form.params }, opts, form.cmd);
        reading = readMotionStatus(pairs);
      } catch (e) {
        if (!(e instanceof DeviceRejectedError || e instanceof ProtocolError)) throw e;
        tried.push(`${form.label} was refused or unreadable`);
        continue;
      }
      if (reading.kind === 'flag') {
        this.motionForm = i;
        return reading.motion;
      }
      tried.push(reading.kind === 'absent' ? `${form.label} answered no md_alarm_statu` : `${form.label} answered md_alarm_statu="${reading.value}"`);
    }
    this.motionForm = undefined;
    throw new ProtocolError({
      device: this.device,
      endpoint: '/goform/motiondetect',
      message: `${this.device}: the camera did not report its motion state (${tried.join('; ')}). Its firmware may not offer motion status over this API; check the model, or use the alarm push instead.`,
    });
  }

  /** Opt-in: tell the camera to push alarm events to `url` (Alarm HTTP Servers, event_server). */
  async registerAlarmPush(url: string, opts: CallOptions = {}): Promise<void> {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      throw new RangeError(`${this.device}: "${url.slice(0, 80)}" is not a URL the camera can call.`);
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new RangeError(`${this.device}: the alarm push URL must start with http:// or https://.`);
    if (u.username || u.password) throw new RangeError(`${this.device}: put no credentials in the alarm push URL.`);
    await this.client.set('event_server', { server_name: 'Frontdesk', server_url: u.toString() }, opts);
    // The camera calls the server only for events whose "upload to HTTP alarm server" action is on
    // (off out of the box): switch it on for motion on every channel, and for every alarm input.
    const md = await this.client.get('motiondetect', {}, opts);
    const mdChannels = readShape(this.device, md.res.endpoint, () => indexList(md.pairs, 'md_channel_index', 'md_channel_count'));
    for (const ch of mdChannels) {
      await this.client.set('motiondetect', { md_upload_to_alarm_server: 1, ...(mdChannels.length > 1 ? { md_channel_index: ch } : {}) }, opts);
    }
    let inputs: number[] = [];
    try {
      const io = await this.client.get('alarmio', {}, opts);
      inputs = readShape(this.device, io.res.endpoint, () => indexList(io.pairs, 'alarmin_index', 'alarmin_count'));
    } catch (e) {
      // A model without alarm inputs refuses the module: motion pushes are still set up.
      if (!(e instanceof DeviceRejectedError)) throw e;
    }
    for (const i of inputs) {
      await this.client.set('alarmio', { event_upload_to_alarm_server: 1, ...(inputs.length > 1 ? { alarmin_index: i } : {}) }, opts);
    }
  }

  /** The family of an auto-detecting driver is known once it has authorized a first request. */
  private async ensureFamily(opts: CallOptions): Promise<void> {
    if (this.family === undefined) await this.client.authorize(opts);
  }

  private async ensureInfo(opts: CallOptions): Promise<SystemInfo | undefined> {
    if (!this.info) await this.probe(opts);
    return this.info;
  }

  /** PTZ on GXV3500/GXV3504: `ptzcontrol` code with `ptzparam` (speed 0-63 for moves, preset 0-127 for `home`). */
  async ptz(action: PtzAction, param?: number, opts: CallOptions = {}): Promise<void> {
    const code = PTZ_CODES[action];
    if (code === undefined) throw new UnsupportedOperationError(this.device, `ptz:${String(action)}`);
    const info = await this.ensureInfo(opts);
    if (!info || !supportsPtz(info.model)) throw new UnsupportedOperationError(this.device, 'ptz', `${info?.model ?? 'this camera'} has no PTZ control; only the GXV3500 and GXV3504 do`);
    const p = param ?? 31;
    const range = ptzParamRange(action);
    if (!Number.isInteger(p) || p < 0 || p > range.max) {
      throw new RangeError(`${this.device}: PTZ ${range.what} ${p} is out of range for "${action}" (0-${range.max}). Use a ${range.what} from 0 to ${range.max}.`);
    }
    await this.client.set('ptz', { ptzcontrol: code, ptzparam: p }, opts);
  }

  /** GXV: `maintenance` with `restart=yes` (seed 002); GSC36xx: `/goform/config?cmd=reboot`. */
  async reboot(opts: CallOptions = {}): Promise<void> {
    if (this.family === undefined) await this.ensureFamily(opts);
    if (this.family === 'gsc-challenge') await gscReboot(this.client, opts);
    else await this.client.set('maintenance', { restart: 'yes' }, opts);
  }
}
