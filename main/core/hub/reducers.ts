/**
 * Reducers: a driver's observation → entities in the store, and the derived events.
 * Each compares with what the store holds and touches nothing when nothing changed, so an idle
 * office produces no patch. Presence merges the PBX's registrations with what the watched phones
 * say: a phone with a ringing line makes its extension `ringing`, a call makes it `busy`.
 */
import type { Line, MotionStatus, PresenceEntry, PresenceState, VoicemailBox } from '../../../shared/domain';
import {
  callKey,
  cameraKey,
  extKey,
  lineKey,
  mailboxKey,
  type CallEntity,
  type CameraEntity,
  type ExtensionEntity,
  type LineEntity,
  type MailboxEntity,
  type MatchedContact,
} from '../../../shared/office';
import { iso, type Clock } from '../clock';
import type { EventBus } from '../events';
import type { ContactIndex } from '../contacts/index';
import { ACTIVE_STATES, CallTracker } from './calls';
import type { CallHistory } from './history';
import type { EntityStore } from './store';

/** How many finished calls stay in the live state as `call/<id>` entities. */
export const RECENT_CALLS = 20;

export type PhoneActivity = 'idle' | 'ringing' | 'busy';

interface PhoneWatch {
  phoneId: string;
  activity: PhoneActivity;
  online: boolean;
}

export interface ReducerDeps {
  store: EntityStore;
  events: EventBus;
  clock: Clock;
  contacts: () => ContactIndex;
  history: CallHistory;
  deviceName: (id: string) => string;
}

export class Reducers {
  readonly calls = new CallTracker();
  /** Phones by the extension their account is registered as. */
  private readonly phoneByExt = new Map<string, PhoneWatch>();
  private readonly extOfPhone = new Map<string, string>();
  /** Base presence from the PBXs, by ext key. */
  private readonly basePresence = new Map<string, { sourceId: string; entry: PresenceEntry }>();
  private readonly extKeysBySource = new Map<string, Set<string>>();
  private readonly lineCount = new Map<string, number>();
  private readonly recent: string[] = [];

  constructor(private readonly d: ReducerDeps) {}

  private now(): string {
    return iso(this.d.clock.now());
  }

  // ---------- phones ----------

  /** Tell the reducers which extension a phone answers for (from its config). */
  watchPhone(phoneId: string, extension: string | undefined): void {
    const old = this.extOfPhone.get(phoneId);
    if (old) {
      this.phoneByExt.delete(old);
      this.extOfPhone.delete(phoneId);
      this.d.store.remove(extKey(phoneId, old));
      this.refreshExt(old);
    }
    if (extension) {
      this.phoneByExt.set(extension, { phoneId, activity: 'idle', online: false });
      this.extOfPhone.set(phoneId, extension);
      this.refreshExt(extension);
    }
  }

  /** Apply a phone's line status. Returns true while a line rings or is in a call (fast polling). */
  lines(deviceId: string, lines: readonly Line[]): boolean {
    const store = this.d.store;
    let active = false;
    let ringing = false;
    let now: string | undefined;
    const prevCount = this.lineCount.get(deviceId) ?? 0;
    let maxLine = 0;
    for (const l of lines) {
      if (l.line > maxLine) maxLine = l.line;
      if (ACTIVE_STATES.has(l.state)) active = true;
      if (l.state === 'ringing') ringing = true;
      const key = lineKey(deviceId, l.line);
      const prev = store.get(key) as LineEntity | undefined;
      if (prev && prev.state === l.state && prev.remoteNumber === l.remoteNumber && prev.account === l.account && (l.remoteName === '' || l.remoteName === prev.remoteName)) continue;
      now ??= this.now();
      const sameParty = prev !== undefined && prev.remoteNumber === l.remoteNumber;
      let contact: MatchedContact | undefined;
      let company = sameParty ? prev.remoteCompany : undefined;
      let contactKey = sameParty ? prev.contactKey : undefined;
      let name = l.remoteName;
      if (!sameParty && l.remoteNumber) {
        const m = this.d.contacts().lookup(l.remoteNumber);
        if (m) {
          contact = { key: m.contact.key, name: m.contact.name, source: m.contact.sourceLabel, ...(m.contact.company ? { company: m.contact.company } : {}) };
          company = m.contact.company;
          contactKey = m.contact.key;
          if (!name) name = m.contact.name;
        }
      } else if (!name && sameParty) name = prev.remoteName;
      const next: LineEntity = {
        type: 'line',
        deviceId,
        line: l.line,
        state: l.state,
        remoteNumber: l.remoteNumber,
        remoteName: name,
        ...(company ? { remoteCompany: company } : {}),
        ...(contactKey ? { contactKey } : {}),
        account: l.account,
        since: prev && prev.state === l.state ? prev.since : now,
      };
      store.put(key, next);
      this.callUpdates(key, prev, next, now, contact);
    }
    // Lines the phone no longer reports.
    if (prevCount > lines.length || maxLine < prevCount) {
      const seen = new Set(lines.map((l) => l.line));
      for (const key of store.keysWithPrefix(`line/${deviceId}/`)) {
        const n = Number(key.slice(key.lastIndexOf('/') + 1));
        if (seen.has(n)) continue;
        const prev = store.get(key) as LineEntity;
        store.remove(key);
        this.callUpdates(key, prev, undefined, (now ??= this.now()));
      }
    }
    this.lineCount.set(deviceId, Math.max(maxLine, lines.length));
    this.phoneActivity(deviceId, ringing ? 'ringing' : active ? 'busy' : 'idle', true);
    return active;
  }

  /** A phone went offline or was removed: its lines are unknown now. */
  dropPhone(deviceId: string, removed: boolean): void {
    for (const key of this.d.store.keysWithPrefix(`line/${deviceId}/`)) {
      const prev = this.d.store.get(key) as LineEntity;
      this.d.store.remove(key);
      this.callUpdates(key, prev, undefined, this.now());
    }
    this.lineCount.delete(deviceId);
    this.phoneActivity(deviceId, 'idle', false);
    if (removed) this.watchPhone(deviceId, undefined);
  }

  private callUpdates(key: string, prev: LineEntity | undefined, next: LineEntity | undefined, now: string, contact?: MatchedContact): void {
    for (const u of this.calls.onLine(key, prev, next, now, contact)) {
      const base = { deviceId: u.call.deviceId, deviceName: this.d.deviceName(u.call.deviceId), at: now, call: u.call };
      if (u.transition === 'incoming') this.d.events.emit('call.incoming', base);
      else if (u.transition === 'answered') this.d.events.emit('call.answered', base);
      else if (u.transition === 'ended') {
        this.d.events.emit('call.ended', base);
        if (u.call.missed) this.d.events.emit('call.missed', base);
        this.d.history.record(u.call);
      }
      this.putCall(u.call);
    }
  }

  private putCall(call: CallEntity): void {
    const key = callKey(call.id);
    if (!this.d.store.get(key)) {
      this.recent.push(key);
      while (this.recent.length > RECENT_CALLS) this.d.store.remove(this.recent.shift() as string);
    }
    this.d.store.put(key, call);
  }

  private phoneActivity(phoneId: string, activity: PhoneActivity, online: boolean): void {
    const ext = this.extOfPhone.get(phoneId);
    if (!ext) return;
    const w = this.phoneByExt.get(ext);
    if (!w || (w.activity === activity && w.online === online)) return;
    w.activity = activity;
    w.online = online;
    this.refreshExt(ext);
  }

  // ---------- presence ----------

  presence(sourceId: string, entries: readonly PresenceEntry[]): void {
    const keys = new Set<string>();
    for (const entry of entries) {
      const key = extKey(sourceId, entry.extension);
      keys.add(key);
      this.basePresence.set(key, { sourceId, entry });
      this.putExt(key, sourceId, entry);
    }
    const old = this.extKeysBySource.get(sourceId);
    if (old) for (const k of old) if (!keys.has(k)) {
      this.basePresence.delete(k);
      this.d.store.remove(k);
    }
    this.extKeysBySource.set(sourceId, keys);
    for (const ext of this.phoneByExt.keys()) this.refreshExt(ext);
  }

  dropPresence(sourceId: string): void {
    for (const k of this.extKeysBySource.get(sourceId) ?? []) {
      this.basePresence.delete(k);
      this.d.store.remove(k);
    }
    this.extKeysBySource.delete(sourceId);
    for (const ext of this.phoneByExt.keys()) this.refreshExt(ext);
  }

  private putExt(key: string, sourceId: string, entry: PresenceEntry): void {
    const w = this.phoneByExt.get(entry.extension);
    const state = overlay(entry.state, w);
    const e: ExtensionEntity = { type: 'ext', sourceId, extension: entry.extension, name: entry.name, state, ...(w ? { phoneId: w.phoneId } : {}) };
    this.d.store.put(key, e);
  }

  /** Recompute every entity of one extension; a watched phone whose extension no PBX lists gets its own. */
  private refreshExt(ext: string): void {
    let listed = false;
    for (const [key, b] of this.basePresence) {
      if (b.entry.extension !== ext) continue;
      listed = true;
      this.putExt(key, b.sourceId, b.entry);
    }
    const w = this.phoneByExt.get(ext);
    if (!w) return;
    const own = extKey(w.phoneId, ext);
    if (listed) {
      this.d.store.remove(own);
      return;
    }
    const e: ExtensionEntity = { type: 'ext', sourceId: w.phoneId, extension: ext, name: this.d.deviceName(w.phoneId), state: overlay(w.online ? 'online' : 'offline', w), phoneId: w.phoneId };
    this.d.store.put(own, e);
  }

  // ---------- voicemail ----------

  voicemail(deviceId: string, boxes: readonly VoicemailBox[], watched: ReadonlySet<string>): void {
    const store = this.d.store;
    const keys = new Set<string>();
    for (const b of boxes) {
      const key = mailboxKey(deviceId, b.mailbox);
      keys.add(key);
      const prev = store.get(key) as MailboxEntity | undefined;
      const isWatched = watched.size === 0 ? b.new !== null : watched.has(b.mailbox);
      const next: MailboxEntity = { type: 'mailbox', deviceId, mailbox: b.mailbox, new: b.new, old: b.old, urgent: b.urgent, enabled: b.enabled, watched: isWatched };
      store.put(key, next);
      if (prev && prev.new !== null && b.new !== null && b.new > prev.new) {
        this.d.events.emit('voicemail.new', { deviceId, deviceName: this.d.deviceName(deviceId), at: this.now(), mailbox: b.mailbox, new: b.new, previous: prev.new });
      }
    }
    for (const k of store.keysWithPrefix(`mailbox/${deviceId}/`)) if (!keys.has(k)) store.remove(k);
  }

  // ---------- cameras ----------

  motion(deviceId: string, m: MotionStatus): void {
    const key = cameraKey(deviceId);
    const prev = this.d.store.get(key) as CameraEntity | undefined;
    const next: CameraEntity = {
      type: 'camera',
      deviceId,
      motion: m.motion,
      alarmInputs: m.alarmInputs,
      ...(prev?.lastSnapshotAt ? { lastSnapshotAt: prev.lastSnapshotAt } : {}),
    };
    if (!this.d.store.put(key, next) || !prev) return;
    const rose = (m.motion && !prev.motion) || m.alarmInputs.some((a, i) => a && !prev.alarmInputs[i]);
    if (rose) this.d.events.emit('camera.motion', { deviceId, deviceName: this.d.deviceName(deviceId), at: this.now(), motion: m.motion, alarmInputs: m.alarmInputs });
  }

  snapshotTaken(deviceId: string, at: string): void {
    const key = cameraKey(deviceId);
    const prev = this.d.store.get(key) as CameraEntity | undefined;
    this.d.store.put(key, { ...(prev ?? { type: 'camera', deviceId, motion: false, alarmInputs: [] }), lastSnapshotAt: at });
  }
}

function overlay(base: PresenceState, w: PhoneWatch | undefined): PresenceState {
  if (!w || !w.online) return base;
  if (w.activity === 'ringing') return 'ringing';
  if (w.activity === 'busy') return 'busy';
  // The watched phone answers and has no call: the extension is free, unless the PBX says it is not registered.
  return base === 'offline' ? 'offline' : 'available';
}
