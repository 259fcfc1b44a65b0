import { describe, expect, it } from 'vitest';
import {
  alarmStates,
  ioBit,
  readMotionStatus,
  CameraParseError,
  cameraBase,
  indexList,
  isJpeg,
  kvAll,
  kvChannels,
  kvGroups,
  kvRecord,
  parseAlarmIo,
  parseKeyValues,
  parseMotionStatus,
  parseStatusLine,
  parseSystemInfo,
  PTZ_CODES,
  supportsPtz,
} from '../../../main/drivers/grandstream-camera';

const SYSTEMINFO =
  'productmode=GXV3610_HD\r\nhardwareversion=V0.2B\r\npartnumber=9670000302B\r\nbootloaderversion=1.0.2.5\r\ncoreversion=1.2.0.1\r\nbaseversion=1.2.0.5\r\nfirmwareversion=1.2.0.5\r\nsystemrun=641\r\nmac=000B821EA32F\r\n';

describe('cameraBase', () => {
  it('gives the device root for a root, a /goform URL or a /snapshot URL', () => {
    expect(cameraBase('http://192.168.86.6')).toBe('http://192.168.86.6/');
    expect(cameraBase('http://192.168.86.6/')).toBe('http://192.168.86.6/');
    expect(cameraBase('http://192.168.86.6/goform')).toBe('http://192.168.86.6/');
    expect(cameraBase('http://192.168.86.6/goform/')).toBe('http://192.168.86.6/');
    expect(cameraBase('192.168.86.6:8080')).toBe('http://192.168.86.6:8080/');
    expect(cameraBase('https://cams.example.com/cam1/goform')).toBe('https://cams.example.com/cam1/');
  });
  it('refuses other schemes', () => {
    expect(() => cameraBase('rtsp://192.168.86.6')).toThrow(/http/);
  });
});

describe('status lines', () => {
  it('reads every documented line, with CRLF or LF', () => {
    expect(parseStatusLine('Successful\r\n')).toEqual({ kind: 'ok', needReboot: false });
    expect(parseStatusLine('Successful Need Reboot\n')).toEqual({ kind: 'ok', needReboot: true });
    expect(parseStatusLine('No Privilege\r\n')).toEqual({ kind: 'no-privilege' });
    expect(parseStatusLine('server_url Invalid\r\n')).toEqual({ kind: 'invalid', param: 'server_url' });
    expect(parseStatusLine('ptzparam Missing\r\n')).toEqual({ kind: 'missing', param: 'ptzparam' });
    expect(parseStatusLine('\r\n  successful  \r\n')).toEqual({ kind: 'ok', needReboot: false });
  });
  it('is not fooled by key=value bodies or other text', () => {
    expect(parseStatusLine('productmode=GXV3610\r\n')).toBeUndefined();
    expect(parseStatusLine('')).toBeUndefined();
    expect(parseStatusLine('<html>Internal error</html>')).toBeUndefined();
  });
});

describe('key=value bodies', () => {
  it('reads the systeminfo example with CRLF', () => {
    const pairs = parseKeyValues(SYSTEMINFO);
    expect(pairs).toHaveLength(9);
    expect(kvRecord(pairs).mac).toBe('000B821EA32F');
    expect(parseSystemInfo(pairs)).toEqual({ model: 'GXV3610_HD', firmware: '1.2.0.5', mac: '00:0B:82:1E:A3:2F' });
  });
  it('reads LF bodies, values containing "=", blank lines and spaces around "="', () => {
    const pairs = parseKeyValues('server_url=http://x/?a=b&c=d\n\nserver_name = Front desk \n');
    expect(kvRecord(pairs)).toEqual({ server_url: 'http://x/?a=b&c=d', server_name: 'Front desk' });
  });
  it('splits channel sections', () => {
    const pairs = parseKeyValues('channel=0\r\nmd_alarm_statu=0\r\nchannel=1\r\nmd_alarm_statu=1\r\nchannel=2\r\nmd_alarm_statu=0\r\n');
    expect(kvChannels(pairs)).toEqual([0, 1, 2]);
    expect(kvRecord(pairs, 1)).toEqual({ md_alarm_statu: '1' });
    expect(kvRecord(pairs)).toEqual({ md_alarm_statu: '0' });
    expect(parseMotionStatus(pairs)).toBe(true);
  });
  it('splits repeated index groups and lists numbered keys', () => {
    const pairs = parseKeyValues(
      'md_channel_index=0\r\nmd_regn_index=0\r\nmd_regn_sensitivity=50\r\nmd_regn_index=1\r\nmd_regn_sensitivity=70\r\nmd_regn_schedule_count=0\r\n',
    );
    expect(kvGroups(pairs, 'md_regn_index')).toEqual([
      { md_regn_index: '0', md_regn_sensitivity: '50' },
      { md_regn_index: '1', md_regn_sensitivity: '70', md_regn_schedule_count: '0' },
    ]);
    expect(kvAll(parseKeyValues('alarmin_status2=1\nalarmin_status1=0\n'), 'alarmin_status')).toEqual(['0', '1']);
    expect(indexList(pairs, 'md_channel_index', 'md_channel_count')).toEqual([0]);
    expect(indexList(parseKeyValues('alarmin_count=2\n'), 'alarmin_index', 'alarmin_count')).toEqual([0, 1]);
    expect(indexList(parseKeyValues('x=1\n'), 'alarmin_index', 'alarmin_count')).toEqual([0]);
    expect(() => indexList(parseKeyValues('alarmin_count=lots\n'), 'alarmin_index', 'alarmin_count')).toThrow(CameraParseError);
  });
  it('skips stray plain-word lines', () => {
    expect(kvRecord(parseKeyValues('md_alarm_statu=0\r\nOK\r\n'))).toEqual({ md_alarm_statu: '0' });
    expect(() => parseKeyValues('Successful\r\n')).toThrow(/no name=value/);
  });
  it('throws CameraParseError for bodies that are not pairs', () => {
    expect(() => parseKeyValues('')).toThrow(/no name=value/);
    expect(() => parseKeyValues('{"respo<<nse": garbage \u0000 ]]>')).toThrow(CameraParseError);
    expect(() => parseKeyValues('productmode=GXV\r\n<html>\r\n')).toThrow(/line 2/);
    expect(() => parseKeyValues('=value\r\n')).toThrow(CameraParseError);
  });
  it('requires something readable in systeminfo', () => {
    expect(() => parseSystemInfo(parseKeyValues('ddnsstate=0\r\n'))).toThrow(/productmode/);
    expect(parseSystemInfo(parseKeyValues('firmwareversion=1.0\r\n'))).toEqual({ model: 'Grandstream camera', firmware: '1.0', mac: undefined });
  });
});

describe('motion and alarm I/O', () => {
  it('reads md_alarm_statu and refuses other values', () => {
    expect(parseMotionStatus(parseKeyValues('md_alarm_statu=0\r\n'))).toBe(false);
    expect(parseMotionStatus(parseKeyValues('md_alarm_statu=1\r\n'))).toBe(true);
    expect(parseMotionStatus(parseKeyValues('md_alarm_status=1\r\n'))).toBe(true);
    expect(() => parseMotionStatus(parseKeyValues('md_enable=1\r\n'))).toThrow(/no md_alarm_statu/);
    expect(() => parseMotionStatus(parseKeyValues('md_alarm_statu=yes\r\n'))).toThrow(/expected 0 or 1/);
  });
  it('tells a status from settings and from an unknown value (readMotionStatus)', () => {
    expect(readMotionStatus(parseKeyValues('md_channel_index=0\r\nmd_active_enable=1\r\n'))).toEqual({ kind: 'absent' });
    expect(readMotionStatus(parseKeyValues('md_alarm_statu=\r\n'))).toEqual({ kind: 'unreadable', value: '' });
    expect(readMotionStatus(parseKeyValues('md_alarm_statu=2\r\n'))).toEqual({ kind: 'unreadable', value: '2' });
    // several channels: one alarming channel is motion, even when another is unreadable
    expect(readMotionStatus(parseKeyValues('channel=0\nmd_alarm_statu=\nchannel=1\nmd_alarm_statu=1\n'))).toEqual({ kind: 'flag', motion: true });
    expect(readMotionStatus(parseKeyValues('channel=0\nmd_alarm_statu=0\nchannel=1\nmd_alarm_statu=x\n'))).toEqual({ kind: 'unreadable', value: 'x' });
  });
  it('says an input alarms when its status differs from its normal type (seed table)', () => {
    // type 0 Normal Open: status 0 Open idle, 1 Close alarm. type 1 Normal Close: 1 idle, 0 alarm.
    const cases: [string, string, boolean][] = [
      ['0', '0', false],
      ['0', '1', true],
      ['1', '0', true],
      ['1', '1', false],
    ];
    for (const [type, status, alarming] of cases) {
      expect(alarmStates(parseKeyValues(`alarmin_type=${type}\r\nalarmin_status=${status}\r\n`), 'alarmin')).toEqual([alarming]);
      expect(alarmStates(parseKeyValues(`alarmout_type=${type}\r\nalarmout_status=${status}\r\n`), 'alarmout')).toEqual([alarming]);
    }
  });
  it('reads the device module with channels, and one type for several statuses', () => {
    const body =
      'devicename=Door\r\nchannel=0\r\nalarmin_type=0\r\nalarmout_type=0\r\nalarmin_status=0\r\nalarmout_status=0\r\nchannel=1\r\nalarmin_type=1\r\nalarmout_type=0\r\nalarmin_status=0\r\nalarmout_status=1\r\nalarm_output_time=0\r\n';
    expect(parseAlarmIo(parseKeyValues(body))).toEqual({ alarmInputs: [false, true], alarmOutputs: [false, true], alarmInputStates: [false, true], alarmOutputStates: [false, true] });
    expect(alarmStates(parseKeyValues('alarmin_type=1\nalarmin_status=1\nalarmin_status=0\n'), 'alarmin')).toEqual([false, true]);
    expect(parseAlarmIo(parseKeyValues('devicename=x\r\n'))).toEqual({ alarmInputs: [], alarmOutputs: [], alarmInputStates: [], alarmOutputStates: [] });
  });
  it('reads an empty or unknown status or type as null, never as an error; words are understood', () => {
    expect(parseAlarmIo(parseKeyValues('alarmin_type=0\nalarmin_status=2\n'))).toMatchObject({ alarmInputs: [], alarmInputStates: [null] });
    expect(alarmStates(parseKeyValues('alarmin_type=0\nalarmin_status=\n'), 'alarmin')).toEqual([null]);
    expect(alarmStates(parseKeyValues('alarmin_type=?\nalarmin_status=1\n'), 'alarmin')).toEqual([null]);
    expect(alarmStates(parseKeyValues('alarmin_status=1\n'), 'alarmin')).toEqual([true]); // no type: Normal Open
    expect(alarmStates(parseKeyValues('alarmin_type=Normal Close\nalarmin_status=Open\n'), 'alarmin')).toEqual([true]);
    expect(parseAlarmIo(parseKeyValues('alarmin_status=1\nalarmin_status=-1\n'))).toMatchObject({ alarmInputs: [true, false], alarmInputStates: [true, null] });
    expect([ioBit('0'), ioBit(' 1 '), ioBit('closed'), ioBit(''), ioBit(undefined), ioBit('2')]).toEqual([0, 1, 1, null, null, null]);
  });
});

describe('PTZ and JPEG', () => {
  it('maps every PtzAction to the documented ptzcontrol code', () => {
    expect(PTZ_CODES).toMatchObject({ stop: 0, up: 1, down: 2, left: 3, right: 4, 'zoom-in': 9, 'zoom-out': 10, 'iris-close': 14, home: 15, 'auto-pan': 18, 'stop-auto-pan': 19 });
    expect(new Set(Object.values(PTZ_CODES)).size).toBe(Object.keys(PTZ_CODES).length);
  });
  it('gives PTZ to the GXV3500 and GXV3504 only', () => {
    expect(supportsPtz('GXV3500')).toBe(true);
    expect(supportsPtz('GXV3504')).toBe(true);
    expect(supportsPtz('gxv3504_encoder')).toBe(true);
    expect(supportsPtz('GXV3610_HD')).toBe(false);
    expect(supportsPtz('GXV3672_FHD')).toBe(false);
  });
  it('checks JPEG start and end markers', () => {
    expect(isJpeg(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 0xff, 0xd9]))).toBe(true);
    expect(isJpeg(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 0xff, 0xd9, 0x0d, 0x0a]))).toBe(true);
    expect(isJpeg(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 1, 2]))).toBe(false);
    expect(isJpeg(Buffer.from('No Privilege\r\n'))).toBe(false);
    expect(isJpeg(new Uint8Array(0))).toBe(false);
  });
});
