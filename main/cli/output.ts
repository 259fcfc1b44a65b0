/**
 * Projections onto the public JSON shapes of shared/domain.ts. The CLI prints exactly these
 * fields, so a driver that carries extra data (raw device fields, PINs) can never leak it.
 */
import type {
  Account,
  CallHistoryEntry,
  Contact,
  Line,
  PhoneStatus,
  PresenceEntry,
  ProbeResult,
  VoicemailBox,
} from '../../shared/domain';

/** Copy only the keys listed, dropping those that are undefined. */
function pick<T extends object, K extends keyof T>(v: T, keys: readonly K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const k of keys) if (v[k] !== undefined) out[k] = v[k];
  return out;
}

const nullable = <T>(v: T | null | undefined): T | null => (v === undefined ? null : v);

/**
 * `family` and `generation` appear when the driver reports them, `userLimits` for NethVoice on
 * NethServer 8 (`{"edition","configured","limit","configurable"}`): optional fields of the contract.
 */
export function probeJson(p: ProbeResult): ProbeResult {
  const out: ProbeResult = { ...pick(p, ['kind', 'model', 'firmware', 'mac']), capabilities: [...p.capabilities], ...pick(p, ['family', 'generation']) };
  if (p.userLimits) out.userLimits = pick(p.userLimits, ['edition', 'configured', 'limit', 'configurable']);
  return out;
}

/** `reported` (the phone's own word) only appears with state "other". */
export function statusJson(s: PhoneStatus): PhoneStatus {
  const out: PhoneStatus = { state: s.state, clickToDial: nullable(s.clickToDial) };
  if (s.state === 'other' && s.reported !== undefined) out.reported = s.reported;
  return out;
}

export function linesJson(lines: readonly Line[]): Line[] {
  return lines.map((l) => ({ line: l.line, state: l.state, remoteNumber: l.remoteNumber, remoteName: l.remoteName, account: l.account }));
}

export function accountsJson(accounts: readonly Account[]): Account[] {
  return accounts.map((a) => ({ id: a.id, sipId: a.sipId, server: a.server, name: a.name, registered: a.registered }));
}

export function contactsJson(contacts: readonly Contact[]): Contact[] {
  return contacts.map((c) => ({
    ...pick(c, ['id', 'name', 'firstName', 'lastName', 'company']),
    numbers: c.numbers.map((n) => ({ type: n.type, number: n.number })),
    ...pick(c, ['email', 'groupId']),
  }));
}

export function voicemailJson(boxes: readonly VoicemailBox[]): VoicemailBox[] {
  return boxes.map((b) => ({
    mailbox: b.mailbox,
    new: nullable(b.new),
    old: nullable(b.old),
    urgent: nullable(b.urgent),
    enabled: nullable(b.enabled),
  }));
}

export function presenceJson(entries: readonly PresenceEntry[]): PresenceEntry[] {
  return entries.map((e) => ({ extension: e.extension, name: e.name, state: e.state }));
}

export function historyJson(entries: readonly CallHistoryEntry[]): CallHistoryEntry[] {
  return entries.map((h) => ({
    id: h.id,
    start: h.start,
    durationSec: nullable(h.durationSec),
    billSec: nullable(h.billSec),
    from: h.from,
    ...pick(h, ['fromName']),
    to: h.to,
    ...pick(h, ['toName']),
    direction: h.direction,
    disposition: h.disposition,
  }));
}

/** stdout: one compact JSON document and a newline. */
export function jsonLine(value: unknown): string {
  return `${JSON.stringify(value)}\n`;
}
