/**
 * Readers for the Grandstream Video Surveillance HTTP API (seed 002 + camera-api-notes.md):
 * `key=value` bodies (CRLF or LF, `channel=<n>` sections, repeated index groups), the status
 * lines of set/add/remove, systeminfo, motion and alarm I/O, and JPEG checks. Unreadable shapes
 * throw CameraParseError; the client turns them into ProtocolError naming device and endpoint.
 */
import type { PtzAction } from '../../../shared/domain';
import { ShapeError } from '../common/shape';

export class CameraParseError extends ShapeError {
  constructor(message: string) {
    super(message);
    this.name = 'CameraParseError';
  }
}

export interface KvPair {
  key: string;
  value: string;
  /** The `channel=<n>` section the pair is in; undefined before any channel line. */
  channel: number | undefined;
}

/** A status line of set/add/remove (or any call the device refuses). */
export type StatusLine =
  | { kind: 'ok'; needReboot: boolean }
  | { kind: 'no-privilege' }
  | { kind: 'invalid'; param: string }
  | { kind: 'missing'; param: string };

/** Read the status line, if the body is one. Returns undefined for a `key=value` body or anything else. */
export function parseStatusLine(text: string): StatusLine | undefined {
  const first = text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .map((l) => l.trim())
    .find((l) => l !== '');
  if (first === undefined || first.includes('=')) return undefined;
  if (/^successful(ly)?$/i.test(first)) return { kind: 'ok', needReboot: false };
  if (/^successful(ly)?[\s,]+need[\s_-]*(to[\s_-]*)?reboot$/i.test(first)) return { kind: 'ok', needReboot: true };
  if (/^no[\s_-]*privilege$/i.test(first)) return { kind: 'no-privilege' };
  const m = /^(.+?)\s+(invalid|missing)$/i.exec(first);
  if (m) {
    const param = (m[1] ?? '').trim();
    return (m[2] ?? '').toLowerCase() === 'invalid' ? { kind: 'invalid', param } : { kind: 'missing', param };
  }
  return undefined;
}

/**
 * Parse a `cmd=get` body: one `name=value` per line (CRLF or LF), blank lines and stray plain-word
 * lines ignored, values may contain '='. A `channel=<n>` line opens a channel section. Throws
 * CameraParseError when the body holds no pair at all, or a line that is markup or binary garbage.
 */
export function parseKeyValues(text: string): KvPair[] {
  const out: KvPair[] = [];
  let channel: number | undefined;
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '') continue;
    const eq = line.indexOf('=');
    if (eq < 0 && /^[A-Za-z0-9 _.:-]+$/.test(line)) continue; // a stray word line (e.g. a trailing status word)
    if (eq <= 0) throw new CameraParseError(`line ${i + 1} is not a name=value pair (${JSON.stringify(line.slice(0, 40))})`);
    const key = line.slice(0, eq).trim();
    if (!/^[A-Za-z0-9_.[\]-]+$/.test(key)) throw new CameraParseError(`line ${i + 1} has an unreadable name (${JSON.stringify(key.slice(0, 40))})`);
    const value = line.slice(eq + 1).trim();
    if (key.toLowerCase() === 'channel' && /^\d+$/.test(value)) {
      channel = Number(value);
      continue;
    }
    out.push({ key, value, channel });
  }
  if (out.length === 0) throw new CameraParseError('the answer holds no name=value pair');
  return out;
}

/** The values of one section as a record (first occurrence wins). `channel` undefined = the pairs before any channel line, else channel 0's. */
export function kvRecord(pairs: KvPair[], channel?: number): Record<string, string> {
  const out: Record<string, string> = {};
  const hasSections = pairs.some((p) => p.channel !== undefined);
  for (const p of pairs) {
    const inSection = channel === undefined ? p.channel === undefined || (hasSections && p.channel === 0) : p.channel === channel;
    if (inSection && !(p.key in out)) out[p.key] = p.value;
  }
  return out;
}

/** The channel numbers present in a body (empty for single-channel answers). */
export function kvChannels(pairs: KvPair[]): number[] {
  return [...new Set(pairs.map((p) => p.channel).filter((c): c is number => c !== undefined))];
}

/**
 * Repeated groups opened by an index line (e.g. `md_regn_index=0`): each group holds the index
 * pair and the pairs up to the next index line. Pairs before the first index line are not in any group.
 */
export function kvGroups(pairs: KvPair[], indexKey: string): Record<string, string>[] {
  const groups: Record<string, string>[] = [];
  let cur: Record<string, string> | undefined;
  for (const p of pairs) {
    if (p.key === indexKey) {
      cur = { [p.key]: p.value };
      groups.push(cur);
    } else if (cur && !(p.key in cur)) {
      cur[p.key] = p.value;
    }
  }
  return groups;
}

/** All values of a key, in order, including numbered variants (`alarmin_status`, `alarmin_status1`, `alarmin_status_2`). */
export function kvAll(pairs: KvPair[], key: string): string[] {
  const re = new RegExp(`^${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:[_-]?(\\d+))?$`, 'i');
  const numbered: { n: number; order: number; value: string }[] = [];
  pairs.forEach((p, order) => {
    const m = re.exec(p.key);
    if (m) numbered.push({ n: m[1] === undefined ? -1 : Number(m[1]), order, value: p.value });
  });
  // Numbered keys sort by their number; plain repeated keys keep document order.
  return numbered.sort((a, b) => (a.n === b.n ? a.order - b.order : a.n - b.n)).map((x) => x.value);
}

/**
 * The indexes of repeated blocks: the values of `indexKey` when present, else 0..count-1 from
 * `countKey`, else [0] (a single block).
 */
export function indexList(pairs: KvPair[], indexKey: string, countKey: string): number[] {
  const idx = [...new Set(kvAll(pairs, indexKey).filter((v) => /^\d+$/.test(v)).map(Number))];
  if (idx.length > 0) return idx;
  const count = kvRecord(pairs)[countKey];
  if (count !== undefined) {
    if (!/^\d+$/.test(count) || Number(count) > 64) throw new CameraParseError(`${countKey} is "${count.slice(0, 20)}", expected a small number`);
    return Array.from({ length: Number(count) }, (_, i) => i);
  }
  return [0];
}

// ---------------------------------------------------------------------------------------------

export interface SystemInfo {
  model: string;
  firmware: string;
  mac: string | undefined;
}

function macFormat(v: string | undefined): string | undefined {
  if (!v) return undefined;
  const hex = v.replace(/[^0-9a-f]/gi, '');
  if (hex.length !== 12) return v;
  return hex.toUpperCase().match(/../g)?.join(':');
}

export function parseSystemInfo(pairs: KvPair[]): SystemInfo {
  const r = kvRecord(pairs);
  const model = r.productmode ?? r.productmodel ?? r.product_model ?? r.model ?? r.cameratype ?? '';
  const firmware = r.firmwareversion ?? r.firmware_version ?? r.baseversion ?? r.coreversion ?? '';
  if (model === '' && firmware === '') throw new CameraParseError('systeminfo has neither productmode nor firmwareversion');
  return { model: model || 'Grandstream camera', firmware: firmware || 'unknown', mac: macFormat(r.mac) };
}

/** PTZ is for the GXV3500/GXV3504 encoders only (camera-api-notes.md). */
export function supportsPtz(model: string): boolean {
  return /GXV\s*-?\s*350[04]/i.test(model);
}

/** What a motion status answer says: a flag, no status field at all (e.g. the settings), or a value that is neither 0 nor 1. */
export type MotionReading = { kind: 'flag'; motion: boolean } | { kind: 'absent' } | { kind: 'unreadable'; value: string };

/**
 * `md_alarm_statu`: 0 no alarm, 1 alarming now (Grandstream Video Surveillance HTTP API, motion
 * detection, "MD Alarm State"). Several channels: alarming when any channel is; otherwise every
 * channel must read 0 for "no motion".
 */
export function readMotionStatus(pairs: KvPair[]): MotionReading {
  const values = [...kvAll(pairs, 'md_alarm_statu'), ...kvAll(pairs, 'md_alarm_status')].map((v) => v.trim());
  if (values.length === 0) return { kind: 'absent' };
  if (values.includes('1')) return { kind: 'flag', motion: true };
  const bad = values.find((v) => v !== '0');
  return bad === undefined ? { kind: 'flag', motion: false } : { kind: 'unreadable', value: bad.slice(0, 20) };
}

/** The motion flag, or CameraParseError when the answer holds no readable md_alarm_statu. */
export function parseMotionStatus(pairs: KvPair[]): boolean {
  const r = readMotionStatus(pairs);
  if (r.kind === 'absent') throw new CameraParseError('the answer has no md_alarm_statu');
  if (r.kind === 'unreadable') throw new CameraParseError(`md_alarm_statu is "${r.value}", expected 0 or 1`);
  return r.motion;
}

/**
 * An alarm I/O type or status as 0 (Normal Open / Open) or 1 (Normal Close / Close); null for an
 * empty or unknown value. Grandstream Video Surveillance HTTP API, System Settings: alarmin_type
 * "0 Normal Open 1 Normal Close", alarmin_status "0 Open 1 Close".
 */
export function ioBit(v: string | undefined): 0 | 1 | null {
  const s = (v ?? '').trim().toLowerCase().replace(/^normal(ly)?[\s_-]*/, '');
  if (s === '0' || s === 'open') return 0;
  if (s === '1' || s === 'close' || s === 'closed') return 1;
  return null;
}

/**
 * Alarm inputs/outputs of the `device` module: an I/O is alarming when its status differs from its
 * normal type (type 0 Normal Open with status 1 Close, or type 1 Normal Close with status 0 Open).
 * One type applies to every status when the device sends fewer types than statuses; no type at
 * all means Normal Open (the default). An empty or unknown status or type gives null: unknown,
 * never an error.
 */
export function alarmStates(pairs: KvPair[], prefix: 'alarmin' | 'alarmout'): (boolean | null)[] {
  const statuses = kvAll(pairs, `${prefix}_status`);
  const types = kvAll(pairs, `${prefix}_type`);
  return statuses.map((s, i) => {
    const status = ioBit(s);
    const typeRaw = types[i] ?? types[0];
    const type = typeRaw === undefined ? 0 : ioBit(typeRaw);
    return status === null || type === null ? null : status !== type;
  });
}

export interface AlarmIo {
  /** As MotionStatus.alarmInputs: empty when no input state is known, an unknown one reads false. */
  alarmInputs: boolean[];
  alarmOutputs: boolean[];
  /** Every input, null where the value was empty or unknown. */
  alarmInputStates: (boolean | null)[];
  alarmOutputStates: (boolean | null)[];
}

const known = (states: (boolean | null)[]): boolean[] => (states.every((s) => s === null) ? [] : states.map((s) => s === true));

export function parseAlarmIo(pairs: KvPair[]): AlarmIo {
  const inputs = alarmStates(pairs, 'alarmin');
  const outputs = alarmStates(pairs, 'alarmout');
  return { alarmInputs: known(inputs), alarmOutputs: known(outputs), alarmInputStates: inputs, alarmOutputStates: outputs };
}

/** Alarm I/O when the `device` module could not be read: nothing is known. */
export const UNKNOWN_ALARM_IO: Readonly<AlarmIo> = Object.freeze({ alarmInputs: [], alarmOutputs: [], alarmInputStates: [], alarmOutputStates: [] });

// ---------------------------------------------------------------------------------------------

export const PTZ_CODES: Record<PtzAction, number> = {
  stop: 0,
  up: 1,
  down: 2,
  left: 3,
  right: 4,
  'up-left': 5,
  'down-left': 6,
  'up-right': 7,
  'down-right': 8,
  'zoom-in': 9,
  'zoom-out': 10,
  'focus-near': 11,
  'focus-far': 12,
  'iris-open': 13,
  'iris-close': 14,
  home: 15,
  'auto-pan': 18,
  'stop-auto-pan': 19,
};

/**
 * `ptzparam` range per action (Grandstream Video Surveillance HTTP API, PTZ): a speed 0-63 for
 * moves, zoom, focus, iris and auto pan; a preset 0-127 for the default-position commands (15-17),
 * of which Frontdesk sends 15 (`home`).
 */
export function ptzParamRange(action: PtzAction): { max: number; what: 'speed' | 'preset' } {
  return action === 'home' ? { max: 127, what: 'preset' } : { max: 63, what: 'speed' };
}

export const MAX_SNAPSHOT_BYTES = 8 * 1024 * 1024;

/** A JPEG starts with SOI (FF D8) and ends with EOI (FF D9); trailing CR/LF/NUL padding is tolerated. */
export function isJpeg(bytes: Uint8Array): boolean {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return false;
  let end = bytes.length;
  const floor = Math.max(2, bytes.length - 16);
  while (end > floor && (bytes[end - 1] === 0x0a || bytes[end - 1] === 0x0d || bytes[end - 1] === 0x00)) end--;
  return bytes[end - 2] === 0xff && bytes[end - 1] === 0xd9;
}
