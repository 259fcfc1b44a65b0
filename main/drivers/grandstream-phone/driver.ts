/**
 * Grandstream GXV32xx/33xx/GXV3370/WP820 phone driver (seeds 000, 001 and the field notes).
 */
import type {
  Account,
  CallAction,
  Capability,
  Contact,
  ContactGroup,
  ContactInput,
  Line,
  PhoneStatus,
  ProbeResult,
} from '../../../shared/domain';
import { DeviceRejectedError, ProtocolError, UnsupportedOperationError } from '../../core/driver/errors';
import type { CallOptions, DialRequest, Driver, DriverConfig } from '../../core/driver/types';
import { readShape } from '../common/shape';
import { PhoneClient, type PhoneClientOptions } from './client';
import {
  DEVICE_VALUE_KEYS,
  isRecord,
  field,
  str,
  operationAccepted,
  parseAccounts,
  parseContacts,
  parseDeviceValues,
  parseGroups,
  parseLines,
  parsePhoneStatus,
} from './parsers';
import { parsePhonebookXml, type Phonebook } from './phonebook';
import { contactParams, findSavedContact } from './contacts';

export const PHONE_CAPABILITIES: readonly Capability[] = ['dial', 'callControl', 'lines', 'contacts', 'contactsWrite', 'groups', 'reboot'];

const CALL_COMMANDS: Record<CallAction, string> = {
  accept: 'acceptcall',
  reject: 'rejectcall',
  end: 'endcall',
  hold: 'holdcall',
  resume: 'holdcall',
};

export class GrandstreamPhoneDriver implements Driver {
  readonly kind = 'grandstream-phone' as const;
  readonly capabilities: ReadonlySet<Capability> = new Set(PHONE_CAPABILITIES);
  readonly client: PhoneClient;
  private readonly device: string;

  constructor(config: DriverConfig, opts: PhoneClientOptions = {}) {
    this.device = config.device;
    this.client = new PhoneClient(config, opts);
  }

  private endpoint(path: string): string {
    return this.client.http.url(path).pathname;
  }

  async probe(opts: CallOptions = {}): Promise<ProbeResult> {
    const { body } = await this.client.values(DEVICE_VALUE_KEYS, opts);
    const endpoint = this.endpoint(this.client.valuesSpelling ?? 'api-values.get');
    const v = readShape(this.device, endpoint, () => parseDeviceValues(body));
    return {
      kind: 'grandstream-phone',
      model: v.model,
      firmware: v.firmware,
      ...(v.mac ? { mac: v.mac } : {}),
      capabilities: [...PHONE_CAPABILITIES],
    };
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  async status(opts: CallOptions = {}): Promise<PhoneStatus> {
    const r = await this.client.call('api-get_phone_status', {}, { ...opts, allowUnauthorized: true });
    if (r.env.kind === 'unauthorized') return { state: 'unauthorized', clickToDial: null };
    return readShape(this.device, this.endpoint('api-get_phone_status'), () => parsePhoneStatus(r.body, r.raw));
  }

  async lines(opts: CallOptions = {}): Promise<Line[]> {
    const { body } = await this.client.call('api-get_line_status', {}, opts);
    return readShape(this.device, this.endpoint('api-get_line_status'), () => parseLines(body));
  }

  async accounts(opts: CallOptions = {}): Promise<Account[]> {
    const { body } = await this.client.call('api-get_accounts', {}, opts);
    return readShape(this.device, this.endpoint('api-get_accounts'), () => parseAccounts(body));
  }

  async contacts(query: { search?: string } = {}, opts: CallOptions = {}): Promise<Contact[]> {
    const search = query.search?.trim();
    const { body } = await this.client.call('api-get_contacts', search ? { contactname: search } : {}, opts);
    return readShape(this.device, this.endpoint('api-get_contacts'), () => parseContacts(body));
  }

  async saveContact(input: ContactInput, opts: CallOptions = {}): Promise<Contact> {
    const params = contactParams(this.device, input);
    const { body } = await this.client.call('api-save_edit_contact', params, opts);
    this.mustAccept('api-save_edit_contact', body);
    // The answer carries no id (body ""): read the contact back.
    const returnedId = isRecord(body) ? str(field(body, 'id', 'contactID', 'contactid')) : '';
    const id = input.id?.trim() || returnedId;
    const name = [params.firstname, params.lastname].filter(Boolean).join(' ');
    const lookup = id ? { contactid: id } : { contactname: name };
    const { body: list } = await this.client.call('api-get_contacts', lookup, opts);
    const found = readShape(this.device, this.endpoint('api-get_contacts'), () => findSavedContact(parseContacts(list), params, id || undefined));
    if (!found) {
      throw new ProtocolError({
        device: this.device,
        endpoint: this.endpoint('api-get_contacts'),
        message: `${this.device}: the phone accepted the contact "${name}" but it cannot be found afterwards. Reload the contacts to check.`,
      });
    }
    return found;
  }

  async deleteContact(id: string, opts: CallOptions = {}): Promise<void> {
    const t = id.trim();
    if (!/^\d{1,12}$/.test(t)) throw new RangeError(`${this.device}: "${t.slice(0, 40)}" is not a phone contact id (a number).`);
    const { body } = await this.client.call('api-delete_contact', { id: t }, opts);
    this.mustAccept('api-delete_contact', body);
  }

  async groups(opts: CallOptions = {}): Promise<ContactGroup[]> {
    const { body } = await this.client.call('api-get_groups', {}, opts);
    return readShape(this.device, this.endpoint('api-get_groups'), () => parseGroups(body));
  }

  async dial(req: DialRequest, opts: CallOptions = {}): Promise<void> {
    const number = req.number.replace(/[\s().-]/g, '');
    if (!/^\+?[0-9*#]{1,40}$/.test(number)) throw new RangeError(`${this.device}: "${req.number.slice(0, 40)}" is not a number that can be dialled.`);
    const account = req.account ?? 0;
    if (!Number.isInteger(account) || account < 0 || account > 15) throw new RangeError(`${this.device}: account ${account} is not a phone account index (0-15).`);
    const { body } = await this.client.call('api-make_call', { phonenumber: number, account }, opts);
    this.mustAccept('api-make_call', body);
  }

  /** accept/reject/end/hold on a device line number. `hold` is a toggle on real firmware: the driver just sends it. */
  async callControl(action: CallAction, line: number, opts: CallOptions = {}): Promise<void> {
    const cmd = CALL_COMMANDS[action];
    if (!cmd) throw new UnsupportedOperationError(this.device, `callControl:${String(action)}`);
    if (!Number.isInteger(line) || line < 0 || line > 64) throw new RangeError(`${this.device}: ${line} is not a line number.`);
    // LINE NUMBERING ASSUMPTION (unverified on real hardware; revisit with a device):
    // seed 001 describes the request `line` parameter as "0 to maximum available lines", while line
    // status answers number lines from 1 (field notes). We send the same 1-based number that
    // api-get_line_status reports for the line (what `lines()` returns and the CLI's --line takes),
    // unchanged. 0 is passed through as-is: on the simulator it means "the line concerned" (the
    // ringing line for accept/reject, the connected or held one for hold, the one in a call for
    // end). If real firmware turns out to be 0-based here, convert at this one call site.
    const { body } = await this.client.call('api-phone_operation', { cmd, line }, opts);
    this.mustAccept('api-phone_operation', body);
  }

  async reboot(opts: CallOptions = {}): Promise<void> {
    const { body } = await this.client.call('api-sys_operation', { request: 'REBOOT' }, opts);
    this.mustAccept('api-sys_operation', body);
  }

  /** The phonebook XML of `phonebook_download`, parsed. */
  async phonebook(opts: CallOptions = {}): Promise<Phonebook> {
    const { text, res } = await this.client.text('phonebook_download', {}, opts);
    return readShape(this.device, res.endpoint, () => parsePhonebookXml(text));
  }

  private mustAccept(path: string, body: unknown): void {
    if (operationAccepted(body)) return;
    throw new DeviceRejectedError({
      device: this.device,
      endpoint: this.endpoint(path),
      code: str(body) || undefined,
      message: `${this.device}: the phone did not carry out ${this.endpoint(path)} (it answered ${JSON.stringify(str(body) || body)}). Check the phone's state and try again.`,
    });
  }
}
