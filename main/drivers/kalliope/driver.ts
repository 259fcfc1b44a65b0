import type {
  CallGroup,
  CallHistoryEntry,
  Capability,
  Contact,
  ContactInput,
  PresenceEntry,
  ProbeResult,
  VoicemailBox,
} from '../../../shared/domain';
import { DeviceRejectedError, ProtocolError, UnsupportedOperationError } from '../../core/driver/errors';
import type { CallOptions, DialRequest, Driver, DriverConfig, HistoryQuery } from '../../core/driver/types';
import { md5Hex } from '../common/http';
import { readShape } from '../common/shape';
import { parseCdrCsvReport, parseCdrXml, toHistory, toKpbxDate } from './cdr';
import { KalliopeClient } from './client';
import {
  parseCallGroups,
  parseContacts,
  parseFirmware,
  parseRegistrations,
  parseUsersBrief,
  parseVoicemailCount,
  runningVersion,
  toContact,
  toPresence,
  toVoicemailBox,
} from './parsers';
import { isNumberQuery, matchesSearch, normalizeDialNumber, searchToken, splitName } from './search';
import { generationOf } from './signed';
import { bool, isRecord, list, text, type XmlTree } from './xml';

/** What `historyReport()` returns. */
export interface KalliopeHistoryReport {
  entries: CallHistoryEntry[];
  /** CDR rows left out because they could not be read (0 for a clean answer). */
  skippedRows: number;
}

export const KALLIOPE_CAPABILITIES: readonly Capability[] = ['dial', 'contacts', 'contactsWrite', 'voicemail', 'presence', 'callHistory'];

/** How long the list of voicemail-enabled extensions is reused before /users/configs is read again. */
const MAILBOX_LIST_TTL_MS = 5 * 60_000;

export class KalliopeDriver implements Driver {
  readonly kind = 'kalliope' as const;
  readonly capabilities: ReadonlySet<Capability> = new Set(KALLIOPE_CAPABILITIES);
  private readonly client: KalliopeClient;
  private mailboxes: { at: number; enabled: Map<string, boolean> | null } | null = null;

  constructor(
    private readonly config: DriverConfig,
    client?: KalliopeClient,
  ) {
    this.client = client ?? new KalliopeClient(config);
  }

  private get device(): string {
    return this.config.device;
  }

  /** Run a parser; a missing element becomes a ProtocolError naming the endpoint. */
  private parse<T>(path: string, fn: () => T): T {
    const endpoint = this.client.http.url(path).pathname;
    return readShape(this.device, endpoint, fn, (e) => this.client.protocol(endpoint, e.message));
  }

  /**
   * Detects the generation (KalliopeClient: the anonymous salt request first, one login attempt at
   * most) and reads the firmware: 3.x from `/system/firmware`, 4.x from the signed
   * `/dashboard/firmwareVersion` (or `/system/firmware` where that route is missing). Capabilities
   * a 4.x PBX refused so far are left out.
   */
  async probe(opts?: CallOptions): Promise<ProbeResult> {
    const family = await this.client.ready(opts?.signal);
    let firmware = family === 'kalliope-4' ? await this.client.firmware4(opts?.signal) : undefined;
    if (family === 'kalliope-3' || !firmware) {
      const path = 'system/firmware';
      try {
        const root = await this.client.xml({ op: 'system', method: 'GET', path, optional: family === 'kalliope-4', signal: opts?.signal });
        firmware = runningVersion(this.parse(path, () => parseFirmware(root)));
      } catch (e) {
        // 4.x without either version route: the login is proven, the version stays unknown.
        if (!(family === 'kalliope-4' && e instanceof UnsupportedOperationError)) throw e;
      }
    }
    const generation = family === 'kalliope-4' ? (generationOf(firmware) ?? '4.x') : '3.x';
    const capabilities = KALLIOPE_CAPABILITIES.filter((c) => !this.client.unavailable.has(c));
    return { kind: 'kalliope', model: 'KalliopePBX', firmware: firmware ?? 'unknown', capabilities, family, generation };
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  // ---- phonebook ----

  async contacts(query?: { search?: string }, opts?: CallOptions): Promise<Contact[]> {
    const search = query?.search?.trim() ?? '';
    if (!search || isNumberQuery(search)) {
      // Numbers are stored formatted in many ways: compare digits locally.
      const path = 'phonebook/contacts';
      const root = await this.client.xml({ op: 'contact-read', method: 'GET', path, signal: opts?.signal });
      const all = this.parse(path, () => parseContacts(root)).map(toContact);
      return search ? all.filter((c) => matchesSearch(c, search)) : all;
    }
    // The PBX matches one value against any attribute; narrow with the most selective word there,
    // then require every word (accent- and format-insensitive) locally.
    const path = 'phonebook/search';
    const root = await this.client.xml({
      op: 'contact-search',
      method: 'POST',
      path,
      body: { filter: { any: `%${searchToken(search)}%` } },
      signal: opts?.signal,
    });
    const found = this.parse(path, () => parseContacts(root))
      .map(toContact)
      .filter((c) => matchesSearch(c, search));
    if (found.length > 0) return found;
    // Nothing: the PBX may compare accents strictly ("niccolo" vs "Niccolò"); search locally once.
    const listPath = 'phonebook/contacts';
    const all = await this.client.xml({ op: 'contact-read', method: 'GET', path: listPath, signal: opts?.signal });
    return this.parse(listPath, () => parseContacts(all))
      .map(toContact)
      .filter((c) => matchesSearch(c, search));
  }

  async saveContact(input: ContactInput, opts?: CallOptions): Promise<Contact> {
    // KalliopePBX REST API 1.1, /phonebook/contacts: one <phone> per contact. Several different
    // numbers cannot be saved in one contact: refuse before writing anything, never drop them.
    const numbers = [...new Set(input.numbers.map((n) => n.number.trim()).filter((n) => n !== ''))];
    const distinct = [...new Set(numbers.map((n) => normalizeDialNumber(n) || n))];
    if (distinct.length > 1) {
      throw new RangeError(
        `${this.device}: a KalliopePBX phonebook contact holds one phone number, and this one has ${distinct.length} (${numbers.map((n) => n.slice(0, 30)).join(', ')}). Nothing was saved: keep one number, or save each number as its own contact.`,
      );
    }
    const number = numbers[0];
    if (!number) throw new RangeError(`${this.device}: a KalliopePBX contact needs a phone number.`);
    const { firstName, lastName } = splitName(input);
    if (!firstName && !lastName) throw new RangeError(`${this.device}: a KalliopePBX contact needs a first or last name.`);
    const contact: XmlTree = {
      first_name: firstName,
      last_name: lastName,
      organization: input.company ?? '',
      phone: number,
      mail: input.email ?? '',
    };
    const signal = opts?.signal;
    if (input.id) {
      const id = this.checkId(input.id);
      await this.client.xml({ op: 'contact-write', method: 'PUT', path: 'phonebook/contacts', body: { contact: { id, ...contact } }, signal });
      // Verified by reading back, as on add: an accepted PUT that changed nothing is not a save.
      const back = await this.getContact(id, signal);
      if ((back.firstName ?? '') !== firstName || (back.lastName ?? '') !== lastName || back.numbers[0]?.number !== number) {
        throw new ProtocolError({
          device: this.device,
          endpoint: this.client.http.url(`phonebook/contacts/${id}`).pathname,
          message: `${this.device}: KalliopePBX accepted the change to contact ${id}, but reading it back does not show it. Refresh the directory to check it before saving again.`,
        });
      }
      return back;
    }
    // On add, leave out empty optional fields (on update an empty value clears the field).
    if (!input.company) delete contact['organization'];
    if (!input.email) delete contact['mail'];
    const created = await this.client.xml({ op: 'contact-write', method: 'POST', path: 'phonebook/contacts', body: { contact }, signal });
    // The API does not return the new id (some firmware does: use it when present).
    const echoedId = list(created['contact']).map((c) => text(c['id'])).find((x) => /^\d+$/.test(x));
    if (echoedId) return this.getContact(echoedId, signal);
    const path = 'phonebook/search';
    const root = await this.client.xml({
      op: 'contact-search',
      method: 'POST',
      path,
      body: { filter: { first_name: firstName, last_name: lastName, phone: number } },
      signal,
    });
    const found = this.parse(path, () => parseContacts(root))
      .filter((c) => c.firstName === firstName && c.lastName === lastName && c.phone === number)
      .sort((a, b) => Number(b.id) - Number(a.id) || b.id.localeCompare(a.id));
    if (!found[0]) {
      throw new ProtocolError({
        device: this.device,
        endpoint: this.client.http.url(path).pathname,
        message: `${this.device}: KalliopePBX accepted the new contact but it cannot be found afterwards. Refresh the directory to check it.`,
      });
    }
    return toContact(found[0]);
  }

  private async getContact(id: string, signal?: AbortSignal): Promise<Contact> {
    const path = `phonebook/contacts/${encodeURIComponent(id)}`;
    const root = await this.client.xml({ op: 'contact-read', method: 'GET', path, signal });
    const c = this.parse(path, () => parseContacts(root))[0];
    if (!c) {
      throw new DeviceRejectedError({
        device: this.device,
        endpoint: this.client.http.url(path).pathname,
        code: 'not-found',
        message: `${this.device}: contact ${id} was not found on the KalliopePBX. Refresh the directory.`,
      });
    }
    return toContact(c);
  }

  async deleteContact(id: string, opts?: CallOptions): Promise<void> {
    const path = `phonebook/contacts/${encodeURIComponent(this.checkId(id))}`;
    await this.client.xml({ op: 'contact-delete', method: 'DELETE', path, signal: opts?.signal });
  }

  private checkId(id: string): string {
    const t = id.trim();
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(t)) throw new RangeError(`${this.device}: "${id.slice(0, 40)}" is not a KalliopePBX contact id.`);
    return t;
  }

  // ---- voicemail ----

  /**
   * Counts for the watched mailboxes (DriverConfig.mailboxes, default the reception extension),
   * one request each (KalliopePBX REST API 1.1, /voicemails/count/<mailbox>); every other
   * voicemail-enabled extension is listed without counts rather than polled.
   */
  async voicemail(opts?: CallOptions): Promise<VoicemailBox[]> {
    const reception = this.config.extension?.trim() || undefined;
    const watched = [...new Set((this.config.mailboxes?.length ? this.config.mailboxes : reception ? [reception] : []).map((m) => m.trim()).filter(Boolean))];
    const enabled = await this.enabledMailboxes(opts?.signal);
    const boxes: VoicemailBox[] = [];
    for (const mailbox of watched) {
      const path = `voicemails/count/${encodeURIComponent(mailbox)}`;
      const root = await this.client.xml({ op: 'voicemail', method: 'GET', path, signal: opts?.signal });
      const count = this.parse(path, () => parseVoicemailCount(root));
      // no count at all means the PBX has no such mailbox
      boxes.push(toVoicemailBox(mailbox, count, count === null ? false : (enabled?.get(mailbox) ?? null)));
    }
    if (enabled) {
      for (const [mailbox, on] of enabled) {
        if (on && !watched.includes(mailbox)) boxes.push(toVoicemailBox(mailbox, null, true));
      }
    }
    return boxes;
  }

  /**
   * Extensions and whether their voicemail is enabled, from /users/configs (one call, cached for a
   * few minutes). Only `exten` and `vm_enabled` are read: the SIP and voicemail secrets in that
   * answer are never copied out. Returns null when the PBX will not list them.
   */
  private async enabledMailboxes(signal?: AbortSignal): Promise<Map<string, boolean> | null> {
    if (this.mailboxes && Date.now() - this.mailboxes.at < MAILBOX_LIST_TTL_MS) return this.mailboxes.enabled;
    try {
      const root = await this.client.xml({ op: 'users', method: 'GET', path: 'users/configs/', optional: true, signal });
      const configs = root['configs'];
      const m = new Map<string, boolean>();
      for (const c of list(isRecord(configs) ? configs['config'] : undefined)) {
        const ext = text(c['exten']);
        if (ext) m.set(ext, bool(c['vm_enabled']) ?? false);
      }
      this.mailboxes = { at: Date.now(), enabled: m };
      return m;
    } catch (e) {
      // Only the optional enumeration failed in a way the count call will report better.
      if (e instanceof UnsupportedOperationError) {
        // A 4.x PBX that refuses the list will refuse it again: ask again only after the same pause.
        this.mailboxes = { at: Date.now(), enabled: null };
        return null;
      }
      if (e instanceof DeviceRejectedError || e instanceof ProtocolError) return null;
      throw e;
    }
  }

  // ---- calls ----

  async dial(req: DialRequest, opts?: CallOptions): Promise<void> {
    const exten = (req.extension ?? this.config.extension ?? '').trim();
    if (!exten) {
      throw new RangeError(`${this.device}: no extension to ring first. Set the reception extension in the device settings or pass one.`);
    }
    if (!/^[0-9A-Za-z*#+_-]{1,32}$/.test(exten)) throw new RangeError(`${this.device}: "${exten.slice(0, 40)}" is not an extension.`);
    const number = normalizeDialNumber(req.number);
    if (!number) throw new RangeError(`${this.device}: "${req.number.slice(0, 40)}" is not a number that can be dialled.`);
    const type = req.mode ?? 'auto';
    await this.client.xml({
      op: 'click2call',
      method: 'POST',
      path: 'click2call',
      body: { click2call: { exten, number_to_call: number, type } },
      signal: opts?.signal,
    });
  }

  async presence(opts?: CallOptions): Promise<PresenceEntry[]> {
    // One after the other: a rejected credential costs one request, not two.
    const briefRoot = await this.client.xml({ op: 'users', method: 'GET', path: 'users/brief/', signal: opts?.signal });
    const regRoot = await this.client.xml({ op: 'users', method: 'GET', path: 'users/registrations/', signal: opts?.signal });
    const brief = this.parse('users/brief/', () => parseUsersBrief(briefRoot));
    const regs = this.parse('users/registrations/', () => parseRegistrations(regRoot));
    return toPresence(brief, regs);
  }

  async history(query?: HistoryQuery, opts?: CallOptions): Promise<CallHistoryEntry[]> {
    return (await this.historyReport(query, opts)).entries;
  }

  /**
   * The call history, with the number of CDR rows that could not be read and were left out (a
   * CSV row whose cells do not line up with the columns). `history()` returns the same entries.
   */
  async historyReport(query?: HistoryQuery, opts?: CallOptions): Promise<KalliopeHistoryReport> {
    const cdr: XmlTree = {};
    // Seed 003: <privacy_password> is md5sum(privacy password); with it the PBX shows full outside
    // numbers and names, a wrong one is error 3 (AuthError). Only its hash ever leaves the driver.
    const privacy = this.config.privacyPassword;
    if (privacy) cdr['privacy_password'] = md5Hex(privacy);
    if (query?.from) cdr['begin'] = toKpbxDate(query.from);
    if (query?.to) cdr['end'] = toKpbxDate(query.to, 'to');
    if (query?.from || query?.to) cdr['start_flag'] = true;
    const path = 'cdr';
    const csv = query?.format === 'csv';
    const body = await this.client.call({ op: 'cdr', method: 'POST', path, body: { cdr }, csv, signal: opts?.signal });
    const report = this.parse(path, () => (body.kind === 'xml' ? { rows: parseCdrXml(body.root), skipped: [] } : parseCdrCsvReport(body.text)));
    return { entries: toHistory(report.rows), skippedRows: report.skipped.length };
  }

  async callGroups(opts?: CallOptions): Promise<CallGroup[]> {
    const path = 'pbx/callgroups';
    const root = await this.client.xml({ op: 'callgroups', method: 'GET', path, signal: opts?.signal });
    return this.parse(path, () => parseCallGroups(root));
  }
}
