/**
 * vCard 2.1, 3.0 (RFC 2426) and 4.0 (RFC 6350): read FN, N, ORG, TEL, EMAIL from each
 * BEGIN:VCARD … END:VCARD; write 3.0 or 4.0. Lines are unfolded, values unescaped, group prefixes
 * ("item1.TEL") and quoted-printable (2.1) understood. A card that never ends, or that starts
 * inside another, is skipped with its line; the others still import.
 */
import type { NumberType } from '../../../../../shared/domain';
import type { ContactDraft, ExportContact, ParsedRow, ParseResult, RowIssue } from './model';
import { finish, splitName } from './model';

interface Prop {
  name: string;
  params: Map<string, string[]>;
  value: string;
}

/** Unfolded logical lines with the file line each starts on. */
function logicalLines(text: string): { text: string; line: number }[] {
  const physical = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const out: { text: string; line: number }[] = [];
  physical.forEach((l, i) => {
    const last = out[out.length - 1];
    if (last && (l.startsWith(' ') || l.startsWith('\t'))) last.text += l.slice(1);
    else if (last && /;ENCODING=QUOTED-PRINTABLE|;QUOTED-PRINTABLE/i.test(last.text.split(':')[0] ?? '') && last.text.endsWith('=')) last.text = last.text.slice(0, -1) + l;
    else out.push({ text: l, line: i + 1 });
  });
  return out;
}

function parseProp(l: string): Prop | undefined {
  // name;param=a,b;param2="x:y":value (the first colon outside quotes ends the parameters)
  let quoted = false;
  let colon = -1;
  for (let i = 0; i < l.length; i++) {
    const c = l[i];
    if (c === '"') quoted = !quoted;
    else if (c === ':' && !quoted) {
      colon = i;
      break;
    }
  }
  if (colon < 0) return undefined;
  const head = l.slice(0, colon).split(';');
  const name = (head[0] ?? '').replace(/^[A-Za-z0-9-]+\./, '').trim().toUpperCase();
  const params = new Map<string, string[]>();
  for (const p of head.slice(1)) {
    const eq = p.indexOf('=');
    // vCard 2.1 writes bare types: TEL;CELL;VOICE:
    const key = (eq < 0 ? 'TYPE' : p.slice(0, eq)).trim().toUpperCase();
    const vals = (eq < 0 ? p : p.slice(eq + 1)).replace(/"/g, '').split(',').map((v) => v.trim().toLowerCase());
    params.set(key, [...(params.get(key) ?? []), ...vals]);
  }
  return { name, params, value: l.slice(colon + 1) };
}

function decodeQp(v: string, charset: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < v.length; i++) {
    if (v[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(v.slice(i + 1, i + 3))) {
      bytes.push(parseInt(v.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(v.charCodeAt(i) & 0xff);
  }
  try {
    return new TextDecoder(charset || 'utf-8').decode(new Uint8Array(bytes));
  } catch {
    return new TextDecoder('utf-8').decode(new Uint8Array(bytes));
  }
}

/** Split on unescaped `sep`, then unescape \\ \, \; \n. */
function components(v: string, sep: string): string[] {
  const out: string[] = [''];
  for (let i = 0; i < v.length; i++) {
    const c = v[i] as string;
    if (c === '\\' && i + 1 < v.length) {
      const n = v[i + 1] as string;
      out[out.length - 1] += n === 'n' || n === 'N' ? '\n' : n;
      i++;
    } else if (c === sep) out.push('');
    else out[out.length - 1] += c;
  }
  return out;
}

function unesc(v: string): string {
  return components(v, '\u0000').join('');
}

function valueOf(p: Prop): string {
  const enc = p.params.get('ENCODING') ?? [];
  const qp = enc.includes('quoted-printable') || (p.params.get('TYPE') ?? []).includes('quoted-printable');
  return qp ? decodeQp(p.value, p.params.get('CHARSET')?.[0] ?? 'utf-8') : p.value;
}

function telType(types: string[]): NumberType {
  if (types.includes('fax')) return 'fax';
  if (types.includes('cell') || types.includes('mobile') || types.includes('iphone')) return 'mobile';
  if (types.includes('home')) return 'home';
  if (types.includes('work')) return 'work';
  return 'other';
}

function cardToDraft(props: Prop[]): ContactDraft {
  const d: ContactDraft = { firstName: '', lastName: '', name: '', company: '', email: '', numbers: [] };
  for (const p of props) {
    const v = valueOf(p);
    switch (p.name) {
      case 'FN':
        d.name = unesc(v).trim();
        break;
      case 'N': {
        const [last = '', first = '', middle = ''] = components(v, ';');
        d.lastName = last.trim();
        d.firstName = [first.trim(), middle.trim()].filter(Boolean).join(' ');
        break;
      }
      case 'ORG':
        d.company = (components(v, ';')[0] ?? '').trim();
        break;
      case 'TEL': {
        const raw = unesc(v).trim();
        if (raw) d.numbers.push({ type: telType(p.params.get('TYPE') ?? []), number: raw });
        break;
      }
      case 'EMAIL':
        if (!d.email) d.email = unesc(v).replace(/^mailto:/i, '').trim();
        break;
    }
  }
  return d;
}

export function parseVcard(text: string): ParseResult {
  if (text.trim() === '') return { rows: [], skipped: [], notes: [], fileProblem: 'empty' };
  if (!/^BEGIN:VCARD\s*$/im.test(text)) return { rows: [], skipped: [], notes: [], fileProblem: 'unknownFormat' };
  const raw: ParsedRow[] = [];
  const skipped: RowIssue[] = [];
  let card: { line: number; props: Prop[] } | undefined;
  let row = 0;
  const labelOf = (props: Prop[]): string => {
    const d = cardToDraft(props);
    return d.name || [d.firstName, d.lastName].filter(Boolean).join(' ');
  };
  for (const l of logicalLines(text)) {
    const t = l.text.trim();
    if (/^BEGIN:VCARD$/i.test(t)) {
      if (card) skipped.push({ row, line: card.line, label: labelOf(card.props), code: 'vcardNested', params: { line: l.line } });
      row++;
      card = { line: l.line, props: [] };
    } else if (/^END:VCARD$/i.test(t)) {
      if (card) raw.push({ row, line: card.line, draft: cardToDraft(card.props) });
      card = undefined;
    } else if (card && t !== '') {
      const p = parseProp(l.text);
      if (p) card.props.push(p);
    }
  }
  if (card) skipped.push({ row, line: card.line, label: labelOf(card.props), code: 'vcardNoEnd', params: { line: card.line } });
  return finish(raw, skipped);
}

function esc(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/[,;]/g, (c) => `\\${c}`);
}

/** Fold lines longer than 75 octets (RFC 6350 §3.2), never inside a UTF-16 surrogate pair. */
function fold(line: string): string {
  if (line.length <= 25) return line; // at most 3 octets per UTF-16 unit
  const enc = new TextEncoder();
  if (enc.encode(line).length <= 75) return line;
  const parts: string[] = [];
  let cur = '';
  let size = 0;
  for (const ch of line) {
    const n = enc.encode(ch).length;
    if (size + n > (parts.length === 0 ? 75 : 74)) {
      parts.push(cur);
      cur = '';
      size = 0;
    }
    cur += ch;
    size += n;
  }
  parts.push(cur);
  return parts.join('\r\n ');
}

const TEL_TYPE: Record<NumberType, string> = { work: 'work,voice', home: 'home,voice', mobile: 'cell', fax: 'work,fax', other: 'voice' };

export function writeVcard(contacts: readonly ExportContact[], version: '3.0' | '4.0' = '3.0'): string {
  const out: string[] = [];
  for (const c of contacts) {
    const split = c.firstName || c.lastName ? { firstName: c.firstName ?? '', lastName: c.lastName ?? '' } : splitName(c.name);
    const lines = ['BEGIN:VCARD', `VERSION:${version}`, `FN:${esc(c.name)}`, `N:${esc(split.lastName)};${esc(split.firstName)};;;`];
    if (c.company) lines.push(`ORG:${esc(c.company)}`);
    for (const n of c.numbers) {
      const type = TEL_TYPE[n.type];
      if (version === '4.0') lines.push(`TEL;VALUE=uri;TYPE="${type}":tel:${n.number.replace(/\s+/g, '-')}`);
      else lines.push(`TEL;TYPE=${type.toUpperCase()}:${esc(n.number)}`);
    }
    if (c.email) lines.push(`EMAIL;TYPE=${version === '4.0' ? 'work' : 'INTERNET'}:${esc(c.email)}`);
    lines.push('END:VCARD');
    out.push(...lines.map(fold));
  }
  return out.length > 0 ? `${out.join('\r\n')}\r\n` : '';
}
