import type {
  Account,
  CallAction,
  CallGroup,
  CallHistoryEntry,
  Capability,
  Contact,
  ContactGroup,
  ContactInput,
  DeviceKind,
  Line,
  MotionStatus,
  PhoneStatus,
  PresenceEntry,
  ProbeResult,
  PtzAction,
  Snapshot,
  VoicemailBox,
} from '../../../shared/domain';

/** Per-call options every driver method accepts. */
export interface CallOptions {
  signal?: AbortSignal;
}

export interface DialRequest {
  number: string;
  /** Phone: the account number users see (1-based, `Account.id` of `accounts()`); the driver converts it to the device's index. */
  account?: number;
  /** PBX click2call: the extension that rings first. Defaults to the configured reception extension. */
  extension?: string;
  /** Kalliope click2call mode. */
  mode?: 'auto' | 'exten' | 'out';
}

export interface HistoryQuery {
  /** A date alone (`YYYY-MM-DD`) is a local day: `from` starts at its midnight. */
  from?: string; // ISO
  /** A date alone (`YYYY-MM-DD`) is a local day: `to` includes all of it (up to 23:59:59). */
  to?: string; // ISO
  format?: 'xml' | 'csv';
}

/**
 * Firmware families of the Grandstream drivers (`DriverConfig.family`, `ProbeResult.family`):
 * - 'gs-legacy': GXV32xx/33xx, GXV3370/3380/3350, WP820, the challenge login of seeds 000/001;
 * - 'gs-sha256': GXP21xx, GRP26xx, WP8x6 and others, SHA-256 `access` + `dologin` session;
 * - 'gs-passcode': the CTI/Web API of GXP/GRP phones, the password as `passcode` on every request;
 * - 'gxv-basic': GXV35xx/36xx cameras, GXV3500/3504 encoders, HTTP Basic (seed 002);
 * - 'gsc-challenge': GSC36xx cameras, challenge login at /goform/login and XML settings.
 */
export const PHONE_FAMILIES = ['gs-legacy', 'gs-sha256', 'gs-passcode'] as const;
export type PhoneFamily = (typeof PHONE_FAMILIES)[number];
export const CAMERA_FAMILIES = ['gxv-basic', 'gsc-challenge'] as const;
export type CameraFamily = (typeof CAMERA_FAMILIES)[number];

/**
 * Firmware families of the PBX drivers (`DriverConfig.family`, `ProbeResult.family`):
 * - 'kalliope-3': KalliopePBX 3.x, REST API 1.1 with Basic `admin:md5(password)` (seed 003);
 * - 'kalliope-4': KalliopePBX 4.x, the per-request signed X-authenticate header built from the
 *   tenant's salt (`/rest/salt/<tenantDomain>`), generation "4.x" (or the major version read);
 * - 'nethvoice-legacy': NethVoice on NethServer 7 (nethvoice-wizard-restapi, seed 004);
 * - 'nethvoice-ns8': NethVoice on NethServer 8 (`/mainextensions/userlimits`, `/users/sync` as a
 *   boolean, `GET /voicemails/{ext}` answering null for no mailbox).
 */
export const KALLIOPE_FAMILIES = ['kalliope-3', 'kalliope-4'] as const;
export type KalliopeFamily = (typeof KALLIOPE_FAMILIES)[number];
export const NETHVOICE_FAMILIES = ['nethvoice-legacy', 'nethvoice-ns8'] as const;
export type NethVoiceFamily = (typeof NETHVOICE_FAMILIES)[number];

/** What a driver needs to connect. */
export interface DriverConfig {
  /** Device id or display name; used in every error message. */
  device: string;
  kind: DeviceKind;
  /** Root URL as a user types it; the driver appends its API path unless already present. */
  url: string;
  username: string;
  password: string;
  /** NethVoice secret; when absent the driver may discover it through /testauth. */
  secret?: string;
  /** Reception extension (PBX drivers). */
  extension?: string;
  /** Request timeout in ms (connect, headers and body each). Default 5000. */
  timeoutMs?: number;
  /** Maximum response body in bytes. Default 4 MiB (snapshots 8 MiB). */
  maxBodyBytes?: number;
  /** Grandstream phone: login hash separator (":" default, "." per seed 001). */
  loginSeparator?: string;
  /** TLS: accept a self-signed certificate with this SHA-256 fingerprint (hex, colons optional). */
  tlsFingerprint?: string;
  /**
   * KalliopePBX: the CDR privacy password (plain; the driver sends its md5). Without it the PBX
   * masks the last three digits of outside numbers and empties names in the call history.
   */
  privacyPassword?: string;
  /** PBX: mailboxes whose message counts are wanted (default: the reception extension). */
  mailboxes?: string[];
  /**
   * Pinned firmware family (PHONE_FAMILIES, CAMERA_FAMILIES, or a PBX driver's own); absent =
   * detected by the driver on first use. A family of another kind is refused by the factory.
   */
  family?: string;
  /** KalliopePBX 4.x: the tenant domain whose salt signs the requests (default 'default'). */
  tenantDomain?: string;
}

/**
 * The common driver interface. A driver implements the methods for the capabilities it declares;
 * the others throw UnsupportedOperationError. Methods return normalized domain types.
 */
export interface Driver {
  readonly kind: DeviceKind;
  readonly capabilities: ReadonlySet<Capability>;
  probe(opts?: CallOptions): Promise<ProbeResult>;
  /** Release sockets. */
  close(): Promise<void>;

  status?(opts?: CallOptions): Promise<PhoneStatus>;
  lines?(opts?: CallOptions): Promise<Line[]>;
  accounts?(opts?: CallOptions): Promise<Account[]>;
  dial?(req: DialRequest, opts?: CallOptions): Promise<void>;
  callControl?(action: CallAction, line: number, opts?: CallOptions): Promise<void>;

  contacts?(query?: { search?: string }, opts?: CallOptions): Promise<Contact[]>;
  saveContact?(input: ContactInput, opts?: CallOptions): Promise<Contact>;
  deleteContact?(id: string, opts?: CallOptions): Promise<void>;
  groups?(opts?: CallOptions): Promise<ContactGroup[]>;

  voicemail?(opts?: CallOptions): Promise<VoicemailBox[]>;
  presence?(opts?: CallOptions): Promise<PresenceEntry[]>;
  history?(query?: HistoryQuery, opts?: CallOptions): Promise<CallHistoryEntry[]>;
  callGroups?(opts?: CallOptions): Promise<CallGroup[]>;

  snapshot?(stream?: 'primary' | 'secondary', opts?: CallOptions): Promise<Snapshot>;
  motion?(opts?: CallOptions): Promise<MotionStatus>;
  registerAlarmPush?(url: string, opts?: CallOptions): Promise<void>;
  ptz?(action: PtzAction, param?: number, opts?: CallOptions): Promise<void>;
  reboot?(opts?: CallOptions): Promise<void>;
}

export type DriverFactory = (config: DriverConfig) => Driver;
