/**
 * Pure rules of the Presence board: extensions grouped by source, the filter, the counts per state.
 * Unit-tested in tests/unit/renderer/presence-logic.test.ts.
 */
import type { PresenceState } from '../../../../shared/domain';
import type { Entity, ExtensionEntity } from '../../../../shared/office';

export const PRESENCE_STATES: readonly PresenceState[] = ['available', 'online', 'busy', 'ringing', 'offline', 'unknown'];

/** Lower case without accents, so "zoe" finds "Zoë" and "barberi" finds "Bàrberi". */
export function fold(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

export interface PresenceGroup {
  sourceId: string;
  sourceName: string;
  extensions: ExtensionEntity[];
}

const byExtension = (a: ExtensionEntity, b: ExtensionEntity): number =>
  a.extension.localeCompare(b.extension, undefined, { numeric: true }) || a.name.localeCompare(b.name);

/**
 * The extensions that match `query` (name or extension, every word must match) and one of
 * `states` (all when empty), grouped by source in device order; empty groups are dropped.
 */
export function presenceGroups(entities: Record<string, Entity>, query: string, states: ReadonlySet<PresenceState> = new Set()): PresenceGroup[] {
  const words = fold(query).split(/\s+/).filter(Boolean);
  const names = new Map<string, string>();
  const order: string[] = [];
  for (const e of Object.values(entities)) {
    if (e.type === 'device') {
      names.set(e.id, e.name);
      order.push(e.id);
    }
  }
  const groups = new Map<string, PresenceGroup>();
  for (const e of Object.values(entities)) {
    if (e.type !== 'ext') continue;
    if (states.size > 0 && !states.has(e.state)) continue;
    if (words.length > 0) {
      const hay = `${fold(e.name)} ${e.extension}`;
      if (!words.every((w) => hay.includes(w))) continue;
    }
    let g = groups.get(e.sourceId);
    if (!g) groups.set(e.sourceId, (g = { sourceId: e.sourceId, sourceName: names.get(e.sourceId) ?? e.sourceId, extensions: [] }));
    g.extensions.push(e);
  }
  const rank = (id: string): number => {
    const i = order.indexOf(id);
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  const out = [...groups.values()].sort((a, b) => rank(a.sourceId) - rank(b.sourceId) || a.sourceId.localeCompare(b.sourceId));
  for (const g of out) g.extensions.sort(byExtension);
  return out;
}

/** How many extensions are in each state (over every source, before filtering). */
export function presenceCounts(entities: Record<string, Entity>): Record<PresenceState, number> {
  const counts: Record<PresenceState, number> = { available: 0, online: 0, busy: 0, ringing: 0, offline: 0, unknown: 0 };
  for (const e of Object.values(entities)) if (e.type === 'ext') counts[e.state] += 1;
  return counts;
}

export interface TileBox {
  top: number;
  left: number;
  width: number;
}

/**
 * Where an arrow key moves the focus on the board, from the tiles' boxes in reading order: left and
 * right step through the list, up and down go to the nearest tile in the row above or below (across
 * groups too); Home and End go to the ends. Null for other keys or when there is nowhere to go.
 */
export function boardMove(key: string, index: number, boxes: readonly TileBox[]): number | null {
  const count = boxes.length;
  const here = boxes[index];
  if (count === 0 || !here) return null;
  switch (key) {
    case 'ArrowRight':
      return index + 1 < count ? index + 1 : null;
    case 'ArrowLeft':
      return index > 0 ? index - 1 : null;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    case 'ArrowDown':
    case 'ArrowUp': {
      const down = key === 'ArrowDown';
      const rows = boxes.map((b) => b.top).filter((t) => (down ? t > here.top + 1 : t < here.top - 1));
      if (rows.length === 0) return null;
      const row = down ? Math.min(...rows) : Math.max(...rows);
      const centre = here.left + here.width / 2;
      let best = -1;
      let bestDist = Infinity;
      boxes.forEach((b, i) => {
        if (Math.abs(b.top - row) > 1) return;
        const d = Math.abs(b.left + b.width / 2 - centre);
        if (d < bestDist) {
          best = i;
          bestDist = d;
        }
      });
      return best < 0 ? null : best;
    }
    default:
      return null;
  }
}
