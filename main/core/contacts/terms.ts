/**
 * Query terms and how one contact matches them. A match has a level (0 exact, 1 prefix, 2 substring)
 * and a field (0 name, 1 company, 2 number), packed as level * 4 + field; NO_MATCH when none.
 */
import { queryWords } from './fold';
import { type NumberingRules, partialNumber } from './numbers';

export const FIELD_NAME = 0;
export const FIELD_COMPANY = 1;
export const FIELD_NUMBER = 2;
export const NO_MATCH = 15;
/** Substring matching starts at this many characters (prefix matching before that). */
export const SUBSTRING_MIN = 3;
/** Longer queries are cut: nobody types more, and a pasted page must not cost a scan per word. */
const MAX_QUERY_CHARS = 120;
const MAX_TERMS = 8;

export interface Term {
  /** Folded word matched against name and company tokens; '' when the term is a formatted number. */
  text: string;
  /** canonicalNumber of the term ('' when not a number). */
  numExact: string;
  /** Prefixes of stored canonical numbers (empty when not a number). */
  numPrefixes: string[];
  /** Digits looked for inside stored numbers ('' when not a number). */
  digits: string;
}

/** What one contact offers to match: its folded tokens (name tokens first) and canonical numbers. */
export interface MatchTarget {
  tokens: readonly string[];
  nameCount: number;
  canon: readonly string[];
}

/**
 * Splits a query into terms. A query that looks like a number ('+39 02 12', '0212', '201') is one number
 * term, spaces and all; otherwise each word is a term, and all-digit words also match numbers.
 */
export function parseQuery(query: string, rules: NumberingRules): Term[] {
  const q = query.slice(0, MAX_QUERY_CHARS).trim();
  if (q === '') return [];
  const whole = partialNumber(q, rules);
  if (whole) {
    const plain = /^\d+$/.test(q) ? q : '';
    return [{ text: plain, numExact: whole.exact, numPrefixes: whole.prefixes, digits: whole.digits }];
  }
  const terms: Term[] = [];
  for (const word of queryWords(q).slice(0, MAX_TERMS)) {
    const n = /^\d+$/.test(word) ? partialNumber(word, rules) : undefined;
    terms.push(
      n ? { text: word, numExact: n.exact, numPrefixes: n.prefixes, digits: n.digits } : { text: word, numExact: '', numPrefixes: [], digits: '' },
    );
  }
  return terms;
}

/** Best level * 4 + field of one term against one contact, NO_MATCH if it does not match. */
export function termMatch(term: Term, target: MatchTarget): number {
  let best = NO_MATCH;
  const t = term.text;
  if (t !== '') {
    const tokens = target.tokens;
    const sub = t.length >= SUBSTRING_MIN;
    for (let i = 0; i < tokens.length; i++) {
      const s = tokens[i] as string;
      let level: number;
      if (s === t) level = 0;
      else if (s.startsWith(t)) level = 1;
      else if (sub && s.includes(t)) level = 2;
      else continue;
      const code = level * 4 + (i < target.nameCount ? FIELD_NAME : FIELD_COMPANY);
      if (code < best) {
        best = code;
        if (code === 0) return 0;
      }
    }
  }
  if (term.numPrefixes.length > 0) {
    const sub = term.digits.length >= SUBSTRING_MIN;
    for (const c of target.canon) {
      if (c === '') continue;
      let level: number;
      if (c === term.numExact) level = 0;
      else if (term.numPrefixes.some((p) => c.startsWith(p))) level = 1;
      else if (sub && c.includes(term.digits)) level = 2;
      else continue;
      const code = level * 4 + FIELD_NUMBER;
      if (code < best) best = code;
    }
  }
  return best;
}

/**
 * All terms against one contact: the worst level over the terms (every term must match), with the field of
 * the first term. NO_MATCH if a term does not match.
 */
export function allTermsMatch(terms: readonly Term[], target: MatchTarget): number {
  let worst = 0;
  let field = FIELD_NAME;
  for (let i = 0; i < terms.length; i++) {
    const code = termMatch(terms[i] as Term, target);
    if (code === NO_MATCH) return NO_MATCH;
    if (i === 0) field = code & 3;
    worst = Math.max(worst, code >> 2);
  }
  return worst * 4 + field;
}

/** Can any term match at the substring level? */
export function hasSubstringLevel(terms: readonly Term[]): boolean {
  return terms.some((t) => t.text.length >= SUBSTRING_MIN || t.digits.length >= SUBSTRING_MIN);
}
