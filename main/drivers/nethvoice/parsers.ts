/**
 * Tolerant readers for the NethVoice REST answers (MySQL rows as JSON). Lists may arrive as
 * arrays, as objects keyed by id, as `[]` standing for `{}`, or as PHP `null`; numbers may be
 * strings and strings numbers. Only whitelisted fields are copied: clear-text passwords, SIP
 * secrets and voicemail PINs never reach the returned objects. Unreadable shapes throw the
 * common ShapeError (re-exported here).
 */
import type { Contact, ContactNumber, PresenceEntry, PresenceState, VoicemailBox } from '../../../shared/domain';
import { isRecord, ShapeError } from '../common/shape';
import type { NvDevice, NvExtension, NvMailbox, NvUser } from './types';

export { isRecord, ShapeError };

/** A string or number as a trimmed string; anything else as ''. */
export function str(v: unknown): string {
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return '';
}

/**
 * A list of records from an array, an object keyed by id, a single record (recognised by `key`),
 * or an empty value. Returns [entryKey, record] pairs (entryKey is the object key, '' for arrays).
 */
export function records(v: unknown, key: string, what: string): [string, Record<string, unknown>][] {
  if (v === null || v === undefined || v === '') return [];
  if (Array.isArray(v)) return v.filter(isRecord).map((r) => ['', r]);
  if (isRecord(v)) {
    if (key in v && !isRecord(v[key])) return [['', v]];
    const entries = Object.entries(v);
    const recs = entries.filter((e): e is [string, Record<string, unknown>] => isRecord(e[1]));
    if (entries.length > 0 && recs.length === 0) {
      throw new ShapeError(`expected a list of ${what}, got an object with the keys ${entries.map((e) => e[0]).slice(0, 5).join(', ')}`);
    }
    return recs;
  }
  throw new ShapeError(`expected a list of ${what}, got ${typeof v === 'number' ? 'a bare number' : typeof v}`);
}

function flag(v: unknown): boolean | null {
  if (typeof v === 'boolean') return v;
  const s = str(v).toLowerCase();
  if (['1', 'true', 'yes', 'on', 'registered', 'online', 'ok', 'reachable'].includes(s)) return true;
  if (['0', 'false', 'no', 'off', 'unregistered', 'offline', 'unreachable', 'unavailable'].includes(s)) return false;
  return null;
}

const noneToEmpty = (s: string): string => (s.toLowerCase() === 'none' ? '' : s);

function parseDevice(d: Record<string, unknown>): NvDevice {
  let registered = flag(d['registered']);
  if (registered === null) registered = flag(d['online']);
  if (registered === null) registered = flag(d['status']);
  const state = [d['device_state'], d['state'], d['status']].map(str).find((s) => s && flag(s) === null) ?? '';
  return {
    id: str(d['id']),
    mac: str(d['mac']),
    vendor: str(d['vendor'] ?? d['manufacturer']),
    model: str(d['model']),
    type: str(d['type']) || 'physical',
    extension: str(d['extension']),
    mainExtension: str(d['mainextension']),
    registered,
    state,
  };
}

/** GET /users/{all}: userman rows with their devices. */
export function parseUsers(v: unknown): NvUser[] {
  const rows = records(v, 'username', 'users');
  const out: NvUser[] = [];
  for (const [, u] of rows) {
    const username = str(u['username']);
    if (!username) continue;
    const fname = str(u['fname']);
    const lname = str(u['lname']);
    const devices = records(u['devices'], 'mac', 'devices').map(([, d]) => parseDevice(d));
    out.push({
      id: str(u['id']),
      username,
      displayName: str(u['displayname']) || [fname, lname].filter(Boolean).join(' ') || str(u['name']) || username,
      firstName: fname,
      lastName: lname,
      extension: noneToEmpty(str(u['default_extension'] ?? u['extension'])),
      email: str(u['email']),
      company: str(u['company']),
      mobile: str(u['cell'] ?? u['mobile']),
      work: str(u['work']),
      home: str(u['home']),
      fax: str(u['fax']),
      devices,
    });
  }
  if (rows.length > 0 && out.length === 0) throw new ShapeError('none of the user entries has a username');
  return out;
}

/** GET /mainextensions (and /physicalextensions): FreePBX users+devices rows. */
export function parseExtensions(v: unknown): NvExtension[] {
  const rows = records(v, 'extension', 'extensions');
  const out: NvExtension[] = [];
  for (const [key, r] of rows) {
    const extension = str(r['extension']) || str(r['id']) || key;
    if (!extension) continue;
    const vm = str(r['voicemail']).toLowerCase();
    out.push({ extension, name: str(r['name']) || str(r['description']), hasVoicemail: vm === '' ? null : vm !== 'novm' });
  }
  if (rows.length > 0 && out.length === 0) throw new ShapeError('none of the extension entries has an extension number');
  return out;
}

/** GET /voicemails: an object keyed by mailbox, `[]` when there is none, or PHP `null`. */
export function parseVoicemails(v: unknown): NvMailbox[] {
  const out: NvMailbox[] = [];
  for (const [key, r] of records(v, 'mailbox', 'mailboxes')) {
    const mailbox = str(r['mailbox']) || key;
    if (mailbox) out.push({ mailbox, name: str(r['name']) });
  }
  return out;
}

// ---- domain ----

function addNumber(list: ContactNumber[], type: ContactNumber['type'], n: string): void {
  if (n && !list.some((x) => x.number === n)) list.push({ type, number: n });
}

/** The directory: users (with their numbers), then main extensions that have no user. */
export function toContacts(users: NvUser[], extensions: NvExtension[]): Contact[] {
  const out: Contact[] = [];
  const covered = new Set<string>();
  for (const u of users) {
    const numbers: ContactNumber[] = [];
    addNumber(numbers, 'work', u.extension);
    addNumber(numbers, 'work', u.work);
    addNumber(numbers, 'mobile', u.mobile);
    addNumber(numbers, 'home', u.home);
    addNumber(numbers, 'fax', u.fax);
    const c: Contact = { id: `user:${u.username}`, name: u.displayName, numbers };
    if (u.firstName) c.firstName = u.firstName;
    if (u.lastName) c.lastName = u.lastName;
    if (u.company) c.company = u.company;
    if (u.email) c.email = u.email;
    out.push(c);
    if (u.extension) covered.add(u.extension);
  }
  for (const e of extensions) {
    if (covered.has(e.extension)) continue;
    covered.add(e.extension);
    out.push({ id: `ext:${e.extension}`, name: e.name || e.extension, numbers: [{ type: 'work', number: e.extension }] });
  }
  return out;
}

function stateWord(s: string): PresenceState | null {
  const w = s.toLowerCase().replace(/[\s_-]+/g, '');
  if (['busy', 'inuse', 'onhold', 'incall'].includes(w)) return 'busy';
  if (['ringing', 'ringinuse'].includes(w)) return 'ringing';
  if (['idle', 'notinuse', 'available'].includes(w)) return 'available';
  return null;
}

/**
 * Presence of each user with an extension, from the registration state of the user's devices:
 * a call-state word wins (busy/ringing), any registered device → available, every device known
 * unregistered → offline, no device at all → offline, otherwise (the answer does not say) unknown.
 */
export function toPresence(users: NvUser[]): PresenceEntry[] {
  const out: PresenceEntry[] = [];
  for (const u of users) {
    if (!u.extension) continue;
    let state: PresenceState;
    const words = u.devices.map((d) => stateWord(d.state)).filter((s): s is PresenceState => s !== null);
    if (words.includes('busy')) state = 'busy';
    else if (words.includes('ringing')) state = 'ringing';
    else if (u.devices.length === 0) state = 'offline';
    else if (words.includes('available')) state = 'available';
    // A registration alone (NethServer 8 device rows carry `registered`) says nothing of calls: online.
    else if (u.devices.some((d) => d.registered === true)) state = 'online';
    else if (u.devices.every((d) => d.registered === false)) state = 'offline';
    else state = 'unknown';
    out.push({ extension: u.extension, name: u.displayName, state });
  }
  return out.sort((a, b) => a.extension.localeCompare(b.extension, undefined, { numeric: true }));
}

/** Mailboxes (enabled, counts unknown: this API has none), plus the reception extension's when absent. */
export function toVoicemailBoxes(boxes: NvMailbox[], reception?: string): VoicemailBox[] {
  const out: VoicemailBox[] = boxes.map((b) => ({ mailbox: b.mailbox, new: null, old: null, urgent: null, enabled: true }));
  if (reception && !boxes.some((b) => b.mailbox === reception)) {
    out.push({ mailbox: reception, new: null, old: null, urgent: null, enabled: false });
  }
  return out.sort((a, b) => (a.mailbox === reception ? -1 : b.mailbox === reception ? 1 : a.mailbox.localeCompare(b.mailbox, undefined, { numeric: true })));
}
