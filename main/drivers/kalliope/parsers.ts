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

export function parseRegistrations(root: Record<string, unknown>): KpbxRegistration[] {
  return collection(root, 'registrations', 'registration').map((r) => ({
    exten: text(r['exten']),
    status: extraState(r) || text(r['status']),
  }));
}

/** Undocumented call-state words some firmware (and our simulator) add next to the documented ones. */
function extraState(r: Record<string, unknown>): string {
  for (const k of ['device_state', 'call_state', 'state', 'presence']) {
    const v = text(r[k]);
    if (v) return v;
  }
  return '';
}

export function parseUsersBrief(root: Record<string, unknown>): KpbxUserBrief[] {
  return collection(root, 'users', 'user').map((u) => ({
    exten: text(u['exten']),
    enabled: bool(u['enabled']),
    firstName: text(u['first_name']),
    lastName: text(u['last_name']),
    state: extraState(u),
  }));
}

const WORDS: Record<string, PresenceState> = {
  ok: 'available',
  reachable: 'available',
  registered: 'available',
  available: 'available',
  idle: 'available',
  not_inuse: 'available',
  online: 'available',
  inuse: 'busy',
  in_use: 'busy',
  busy: 'busy',
  onhold: 'busy',
  on_hold: 'busy',
  ringing: 'ringing',
  ringinuse: 'ringing',
  unreachable: 'offline',
  unavailable: 'offline',
  unregistered: 'offline',
  offline: 'offline',
  lagged: 'available',
};

export function presenceWord(s: string): PresenceState {
  return WORDS[s.trim().toLowerCase().replace(/[\s-]+/g, '_')] ?? 'unknown';
}

/**
 * Presence from the registrations (reachability, and call state where the firmware adds it) and
 * the users brief (names, enabled flag). A disabled or unregistered extension is offline.
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
    const reg = byExt.get(u.exten);
    let state: PresenceState;
    if (u.enabled === false) state = 'offline';
    else if (!reg) state = 'offline';
    else {
      state = presenceWord(reg.status);
      // the brief's own state word (if any) refines a reachable registration
      if (state === 'available' && u.state) {
        const s = presenceWord(u.state);
        if (s === 'busy' || s === 'ringing') state = s;
      }
    }
    out.push({ extension: u.exten, name, state });
  }
  for (const r of regs) {
    if (!r.exten || seen.has(r.exten)) continue;
    seen.add(r.exten);
    out.push({ extension: r.exten, name: '', state: presenceWord(r.status) });
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
