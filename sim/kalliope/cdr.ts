import { CDR_ERRORS } from './errors';
import { kpbxDate, maskNumber, md5, parseKpbxDate, type CdrRow } from './model';
import { xml, type KalliopeState, type KReply, type KRequest } from './state';
import { boolOf, child, errorTag, likeMatch, textOf, type XmlTree } from './xml';

/**
 * POST /cdr, API 1.1 (seed 003 "/cdr"): begin defaults to the first day of the month at 00:00,
 * end to now; `start_flag` true selects calls that start in the period, otherwise calls that end
 * in it; filters are exact with `%` wildcards (`<any>` searches every field and excludes the
 * others); without the right privacy password external numbers lose their last three digits
 * to XXX and names are empty. XML by default, CSV with `Accept: text/csv`. Errors are XML.
 */

/** Column order of the 1.1 response (unique_id first). */
export const CDR_COLUMNS = [
  'unique_id',
  'id',
  'direction',
  'caller_num',
  'caller_name',
  'called_num',
  'called_name',
  'called_callgroup',
  'gateway_id',
  'gateway_name',
  'status',
  'billsec',
  'start',
  'answer',
  'end',
  'duration',
] as const;
type Column = (typeof CDR_COLUMNS)[number];

const FILTERS: readonly Column[] = ['unique_id', 'direction', 'caller_num', 'caller_name', 'called_num', 'called_name', 'called_callgroup', 'gateway_id', 'gateway_name', 'status', 'billsec'];

type CdrCode = keyof typeof CDR_ERRORS;
const cdrError = (r: KRequest, code: CdrCode): KReply => xml(r, { cdr: errorTag(code, CDR_ERRORS[code], 'error_code') });

const secondsBetween = (a: Date, b: Date): number => Math.max(0, Math.round((b.getTime() - a.getTime()) / 1000));

/** The row's values as the PBX stores them. */
function values(row: CdrRow): Record<Column, string> {
  return {
    unique_id: row.uniqueId,
    id: String(row.id),
    direction: String(row.direction),
    caller_num: row.callerNum,
    caller_name: row.callerName,
    called_num: row.calledNum,
    called_name: row.calledName,
    called_callgroup: row.calledCallgroup,
    gateway_id: row.gatewayId,
    gateway_name: row.gatewayName,
    status: String(row.status),
    billsec: String(row.answer ? secondsBetween(row.answer, row.end) : 0),
    start: kpbxDate(row.start),
    answer: row.answer ? kpbxDate(row.answer) : '',
    end: kpbxDate(row.end),
    duration: String(secondsBetween(row.start, row.end)),
  };
}

/** Privacy: external numbers masked (inbound caller, outbound callee), names emptied. */
function masked(row: CdrRow, v: Record<Column, string>): Record<Column, string> {
  return {
    ...v,
    caller_num: row.direction === 1 ? maskNumber(v.caller_num) : v.caller_num,
    called_num: row.direction === 2 ? maskNumber(v.called_num) : v.called_num,
    caller_name: '',
    called_name: '',
  };
}

/** A CSV field: quoted (RFC 4180), or as it is under the 'never' quoting variant. */
function csvField(v: string, quoting: 'always' | 'never'): string {
  return quoting === 'never' ? v : `"${v.replace(/"/g, '""')}"`;
}

export function cdr(s: KalliopeState, r: KRequest): KReply {
  // "If none of them is included, then the <cdr> tag must be specified in the self-closing form".
  const q = r.body ? child(r.body, 'cdr') : undefined;
  if (!q) return cdrError(r, 12);
  const privacy = textOf(q['privacy_password']);
  let reveal = false;
  if (privacy !== undefined && privacy !== '') {
    if (privacy.toLowerCase() !== md5(s.opts.privacyPassword ?? 'privacy')) return cdrError(r, 3);
    reveal = true;
  }
  const now = new Date();
  const beginRaw = textOf(q['begin']) ?? '';
  const endRaw = textOf(q['end']) ?? '';
  const begin = beginRaw ? parseKpbxDate(beginRaw) : new Date(now.getFullYear(), now.getMonth(), 1, 0, 0, 0);
  const end = endRaw ? parseKpbxDate(endRaw) : now;
  if (!begin || !end) return cdrError(r, 12);
  if (end.getTime() < begin.getTime()) return cdrError(r, 11);
  const byStart = boolOf(q['start_flag']) === true;
  const f = child(q, 'filter') ?? {};
  const any = textOf(f['any']) ?? '';
  const wanted = FILTERS.map((k) => [k, textOf(f[k]) ?? ''] as const).filter(([, v]) => v !== '');
  const rows = s.cdr.filter((row) => {
    const t = (byStart ? row.start : row.end).getTime();
    if (t < begin.getTime() || t > end.getTime()) return false;
    const v = values(row);
    if (any !== '') return CDR_COLUMNS.some((k) => likeMatch(any, v[k]));
    return wanted.every(([k, pat]) => likeMatch(pat, v[k]));
  });
  const out = rows.map((row) => (reveal ? values(row) : masked(row, values(row))));
  if (/text\/csv/i.test(r.accept)) {
    const quoting = s.opts.cdrCsvQuoting ?? 'always';
    const text = [CDR_COLUMNS.join(','), ...out.map((v) => CDR_COLUMNS.map((k) => csvField(v[k], quoting)).join(','))].join('\r\n') + '\r\n';
    return { status: 200, body: text, contentType: 'text/csv; charset=UTF-8', headers: { 'Content-Disposition': 'attachment; filename="cdr.csv"' } };
  }
  const calls: XmlTree[] = out.map((v) => {
    const call: XmlTree = {};
    // the seed shows the called number quoted: <called_num>"..."</called_num>
    for (const k of CDR_COLUMNS) call[k] = k === 'called_num' ? `"${v[k]}"` : v[k];
    return call;
  });
  return xml(r, {
    cdr: {
      error_code: { code: '0', message: CDR_ERRORS[0] },
      calls: calls.length ? { call: calls } : '',
    },
  });
}
