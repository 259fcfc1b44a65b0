import type { OfficeLinks } from '../lib/types';
import { generateCdr } from './cdr-seed';
import {
  buildCallgroups,
  buildUser,
  type Callgroup,
  type CdrRow,
  type Contact,
  type KalliopeCdrSeed,
  type KalliopeSimOptions,
  type LicenseState,
  type Mailbox,
  type UserConfig,
} from './model';
import { responseXml, XML_CONTENT_TYPE, type XmlTree } from './xml';

/** An HTTP answer of the simulated PBX. */
export interface KReply {
  status: number;
  body: string;
  contentType: string;
  headers?: Record<string, string>;
}

/** A routed request: path captures, the `<kpbx_request>` content (null if absent/unreadable). */
export interface KRequest {
  method: string;
  params: string[];
  body: Record<string, unknown> | null;
  query: URLSearchParams;
  requestId: string | undefined;
  accept: string;
}

export function xml(r: KRequest, content: XmlTree, status = 200): KReply {
  return { status, body: responseXml(r.requestId, content), contentType: XML_CONTENT_TYPE };
}

export interface Click2CallRecord {
  at: string;
  exten: string;
  number: string;
  type: string;
  outcome: 'ringing' | 'answered' | 'no-phone' | 'failed';
  cdrId: number;
}

const cloneUser = (u: UserConfig): UserConfig => ({ ...u, failover: { ...u.failover } });

/** The PBX's data: phonebook, users (applied and pending copies), callgroups, CDR, mailboxes. */
export class KalliopeState {
  readonly contacts = new Map<number, Contact>();
  nextContactId = 1;
  /** Operational configuration. */
  applied = new Map<string, UserConfig>();
  /** Configuration as edited through the API; differs from `applied` until PUT /pbx/apply. */
  working = new Map<string, UserConfig>();
  pending = false;
  readonly callgroups: Callgroup[];
  readonly cdr: CdrRow[] = [];
  nextCdrId = 1;
  readonly mailboxes = new Map<string, Mailbox>();
  readonly click2calls: Click2CallRecord[] = [];
  license: LicenseState;
  links: OfficeLinks | undefined;

  constructor(readonly opts: KalliopeSimOptions) {
    if (!opts.extensions.some((e) => e.extension === opts.receptionExtension)) {
      throw new Error(`kalliope ${opts.id}: reception extension ${opts.receptionExtension} is not one of its extensions`);
    }
    for (const e of opts.extensions) {
      if (this.applied.has(e.extension)) throw new Error(`kalliope ${opts.id}: duplicate extension ${e.extension}`);
      this.applied.set(e.extension, buildUser(e, opts.receptionExtension, opts.id));
    }
    this.working = new Map([...this.applied].map(([k, u]) => [k, cloneUser(u)]));
    this.syncMailboxes();
    for (const c of opts.contacts ?? []) {
      if (c.owner !== undefined && !this.applied.has(c.owner)) throw new Error(`kalliope ${opts.id}: contact owner ${c.owner} is not an extension`);
      this.addContact({
        owner: c.owner ?? null,
        firstName: c.firstName,
        lastName: c.lastName ?? '',
        organization: c.organization ?? '',
        organizationalUnit: c.organizationalUnit ?? '',
        phone: c.phone,
        mail: c.mail ?? '',
        speedDial: c.speedDial ?? '',
      });
    }
    this.callgroups = buildCallgroups(opts);
    for (const seed of opts.cdr ?? generateCdr(opts, this.callgroups, [...this.contacts.values()])) this.addCdr(seed);
    this.license = opts.licenseValid === false ? 'missing' : 'active';
    this.links = opts.links;
  }

  addContact(c: Omit<Contact, 'id'>): Contact {
    const contact = { id: this.nextContactId++, ...c };
    this.contacts.set(contact.id, contact);
    return contact;
  }

  addCdr(seed: KalliopeCdrSeed): CdrRow {
    const row = toRow(seed, this.nextCdrId++);
    this.cdr.push(row);
    return row;
  }

  /** Every voicemail-enabled applied extension has a mailbox; existing counts are kept. */
  syncMailboxes(): void {
    for (const u of this.applied.values()) if (u.vmEnabled && !this.mailboxes.has(u.exten)) this.mailboxes.set(u.exten, { urgent: 0, new: 0, old: 0 });
    for (const k of [...this.mailboxes.keys()]) if (!this.applied.get(k)?.vmEnabled) this.mailboxes.delete(k);
  }

  apply(): void {
    this.applied = new Map([...this.working].map(([k, u]) => [k, cloneUser(u)]));
    this.pending = false;
    this.syncMailboxes();
  }

  revert(): void {
    this.working = new Map([...this.applied].map(([k, u]) => [k, cloneUser(u)]));
    this.pending = false;
  }

  /** Registration as the PBX sees it: with office links, the extension has a phone. */
  registered(u: UserConfig): boolean {
    return this.links ? this.links.extensionBusy(u.exten) !== undefined : u.registered;
  }

  displayName(exten: string): string {
    const u = this.applied.get(exten);
    return u ? [u.firstName, u.lastName].filter(Boolean).join(' ') : '';
  }
}

let uniqueSeq = 0;

function toRow(s: KalliopeCdrSeed, id: number): CdrRow {
  uniqueSeq = (uniqueSeq + 1) % 1000;
  return {
    id,
    uniqueId: s.uniqueId ?? `${Math.floor(s.start.getTime() / 1000)}.${id * 7 + uniqueSeq}`,
    direction: s.direction,
    callerNum: s.callerNum,
    callerName: s.callerName ?? '',
    calledNum: s.calledNum,
    calledName: s.calledName ?? '',
    calledCallgroup: s.calledCallgroup ?? '',
    gatewayId: s.gatewayId ?? '',
    gatewayName: s.gatewayName ?? '',
    status: s.status,
    start: s.start,
    answer: s.answer ?? null,
    end: s.end,
  };
}
