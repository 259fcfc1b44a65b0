/**
 * Pure helpers of the dial field: number or name, cleaning a pasted number, the contact options a
 * name search offers, and the words for the route a call went through. Unit-tested in
 * tests/unit/renderer/calls-dialing.test.ts.
 */
import type { InvokeOutput } from '../../../../shared/ipc/contract';

export type ContactHit = InvokeOutput<'contacts.search'>[number];
export type DialResult = InvokeOutput<'calls.dial'>;

const NUMBER_CHARS = /^\+?[\d\s\-\u2010-\u2015\u2212./()*#]+$/;

/** Typed text that is a number to dial (digits, formatting, a leading +, * and #, at least one digit). */
export function isNumberInput(raw: string): boolean {
  const s = raw.trim();
  if (!s || s.length > 80) return false;
  return NUMBER_CHARS.test(s) && /\d/.test(s);
}

/**
 * A pasted text reduced to the number in it: "Tel. +39 031 274 1100 (office)" → "+39 031 274 1100".
 * Text with no number in it (a name) comes back trimmed, unchanged.
 */
export function cleanPasted(raw: string): string {
  const s = raw.replace(/[\u00a0\u2007\u202f]/g, ' ').trim();
  if (isNumberInput(s)) return s.replace(/\s+/g, ' ');
  const tel = /^(?:tel|callto|sip):\/*([^@;?]+)/i.exec(s);
  if (tel?.[1] && isNumberInput(decodeURIComponent(tel[1]))) return decodeURIComponent(tel[1]).trim();
  const runs = s.match(/\+?\d[\d\s\-./()]*\d/g) ?? [];
  const best = runs.map((r) => r.trim().replace(/\s+/g, ' ')).sort((a, b) => digitCount(b) - digitCount(a))[0];
  return best && digitCount(best) >= 3 ? best : s;
}

const digitCount = (s: string): number => s.replace(/\D/g, '').length;

/** One number a name search offers in the dial field's list. */
export interface DialOption {
  /** Stable id for aria-activedescendant. */
  id: string;
  name: string;
  company?: string;
  type: string;
  number: string;
  source: string;
}

/** Every number of every hit, in hit order, at most `max`; the same name and number from a second source is shown once. */
export function dialOptions(hits: ContactHit[], max = 12): DialOption[] {
  const out: DialOption[] = [];
  const seen = new Set<string>();
  for (const h of hits) {
    h.contact.numbers.forEach((n, i) => {
      if (out.length >= max || !n.number.trim()) return;
      const key = `${h.contact.name.trim().toLowerCase()}|${n.number.replace(/[^\d+*#]/g, '')}`;
      if (seen.has(key)) return;
      seen.add(key);
      out.push({
        id: `${h.contact.key}#${i}`,
        name: h.contact.name,
        ...(h.contact.company ? { company: h.contact.company } : {}),
        type: n.type,
        number: n.number,
        source: h.contact.sourceLabel,
      });
    });
    if (out.length >= max) break;
  }
  return out;
}

/** The next active option for an arrow key (wrapping; -1 = none active). */
export function moveActive(active: number, count: number, key: 'ArrowDown' | 'ArrowUp' | 'Home' | 'End'): number {
  if (count <= 0) return -1;
  switch (key) {
    case 'ArrowDown':
      return active < 0 ? 0 : (active + 1) % count;
    case 'ArrowUp':
      return active < 0 ? count - 1 : (active - 1 + count) % count;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
  }
}

export type RouteKey = 'dial.placed.phone' | 'dial.placed.phoneAccount' | 'dial.placed.pbx' | 'dial.placed.pbxExtension';

/** Which sentence says where a call went (see strings: dial.placed.*) and its values. */
export function routeWords(r: DialResult): { key: RouteKey; values: Record<string, string> } {
  const { route, dialled } = r;
  const values: Record<string, string> = { number: dialled, device: route.deviceName };
  if (route.kind === 'pbx') {
    if (route.extension) return { key: 'dial.placed.pbxExtension', values: { ...values, extension: route.extension } };
    return { key: 'dial.placed.pbx', values };
  }
  if (route.account !== undefined) return { key: 'dial.placed.phoneAccount', values: { ...values, account: String(route.account) } };
  return { key: 'dial.placed.phone', values };
}
