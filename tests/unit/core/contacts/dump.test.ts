import { describe, expect, it } from 'vitest';
import { ContactIndex, type ContactIndexDump } from '../../../../main/core/contacts/index';

function sample(): ContactIndex {
  const index = new ContactIndex({ countryCode: '39', internationalPrefix: '00', trunkPrefix: '', outsideLinePrefix: '0' });
  index.replaceSource({ id: 'pbx', label: 'KalliopePBX', writable: true }, [
    { id: '2', name: 'Rossi Mario', firstName: 'Mario', lastName: 'Rossi', company: 'Ferrero S.p.A.', numbers: [{ type: 'work', number: '+39 02 1234567' }], email: 'm@x.it' },
    { id: '1', name: 'José Álvarez', numbers: [{ type: 'mobile', number: '333 1234567' }, { type: 'fax', number: '02 7654321' }], groupId: 'g1' },
  ]);
  index.replaceSource({ id: 'pbx:users', label: 'KalliopePBX (extensions)', writable: false }, [{ id: '201', name: 'Reception', numbers: [{ type: 'work', number: '201' }] }]);
  return index;
}

function good(): ContactIndexDump {
  return JSON.parse(JSON.stringify(sample().toJSON())) as ContactIndexDump;
}

describe('ContactIndex persistence', () => {
  it('round-trips through JSON: same sources, contacts in their order, same answers', () => {
    const index = sample();
    const text = JSON.stringify(index);
    const back = ContactIndex.fromJSON(JSON.parse(text));
    expect(JSON.stringify(back)).toBe(text);
    expect(back.sources()).toEqual(index.sources());
    expect(back.size).toBe(3);
    expect(back.numbering()).toEqual(index.numbering());
    for (const q of ['rossi', 'jose', 'ferr', '0212', '201', 'mario ross']) {
      expect(back.search(q).map((h) => h.contact.key)).toEqual(index.search(q).map((h) => h.contact.key));
    }
    expect(back.lookup('021234567')?.contact.key).toBe('pbx/2');
    expect(good().sources[0]?.contacts.map((c) => c.id)).toEqual(['2', '1']);
  });

  it('dumps plain contacts without index fields', () => {
    const dump = good();
    expect(dump.format).toBe('frontdesk.contact-index');
    expect(dump.version).toBe(1);
    expect(dump.sources[0]?.contacts[0]).toEqual({
      id: '2',
      name: 'Rossi Mario',
      firstName: 'Mario',
      lastName: 'Rossi',
      company: 'Ferrero S.p.A.',
      numbers: [{ type: 'work', number: '+39 02 1234567' }],
      email: 'm@x.it',
    });
  });

  it('lets the rules in force win over the dump’s', () => {
    const back = ContactIndex.fromJSON(good(), { countryCode: '49', internationalPrefix: '00', trunkPrefix: '0' });
    expect(back.numbering().countryCode).toBe('49');
    expect(back.lookup('+39 02 1234567')?.contact.name).toBe('Rossi Mario');
    expect(back.lookup('021234567')?.exact).toBe(false); // now read as a German number: only the tail matches
  });

  it('restores an empty index', () => {
    const back = ContactIndex.fromJSON(JSON.parse(JSON.stringify(new ContactIndex())));
    expect(back.size).toBe(0);
    expect(back.sources()).toEqual([]);
  });

  const bad: [string, unknown, RegExp][] = [
    ['null', null, /Not a contact index dump: expected an object, got null/],
    ['a string', '{"format":"frontdesk.contact-index"}', /expected an object, got the string/],
    ['an array', [], /expected an object, got an array/],
    ['a foreign object', { settings: {} }, /format is missing, expected "frontdesk.contact-index"/],
    ['another format', { ...good(), format: 'frontdesk.settings' }, /format is "frontdesk.settings"/],
    ['a newer version', { ...good(), version: 2 }, /Unsupported contact index dump version 2: this build reads version 1/],
    ['no version', { ...good(), version: undefined }, /version \(missing\)/],
    ['bad rules', { ...good(), rules: { countryCode: 'x', internationalPrefix: '00', trunkPrefix: '' } }, /Bad contact index dump: Invalid numbering rules: countryCode/],
    ['no sources', { ...good(), sources: {} }, /sources: expected an array/],
    ['a source without label', { ...good(), sources: [{ id: 'a', writable: true, contacts: [] }] }, /sources\[0\]\.label: expected a string/],
    ['contacts not a list', { ...good(), sources: [{ id: 'a', label: 'A', writable: true, contacts: 3 }] }, /sources\[0\]\.contacts: expected an array/],
    [
      'a bad number type',
      { ...good(), sources: [{ id: 'a', label: 'A', writable: true, contacts: [{ id: '1', name: 'x', numbers: [{ type: 'pager', number: '1' }] }] }] },
      /sources\[0\]\.contacts\[0\]\.numbers\[0\]\.type: expected one of work, home, mobile, fax, other, got the string "pager"/,
    ],
    [
      'a contact without id',
      { ...good(), sources: [{ id: 'a', label: 'A', writable: true, contacts: [{ name: 'x', numbers: [] }] }] },
      /sources\[0\]\.contacts\[0\]\.id: expected a non-empty string/,
    ],
    [
      'a non-string company',
      { ...good(), sources: [{ id: 'a', label: 'A', writable: true, contacts: [{ id: '1', name: 'x', numbers: [], company: 5 }] }] },
      /sources\[0\]\.contacts\[0\]\.company: expected a string or nothing, got number/,
    ],
    [
      'two sources with one id',
      { ...good(), sources: [{ id: 'a', label: 'A', writable: true, contacts: [] }, { id: 'a', label: 'B', writable: true, contacts: [] }] },
      /sources\[1\]\.id: duplicate source id "a"/,
    ],
    [
      'two contacts with one id',
      {
        ...good(),
        sources: [{ id: 'a', label: 'A', writable: true, contacts: [{ id: '1', name: 'x', numbers: [] }, { id: '1', name: 'y', numbers: [] }] }],
      },
      /sources\[0\]\.contacts\[1\]\.id: duplicate contact id "1"/,
    ],
  ];

  it.each(bad)('refuses %s with a clear Error', (_what, dump, message) => {
    expect(() => ContactIndex.fromJSON(dump)).toThrow(Error);
    expect(() => ContactIndex.fromJSON(dump)).toThrow(message);
  });
});
