import type { Contact } from '../../../shared/domain';

/** Lower-case, accents removed ("Niccolò Bàrberi" ~ "niccolo barberi"). */
export function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
}

const digits = (s: string): string => s.replace(/\D+/g, '');

/**
 * Local directory search: a number query (digits and formatting) matches the digits of any number
 * (a leading + and 00 are equivalent); otherwise every word must appear in the names, company,
 * e-mail or numbers.
 */
export function matchesSearch(c: Contact, q: string): boolean {
  if (/\d/.test(q) && /^[\d\s+()./-]+$/.test(q.trim())) {
    const want = digits(q.trim().replace(/^\+/, '00'));
    const alt = want.replace(/^00/, '');
    return c.numbers.some((n) => {
      const have = digits(n.number.trim().replace(/^\+/, '00'));
      return have.includes(want) || (alt !== want && alt.length > 0 && have.includes(alt));
    });
  }
  const hay = fold([c.name, c.firstName, c.lastName, c.company, c.email, ...c.numbers.map((n) => n.number)].filter(Boolean).join(' '));
  return fold(q)
    .split(/\s+/)
    .filter(Boolean)
    .every((w) => hay.includes(w));
}
