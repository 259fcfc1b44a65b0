import type { CallDirection, CallDisposition, CallHistoryEntry } from '../../../shared/domain';
import { ShapeError, unquote } from './parsers';
import { CDR_FIELDS_V10, CDR_FIELDS_V11, type CdrField, type KpbxCdrRow } from './types';
import { isRecord, list, text } from './xml';

/**
 * Call Detail Records: XML (`<cdr><calls><call>`) or CSV (`Accept: text/csv`, one column per tag),
 * normalized to CallHistoryEntry. Legs of one call (same unique_id) are merged so a call answered by
 * one member of a callgroup is not also listed as missed, and each call appears once.
 */

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * One end of a history period as a Date. A date-time is read as written (no zone: local time; with
 * `Z` or an offset: that instant). A date alone (`YYYY-MM-DD`) is a local calendar day, like the
 * PBX's dates: midnight at its start for `from`, and its last second (inclusive) for `to`. Plain
 * `new Date('2024-05-01')` would be UTC midnight, a different day west of Greenwich.
 */
export function historyBound(iso: string, edge: 'from' | 'to'): Date {
  const v = iso.trim();
  const m = DATE_ONLY.exec(v);
  if (m) {
    const [y, mo, d] = m.slice(1).map(Number) as [number, number, number];
    const date = edge === 'from' ? new Date(y, mo - 1, d, 0, 0, 0) : new Date(y, mo - 1, d, 23, 59, 59);
    // new Date() rolls 2024-02-30 over into March: refuse instead
    if (date.getFullYear() !== y || date.getMonth() !== mo - 1 || date.getDate() !== d) {
      throw new RangeError(`"${iso}" is not a valid date; use ISO 8601, e.g. 2024-05-01 or 2024-05-01T08:00:00`);
    }
    return date;
  }
  const d = new Date(v);
  if (v === '' || Number.isNaN(d.getTime())) throw new RangeError(`"${iso}" is not a valid date; use ISO 8601, e.g. 2024-05-01T08:00:00`);
  return d;
}

/**
 * ISO 8601 → "YYYY-MM-DD hh:mm:ss" in the local time zone (the PBX's, at the reception desk).
 * `edge` says which end of a period a date-only value is (see historyBound).
 */
export function toKpbxDate(iso: string, edge: 'from' | 'to' = 'from'): string {
  const d = historyBound(iso, edge);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** "YYYY-MM-DD hh:mm:ss" (local) → ISO 8601; null for empty or zero dates. */
export function fromKpbxDate(s: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?/.exec(s.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, se] = m.slice(1).map((x) => Number(x ?? 0)) as [number, number, number, number, number, number];
  if (y === 0 || mo === 0 || d === 0) return null;
  const date = new Date(y, mo - 1, d, h, mi, se || 0);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

function emptyRow(): KpbxCdrRow {
  const r = {} as Record<CdrField, string>;
  for (const f of CDR_FIELDS_V11) r[f] = '';
  return r;
}

export function parseCdrXml(root: Record<string, unknown>): KpbxCdrRow[] {
  const cdr = root['cdr'];
  if (cdr === undefined) throw new ShapeError('<cdr> is missing');
  if (!isRecord(cdr)) return [];
  const calls = cdr['calls'];
  if (calls === undefined || calls === '') return [];
  if (!isRecord(calls)) throw new ShapeError('<calls> is not an element list');
  return list(calls['call']).map((c) => {
    const row = emptyRow();
    for (const f of CDR_FIELDS_V11) row[f] = unquote(text(c[f]));
    return row;
  });
}

/** RFC 4180 CSV with a sniffed delimiter (`,` `;` or tab). Quotes may contain delimiters and newlines. */
export function parseCsv(textIn: string): string[][] {
  const src = textIn.replace(/^\uFEFF/, '');
  const firstLine = src.split(/\r?\n/, 1)[0] ?? '';
  const counts = [',', ';', '\t'].map((d) => [d, firstLine.split(d).length] as const);
  const delim = counts.reduce((a, b) => (b[1] > a[1] ? b : a))[0];
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
      continue;
    }
    if (ch === '"' && field === '') quoted = true;
    else if (ch === delim) {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      row.push(field);
      field = '';
      if (row.some((f) => f.trim() !== '')) rows.push(row);
      row = [];
    } else field += ch;
  }
  if (quoted) throw new ShapeError('the CSV ends inside a quoted field (truncated?)');
  row.push(field);
  if (row.some((f) => f.trim() !== '')) rows.push(row);
  return rows;
}

/** CSV CDR rows, and the data rows (1-based, after the header) that could not be read. */
export interface CdrCsvReport {
  rows: KpbxCdrRow[];
  /** Data rows skipped because their cells do not line up with the columns (too few, or extra non-empty ones). */
  skipped: number[];
}

/**
 * CSV CDR → rows. Uses the header line when present, else the column order of KalliopePBX REST
 * API 1.1, /cdr (15 or 16 columns). A row whose cells do not line up with the columns is skipped
 * and counted, never fatal: one damaged row must not hide the rest of the history. Trailing
 * empty cells (a trailing delimiter) are fine.
 */
export function parseCdrCsvReport(csv: string): CdrCsvReport {
  const rows = parseCsv(csv);
  if (rows.length === 0) return { rows: [], skipped: [] };
  const head = rows[0]!.map((h) => h.trim().toLowerCase().replace(/[\s-]+/g, '_'));
  const known = new Set<string>(CDR_FIELDS_V11);
  const hasHeader = head.includes('id') || head.filter((h) => known.has(h)).length >= 3;
  let columns: string[];
  let body: string[][];
  if (hasHeader) {
    columns = head;
    body = rows.slice(1);
  } else {
    const n = rows[0]!.length;
    if (n === CDR_FIELDS_V11.length) columns = [...CDR_FIELDS_V11];
    else if (n === CDR_FIELDS_V10.length) columns = [...CDR_FIELDS_V10];
    else throw new ShapeError(`the CSV has ${n} columns and no header; expected 15 or 16`);
    body = rows;
  }
  if (!columns.includes('id') && !columns.includes('unique_id')) throw new ShapeError('the CSV has no id column');
  const out: KpbxCdrRow[] = [];
  const skipped: number[] = [];
  body.forEach((cells, i) => {
    const lined = cells.length === columns.length || (cells.length > columns.length && cells.slice(columns.length).every((c) => c.trim() === ''));
    if (!lined) {
      skipped.push(i + 1);
      return;
    }
    const row = emptyRow();
    columns.forEach((c, j) => {
      if (known.has(c)) row[c as CdrField] = unquote((cells[j] ?? '').trim());
    });
    out.push(row);
  });
  return { rows: out, skipped };
}

/** CSV CDR → the readable rows (see parseCdrCsvReport for the skipped ones). */
export function parseCdrCsv(csv: string): KpbxCdrRow[] {
  return parseCdrCsvReport(csv).rows;
}

function direction(d: string): CallDirection {
  switch (d.trim()) {
    case '1':
      return 'in';
    case '2':
      return 'out';
    case '4':
      return 'internal';
    default:
      return 'unknown';
  }
}

function num(s: string): number | null {
  if (!/^\d+$/.test(s.trim())) return null;
  return Number(s.trim());
}

/**
 * Answered when the PBX recorded an answer time or billed seconds. Otherwise the status says
 * why: 4 no answer and 8 (cleared before answer) → missed, 2 → busy, 1 and 3 → failed.
 */
export function disposition(row: KpbxCdrRow): CallDisposition {
  const bill = num(row.billsec);
  if ((bill !== null && bill > 0) || fromKpbxDate(row.answer) !== null) return 'answered';
  switch (row.status.trim()) {
    case '8':
    case '4':
      return 'missed';
    case '2':
      return 'busy';
    case '1':
    case '3':
      return 'failed';
    default:
      return 'unknown';
  }
}

const RANK: Record<CallDisposition, number> = { answered: 4, busy: 3, missed: 2, failed: 1, unknown: 0 };

export function toHistory(rows: KpbxCdrRow[]): CallHistoryEntry[] {
  const byKey = new Map<string, CallHistoryEntry>();
  for (const r of rows) {
    const key = r.unique_id || r.id;
    if (!key) continue;
    const e: CallHistoryEntry = {
      id: key,
      start: fromKpbxDate(r.start) ?? fromKpbxDate(r.end) ?? new Date(0).toISOString(),
      durationSec: num(r.duration),
      billSec: num(r.billsec),
      from: r.caller_num,
      to: r.called_num,
      direction: direction(r.direction),
      disposition: disposition(r),
    };
    if (r.caller_name) e.fromName = r.caller_name;
    if (r.called_name) e.toName = r.called_name;
    const prev = byKey.get(key);
    if (!prev) byKey.set(key, e);
    else byKey.set(key, mergeLegs(prev, e));
  }
  return [...byKey.values()].sort((a, b) => (a.start < b.start ? 1 : a.start > b.start ? -1 : a.id.localeCompare(b.id)));
}

/** Two rows of one call: keep the earliest start, the longest duration and the best outcome. */
function mergeLegs(a: CallHistoryEntry, b: CallHistoryEntry): CallHistoryEntry {
  const best = RANK[b.disposition] > RANK[a.disposition] ? b : a;
  const other = best === a ? b : a;
  return {
    ...best,
    start: a.start < b.start ? a.start : b.start,
    durationSec: Math.max(a.durationSec ?? -1, b.durationSec ?? -1) < 0 ? null : Math.max(a.durationSec ?? 0, b.durationSec ?? 0),
    from: best.from || other.from,
    ...(best.fromName || other.fromName ? { fromName: best.fromName ?? other.fromName } : {}),
  };
}
