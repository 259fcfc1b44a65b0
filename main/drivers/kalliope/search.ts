import type { Contact, ContactInput } from '../../../shared/domain';

/** Lower-case, accents removed, for tolerant matching ("Nicolò" ~ "nicolo"). */
export function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
}

const digits = (s: string): string => s.replace(/\D+/g, '');

/** True when the query is a phone number (digits and formatting only). */
export function isNumberQuery(q: string): boolean {
  return /\d/.test(q) && /^[\d\s+()./-]+$/.test(q.trim());
}

/** The word sent to the PBX search: the longest one, which narrows the most. */
export function searchToken(q: string): string {
  const words = q.trim().split(/\s+/).filter(Boolean);
  return words.reduce((a, b) => (b.length > a.length ? b : a), '');
}

/** Every word of the query matches the contact's names, company, e-mail or numbers. */
export function matchesSearch(c: Contact, q: string): boolean {
  if (isNumberQuery(q)) {
    const want = digits(q);
    return c.numbers.some((n) => digits(n.number).includes(want));
  }
  const hay = fold([c.name, c.firstName, c.lastName, c.company, c.email, ...c.numbers.map((n) => n.number)].filter(Boolean).join(' '));
  const hayDigits = c.numbers.map((n) => digits(n.number)).join(' ');
  return fold(q)
    .split(/\s+/)
    .filter(Boolean)
    .every((w) => hay.includes(w) || (/^\d+$/.test(w) && hayDigits.includes(w)));
}

/** First and last name for the PBX: explicit fields first, else the display name split at its first space. */
export function splitName(input: ContactInput): { firstName: string; lastName: string } {
  const first = input.firstName?.trim() ?? '';
  const last = input.lastName?.trim() ?? '';
  if (first || last) return { firstName: first, lastName: last };
  const name = (input.name ?? '').trim().replace(/\s+/g, ' ');
  if (!name) return { firstName: '', lastName: input.company?.trim() ?? '' };
  const i = name.indexOf(' ');
  return i < 0 ? { firstName: '', lastName: name } : { firstName: name.slice(0, i), lastName: name.slice(i + 1) };
}

/** A dialable number: formatting removed; digits with an optional leading +, and * #. '' if not dialable. */
export function normalizeDialNumber(input: string): string {
  const n = input.trim().replace(/^(tel|callto):/i, '').replace(/[\s()./-]+/g, '');
  return /^\+?[0-9*#]{1,32}$/.test(n) ? n : '';
}
