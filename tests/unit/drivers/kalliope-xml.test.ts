import { describe, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { buildRequest, parseXml, list, text, int, bool } from '../../../main/drivers/kalliope/xml';
import { newRequestId } from '../../../main/drivers/kalliope/client';

const strictParser = new XMLParser({ parseTagValue: false, ignoreAttributes: true, trimValues: false, htmlEntities: true });

function roundTrip(xml: string): Record<string, unknown> {
  const parsed = parseXml(xml);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.value;
}

describe('Kalliope XML request builder', () => {
  it('wraps content in <kpbx_request> with request_id first', () => {
    const xml = buildRequest('abc123', { contact: { first_name: 'Mario', last_name: 'Rossi' } });
    expect(xml.startsWith('<?xml version="1.0"?>')).toBe(true);
    expect(xml).toContain('<kpbx_request><request_id>abc123</request_id><contact>');
    expect(xml).toContain('<first_name>Mario</first_name>');
  });

  it.each([
    ['angle brackets', '<evil>tag</evil>'],
    ['closing tags', '</first_name><owner>1</owner><first_name>'],
    ['ampersand', 'Rossi & Figli'],
    ['entity lookalike', '&amp;&lt;'],
    ['double quotes', 'The "Boss"'],
    ['single quotes', "O'Brien"],
    ['CDATA terminator', 'x]]>y<![CDATA[z'],
    ['comment', '<!-- hi -->'],
    ['processing instruction', '<?xml version="1.0"?>'],
  ])('escapes %s so a name cannot inject markup', (_label, value) => {
    const xml = buildRequest('r1', { contact: { first_name: value, last_name: 'L' } });
    // nothing from the value appears as raw markup
    expect(xml.match(/<first_name>/g)).toHaveLength(1);
    expect(xml).not.toContain('<owner>');
    expect(xml).not.toContain('<evil>');
    expect(xml).not.toContain(']]>y');
    // and a standard parser reads exactly the original value back
    const back = strictParser.parse(xml) as { kpbx_request: { contact: { first_name: string } } };
    expect(back.kpbx_request.contact.first_name).toBe(value);
    const mine = roundTrip(xml);
    const contact = (mine['kpbx_request'] as Record<string, unknown>)['contact'] as Record<string, unknown>;
    expect(contact['first_name']).toBe(value);
  });

  it('drops characters XML forbids (NUL, C0 controls) instead of producing an invalid document', () => {
    const xml = buildRequest('r1', { contact: { first_name: 'A\u0000B\u0007C\tD' } });
    expect(xml).toContain('<first_name>ABC\tD</first_name>');
    expect(parseXml(xml).ok).toBe(true);
  });

  it('renders booleans and numbers as text and an empty object as a self-closing element', () => {
    const xml = buildRequest('r1', { cdr: {}, x: { a: true, b: 5, c: false } });
    expect(xml).toContain('<cdr/>');
    expect(xml).toContain('<a>true</a><b>5</b><c>false</c>');
  });

  it('refuses tag names that are not XML names', () => {
    expect(() => buildRequest('r1', { 'bad tag': 'x' })).toThrow(/invalid XML tag name/);
    expect(() => buildRequest('r1', { '<x>': 'x' })).toThrow(/invalid XML tag name/);
  });

  it('request ids are alphanumeric and differ between calls', () => {
    const ids = new Set(Array.from({ length: 50 }, () => newRequestId()));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+$/);
  });
});

describe('Kalliope XML response reader', () => {
  it('keeps values as strings (leading zeros, long numbers) and decodes entities', () => {
    const v = roundTrip('<?xml version="1.0"?><kpbx_response><phone>0039021234</phone><n>&lt;b&gt; &amp; &#39;x&#39;</n></kpbx_response>');
    const r = v['kpbx_response'] as Record<string, unknown>;
    expect(r['phone']).toBe('0039021234');
    expect(r['n']).toBe("<b> & 'x'");
  });

  it('rejects non-XML, broken XML, several roots and DTDs', () => {
    expect(parseXml('{"json":true}')).toMatchObject({ ok: false });
    expect(parseXml('')).toMatchObject({ ok: false });
    expect(parseXml('<kpbx_response><a>x</kpbx_response>')).toMatchObject({ ok: false });
    expect(parseXml('<a>1</a><b>2</b>')).toMatchObject({ ok: false });
    const bomb = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><kpbx_response>&b;</kpbx_response>';
    const r = parseXml(bomb);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/DTD/);
  });

  it('accepts a BOM and surrounding whitespace', () => {
    expect(parseXml('\uFEFF  <kpbx_response><a>1</a></kpbx_response>\n').ok).toBe(true);
  });

  it('helpers read one-or-many elements, booleans and integers tolerantly', () => {
    expect(list(undefined)).toEqual([]);
    expect(list('')).toEqual([]);
    expect(list({ a: '1' })).toEqual([{ a: '1' }]);
    expect(list([{ a: '1' }, 'junk', { a: '2' }])).toEqual([{ a: '1' }, { a: '2' }]);
    expect(text({ nested: 'x' })).toBe('');
    expect(text(' 7 ')).toBe('7');
    expect(bool('TRUE')).toBe(true);
    expect(bool('0')).toBe(false);
    expect(bool('maybe')).toBeNull();
    expect(int('12')).toBe(12);
    expect(int('12a')).toBeNull();
    expect(int('')).toBeNull();
  });
});
