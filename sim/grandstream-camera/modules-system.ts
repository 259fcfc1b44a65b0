import type { CameraCore } from './core';
import { channelFor, channelsFor, perChannel, unknownParam, type ModuleHandler } from './module-util';
import { parseServerUrl } from './push';
import { inRange, intParam, invalid, isReply, kv, missing, oneOf, successful, type KvLine } from './reply';

/**
 * `systeminfo` (seed 002 §7 Status), `event_server` (§27 Alarm HTTP Servers), `ptz` (§11),
 * `maintenance` (§16), `sip` (§5) and `audio_video` (§1, codecs only).
 */

// ---- systeminfo --------------------------------------------------------------------------------

export const systeminfo: ModuleHandler = (core, cmd, p) => {
  const o = core.opts;
  if (cmd === 'get') {
    const hour = new Date().getHours();
    return kv([
      ['productmode', o.model],
      ['hardwareversion', 'V0.2B'],
      ['partnumber', '9670000302B'],
      ['bootloaderversion', '1.0.2.5'],
      ['coreversion', '1.2.0.1'],
      ['baseversion', o.firmware],
      ['firmwareversion', o.firmware],
      ['cameratype', `Grandstream ${o.model}`],
      ['ddnsstate', 0],
      ['wifistate', 0],
      ['systemrun', core.uptime()],
      ['mac', o.mac],
      ['ledstatus', 0],
      ['pppoe_ip', '0.0.0.0'],
      ['pppoe_status', 0],
      ['ipaddress', o.ipAddress],
      ['subnetmask', '255.255.255.0'],
      ['defaultgateway', o.ipAddress.replace(/\.\d+$/, '.1')],
      ['ircutstatu', hour >= 7 && hour < 19 ? 1 : 2],
    ]);
  }
  if (cmd !== 'set') return invalid('cmd');
  // "cmd set can only be used by devicename"
  const bad = unknownParam(p, ['devicename']);
  if (bad) return bad;
  const name = p.get('devicename');
  if (name === undefined) return missing('devicename');
  if (name.length === 0 || name.length > 63) return invalid('devicename');
  core.devicename = name;
  return successful();
};

// ---- event_server ------------------------------------------------------------------------------

export const eventServer: ModuleHandler = (core, cmd, p) => {
  const ch = channelFor(core, p);
  if (isReply(ch)) return ch;
  const s = core.eventServer;
  if (cmd === 'get') {
    // The password is write-only, like the other passwords of the API.
    return kv([
      ['server_name', s.name],
      ['server_url', s.url],
      ['server_username', s.username],
    ]);
  }
  if (cmd !== 'set') return invalid('cmd');
  const bad = unknownParam(p, ['server_name', 'server_url', 'server_username', 'server_user_password', 'channel']);
  if (bad) return bad;
  const url = p.get('server_url');
  if (url !== undefined && url !== '' && !parseServerUrl(url)) return invalid('server_url');
  for (const k of ['server_name', 'server_username', 'server_user_password']) if ((p.get(k)?.length ?? 0) > 255) return invalid(k);
  if (url !== undefined) s.url = url;
  s.name = p.get('server_name') ?? s.name;
  s.username = p.get('server_username') ?? s.username;
  s.password = p.get('server_user_password') ?? s.password;
  return successful();
};

// ---- ptz ---------------------------------------------------------------------------------------

const PRESET_OPS = [15, 16, 17];
const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

function applyPtz(core: CameraCore, control: number, param: number): void {
  const z = core.ptz;
  z.commands++;
  const step = Math.max(1, Math.round(param / 8));
  const dx = [0, 0, 0, -1, 1, -1, -1, 1, 1][control] ?? 0;
  const dy = [0, 1, -1, 0, 0, 1, -1, 1, -1][control] ?? 0;
  if (control === 0) {
    z.moving = 0;
    z.autoPan = false;
  } else if (control <= 8) {
    z.pan = (((z.pan + dx * step) % 360) + 360) % 360;
    z.tilt = clamp(z.tilt + dy * step, -90, 90);
    z.moving = control;
    z.speed = param;
  } else if (control <= 14) {
    const sign = control % 2 === 1 ? 1 : -1; // 9 zoom in, 11 focus near, 13 iris open
    if (control <= 10) z.zoom = clamp(z.zoom + sign * step, 0, 100);
    else if (control <= 12) z.focus = clamp(z.focus + sign * step, 0, 100);
    else z.iris = clamp(z.iris + sign * step, 0, 100);
    z.moving = control;
    z.speed = param;
  } else if (control === 15) {
    const at = z.presets.get(param);
    if (at) Object.assign(z, at, { moving: 0 });
  } else if (control === 16) {
    z.presets.delete(param);
  } else if (control === 17) {
    z.presets.set(param, { pan: z.pan, tilt: z.tilt, zoom: z.zoom });
  } else if (control === 18) {
    z.autoPan = true;
    z.moving = 18;
    z.speed = param;
  } else if (control === 19) {
    z.autoPan = false;
    if (z.moving === 18) z.moving = 0;
  }
}

/** Only called on PTZ models (GXV3500/GXV3504 or ptz:true); others have no `ptz` module (404). */
export const ptz: ModuleHandler = (core, cmd, p) => {
  const z = core.ptz;
  if (cmd === 'get') {
    const lines: KvLine[] = [
      ['protocol', z.protocol],
      ['baudrate', z.baudrate],
    ];
    z.addressIds.forEach((a, i) => lines.push([`addressid${i + 1}`, a]));
    return kv(lines);
  }
  if (cmd !== 'set') return invalid('cmd');
  const known = ['ptzcontrol', 'ptzparam', 'protocol', 'channel', 'baudrate', ...z.addressIds.map((_, i) => `addressid${i + 1}`)];
  const bad = unknownParam(p, known);
  if (bad) return bad;
  const ch = channelFor(core, p);
  if (isReply(ch)) return ch;
  // "ptzcontrol and ptzparam both have to be included in the link"
  if (p.has('ptzcontrol') && !p.has('ptzparam')) return missing('ptzparam');
  if (p.has('ptzparam') && !p.has('ptzcontrol')) return missing('ptzcontrol');
  const control = intParam(p, 'ptzcontrol', inRange(0, 19));
  if (isReply(control)) return control;
  const param = intParam(p, 'ptzparam', typeof control === 'number' && PRESET_OPS.includes(control) ? inRange(0, 127) : inRange(0, 63));
  if (isReply(param)) return param;
  const protocol = intParam(p, 'protocol', inRange(0, 1));
  const baud = intParam(p, 'baudrate', oneOf(1200, 2400, 4800, 9600));
  if (isReply(protocol)) return protocol;
  if (isReply(baud)) return baud;
  const addr: [number, number][] = [];
  for (let i = 0; i < z.addressIds.length; i++) {
    const a = intParam(p, `addressid${i + 1}`, inRange(0, 255));
    if (isReply(a)) return a;
    if (a !== undefined) addr.push([i, a]);
  }
  if (typeof protocol === 'number') z.protocol = protocol;
  if (typeof baud === 'number') z.baudrate = baud;
  for (const [i, a] of addr) z.addressIds[i] = a;
  if (typeof control === 'number' && typeof param === 'number') applyPtz(core, control, param);
  return successful();
};

// ---- maintenance -------------------------------------------------------------------------------

const MAINT_KEYS = ['upgrade_viatype', 'upgrade_serverpath', 'upgrade_cfgserverpath', 'upgrade_cfg_xml_pwd', 'upgrade_automatic', 'upgrade_interval', 'dhcp_option_66', '3cx_auto_provision', 'disable_telnet', 'enable_upnp'];

export const maintenance: ModuleHandler = (core, cmd, p) => {
  if (cmd === 'get') return kv([...core.maintenance].filter(([k]) => k !== 'upgrade_cfg_xml_pwd'));
  if (cmd !== 'set') return invalid('cmd');
  const bad = unknownParam(p, ['restart', 'restore', ...MAINT_KEYS]);
  if (bad) return bad;
  for (const k of ['restart', 'restore']) {
    const v = p.get(k);
    if (v !== undefined && v !== 'yes') return invalid(k);
  }
  const via = intParam(p, 'upgrade_viatype', inRange(1, 3));
  if (isReply(via)) return via;
  const interval = intParam(p, 'upgrade_interval', inRange(60, 525600));
  if (isReply(interval)) return interval;
  for (const k of MAINT_KEYS) {
    const v = p.get(k);
    if (v !== undefined) core.maintenance.set(k, v);
  }
  const restore = p.get('restore') === 'yes';
  if (restore || p.get('restart') === 'yes') return { ...successful(), after: () => core.reboot(restore) };
  return successful();
};

// ---- sip ---------------------------------------------------------------------------------------

const SIP_SET = ['accountname', 'sipserver', 'proxyserver', 'userid', 'authenticateid', 'accountpassword', 'localsipport'];

export const sip: ModuleHandler = (core, cmd, p) => {
  const s = core.sip;
  if (cmd === 'get') {
    return kv([
      ['registeredstate', s.registered ? 1 : 0],
      ['accountname', s.accountname],
      ['sipserver', s.sipserver],
      ['userid', s.userid],
      ['authenticateid', s.authenticateid],
      ['localsipport', s.localsipport],
    ]);
  }
  if (cmd !== 'set') return invalid('cmd');
  const bad = unknownParam(p, SIP_SET); // registeredstate is a status
  if (bad) return bad;
  const port = intParam(p, 'localsipport', inRange(1, 65535));
  if (isReply(port)) return port;
  if (typeof port === 'number') s.localsipport = port;
  for (const k of ['accountname', 'sipserver', 'userid', 'authenticateid'] as const) {
    const v = p.get(k);
    if (v !== undefined) s[k] = v;
  }
  return successful();
};

// ---- audio_video (codecs) ----------------------------------------------------------------------

const CODEC = { 96: 'h264', 26: 'mjpeg' } as const;
const AV_EXTRA = ['video_primary_framerate', 'video_secondary_framerate', 'video_primary_bitrate', 'video_secondary_bitrate'];

export const audioVideo: ModuleHandler = (core, cmd, p) => {
  if (cmd === 'get') {
    const chans = channelsFor(core, p);
    if (isReply(chans)) return chans;
    return kv(
      perChannel(core, chans, (i) => {
        const c = core.channel(i);
        return [
          ['video_primary_encoder', c.primaryCodec === 'h264' ? 96 : 26],
          ['video_secondary_encoder', c.secondaryCodec === 'h264' ? 96 : 26],
          ['video_primary_resolution', (320 << 16) | 180],
          ['video_secondary_resolution', (160 << 16) | 90],
          ...AV_EXTRA.map((k): KvLine => [k, c.mdExtra.get(`av:${k}`) ?? (k.endsWith('framerate') ? core.opts.streamFps : 1024)]),
        ];
      }),
    );
  }
  if (cmd !== 'set') return invalid('cmd');
  const bad = unknownParam(p, ['channel', 'video_primary_encoder', 'video_secondary_encoder', ...AV_EXTRA]);
  if (bad) return bad;
  const ch = channelFor(core, p);
  if (isReply(ch)) return ch;
  const prim = intParam(p, 'video_primary_encoder', oneOf(96, 26));
  const sec = intParam(p, 'video_secondary_encoder', oneOf(96, 26));
  if (isReply(prim)) return prim;
  if (isReply(sec)) return sec;
  const extra: [string, number][] = [];
  for (const k of AV_EXTRA) {
    const v = intParam(p, k, k.endsWith('framerate') ? inRange(1, 30) : inRange(16, 16384));
    if (isReply(v)) return v;
    if (v !== undefined) extra.push([k, v]);
  }
  const c = core.channel(ch);
  if (prim === 96 || prim === 26) c.primaryCodec = CODEC[prim];
  if (sec === 96 || sec === 26) c.secondaryCodec = CODEC[sec];
  for (const [k, v] of extra) c.mdExtra.set(`av:${k}`, v);
  return successful();
};
