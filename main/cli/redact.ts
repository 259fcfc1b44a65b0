/**
 * Redaction of the CLI's error output: secrets (password, API secret, privacy password) go, by
 * value and by field name; ordinary words and the user name stay.
 *
 * - By field name: the value of a secret-named field is `***` wherever it is written as
 *   `password=…`, `"password":"…"` or `<password>…</password>` (also pass, pwd, pw, secret,
 *   secretkey, privacy_password, token, api_key), whatever the value is.
 * - By value: a secret is replaced where it stands as a whole token. A secret that could be part
 *   of an ordinary word (shorter than 8 characters, or letters only, e.g. "admin", "privacy") is
 *   never cut out of a longer word: with password "admin", "administrator" stays intact. A whole
 *   word that equals the secret is still replaced (it may be the secret itself). A long secret with
 *   digits or symbols ("Recept!2024") is replaced anywhere, even glued to other text.
 * - The user name is not a secret: an occurrence of it is never replaced by value, also when the
 *   password equals it (admin/admin): then only the field rule can hide the password.
 */
export const REDACTED = '***';

const WORD_CHAR = /[\p{L}\p{N}_]/u;
const WORD = String.raw`[\p{L}\p{N}_]`;
const SECRET_FIELD = String.raw`(?:pass(?:word|wd)?|pwd|pw|secret(?:_?key)?|privacy_?password|token|api_?key)`;
const FIELD_RULES: readonly RegExp[] = [
  new RegExp(String.raw`(?<!${WORD})(${SECRET_FIELD}=)[^&\s"'<>;,]+`, 'giu'),
  new RegExp(String.raw`("${SECRET_FIELD}"\s*:\s*")(?:[^"\\]|\\.)*(?=")`, 'giu'),
  new RegExp(String.raw`(<(${SECRET_FIELD})>)[^<]*(?=</\2>)`, 'giu'),
];

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** True when `secret` could be a part of an ordinary word, so it must only match as a whole token. */
export function couldBeWordPart(secret: string): boolean {
  return secret.length < 8 || /^\p{L}+$/u.test(secret);
}

function valuePattern(secret: string): string {
  const body = escapeRegExp(secret);
  if (!couldBeWordPart(secret)) return body;
  const before = WORD_CHAR.test(secret.charAt(0)) ? `(?<!${WORD})` : '';
  const after = WORD_CHAR.test(secret.charAt(secret.length - 1)) ? `(?!${WORD})` : '';
  return `${before}${body}${after}`;
}

/** [start, end) of every occurrence of every kept name (the user name) in `text`. */
function keptRanges(text: string, keep: readonly string[]): [number, number][] {
  const out: [number, number][] = [];
  for (const k of keep) {
    if (k === '') continue;
    for (let i = text.indexOf(k); i >= 0; i = text.indexOf(k, i + 1)) out.push([i, i + k.length]);
  }
  return out;
}

/**
 * Redact `secrets` (by value) and secret-named fields from `text`, never touching `notSecret`
 * (the user name). Longest secret first; empty strings are ignored.
 */
export function redact(text: string, secrets: readonly string[], notSecret: readonly string[] = []): string {
  let out = text;
  for (const rule of FIELD_RULES) out = out.replace(rule, (_m, prefix: string) => `${prefix}${REDACTED}`);

  const values = new Set<string>();
  for (const s of secrets) {
    if (s === '') continue;
    values.add(s);
    const encoded = encodeURIComponent(s);
    if (encoded !== s) values.add(encoded);
  }
  if (values.size === 0) return out;
  const sorted = [...values].sort((a, b) => b.length - a.length);
  const re = new RegExp(sorted.map(valuePattern).join('|'), 'gu');
  const kept = keptRanges(out, notSecret);
  return out.replace(re, (m: string, offset: number) => (kept.some(([a, b]) => offset >= a && offset + m.length <= b) ? m : REDACTED));
}
