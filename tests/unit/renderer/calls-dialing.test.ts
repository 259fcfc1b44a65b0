import { describe, expect, it } from 'vitest';
import { cleanPasted, dialOptions, isNumberInput, moveActive, routeWords, type ContactHit } from '../../../renderer/src/features/calls/dialing';

const hit = (key: string, name: string, numbers: string[], extra: { company?: string; source?: string } = {}): ContactHit => ({
  matched: 'name',
  contact: {
    key,
    sourceId: 'kalliope',
    sourceLabel: extra.source ?? 'KalliopePBX',
    writable: true,
    id: key,
    name,
    ...(extra.company ? { company: extra.company } : {}),
    numbers: numbers.map((number, i) => ({ type: i === 0 ? 'work' : 'mobile', number })),
  },
});

describe('number or name', () => {
  it('treats digits with formatting, + * # as a number, and words as a name', () => {
    for (const n of ['201', '031 274 1100', '+39 031 274 1100', '(031) 274-1100', '*97', '#31#', '0039.031.2741100']) expect(isNumberInput(n)).toBe(true);
    for (const n of ['', '  ', 'ros', 'Raffaella Conti', '031 abc', '+', '++39 1']) expect(isNumberInput(n)).toBe(false);
  });

  it('keeps the number out of a pasted text', () => {
    expect(cleanPasted('  +39 031 274 1100 ')).toBe('+39 031 274 1100');
    expect(cleanPasted('Tel. +39 031 274 1100 (office)')).toBe('+39 031 274 1100');
    expect(cleanPasted('tel:+390312741100')).toBe('+390312741100');
    expect(cleanPasted('callto:0312741100')).toBe('0312741100');
    expect(cleanPasted('031\u00a0274\u00a01100')).toBe('031 274 1100');
    expect(cleanPasted('Mobile: 335 700 1234, office: 02 1234')).toBe('335 700 1234');
    // A name stays a name (it will search contacts).
    expect(cleanPasted(' Raffaella Conti ')).toBe('Raffaella Conti');
    expect(cleanPasted('Room 12')).toBe('Room 12');
  });
});

describe('contact options', () => {
  it('offers every number of every hit in order, once per name and number, capped', () => {
    const opts = dialOptions([
      hit('k/1', 'Raffaella Conti', ['+39 031 274 1100', '+39 335 700 1234'], { company: 'Banca Popolare del Lario' }),
      hit('p/7', 'Raffaella Conti', ['+390312741100'], { source: 'Reception phone' }),
      hit('k/2', 'Rossi', ['', '02 555']),
    ]);
    expect(opts.map((o) => [o.name, o.number, o.type])).toEqual([
      ['Raffaella Conti', '+39 031 274 1100', 'work'],
      ['Raffaella Conti', '+39 335 700 1234', 'mobile'],
      ['Rossi', '02 555', 'mobile'],
    ]);
    expect(opts[0]).toMatchObject({ company: 'Banca Popolare del Lario', source: 'KalliopePBX', id: 'k/1#0' });
    expect(new Set(opts.map((o) => o.id)).size).toBe(opts.length);
    expect(dialOptions([hit('a', 'A', ['1', '2', '3']), hit('b', 'B', ['4'])], 2)).toHaveLength(2);
  });

  it('moves the active option with wrapping arrows', () => {
    expect(moveActive(-1, 3, 'ArrowDown')).toBe(0);
    expect(moveActive(2, 3, 'ArrowDown')).toBe(0);
    expect(moveActive(-1, 3, 'ArrowUp')).toBe(2);
    expect(moveActive(0, 3, 'ArrowUp')).toBe(2);
    expect(moveActive(1, 3, 'Home')).toBe(0);
    expect(moveActive(1, 3, 'End')).toBe(2);
    expect(moveActive(0, 0, 'ArrowDown')).toBe(-1);
  });
});

describe('route words', () => {
  it('says which device placed the call and the number sent', () => {
    expect(routeWords({ route: { kind: 'phone', deviceId: 'p', deviceName: 'Reception' }, dialled: '0312741100' })).toEqual({
      key: 'dial.placed.phone',
      values: { number: '0312741100', device: 'Reception' },
    });
    expect(routeWords({ route: { kind: 'phone', deviceId: 'p', deviceName: 'Reception', account: 2 }, dialled: '201' }).key).toBe('dial.placed.phoneAccount');
    expect(routeWords({ route: { kind: 'pbx', deviceId: 'k', deviceName: 'Kalliope', extension: '200' }, dialled: '201' })).toEqual({
      key: 'dial.placed.pbxExtension',
      values: { number: '201', device: 'Kalliope', extension: '200' },
    });
    expect(routeWords({ route: { kind: 'pbx', deviceId: 'k', deviceName: 'Kalliope' }, dialled: '201' }).key).toBe('dial.placed.pbx');
  });
});
