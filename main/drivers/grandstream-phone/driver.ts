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
import { PhoneClient, type PhoneClientOptions, type Polled } from './client';
import { contactParams, findDuplicate, findSavedContact, sameDetails, searchKeyword, type SaveContactParams } from './contacts';
import { CALL_COMMANDS, LineControl, type LineNumbering } from './line-control';
import {
  FALLBACK_VALUE_KEYS,
  MANUAL_VALUE_KEYS,
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
  valuesIncomplete,
} from './parsers';
import { parsePhonebookXml, type Phonebook } from './phonebook';

export const PHONE_CAPABILITIES: readonly Capability[] = ['dial', 'callControl', 'lines', 'contacts', 'contactsWrite', 'groups', 'reboot'];

export interface GrandstreamPhoneOptions extends PhoneClientOptions {
  /** Waits (ms) before each re-read of the lines after a call command (default about 2 s in all). */
  verifyDelaysMs?: readonly number[];
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export class GrandstreamPhoneDriver implements Driver {
  readonly kind = 'grandstream-phone' as const;
  readonly capabilities: ReadonlySet<Capability> = new Set(PHONE_CAPABILITIES);
  readonly client: PhoneClient;
  private readonly device: string;
  private readonly control: LineControl;
  /** The last api-get_line_status answer (bytes) and its frozen reading, for `lines()`. */
  private linesLast: Polled<Line[]> | undefined;

  constructor(config: DriverConfig, opts: GrandstreamPhoneOptions = {}) {
    this.device = config.device;
    this.client = new PhoneClient(config, opts);
    this.control = new LineControl(
      {
        device: this.device,
        endpoint: '/cgi-bin/api-phone_operation',
        readLines: (signal) => this.lines(signal ? { signal } : {}),
        filterLines: (n, signal) => this.filterLines(n, signal),
        send: (cmd, requestLine, signal) => this.sendOperation(cmd, requestLine, signal),
        sleep,
      },
      opts.verifyDelaysMs,
    );
  }

  /** How this phone numbers lines in call commands, once a verified command has shown it. */
  get lineNumbering(): LineNumbering | undefined {
    return this.control.learned;
  }

  private endpoint(path: string): string {
    return this.client.http.url(path).pathname;
  }

  async probe(opts: CallOptions = {}): Promise<ProbeResult> {
    const first = await this.client.values(MANUAL_VALUE_KEYS, opts);
    const endpoint = this.endpoint(this.client.valuesSpelling ?? 'api-values.get');
    let body = first.body;
    if (valuesIncomplete(body)) {
      // The names the manuals do not list, asked apart: a phone that refuses them keeps the first answer.
      try {
        const more = await this.client.values(FALLBACK_VALUE_KEYS, opts);
        if (isRecord(more.body)) body = isRecord(body) ? { ...more.body, ...body } : more.body;
      } catch (e) {
        if (!(e instanceof DeviceRejectedError) && !(e instanceof ProtocolError)) throw e;
      }
    }
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

  /**
   * The call lines. When the phone answers exactly the bytes of the previous answer, the same
   * frozen array is returned (`===`) without parsing, so a poll loop can skip unchanged phones.
   */
  async lines(opts: CallOptions = {}): Promise<Line[]> {
    this.linesLast = await this.client.poll('api-get_line_status', this.linesLast, this.readLines, opts);
    return this.linesLast.value;
  }

  private readonly readLines = (body: unknown): Line[] => {
    const lines = readShape(this.device, this.endpoint('api-get_line_status'), () => parseLines(body));
    for (const l of lines) Object.freeze(l);
    return Object.freeze(lines) as Line[];
  };

  /** Line numbers answered by api-get_line_status?line=<n> (the read-only numbering hint). */
  private async filterLines(n: number, signal?: AbortSignal): Promise<readonly number[] | undefined> {
    const { body } = await this.client.call('api-get_line_status', { line: n }, signal ? { signal } : {});
    const lines = readShape(this.device, this.endpoint('api-get_line_status'), () => parseLines(body));
    return lines.map((l) => l.line);
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

  /**
   * Save a contact (api-save_edit_contact) and return it as the phone stores it. The answer carries
   * no id, so a new contact is found again by its numbers and its name in either order (the
   * manuals never say how the phone builds the name). Before inserting, the same search looks for
   * a contact with this name and exactly these numbers: a retry after a save whose read-back
   * failed then returns (or completes) that contact instead of creating a duplicate.
   */
  async saveContact(input: ContactInput, opts: CallOptions = {}): Promise<Contact> {
    let params = contactParams(this.device, input);
    let before = new Set<string>();
    if (params.id === undefined) {
      const existing = await this.findNamed(params, opts);
      const dup = findDuplicate(existing, params);
      if (dup && sameDetails(dup, params)) return dup;
      if (dup) params = contactParams(this.device, { ...input, id: dup.id });
      before = new Set(existing.map((c) => c.id));
    }
    const { body } = await this.client.call('api-save_edit_contact', params, opts);
    this.mustAccept('api-save_edit_contact', body);
    const returnedId = isRecord(body) ? str(field(body, 'id', 'contactID', 'contactid')) : '';
    const id = params.id ?? (returnedId || undefined);
    let list: Contact[];
    if (id !== undefined) {
      const { body: answer } = await this.client.call('api-get_contacts', { contactid: id }, opts);
      list = readShape(this.device, this.endpoint('api-get_contacts'), () => parseContacts(answer));
    } else {
      list = await this.findNamed(params, opts);
    }
    const found = findSavedContact(list, params, id, before);
    if (!found) {
      const name = [params.firstname, params.lastname].filter(Boolean).join(' ');
      throw new ProtocolError({
        device: this.device,
        endpoint: this.endpoint('api-get_contacts'),
        message: `${this.device}: the phone accepted the contact "${name}" but it cannot be found afterwards. Reload the contacts to check before saving it again.`,
      });
    }
    return found;
  }

  /**
   * Contacts that may be the saved one: a search for the longer name part (contained in "First
   * Last" and "Last First"), or all contacts when the phone's search finds nothing that matches.
   */
  private async findNamed(params: SaveContactParams, opts: CallOptions): Promise<Contact[]> {
    const read = async (query: Record<string, string>): Promise<Contact[]> => {
      const { body } = await this.client.call('api-get_contacts', query, opts);
      return readShape(this.device, this.endpoint('api-get_contacts'), () => parseContacts(body));
    };
    const hits = await read({ contactname: searchKeyword(params) });
    if (findSavedContact(hits, params, undefined)) return hits;
    return read({});
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

  /**
   * Dial through api-make_call. `req.account` is the account number users see (1-based, `id` of
   * api-get_accounts, whose example numbers accounts from 1); the request takes the 0-based index
   * of the manuals' example `api-make_call?phonenumber=123456&account=0`.
   */
  async dial(req: DialRequest, opts: CallOptions = {}): Promise<void> {
    const number = req.number.replace(/[\s().-]/g, '');
    if (!/^\+?[0-9*#]{1,40}$/.test(number)) throw new RangeError(`${this.device}: "${req.number.slice(0, 40)}" is not a number that can be dialled.`);
    const account = req.account ?? 1;
    if (!Number.isInteger(account) || account < 1 || account > 16) {
      throw new RangeError(`${this.device}: account ${String(account)} is not a phone account number (1-16, as the account list shows them).`);
    }
    const { body } = await this.client.call('api-make_call', { phonenumber: number, account: account - 1 }, opts);
    this.mustAccept('api-make_call', body);
  }

  /**
   * accept/reject/end/hold/resume on the line number `lines()` reports. How the request names the
   * line, the hold toggle and the check afterwards are explained in line-control.ts.
   */
  async callControl(action: CallAction, line: number, opts: CallOptions = {}): Promise<void> {
    if (!Object.hasOwn(CALL_COMMANDS, action)) throw new UnsupportedOperationError(this.device, `callControl:${String(action)}`);
    if (!Number.isInteger(line) || line < 1 || line > 64) throw new RangeError(`${this.device}: ${String(line)} is not a line number (1-64, as the line list shows them).`);
    await this.control.run(action, line, opts.signal);
  }

  /** One api-phone_operation request; the line goes both as `line` and as `arg` (see line-control.ts). */
  private async sendOperation(cmd: string, requestLine: number, signal?: AbortSignal): Promise<{ handled: boolean; answer: string }> {
    const { body } = await this.client.call('api-phone_operation', { cmd, line: requestLine, arg: requestLine }, signal ? { signal } : {});
    return { handled: operationAccepted(body), answer: str(body) };
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
