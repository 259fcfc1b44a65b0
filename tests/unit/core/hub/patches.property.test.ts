/**
 * Property: a snapshot plus every patch emitted after it equals the next snapshot, whatever the
 * devices do (lines ringing/answered/held/ended, lines appearing and vanishing, presence and
 * voicemail changes, devices going offline and back).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LineState } from '../../../../shared/domain';
import type { OfficePatch } from '../../../../shared/office';
import { apply, type SyncState } from '../../../../renderer/src/state/sync';
import { FakeDevice, idleLines } from './fake-driver';
import { startHub } from './hub-rig';

const STATES: LineState[] = ['idle', 'ringing', 'calling', 'connected', 'held', 'failed'];

type Change =
  | { t: 'line'; phone: number; line: number; state: LineState; number: string }
  | { t: 'lineCount'; phone: number; n: number }
  | { t: 'presence'; ext: number; state: 'online' | 'offline' | 'unknown' }
  | { t: 'voicemail'; n: number }
  | { t: 'offline'; phone: number; down: boolean }
  | { t: 'wait'; ms: number }
  | { t: 'snapshot' };

const change: fc.Arbitrary<Change> = fc.oneof(
  fc.record({ t: fc.constant('line' as const), phone: fc.nat(2), line: fc.integer({ min: 1, max: 3 }), state: fc.constantFrom(...STATES), number: fc.constantFrom('', '021234567', '3339998888', '201') }),
  fc.record({ t: fc.constant('lineCount' as const), phone: fc.nat(2), n: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ t: fc.constant('presence' as const), ext: fc.nat(3), state: fc.constantFrom('online' as const, 'offline' as const, 'unknown' as const) }),
  fc.record({ t: fc.constant('voicemail' as const), n: fc.nat(5) }),
  fc.record({ t: fc.constant('offline' as const), phone: fc.nat(2), down: fc.boolean() }),
  fc.record({ t: fc.constant('wait' as const), ms: fc.integer({ min: 10, max: 3000 }) }),
  fc.record({ t: fc.constant('snapshot' as const) }),
);

describe('office patches (property)', () => {
  it('snapshot + later patches = next snapshot, under random device changes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(change, { minLength: 1, maxLength: 40 }), async (changes) => {
        const phones = [0, 1, 2].map(() => {
          const d = new FakeDevice('grandstream-phone', ['lines']);
          d.setLines(idleLines(2));
          return d;
        });
        const pbx = new FakeDevice('kalliope', ['presence', 'voicemail']);
        pbx.presence = ['200', '201', '202', '203'].map((extension) => ({ extension, name: `Ext ${extension}`, state: 'online' as const }));
        pbx.voicemail = [{ mailbox: '200', new: 0, old: 0, urgent: 0, enabled: true }];
        const rig = await startHub({ p0: phones[0] as FakeDevice, p1: phones[1] as FakeDevice, p2: phones[2] as FakeDevice, pbx }, [{ id: 'p0', extension: '200' }, { id: 'p1', extension: '201' }, { id: 'p2', extension: '299' }, { id: 'pbx', extension: '200' }], 50);
        try {
          await rig.clock.advance(100);
          let base: SyncState = { ...rig.hub.store.snapshot(), ready: true };
          let patches: OfficePatch[] = [];
          rig.hub.events.on('office.patch', (p) => patches.push(p));
          const check = () => {
            const next = rig.hub.store.snapshot();
            let replay = base;
            for (const p of patches) replay = apply(replay, p);
            expect(replay.revision).toBe(next.revision);
            expect(replay.entities).toEqual(next.entities);
            base = { ...next, ready: true };
            patches = [];
          };
          for (const c of changes) {
            if (c.t === 'line') {
              const d = phones[c.phone] as FakeDevice;
              if (d.lines.some((l) => l.line === c.line)) d.setLines(d.lines.map((l) => (l.line === c.line ? { ...l, state: c.state, remoteNumber: c.state === 'idle' ? '' : c.number } : l)));
            } else if (c.t === 'lineCount') (phones[c.phone] as FakeDevice).setLines(idleLines(c.n));
            else if (c.t === 'presence') pbx.presence = pbx.presence.map((p, i) => (i === c.ext ? { ...p, state: c.state } : p));
            else if (c.t === 'voicemail') pbx.voicemail = [{ mailbox: '200', new: c.n, old: 0, urgent: 0, enabled: true }];
            else if (c.t === 'offline') (phones[c.phone] as FakeDevice).failure = c.down ? 'offline' : null;
            else if (c.t === 'wait') await rig.clock.advance(c.ms);
            else check();
          }
          await rig.clock.advance(70_000);
          check();
        } finally {
          await rig.hub.close();
        }
      }),
      { numRuns: 60 },
    );
  });
});
