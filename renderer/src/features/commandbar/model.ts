/**
 * The command bar's logic, free of React: the route (`#/commandbar?number=…&confirm=1`), the
 * choices for what was typed (the number itself, then every number of the matching contacts), the
 * arrow-key selection, and dialling through the contract (`calls.dial`, the configured route).
 */
import type { InvokeOutput } from '../../../../shared/ipc/contract';

export const COMMAND_BAR_HASH = '#/commandbar';

export interface CommandBarRoute {
  number: string;
  confirm: boolean;
  /** For a link: what the phone will be sent (the office's numbering rules applied). */
  dial: string;
}

/** True when the page was opened as the command bar (`index.html#/commandbar…`). */
export function isCommandBarHash(hash: string): boolean {
  return hash === COMMAND_BAR_HASH || hash.startsWith(`${COMMAND_BAR_HASH}?`);
}

export function parseCommandBarHash(hash: string): CommandBarRoute {
  const q = hash.indexOf('?');
  const params = new URLSearchParams(q >= 0 ? hash.slice(q + 1) : '');
  return { number: (params.get('number') ?? '').slice(0, 80), confirm: params.get('confirm') === '1', dial: (params.get('dial') ?? '').slice(0, 80) };
}

/** Typed text that is meant as a number: digits and phone formatting only, at least 2 digits. Main checks it properly. */
export function looksLikeNumber(text: string): boolean {
  const t = text.trim().replace(/^(?:tel|callto|sips?):/i, '');
  return /^\+?[\d\s\-./()*#]+$/.test(t) && (t.match(/\d/g)?.length ?? 0) >= 2;
}

export type Choice =
  | { kind: 'number'; number: string }
  | { kind: 'contact'; key: string; name: string; company?: string; type: string; number: string };

type Hits = InvokeOutput<'contacts.search'>;

export const MAX_CHOICES = 12;

export function choicesFor(query: string, hits: Hits): Choice[] {
  const out: Choice[] = [];
  const q = query.trim();
  if (looksLikeNumber(q)) out.push({ kind: 'number', number: q });
  // The same person in two phonebooks (the phone's and the PBX's) is offered once per number.
  const seen = new Set<string>();
  for (const { contact } of hits) {
    for (const n of contact.numbers) {
      const id = `${contact.name.trim().toLowerCase()}|${n.number.replace(/[^\d+*#]/g, '')}`;
      if (seen.has(id) || n.number.trim() === '') continue;
      seen.add(id);
      out.push({ kind: 'contact', key: contact.key, name: contact.name, ...(contact.company ? { company: contact.company } : {}), type: n.type, number: n.number });
      if (out.length >= MAX_CHOICES) return out;
    }
  }
  return out;
}

/** Arrow keys move through the choices and wrap around. */
export function moveSelection(current: number, count: number, key: 'ArrowDown' | 'ArrowUp'): number {
  if (count === 0) return 0;
  const next = key === 'ArrowDown' ? current + 1 : current - 1;
  return (next + count) % count;
}

export type DialOutcome = { ok: true; dialled: string; from: string } | { ok: false; message: string };

/** Dial one choice through the contract; the error is the core's own message in plain words. */
export async function dialChoice(choice: Choice, dial: (input: { number: string }) => Promise<InvokeOutput<'calls.dial'>>): Promise<DialOutcome> {
  try {
    const r = await dial({ number: choice.number });
    return { ok: true, dialled: r.dialled, from: r.route.deviceName };
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
}
