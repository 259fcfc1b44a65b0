import { describe, expect, it } from 'vitest';
import type { Contact } from '../../../../shared/domain';
import { ContactIndex, type ContactSource } from '../../../../main/core/contacts/index';

const PBX: ContactSource = { id: 'pbx', label: 'KalliopePBX', writable: true };
const PHONE: ContactSource = { id: 'phone-1', label: 'Reception phone', writable: false };

let nextId = 0;
function c(name: string, numbers: string[] = [], extra: Partial<Contact> = {}): Contact {
  return { id: `c${++nextId}`, name, numbers: numbers.map((number) => ({ type: 'work', number })), ...extra };
}

function names(index: ContactIndex, query: string, limit?: number): string[] {
  return index.search(query, limit).map((h) => h.contact.name);
}

function indexOf(...contacts: Contact[]): ContactIndex {
  const index = new ContactIndex();
  index.replaceSource(PBX, contacts);
  return index;
}

describe('ContactIndex search', () => {
  it('is case- and diacritics-insensitive', () => {
    const index = indexOf(c('José Álvarez'), c('Hans Müller'), c('Jürgen Groß'), c('Łukasz Øster'));
    expect(names(index, 'jose')).toEqual(['José Álvarez']);
    expect(names(index, 'JOSÉ')).toEqual(['José Álvarez']);
    expect(names(index, 'muller')).toEqual(['Hans Müller']);
    expect(names(index, 'mueller')).toEqual(['Hans Müller']);
    expect(names(index, 'gross')).toEqual(['Jürgen Groß']);
    expect(names(index, 'jurg')).toEqual(['Jürgen Groß']);
    expect(names(index, 'lukasz oster')).toEqual(['Łukasz Øster']);
  });

  it('matches every word of a multi-word query, in any order, each by prefix', () => {
    const index = indexOf(c('Rossi Mario'), c('Mario Bianchi'), c('Maria Rossini'), c('Rossi, Anna'));
    expect(names(index, 'mario ross')).toEqual(['Rossi Mario']);
    expect(names(index, 'ross mario')).toEqual(['Rossi Mario']);
    expect(names(index, 'mari ross')).toEqual(['Maria Rossini', 'Rossi Mario']);
    expect(names(index, 'mario bianchi')).toEqual(['Mario Bianchi']);
    expect(names(index, 'mario verdi')).toEqual([]);
  });

  it('ranks exact, then prefix, then substring matches, each in name order', () => {
    const index = indexOf(c('Rossini Bruno'), c('Rossi Zeno'), c('Grossi Carla'), c('Rossi Anna'), c('Abate Rossi'));
    expect(names(index, 'rossi')).toEqual(['Abate Rossi', 'Rossi Anna', 'Rossi Zeno', 'Rossini Bruno', 'Grossi Carla']);
  });

  it('matches substrings only from 3 characters', () => {
    const index = indexOf(c('Grossi Carla'), c('Osvaldo Neri'));
    expect(names(index, 'os')).toEqual(['Osvaldo Neri']);
    expect(names(index, 'oss')).toEqual(['Grossi Carla']);
  });

  it('finds apostrophe names however they are typed', () => {
    const index = indexOf(c("Anna D'Angelo"), c('Sean O’Brien'));
    for (const q of ['dang', "d'ang", 'd’angelo', 'angelo', 'd angelo']) expect(names(index, q)).toEqual(["Anna D'Angelo"]);
    expect(names(index, "o'brien")).toEqual(['Sean O’Brien']);
  });

  it('searches the company and says which field matched', () => {
    const index = indexOf(c('Luca Bianchi', [], { company: 'Ferrero S.p.A.' }), c('Ferrari Marco'), c('Anna Verdi', ['02 1234567']));
    expect(index.search('ferr').map((h) => [h.contact.name, h.matched])).toEqual([
      ['Ferrari Marco', 'name'],
      ['Luca Bianchi', 'company'],
    ]);
    expect(index.search('0212')[0]?.matched).toBe('number');
    expect(index.search('luca ferrero')[0]?.matched).toBe('name');
  });

  it('uses firstName and lastName when the display name lacks them', () => {
    const index = indexOf(c('Dr. Bianchi', [], { firstName: 'Luca', lastName: 'Bianchi' }));
    expect(names(index, 'luca bianchi')).toEqual(['Dr. Bianchi']);
  });

  it('finds numbers whatever their format, by the digits typed so far', () => {
    const index = indexOf(
      c('Milano', ['+39 02-123 4567']),
      c('Roma', ['06 7654321']),
      c('Berlin', ['+49 (0)30 1234567']),
      c('Mobile', ['333 123 4567']),
      c('Reception', ['201']),
    );
    for (const q of ['0', '02', '0212', '02 12', '021234567', '+39 02', '0039 0212', '39021']) expect(names(index, q)).toContain('Milano');
    expect(names(index, '0212')).toEqual(['Milano']);
    expect(names(index, '1234')).toEqual(['Berlin', 'Milano', 'Mobile']); // inside the number
    expect(names(index, '4930')).toEqual(['Berlin']);
    expect(names(index, '0049 30 12')).toEqual(['Berlin']);
    expect(names(index, '333')).toEqual(['Mobile']);
    expect(names(index, '20')).toEqual(['Reception']);
    expect(names(index, '12')).toEqual([]); // two digits: prefix only
  });

  it('puts the number typed in full before numbers that merely start with it', () => {
    const index = indexOf(c('Anna', ['0212345678']), c('Zeno', ['02 1234567']));
    expect(names(index, '021234567')).toEqual(['Zeno', 'Anna']);
  });

  it('combines words and numbers', () => {
    const index = indexOf(c('Rossi Mario', ['02 1234567']), c('Rossi Anna', ['06 1234567']));
    expect(names(index, 'rossi 02')).toEqual(['Rossi Mario']);
  });

  it('applies the limit and refuses a bad one', () => {
    const index = indexOf(...Array.from({ length: 80 }, (_, i) => c(`Rossi ${String(i).padStart(2, '0')}`)));
    expect(index.search('rossi')).toHaveLength(50);
    expect(names(index, 'rossi', 3)).toEqual(['Rossi 00', 'Rossi 01', 'Rossi 02']);
    for (const bad of [0, -1, 1.5, Number.NaN, 10_001]) {
      expect(() => index.search('rossi', bad)).toThrow(RangeError);
    }
    expect(() => index.search(42 as unknown as string)).toThrow(TypeError);
  });

  it('answers nothing for empty, blank or punctuation-only queries, and for an empty index', () => {
    const index = indexOf(c('Rossi Mario'));
    for (const q of ['', '   ', '--', "'"]) expect(index.search(q)).toEqual([]);
    expect(new ContactIndex().search('rossi')).toEqual([]);
  });

  it('keeps a pasted page from costing more than a short query', () => {
    const index = indexOf(c('Rossi Mario'));
    expect(names(index, 'rossi ' + 'x'.repeat(10_000))).toEqual([]);
    expect(names(index, 'rossi mario ' + 'mar '.repeat(100))).toEqual(['Rossi Mario']);
  });
});

describe('ContactIndex sources', () => {
  it('replaces one source incrementally and leaves the others alone', () => {
    const index = new ContactIndex();
    const keep = c('Bianchi Luca');
    index.replaceSource(PHONE, [keep]);
    index.replaceSource(PBX, [c('Rossi Mario'), c('Verdi Anna')]);
    const kept = index.get(`phone-1/${keep.id}`);
    expect(index.size).toBe(3);

    expect(index.replaceSource(PBX, [c('Neri Carlo')])).toBe(true);
    expect(index.size).toBe(2);
    expect(names(index, 'rossi')).toEqual([]);
    expect(names(index, 'neri')).toEqual(['Neri Carlo']);
    expect(index.get(`phone-1/${keep.id}`)).toBe(kept);
    expect(index.countOf('pbx')).toBe(1);
    expect(index.countOf('nope')).toBe(0);

    index.removeSource('pbx');
    index.removeSource('unknown');
    expect(index.size).toBe(1);
    expect(index.sources()).toEqual([PHONE]);
    expect(names(index, 'neri')).toEqual([]);
  });

  it('says whether anything changed, and keeps unchanged contacts as they are', () => {
    const index = new ContactIndex();
    const list = [c('Rossi Mario', ['02 1234567']), c('Verdi Anna')];
    expect(index.replaceSource(PBX, list)).toBe(true);
    const before = index.get(`pbx/${list[0]?.id}`);
    expect(index.replaceSource(PBX, list.map((x) => ({ ...x, numbers: x.numbers.map((n) => ({ ...n })) })))).toBe(false);
    expect(index.get(`pbx/${list[0]?.id}`)).toBe(before);
    const changed = [{ ...(list[0] as Contact), name: 'Rossi Mario Luigi' }, list[1] as Contact];
    expect(index.replaceSource(PBX, changed)).toBe(true);
    expect(names(index, 'luigi')).toEqual(['Rossi Mario Luigi']);
    expect(index.replaceSource({ ...PBX, label: 'PBX (renamed)' }, changed)).toBe(true);
    expect(index.get(`pbx/${list[1]?.id}`)?.sourceLabel).toBe('PBX (renamed)');
    expect(index.replaceSource({ id: 'empty', label: 'Empty', writable: false }, [])).toBe(true);
    expect(index.sources().map((s) => s.id)).toEqual(['pbx', 'empty']);
  });

  it('holds frozen contacts with their source', () => {
    const index = indexOf(c('Rossi Mario', ['02 1234567']));
    const hit = index.search('rossi')[0]?.contact;
    expect(hit).toMatchObject({ name: 'Rossi Mario', sourceId: 'pbx', sourceLabel: 'KalliopePBX', writable: true });
    expect(hit?.key).toBe(`pbx/${hit?.id}`);
    expect(Object.isFrozen(hit)).toBe(true);
    expect(Object.isFrozen(hit?.numbers)).toBe(true);
    expect(() => {
      (hit as { name: string }).name = 'changed';
    }).toThrow(TypeError);
  });

  it('does not keep a reference to the caller’s objects', () => {
    const mine = c('Rossi Mario', ['02 1234567']);
    const index = indexOf(mine);
    mine.name = 'Changed';
    (mine.numbers[0] as { number: string }).number = '999';
    expect(names(index, 'rossi')).toEqual(['Rossi Mario']);
    expect(index.get(`pbx/${mine.id}`)?.numbers[0]?.number).toBe('02 1234567');
  });

  it('stays correct through many replacements (tombstones and compaction)', () => {
    const index = new ContactIndex();
    index.replaceSource(PHONE, [c('Bianchi Luca', ['0331 123456'])]);
    for (let round = 0; round < 40; round++) {
      index.replaceSource(
        PBX,
        Array.from({ length: 60 }, (_, i) => c(`Rossi R${round}N${i}`, [`02 ${1000000 + round * 100 + i}`])),
      );
    }
    expect(index.size).toBe(61);
    expect(index.search('rossi', 100)).toHaveLength(60);
    expect(names(index, 'r39n0')).toEqual(['Rossi R39N0']);
    expect(names(index, 'r38n0')).toEqual([]);
    expect(names(index, 'bianchi')).toEqual(['Bianchi Luca']);
    expect(index.lookup('02 1003905')?.contact.name).toBe('Rossi R39N5');
    expect(index.lookup('02 1003805')).toBeUndefined();
  });

  it('validates input before changing anything', () => {
    const index = indexOf(c('Rossi Mario'));
    expect(() => index.replaceSource({ id: '', label: 'x', writable: true }, [])).toThrow(/source\.id/);
    expect(() => index.replaceSource({ id: 'x', label: 'x' } as ContactSource, [])).toThrow(/source\.writable: expected a boolean/);
    const bad = [c('Verdi Anna'), { id: 'b', name: 'Bad', numbers: 'none' } as unknown as Contact];
    expect(() => index.replaceSource(PBX, bad)).toThrow(TypeError);
    expect(() => index.replaceSource(PBX, bad)).toThrow(/contacts\[1\]\.numbers: expected an array/);
    const badType = [{ id: 'b', name: 'Bad', numbers: [{ type: 'pager', number: '1' }] } as unknown as Contact];
    expect(() => index.replaceSource(PBX, badType)).toThrow(/contacts\[0\]\.numbers\[0\]\.type: expected one of work/);
    expect(() => index.replaceSource(PBX, [{ id: '', name: 'x', numbers: [] }])).toThrow(/contacts\[0\]\.id/);
    expect(() => index.replaceSource(PBX, null as unknown as Contact[])).toThrow(/contacts: expected an array/);
    expect(names(index, 'rossi')).toEqual(['Rossi Mario']);
    expect(index.size).toBe(1);
  });

  it('keeps the first of two contacts with the same id in one source', () => {
    const index = new ContactIndex();
    index.replaceSource(PBX, [
      { id: '201', name: 'Reception', numbers: [] },
      { id: '201', name: 'Reception (duplicate)', numbers: [] },
    ]);
    expect(index.size).toBe(1);
    expect(index.get('pbx/201')?.name).toBe('Reception');
  });
});

describe('ContactIndex lookup', () => {
  it('finds the caller by the canonical number, whatever the format', () => {
    const index = indexOf(c('Milano', ['+39 02-123 4567']), c('Reception', ['201']), c('Two numbers', ['06 111 2222', '333 9876543']));
    for (const n of ['021234567', '0039 02 1234567', '+39021234567', 'tel:+39-02-1234567']) {
      expect(index.lookup(n)).toMatchObject({ contact: { name: 'Milano' }, exact: true });
    }
    expect(index.lookup('201')).toMatchObject({ contact: { name: 'Reception' }, exact: true });
    expect(index.lookup('+39 333 9876543')?.number).toEqual({ type: 'work', number: '333 9876543' });
  });

  it('prefers an exact match over a suffix match', () => {
    const index = indexOf(c('Exact', ['+39 02 1234567']), c('Same tail', ['+44 20 21234567']));
    expect(index.lookup('+39 02 1234567')).toMatchObject({ contact: { name: 'Exact' }, exact: true });
    expect(index.lookup('+1 555 21234567')).toMatchObject({ contact: { name: 'Same tail' }, exact: false });
  });

  it('matches by the last 7 digits or more when nothing matches exactly, and refuses an ambiguous tail', () => {
    const index = indexOf(c('Milano', ['+39 02 1234567']));
    expect(index.lookup('1234567')).toMatchObject({ contact: { name: 'Milano' }, exact: false });
    expect(index.lookup('+39 06 1234567')).toMatchObject({ contact: { name: 'Milano' }, exact: false });
    expect(index.lookup('234567')).toBeUndefined(); // an internal number: exact only
    expect(index.lookup('+39 06 7234567')).toBeUndefined(); // only 6 digits in common
    index.replaceSource(PHONE, [c('Roma', ['+39 06 1234567'])]);
    expect(index.lookup('1234567')).toBeUndefined(); // Milano or Roma?
    expect(index.lookup('+39 06 1234567')).toMatchObject({ contact: { name: 'Roma' }, exact: true });
  });

  it('prefers the longest common tail', () => {
    const index = indexOf(c('Eight', ['+39 02 81234567']), c('Nine', ['+39 06 981234567']));
    expect(index.lookup('+44 20 981234567')?.contact.name).toBe('Nine');
  });

  it('answers undefined for garbage', () => {
    const index = indexOf(c('Milano', ['+39 02 1234567']));
    for (const n of ['', 'abc', '---', 42 as unknown as string]) expect(index.lookup(n)).toBeUndefined();
  });
});

describe('ContactIndex numbering rules', () => {
  const DE = { countryCode: '49', internationalPrefix: '00', trunkPrefix: '0' };

  it('re-normalises every number when the rules change', () => {
    const index = new ContactIndex(DE);
    index.replaceSource(PBX, [c('Berlin', ['030 1234567'])]);
    expect(index.lookup('+49 30 1234567')).toMatchObject({ contact: { name: 'Berlin' }, exact: true });
    expect(names(index, '+49 30')).toEqual(['Berlin']);
    index.setRules({ countryCode: '39', internationalPrefix: '00', trunkPrefix: '' });
    expect(index.numbering().countryCode).toBe('39');
    expect(index.lookup('+39 030 1234567')).toMatchObject({ contact: { name: 'Berlin' }, exact: true });
    expect(index.lookup('+49 30 1234567')?.exact).not.toBe(true);
    expect(names(index, '+49 30')).toEqual([]);
    expect(names(index, 'berlin')).toEqual(['Berlin']);
  });

  it('refuses bad rules and keeps the old ones', () => {
    const index = new ContactIndex(DE);
    expect(() => index.setRules({ ...DE, countryCode: 'x' })).toThrow(RangeError);
    expect(index.numbering().countryCode).toBe('49');
    expect(() => new ContactIndex({ ...DE, internationalPrefix: '' })).toThrow(/internationalPrefix/);
  });
});
