import { CONTACT_ERRORS } from './errors';
import type { Contact } from './model';
import { xml, type KalliopeState, type KReply, type KRequest } from './state';
import { child, errorTag, likeMatch, textOf, type XmlTree } from './xml';

/** /phonebook/contacts and /phonebook/search (seed 003 "/phonebook"). */

type ContactCode = keyof typeof CONTACT_ERRORS;
const contactResult = (r: KRequest, code: ContactCode, tag = 'contact'): KReply => xml(r, { [tag]: errorTag(code, CONTACT_ERRORS[code]) });

function contactXml(c: Contact): XmlTree {
  return {
    id: String(c.id),
    first_name: c.firstName,
    last_name: c.lastName,
    organization: c.organization,
    organizational_unit: c.organizationalUnit,
    type: c.owner === null ? 'system' : 'private',
    phone: c.phone,
    mail: c.mail,
    speed_dial: c.speedDial,
  };
}

const list = (r: KRequest, contacts: Contact[]): KReply => xml(r, { contacts: contacts.length ? { contact: contacts.map(contactXml) } : '' });

/** An id from the path: digits only, else null ("Invalid contact ID"). */
const pathId = (s: string | undefined): number | null => (s !== undefined && /^\d{1,9}$/.test(s) ? Number(s) : null);

export function getContacts(s: KalliopeState, r: KRequest): KReply {
  return list(r, [...s.contacts.values()]);
}

export function getContact(s: KalliopeState, r: KRequest): KReply {
  const id = pathId(r.params[0]);
  if (id === null) return contactResult(r, 14);
  const c = s.contacts.get(id);
  if (!c) return contactResult(r, 15);
  return list(r, [c]);
}

/** POST: system contact unless `<owner>` names an extension (-1 or absent = system). */
export function addContact(s: KalliopeState, r: KRequest): KReply {
  const c = r.body ? child(r.body, 'contact') : undefined;
  if (!c) return contactResult(r, 10);
  const owner = textOf(c['owner']) ?? '';
  if (owner !== '' && owner !== '-1' && !s.working.has(owner)) return contactResult(r, 11);
  // "The only mandatory tags are <first_name>, <last_name> and <phone>": the tags must be there,
  // the phone must not be empty, and the contact needs a name.
  const first = textOf(c['first_name']);
  const last = textOf(c['last_name']);
  const phone = textOf(c['phone']);
  if (first === undefined || last === undefined || !phone || (first === '' && last === '')) return contactResult(r, 12);
  s.addContact({
    owner: owner === '' || owner === '-1' ? null : owner,
    firstName: first,
    lastName: last,
    organization: textOf(c['organization']) ?? '',
    organizationalUnit: textOf(c['organizational_unit']) ?? '',
    phone,
    mail: textOf(c['mail']) ?? '',
    speedDial: textOf(c['speed_dial']) ?? '',
  });
  return contactResult(r, 0);
}

type TextKey = Exclude<keyof Contact, 'id' | 'owner'>;
const FIELDS: readonly [string, TextKey][] = [
  ['first_name', 'firstName'],
  ['last_name', 'lastName'],
  ['organization', 'organization'],
  ['organizational_unit', 'organizationalUnit'],
  ['phone', 'phone'],
  ['mail', 'mail'],
  ['speed_dial', 'speedDial'],
];

/** PUT /phonebook/contacts: `<id>` names the contact; only the tags sent are changed. */
export function updateContact(s: KalliopeState, r: KRequest): KReply {
  const c = r.body ? child(r.body, 'contact') : undefined;
  if (!c) return contactResult(r, 10);
  const rawId = textOf(c['id']);
  if (!rawId) return contactResult(r, 12);
  const id = pathId(rawId);
  const contact = id === null ? undefined : s.contacts.get(id);
  if (!contact) return contactResult(r, 15);
  if (contact.owner !== null) return contactResult(r, 17);
  const next: Contact = { ...contact };
  for (const [tag, key] of FIELDS) {
    const v = textOf(c[tag]);
    if (v !== undefined) next[key] = v;
  }
  if (!next.phone || (!next.firstName && !next.lastName)) return contactResult(r, 12);
  s.contacts.set(contact.id, next);
  return contactResult(r, 0);
}

export function deleteContact(s: KalliopeState, r: KRequest): KReply {
  const id = pathId(r.params[0]);
  if (id === null) return contactResult(r, 14);
  const c = s.contacts.get(id);
  if (!c) return contactResult(r, 15);
  if (c.owner !== null) return contactResult(r, 17);
  s.contacts.delete(id);
  return contactResult(r, 0);
}

const SEARCH_FIELDS: readonly [string, TextKey][] = FIELDS.filter(([t]) => t !== 'speed_dial');

/**
 * POST /phonebook/search. Without `<any>` (or with it empty): every non-empty tag must match.
 * With `<any>`: the value may match any attribute. Exact by default, `%` as wildcard.
 */
export function searchContacts(s: KalliopeState, r: KRequest): KReply {
  const f = r.body ? child(r.body, 'filter') : undefined;
  if (!f) return contactResult(r, 19, 'filter');
  const any = textOf(f['any']) ?? '';
  const all = [...s.contacts.values()];
  if (any !== '') return list(r, all.filter((c) => SEARCH_FIELDS.some(([, k]) => likeMatch(any, c[k]))));
  const wanted = SEARCH_FIELDS.map(([tag, key]) => [textOf(f[tag]) ?? '', key] as const).filter(([v]) => v !== '');
  return list(r, all.filter((c) => wanted.every(([v, k]) => likeMatch(v, c[k]))));
}
