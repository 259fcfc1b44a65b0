/**
 * The office state as the hub holds it and every client (renderer, shell, CLI, MQTT desks) reads
 * it: one flat store of small entities under stable string keys. The same keys serve the renderer
 * store, the patches and (later) the MQTT topics, so nothing is translated twice.
 *
 *   device/<id>               health, model, firmware, family (no config, no secret)
 *   line/<deviceId>/<n>       one call line of a phone
 *   ext/<sourceId>/<ext>      presence of an extension
 *   mailbox/<pbxId>/<box>     voicemail counts of a mailbox
 *   camera/<id>               motion, alarm inputs, last snapshot time
 *   call/<id>                 a recent call (the last few; the full history is a query)
 *
 * A patch carries whole entities (they are small): a client replaces, never merges fields.
 */
import type { CallDirection, DeviceKind, LineState, PresenceState } from './domain';

export type DeviceHealth = 'unknown' | 'online' | 'offline' | 'auth-failed' | 'error' | 'disabled';

export interface DeviceEntity {
  type: 'device';
  id: string;
  name: string;
  kind: DeviceKind;
  health: DeviceHealth;
  /** Human message for the last problem, naming the device and what to do. */
  problem?: string;
  model?: string;
  firmware?: string;
  /** API family and generation the probe found (e.g. gs-sha256, kalliope-4 / 4.x). */
  family?: string;
  generation?: string;
  /** ISO time the health last changed (not every poll: an idle office emits no patches). */
  since?: string;
  /** True when the device is reached over plain http:// (shown as "unencrypted"). */
  insecure?: boolean;
}

export interface LineEntity {
  type: 'line';
  deviceId: string;
  line: number;
  state: LineState;
  remoteNumber: string;
  /** The phone's own name for the caller, else the contact index's, else ''. */
  remoteName: string;
  /** Company of the matched contact, if any. */
  remoteCompany?: string;
  /** Key of the matched contact in the contact index. */
  contactKey?: string;
  account: number;
  /** ISO time the line entered its state. */
  since: string;
}

export interface ExtensionEntity {
  type: 'ext';
  /** The PBX (or phone, for a phone's own extension) this presence comes from. */
  sourceId: string;
  extension: string;
  name: string;
  state: PresenceState;
  /** Phone whose lines set busy/ringing, when one is watched. */
  phoneId?: string;
}

export interface MailboxEntity {
  type: 'mailbox';
  deviceId: string;
  mailbox: string;
  /** Counts are null where the PBX gives none (or the mailbox is not watched). */
  new: number | null;
  old: number | null;
  urgent: number | null;
  enabled: boolean | null;
  /** True when this mailbox's counts are polled. */
  watched: boolean;
}

export interface CameraEntity {
  type: 'camera';
  deviceId: string;
  motion: boolean;
  alarmInputs: boolean[];
  /** ISO time of the last snapshot taken for a watcher. */
  lastSnapshotAt?: string;
}

export interface MatchedContact {
  key: string;
  name: string;
  company?: string;
  source: string;
}

export interface CallEntity {
  type: 'call';
  id: string;
  deviceId: string;
  line: number;
  direction: CallDirection;
  number: string;
  name: string;
  contact?: MatchedContact;
  startedAt: string;
  answeredAt?: string;
  endedAt?: string;
  missed: boolean;
  /** The receptionist rejected it (not missed). */
  rejected?: boolean;
  /** Where the record comes from: the hub's own line watch, or the PBX's CDR. */
  origin: 'lines' | 'cdr';
  durationSec?: number;
}

export type Entity = DeviceEntity | LineEntity | ExtensionEntity | MailboxEntity | CameraEntity | CallEntity;
export type EntityType = Entity['type'];

export const deviceKey = (id: string): string => `device/${id}`;
export const lineKey = (deviceId: string, line: number): string => `line/${deviceId}/${line}`;
export const extKey = (sourceId: string, ext: string): string => `ext/${sourceId}/${ext}`;
export const mailboxKey = (deviceId: string, box: string): string => `mailbox/${deviceId}/${box}`;
export const cameraKey = (id: string): string => `camera/${id}`;
export const callKey = (id: string): string => `call/${id}`;

export interface OfficeSnapshot {
  revision: number;
  entities: Record<string, Entity>;
}

export interface OfficePatch {
  revision: number;
  set: Record<string, Entity>;
  unset: string[];
}

/** Every derived event names its device and time. */
export interface HubEventBase {
  deviceId: string;
  deviceName: string;
  at: string;
}
export interface CallEvent extends HubEventBase {
  call: CallEntity;
}
export interface VoicemailEvent extends HubEventBase {
  mailbox: string;
  new: number;
  previous: number;
}
export interface MotionEvent extends HubEventBase {
  motion: boolean;
  alarmInputs: boolean[];
}
export interface DeviceEvent extends HubEventBase {
  problem?: string;
}
export interface SnapshotEvent {
  deviceId: string;
  takenAt: string;
  /** data: URL of the JPEG, so the contract stays JSON-only. */
  dataUrl: string;
}
