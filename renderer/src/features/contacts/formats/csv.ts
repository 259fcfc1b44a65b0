/**
 * CSV contacts (RFC 4180: quoted fields with "" inside, CR LF or LF, line breaks inside quotes).
 * The delimiter (comma, semicolon as Italian Excel writes, or tab) is read from the header row;
 * columns are recognised by name in English or Italian, including Google's "Phone 1 - Type" /
 * "Phone 1 - Value" pairs and " ::: " between several values in one cell.
 *
 * Export guards against formula injection: a cell starting with = + - @ (or tab / CR) gets a
 * leading apostrophe, so a spreadsheet shows it as text; import removes that apostrophe again.
 * A cell that already starts with apostrophes before such a character gets one more, so the
 * import gives back exactly what was exported (`'=x` → `''=x` → `'=x`).
 */
import type { NumberType } from '../../../../../shared/domain';
import { type ContactDraft, type ExportContact, type ParsedRow, type ParseResult, type RowIssue, finish } from './model';

export interface CsvRecord {
  cells: string[];
  /** 1-based line where the record starts. */
  line: number;
}

/** Split CSV text into records; `unclosedAt` is the line of a quoted field that never ends. */
export function readCsv(text: string, delimiter: string): { records: CsvRecord[]; unclosedAt?: number } {
  const src = text.replace(/^\uFEFF/, '');
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let line = 1;
  let start = 1;
  let quoted = false;
  let quoteLine = 0;
  let i = 0;
  const endRecord = (): void => {
    cells.push(cell);
    records.push({ cells, line: start });
    cells = [];
    cell = '';
  };
  while (i < src.length) {
    const c = src[i] as string;
    if (quoted) {
      if (c === '"') {
        if (src[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        if (c === '\n') line++;
        cell += c;
      }
      i++;
      continue;
    }
    if (c === '"' && cell.trim() === '') {
      quoted = true;
      quoteLine = line;
      cell = '';
    } else if (c === delimiter) {
      cells.push(cell);
      cell = '';
    } else if (c === '\r' || c === '\n') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      endRecord();
      line++;
      start = line;
    } else cell += c;
    i++;
  }
  if (quoted) return { records, unclosedAt: quoteLine };
  if (cell !== '' || cells.length > 0) endRecord();
  return { records };
}

export function detectDelimiter(text: string): string {
  const first = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  let best = ',';
  let bestCount = 0;
  for (const d of [',', ';', '\t']) {
    let n = 0;
    let q = false;
    for (const c of first) {
      if (c === '"') q = !q;
      else if (c === d && !q) n++;
    }
    if (n > bestCount) {
      best = d;
      bestCount = n;
    }
  }
  return best;
}

const fold = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[_.]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

type Column = { kind: 'name' | 'firstName' | 'lastName' | 'company' | 'email' } | { kind: 'number'; type: NumberType } | { kind: 'pairValue'; typeCol: number };

const NAMES: Record<string, Column> = {};
const put = (kind: 'name' | 'firstName' | 'lastName' | 'company' | 'email', ...names: string[]): void => {
  for (const n of names) NAMES[n] = { kind };
};
const num = (type: NumberType, ...names: string[]): void => {
  for (const n of names) NAMES[n] = { kind: 'number', type };
};
put('name', 'name', 'full name', 'display name', 'contact', 'nome completo', 'nominativo', 'contatto');
put('firstName', 'first name', 'firstname', 'given name', 'nome');
put('lastName', 'last name', 'lastname', 'family name', 'surname', 'cognome');
put('company', 'company', 'organization', 'organisation', 'org', 'organization 1 - name', 'organization name', 'azienda', 'societa', 'ditta');
put('email', 'email', 'e-mail', 'mail', 'email address', 'e-mail address', 'e-mail 1 - value', 'indirizzo email', 'posta elettronica');
num('work', 'work', 'work phone', 'business phone', 'office', 'office phone', 'phone (work)', 'ufficio', 'telefono ufficio', 'lavoro', 'telefono lavoro');
num('mobile', 'mobile', 'mobile phone', 'cell', 'cellphone', 'cell phone', 'phone (mobile)', 'cellulare');
num('home', 'home', 'home phone', 'phone (home)', 'casa', 'telefono casa', 'abitazione');
num('fax', 'fax', 'business fax', 'work fax', 'home fax');
num('other', 'other', 'phone', 'number', 'telephone', 'tel', 'primary phone', 'other phone', 'telefono', 'numero', 'altro');

function mapHeader(header: string[]): (Column | undefined)[] {
  const folded = header.map(fold);
  return folded.map((h) => {
    const pair = /^phone (\d+) - value$/.exec(h);
    if (pair) {
      const typeCol = folded.indexOf(`phone ${pair[1]} - type`);
      return typeCol >= 0 ? { kind: 'pairValue', typeCol } : { kind: 'number', type: 'other' };
    }
    return NAMES[h];
  });
}

function typeFromLabel(label: string): NumberType {
  const l = fold(label);
  if (/fax/.test(l)) return 'fax';
  if (/mobile|cell/.test(l)) return 'mobile';
  if (/home|casa/.test(l)) return 'home';
  if (/work|business|office|ufficio|lavoro/.test(l)) return 'work';
  return 'other';
}

/** Undo the export's formula guard (one apostrophe before apostrophes and a formula character). */
export function unguard(v: string): string {
  return /^'+[=+\-@\t\r]/.test(v) ? v.slice(1) : v;
}

export function parseCsv(text: string): ParseResult {
  if (text.replace(/^\uFEFF/, '').trim() === '') return { rows: [], skipped: [], notes: [], fileProblem: 'empty' };
  const { records, unclosedAt } = readCsv(text, detectDelimiter(text));
  const [header, ...data] = records;
  const columns = mapHeader(header?.cells ?? []);
  const known = columns.filter((c) => c !== undefined);
  if (!known.some((c) => c.kind === 'number' || c.kind === 'pairValue') || !known.some((c) => c.kind !== 'number' && c.kind !== 'pairValue' && c.kind !== 'email' && c.kind !== 'company')) {
    return { rows: [], skipped: [], notes: [], fileProblem: 'noColumns' };
  }
  const raw: ParsedRow[] = [];
  const skipped: RowIssue[] = [];
  let row = 0;
  for (const r of data) {
    if (r.cells.every((c) => c.trim() === '')) continue;
    row++;
    const d: ContactDraft = { firstName: '', lastName: '', name: '', company: '', email: '', numbers: [] };
    columns.forEach((col, i) => {
      const v = unguard((r.cells[i] ?? '').trim());
      if (!col || v === '') return;
      if (col.kind === 'number' || col.kind === 'pairValue') {
        const type = col.kind === 'number' ? col.type : typeFromLabel(r.cells[col.typeCol] ?? '');
        for (const part of v.split(' ::: ')) if (part.trim()) d.numbers.push({ type, number: unguard(part.trim()) });
      } else if (d[col.kind] === '') d[col.kind] = v;
    });
    raw.push({ row, line: r.line, draft: d });
  }
  if (unclosedAt !== undefined) skipped.push({ row: row + 1, line: unclosedAt, label: '', code: 'csvUnclosedQuote', params: { line: unclosedAt } });
  return finish(raw, skipped);
}

/** One cell, guarded against formulas and quoted when needed. */
export function csvCell(value: string, delimiter = ','): string {
  let v = /^'*[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  if (v.includes(delimiter) || /["\r\n]/.test(v) || /^\s|\s$/.test(v)) v = `"${v.replace(/"/g, '""')}"`;
  return v;
}

const EXPORT_TYPES: NumberType[] = ['work', 'mobile', 'home', 'fax', 'other'];
export const CSV_HEADER = ['Name', 'First name', 'Last name', 'Company', 'Email', 'Work', 'Mobile', 'Home', 'Fax', 'Other'];

export function writeCsv(contacts: readonly ExportContact[], delimiter = ','): string {
  const lines = [CSV_HEADER.map((h) => csvCell(h, delimiter)).join(delimiter)];
  for (const c of contacts) {
    const cells = [c.name, c.firstName ?? '', c.lastName ?? '', c.company ?? '', c.email ?? ''];
    for (const t of EXPORT_TYPES) cells.push(c.numbers.filter((n) => n.type === t).map((n) => n.number).join(' ::: '));
    lines.push(cells.map((v) => csvCell(v, delimiter)).join(delimiter));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
