/**
 * The Grandstream XML phonebook served by `cgi-bin/phonebook_download` (seed 000/001; format of the
 * GXP2200 "XML Based Downloadable Phonebook"):
 *
 *   <AddressBook>
 *     <pbgroup><id>1</id><name>Friends</name></pbgroup>
 *     <Contact>
 *       <id>3</id><FirstName>Ann</FirstName><LastName>Lee</LastName>
 *       <Phone type="Work"><phonenumber>201</phonenumber><accountindex>1</accountindex></Phone>
 *       <Phone type="Cell"><phonenumber>+39 333</phonenumber></Phone>
 *       <Mail type="Work">ann@example.com</Mail>
 *       <Group>1</Group>
 *     </Contact>
 *   </AddressBook>
 *
 * Read tolerantly: tag names case-insensitively, groups also as `<Group id=…>` or `<Groups>`,
 * several phones per contact, `<Phone>` with the number as text, entities decoded. A document that
 * is not well-formed XML, or has no `<AddressBook>`, throws PhoneParseError.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Contact, ContactGroup, ContactNumber, NumberType } from '../../../shared/domain';
import { xmlRefusal } from '../common/xml-guard';
import { PhoneParseError, isRecord, str } from './parsers';

export interface Phonebook {
  groups: ContactGroup[];
  contacts: Contact[];
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  textNodeName: '#text',
  transformTagName: (t: string) => t.toLowerCase(),
  transformAttributeName: (t: string) => t.toLowerCase(),
});

function many(v: unknown): unknown[] {
  if (v === undefined || v === null || v === '') return [];
  return Array.isArray(v) ? v : [v];
}

/** Text content of an element that may carry attributes. */
function textOf(v: unknown): string {
  if (isRecord(v)) return str(v['#text']);
  return str(v);
}

function attr(v: unknown, name: string): string {
  return isRecord(v) ? str(v[`@${name}`]) : '';
}

function numberType(t: string): NumberType {
  switch (t.toLowerCase()) {
    case 'work':
    case 'office':
    case 'business':
      return 'work';
    case 'home':
      return 'home';
    case 'cell':
    case 'mobile':
      return 'mobile';
    case 'fax':
    case 'workfax':
    case 'work fax':
      return 'fax';
    default:
      return 'other';
  }
}

function readGroups(book: Record<string, unknown>): ContactGroup[] {
  const out: ContactGroup[] = [];
  const push = (id: string, name: string): void => {
    if (id !== '' && !out.some((g) => g.id === id)) out.push({ id, name });
  };
  for (const g of many(book['pbgroup'])) {
    if (isRecord(g)) push(textOf(g['id']) || attr(g, 'id'), textOf(g['name']) || textOf(g));
  }
  // Some firmware writes <Groups><Group id="1">Friends</Group></Groups>.
  for (const block of many(book['groups'])) {
    if (!isRecord(block)) continue;
    for (const g of many(block['group'])) push(attr(g, 'id') || (isRecord(g) ? textOf(g['id']) : ''), isRecord(g) && g['name'] !== undefined ? textOf(g['name']) : textOf(g));
  }
  return out;
}

function readContact(c: unknown, index: number): Contact {
  if (!isRecord(c)) throw new PhoneParseError(`phonebook contact ${index + 1} is empty or not an element`);
  const firstName = textOf(c['firstname']);
  const lastName = textOf(c['lastname']);
  const name = [firstName, lastName].filter(Boolean).join(' ') || textOf(c['name']);
  const numbers: ContactNumber[] = [];
  for (const p of many(c['phone'])) {
    const num = isRecord(p) ? textOf(p['phonenumber']) || textOf(p['number']) || textOf(p) : str(p);
    if (num !== '') numbers.push({ type: numberType(attr(p, 'type')), number: num });
  }
  const id = textOf(c['id']) || attr(c, 'id') || `pb${index}`;
  const contact: Contact = { id, name, numbers };
  if (firstName) contact.firstName = firstName;
  if (lastName) contact.lastName = lastName;
  const company = textOf(c['company']);
  if (company) contact.company = company;
  const mail = many(c['mail']).map(textOf).find((m) => m !== '');
  if (mail) contact.email = mail;
  const group = many(c['group']).map(textOf).find((g) => g !== '');
  if (group) contact.groupId = group;
  return contact;
}

/** Parse a phonebook XML document. Throws PhoneParseError for anything that is not a phonebook. */
export function parsePhonebookXml(xml: string): Phonebook {
  const t = xml.replace(/^\uFEFF/, '').trim();
  if (!t.startsWith('<')) throw new PhoneParseError('the phonebook is not XML');
  if (/<!ENTITY/i.test(t)) throw new PhoneParseError('the phonebook XML declares entities, which Frontdesk refuses');
  const refused = xmlRefusal(t);
  if (refused) throw new PhoneParseError(refused.replace(/^the XML/, 'the phonebook XML'));
  const valid = XMLValidator.validate(t);
  if (valid !== true) throw new PhoneParseError(`the phonebook XML is malformed (${valid.err.msg}, line ${valid.err.line})`);
  let doc: unknown;
  try {
    doc = parser.parse(t);
  } catch (e) {
    throw new PhoneParseError(`the phonebook XML is unreadable (${e instanceof Error ? e.message : String(e)})`);
  }
  if (!isRecord(doc) || !('addressbook' in doc)) throw new PhoneParseError('the phonebook XML has no <AddressBook> element');
  const book = doc['addressbook'];
  if (!isRecord(book)) return { groups: [], contacts: [] };
  return { groups: readGroups(book), contacts: many(book['contact']).map(readContact) };
}
