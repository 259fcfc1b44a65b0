/**
 * The Grandstream phone driver as the registry makes it: one of three firmware families, pinned in
 * the device config (`DriverConfig.family`) or detected on first use.
 *
 * Detection sends no password, so it can never count as a failed login (phones lock after 5):
 * 1. `GET loginrealm` hands out a login random → 'gs-legacy' (the GXV challenge login of the
 *    Grandstream GXV3370 WEB API User Guide, "Password Token Authentication");
 * 2. else `POST access` with `access=sha256_hex(user)` (browser headers) hands out a nonce →
 *    'gs-sha256' (observed on GXP21xx firmware, field notes);
 * 3. else `GET api-get_phone_status` without a passcode answers anything but 404 → 'gs-passcode';
 * 4. else UnsupportedFirmwareError naming what was tried.
 * The chosen family's driver then makes its single login attempt (none for the passcode family: its
 * first request carries the password). A network failure during detection is not remembered: the
 * next call detects again. After detection every call goes to the family's driver, so `lines()`
 * keeps its identity guarantee; a method the family lacks throws UnsupportedOperationError.
 */
import type { Account, CallAction, Capability, Contact, ContactGroup, ContactInput, Line, PhoneStatus, ProbeResult } from '../../../shared/domain';
import { UnsupportedFirmwareError, UnsupportedOperationError } from '../../core/driver/errors';
import { PHONE_FAMILIES, type CallOptions, type DialRequest, type Driver, type DriverConfig, type PhoneFamily } from '../../core/driver/types';
import { apiBase, HttpClient } from '../common/http';
import { parseRealm } from './auth';
import { GrandstreamPhoneDriver, PHONE_CAPABILITIES, type GrandstreamPhoneOptions } from './driver';
import { PasscodePhoneDriver, type PasscodeDriverOptions } from './passcode-driver';
import { browserHeaders, envelopeOf, formBody, sha256Hex, SHA256_DEFAULT_USER } from './sha256-auth';
import { Sha256PhoneDriver, type Sha256DriverOptions } from './sha256-driver';

export interface PhoneFamilyOptions {
  legacy?: GrandstreamPhoneOptions;
  sha256?: Sha256DriverOptions;
  passcode?: PasscodeDriverOptions;
}

/** A pinned family, checked: undefined when none is pinned; an Error naming the choices for another kind's family. */
export function pinnedPhoneFamily(config: DriverConfig): PhoneFamily | undefined {
  if (config.family === undefined || config.family === '') return undefined;
  const known = PHONE_FAMILIES.find((f) => f === config.family);
  if (!known) throw new Error(`"${config.family}" is not a Grandstream phone family. Use one of ${PHONE_FAMILIES.join(', ')}, or none to detect it.`);
  return known;
}

/** Find the family without sending the password (see the file comment). */
export async function detectPhoneFamily(config: DriverConfig, signal?: AbortSignal): Promise<PhoneFamily> {
  const http = new HttpClient({ device: config.device, baseUrl: apiBase(config.url, 'cgi-bin'), timeoutMs: config.timeoutMs, tlsFingerprint: config.tlsFingerprint });
  try {
    const browser = browserHeaders(http.base);
    const realm = await http.send({ path: 'loginrealm', headers: browser, signal });
    if (realm.status === 200 && parseRealm(realm.text()) !== undefined) return 'gs-legacy';
    const user = config.username || SHA256_DEFAULT_USER;
    const access = await http.send({
      method: 'POST',
      path: 'access',
      headers: { ...browser, 'content-type': 'application/x-www-form-urlencoded' },
      body: formBody({ access: sha256Hex(user) }),
      signal,
    });
    const env = access.status === 200 ? envelopeOf(access) : undefined;
    if (env?.kind === 'success' && typeof env.body === 'string' && env.body.trim() !== '') return 'gs-sha256';
    const status = await http.send({ path: 'api-get_phone_status', signal });
    if (status.status !== 404) return 'gs-passcode';
    throw new UnsupportedFirmwareError({
      device: config.device,
      endpoint: status.endpoint,
      message: `${config.device}: no Grandstream phone login answered at ${http.base.origin}${http.base.pathname} (loginrealm: HTTP ${realm.status}, access: HTTP ${access.status}, api-get_phone_status: HTTP 404). Check that the URL points at a Grandstream phone.`,
    });
  } finally {
    await http.close();
  }
}

function makeFamilyDriver(family: PhoneFamily, config: DriverConfig, opts: PhoneFamilyOptions): Driver {
  switch (family) {
    case 'gs-legacy':
      return new GrandstreamPhoneDriver(config, opts.legacy);
    case 'gs-sha256':
      return new Sha256PhoneDriver(config, opts.sha256);
    case 'gs-passcode':
      return new PasscodePhoneDriver(config, opts.passcode);
  }
}

export class GrandstreamPhoneFamilyDriver implements Driver {
  readonly kind = 'grandstream-phone' as const;
  private readonly device: string;
  private delegate: Driver | undefined;
  private chosen: PhoneFamily | undefined;
  private detecting: Promise<Driver> | undefined;
  private closed = false;

  constructor(
    private readonly config: DriverConfig,
    private readonly opts: PhoneFamilyOptions = {},
  ) {
    this.device = config.device;
    const pinned = pinnedPhoneFamily(config);
    if (pinned) this.use(pinned);
  }

  /** The family in use: pinned, or detected; undefined before detection. */
  get family(): PhoneFamily | undefined {
    return this.chosen;
  }

  /** The family's driver, once known. */
  get inner(): Driver | undefined {
    return this.delegate;
  }

  /** Before detection, the widest family's set (the legacy one); the family's own set after. */
  get capabilities(): ReadonlySet<Capability> {
    return this.delegate?.capabilities ?? new Set(PHONE_CAPABILITIES);
  }

  private use(family: PhoneFamily): Driver {
    this.chosen = family;
    this.delegate = makeFamilyDriver(family, this.config, this.opts);
    return this.delegate;
  }

  private ready(opts: CallOptions): Promise<Driver> {
    if (this.delegate) return Promise.resolve(this.delegate);
    this.detecting ??= detectPhoneFamily(this.config, opts.signal)
      .then((family) => {
        if (this.closed) throw new Error(`${this.device}: the driver was closed during detection.`);
        return this.delegate ?? this.use(family);
      })
      .finally(() => {
        this.detecting = undefined;
      });
    return this.detecting;
  }

  private missing(operation: string): never {
    throw new UnsupportedOperationError(this.device, operation, `the ${this.chosen ?? 'detected'} firmware family has no API for it`);
  }

  async probe(opts: CallOptions = {}): Promise<ProbeResult> {
    const d = await this.ready(opts);
    const r = await d.probe(opts);
    return { ...r, family: this.chosen ?? r.family };
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.delegate?.close();
  }

  async status(opts: CallOptions = {}): Promise<PhoneStatus> {
    const d = await this.ready(opts);
    return d.status ? d.status(opts) : this.missing('status');
  }

  async lines(opts: CallOptions = {}): Promise<Line[]> {
    const d = await this.ready(opts);
    return d.lines ? d.lines(opts) : this.missing('lines');
  }

  async accounts(opts: CallOptions = {}): Promise<Account[]> {
    const d = await this.ready(opts);
    return d.accounts ? d.accounts(opts) : this.missing('accounts');
  }

  async dial(req: DialRequest, opts: CallOptions = {}): Promise<void> {
    const d = await this.ready(opts);
    return d.dial ? d.dial(req, opts) : this.missing('dial');
  }

  async callControl(action: CallAction, line: number, opts: CallOptions = {}): Promise<void> {
    const d = await this.ready(opts);
    return d.callControl ? d.callControl(action, line, opts) : this.missing('callControl');
  }

  async contacts(query: { search?: string } = {}, opts: CallOptions = {}): Promise<Contact[]> {
    const d = await this.ready(opts);
    return d.contacts ? d.contacts(query, opts) : this.missing('contacts');
  }

  async saveContact(input: ContactInput, opts: CallOptions = {}): Promise<Contact> {
    const d = await this.ready(opts);
    return d.saveContact ? d.saveContact(input, opts) : this.missing('saveContact');
  }

  async deleteContact(id: string, opts: CallOptions = {}): Promise<void> {
    const d = await this.ready(opts);
    return d.deleteContact ? d.deleteContact(id, opts) : this.missing('deleteContact');
  }

  async groups(opts: CallOptions = {}): Promise<ContactGroup[]> {
    const d = await this.ready(opts);
    return d.groups ? d.groups(opts) : this.missing('groups');
  }

  async reboot(opts: CallOptions = {}): Promise<void> {
    const d = await this.ready(opts);
    return d.reboot ? d.reboot(opts) : this.missing('reboot');
  }
}

export function createPhoneFamilyDriver(config: DriverConfig, opts: PhoneFamilyOptions = {}): GrandstreamPhoneFamilyDriver {
  return new GrandstreamPhoneFamilyDriver(config, opts);
}
