/** Scriptable fake drivers for the hub's unit tests: the test sets what the "device" answers. */
import type { CallAction, Capability, Contact, DeviceKind, Line, MotionStatus, PresenceEntry, ProbeResult, VoicemailBox } from '../../../../shared/domain';
import { AuthError, ProtocolError, UnreachableError } from '../../../../main/core/driver/errors';
import type { CallOptions, DialRequest, Driver, DriverConfig } from '../../../../main/core/driver/types';

export type Failure = 'offline' | 'auth' | 'protocol' | null;

export class FakeDevice {
  lines: Line[] = [];
  contacts: Contact[] = [];
  presence: PresenceEntry[] = [];
  voicemail: VoicemailBox[] = [];
  motion: MotionStatus = { motion: false, alarmInputs: [false], alarmOutputs: [] };
  failure: Failure = null;
  calls: string[] = [];
  closed = 0;
  dials: DialRequest[] = [];
  controls: [CallAction, number][] = [];

  constructor(
    readonly kind: DeviceKind,
    readonly caps: Capability[],
  ) {}

  /** Replace the lines with a new array (as a driver does when the device's answer changed). */
  setLines(lines: Line[]): void {
    this.lines = lines;
  }

  ring(line: number, number: string, name = ''): void {
    this.setLines(this.lines.map((l) => (l.line === line ? { ...l, state: 'ringing', remoteNumber: number, remoteName: name } : l)));
  }
  setState(line: number, state: Line['state']): void {
    this.setLines(this.lines.map((l) => (l.line === line ? { ...l, state, ...(state === 'idle' ? { remoteNumber: '', remoteName: '' } : {}) } : l)));
  }
}

export const idleLines = (n: number): Line[] => Array.from({ length: n }, (_, i) => ({ line: i + 1, state: 'idle', remoteNumber: '', remoteName: '', account: 0 }));

class FakeDriver implements Driver {
  readonly capabilities: ReadonlySet<Capability>;
  readonly kind: DeviceKind;
  constructor(
    private readonly dev: FakeDevice,
    private readonly config: DriverConfig,
  ) {
    this.kind = dev.kind;
    this.capabilities = new Set(dev.caps);
  }
  private async hit<T>(what: string, value: () => T, _opts?: CallOptions): Promise<T> {
    this.dev.calls.push(what);
    await Promise.resolve();
    if (this.dev.failure === 'offline') throw new UnreachableError({ device: this.config.device, message: `${this.config.device}: connection refused. Check that it is on.` });
    if (this.dev.failure === 'protocol') throw new ProtocolError({ device: this.config.device, message: `${this.config.device}: answered something unreadable. Check its firmware.` });
    if (this.dev.failure === 'auth') throw new AuthError({ device: this.config.device, message: `${this.config.device}: the password was refused. Fix it in Devices.` });
    return value();
  }
  probe(o?: CallOptions): Promise<ProbeResult> {
    return this.hit('probe', () => ({ kind: this.kind, model: 'FAKE-1', firmware: '1.0', capabilities: [...this.dev.caps] }), o);
  }
  close(): Promise<void> {
    this.dev.closed += 1;
    return Promise.resolve();
  }
  lines(o?: CallOptions): Promise<Line[]> {
    return this.hit('lines', () => this.dev.lines, o);
  }
  contacts(_q?: unknown, o?: CallOptions): Promise<Contact[]> {
    return this.hit('contacts', () => this.dev.contacts, o);
  }
  presence(o?: CallOptions): Promise<PresenceEntry[]> {
    return this.hit('presence', () => this.dev.presence, o);
  }
  voicemail(o?: CallOptions): Promise<VoicemailBox[]> {
    return this.hit('voicemail', () => this.dev.voicemail, o);
  }
  motion(o?: CallOptions): Promise<MotionStatus> {
    return this.hit('motion', () => this.dev.motion, o);
  }
  dial(req: DialRequest, o?: CallOptions): Promise<void> {
    return this.hit('dial', () => void this.dev.dials.push(req), o);
  }
  callControl(action: CallAction, line: number, o?: CallOptions): Promise<void> {
    return this.hit('callControl', () => void this.dev.controls.push([action, line]), o);
  }
}

export function fakeFactory(devices: Record<string, FakeDevice>) {
  const created: string[] = [];
  const factory = (config: DriverConfig): Driver => {
    const dev = devices[config.device];
    if (!dev) throw new Error(`no fake device named ${config.device}`);
    created.push(config.device);
    return new FakeDriver(dev, config);
  };
  return { factory, created };
}
