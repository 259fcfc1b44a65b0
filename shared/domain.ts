/**
 * Normalized domain types shared by main, drivers, the CLI and the renderer.
 * The JSON shapes of these types are a public contract (the `frontdesk` CLI prints them):
 * add optional fields if needed, never rename or remove.
 */

export const DEVICE_KINDS = ['grandstream-phone', 'grandstream-camera', 'kalliope', 'nethvoice'] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];

export const CAPABILITIES = [
  'dial',
  'callControl',
  'lines',
  'contacts',
  'contactsWrite',
  'groups',
  'voicemail',
  'presence',
  'snapshot',
  'motion',
  'alarmPush',
  'ptz',
  'reboot',
  'callHistory',
] as const;
export type Capability = (typeof CAPABILITIES)[number];

export const LINE_STATES = ['idle', 'ringing', 'calling', 'connected', 'held', 'failed', 'other'] as const;
export type LineState = (typeof LINE_STATES)[number];

/** One call line of a phone. `line` is the device's own 1-based line number. */
export interface Line {
  line: number;
  state: LineState;
  remoteNumber: string;
  remoteName: string;
  account: number;
}

/** 'other': the phone answered a word outside the documented ones (see `PhoneStatus.reported`). */
export type PhoneState = 'available' | 'ringing' | 'busy' | 'unauthorized' | 'offline' | 'other';
export interface PhoneStatus {
  state: PhoneState;
  clickToDial: boolean | null;
  /** The phone's own word when `state` is 'other' (trimmed, at most 40 characters). */
  reported?: string;
}

export interface Account {
  id: number;
  sipId: string;
  server: string;
  name: string;
  registered: boolean;
}

export type NumberType = 'work' | 'home' | 'mobile' | 'fax' | 'other';
export interface ContactNumber {
  type: NumberType;
  number: string;
}

export interface Contact {
  id: string;
  name: string;
  firstName?: string;
  lastName?: string;
  company?: string;
  numbers: ContactNumber[];
  email?: string;
  groupId?: string;
}

/** Input for creating or updating a contact (id absent on create). */
export interface ContactInput {
  id?: string;
  firstName?: string;
  lastName?: string;
  name?: string;
  company?: string;
  numbers: ContactNumber[];
  email?: string;
  groupId?: string;
}

export interface ContactGroup {
  id: string;
  name: string;
}

/** Counts are null where the device cannot say. */
export interface VoicemailBox {
  mailbox: string;
  new: number | null;
  old: number | null;
  urgent: number | null;
  enabled: boolean | null;
}

/**
 * `online` means registered with no call state known (a PBX registration alone says no more);
 * `available` means a source that knows call state says the extension is free.
 */
export type PresenceState = 'available' | 'online' | 'busy' | 'ringing' | 'offline' | 'unknown';
export interface PresenceEntry {
  extension: string;
  name: string;
  state: PresenceState;
}

export interface ProbeResult {
  kind: DeviceKind;
  model: string;
  firmware: string;
  mac?: string;
  capabilities: Capability[];
  /**
   * The firmware family the driver speaks with this device, found by probe or pinned in the device
   * config. Grandstream phones: 'gs-legacy' (GXV challenge login), 'gs-sha256' (access/dologin
   * session), 'gs-passcode' (passcode on every request); Grandstream cameras: 'gxv-basic' (HTTP
   * Basic, seed 002), 'gsc-challenge' (GSC36xx /goform/login). KalliopePBX: 'kalliope-3' (REST
   * API 1.1, Basic), 'kalliope-4' (signed X-authenticate header). NethVoice: 'nethvoice-legacy'
   * (NethServer 7), 'nethvoice-ns8' (NethServer 8).
   */
  family?: string;
  /**
   * The firmware generation where a family has several (e.g. a PBX's major version, "4.x").
   * KalliopePBX: "3.x", "4.x" (the major of the version read); NethVoice: "ns7", "ns8".
   */
  generation?: string;
  /** NethVoice on NethServer 8: how many users may have an extension (device details). */
  userLimits?: PbxUserLimits;
}

/**
 * NethVoice on NethServer 8, `GET /mainextensions/userlimits`: users with an extension
 * (`configured`), the edition's limit and how many more may be added. The community edition
 * allows 8; the enterprise edition has no limit (`limit` and `configurable` null). `configured`
 * is null when the server did not say.
 */
export interface PbxUserLimits {
  edition: 'community' | 'enterprise';
  configured: number | null;
  limit: number | null;
  configurable: number | null;
}

export type CallDirection = 'in' | 'out' | 'internal' | 'unknown';
export type CallDisposition = 'answered' | 'missed' | 'busy' | 'failed' | 'unknown';
export interface CallHistoryEntry {
  id: string;
  start: string; // ISO 8601
  durationSec: number | null;
  billSec: number | null;
  from: string;
  fromName?: string;
  to: string;
  toName?: string;
  direction: CallDirection;
  disposition: CallDisposition;
}

export interface Snapshot {
  contentType: string;
  bytes: Uint8Array;
  takenAt: string; // ISO 8601
}

export interface MotionStatus {
  motion: boolean;
  /**
   * Alarm inputs, index → alarming (status differs from normal type). Empty when unknown; an
   * input whose state is unknown while others are known reads false here (see alarmInputStates).
   */
  alarmInputs: boolean[];
  alarmOutputs: boolean[];
  /** Alarm inputs, index → alarming, or null when the device answered an empty or unknown value. */
  alarmInputStates?: (boolean | null)[];
  /** Alarm outputs, index → active, or null when the device answered an empty or unknown value. */
  alarmOutputStates?: (boolean | null)[];
}

export type PtzAction =
  | 'stop'
  | 'up'
  | 'down'
  | 'left'
  | 'right'
  | 'up-left'
  | 'down-left'
  | 'up-right'
  | 'down-right'
  | 'zoom-in'
  | 'zoom-out'
  | 'focus-near'
  | 'focus-far'
  | 'iris-open'
  | 'iris-close'
  | 'home'
  | 'auto-pan'
  | 'stop-auto-pan';

/**
 * Call control on one line. `hold` puts a connected call on hold and `resume` takes a held call
 * back; drivers whose device only has a toggle check the line state so each does only its own job.
 */
export type CallAction = 'accept' | 'reject' | 'end' | 'hold' | 'resume';
export const CALL_ACTIONS = ['accept', 'reject', 'end', 'hold', 'resume'] as const satisfies readonly CallAction[];

export interface CallGroup {
  id: string;
  name: string;
  extension: string;
  members: string[];
}

/** Configuration of one device as the user enters it. Secrets are never sent to the renderer. */
export interface DeviceConfig {
  id: string;
  kind: DeviceKind;
  name: string;
  /** Root URL as a user types it, e.g. http://192.168.1.20 */
  url: string;
  username: string;
  /** Reception extension (Kalliope, NethVoice) */
  extension?: string;
  /** TLS: trust this device's self-signed certificate by its SHA-256 fingerprint (hex). */
  tlsFingerprint?: string;
  /** False: configured but not polled. Absent means enabled. */
  enabled?: boolean;
  /** PBX: the mailboxes whose counts are polled (default: the reception extension). */
  mailboxes?: string[];
  /** Per-device poll intervals in ms; absent fields take the defaults. */
  polling?: PollingOverrides;
  /** Grandstream phone: login hash separator override (":" by default). */
  loginSeparator?: string;
  /**
   * Pin the firmware family (see ProbeResult.family) so the driver skips detection. Absent: probe
   * detects it. A family that does not belong to `kind` is refused when the driver is made.
   */
  family?: string;
  /** KalliopePBX 4.x: the tenant domain of the API user (default "default", single-tenant systems). */
  tenantDomain?: string;
}

/** Poll intervals (ms) a device may override. */
export interface PollingOverrides {
  linesIdleMs?: number;
  linesActiveMs?: number;
  motionMs?: number;
  snapshotMs?: number;
  presenceMs?: number;
  voicemailMs?: number;
  contactsMs?: number;
  historyMs?: number;
}

/** Credentials of a device, kept in main only. */
export interface DeviceSecrets {
  password: string;
  /** NethVoice API secret */
  secret?: string;
  /** KalliopePBX call-history privacy password (unmasks outside numbers). */
  privacyPassword?: string;
}
