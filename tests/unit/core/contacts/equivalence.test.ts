/**
 * The index against a naive reference (every contact tested with plain string functions), over seeded random
 * contacts, queries and source changes: the same hits in the same order, through replacements, removals,
 * compaction and rule changes.
 */
import { describe, expect, it } from 'vitest';
import type { Contact } from '../../../../shared/domain';
import { ContactIndex } from '../../../../main/core/contacts/index';
import { foldText, textTokens } from '../../../../main/core/contacts/fold';
import { canonicalNumber, type NumberingRules } from '../../../../main/core/contacts/numbers';
import { parseQuery } from '../../../../main/core/contacts/terms';

const IT: NumberingRules = { countryCode: '39', internationalPrefix: '00', trunkPrefix: '' };
const DE: NumberingRules = { countryCode: '49', internationalPrefix: '00', trunkPrefix: '0' };
const WORDS = ['Rossi', 'Rössi', 'Grossi', 'Rossini', 'Mario', 'Maria', 'Müller', 'Mueller', 'José', 'Jose', "D'Angelo", 'Anna', 'Annalisa', 'Bianchi', 'Øster', 'Straße', 'Strasse', 'Ferrari', 'Li', 'De'];
const COMPANIES = ['Ferrero S.p.A.', 'Müller GmbH', 'Rossi & Figli', 'Annalisa Ltd', ''];

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function reference(live: readonly { key: string; contact: Contact }[], query: string, rules: NumberingRules, limit: number): string[] {
  const terms = parseQuery(query, rules);
  if (terms.length === 0) return [];
  const rows: { key: string; tier: number; sortKey: string }[] = [];
  for (const { key, contact } of live) {
    const tokens = [...textTokens(contact.name), ...textTokens(contact.company ?? '')];
    const canon = contact.numbers.map((n) => canonicalNumber(n.number, rules)).filter((n) => n !== '');
    let tier = 0;
    for (const t of terms) {
      let level = 3;
      for (const tok of t.text === '' ? [] : tokens) {
        if (tok === t.text) level = Math.min(level, 0);
        else if (tok.startsWith(t.text)) level = Math.min(level, 1);
        else if (t.text.length >= 3 && tok.includes(t.text)) level = Math.min(level, 2);
      }
      for (const n of t.numPrefixes.length > 0 ? canon : []) {
        if (n === t.numExact) level = Math.min(level, 0);
        else if (t.numPrefixes.some((p) => n.startsWith(p))) level = Math.min(level, 1);
        else if (t.digits.length >= 3 && n.includes(t.digits)) level = Math.min(level, 2);
      }
      tier = Math.max(tier, level);
    }
    if (tier < 3) rows.push({ key, tier, sortKey: foldText(contact.name).replace(/[^\p{L}\p{N}]+/gu, ' ').trim() });
  }
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  rows.sort((a, b) => a.tier - b.tier || cmp(a.sortKey, b.sortKey) || cmp(a.key, b.key));
  return rows.slice(0, limit).map((r) => r.key);
}

describe('ContactIndex against a naive reference', () => {
  it.each([1, 2, 3])('gives the same hits in the same order (seed %i)', (seed) => {
    const r = rng(seed);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
    const number = (): string =>
      pick([
        () => `02 ${1234500 + Math.floor(r() * 40)}`,
        () => `+39 02-123 45${10 + Math.floor(r() * 40)}`,
        () => `0049 30 12345${10 + Math.floor(r() * 40)}`,
        () => `030 12345${10 + Math.floor(r() * 40)}`,
        () => String(200 + Math.floor(r() * 20)),
      ])();
    const contact = (id: string): Contact => {
      const name = Array.from({ length: 1 + Math.floor(r() * 3) }, () => pick(WORDS)).join(pick([' ', ', ', '-']));
      const company = pick(COMPANIES);
      const c: Contact = { id, name, numbers: Array.from({ length: Math.floor(r() * 3) }, () => ({ type: 'work' as const, number: number() })) };
      if (company) c.company = company;
      return c;
    };
    const index = new ContactIndex(IT);
    let rules = IT;
    const state = new Map<string, Contact[]>();
    let checked = 0;
    let found = 0;
    for (let round = 0; round < 40; round++) {
      const op = r();
      const sourceId = pick(['a', 'b', 'c']);
      if (op < 0.75) {
        const prev = state.get(sourceId) ?? [];
        const list = Array.from({ length: Math.floor(r() * 60) }, (_, i) => (r() < 0.5 && prev[i] ? (prev[i] as Contact) : contact(`${round}-${i}`)));
        index.replaceSource({ id: sourceId, label: sourceId.toUpperCase(), writable: true }, list);
        state.set(sourceId, list);
      } else if (op < 0.9) {
        index.removeSource(sourceId);
        state.delete(sourceId);
      } else {
        rules = rules === IT ? DE : IT;
        index.setRules(rules);
      }
      const live = [...state].flatMap(([id, list]) => list.map((c) => ({ key: `${id}/${c.id}`, contact: c })));
      expect(index.size).toBe(live.length);
      for (let q = 0; q < 25; q++) {
        const base = r() < 0.7 ? foldText(pick(WORDS)) : number();
        const query = r() < 0.3 ? `${base} ${foldText(pick(WORDS)).slice(0, 2)}` : base.slice(0, 1 + Math.floor(r() * base.length));
        const limit = pick([5, 50]);
        const want = reference(live, query, rules, limit);
        expect(index.search(query, limit).map((h) => h.contact.key), `query ${JSON.stringify(query)}`).toEqual(want);
        checked++;
        if (want.length > 0) found++;
      }
    }
    expect(checked).toBe(1000);
    expect(found).toBeGreaterThan(400); // the queries do find things
  });
});
