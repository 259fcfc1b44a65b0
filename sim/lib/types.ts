import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DeviceKind } from '../../shared/domain';

export const FAULT_KINDS = [
  'offline',
  'slow',
  'error500',
  'malformed',
  'truncated',
  'reset',
  'auth-expired',
  'license-expired',
  'lockout',
  'huge-body',
  'bad-snapshot',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];
/** Faults a device plays itself (its `applyFault`); the others are played by the fault gate in front of it. */
export const DEVICE_FAULTS: ReadonlySet<FaultKind> = new Set<FaultKind>(['auth-expired', 'license-expired', 'lockout', 'bad-snapshot']);
export interface Fault {
  kind: FaultKind;
  /** For `slow`: added latency (default 3000 ms). For `lockout`: how long the login stays locked (default 60000 ms). */
  ms?: number;
}

/** One manifest entry. Public contract: see the simulated office issue. */
export interface ManifestDevice {
  id: string;
  kind: DeviceKind;
  name: string;
  /** Device root as a user types it (no /cgi-bin, /goform, /rest or /freepbx/rest suffix). */
  url: string;
  username: string;
  password: string;
  /** Kalliope: reception extension (has a voicemail box). Phones: their PBX extension. */
  extension?: string;
  /** NethVoice API secret. */
  secret?: string;
  [extra: string]: unknown;
}

export interface Manifest {
  control: string;
  devices: ManifestDevice[];
}

/** Context a handler gets: the path below the device root, and the parsed query. */
export interface SimRequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  /** Path below the device's root, always starting with '/', e.g. '/cgi-bin/api-get_line_status'. */
  path: string;
  query: URLSearchParams;
  /** Request body (already read; empty for GET). */
  body: Buffer;
}

/**
 * A simulated device. The office mounts it on its own port (or under a path prefix in a farm)
 * behind a fault gate that implements offline/slow/error500/malformed/truncated/reset/huge-body
 * generically. `auth-expired`, `license-expired`, `lockout` and `bad-snapshot` are device-specific
 * and reach `applyFault` (see DEVICE_FAULTS).
 */
export interface SimDevice {
  readonly id: string;
  readonly kind: DeviceKind;
  readonly name: string;
  handle(ctx: SimRequestContext): void | Promise<void>;
  /** Manifest entry given the root URL the device is served at. */
  manifestEntry(rootUrl: string): ManifestDevice;
  /** The simulator's own state for GET /devices/{id}/state. Must be JSON-serialisable. */
  state(): unknown;
  /** Device-specific faults. Return false when the fault kind does not apply to this device. */
  applyFault?(fault: Fault | null): boolean;
  /** Stop timers. */
  dispose?(): void;
}

/** Phone-specific control used by the control API and by the PBX click2call. */
export interface PhoneControl {
  /** Start an incoming call; returns the 1-based line number. `onAnswer` runs when the user accepts. */
  ring(number: string, name?: string, opts?: { onAnswer?: (line: number) => void }): number;
  /** The remote party hangs up. Returns false when the line has no call. */
  remoteHangup(line: number): boolean;
  /** The PBX extension this phone's account 1 is registered as, if any. */
  readonly extension: string | undefined;
  /** Place an outgoing call as if dialled by hand (used when a click2call is answered). */
  dialOut(number: string): number;
}

export interface CameraControl {
  setMotion(active: boolean): void;
  setAlarmInput(index: number, alarming: boolean): void;
}

export interface VoicemailControl {
  /** Leave a message in `mailbox`; returns false if this device has no such mailbox. */
  leaveVoicemail(mailbox: string, urgent: boolean): boolean;
}

/** Office-level links a device may use (e.g. Kalliope click2call rings a simulated phone). */
export interface OfficeLinks {
  phoneByExtension(extension: string): PhoneControl | undefined;
  /** Presence of an extension as seen on its phone (for PBX registrations/brief). */
  extensionBusy(extension: string): 'idle' | 'ringing' | 'busy' | undefined;
}
