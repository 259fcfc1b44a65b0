/**
 * Tolerant readers for the Grandstream phone Web API (seeds 000/001 + field notes): numbers as
 * strings and strings as numbers, objects where lists are expected, empty arrays for empty
 * objects, missing and extra fields, JSON served as text/plain. Every shape that cannot be read
 * becomes a `PhoneParseError` carrying what was wrong; the client turns it into a ProtocolError
 * naming the device and the endpoint.
 */
import type { Account, Contact, ContactGroup, ContactNumber, Line, LineState, PhoneStatus } from '../../../shared/domain';
import { tryParseJson } from '../common/http';
import { isRecord, ShapeError } from '../common/shape';
import type { PhoneEnvelope } from './types';

export class PhoneParseError extends ShapeError {
  constructor(message: string) {
    super(message);
    this.name = 'PhoneParseError';
  }
}

export { isRecord };

/** A scalar as trimmed text; '' for absent, null and objects. */
export function str(v: unknown): string {
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return '';
}

/** An integer from a number or numeric string; undefined otherwise. */
export function int(v: unknown): number | undefined {
  const s = str(v);
  if (!/^-?\d+$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : undefined;
}

export function bool(v: unknown): boolean | undefined {
  const s = str(v).toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(s)) return true;
  if (['0', 'false', 'no', 'off', ''].includes(s)) return s === '' ? undefined : false;
  return undefined;
}

/** First present field among aliases (case-insensitive keys). */
export function field(o: Record<string, unknown>, ...names: string[]): unknown {
  for (const n of names) if (n in o) return o[n];
  const lower = new Map(Object.keys(o).map((k) => [k.toLowerCase(), k]));
  for (const n of names) {
    const k = lower.get(n.toLowerCase());
    if (k !== undefined) return o[k];
  }
  return undefined;
}

/**
 * A list where the device may send a list, an object keyed by index/id, a single item object,
 * an empty array/object, an empty string or null. `looksLikeItem` tells a single item from a map.
 */
export function asList(v: unknown, looksLikeItem: (o: Record<string, unknown>) => boolean): unknown[] {
  if (v === undefined || v === null || v === '') return [];
  if (Array.isArray(v)) return v;
  if (isRecord(v)) {
    if (Object.keys(v).length === 0) return [];
    if (looksLikeItem(v)) return [v];
    return Object.values(v);
  }
  throw new PhoneParseError(`expected a list, got ${describe(v)}`);
}

export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `a list of ${v.length}`;
  if (typeof v === 'string') return `the text "${v.length > 40 ? v.slice(0, 40) + '…' : v}"`;
  if (isRecord(v)) return `an object with keys ${Object.keys(v).slice(0, 6).join(', ') || '(none)'}`;
  return `a ${typeof v}`;
}

const UNAUTHORIZED = /^(unauthori[sz]ed|session[ _-]?(expired|timeout|invalid)|not[ _-]?logged[ _-]?in|need[ _-]?login)$/i;

/**
 * Read an API answer by its content (never by Content-Type). Throws PhoneParseError when the body
 * is not JSON or has no recognisable shape.
 */
export function parseEnvelope(text: string): PhoneEnvelope {
  const t = text.replace(/^\uFEFF/, '').trim();
  if (UNAUTHORIZED.test(t)) return { kind: 'unauthorized', raw: t };
  const json = tryParseJson(t);
  if (json === undefined) {
    throw new PhoneParseError(t === '' ? 'the answer was empty' : `the answer is not JSON (${describe(t)})`);
  }
  if (!isRecord(json)) {
    if (typeof json === 'string' && UNAUTHORIZED.test(json.trim())) return { kind: 'unauthorized', raw: json };
    return { kind: 'bare', value: json };
  }
  const status = field(json, 'response', 'res', 'result', 'status');
  const statusText = typeof status === 'string' ? status.trim().toLowerCase() : undefined;
  const hasBody = 'body' in json || 'msg' in json || 'data' in json;
  const body = 'body' in json ? json.body : 'msg' in json ? json.msg : json.data;
  if (statusText === undefined) {
    return { kind: 'bare', value: json };
  }
  if (statusText === 'success' || statusText === 'ok') {
    // api-get_phone_status reports an expired session as a successful answer with body "unauthorized".
    if (typeof body === 'string' && UNAUTHORIZED.test(body.trim())) return { kind: 'unauthorized', raw: json };
    return { kind: 'success', body: hasBody ? body : json, raw: json };
  }
  if (statusText === 'error' || statusText === 'fail' || statusText === 'failed' || statusText === 'failure') {
    const detail = typeof body === 'string' ? body.trim() : isRecord(body) ? str(field(body, 'message', 'msg', 'reason', 'error', 'status')) : '';
    if (UNAUTHORIZED.test(detail)) return { kind: 'unauthorized', raw: json };
    const codeValue = field(json, 'code', 'error_code', 'errcode') ?? (isRecord(body) ? field(body, 'code', 'error_code', 'errcode') : undefined);
    const code = str(codeValue) || undefined;
    const message = detail || str(field(json, 'message', 'reason', 'error')) || 'no reason given';
    return { kind: 'error', code, message, raw: json };
  }
  if (UNAUTHORIZED.test(statusText)) return { kind: 'unauthorized', raw: json };
  throw new PhoneParseError(`unknown response status "${str(status)}"`);
}

// ---------------------------------------------------------------------------------------------
// Device values (api-values.get)

export interface DeviceValues {
  model: string;
  firmware: string;
  mac: string | undefined;
  vendor: string | undefined;
}

/**
 * The value names the driver asks api-values.get for. First the names of the manuals' own example
 * ("Return Values Request": `request=2:68:vendor_name`, answering "68", "7033", vendor_name,
 * vendor_fullname, hw_rev…), where "68" is the firmware version. The manuals name no model and no
 * MAC, so `phone_model`, `prog_version` and `mac` (served by sibling firmware) are asked in a
 * second request, only when something is still missing, and never in the same request: a phone
 * that refuses an unknown name then refuses only the fallback request.
 */
export const MANUAL_VALUE_KEYS = ['68', 'vendor_name', 'vendor_fullname', 'hw_rev'];
export const FALLBACK_VALUE_KEYS = ['phone_model', 'prog_version', 'mac'];

function macFormat(v: string): string | undefined {
  const hex = v.replace(/[^0-9a-f]/gi, '');
  if (hex.length !== 12) return v === '' ? undefined : v;
  return hex.toUpperCase().match(/../g)?.join(':');
}

/** The first of the named fields that has a non-empty value: a key answered as "" never hides a later one. */
export function filled(o: Record<string, unknown>, ...names: string[]): string {
  for (const n of names) {
    const v = str(field(o, n));
    if (v !== '') return v;
  }
  return '';
}

const MODEL_KEYS = ['phone_model', 'model', 'product_model', 'device_model'];
const FIRMWARE_KEYS = ['68', 'prog_version', 'firmware', 'fw_version', 'firmware_version'];
const MAC_KEYS = ['mac', 'mac_address', 'macaddr'];

export function parseDeviceValues(body: unknown): DeviceValues {
  if (!isRecord(body)) throw new PhoneParseError(`expected the values as an object, got ${describe(body)}`);
  const model = filled(body, ...MODEL_KEYS);
  const firmware = filled(body, ...FIRMWARE_KEYS);
  const mac = macFormat(filled(body, ...MAC_KEYS));
  const vendor = filled(body, 'vendor_name', 'vendor') || undefined;
  return { model: model || 'Grandstream phone', firmware: firmware || 'unknown', mac, vendor };
}

/** Whether the values still lack something the fallback names could give. */
export function valuesIncomplete(body: unknown): boolean {
  if (!isRecord(body)) return true;
  return filled(body, ...MODEL_KEYS) === '' || filled(body, ...FIRMWARE_KEYS) === '' || filled(body, ...MAC_KEYS) === '';
}

// ---------------------------------------------------------------------------------------------
// Line status (api-get_line_status)

/** Seed 001: 0 idle, 2 ringing, 3 calling, 4 in call, 5 hold, 8 failed. No other code is defined (1 included). */
const LINE_CODES: Record<string, LineState> = {
  '0': 'idle',
  '2': 'ringing',
  '3': 'calling',
  '4': 'connected',
  '5': 'held',
  '8': 'failed',
};

const LINE_WORDS: Record<string, LineState> = {
  idle: 'idle',
  free: 'idle',
  onhook: 'idle',
  ringing: 'ringing',
  incoming: 'ringing',
  calling: 'calling',
  dialing: 'calling',
  dialling: 'calling',
  ringback: 'calling',
  connected: 'connected',
  incall: 'connected',
  talking: 'connected',
  active: 'connected',
  onhold: 'held',
  hold: 'held',
  held: 'held',
  failed: 'failed',
  fail: 'failed',
  // Not in the field notes' word list: "busy" (a busy tone? a line in use?) is left to 'other'.
};

/** Map a documented numeric code or a word to the line state; anything else is 'other'. */
export function lineState(v: unknown): LineState {
  const s = str(v).toLowerCase().replace(/[\s_-]+/g, '');
  // own keys only: a word such as "constructor" must not find Object.prototype's members
  if (Object.hasOwn(LINE_CODES, s)) return LINE_CODES[s] as LineState;
  if (Object.hasOwn(LINE_WORDS, s)) return LINE_WORDS[s] as LineState;
  return 'other';
}

function looksLikeLine(o: Record<string, unknown>): boolean {
  return 'state' in o || 'line' in o || 'status' in o;
}

export function parseLines(body: unknown): Line[] {
  const list = asList(body, looksLikeLine);
  const out: Line[] = [];
  list.forEach((item, i) => {
    if (!isRecord(item)) throw new PhoneParseError(`line entry ${i + 1} is ${describe(item)}, not an object`);
    const line = int(field(item, 'line', 'id', 'line_id')) ?? i + 1;
    out.push({
      line,
      state: lineState(field(item, 'state', 'status', 'line_state')),
      remoteNumber: str(field(item, 'remotenumber', 'number', 'remote_number', 'num')),
      remoteName: str(field(item, 'remotename', 'name', 'remote_name')),
      account: int(field(item, 'acct', 'account', 'accountid')) ?? 0,
    });
  });
  return out.sort((a, b) => a.line - b.line);
}

// ---------------------------------------------------------------------------------------------
// Phone status (api-get_phone_status)

const PHONE_STATES: Record<string, PhoneStatus['state']> = {
  available: 'available',
  idle: 'available',
  ringing: 'ringing',
  busy: 'busy',
  incall: 'busy',
  talking: 'busy',
  unauthorized: 'unauthorized',
  unauthorised: 'unauthorized',
  offline: 'offline',
  unregistered: 'offline',
  unavailable: 'offline',
};

/**
 * `raw` is the whole answer (for `misc`), `body` its body. The manuals name available, ringing,
 * busy and unauthorized ("Get Phone Status"); any other word (or none) is 'other', with the word
 * kept in `reported`, because the field notes ask for tolerance and firmware has more states.
 */
export function parsePhoneStatus(body: unknown, raw: Record<string, unknown>): PhoneStatus {
  let word: string;
  let misc: unknown = field(raw, 'misc');
  if (isRecord(body)) {
    word = filled(body, 'status', 'state', 'phone_status');
    misc = misc ?? field(body, 'misc', 'clicktodial', 'click_to_dial');
  } else if (Array.isArray(body)) {
    word = '';
  } else {
    word = str(body);
  }
  const m = str(misc);
  const clickToDial = m === '' ? null : m === '1' || m.toLowerCase() === 'true';
  const key = word.toLowerCase().replace(/[\s_-]+/g, '');
  const state = Object.hasOwn(PHONE_STATES, key) ? PHONE_STATES[key] : undefined;
  if (state) return { state, clickToDial };
  // eslint-disable-next-line no-control-regex
  const reported = word.replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, 40);
  return reported === '' ? { state: 'other', clickToDial } : { state: 'other', clickToDial, reported };
}

// ---------------------------------------------------------------------------------------------
// Accounts (api-get_accounts)

function looksLikeAccount(o: Record<string, unknown>): boolean {
  return 'sip_id' in o || 'sip_server' in o || 'reg' in o;
}

export function parseAccounts(body: unknown): Account[] {
  return asList(body, looksLikeAccount).map((item, i) => {
    if (!isRecord(item)) throw new PhoneParseError(`account entry ${i + 1} is ${describe(item)}, not an object`);
    return {
      id: int(field(item, 'id', 'account', 'acct')) ?? i + 1,
      sipId: str(field(item, 'sip_id', 'sipid', 'userid', 'user_id')),
      server: str(field(item, 'sip_server', 'server', 'sipserver')),
      name: str(field(item, 'name', 'account_name', 'display_name')),
      registered: bool(field(item, 'reg', 'registered', 'status')) ?? false,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Contacts and groups (api-get_contacts, api-get_groups)

function looksLikeContact(o: Record<string, unknown>): boolean {
  return field(o, 'contactID', 'contactName', 'id', 'firstname') !== undefined && !Object.values(o).every(isRecord);
}

const NUMBER_FIELDS: [string[], ContactNumber['type']][] = [
  [['work', 'newphone1', 'office'], 'work'],
  [['home', 'newphone2'], 'home'],
  [['mobile', 'cell', 'newphone3'], 'mobile'],
  [['fax', 'newphone4'], 'fax'],
];

export function parseContact(item: unknown, index = 0): Contact {
  if (!isRecord(item)) throw new PhoneParseError(`contact entry ${index + 1} is ${describe(item)}, not an object`);
  const id = str(field(item, 'contactID', 'contactid', 'id'));
  if (id === '') throw new PhoneParseError(`contact entry ${index + 1} has no contactID`);
  const firstName = str(field(item, 'firstname', 'first_name', 'firstName'));
  const lastName = str(field(item, 'lastname', 'last_name', 'lastName'));
  const name = str(field(item, 'contactName', 'contactname', 'name')) || [firstName, lastName].filter(Boolean).join(' ');
  const numbers: ContactNumber[] = [];
  for (const [names, type] of NUMBER_FIELDS) {
    const n = str(field(item, ...names));
    if (n !== '') numbers.push({ type, number: n });
  }
  const contact: Contact = { id, name, numbers };
  if (firstName) contact.firstName = firstName;
  if (lastName) contact.lastName = lastName;
  const email = str(field(item, 'email', 'mail'));
  if (email) contact.email = email;
  const groupId = str(field(item, 'groupID', 'groupid', 'group'));
  if (groupId) contact.groupId = groupId;
  return contact;
}

export function parseContacts(body: unknown): Contact[] {
  return asList(body, looksLikeContact).map((item, i) => parseContact(item, i));
}

function looksLikeGroup(o: Record<string, unknown>): boolean {
  return field(o, 'groupID', 'groupName') !== undefined;
}

export function parseGroups(body: unknown): ContactGroup[] {
  return asList(body, looksLikeGroup).map((item, i) => {
    if (!isRecord(item)) throw new PhoneParseError(`group entry ${i + 1} is ${describe(item)}, not an object`);
    const id = str(field(item, 'groupID', 'groupid', 'id'));
    if (id === '') throw new PhoneParseError(`group entry ${i + 1} has no groupID`);
    return { id, name: str(field(item, 'groupName', 'groupname', 'name', 'body')) };
  });
}

/** Whether an operation answer means "handled": body "true", "", "ok", or an object with status "right". */
export function operationAccepted(body: unknown): boolean {
  if (body === undefined || body === null || body === true) return true;
  if (isRecord(body)) {
    const st = str(field(body, 'status', 'result')).toLowerCase();
    return st === '' || st === 'right' || st === 'true' || st === 'ok' || st === 'success';
  }
  const s = str(body).toLowerCase();
  return s !== 'false' && s !== 'wrong' && s !== 'fail' && s !== 'failed' && s !== 'error';
}
