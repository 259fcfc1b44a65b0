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

/**
 * What one contact offers to match, as two flat strings (one memory read each, which is what makes testing
 * a contact cheap): its folded tokens joined by TOKEN_SEP, the company's after COMPANY_SEP; and its canonical
 * numbers joined by TOKEN_SEP.
 */
export const TOKEN_SEP = '\u0001';
export const COMPANY_SEP = '\u0002';

/** Joins name and company tokens into the matchable text. */
export function joinTokens(name: readonly string[], company: readonly string[]): string {
  const n = name.join(TOKEN_SEP);
  return company.length > 0 ? n + COMPANY_SEP + company.join(TOKEN_SEP) : n;
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

/** Best level * 4 + field of one term against one contact's text and numbers, NO_MATCH if it does not match. */
export function termMatch(term: Term, text: string, nums: string): number {
  let best = NO_MATCH;
  const t = term.text;
  if (t !== '' && text !== '') {
    const sub = t.length >= SUBSTRING_MIN;
    for (let i = text.indexOf(t); i >= 0; i = text.indexOf(t, i + 1)) {
      let level: number;
      if (i === 0 || text.charCodeAt(i - 1) <= 2) {
        const end = i + t.length;
        level = end === text.length || text.charCodeAt(end) <= 2 ? 0 : 1;
      } else if (sub) {
        level = 2;
      } else {
        continue;
      }
      const sep = text.indexOf(COMPANY_SEP);
      const code = level * 4 + (sep >= 0 && i > sep ? FIELD_COMPANY : FIELD_NAME);
      if (code < best) {
        best = code;
        if (code === 0) return 0;
      }
    }
  }
  if (term.numPrefixes.length > 0 && nums !== '' && best > FIELD_NUMBER) {
    let level = 3;
    if (findToken(nums, term.numExact, true)) level = 0;
    else if (term.numPrefixes.some((p) => findToken(nums, p, false))) level = 1;
    else if (term.digits.length >= SUBSTRING_MIN && nums.includes(term.digits)) level = 2;
    if (level < 3) best = Math.min(best, level * 4 + FIELD_NUMBER);
  }
  return best;
}

/** Does `t` occur at the start of a token of the joined string s (and, if whole, end with it)? */
function findToken(s: string, t: string, whole: boolean): boolean {
  if (t === '') return false;
  for (let i = s.indexOf(t); i >= 0; i = s.indexOf(t, i + 1)) {
    if (i > 0 && s.charCodeAt(i - 1) > 2) continue;
    const end = i + t.length;
    if (!whole || end === s.length || s.charCodeAt(end) <= 2) return true;
  }
  return false;
}

/**
 * All terms against one contact: the worst level over the terms (every term must match), with the field of
 * the first term. NO_MATCH if a term does not match.
 */
export function allTermsMatch(terms: readonly Term[], text: string, nums: string): number {
  let worst = 0;
  let field = FIELD_NAME;
  for (let i = 0; i < terms.length; i++) {
    const code = termMatch(terms[i] as Term, text, nums);
    if (code === NO_MATCH) return NO_MATCH;
    if (i === 0) field = code & 3;
    worst = Math.max(worst, code >> 2);
  }
  return worst * 4 + field;
}
