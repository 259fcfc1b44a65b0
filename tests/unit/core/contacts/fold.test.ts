import { describe, expect, it } from 'vitest';
import { foldText, queryWords, textTokens } from '../../../../main/core/contacts/fold';

describe('foldText', () => {
  it.each([
    ['José', 'jose'],
    ['Müller', 'muller'],
    ['MÜLLER', 'muller'],
    ['Mu\u0308ller', 'muller'], // decomposed input (macOS file names, some phonebooks)
    ['Straße', 'strasse'],
    ['GROẞ', 'gross'],
    ['Sørensen', 'sorensen'],
    ['Øster', 'oster'],
    ['Łukasz', 'lukasz'],
    ['Æsir', 'aesir'],
    ['Ærø', 'aero'],
    ['Œuvre', 'oeuvre'],
    ['Đorđe', 'dorde'],
    ['Þór', 'thor'],
    ['İstanbul', 'istanbul'],
    ['Niccolò', 'niccolo'],
    ['François', 'francois'],
    ['Zoë', 'zoe'],
    ['Siobhán Ó Súilleabháin', 'siobhan o suilleabhain'],
    ['\ufb01sh', 'fish'], // ligature
    ['\uff21\uff22\uff23', 'abc'], // full-width letters
    ['ABC def', 'abc def'],
    ['', ''],
  ])('%j → %j', (raw, want) => {
    expect(foldText(raw)).toBe(want);
  });
});

describe('textTokens', () => {
  it('splits on punctuation and keeps apostrophe names findable three ways', () => {
    expect([...textTokens("Anna D'Angelo")].sort()).toEqual(['angelo', 'anna', 'd', 'dangelo']);
    expect([...textTokens('Seán O’Brien')].sort()).toEqual(['brien', 'o', 'obrien', 'sean']);
    expect([...textTokens('Rossi, Mario (Ferrero S.p.A.)')].sort()).toEqual(['a', 'ferrero', 'mario', 'p', 'rossi', 's']);
  });

  it('adds the ae/oe/ue spelling of German umlauts', () => {
    expect([...textTokens('Müller-Lüdenscheidt')].sort()).toEqual(['ludenscheidt', 'luedenscheidt', 'mueller', 'muller']);
    expect([...textTokens('Mu\u0308ller')].sort()).toEqual(['mueller', 'muller']);
    expect([...textTokens('Jörg Schäfer')].sort()).toEqual(['joerg', 'jorg', 'schaefer', 'schafer']);
  });

  it('gives nothing for empty or punctuation-only text', () => {
    expect(textTokens('').size).toBe(0);
    expect(textTokens(' - , ').size).toBe(0);
  });
});

describe('queryWords', () => {
  it('folds, splits and joins apostrophes', () => {
    expect(queryWords("d'ang")).toEqual(['dang']);
    expect(queryWords('  Mario   ROSS ')).toEqual(['mario', 'ross']);
    expect(queryWords('mario mario')).toEqual(['mario']);
    expect(queryWords('José-Müller')).toEqual(['jose', 'muller']);
    expect(queryWords('!!!')).toEqual([]);
  });
});
