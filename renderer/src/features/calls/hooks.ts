import { useEffect, useMemo, useState } from 'react';
import type { CallEntity, LineEntity } from '../../../../shared/office';
import { entitiesOf, useOffice } from '../../state/office';
import { useCallControl } from './controlStore';
import { effectiveLine, groupLines, type PhoneGroup } from './logic';

/** The current time, re-read every `ms` (timers, optimistic overrides that expire). */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), ms);
    return () => window.clearInterval(id);
  }, [ms]);
  return now;
}

export interface LiveLines {
  /** Phones with their lines as shown (optimistic overrides applied). */
  groups: PhoneGroup[];
  /** The line entities as the hub reports them, by `deviceId/line`. */
  real: Map<string, LineEntity>;
  calls: CallEntity[];
}

/** Every phone's lines as the UI shows them, plus the live call entities. */
export function useLiveLines(now: number): LiveLines {
  const entities = useOffice((s) => s.entities);
  const pending = useCallControl((s) => s.pending);
  return useMemo(() => {
    const real = new Map<string, LineEntity>();
    const groups = groupLines(entities).map((g) => ({
      ...g,
      lines: g.lines.map((l) => {
        const id = `${l.deviceId}/${l.line}`;
        real.set(id, l);
        return effectiveLine(l, pending[id], now);
      }),
    }));
    return { groups, real, calls: entitiesOf(entities, 'call') };
  }, [entities, pending, now]);
}
