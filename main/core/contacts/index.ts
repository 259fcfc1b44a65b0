/**
 * The office's contact index: contacts from every source (phone phonebooks, PBX phonebooks and users),
 * searchable by name, company or number as the receptionist types, and looked up by caller number.
 * Plain Node, no I/O: the hub feeds it sources, persists toJSON() and restores it with fromJSON() so search
 * works at start-up before the devices answer. See ./engine for the data structures.
 */
import type { Contact } from '../../../shared/domain';
import { type DocInput, Engine } from './engine';
import { foldText, isPlainAscii, textTokens } from './fold';
import { canonicalNumber, checkNumberingRules, DEFAULT_NUMBERING, type NumberingRules } from './numbers';
import { search } from './search';
import { joinTokens, parseQuery } from './terms';
import {
  type CallerMatch,
  type ContactHit,
  type ContactIndexDump,
  type ContactSource,
  DUMP_FORMAT,
  DUMP_VERSION,
  type IndexedContact,
  type MatchedField,
} from './types';
import { checkContacts, checkDump, checkSource } from './validate';

export type { CallerMatch, ContactHit, ContactIndexDump, ContactSource, IndexedContact, MatchedField } from './types';
export { canonicalNumber, dialString, looksLikeNumber, DEFAULT_NUMBERING, type NumberingRules } from './numbers';
export { foldText } from './fold';

const FIELDS: readonly MatchedField[] = ['name', 'company', 'number'];
export const DEFAULT_SEARCH_LIMIT = 50;
export const MAX_SEARCH_LIMIT = 10_000;

interface SourceEntry {
  source: ContactSource;
  /** Keys in the order the source gave its contacts (persisted in that order). */
  keys: string[];
}

export class ContactIndex {
  private rules: Required<NumberingRules>;
  private readonly engine = new Engine();
  private readonly entries = new Map<string, SourceEntry>();

  constructor(rules: NumberingRules = DEFAULT_NUMBERING) {
    this.rules = checkNumberingRules(rules);
  }

  /** New numbering rules (from Settings): every number is normalised again. Throws RangeError on bad rules. */
  setRules(rules: NumberingRules): void {
    const next = checkNumberingRules(rules);
    const r = this.rules;
    if (Object.entries(next).every(([k, v]) => r[k as keyof typeof r] === v)) return;
    this.rules = next;
    const docs = this.engine.liveDocs().map((d) => ({ ...d, canon: d.contact.numbers.map((n) => canonicalNumber(n.number, next)) }));
    this.engine.relayout(docs);
  }

  /** The rules in force, defaults filled. */
  numbering(): Required<NumberingRules> {
    return { ...this.rules };
  }

  /**
   * Replaces one source's contacts; others are untouched. Only contacts that changed are re-indexed, so
   * polling an unchanged phonebook costs one comparison per contact. Returns true when anything changed
   * (worth persisting). Validates everything first and throws a TypeError naming the bad field (nothing
   * changes then). A contact id repeated within the source (device data) keeps its first occurrence.
   */
  replaceSource(source: ContactSource, contacts: readonly Contact[]): boolean {
    const src = checkSource(source, 'source');
    const list = checkContacts(contacts, 'contacts', 'keep-first');
    const changed = this.apply(src, list);
    if (changed) this.engine.commit();
    return changed;
  }

  /** Removes a source and its contacts (a device deleted). Unknown ids are ignored. */
  removeSource(sourceId: string): void {
    const entry = this.entries.get(sourceId);
    if (!entry) return;
    this.entries.delete(sourceId);
    for (const key of entry.keys) this.engine.remove(key);
    this.engine.commit();
  }

  /** How many contacts a source holds (0 for an unknown source). */
  countOf(sourceId: string): number {
    return this.entries.get(sourceId)?.keys.length ?? 0;
  }

  /** One page of a source's contacts, in the order the source gave them (for export and browsing). */
  list(sourceId: string, offset = 0, limit = 500): IndexedContact[] {
    const keys = this.entries.get(sourceId)?.keys ?? [];
    const out: IndexedContact[] = [];
    for (const key of keys.slice(Math.max(0, offset), Math.max(0, offset) + Math.max(0, limit))) {
      const c = this.engine.get(key);
      if (c) out.push(c);
    }
    return out;
  }

  sources(): ContactSource[] {
    return [...this.entries.values()].map((e) => ({ ...e.source }));
  }

  get size(): number {
    return this.engine.size;
  }

  get(key: string): IndexedContact | undefined {
    return this.engine.get(key);
  }

  /**
   * Contacts whose name, company or number matches every word of the query, by prefix (any length) or
   * substring (from 3 characters), case- and diacritics-insensitive; a query that looks like a number is
   * matched against numbers in national or international form. Ranked exact, then prefix, then substring
   * matches, each in name order. Throws RangeError for a limit that is not an integer from 1 to 10,000.
   */
  search(query: string, limit: number = DEFAULT_SEARCH_LIMIT): ContactHit[] {
    if (typeof query !== 'string') throw new TypeError(`search: query must be a string, got ${typeof query}`);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SEARCH_LIMIT) {
      throw new RangeError(`search: limit must be an integer from 1 to ${MAX_SEARCH_LIMIT}, got ${String(limit)}`);
    }
    return search(this.engine, parseQuery(query, this.rules), limit).map((h) => ({
      contact: this.engine.docs[h.doc] as IndexedContact,
      matched: FIELDS[h.field] ?? 'name',
    }));
  }

  /** The contact calling from this number: an exact canonical match first, else a suffix match (≥ 7 digits). */
  lookup(number: string): CallerMatch | undefined {
    if (typeof number !== 'string') return undefined;
    const hit = this.engine.lookup(canonicalNumber(number, this.rules));
    if (!hit) return undefined;
    const n = hit.contact.numbers[hit.index];
    return n ? { contact: hit.contact, number: n, exact: hit.exact } : undefined;
  }

  toJSON(): ContactIndexDump {
    return {
      format: DUMP_FORMAT,
      version: DUMP_VERSION,
      rules: { ...this.rules },
      sources: [...this.entries.values()].map((e) => ({
        ...e.source,
        contacts: e.keys.map((k) => plainContact(this.engine.get(k) as IndexedContact)),
      })),
    };
  }

  /**
   * Restores a dump made by toJSON(). `rules` (the Settings in force) win over the dump's own rules.
   * Throws an Error saying what is wrong with a bad or foreign dump.
   */
  static fromJSON(dump: unknown, rules?: NumberingRules): ContactIndex {
    const parsed = checkDump(dump);
    const index = new ContactIndex(rules ?? parsed.rules);
    for (const { source, contacts } of parsed.sources) index.apply(source, contacts);
    index.engine.commit();
    return index;
  }

  /** Applies one source without committing; true when anything changed. */
  private apply(source: ContactSource, contacts: readonly Contact[]): boolean {
    const prev = this.entries.get(source.id);
    const isNew = prev === undefined;
    const sameMeta = prev !== undefined && prev.source.label === source.label && prev.source.writable === source.writable;
    const keys: string[] = [];
    let changed = false;
    for (const c of contacts) {
      const key = `${source.id}/${c.id}`;
      keys.push(key);
      const old = sameMeta ? this.engine.get(key) : undefined;
      if (old && sameContact(old, c)) continue;
      this.prepareAndAdd(c, key, source);
      changed = true;
    }
    if (prev) {
      const kept = new Set(keys);
      for (const key of prev.keys) {
        if (!kept.has(key) && this.engine.remove(key)) changed = true;
      }
    }
    this.entries.set(source.id, { source: { ...source }, keys });
    return changed || isNew || !sameMeta;
  }

  /** Indexes one validated contact (a fresh copy from ./validate, which becomes the frozen IndexedContact). */
  private prepareAndAdd(c: Contact, key: string, source: ContactSource): void {
    for (const n of c.numbers) Object.freeze(n);
    Object.freeze(c.numbers);
    const contact = Object.freeze(Object.assign(c, { key, sourceId: source.id, sourceLabel: source.label, writable: source.writable }));
    // First and last name usually repeat the display name: fold them only when they add something.
    let nameText = c.name;
    for (const part of [c.firstName, c.lastName]) if (part && !c.name.includes(part)) nameText += ' ' + part;
    const folded = foldText(nameText);
    const names = textTokens(nameText, new Set(), folded);
    const company: string[] = [];
    if (c.company) for (const t of textTokens(c.company)) if (!names.has(t)) company.push(t);
    const display = nameText.trim() || c.company || c.numbers[0]?.number || '';
    const key0 = display === nameText ? folded : foldText(display);
    const sortKey = key0.replace(isPlainAscii(key0) ? ASCII_SORT_SEPARATORS : SORT_SEPARATORS, ' ').trim() || '\uffff';
    const doc: DocInput = { contact, text: joinTokens([...names], company), sortKey, canon: c.numbers.map((n) => canonicalNumber(n.number, this.rules)) };
    this.engine.add(doc, { name: names, company });
  }
}

const SORT_SEPARATORS = /[^\p{L}\p{N}]+/gu;
const ASCII_SORT_SEPARATORS = /[^a-z0-9]+/g;

function sameContact(a: Contact, b: Contact): boolean {
  if (
    a.name !== b.name ||
    a.firstName !== b.firstName ||
    a.lastName !== b.lastName ||
    a.company !== b.company ||
    a.email !== b.email ||
    a.groupId !== b.groupId ||
    a.numbers.length !== b.numbers.length
  ) {
    return false;
  }
  return a.numbers.every((n, i) => n.type === b.numbers[i]?.type && n.number === b.numbers[i]?.number);
}

/** The Contact part of an indexed contact (what the source gave). */
function plainContact(c: IndexedContact): Contact {
  const { key: _key, sourceId: _sourceId, sourceLabel: _sourceLabel, writable: _writable, ...contact } = c;
  return { ...contact, numbers: contact.numbers.map((n) => ({ type: n.type, number: n.number })) };
}
