/**
 * What the contact form and the importers produce, and the checks a contact passes before it is
 * sent to a device. The rules mirror `contactInputSchema` (shared/ipc/features/contacts.ts) so a
 * problem is reported next to its field, in the user's language, before main refuses it.
 * Pure: no DOM, no bridge (unit-tested in tests/unit/renderer/contacts-*.test.ts).
 */
import type { ContactInput, ContactNumber, NumberType } from '../../../../../shared/domain';

export const NUMBER_TYPES: readonly NumberType[] = ['work', 'mobile', 'home', 'fax', 'other'];
export const MAX_NUMBERS = 8;
export const LIMITS = { firstName: 64, lastName: 64, name: 128, company: 128, number: 40, email: 254 } as const;
const NUMBER_RE = /^\+?[0-9 ()./*#-]+$/;
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A contact as typed or read from a file; every field may be empty. */
export interface ContactDraft {
  id?: string;
  firstName: string;
  lastName: string;
  /** Full name, used when first and last name are both empty. */
  name: string;
  company: string;
  email: string;
  numbers: ContactNumber[];
}

export function emptyDraft(): ContactDraft {
  return { firstName: '', lastName: '', name: '', company: '', email: '', numbers: [{ type: 'work', number: '' }] };
}

/** Problem codes; the UI shows `problem.<code>` from the contacts strings with `params`. */
export type ProblemCode =
  | 'noName'
  | 'noNumber'
  | 'numberRequired'
  | 'badNumber'
  | 'tooLong'
  | 'tooManyNumbers'
  | 'badEmail'
  | 'xmlSyntax'
  | 'xmlMismatch'
  | 'xmlUnclosed'
  | 'vcardNoEnd'
  | 'vcardNested'
  | 'csvUnclosedQuote';

export interface Problem {
  code: ProblemCode;
  params?: Record<string, string | number>;
}

/** Which field a problem belongs to (for the form); `numbers.<i>` for one number. */
export interface FieldProblem extends Problem {
  field: 'name' | 'firstName' | 'lastName' | 'company' | 'email' | 'numbers' | `numbers.${number}`;
}

export type Validation = { ok: true; input: ContactInput } | { ok: false; problems: FieldProblem[] };

/** Dial symbols only: what a device accepts. Leaves other text untouched so validation can name it. */
export function cleanNumber(raw: string): string {
  let n = raw.trim();
  n = n.replace(/^tel:/i, '');
  n = n.replace(/;ext=/i, ' ');
  n = n.replace(/[\u00a0\u2007\u202f]/g, ' ');
  n = n.replace(/[\u2010-\u2015\u2212]/g, '-');
  return n.replace(/\s+/g, ' ').trim();
}

export function validNumber(n: string): boolean {
  return n.length > 0 && n.length <= LIMITS.number && NUMBER_RE.test(n);
}

function tooLong(field: FieldProblem['field'], value: string, max: number, out: FieldProblem[]): void {
  if (value.length > max) out.push({ field, code: 'tooLong', params: { max } });
}

/**
 * Check a draft the way main will, and build the ContactInput to send. Empty number rows are
 * ignored (the form always shows one); a number that is present must be dialable.
 */
export function validateDraft(d: ContactDraft): Validation {
  const problems: FieldProblem[] = [];
  const firstName = d.firstName.trim();
  const lastName = d.lastName.trim();
  const name = d.name.trim();
  const company = d.company.trim();
  const email = d.email.trim();
  if (!firstName && !lastName && !name) problems.push({ field: 'name', code: 'noName' });
  tooLong('firstName', firstName, LIMITS.firstName, problems);
  tooLong('lastName', lastName, LIMITS.lastName, problems);
  tooLong('name', name, LIMITS.name, problems);
  tooLong('company', company, LIMITS.company, problems);
  if (email && (email.length > LIMITS.email || !EMAIL_RE.test(email))) problems.push({ field: 'email', code: 'badEmail', params: { value: email } });
  const numbers: ContactNumber[] = [];
  d.numbers.forEach((n, i) => {
    const num = cleanNumber(n.number);
    if (num === '') return;
    if (num.length > LIMITS.number) problems.push({ field: `numbers.${i}`, code: 'tooLong', params: { max: LIMITS.number } });
    else if (!NUMBER_RE.test(num)) problems.push({ field: `numbers.${i}`, code: 'badNumber', params: { value: num } });
    else numbers.push({ type: n.type, number: num });
  });
  if (numbers.length === 0 && !problems.some((p) => p.field.startsWith('numbers.'))) problems.push({ field: 'numbers', code: 'noNumber' });
  if (numbers.length > MAX_NUMBERS) problems.push({ field: 'numbers', code: 'tooManyNumbers', params: { count: numbers.length, max: MAX_NUMBERS } });
  if (problems.length > 0) return { ok: false, problems };
  const input: ContactInput = { numbers };
  if (d.id) input.id = d.id;
  if (firstName) input.firstName = firstName;
  if (lastName) input.lastName = lastName;
  if (name && !firstName && !lastName) input.name = name;
  if (company) input.company = company;
  if (email) input.email = email;
  return { ok: true, input };
}

/** The name a draft shows in lists and summaries. */
export function draftLabel(d: Pick<ContactDraft, 'firstName' | 'lastName' | 'name'>): string {
  return [d.firstName.trim(), d.lastName.trim()].filter(Boolean).join(' ') || d.name.trim();
}

/** Split a full name into first and last at the first space (as the phone's driver does). */
export function splitName(full: string): { firstName: string; lastName: string } {
  const t = full.trim().replace(/\s+/g, ' ');
  const i = t.indexOf(' ');
  return i < 0 ? { firstName: t, lastName: '' } : { firstName: t.slice(0, i), lastName: t.slice(i + 1) };
}

/** A contact as the exporters write it. */
export interface ExportContact {
  name: string;
  firstName?: string;
  lastName?: string;
  company?: string;
  email?: string;
  numbers: ContactNumber[];
  groupId?: string;
}

/** One contact read from a file, with where it was. */
export interface ParsedRow {
  /** 1-based position of the contact in the file (row, card or <Contact>). */
  row: number;
  /** 1-based line in the file where it starts. */
  line: number;
  draft: ContactDraft;
}

/** A row left out (skipped) or a detail left out of an imported row (note). */
export interface RowIssue extends Problem {
  row: number;
  line: number;
  /** The contact's name when known. */
  label: string;
}

/** File-level failures: nothing in the file can be read. */
export type FileProblemCode = 'empty' | 'notPhonebook' | 'unknownFormat' | 'noColumns' | 'entities' | 'tooBig';

export interface ParseResult {
  rows: ParsedRow[];
  skipped: RowIssue[];
  notes: RowIssue[];
  /** Set when the whole file is unusable. */
  fileProblem?: FileProblemCode;
}

/**
 * Check a parsed row before import: rows that cannot become a contact are skipped with a reason;
 * details that cannot be kept (a bad e-mail, an undialable number next to good ones) are left out
 * and noted. Returns the row to import, or undefined when skipped.
 */
export function screenRow(r: ParsedRow, skipped: RowIssue[], notes: RowIssue[]): ParsedRow | undefined {
  const label = draftLabel(r.draft);
  const at = { row: r.row, line: r.line, label };
  const d: ContactDraft = { ...r.draft, numbers: [] };
  for (const n of r.draft.numbers) {
    const num = cleanNumber(n.number);
    if (num === '') continue;
    if (validNumber(num)) d.numbers.push({ type: n.type, number: num });
    else notes.push({ ...at, code: 'badNumber', params: { value: num.slice(0, 60) } });
  }
  if (d.email.trim() && !EMAIL_RE.test(d.email.trim())) {
    notes.push({ ...at, code: 'badEmail', params: { value: d.email.trim().slice(0, 60) } });
    d.email = '';
  }
  const v = validateDraft(d);
  if (!v.ok) {
    const first = v.problems[0] as FieldProblem;
    skipped.push({ ...at, code: first.code, params: { ...first.params, field: first.field } });
    return undefined;
  }
  return { ...r, draft: d };
}

/** Finish a parser's raw rows: screen each one. */
export function finish(raw: ParsedRow[], skipped: RowIssue[], notes: RowIssue[] = []): ParseResult {
  const rows: ParsedRow[] = [];
  for (const r of raw) {
    const ok = screenRow(r, skipped, notes);
    if (ok) rows.push(ok);
  }
  skipped.sort((a, b) => a.row - b.row);
  notes.sort((a, b) => a.row - b.row);
  return { rows, skipped, notes };
}
