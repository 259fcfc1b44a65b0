/**
 * Options and model facts of the simulated Grandstream GXV35xx/36xx camera (seed 002, read with
 * camera-api-notes.md).
 */

export type VideoCodec = 'h264' | 'mjpeg';

/**
 * How the camera asks for the motion alarm state. Grandstream Video Surveillance HTTP API, motion
 * detection ("Support cmd get md statu … md alarm statu"): the damaged text allows two readings.
 * - 'cmd': `cmd=get_md_statu` (our reading). A plain `cmd=get` (with or without `md_statu`)
 *   answers the motion settings, which hold no `md_alarm_statu`.
 * - 'param': `cmd=get&md_statu` (a get naming the status field); `cmd=get_md_statu` is
 *   `cmd Invalid`.
 */
export type MotionStatusForm = 'cmd' | 'param';

/**
 * How the `device` module answers `alarmin_status` (Grandstream Video Surveillance HTTP API,
 * System Settings): 'bit' 0/1 as documented; 'empty' an empty value (a model or firmware without
 * a wired alarm input); 'unknown' a value outside 0/1 ('-1').
 */
export type AlarmInputStatusStyle = 'bit' | 'empty' | 'unknown';

/**
 * Which login the camera speaks: 'gxv' = HTTP Basic on every request (seed 002, GXV35xx/36xx);
 * 'gsc36xx' = the challenge login at /goform/login, a session cookie and XML settings at
 * /goform/config (GSC36xx HTTP API, "Authentication"; issue 11).
 */
export type CameraFamilySim = 'gxv' | 'gsc36xx';

export interface CameraSimOptions {
  id: string;
  /** Device name (the OSD text and `devicename` until changed through the API). */
  name: string;
  /** `productmode`, e.g. 'GXV3610_HD', 'GXV3672_FHD', 'GXV3500', 'GXV3504'. Default 'GXV3610_HD'. */
  model?: string;
  /** Administrator account (HTTP Basic). Default 'admin'. */
  username?: string;
  password: string;
  /** `firmwareversion`. Default '1.0.4.10'. */
  firmware?: string;
  /** MAC address in any common notation; `systeminfo` answers it as 12 upper-case hex digits. */
  mac?: string;
  /** Video channels: 1 (IP cameras) or 4 (GXV3504 encoder). Default 4 for GXV3504, else 1. */
  channels?: 1 | 4;
  /** PTZ module present. Default: only on GXV3500 and GXV3504. */
  ptz?: boolean;
  /** How long `maintenance restart=yes` keeps the device offline (ms). Default 3000. */
  rebootMs?: number;
  /** Frames per second of the MJPEG stream. Default 4. */
  streamFps?: number;
  /** A non-administrator account: it may fetch snapshots and streams, `goform` answers `No Privilege`. */
  viewer?: { username: string; password: string };
  /**
   * Initial `md_upload_to_alarm_server` / `event_upload_to_alarm_server`. Default false, as on a
   * camera out of the box: a client that wants pushes must switch them on (and set event_server).
   */
  alarmServerUpload?: boolean;
  /**
   * Initial codecs. The MJPEG stream works only while the stream's codec is MJPEG (seed 002 §24);
   * real cameras often ship with H.264 on the primary stream. Default 'mjpeg' for both.
   */
  primaryCodec?: VideoCodec;
  secondaryCodec?: VideoCodec;
  /** SIP `registeredstate`. Default false. */
  sipRegistered?: boolean;
  /** `ipaddress` shown by systeminfo. Default '192.168.1.100'. */
  ipAddress?: string;
  /** Which motion status request the camera answers. Default 'cmd'. */
  motionStatusForm?: MotionStatusForm;
  /** How `alarmin_status` reads. Default 'bit'. */
  alarmInputStatus?: AlarmInputStatusStyle;
  /** Login family. Default 'gxv'. */
  family?: CameraFamilySim;
}

export interface ResolvedCameraOptions {
  id: string;
  name: string;
  model: string;
  username: string;
  password: string;
  firmware: string;
  /** 12 upper-case hex digits. */
  mac: string;
  channels: 1 | 4;
  ptz: boolean;
  rebootMs: number;
  streamFps: number;
  viewer: { username: string; password: string } | null;
  alarmServerUpload: boolean;
  primaryCodec: VideoCodec;
  secondaryCodec: VideoCodec;
  sipRegistered: boolean;
  ipAddress: string;
  motionStatusForm: MotionStatusForm;
  alarmInputStatus: AlarmInputStatusStyle;
  family: CameraFamilySim;
}

export const PTZ_MODELS: readonly string[] = ['GXV3500', 'GXV3504'];

function macFromId(id: string): string {
  let h = 0x811c9dc5;
  for (const c of id) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  return `000B82${(h & 0xffffff).toString(16).toUpperCase().padStart(6, '0')}`;
}

export function normalizeMac(mac: string): string | null {
  const hex = mac.replace(/[^0-9a-f]/gi, '').toUpperCase();
  return hex.length === 12 ? hex : null;
}

export function resolveCameraOptions(o: CameraSimOptions): ResolvedCameraOptions {
  const model = o.model ?? 'GXV3610_HD';
  const base = model.toUpperCase().replace(/[_-].*$/, '');
  const mac = o.mac === undefined ? macFromId(o.id) : normalizeMac(o.mac);
  if (!mac) throw new Error(`camera ${o.id}: "${o.mac}" is not a MAC address`);
  const channels = o.channels ?? (base === 'GXV3504' ? 4 : 1);
  if (channels !== 1 && channels !== 4) throw new Error(`camera ${o.id}: channels must be 1 or 4`);
  return {
    id: o.id,
    name: o.name,
    model,
    username: o.username ?? 'admin',
    password: o.password,
    firmware: o.firmware ?? '1.0.4.10',
    mac,
    channels,
    ptz: o.ptz ?? PTZ_MODELS.includes(base),
    rebootMs: Math.max(0, o.rebootMs ?? 3000),
    streamFps: Math.min(30, Math.max(1, o.streamFps ?? 4)),
    viewer: o.viewer ?? null,
    alarmServerUpload: o.alarmServerUpload ?? false,
    primaryCodec: o.primaryCodec ?? 'mjpeg',
    secondaryCodec: o.secondaryCodec ?? 'mjpeg',
    sipRegistered: o.sipRegistered ?? false,
    ipAddress: o.ipAddress ?? '192.168.1.100',
    motionStatusForm: o.motionStatusForm ?? 'cmd',
    alarmInputStatus: o.alarmInputStatus ?? 'bit',
    family: o.family ?? 'gxv',
  };
}
