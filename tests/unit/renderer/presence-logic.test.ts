import { describe, expect, it } from 'vitest';
import type { Entity, ExtensionEntity } from '../../../shared/office';
import { boardMove, fold, presenceCounts, presenceGroups } from '../../../renderer/src/features/presence/logic';

const ext = (sourceId: string, extension: string, name: string, state: ExtensionEntity['state']): ExtensionEntity => ({ type: 'ext', sourceId, extension, name, state });
const entities: Record<string, Entity> = {
  'device/kalliope': { type: 'device', id: 'kalliope', name: 'KalliopePBX — Milano', kind: 'kalliope', health: 'online' },
  'device/nethvoice': { type: 'device', id: 'nethvoice', name: 'NethVoice — Bolzano', kind: 'nethvoice', health: 'online' },
  'ext/nethvoice/306': ext('nethvoice', '306', 'Zoë Müller', 'offline'),
  'ext/kalliope/210': ext('kalliope', '210', 'Sala riunioni Duomo', 'offline'),
  'ext/kalliope/202': ext('kalliope', '202', 'Zoë Müller', 'available'),
  'ext/kalliope/1000': ext('kalliope', '1000', 'Magazzino', 'busy'),
  'ext/phone-x/55': ext('phone-x', '55', 'Desk', 'ringing'),
};

describe('presence board', () => {
  it('folds accents and case', () => {
    expect(fold('Zoë MÜLLER Bàrberi')).toBe('zoe muller barberi');
  });

  it('groups by source in device order (unknown sources last), extensions in numeric order', () => {
    const g = presenceGroups(entities, '');
    expect(g.map((x) => [x.sourceId, x.sourceName, x.extensions.map((e) => e.extension)])).toEqual([
      ['kalliope', 'KalliopePBX — Milano', ['202', '210', '1000']],
      ['nethvoice', 'NethVoice — Bolzano', ['306']],
      ['phone-x', 'phone-x', ['55']],
    ]);
  });

  it('filters by every word over name and extension, ignoring accents', () => {
    expect(presenceGroups(entities, 'zoe').flatMap((g) => g.extensions.map((e) => e.extension))).toEqual(['202', '306']);
    expect(presenceGroups(entities, 'MÜLLER 30').flatMap((g) => g.extensions.map((e) => e.extension))).toEqual(['306']);
    expect(presenceGroups(entities, '210').flatMap((g) => g.extensions.map((e) => e.name))).toEqual(['Sala riunioni Duomo']);
    expect(presenceGroups(entities, 'nobody')).toEqual([]);
  });

  it('filters by state and counts every state', () => {
    expect(presenceGroups(entities, '', new Set(['offline'])).flatMap((g) => g.extensions.map((e) => e.extension))).toEqual(['210', '306']);
    expect(presenceCounts(entities)).toEqual({ available: 1, online: 0, busy: 1, ringing: 1, offline: 2, unknown: 0 });
  });

  it('moves the focus with the arrows: left/right through the list, up/down to the nearest tile of the next row', () => {
    // Two rows of three, then a group below with one tile.
    const boxes = [
      { top: 0, left: 0, width: 100 },
      { top: 0, left: 110, width: 100 },
      { top: 0, left: 220, width: 100 },
      { top: 60, left: 0, width: 100 },
      { top: 60, left: 110, width: 100 },
      { top: 200, left: 0, width: 100 },
    ];
    expect(boardMove('ArrowRight', 2, boxes)).toBe(3);
    expect(boardMove('ArrowRight', 5, boxes)).toBeNull();
    expect(boardMove('ArrowLeft', 0, boxes)).toBeNull();
    expect(boardMove('ArrowDown', 1, boxes)).toBe(4);
    expect(boardMove('ArrowDown', 2, boxes)).toBe(4);
    expect(boardMove('ArrowDown', 4, boxes)).toBe(5);
    expect(boardMove('ArrowUp', 5, boxes)).toBe(3);
    expect(boardMove('ArrowUp', 0, boxes)).toBeNull();
    expect(boardMove('Home', 4, boxes)).toBe(0);
    expect(boardMove('End', 0, boxes)).toBe(5);
    expect(boardMove('a', 0, boxes)).toBeNull();
    expect(boardMove('ArrowDown', 0, [])).toBeNull();
  });
});
