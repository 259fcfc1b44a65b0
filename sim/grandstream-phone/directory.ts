/**
 * Phonebook contacts and groups (seed 000/001 "Get Contact" .. "Edit/delete Contact Group",
 * "Phonebook Download"). State is materialised from the seed options on first use.
 */
import type { ContactNameOrder, PhoneContactSeed, PhoneGroupSeed } from './options';

export interface StoredContact {
  id: number;
  firstName: string;
  lastName: string;
  groupId: number;
  work: string;
  home: string;
  mobile: string;
  fax: string;
  email: string;
}

/** Built-in groups, as in the seed's api-get_groups example. They cannot be renamed or deleted. */
export const DEFAULT_GROUP = 0;
export const BLACKLIST_GROUP = 100;
const BUILTIN_GROUPS: PhoneGroupSeed[] = [
  { id: DEFAULT_GROUP, name: 'default' },
  { id: BLACKLIST_GROUP, name: 'blacklist' },
];

/** The contact's name as api-get_contacts shows it; the manuals do not say in which order (the `contactNameOrder` variant). */
export function contactName(c: StoredContact, order: ContactNameOrder = 'first-last'): string {
  const parts = order === 'last-first' ? [c.lastName, c.firstName] : [c.firstName, c.lastName];
  return parts.filter((p) => p !== '').join(' ');
}

/** Parameters of api-save_edit_contact, undefined when absent from the request. */
export interface ContactParams {
  id?: string;
  firstname?: string;
  lastname?: string;
  group?: string;
  newphone1?: string;
  newphone2?: string;
  newphone3?: string;
  newphone4?: string;
  email?: string;
}

export type DirResult = { ok: true } | { ok: false; error: string };

function parseId(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const t = v.trim();
  if (!/^\d+$/.test(t)) return undefined;
  return Number(t);
}

export class Directory {
  private contacts: Map<number, StoredContact> | null = null;
  private groups: Map<number, string> | null = null;

  constructor(
    private readonly seedContacts: PhoneContactSeed[],
    private readonly seedGroups: PhoneGroupSeed[],
    readonly nameOrder: ContactNameOrder = 'first-last',
  ) {}

  /** `contactName` of api-get_contacts in this phone's order. */
  nameOf(c: StoredContact): string {
    return contactName(c, this.nameOrder);
  }

  private groupMap(): Map<number, string> {
    if (!this.groups) {
      this.groups = new Map();
      for (const g of [...BUILTIN_GROUPS, ...this.seedGroups]) if (!this.groups.has(g.id)) this.groups.set(g.id, g.name);
    }
    return this.groups;
  }

  private contactMap(): Map<number, StoredContact> {
    if (!this.contacts) {
      const groups = this.groupMap();
      this.contacts = new Map();
      let next = 0;
      for (const c of this.seedContacts) {
        const id = c.id ?? next;
        next = Math.max(next, id + 1);
        const groupId = c.groupId !== undefined && groups.has(c.groupId) ? c.groupId : DEFAULT_GROUP;
        this.contacts.set(id, {
          id,
          firstName: c.firstName,
          lastName: c.lastName ?? '',
          groupId,
          work: c.work ?? '',
          home: c.home ?? '',
          mobile: c.mobile ?? '',
          fax: c.fax ?? '',
          email: c.email ?? '',
        });
      }
    }
    return this.contacts;
  }

  private nextContactId(): number {
    let max = -1;
    for (const id of this.contactMap().keys()) if (id > max) max = id;
    return max + 1;
  }

  /** api-get_contacts: filters combine (contactid exact, contactname case-insensitive substring, groupid exact). */
  listContacts(filter: { contactid?: string; contactname?: string; groupid?: string }): StoredContact[] {
    let list = [...this.contactMap().values()].sort((a, b) => a.id - b.id);
    if (filter.contactid !== undefined && filter.contactid.trim() !== '') {
      const id = parseId(filter.contactid);
      list = list.filter((c) => c.id === id);
    }
    if (filter.contactname !== undefined && filter.contactname !== '') {
      const k = filter.contactname.toLowerCase();
      list = list.filter((c) => this.nameOf(c).toLowerCase().includes(k));
    }
    if (filter.groupid !== undefined && filter.groupid.trim() !== '') {
      const g = parseId(filter.groupid);
      list = list.filter((c) => c.groupId === g);
    }
    return list;
  }

  /**
   * api-save_edit_contact. No id (or an empty one) inserts; an existing id edits, changing only the
   * parameters present. The name must not end up empty; `group` must name an existing group.
   */
  saveContact(p: ContactParams): DirResult {
    const contacts = this.contactMap();
    let target: StoredContact | undefined;
    if (p.id !== undefined && p.id.trim() !== '') {
      const id = parseId(p.id);
      target = id === undefined ? undefined : contacts.get(id);
      if (!target) return { ok: false, error: 'contact not found' };
    }
    let groupId: number | undefined;
    if (p.group !== undefined && p.group.trim() !== '') {
      groupId = parseId(p.group);
      if (groupId === undefined || !this.groupMap().has(groupId)) return { ok: false, error: 'group not found' };
    }
    const next: StoredContact = target
      ? { ...target }
      : { id: this.nextContactId(), firstName: '', lastName: '', groupId: DEFAULT_GROUP, work: '', home: '', mobile: '', fax: '', email: '' };
    if (p.firstname !== undefined) next.firstName = p.firstname.trim();
    if (p.lastname !== undefined) next.lastName = p.lastname.trim();
    if (groupId !== undefined) next.groupId = groupId;
    if (p.newphone1 !== undefined) next.work = p.newphone1.trim();
    if (p.newphone2 !== undefined) next.home = p.newphone2.trim();
    if (p.newphone3 !== undefined) next.mobile = p.newphone3.trim();
    if (p.newphone4 !== undefined) next.fax = p.newphone4.trim();
    if (p.email !== undefined) next.email = p.email.trim();
    if (contactName(next) === '') return { ok: false, error: 'missing firstname or lastname' };
    contacts.set(next.id, next);
    return { ok: true };
  }

  deleteContact(idParam: string | undefined): DirResult {
    if (idParam === undefined || idParam.trim() === '') return { ok: false, error: 'missing id' };
    const id = parseId(idParam);
    if (id === undefined || !this.contactMap().delete(id)) return { ok: false, error: 'contact not found' };
    return { ok: true };
  }

  deleteAllContacts(): void {
    this.contacts = new Map();
  }

  listGroups(idParam?: string): { id: number; name: string }[] {
    let list = [...this.groupMap()].map(([id, name]) => ({ id, name })).sort((a, b) => a.id - b.id);
    if (idParam !== undefined && idParam.trim() !== '') {
      const id = parseId(idParam);
      list = list.filter((g) => g.id === id);
    }
    return list;
  }

  /** api-add_group: new ids count up from 1, skipping the built-in 100. */
  addGroup(name: string | undefined): DirResult {
    const n = name?.trim() ?? '';
    if (n === '') return { ok: false, error: 'missing name' };
    const groups = this.groupMap();
    let id = 1;
    while (groups.has(id)) id++;
    groups.set(id, n);
    return { ok: true };
  }

  /** api-edit_delete_group: a blank name deletes the group; its contacts move to the default group. */
  editDeleteGroup(idParam: string | undefined, name: string | undefined): DirResult {
    if (idParam === undefined || idParam.trim() === '') return { ok: false, error: 'missing id' };
    const id = parseId(idParam);
    const groups = this.groupMap();
    if (id === undefined || !groups.has(id)) return { ok: false, error: 'group not found' };
    if (id === DEFAULT_GROUP || id === BLACKLIST_GROUP) return { ok: false, error: 'built-in group' };
    const n = name?.trim() ?? '';
    if (n === '') {
      groups.delete(id);
      for (const c of this.contactMap().values()) if (c.groupId === id) c.groupId = DEFAULT_GROUP;
    } else {
      groups.set(id, n);
    }
    return { ok: true };
  }

  /**
   * Grandstream XML phonebook (seed: "refer to GXP2200 XML Based Downloadable Phonebook Guide"):
   * <AddressBook> with <pbgroup> entries and <Contact> entries holding one <Phone> per number.
   */
  phonebookXml(): string {
    const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>', '<AddressBook>'];
    for (const g of this.listGroups()) {
      if (g.id === DEFAULT_GROUP) continue;
      out.push('  <pbgroup>', `    <id>${g.id}</id>`, `    <name>${xmlEscape(g.name)}</name>`, '  </pbgroup>');
    }
    for (const c of this.listContacts({})) {
      out.push('  <Contact>', `    <id>${c.id}</id>`, `    <FirstName>${xmlEscape(c.firstName)}</FirstName>`, `    <LastName>${xmlEscape(c.lastName)}</LastName>`);
      const phones: [string, string][] = [
        ['Work', c.work],
        ['Home', c.home],
        ['Cell', c.mobile],
        ['Fax', c.fax],
      ];
      for (const [type, num] of phones) {
        if (num === '') continue;
        out.push(`    <Phone type="${type}">`, `      <phonenumber>${xmlEscape(num)}</phonenumber>`, '      <accountindex>1</accountindex>', '    </Phone>');
      }
      if (c.email !== '') out.push(`    <Mail type="Work">${xmlEscape(c.email)}</Mail>`);
      out.push(`    <Group>${c.groupId}</Group>`, '  </Contact>');
    }
    out.push('</AddressBook>', '');
    return out.join('\n');
  }

  snapshot(): { contacts: StoredContact[]; groups: { id: number; name: string }[] } {
    return { contacts: this.listContacts({}).map((c) => ({ ...c })), groups: this.listGroups() };
  }

  reset(): void {
    this.contacts = null;
    this.groups = null;
  }
}

export function xmlEscape(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '').replace(/[&<>"']/g, (ch) => {
    switch (ch) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      default:
        return '&apos;';
    }
  });
}
