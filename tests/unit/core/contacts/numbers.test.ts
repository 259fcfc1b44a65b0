import { describe, expect, it } from 'vitest';
import {
  canonicalNumber,
  checkNumberingRules,
  DEFAULT_NUMBERING,
  dialString,
  looksLikeNumber,
  type NumberingRules,
  partialNumber,
} from '../../../../main/core/contacts/numbers';

const IT: NumberingRules = DEFAULT_NUMBERING;
const DE: NumberingRules = { countryCode: '49', internationalPrefix: '00', trunkPrefix: '0' };
const UK: NumberingRules = { countryCode: '44', internationalPrefix: '00', trunkPrefix: '0' };

describe('canonicalNumber', () => {
  it.each([
    // Italy: numbers keep their 0 after +39
    ['+39 02-123 4567', '+39021234567'],
    ['0039 02 1234567', '+39021234567'],
    ['021234567', '+39021234567'],
    ['02/1234567', '+39021234567'],
    ['(02) 123.45.67', '+39021234567'],
    ['+39 333 1234567', '+393331234567'],
    ['333 123 4567', '+393331234567'],
    ['tel:+39-02-1234567', '+39021234567'],
    ['sip:+39021234567@pbx.example;user=phone', '+39021234567'],
    ['+39 02 1234567 ext. 12', '+39021234567'],
    ['\uff10\uff12\uff11\uff12\uff13\uff14\uff15\uff16\uff17', '+39021234567'], // full-width digits
    ['02\u00a01234567', '+39021234567'], // no-break space from a web page
    // foreign numbers stay foreign
    ['+49 30 1234567', '+49301234567'],
    ['0049 30 1234567', '+49301234567'],
    ['+44 (0)20 7946 0958', '+442079460958'],
    // internal extensions and service codes stay as they are
    ['201', '201'],
    [' 20 1 ', '201'],
    ['*97', '*97'],
    // garbage
    ['', ''],
    ['   ', ''],
    ['abc', ''],
    ['---', ''],
  ])('Italy: %j → %j', (raw, want) => {
    expect(canonicalNumber(raw, IT)).toBe(want);
  });

  it.each([
    ['030 1234567', '+49301234567'],
    ['+49 30 1234567', '+49301234567'],
    ['+49 (0)30 1234567', '+49301234567'],
    ['0049 30 1234567', '+49301234567'],
    ['+49 030 1234567', '+49301234567'], // our trunk written after our country code
    ['0171 1234567', '+491711234567'],
    ['+39 02 1234567', '+39021234567'], // Italy keeps its 0
    ['12', '12'],
  ])('Germany: %j → %j', (raw, want) => {
    expect(canonicalNumber(raw, DE)).toBe(want);
  });

  it.each([
    ['020 7946 0958', '+442079460958'],
    ['+44 (0)20 7946 0958', '+442079460958'],
    ['0044 20 7946 0958', '+442079460958'],
    ['07700 900123', '+447700900123'],
  ])('UK: %j → %j', (raw, want) => {
    expect(canonicalNumber(raw, UK)).toBe(want);
  });

  it('gives the same string for the three spellings of the issue', () => {
    const forms = ['+39 02-123 4567', '0039 02 1234567', '021234567'].map((n) => canonicalNumber(n, IT));
    expect(new Set(forms).size).toBe(1);
  });

  it('honours internalMaxDigits', () => {
    expect(canonicalNumber('12345', { ...IT, internalMaxDigits: 4 })).toBe('+3912345');
    expect(canonicalNumber('12345', IT)).toBe('12345');
  });

  it('is idempotent', () => {
    for (const raw of ['+39 02-123 4567', '030 1234567', '201', '*97', '+44 (0)20 7946 0958']) {
      const once = canonicalNumber(raw, DE);
      expect(canonicalNumber(once, DE)).toBe(once);
    }
  });
});

describe('dialString', () => {
  it.each([
    ['+39 02-123 4567', IT, '021234567'],
    ['0039 02 1234567', IT, '021234567'],
    ['02 1234567', IT, '021234567'],
    ['+39 333 1234567', IT, '3331234567'],
    ['+49 30 1234567', IT, '0049301234567'],
    ['+44 (0)20 7946 0958', IT, '00442079460958'],
    ['201', IT, '201'],
    ['*97', IT, '*97'],
    ['#31#021234567', IT, '#31#021234567'],
    ['021234567#', IT, '021234567#'],
    ['tel:+39021234567', IT, '021234567'],
    ['+49 30 1234567', DE, '0301234567'],
    ['+49 (0)30 1234567', DE, '0301234567'],
    ['+39 02 1234567', DE, '0039021234567'],
    ['+44 20 7946 0958', UK, '02079460958'],
  ])('%j with %j → %j', (raw, rules, want) => {
    expect(dialString(raw, rules)).toBe(want);
  });

  it('adds the outside-line prefix to external numbers only', () => {
    const rules = { ...IT, outsideLinePrefix: '0' };
    expect(dialString('02 1234567', rules)).toBe('0021234567');
    expect(dialString('+39 02 1234567', rules)).toBe('0021234567');
    expect(dialString('+49 30 1234567', rules)).toBe('00049301234567');
    expect(dialString('201', rules)).toBe('201');
    expect(dialString('*97', rules)).toBe('*97');
    expect(dialString('+49 30 1234567', { ...DE, outsideLinePrefix: '0' })).toBe('00301234567');
  });

  it.each([
    ['', /empty/],
    ['   ', /empty/],
    ['abc', /contains letters/],
    ['02 1234567 ext 12', /contains letters/],
    ['1-800-FLOWERS', /contains letters/],
    ['+', /no digits/],
    ['*#', /no digits/],
    ['02+1234567', /'\+' is allowed only at the start/],
    ['02_1234567', /unexpected character "_"/],
    ['+39', /after the country code is missing/],
    ['+1', /incomplete international number/],
    ['1234567890123456', /too long \(16 digits, at most 15\)/],
    ['+39 1234567890123456', /too long/],
    ['*'.repeat(20) + '1'.repeat(20), /too long/],
  ])('refuses %j', (raw, message) => {
    expect(() => dialString(raw, IT)).toThrow(RangeError);
    expect(() => dialString(raw, IT)).toThrow(message);
  });

  it('quotes the input in its message, shortened', () => {
    expect(() => dialString('x'.repeat(100), IT)).toThrow(/"x{40}…"/);
  });
});

describe('looksLikeNumber', () => {
  it.each(['+39 02 1234567', '021234567', '201', '(02) 123-4567', 'tel:+390212345', '*97', '0039 02 1234567', '02.123.45.67'])(
    '%j looks like a number',
    (raw) => expect(looksLikeNumber(raw)).toBe(true),
  );

  it.each(['', ' ', 'Mario', '2', '+', '02 1234567 ext 12', '2024-05-01', '1/2/2024', '12+34', 'Rossi 02', '1'.repeat(70)])(
    '%j does not',
    (raw) => expect(looksLikeNumber(raw)).toBe(false),
  );

  it('accepts nothing that dialString refuses, except what is too long (seeded random strings)', () => {
    let seed = 12345;
    const next = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const alphabet = '0123456789 +-./()*#ab_';
    let accepted = 0;
    for (let i = 0; i < 5000; i++) {
      const len = 1 + Math.floor(next() * 14);
      let s = '';
      for (let j = 0; j < len; j++) s += alphabet[Math.floor(next() * alphabet.length)];
      if (!looksLikeNumber(s)) continue;
      accepted++;
      try {
        dialString(s, IT);
      } catch (e) {
        expect(String(e)).toMatch(/too long|incomplete|after the country code/);
      }
    }
    expect(accepted).toBeGreaterThan(100);
  });
});

describe('partialNumber', () => {
  it('reads national, international and internal partial numbers', () => {
    expect(partialNumber('0212', IT)).toEqual({ exact: '0212', prefixes: ['0212', '+390212'], digits: '0212' });
    expect(partialNumber('+39 02', IT)).toEqual({ exact: '+3902', prefixes: ['+3902'], digits: '3902' });
    expect(partialNumber('0049 3', IT)).toEqual({ exact: '00493', prefixes: ['+493', '00493'], digits: '493' });
    expect(partialNumber('030', DE)?.prefixes).toEqual(['030', '+4930']);
    expect(partialNumber('30', DE)?.prefixes).toEqual(['30']);
  });

  it('is undefined for text', () => {
    for (const q of ['mario', '', '+', 'ross 02']) expect(partialNumber(q, IT)).toBeUndefined();
  });
});

describe('checkNumberingRules', () => {
  it('fills the defaults', () => {
    expect(checkNumberingRules({ countryCode: '49', internationalPrefix: '00', trunkPrefix: '0' })).toEqual({
      countryCode: '49',
      internationalPrefix: '00',
      trunkPrefix: '0',
      outsideLinePrefix: '',
      internalMaxDigits: 6,
    });
  });

  it.each([
    [null, /not an object|expected object/i],
    [{ ...IT, countryCode: 'x' }, /countryCode: country code/],
    [{ ...IT, countryCode: '039' }, /countryCode/],
    [{ ...IT, internationalPrefix: '' }, /internationalPrefix/],
    [{ ...IT, trunkPrefix: '000' }, /trunkPrefix/],
    [{ ...IT, outsideLinePrefix: 'a' }, /outsideLinePrefix/],
    [{ ...IT, internalMaxDigits: 0 }, /internalMaxDigits/],
    [{ ...IT, internalMaxDigits: 2.5 }, /internalMaxDigits/],
    [{ ...IT, surprise: true }, /Invalid numbering rules/],
  ])('refuses %j', (rules, message) => {
    expect(() => checkNumberingRules(rules)).toThrow(RangeError);
    expect(() => checkNumberingRules(rules)).toThrow(message);
  });
});
