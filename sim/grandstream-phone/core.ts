/** The phone's state, independent of HTTP. */
import { PhoneAuth } from './auth';
import { LineTable } from './calls';
import { Directory } from './directory';
import { resolveOptions, type PhoneAccountSeed, type PhoneSimOptions, type ResolvedOptions } from './options';
import { ValueStore } from './values';

export class PhoneCore {
  readonly opts: ResolvedOptions;
  readonly auth: PhoneAuth;
  readonly lines: LineTable;
  readonly directory: Directory;
  readonly values: ValueStore;
  accounts: PhoneAccountSeed[];
  bootAt: number;
  /** While now < offlineUntil the phone is rebooting: every request's socket is destroyed. */
  offlineUntil = 0;
  provisionCount = 0;
  rebootCount = 0;

  constructor(options: PhoneSimOptions) {
    this.opts = resolveOptions(options);
    this.auth = new PhoneAuth(this.opts);
    this.lines = new LineTable(this.opts.lineCount, this.opts.answerDelayMs, this.opts.operationDelayMs);
    this.directory = new Directory(this.opts.contacts, this.opts.groups, this.opts.contactNameOrder);
    this.accounts = this.freshAccounts();
    this.values = new ValueStore(this.opts, () => this.accounts);
    this.bootAt = this.now();
  }

  private freshAccounts(): PhoneAccountSeed[] {
    return this.opts.accounts.map((a) => ({ ...a, name: a.name ?? a.sipId, registered: a.registered ?? a.sipId !== '' }));
  }

  now(): number {
    return this.opts.clock();
  }

  isOffline(now: number): boolean {
    return now < this.offlineUntil;
  }

  /** Reboot: calls drop, sessions and pending randoms are lost, the phone is unreachable for rebootMs. */
  reboot(now: number): void {
    this.lines.reset();
    this.auth.invalidateAll();
    this.offlineUntil = now + this.opts.rebootMs;
    this.bootAt = this.offlineUntil;
    this.rebootCount++;
  }

  /** Factory reset: back to the constructor's state (passwords, contacts, groups, accounts, values), then reboot. */
  factoryReset(now: number): void {
    this.auth.reset();
    this.directory.reset();
    this.values.reset();
    this.accounts = this.freshAccounts();
    this.reboot(now);
  }

  /** Index (0-based) of the first registered account, or 0. */
  defaultAccount(): number {
    const i = this.accounts.findIndex((a) => a.registered);
    return i < 0 ? 0 : i;
  }
}
