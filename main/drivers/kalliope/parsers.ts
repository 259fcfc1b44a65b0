import type { CallGroup, Contact, PresenceEntry, PresenceState, VoicemailBox } from '../../../shared/domain';
import type { KpbxContact, KpbxFirmware, KpbxRegistration, KpbxUserBrief, KpbxVoicemailCount } from './types';
import { ShapeError } from '../common/shape';
import { bool, int, isRecord, list, text } from './xml';

/**
 * Parsers from a parsed `<kpbx_response>` root to raw records and on to domain types.
 * They throw ShapeError when the expected element is missing; the driver turns that into a
 * ProtocolError naming the device and the endpoint.
 */
export { ShapeError };

/** `<outer><inner>…</inner>…</outer>` → list of inner records; an empty `<outer/>` is an empty list. */
function collection(root: Record<string, unknown>, outer: string, inner: string): Record<string, unknown>[] {
  if (!(outer in root)) throw new ShapeError(`<${outer}> is missing`);
  const o = root[outer];
  if (o === '' || o === null) return [];
  if (Array.isArray(o)) return o.flatMap((x) => (isRecord(x) ? list(x[inner]) : []));
  if (!isRecord(o)) throw new ShapeError(`<${outer}> is not an element list`);
  return list(o[inner]);
}

/** Strip the quotes the seed shows around some numbers (`<called_num>"..."</called_num>`). */
export function unquote(s: string): string {
  return s.length >= 2 && s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1).trim() : s;
}

// ---- phonebook ----

export function parseContacts(root: Record<string, unknown>): KpbxContact[] {
  return collection(root, 'contacts', 'contact').map((c) => ({
    id: text(c['id']),
    firstName: text(c['first_name']),
    lastName: text(c['last_name']),
    organization: text(c['organization']),
    organizationalUnit: text(c['organizational_unit']),
    type: text(c['type']),
    phone: unquote(text(c['phone'])),
    mail: text(c['mail']),
    speedDial: text(c['speed_dial']),
  }));
}

export function toContact(c: KpbxContact): Contact {
  const name = [c.firstName, c.lastName].filter(Boolean).join(' ') || c.organization || c.phone;
  const out: Contact = { id: c.id, name, numbers: c.phone ? [{ type: 'work', number: c.phone }] : [] };
  if (c.firstName) out.firstName = c.firstName;
  if (c.lastName) out.lastName = c.lastName;
  if (c.organization) out.company = c.organization;
  if (c.mail) out.email = c.mail;
  return out;
}

// ---- users ----

/**
 * KalliopePBX REST API 1.1, /users/registrations: exten, status (OK/UNREACHABLE/UNKNOWN), rtt,
 * contact, ip, port, useragent. Nothing in it says whether the extension is in a call.
 */
export function parseRegistrations(root: Record<string, unknown>): KpbxRegistration[] {
  return collection(root, 'registrations', 'registration').map((r) => ({
    exten: text(r['exten']),
    status: text(r['status']),
    contact: 'contact' in r ? text(r['contact']) : null,
    ip: 'ip' in r ? text(r['ip']) : null,
  }));
}

/** KalliopePBX REST API 1.1, /users/brief: exten, enabled, first_name, last_name. */
export function parseUsersBrief(root: Record<string, unknown>): KpbxUserBrief[] {
  return collection(root, 'users', 'user').map((u) => ({
    exten: text(u['exten']),
    enabled: bool(u['enabled']),
    firstName: text(u['first_name']),
    lastName: text(u['last_name']),
  }));
}

/** Registration status words: registered (reachable or not monitored), not reachable. */
const REGISTERED = new Set(['ok', 'reachable', 'registered', 'lagged', 'unmonitored']);
const NOT_REACHABLE = new Set(['unreachable', 'unavailable', 'unregistered', 'offline']);

/**
 * What one registration says, and only that: 'online' = registered (no call state known),
 * 'offline' = unreachable or not registered, 'unknown' = the PBX does not know. A status other
 * than registered/unreachable whose contact and address are both given empty is no registration
 * at all (an enabled extension without a phone): offline. Busy and ringing never come from here.
 */
export function registrationState(r: KpbxRegistration | undefined): PresenceState {
  if (!r) return 'offline';
  const w = r.status.trim().toLowerCase().replace(/[\s-]+/g, '_');
  if (REGISTERED.has(w)) return 'online';
  if (NOT_REACHABLE.has(w)) return 'offline';
  if (r.contact === '' && r.ip === '') return 'offline';
  return 'unknown';
}

/**
 * Presence from the registrations (registered / unreachable / unknown) and the users brief
 * (names, enabled flag). A disabled or unregistered extension is offline. Busy and ringing are
 * not in these answers: whoever watches the phones adds them.
 */
export function toPresence(brief: KpbxUserBrief[], regs: KpbxRegistration[]): PresenceEntry[] {
  const byExt = new Map<string, KpbxRegistration>();
  for (const r of regs) if (r.exten) byExt.set(r.exten, r);
  const out: PresenceEntry[] = [];
  const seen = new Set<string>();
  for (const u of brief) {
    if (!u.exten || seen.has(u.exten)) continue;
    seen.add(u.exten);
    const name = [u.firstName, u.lastName].filter(Boolean).join(' ');
    const state: PresenceState = u.enabled === false ? 'offline' : registrationState(byExt.get(u.exten));
    out.push({ extension: u.exten, name, state });
  }
  for (const r of regs) {
    if (!r.exten || seen.has(r.exten)) continue;
    seen.add(r.exten);
    out.push({ extension: r.exten, name: '', state: registrationState(r) });
  }
  return out.sort((a, b) => a.extension.localeCompare(b.extension, undefined, { numeric: true }));
}

// ---- pbx ----

export function parseCallGroups(root: Record<string, unknown>): CallGroup[] {
  return collection(root, 'callgroups', 'callgroup').map((g) => {
    const members: string[] = [];
    const prios = isRecord(g['priorities']) ? list(g['priorities']['priority']) : [];
    for (const p of prios) {
      const ms = isRecord(p['members']) ? list(p['members']['member']) : [];
      for (const m of ms) {
        const e = text(m['exten']);
        if (e && !members.includes(e)) members.push(e);
      }
    }
    return { id: text(g['id']), name: text(g['name']), extension: text(g['selection']), members };
  });
}

// ---- system ----

export function parseFirmware(root: Record<string, unknown>): KpbxFirmware {
  const f = root['firmware'];
  if (!isRecord(f)) throw new ShapeError('<firmware> is missing');
  return { primary: text(f['primary']), secondary: text(f['secondary']), running: text(f['running']) };
}

/** The running firmware version: the slot `running` names, or `running` itself if it is a version. */
export function runningVersion(f: KpbxFirmware): string {
  const r = f.running.toLowerCase();
  if (r === 'secondary') return f.secondary || 'unknown';
  if (r === 'primary') return f.primary || 'unknown';
  return f.running || f.primary || 'unknown';
}

// ---- voicemail ----

/** Counts of one mailbox; null when the PBX answers an empty `<voicemails/>` (no such mailbox). */
export function parseVoicemailCount(root: Record<string, unknown>): KpbxVoicemailCount | null {
  let vm: Record<string, unknown> | undefined;
  const outer = root['voicemails'];
  if (outer === '') return null;
  if (isRecord(outer)) vm = list(outer['voicemail'])[0];
  else if (isRecord(root['voicemail'])) vm = root['voicemail'];
  if (!vm) throw new ShapeError('<voicemails><voicemail> is missing');
  return { urgent: int(vm['urg_messages']), new: int(vm['new_messages']), old: int(vm['old_messages']) };
}

export function toVoicemailBox(mailbox: string, c: KpbxVoicemailCount | null, enabled: boolean | null): VoicemailBox {
  return { mailbox, new: c?.new ?? null, old: c?.old ?? null, urgent: c?.urgent ?? null, enabled };
}
