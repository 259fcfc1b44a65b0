import { describe, expect, it } from 'vitest';
import { disposition, fromKpbxDate, parseCdrCsv, parseCdrCsvReport, parseCdrXml, parseCsv, toHistory, toKpbxDate } from '../../../main/drivers/kalliope/cdr';
import { ShapeError } from '../../../main/drivers/kalliope/parsers';
import type { KpbxCdrRow } from '../../../main/drivers/kalliope/types';
import { parseXml } from '../../../main/drivers/kalliope/xml';

function row(p: Partial<KpbxCdrRow>): KpbxCdrRow {
  return {
    unique_id: '',
    id: '1',
    direction: '1',
    caller_num: '0212345',
    caller_name: '',
    called_num: '200',
    called_name: '',
    called_callgroup: '',
    gateway_id: '',
    gateway_name: '',
    status: '8',
    billsec: '0',
    start: '2024-05-02 09:00:00',
    answer: '',
    end: '2024-05-02 09:00:10',
    duration: '10',
    ...p,
  };
}

const HEADER = 'unique_id,id,direction,caller_num,caller_name,called_num,called_name,called_callgroup,gateway_id,gateway_name,status,billsec,start,answer,end,duration';

describe('Kalliope CDR dates', () => {
  it('formats ISO as the PBX local "YYYY-MM-DD hh:mm:ss" and reads it back', () => {
    const iso = new Date(2024, 4, 2, 9, 5, 7).toISOString();
    expect(toKpbxDate(iso)).toBe('2024-05-02 09:05:07');
    expect(fromKpbxDate('2024-05-02 09:05:07')).toBe(iso);
  });
  it('treats empty and zero dates as absent and rejects bad input', () => {
    expect(fromKpbxDate('')).toBeNull();
    expect(fromKpbxDate('0000-00-00 00:00:00')).toBeNull();
    expect(fromKpbxDate('yesterday')).toBeNull();
    expect(() => toKpbxDate('not a date')).toThrow(RangeError);
  });
});

describe('Kalliope CSV parsing', () => {
  it('handles quotes, escaped quotes, embedded delimiters and newlines, CRLF and a BOM', () => {
    const rows = parseCsv('\uFEFFa,b,c\r\n"x, y","he said ""hi""","multi\nline"\r\n\r\n1,2,3');
    expect(rows).toEqual([
      ['a', 'b', 'c'],
      ['x, y', 'he said "hi"', 'multi\nline'],
      ['1', '2', '3'],
    ]);
  });
  it('sniffs a semicolon delimiter', () => {
    expect(parseCsv('a;b;c\n1;2,5;3')).toEqual([
      ['a', 'b', 'c'],
      ['1', '2,5', '3'],
    ]);
  });
  it('reports a CSV truncated inside a quoted field', () => {
    expect(() => parseCsv('a,b\n"unterminated,2')).toThrow(ShapeError);
  });
});

describe('Kalliope CDR from CSV', () => {
  it('reads a CSV with a header row (API 1.1, unique_id first)', () => {
    const csv = `${HEADER}\nu1,10,1,"0212345","Rossi, Mario",200,Reception,,1,Trunk,8,42,2024-05-02 09:00:00,2024-05-02 09:00:05,2024-05-02 09:00:47,47\n`;
    const rows = parseCdrCsv(csv);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ unique_id: 'u1', id: '10', caller_name: 'Rossi, Mario', billsec: '42' });
    const [e] = toHistory(rows);
    expect(e).toMatchObject({ id: 'u1', from: '0212345', fromName: 'Rossi, Mario', to: '200', direction: 'in', disposition: 'answered', billSec: 42, durationSec: 47 });
  });

  it('reads a header-less CSV by the seed column order (15 columns = API 1.0, 16 = API 1.1)', () => {
    const v10 = '7,2,201,,0298765,,,1,Trunk,4,0,2024-05-02 10:00:00,,2024-05-02 10:00:30,30';
    const v11 = 'u9,' + v10;
    expect(parseCdrCsv(v10)[0]).toMatchObject({ id: '7', direction: '2', called_num: '0298765', status: '4' });
    expect(parseCdrCsv(v11)[0]).toMatchObject({ unique_id: 'u9', id: '7' });
    expect(() => parseCdrCsv('1,2,3')).toThrow(/15 or 16/);
  });

  it('accepts a header in another column order and ignores unknown columns', () => {
    const csv = 'start;id;status;billsec;caller_num;called_num;direction;extra\n2024-05-02 11:00:00;3;2;0;201;202;4;zzz';
    const [e] = toHistory(parseCdrCsv(csv));
    expect(e).toMatchObject({ id: '3', from: '201', to: '202', direction: 'internal', disposition: 'busy' });
  });

  it('skips and counts rows that do not line up with the columns, keeps the others; refuses a CSV without an id column', () => {
    const good = (id: string): string => `"${id}","${id.slice(1)}","1","+39 02 1","","200","","","","","8","5","2024-05-02 09:00:00","2024-05-02 09:00:05","2024-05-02 09:00:10","10"`;
    const csv = `${HEADER}\n${good('u1')}\nu2,10,1\n${good('u3')}\n${good('u4')},"extra"\n${good('u5')},,\n`;
    const report = parseCdrCsvReport(csv);
    expect(report.rows.map((r) => r.unique_id)).toEqual(['u1', 'u3', 'u5']);
    expect(report.skipped).toEqual([2, 4]);
    expect(parseCdrCsv(csv).map((r) => r.unique_id)).toEqual(['u1', 'u3', 'u5']);
    expect(parseCdrCsvReport(`${HEADER}\nu1,10,1`)).toEqual({ rows: [], skipped: [1] });
    expect(() => parseCdrCsv('caller_num,called_num,start,status\n1,2,3,4')).toThrow(/id column/);
    expect(() => parseCdrCsv('1,2,3\n4,5,6')).toThrow(ShapeError);
  });

  it('an empty export is an empty history', () => {
    expect(parseCdrCsv('')).toEqual([]);
    expect(parseCdrCsv(`${HEADER}\n`)).toEqual([]);
  });
});

describe('Kalliope CDR from XML', () => {
  it('reads <cdr><calls><call> and strips the quotes the seed shows around numbers', () => {
    const parsed = parseXml(
      `<kpbx_response><cdr><error_code><code>0</code><message>Success</message></error_code><calls>
        <call><unique_id/><id>5</id><direction>1</direction><caller_num>0211</caller_num><called_num>"200"</called_num><status>8</status><billsec>3</billsec><start>2024-05-02 12:00:00</start><answer>2024-05-02 12:00:02</answer><end>2024-05-02 12:00:05</end><duration>5</duration></call>
      </calls></cdr></kpbx_response>`,
    );
    if (!parsed.ok) throw new Error(parsed.reason);
    const rows = parseCdrXml(parsed.value['kpbx_response'] as Record<string, unknown>);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.called_num).toBe('200');
    expect(toHistory(rows)[0]).toMatchObject({ id: '5', disposition: 'answered' });
  });
  it('no <calls> is an empty list; no <cdr> is a shape error', () => {
    expect(parseCdrXml({ cdr: { error_code: { code: '0' } } })).toEqual([]);
    expect(parseCdrXml({ cdr: '' })).toEqual([]);
    expect(() => parseCdrXml({ other: '' })).toThrow(ShapeError);
  });
});

describe('Kalliope CDR answered / missed', () => {
  it.each<[Partial<KpbxCdrRow>, string]>([
    [{ status: '8', billsec: '12', answer: '2024-05-02 09:00:02' }, 'answered'],
    [{ status: '8', billsec: '0', answer: '2024-05-02 09:00:02' }, 'answered'],
    [{ status: '8', billsec: '0', answer: '' }, 'missed'],
    [{ status: '8', billsec: '0', answer: '0000-00-00 00:00:00' }, 'missed'],
    [{ status: '4', billsec: '0' }, 'missed'],
    [{ status: '2', billsec: '0' }, 'busy'],
    [{ status: '1', billsec: '0' }, 'failed'],
    [{ status: '3', billsec: '0' }, 'failed'],
    [{ status: '', billsec: '' }, 'unknown'],
  ])('%o → %s', (p, want) => {
    expect(disposition(row(p))).toBe(want);
  });

  it('merges the legs of one call (same unique_id): answered by one member is not also missed', () => {
    const rows = [
      row({ unique_id: 'U1', id: '1', called_num: '201', status: '4', billsec: '0', start: '2024-05-02 09:00:01' }),
      row({ unique_id: 'U1', id: '2', called_num: '202', status: '8', billsec: '30', answer: '2024-05-02 09:00:06', duration: '40' }),
      row({ unique_id: 'U1', id: '3', called_num: '203', status: '4', billsec: '0' }),
      row({ unique_id: 'U2', id: '4', status: '4', start: '2024-05-02 10:00:00' }),
    ];
    const h = toHistory(rows);
    expect(h.map((e) => e.id)).toEqual(['U2', 'U1']); // newest first, each call once
    const u1 = h.find((e) => e.id === 'U1')!;
    expect(u1.disposition).toBe('answered');
    expect(u1.to).toBe('202');
    expect(u1.durationSec).toBe(40);
    expect(u1.start).toBe(fromKpbxDate('2024-05-02 09:00:00'));
    expect(h.find((e) => e.id === 'U2')!.disposition).toBe('missed');
  });

  it('drops exact duplicates by id when there is no unique_id, and skips rows without any id', () => {
    const h = toHistory([row({ id: '9' }), row({ id: '9' }), row({ id: '', unique_id: '' })]);
    expect(h).toHaveLength(1);
    expect(h[0]!.id).toBe('9');
  });

  it('maps direction codes 1/2/4 and anything else to unknown', () => {
    const h = toHistory([row({ id: 'a', direction: '1' }), row({ id: 'b', direction: '2' }), row({ id: 'c', direction: '4' }), row({ id: 'd', direction: '7' })]);
    expect(Object.fromEntries(h.map((e) => [e.id, e.direction]))).toEqual({ a: 'in', b: 'out', c: 'internal', d: 'unknown' });
  });
});
