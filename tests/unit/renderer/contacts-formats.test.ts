import { describe, expect, it } from 'vitest';
import { csvCell, detectDelimiter, parseCsv, readCsv, writeCsv } from '../../../renderer/src/features/contacts/formats/csv';
import { parseGrandstreamXml, writeGrandstreamXml } from '../../../renderer/src/features/contacts/formats/grandstream';
import { detectFormat, parseContactsFile, writeContacts } from '../../../renderer/src/features/contacts/formats/index';
import type { ExportContact } from '../../../renderer/src/features/contacts/formats/model';
import { parseVcard, writeVcard } from '../../../renderer/src/features/contacts/formats/vcard';
import { XmlError, parseXml } from '../../../renderer/src/features/contacts/formats/xml';

const SAMPLE: ExportContact[] = [
  { name: 'Laura Rossi', firstName: 'Laura', lastName: 'Rossi', company: 'Rossi & Figli, S.p.A.', email: 'laura@rossi.example', numbers: [{ type: 'work', number: '+39 02 1234567' }, { type: 'mobile', number: '333 1234567' }] },
  { name: 'Niccolò Bàrberi', firstName: 'Niccolò', lastName: 'Bàrberi', numbers: [{ type: 'home', number: '0471 555 01' }, { type: 'fax', number: '0471 555 02' }] },
  { name: '=HYPERLINK("http://evil")', numbers: [{ type: 'other', number: '201' }] },
];

describe('xml reader', () => {
  it('reads elements, attributes, entities and CDATA', () => {
    const [root] = parseXml('<?xml version="1.0"?><!-- hi --><A x="1 &amp; 2"><B>t&lt;&#233;&#x41;</B><C><![CDATA[<raw>]]></C><D/></A>');
    expect(root?.name).toBe('a');
    expect(root?.attrs.x).toBe('1 & 2');
    expect(root?.children.map((c) => [c.name, c.text])).toEqual([['b', 't<éA'], ['c', '<raw>'], ['d', '']]);
  });
  it('names the line of a mismatched or unclosed tag', () => {
    expect(() => parseXml('<a>\n<b>\n</c></a>')).toThrowError(XmlError);
    try {
      parseXml('<a>\n<b>\n</c></a>');
    } catch (e) {
      expect((e as XmlError).code).toBe('xmlMismatch');
      expect((e as XmlError).params).toMatchObject({ expected: 'b', found: 'c', line: 3 });
    }
    try {
      parseXml('<a><b>', 10);
    } catch (e) {
      expect((e as XmlError).code).toBe('xmlUnclosed');
      expect((e as XmlError).params.line).toBe(10);
    }
    expect(() => parseXml('<a>&bogus;</a>')).toThrowError(/xmlSyntax/);
    expect(() => parseXml('<a b=1></a>')).toThrowError(/xmlSyntax/);
  });
});

describe('Grandstream XML phonebook', () => {
  it('reads the phone format with several numbers, case-insensitive tags and text-only <Phone>', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<AddressBook>
  <pbgroup><id>1</id><name>Friends</name></pbgroup>
  <Contact>
    <id>3</id><FirstName>Ann</FirstName><LastName>Lee</LastName>
    <Phone type="Work"><phonenumber>201</phonenumber><accountindex>1</accountindex></Phone>
    <Phone type="Cell"><phonenumber>+39 333 1</phonenumber></Phone>
    <Mail type="Work">ann@example.com</Mail>
    <Group>1</Group>
  </Contact>
  <contact><firstname>Bob &amp; Co</firstname><phone type="fax">0471 1</phone></contact>
</AddressBook>`;
    const r = parseGrandstreamXml(xml);
    expect(r.fileProblem).toBeUndefined();
    expect(r.skipped).toEqual([]);
    expect(r.rows.map((x) => x.draft)).toEqual([
      { firstName: 'Ann', lastName: 'Lee', name: '', company: '', email: 'ann@example.com', numbers: [{ type: 'work', number: '201' }, { type: 'mobile', number: '+39 333 1' }] },
      { firstName: 'Bob & Co', lastName: '', name: '', company: '', email: '', numbers: [{ type: 'fax', number: '0471 1' }] },
    ]);
    expect(r.rows[1]?.line).toBe(11);
  });

  it('round-trips what it writes', () => {
    const xml = writeGrandstreamXml(SAMPLE);
    expect(xml).toContain('<FirstName>Laura</FirstName>');
    expect(xml).toContain('<Phone type="Cell">');
    expect(xml).toContain('Rossi &amp; Figli');
    const r = parseGrandstreamXml(xml);
    expect(r.skipped).toEqual([]);
    expect(r.rows).toHaveLength(3);
    expect(r.rows[0]?.draft).toMatchObject({ firstName: 'Laura', lastName: 'Rossi', company: 'Rossi & Figli, S.p.A.', email: 'laura@rossi.example' });
    expect(r.rows[0]?.draft.numbers).toEqual(SAMPLE[0]?.numbers);
    expect(r.rows[1]?.draft.numbers).toEqual(SAMPLE[1]?.numbers);
    // A full name without first/last is split at the first space.
    expect(r.rows[2]?.draft).toMatchObject({ firstName: '=HYPERLINK("http://evil")', lastName: '' });
  });

  it('skips damaged contacts with their line and keeps the others', () => {
    const xml = [
      '<AddressBook>', // 1
      '<Contact><FirstName>Good</FirstName><Phone type="Work"><phonenumber>1</phonenumber></Phone></Contact>', // 2
      '<Contact><FirstName>Broken</FirstName><Phone type="Work"><phonenumber>2</phonenumber></Contact>', // 3: </Phone> missing
      '<Contact><FirstName>NoNumber</FirstName></Contact>', // 4
      '<Contact><Phone><phonenumber>4</phonenumber></Phone></Contact>', // 5: no name
      '<Contact><FirstName>Unclosed</FirstName>', // 6: never closed
      '<Contact><FirstName>Letters</FirstName><Phone><phonenumber>call me</phonenumber></Phone><Phone><phonenumber>7</phonenumber></Phone><Mail>nope</Mail></Contact>', // 7
      '</AddressBook>',
    ].join('\n');
    const r = parseGrandstreamXml(xml);
    expect(r.rows.map((x) => x.draft.firstName)).toEqual(['Good', 'Letters']);
    expect(r.rows[1]?.draft.numbers).toEqual([{ type: 'other', number: '7' }]);
    expect(r.rows[1]?.draft.email).toBe('');
    expect(r.skipped.map((s) => [s.row, s.line, s.code, s.label])).toEqual([
      [2, 3, 'xmlMismatch', 'Broken'],
      [3, 4, 'noNumber', 'NoNumber'],
      [4, 5, 'noName', ''],
      [5, 6, 'xmlUnclosed', ''],
    ]);
    expect(r.notes.map((n) => [n.row, n.code, n.params?.value])).toEqual([
      [6, 'badNumber', 'call me'],
      [6, 'badEmail', 'nope'],
    ]);
  });

  it('refuses files that are not a phonebook, declare entities, or are empty', () => {
    expect(parseGrandstreamXml('').fileProblem).toBe('empty');
    expect(parseGrandstreamXml('<html><body/></html>').fileProblem).toBe('notPhonebook');
    expect(parseGrandstreamXml('<!DOCTYPE x [<!ENTITY a "b">]><AddressBook/>').fileProblem).toBe('entities');
    expect(parseGrandstreamXml('<AddressBook></AddressBook>')).toEqual({ rows: [], skipped: [], notes: [] });
    expect(() => parseGrandstreamXml('<AddressBook><Contact <<<< &&& </AddressBook>')).not.toThrow();
  });
});

describe('vCard', () => {
  it('reads 3.0 and 4.0 cards, folded lines, escapes, groups and types', () => {
    const vcf = [
      'BEGIN:VCARD',
      'VERSION:3.0',
      'FN:Laura Rossi',
      'N:Rossi;Laura;;;',
      'ORG:Rossi\\, Figli;Sales',
      'item1.TEL;TYPE=WORK,VOICE:+39 02 12',
      ' 34567',
      'TEL;TYPE=CELL:333 1',
      'EMAIL;TYPE=INTERNET:laura@rossi.example',
      'END:VCARD',
      'BEGIN:VCARD',
      'VERSION:4.0',
      'FN:Zoë Müller',
      'TEL;VALUE=uri;TYPE="home,voice":tel:+49-89-5846456',
      'TEL;TYPE=fax:0471 2',
      'END:VCARD',
      '',
    ].join('\r\n');
    const r = parseVcard(vcf);
    expect(r.skipped).toEqual([]);
    expect(r.rows[0]?.draft).toEqual({
      firstName: 'Laura',
      lastName: 'Rossi',
      name: 'Laura Rossi',
      company: 'Rossi, Figli',
      email: 'laura@rossi.example',
      numbers: [{ type: 'work', number: '+39 02 1234567' }, { type: 'mobile', number: '333 1' }],
    });
    expect(r.rows[1]?.draft).toMatchObject({ name: 'Zoë Müller', numbers: [{ type: 'home', number: '+49-89-5846456' }, { type: 'fax', number: '0471 2' }] });
    expect(r.rows[1]?.line).toBe(11);
  });

  it('reads vCard 2.1 bare types and quoted-printable', () => {
    const vcf = 'BEGIN:VCARD\nVERSION:2.1\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:B=C3=A0rberi;Niccol=C3=B2\nTEL;CELL;VOICE:333\nEND:VCARD\n';
    const r = parseVcard(vcf);
    expect(r.rows[0]?.draft).toMatchObject({ firstName: 'Niccolò', lastName: 'Bàrberi', numbers: [{ type: 'mobile', number: '333' }] });
  });

  it('round-trips 3.0 and 4.0', () => {
    for (const v of ['3.0', '4.0'] as const) {
      const text = writeVcard(SAMPLE, v);
      expect(text).toContain(`VERSION:${v}`);
      expect(text.split('\r\n').every((l) => new TextEncoder().encode(l).length <= 75)).toBe(true);
      const r = parseVcard(text);
      expect(r.skipped).toEqual([]);
      expect(r.rows).toHaveLength(3);
      expect(r.rows[0]?.draft).toMatchObject({ firstName: 'Laura', lastName: 'Rossi', company: 'Rossi & Figli, S.p.A.', email: 'laura@rossi.example' });
      expect(r.rows[0]?.draft.numbers.map((n) => n.type)).toEqual(['work', 'mobile']);
      expect(r.rows[0]?.draft.numbers.map((n) => n.number.replace(/-/g, ' '))).toEqual(['+39 02 1234567', '333 1234567']);
      expect(r.rows[1]?.draft.numbers.map((n) => n.type)).toEqual(['home', 'fax']);
    }
  });

  it('skips a card that never ends or starts inside another, and names the line', () => {
    const vcf = ['BEGIN:VCARD', 'FN:Open', 'TEL:1', 'BEGIN:VCARD', 'FN:Good', 'TEL:2', 'END:VCARD', 'BEGIN:VCARD', 'FN:NoTel', 'END:VCARD', 'BEGIN:VCARD', 'FN:Tail', 'TEL:3'].join('\n');
    const r = parseVcard(vcf);
    expect(r.rows.map((x) => x.draft.name)).toEqual(['Good']);
    expect(r.skipped.map((s) => [s.row, s.line, s.code, s.label])).toEqual([
      [1, 1, 'vcardNested', 'Open'],
      [3, 8, 'noNumber', 'NoTel'],
      [4, 11, 'vcardNoEnd', 'Tail'],
    ]);
    expect(parseVcard('hello').fileProblem).toBe('unknownFormat');
    expect(parseVcard('  ').fileProblem).toBe('empty');
  });
});

describe('CSV', () => {
  it('reads quotes, doubled quotes, line breaks in quotes and CRLF', () => {
    const { records } = readCsv('a,b\r\n"x, ""y""","multi\nline"\r\n', ',');
    expect(records.map((r) => r.cells)).toEqual([['a', 'b'], ['x, "y"', 'multi\nline']]);
    expect(records.map((r) => r.line)).toEqual([1, 2]);
  });

  it('detects the delimiter from the header', () => {
    expect(detectDelimiter('Nome;Cognome;Telefono\n')).toBe(';');
    expect(detectDelimiter('Name\tPhone')).toBe('\t');
    expect(detectDelimiter('"a;b",c,d')).toBe(',');
  });

  it('guards formula cells on export and quotes when needed', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+39 02')).toBe("'+39 02");
    expect(csvCell('-5')).toBe("'-5");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=A1,B1')).toBe('"\'=A1,B1"');
    expect(csvCell('Rossi')).toBe('Rossi');
  });

  it('writes no cell a spreadsheet would run as a formula, and round-trips', () => {
    const text = writeCsv(SAMPLE);
    const { records } = readCsv(text, ',');
    for (const r of records) for (const c of r.cells) expect(c).not.toMatch(/^[=+\-@]/);
    expect(records[3]?.cells[0]).toBe('\'=HYPERLINK("http://evil")');
    const back = parseCsv(text);
    expect(back.skipped).toEqual([]);
    expect(back.rows.map((r) => r.draft.numbers)).toEqual(SAMPLE.map((c) => c.numbers));
    expect(back.rows[0]?.draft).toMatchObject({ firstName: 'Laura', lastName: 'Rossi', company: 'Rossi & Figli, S.p.A.', email: 'laura@rossi.example' });
    expect(back.rows[2]?.draft.name).toBe('=HYPERLINK("http://evil")');
  });

  it('understands Italian Excel files with semicolons and Google pairs', () => {
    const it1 = parseCsv('Nome;Cognome;Azienda;Cellulare;Telefono ufficio\nMario;Rossi;ACME;333 1;02 2\n;;;;\nAnna;;;;\n');
    expect(it1.rows[0]?.draft).toMatchObject({ firstName: 'Mario', lastName: 'Rossi', company: 'ACME', numbers: [{ type: 'mobile', number: '333 1' }, { type: 'work', number: '02 2' }] });
    expect(it1.skipped.map((s) => [s.row, s.line, s.code, s.label])).toEqual([[2, 4, 'noNumber', 'Anna']]);
    const g = parseCsv('Given Name,Family Name,Phone 1 - Type,Phone 1 - Value,Phone 2 - Type,Phone 2 - Value\nAnn,Lee,Mobile,+1 555 ::: +1 556,Work,+1 557\n');
    expect(g.rows[0]?.draft.numbers).toEqual([
      { type: 'mobile', number: '+1 555' },
      { type: 'mobile', number: '+1 556' },
      { type: 'work', number: '+1 557' },
    ]);
  });

  it('reports bad input per row and never throws', () => {
    expect(parseCsv('').fileProblem).toBe('empty');
    expect(parseCsv('foo,bar\n1,2\n').fileProblem).toBe('noColumns');
    const r = parseCsv('Name,Phone,Email\nGood,201,\nBad number,abc,\n"Unclosed,202\nNext,203\n');
    expect(r.rows.map((x) => x.draft.name)).toEqual(['Good']);
    expect(r.skipped.map((s) => [s.code, s.line])).toEqual([
      ['noNumber', 3],
      ['csvUnclosedQuote', 4],
    ]);
    expect(r.notes.map((s) => [s.code, s.params?.value])).toEqual([['badNumber', 'abc']]);
    const long = parseCsv(`Name,Phone\n${'x'.repeat(200)},1\n`);
    expect(long.skipped[0]).toMatchObject({ code: 'tooLong', params: { max: 128, field: 'name' } });
  });
});

describe('format detection', () => {
  it('goes by extension, then by content', () => {
    expect(detectFormat('book.XML', '')).toBe('xml');
    expect(detectFormat('a.vcf', '')).toBe('vcard');
    expect(detectFormat('a.csv', '')).toBe('csv');
    expect(detectFormat('a.txt', '  <AddressBook/>')).toBe('xml');
    expect(detectFormat('a', 'BEGIN:VCARD\n')).toBe('vcard');
    expect(detectFormat('a', 'name;phone\n')).toBe('csv');
    expect(detectFormat('a.bin', 'hello')).toBeUndefined();
    expect(parseContactsFile('a.bin', 'hello').fileProblem).toBe('unknownFormat');
  });
  it('writes each export format with its type', () => {
    expect(writeContacts('xml', SAMPLE)).toMatchObject({ mime: 'application/xml', extension: 'xml' });
    expect(writeContacts('vcard4', SAMPLE).text).toContain('VERSION:4.0');
    expect(writeContacts('csv', []).text).toBe('\uFEFFName,First name,Last name,Company,Email,Work,Mobile,Home,Fax,Other\r\n');
  });
});

describe('large files', () => {
  it('reads 20,000 contacts in each format in linear time', () => {
    const many: ExportContact[] = [];
    for (let i = 0; i < 20_000; i++) many.push({ name: `Nome${i} Cognome${i}`, firstName: `Nome${i}`, lastName: `Cognome${i}`, company: 'ACME', numbers: [{ type: 'work', number: `0471 ${100000 + i}` }] });
    for (const f of ['xml', 'vcard3', 'csv'] as const) {
      const text = writeContacts(f, many).text;
      const t0 = performance.now();
      const r = parseContactsFile(`big.${f === 'vcard3' ? 'vcf' : f}`, text);
      const ms = performance.now() - t0;
      expect(r.rows).toHaveLength(20_000);
      expect(r.rows[19_999]?.draft.lastName).toBe('Cognome19999');
      expect(r.rows[19_999]?.line).toBeGreaterThan(19_999);
      expect(ms, `${f} took ${Math.round(ms)} ms`).toBeLessThan(8_000);
    }
  });
});
