import type { ChannelState, CameraCore } from './core';
import type { MotionStatusForm } from './options';
import { channelFor, channelsFor, perChannel, unknownParam, type ModuleHandler } from './module-util';
import { inRange, intParam, invalid, isReply, kv, missing, oneOf, successful, type KvLine, type Reply } from './reply';

/**
 * `device` (seed 002 §19 System Settings), `alarmio` (§12 Alarm Event) and `motiondetect` (§13).
 */

const bit = inRange(0, 1);
const OUTPUT_TIMES = [0, 5, 15, 30, 60, 180, 300, 600, 900, 1800];

// ---- device ------------------------------------------------------------------------------------

/** `alarmin_status` as this camera variant writes it (see AlarmInputStatusStyle). */
function alarmInStatusValue(core: CameraCore, c: ChannelState): string | number {
  switch (core.opts.alarmInputStatus) {
    case 'empty':
      return '';
    case 'unknown':
      return -1;
    default:
      return core.alarmInStatus(c);
  }
}

export const device: ModuleHandler = (core, cmd, p) => {
  if (cmd === 'get') {
    const chans = channelsFor(core, p);
    if (isReply(chans)) return chans;
    return kv([
      ['devicename', core.devicename],
      ...perChannel(core, chans, (i) => {
        const c = core.channel(i);
        return [
          ['alarmin_type', c.alarmInType],
          ['alarmout_type', c.alarmOutType],
          ['alarmin_status', alarmInStatusValue(core, c)],
          ['alarmout_status', core.alarmOutStatus(c)],
        ];
      }),
      ['alarm_output_time', core.alarmOutputTime],
    ]);
  }
  if (cmd !== 'set') return invalid('cmd');
  // alarmin_status is a status ("used to get the current status"): not settable.
  const bad = unknownParam(p, ['devicename', 'channel', 'alarmin_type', 'alarmout_type', 'alarmout_status', 'alarm_output_time']);
  if (bad) return bad;
  const ch = channelFor(core, p);
  if (isReply(ch)) return ch;
  const inType = intParam(p, 'alarmin_type', bit);
  const outType = intParam(p, 'alarmout_type', bit);
  const outStatus = intParam(p, 'alarmout_status', bit);
  const time = intParam(p, 'alarm_output_time', (n) => OUTPUT_TIMES.includes(n));
  for (const v of [inType, outType, outStatus, time]) if (isReply(v)) return v;
  const name = p.get('devicename');
  if (name !== undefined && (name.length === 0 || name.length > 63)) return invalid('devicename');
  const c = core.channel(ch);
  if (name !== undefined) core.devicename = name;
  if (typeof time === 'number') core.alarmOutputTime = time;
  if (typeof inType === 'number') c.alarmInType = inType === 1 ? 1 : 0;
  if (typeof outType === 'number') c.alarmOutType = outType === 1 ? 1 : 0;
  // Manual output control: the status asked for, read against the output's normal type.
  if (typeof outStatus === 'number') core.setAlarmOut(c, outStatus !== c.alarmOutType);
  return successful();
};

// ---- alarmio -----------------------------------------------------------------------------------

const ALARMIO_EXTRA = [
  'event_record_pretime',
  'event_record_aftertime',
  'event_record_storage',
  'event_record_uploadftp',
  'event_sipphone_enable',
  'event_uploadcenter_enable',
  'event_shotemail_enable',
  'event_snapshot_prenum',
  'event_snapshot_endnum',
];

export const alarmio: ModuleHandler = (core, cmd, p) => {
  if (cmd === 'get') {
    const idx = channelsFor(core, p, 'alarmin_index');
    if (isReply(idx)) return idx;
    const lines: KvLine[] = [['alarmin_count', core.channels.length]];
    for (const i of idx) {
      const c = core.channel(i);
      lines.push(['alarmin_index', i], ['event_upload_to_alarm_server', c.eventUpload], ['event_alarmout_enable', c.eventAlarmOut]);
      for (const k of ALARMIO_EXTRA) lines.push([k, c.mdExtra.get(`alarmio:${k}`) ?? 0]);
      lines.push(['alarmin_schedule_count', 0]);
    }
    return kv(lines);
  }
  if (cmd !== 'set' && cmd !== 'add' && cmd !== 'remove') return invalid('cmd');
  const i = channelFor(core, p, 'alarmin_index');
  if (isReply(i)) return i;
  if (cmd !== 'set') return successful(); // schedules: accepted, not modelled
  const bad = unknownParam(p, ['alarmin_index', 'event_upload_to_alarm_server', 'event_alarmout_enable', ...ALARMIO_EXTRA]);
  if (bad) return bad;
  const values = new Map<string, number>();
  for (const k of ['event_upload_to_alarm_server', 'event_alarmout_enable', ...ALARMIO_EXTRA]) {
    const v = intParam(p, k, k.endsWith('_enable') || k.endsWith('_server') || k.endsWith('uploadftp') ? bit : inRange(0, 320));
    if (isReply(v)) return v;
    if (v !== undefined) values.set(k, v);
  }
  const c = core.channel(i);
  for (const [k, v] of values) {
    if (k === 'event_upload_to_alarm_server') c.eventUpload = v === 1 ? 1 : 0;
    else if (k === 'event_alarmout_enable') c.eventAlarmOut = v === 1 ? 1 : 0;
    else c.mdExtra.set(`alarmio:${k}`, v);
  }
  return successful();
};

// ---- motiondetect ------------------------------------------------------------------------------

/**
 * The alarm-status query (Grandstream Video Surveillance HTTP API, motion detection: "Support cmd
 * get md statu … md alarm statu"). The damaged text allows two readings and a camera serves one:
 * 'cmd' is `cmd=get_md_statu`, 'param' is `cmd=get&md_statu`. The other form is not a status
 * query: on a 'cmd' camera `cmd=get&md_statu` is a plain get (the settings), on a 'param' camera
 * `cmd=get_md_statu` is an unknown command.
 */
export function isMdStatusQuery(cmd: string, has: (n: string) => boolean, form: MotionStatusForm = 'cmd'): boolean {
  const c = cmd.trim().toLowerCase();
  return form === 'cmd' ? c === 'get_md_statu' : c === 'get' && has('md_statu');
}

const MD_EXTRA = [
  'md_record_storage',
  'md_record_pretime',
  'md_record_aftertime',
  'md_record_uploadftp',
  'md_sipphone_enable',
  'md_alarmout_enable',
  'md_uploadcenter_enable',
  'md_snapshot_enable',
  'md_snapshot_prenum',
  'md_snapshot_endnum',
];
const MD_SET = ['md_channel_index', 'channel', 'md_active_enable', 'md_retrigger_interval', 'md_trigger_interval', 'md_upload_to_alarm_server', 'md_regn_index', 'md_regn_leftup', 'md_regn_rightdown', 'md_regn_sensitivity', ...MD_EXTRA];

function mdChannel(core: CameraCore, p: Parameters<ModuleHandler>[2]): number | Reply {
  return channelFor(core, p, p.has('md_channel_index') ? 'md_channel_index' : 'channel');
}

function mdBlock(c: ChannelState, i: number): KvLine[] {
  const lines: KvLine[] = [
    ['md_channel_index', i],
    ['md_active_enable', c.mdEnable],
    ['md_retrigger_interval', c.mdRetrigger],
    ['md_trigger_interval', c.mdTrigger],
    ['md_upload_to_alarm_server', c.mdUpload],
  ];
  c.mdRegions.forEach((r, n) => lines.push(['md_regn_index', n], ['md_regn_leftup', r.leftup], ['md_regn_rightdown', r.rightdown], ['md_regn_sensitivity', r.sensitivity]));
  lines.push(['md_regn_schedule_count', 0]);
  for (const k of MD_EXTRA) lines.push([k, c.mdExtra.get(k) ?? 0]);
  return lines;
}

export const motiondetect: ModuleHandler = (core, cmd, p) => {
  if (isMdStatusQuery(cmd, (n) => p.has(n), core.opts.motionStatusForm)) {
    const chans = channelsFor(core, p, p.has('md_channel_index') ? 'md_channel_index' : 'channel');
    if (isReply(chans)) return chans;
    return kv(perChannel(core, chans, (i) => [['md_alarm_statu', core.motionDetected(core.channel(i)) ? 1 : 0]]));
  }
  if (cmd === 'get') {
    const chans = channelsFor(core, p, p.has('md_channel_index') ? 'md_channel_index' : 'channel');
    if (isReply(chans)) return chans;
    return kv([['md_channel_count', core.channels.length], ...perChannel(core, chans, (i) => mdBlock(core.channel(i), i))]);
  }
  if (cmd === 'add' || cmd === 'remove') {
    const ch = mdChannel(core, p);
    if (isReply(ch)) return ch;
    if (cmd === 'add' && !p.has('md_regn_index')) return missing('md_regn_index');
    if (cmd === 'remove' && !p.has('md_regn_schedule_id')) return missing('md_regn_schedule_id');
    return successful(); // schedules: accepted, not modelled
  }
  if (cmd !== 'set') return invalid('cmd');
  const bad = unknownParam(p, MD_SET);
  if (bad) return bad;
  const ch = mdChannel(core, p);
  if (isReply(ch)) return ch;
  const enable = intParam(p, 'md_active_enable', bit);
  const retrigger = intParam(p, 'md_retrigger_interval', inRange(1, 60));
  const trigger = intParam(p, 'md_trigger_interval', inRange(0, 5));
  const upload = intParam(p, 'md_upload_to_alarm_server', bit);
  const regn = intParam(p, 'md_regn_index', inRange(0, 15));
  const leftup = intParam(p, 'md_regn_leftup', inRange(0, 0x7fffffff));
  const rightdown = intParam(p, 'md_regn_rightdown', inRange(0, 0x7fffffff));
  const sens = intParam(p, 'md_regn_sensitivity', inRange(0, 100));
  for (const v of [enable, retrigger, trigger, upload, regn, leftup, rightdown, sens]) if (isReply(v)) return v;
  const regionChange = [leftup, rightdown, sens].some((v) => v !== undefined);
  if (regionChange && regn === undefined) return missing('md_regn_index');
  const extra = new Map<string, number>();
  for (const k of MD_EXTRA) {
    const v = intParam(p, k, k.endsWith('time') ? inRange(0, 320) : oneOf(0, 1, 2, 3, 4, 5));
    if (isReply(v)) return v;
    if (v !== undefined) extra.set(k, v);
  }
  const c = core.channel(ch);
  if (typeof enable === 'number') c.mdEnable = enable === 1 ? 1 : 0;
  if (typeof retrigger === 'number') c.mdRetrigger = retrigger;
  if (typeof trigger === 'number') c.mdTrigger = trigger;
  if (typeof upload === 'number') c.mdUpload = upload === 1 ? 1 : 0;
  const region = typeof regn === 'number' ? c.mdRegions[regn] : undefined;
  if (region) {
    if (typeof leftup === 'number') region.leftup = leftup;
    if (typeof rightdown === 'number') region.rightdown = rightdown;
    if (typeof sens === 'number') region.sensitivity = sens;
  }
  for (const [k, v] of extra) c.mdExtra.set(k, v);
  return successful();
};
