/**
 * Text folding and tokenising for contact search: case- and diacritics-insensitive matching.
 * Names and queries go through the same functions, so whatever folds the same matches.
 */

/** Letters that carry no combining mark in Unicode and so survive NFKD: mapped by hand. */
const SPECIAL: Readonly<Record<string, string>> = {
  ß: 'ss',
  ø: 'o',
  ł: 'l',
  æ: 'ae',
  œ: 'oe',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
  ħ: 'h',
  ŧ: 't',
  ŋ: 'n',
  ĸ: 'k',
};
const SPECIAL_RE = /[ßøłæœđðþıħŧŋĸ]/g;
const MARKS_RE = /\p{M}+/gu;
/** Printable ASCII only: nothing to decompose. */
const NOT_PLAIN_RE = /[^\x20-\x7e]/;

/** Is the text printable ASCII only (fast paths)? */
export function isPlainAscii(s: string): boolean {
  return !NOT_PLAIN_RE.test(s);
}

/**
 * Folds text for matching: NFKD (which also splits ligatures and full-width letters), lower case,
 * combining marks stripped, and the letters without a decomposition mapped: ß→ss, ø→o, ł→l, æ→ae…
 * "José" → "jose", "Müller" → "muller", "Łukasz Øster" → "lukasz oster".
 */
export function foldText(s: string): string {
  if (!NOT_PLAIN_RE.test(s)) return s.toLowerCase();
  return s.normalize('NFKD').toLowerCase().replace(MARKS_RE, '').replace(SPECIAL_RE, (c) => SPECIAL[c] ?? c);
}

/** Word separators after folding: anything but letters, digits and apostrophes. */
const SEPARATOR_RE = /[^\p{L}\p{N}'’ʼ]+/u;
const APOSTROPHE_RE = /['’ʼ]+/g;
const UMLAUT_RE = /[äöüÄÖÜ]/;

/** The same separators for text that is plain ASCII (much faster than the Unicode classes). */
const ASCII_SEPARATOR_RE = /[^a-z0-9']+/;

function addWords(folded: string, out: Set<string>): void {
  for (const word of folded.split(NOT_PLAIN_RE.test(folded) ? SEPARATOR_RE : ASCII_SEPARATOR_RE)) {
    if (word === '') continue;
    APOSTROPHE_RE.lastIndex = 0;
    if (!APOSTROPHE_RE.test(word)) {
      out.add(word);
      continue;
    }
    // "D'Angelo" is found as "d'angelo", "dangelo" and "angelo".
    const joined = word.replace(APOSTROPHE_RE, '');
    if (joined !== '') out.add(joined);
    for (const part of word.split(APOSTROPHE_RE)) if (part !== '') out.add(part);
  }
}

/**
 * The search tokens of a name or company: folded words, with apostrophes both joined and split, and for
 * German umlauts the 'ae/oe/ue' spelling too ("Müller" gives "muller" and "mueller"). Pass `folded` when
 * foldText(s) is already at hand.
 */
export function textTokens(s: string, out: Set<string> = new Set(), folded: string = foldText(s)): Set<string> {
  if (s === '') return out;
  addWords(folded, out);
  const nfc = NOT_PLAIN_RE.test(s) ? s.normalize('NFC') : s;
  if (UMLAUT_RE.test(nfc)) {
    const spelled = nfc.replace(/[äöüÄÖÜ]/g, (c) => ({ ä: 'ae', ö: 'oe', ü: 'ue', Ä: 'Ae', Ö: 'Oe', Ü: 'Ue' })[c] ?? c);
    addWords(foldText(spelled), out);
  }
  return out;
}

/**
 * Query words: folded, apostrophes joined ("d'am" → "dam", which is a prefix of the indexed "dangelo").
 * Order kept, duplicates dropped.
 */
export function queryWords(query: string): string[] {
  const words: string[] = [];
  for (const word of foldText(query).split(SEPARATOR_RE)) {
    const joined = word.replace(APOSTROPHE_RE, '');
    if (joined !== '' && !words.includes(joined)) words.push(joined);
  }
  return words;
}
