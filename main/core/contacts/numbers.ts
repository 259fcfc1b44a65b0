/**
 * Phone number normalisation with the office's numbering rules (from Settings).
 * - canonicalNumber: one string per number for matching ('+39021234567'; internal extensions as typed).
 * - dialString: what to send to a phone or the PBX; strict, throws RangeError on what cannot be dialled.
 * - looksLikeNumber: "dial this" versus "search names" for typed or pasted text.
 * Plain functions, no state: the contact index calls them once per number at insert.
 */
import { z } from 'zod';

export interface NumberingRules {
  /** Our country calling code, digits only, e.g. '39'. */
  countryCode: string;
  /** Prefix that starts an international call, e.g. '00'. */
  internationalPrefix: string;
  /** National trunk prefix dropped after the country code: '' for Italy (numbers keep their 0), '0' for Germany/UK. */
  trunkPrefix: string;
  /** Prefix for an outside line on the PBX, e.g. '0' (used only by dialString). */
  outsideLinePrefix?: string;
  /** Numbers with at most this many digits are internal extensions (default 6). */
  internalMaxDigits?: number;
}

export const DEFAULT_NUMBERING: NumberingRules = Object.freeze({
  countryCode: '39',
  internationalPrefix: '00',
  trunkPrefix: '',
  internalMaxDigits: 6,
});

/** zod schema for the rules (Settings input, persisted dumps). */
export const numberingRulesSchema = z
  .object({
    countryCode: z.string().regex(/^[1-9]\d{0,2}$/, 'country code: 1 to 3 digits, not starting with 0'),
    internationalPrefix: z.string().regex(/^\d{1,4}$/, 'international prefix: 1 to 4 digits'),
    trunkPrefix: z.string().regex(/^\d{0,2}$/, "trunk prefix: '' or up to 2 digits"),
    outsideLinePrefix: z.string().regex(/^\d{0,2}$/, "outside-line prefix: '' or up to 2 digits").optional(),
    internalMaxDigits: z.number().int().min(1, 'internal extensions: at least 1 digit').max(10, 'internal extensions: at most 10 digits').optional(),
  })
  .strict();

/** Validates rules, throwing a RangeError that names the bad field. Returns a copy with defaults filled. */
export function checkNumberingRules(rules: unknown): Required<NumberingRules> {
  const parsed = numberingRulesSchema.safeParse(rules);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    throw new RangeError(`Invalid numbering rules: ${where}${issue?.message ?? 'not an object'}`);
  }
  const r = parsed.data;
  return {
    countryCode: r.countryCode,
    internationalPrefix: r.internationalPrefix,
    trunkPrefix: r.trunkPrefix,
    outsideLinePrefix: r.outsideLinePrefix ?? '',
    internalMaxDigits: r.internalMaxDigits ?? 6,
  };
}

/** E.164: at most 15 digits after the '+'. */
const MAX_E164_DIGITS = 15;
/** Service codes (*97, #31#…) and internal numbers longer than this are refused by dialString. */
const MAX_SERVICE_CHARS = 32;
/** Formatting characters people and devices put in numbers: spaces, dashes of all kinds, dots, slashes, brackets. */
const FORMATTING = /[\s\-\u2010-\u2015\u2212./()[\]]/g;
const URI_SCHEME = /^(?:tel|callto|sips?):/i;

interface Cleaned {
  /** The text after scheme removal, NFKC-normalised and trimmed. */
  text: string;
  /** Written with a leading '+'. */
  plus: boolean;
}

/** Common cleanup: NFKC (full-width digits), 'tel:'/'sip:' URIs (user part only), '+44 (0)20' trunk hints. */
/** Printable ASCII only: NFKC would change nothing. */
const NOT_PLAIN = /[^\x20-\x7e]/;

function clean(raw: string): Cleaned {
  let text = (NOT_PLAIN.test(raw) ? raw.normalize('NFKC') : raw).trim();
  if (URI_SCHEME.test(text)) {
    text = text.replace(URI_SCHEME, '');
    const at = text.indexOf('@');
    if (at >= 0) text = text.slice(0, at);
    const semi = text.indexOf(';');
    if (semi >= 0) text = text.slice(0, semi);
    text = text.trim();
  }
  const plus = text.startsWith('+');
  if (plus) text = text.slice(1);
  return { text, plus };
}

/** '(0)' written after an international country code is a trunk hint, never dialled. */
function dropTrunkHint(text: string, international: boolean): string {
  return international ? text.replace(/\(\s*0\s*\)/g, '') : text;
}

/** Drops a trunk prefix written right after our own country code ('+49 030…' → '+4930…'). */
function dropOwnTrunk(intl: string, r: Required<NumberingRules>): string {
  if (r.trunkPrefix && intl.startsWith(r.countryCode + r.trunkPrefix)) {
    return r.countryCode + intl.slice(r.countryCode.length + r.trunkPrefix.length);
  }
  return intl;
}

function startsInternational(digits: string, r: Required<NumberingRules>): boolean {
  return digits.length > r.internalMaxDigits && digits.startsWith(r.internationalPrefix);
}

/** Fills the defaults without validating (validation happens once, where rules enter: setRules, constructors). */
function withDefaults(rules: NumberingRules): Required<NumberingRules> {
  return {
    countryCode: rules.countryCode,
    internationalPrefix: rules.internationalPrefix,
    trunkPrefix: rules.trunkPrefix,
    outsideLinePrefix: rules.outsideLinePrefix ?? '',
    internalMaxDigits: rules.internalMaxDigits ?? 6,
  };
}

/**
 * Canonical form for matching: '+39 02-123 4567', '0039 02 1234567' and '021234567' (country 39) all give
 * '+39021234567'. Lenient: anything that is not a digit is ignored, an 'ext. 12' tail is dropped.
 * Returns '' for input with no digits. Internal extensions (at most internalMaxDigits digits, no '+')
 * stay as they are, formatting stripped ('*97' stays '*97').
 */
export function canonicalNumber(raw: string, rules: NumberingRules): string {
  const r = withDefaults(rules);
  const { text: t0, plus } = clean(raw);
  const text = /[a-z]/i.test(t0) ? t0.replace(/\s*(?:ext\.?|x|int\.?|interno)\s*\d+\s*$/i, '') : t0;
  const digits0 = text.replace(/\D/g, '');
  if (digits0 === '') return '';
  const international = plus || startsInternational(digits0, r);
  const digits = dropTrunkHint(text, international).replace(/\D/g, '');
  if (plus) return '+' + dropOwnTrunk(digits, r);
  if (international) return '+' + dropOwnTrunk(digits.slice(r.internationalPrefix.length), r);
  if (digits.length <= r.internalMaxDigits) return text.replace(/[^\d*#]/g, '');
  const national = r.trunkPrefix && digits.startsWith(r.trunkPrefix) ? digits.slice(r.trunkPrefix.length) : digits;
  return '+' + r.countryCode + national;
}

/**
 * What to send to a phone or PBX: formatting stripped, '+' mapped to the international prefix (or to the
 * national form when the country code is ours), the outside-line prefix added for external numbers.
 * Keeps * and #. Throws a RangeError with a clear message for what cannot be dialled.
 */
export function dialString(raw: string, rules: NumberingRules): string {
  const r = withDefaults(rules);
  const shown = JSON.stringify(raw.length > 40 ? raw.slice(0, 40) + '…' : raw);
  const { text, plus } = clean(raw);
  if (text === '' && !plus) throw new RangeError('Cannot dial an empty number');
  if (/\p{L}/u.test(text)) throw new RangeError(`Cannot dial ${shown}: it contains letters`);
  if (text.includes('+')) throw new RangeError(`Cannot dial ${shown}: '+' is allowed only at the start`);
  const body = dropTrunkHint(text, plus || startsInternational(text.replace(/\D/g, ''), r)).replace(FORMATTING, '');
  const bad = /[^\d*#]/.exec(body);
  if (bad) throw new RangeError(`Cannot dial ${shown}: unexpected character ${JSON.stringify(bad[0])}`);
  if (!/\d/.test(body)) throw new RangeError(`Cannot dial ${shown}: it has no digits`);

  const service = !plus && /^[*#]/.test(body);
  const digitCount = body.replace(/\D/g, '').length;
  if (service || (!plus && digitCount <= r.internalMaxDigits)) {
    if (body.length > MAX_SERVICE_CHARS) throw new RangeError(`Cannot dial ${shown}: too long (at most ${MAX_SERVICE_CHARS} characters)`);
    return body; // internal extension or service code: no outside line
  }
  let intl: string | undefined;
  if (plus) intl = body;
  else if (body.startsWith(r.internationalPrefix)) intl = body.slice(r.internationalPrefix.length);
  let dial: string;
  if (intl !== undefined) {
    intl = dropOwnTrunk(intl, r);
    const significant = intl.replace(/\D/g, '').length;
    if (significant > MAX_E164_DIGITS) throw new RangeError(`Cannot dial ${shown}: too long (${significant} digits, at most ${MAX_E164_DIGITS})`);
    if (intl.startsWith(r.countryCode)) {
      const national = intl.slice(r.countryCode.length);
      if (!/\d/.test(national)) throw new RangeError(`Cannot dial ${shown}: the number after the country code is missing`);
      dial = r.trunkPrefix + national;
    } else {
      if (significant < 3) throw new RangeError(`Cannot dial ${shown}: incomplete international number`);
      dial = r.internationalPrefix + intl;
    }
  } else {
    if (digitCount > MAX_E164_DIGITS) throw new RangeError(`Cannot dial ${shown}: too long (${digitCount} digits, at most ${MAX_E164_DIGITS})`);
    dial = body;
  }
  return r.outsideLinePrefix + dial;
}

const NUMBER_LIKE = /^\+?[\d\s\-\u2010-\u2015\u2212./()[\]*#]+$/;
const DATE_LIKE = /^(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4})$/;

/**
 * Looks like a phone number: only digits, formatting, a leading '+', * and #, at least 2 digits, not a date.
 * Anything it accepts dialString accepts too, unless it is too long.
 */
export function looksLikeNumber(raw: string): boolean {
  if (raw.length > 64) return false;
  const { text, plus } = clean(raw);
  const full = (plus ? '+' : '') + text;
  if (!NUMBER_LIKE.test(full) || text.includes('+')) return false;
  if (DATE_LIKE.test(text.trim())) return false;
  return (text.match(/\d/g)?.length ?? 0) >= 2;
}

/** A typed (possibly partial) number as the search sees it. */
export interface PartialNumber {
  /** canonicalNumber of the whole input: equal to a stored canonical form means an exact hit. */
  exact: string;
  /** Prefixes of stored canonical forms the input may be the start of (national, international, internal). */
  prefixes: string[];
  /** Digits to look for anywhere in a stored number (substring search uses them from 3 digits on). */
  digits: string;
}

/**
 * Reads a query that looks like a (partial) number: one digit is enough, since a receptionist types a number
 * one key at a time. Undefined for anything else.
 */
export function partialNumber(raw: string, rules: NumberingRules): PartialNumber | undefined {
  if (raw.length > 64) return undefined;
  const r = withDefaults(rules);
  const { text, plus } = clean(raw);
  if (!NUMBER_LIKE.test((plus ? '+' : '') + text) || text.includes('+')) return undefined;
  const digits = dropTrunkHint(text, true).replace(/\D/g, '');
  if (digits === '') return undefined;
  const exact = canonicalNumber(raw, rules);
  if (plus) return { exact, prefixes: ['+' + dropOwnTrunk(digits, r)], digits };
  if (digits.startsWith(r.internationalPrefix) && digits.length > r.internationalPrefix.length) {
    const intl = digits.slice(r.internationalPrefix.length);
    return { exact, prefixes: ['+' + dropOwnTrunk(intl, r), digits], digits: intl };
  }
  const typed = text.replace(/[^\d*#]/g, '');
  const prefixes = [typed];
  if (r.trunkPrefix === '') prefixes.push('+' + r.countryCode + digits);
  else if (digits.startsWith(r.trunkPrefix)) prefixes.push('+' + r.countryCode + digits.slice(r.trunkPrefix.length));
  return { exact, prefixes, digits };
}
