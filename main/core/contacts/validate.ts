/**
 * Input checks for the contact index: contacts and sources handed in by drivers, and persisted dumps.
 * Hand-written for contacts (100,000 of them must load in a few tens of milliseconds); each failure
 * names the path of the bad value.
 */
import type { Contact, ContactNumber, NumberType } from '../../../shared/domain';
import { checkNumberingRules, type NumberingRules } from './numbers';
import { type ContactIndexDump, type ContactSource, DUMP_FORMAT, DUMP_VERSION } from './types';

const NUMBER_TYPES: readonly NumberType[] = ['work', 'home', 'mobile', 'fax', 'other'];
const OPTIONAL_STRINGS = ['firstName', 'lastName', 'company', 'email', 'groupId'] as const;
const MAX_ID_CHARS = 512;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'string' ? `the string ${JSON.stringify(v.slice(0, 40))}` : `${typeof v}`;
}

function fail(where: string, what: string, got: unknown): never {
  throw new TypeError(`${where}: expected ${what}, got ${describe(got)}`);
}

/** A copy of the contact with only the known fields; throws a TypeError naming the bad field. */
export function checkContact(v: unknown, where: string): Contact {
  if (!isRecord(v)) fail(where, 'a contact object', v);
  const { id, name, numbers } = v;
  if (typeof id !== 'string' || id === '' || id.length > MAX_ID_CHARS) fail(`${where}.id`, `a non-empty string of at most ${MAX_ID_CHARS} characters`, id);
  if (typeof name !== 'string') fail(`${where}.name`, 'a string', name);
  if (!Array.isArray(numbers)) fail(`${where}.numbers`, 'an array', numbers);
  const out: Contact = { id, name, numbers: numbers.map((n: unknown, i) => checkNumber(n, `${where}.numbers[${i}]`)) };
  for (const f of OPTIONAL_STRINGS) {
    const value = v[f];
    if (value === undefined) continue;
    if (typeof value !== 'string') fail(`${where}.${f}`, 'a string or nothing', value);
    out[f] = value;
  }
  return out;
}

function checkNumber(v: unknown, where: string): ContactNumber {
  if (!isRecord(v)) fail(where, 'a {type, number} object', v);
  const { type, number } = v;
  if (typeof type !== 'string' || !(NUMBER_TYPES as readonly string[]).includes(type)) fail(`${where}.type`, `one of ${NUMBER_TYPES.join(', ')}`, type);
  if (typeof number !== 'string') fail(`${where}.number`, 'a string', number);
  return { type: type as NumberType, number };
}

export function checkSource(v: unknown, where: string): ContactSource {
  if (!isRecord(v)) fail(where, 'a {id, label, writable} object', v);
  const { id, label, writable } = v;
  if (typeof id !== 'string' || id === '' || id.length > MAX_ID_CHARS) fail(`${where}.id`, `a non-empty string of at most ${MAX_ID_CHARS} characters`, id);
  if (typeof label !== 'string') fail(`${where}.label`, 'a string', label);
  if (typeof writable !== 'boolean') fail(`${where}.writable`, 'a boolean', writable);
  return { id, label, writable };
}

/**
 * Checks a list of contacts of one source: shapes, and ids unique within the source. A repeated id throws
 * ('throw', for dumps we wrote ourselves) or keeps its first occurrence ('keep-first', for device data).
 */
export function checkContacts(v: unknown, where: string, duplicates: 'throw' | 'keep-first' = 'throw'): Contact[] {
  if (!Array.isArray(v)) fail(where, 'an array of contacts', v);
  const ids = new Set<string>();
  const out: Contact[] = [];
  v.forEach((c: unknown, i) => {
    const contact = checkContact(c, `${where}[${i}]`);
    if (ids.has(contact.id)) {
      if (duplicates === 'throw') throw new TypeError(`${where}[${i}].id: duplicate contact id ${JSON.stringify(contact.id)} in one source`);
      return;
    }
    ids.add(contact.id);
    out.push(contact);
  });
  return out;
}

/** Validates a persisted dump; throws an Error that says what is wrong with it. */
export function checkDump(v: unknown): { rules: NumberingRules; sources: { source: ContactSource; contacts: Contact[] }[] } {
  if (!isRecord(v)) throw new Error(`Not a contact index dump: expected an object, got ${describe(v)}`);
  if (v.format !== DUMP_FORMAT) throw new Error(`Not a contact index dump: format is ${JSON.stringify(v.format) ?? 'missing'}, expected "${DUMP_FORMAT}"`);
  if (v.version !== DUMP_VERSION) throw new Error(`Unsupported contact index dump version ${JSON.stringify(v.version) ?? '(missing)'}: this build reads version ${DUMP_VERSION}`);
  const dump = v as Partial<ContactIndexDump> & Record<string, unknown>;
  try {
    const rules = checkNumberingRules(dump.rules);
    if (!Array.isArray(dump.sources)) fail('sources', 'an array', dump.sources);
    const seen = new Set<string>();
    const sources = dump.sources.map((s: unknown, i) => {
      const source = checkSource(s, `sources[${i}]`);
      if (seen.has(source.id)) throw new TypeError(`sources[${i}].id: duplicate source id ${JSON.stringify(source.id)}`);
      seen.add(source.id);
      return { source, contacts: checkContacts((s as Record<string, unknown>).contacts, `sources[${i}].contacts`) };
    });
    return { rules, sources };
  } catch (e) {
    throw new Error(`Bad contact index dump: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}
