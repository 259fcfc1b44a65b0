/**
 * Grandstream XML phonebook (the GXP "XML Based Downloadable Phonebook" that phones serve at
 * cgi-bin/phonebook_download and import from a file):
 *
 *   <AddressBook>
 *     <pbgroup><id>1</id><name>Friends</name></pbgroup>
 *     <Contact>
 *       <id>3</id><FirstName>Ann</FirstName><LastName>Lee</LastName>
 *       <Phone type="Work"><phonenumber>201</phonenumber><accountindex>1</accountindex></Phone>
 *       <Mail type="Work">ann@example.com</Mail>
 *       <Group>1</Group>
 *     </Contact>
 *   </AddressBook>
 *
 * Read tolerantly (tag names in any case, <Phone> with the number as text), one <Contact> at a
 * time: a damaged contact is skipped with the line and the reason, and the others still import.
 */
import type { NumberType } from '../../../../../shared/domain';
import { type ExportContact, type ParsedRow, type ParseResult, type RowIssue, finish, splitName } from './model';
import { XmlError, type XmlElement, childText, childrenNamed, parseXml, xmlEscape } from './xml';

function numberType(t: string): NumberType {
  switch (t.trim().toLowerCase()) {
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

const TYPE_NAME: Record<NumberType, string> = { work: 'Work', home: 'Home', mobile: 'Cell', fax: 'Fax', other: 'Other' };

function readContact(el: XmlElement, row: number, line: number): ParsedRow {
  const numbers = childrenNamed(el, 'phone').flatMap((p) => {
    const num = childText(p, 'phonenumber') || childText(p, 'number') || p.text;
    return num ? [{ type: numberType(p.attrs['type'] ?? ''), number: num }] : [];
  });
  const mail = childrenNamed(el, 'mail').map((m) => m.text).find((m) => m !== '') ?? childText(el, 'email');
  return {
    row,
    line,
    draft: {
      firstName: childText(el, 'firstname'),
      lastName: childText(el, 'lastname'),
      name: childText(el, 'name'),
      company: childText(el, 'company'),
      email: mail,
      numbers,
    },
  };
}

const CONTACT_START = /<contact(?=[\s>/])/gi;
const CONTACT_END = /<\/contact\s*>/gi;

export function parseGrandstreamXml(text: string): ParseResult {
  const src = text.replace(/^\uFEFF/, '');
  if (src.trim() === '') return { rows: [], skipped: [], notes: [], fileProblem: 'empty' };
  if (/<!DOCTYPE|<!ENTITY/i.test(src)) return { rows: [], skipped: [], notes: [], fileProblem: 'entities' };
  if (!/<addressbook[\s>/]/i.test(src)) return { rows: [], skipped: [], notes: [], fileProblem: 'notPhonebook' };
  const starts: number[] = [];
  for (const m of src.matchAll(CONTACT_START)) starts.push(m.index);
  const closing = src.search(/<\/addressbook\s*>/i);
  const raw: ParsedRow[] = [];
  const skipped: RowIssue[] = [];
  // Line numbers counted once through the file (contacts come in order).
  let curLine = 1;
  let curPos = 0;
  const lineOf = (pos: number): number => {
    for (let i = src.indexOf('\n', curPos); i >= 0 && i < pos; i = src.indexOf('\n', i + 1)) curLine++;
    curPos = pos;
    return curLine;
  };
  starts.forEach((start, k) => {
    const row = k + 1;
    const line = lineOf(start);
    const limit = starts[k + 1] ?? (closing > start ? closing : src.length);
    CONTACT_END.lastIndex = start;
    const end = CONTACT_END.exec(src);
    const selfClosed = /^<contact[^<>]*\/>/i.exec(src.slice(start, limit));
    const chunkEnd = selfClosed ? start + selfClosed[0].length : end && end.index < limit ? end.index + end[0].length : -1;
    if (chunkEnd < 0) {
      skipped.push({ row, line, label: '', code: 'xmlUnclosed', params: { name: 'Contact', line } });
      return;
    }
    try {
      const [el] = parseXml(src.slice(start, chunkEnd), line);
      if (el) raw.push(readContact(el, row, line));
    } catch (e) {
      if (!(e instanceof XmlError)) throw e;
      const chunk = src.slice(start, chunkEnd);
      const part = (tag: string) => new RegExp(`<${tag}>([^<]{1,60})<`, 'i').exec(chunk)?.[1]?.trim() ?? '';
      const label = [part('firstname'), part('lastname')].filter(Boolean).join(' ');
      skipped.push({ row, line, label, code: e.code, params: e.params });
    }
  });
  return finish(raw, skipped);
}

export function writeGrandstreamXml(contacts: readonly ExportContact[]): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', '<AddressBook>'];
  for (const c of contacts) {
    const split = c.firstName || c.lastName ? { firstName: c.firstName ?? '', lastName: c.lastName ?? '' } : splitName(c.name);
    out.push('  <Contact>', `    <FirstName>${xmlEscape(split.firstName)}</FirstName>`, `    <LastName>${xmlEscape(split.lastName)}</LastName>`);
    if (c.company) out.push(`    <Company>${xmlEscape(c.company)}</Company>`);
    for (const n of c.numbers) {
      out.push(`    <Phone type="${TYPE_NAME[n.type]}">`, `      <phonenumber>${xmlEscape(n.number)}</phonenumber>`, '      <accountindex>1</accountindex>', '    </Phone>');
    }
    if (c.email) out.push(`    <Mail type="Work">${xmlEscape(c.email)}</Mail>`);
    out.push('  </Contact>');
  }
  out.push('</AddressBook>', '');
  return out.join('\n');
}
