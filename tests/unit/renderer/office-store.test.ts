import { describe, expect, it } from 'vitest';
import type { DeviceEntity, OfficePatch, OfficeSnapshot } from '../../../shared/office';
import { entitiesOf, summarize } from '../../../renderer/src/state/office';
import { OfficeSync, type SyncState } from '../../../renderer/src/state/sync';

const dev = (id: string, health: DeviceEntity['health']): DeviceEntity => ({ type: 'device', id, name: id, kind: 'grandstream-phone', health });
const patch = (revision: number, set: DeviceEntity[], unset: string[] = []): OfficePatch => ({
  revision,
  set: Object.fromEntries(set.map((d) => [`device/${d.id}`, d])),
  unset,
});
const snap = (revision: number, devices: DeviceEntity[]): OfficeSnapshot => ({ revision, entities: Object.fromEntries(devices.map((d) => [`device/${d.id}`, d])) });

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

function rig(snapshots: (() => Promise<OfficeSnapshot>)[]) {
  const states: SyncState[] = [];
  let i = 0;
  const sync = new OfficeSync({
    fetchSnapshot: () => (snapshots[Math.min(i++, snapshots.length - 1)] as () => Promise<OfficeSnapshot>)(),
    onChange: (s) => states.push(s),
  });
  const ids = () => Object.keys(sync.current.entities).sort();
  return { sync, states, ids };
}

describe('renderer office sync', () => {
  it('buffers patches that arrive before the first snapshot instead of losing devices', async () => {
    const first = deferred<OfficeSnapshot>();
    const { sync, ids } = rig([() => first.promise]);
    const started = sync.start();
    // The hub already moved on: revision 4 (device c) arrives before the snapshot at revision 3.
    sync.onPatch(patch(4, [dev('c', 'online')]));
    first.resolve(snap(3, [dev('a', 'online'), dev('b', 'online')]));
    await started;
    expect(ids()).toEqual(['device/a', 'device/b', 'device/c']);
    expect(sync.current.revision).toBe(4);
    expect(sync.resyncs).toBe(1);
  });

  it('drops buffered patches already covered by the snapshot', async () => {
    const first = deferred<OfficeSnapshot>();
    const { sync } = rig([() => first.promise]);
    const started = sync.start();
    sync.onPatch(patch(2, [dev('a', 'offline')]));
    first.resolve(snap(3, [dev('a', 'online')]));
    await started;
    expect((sync.current.entities['device/a'] as DeviceEntity).health).toBe('online');
  });

  it('applies patches in order, ignores replays, removes unset keys', async () => {
    const { sync, ids } = rig([() => Promise.resolve(snap(1, [dev('a', 'online'), dev('b', 'online')]))]);
    await sync.start();
    sync.onPatch(patch(2, [dev('a', 'offline')], ['device/b']));
    sync.onPatch(patch(2, [dev('a', 'online')]));
    expect(ids()).toEqual(['device/a']);
    expect((sync.current.entities['device/a'] as DeviceEntity).health).toBe('offline');
  });

  it('a gap causes exactly one resync even when more patches keep arriving', async () => {
    const second = deferred<OfficeSnapshot>();
    const { sync, ids } = rig([() => Promise.resolve(snap(1, [dev('a', 'online')])), () => second.promise]);
    await sync.start();
    sync.onPatch(patch(3, [dev('b', 'online')])); // revision 2 was missed
    sync.onPatch(patch(4, [dev('c', 'online')]));
    sync.onPatch(patch(5, [dev('d', 'online')]));
    expect(sync.resyncs).toBe(2);
    second.resolve(snap(4, [dev('a', 'online'), dev('b', 'online'), dev('c', 'online')]));
    await new Promise((r) => setTimeout(r, 0));
    expect(sync.resyncs).toBe(2);
    expect(ids()).toEqual(['device/a', 'device/b', 'device/c', 'device/d']);
    expect(sync.current.revision).toBe(5);
  });

  it('resyncs on reconnect, and a stale snapshot never rolls the view back', async () => {
    const { sync } = rig([() => Promise.resolve(snap(5, [dev('a', 'online')])), () => Promise.resolve(snap(3, [dev('a', 'offline')]))]);
    await sync.start();
    await sync.resync();
    expect(sync.current.revision).toBe(5);
    expect((sync.current.entities['device/a'] as DeviceEntity).health).toBe('online');
  });

  it('reports a failed snapshot and recovers on the next resync', async () => {
    const errors: string[] = [];
    let fail = true;
    const sync = new OfficeSync({
      fetchSnapshot: () => (fail ? Promise.reject(new Error('Frontdesk is not reachable')) : Promise.resolve(snap(2, [dev('a', 'online')]))),
      onChange: () => undefined,
      onError: (m) => errors.push(m),
    });
    await sync.start();
    expect(errors).toEqual(['Frontdesk is not reachable']);
    expect(sync.current.ready).toBe(false);
    fail = false;
    await sync.resync();
    expect(sync.current).toMatchObject({ ready: true, revision: 2 });
  });
});

describe('status summary', () => {
  it('names the devices that need attention and ignores disabled ones', () => {
    const s = summarize([dev('PBX', 'online'), dev('Cam', 'offline'), dev('Old', 'disabled')]);
    expect(s).toMatchObject({ online: 1, total: 2, summary: '1 of 2 devices need attention: Cam' });
    expect(summarize([dev('a', 'online')]).summary).toBe('All 1 devices online');
    expect(summarize([]).summary).toBe('No devices configured');
    expect(summarize([dev('a', 'unknown')]).summary).toBe('Connecting to 1 of 1 devices…');
  });

  it('entitiesOf filters by type in key order', () => {
    const e = { 'device/b': dev('b', 'online'), 'device/a': dev('a', 'online'), 'camera/x': { type: 'camera' as const, deviceId: 'x', motion: false, alarmInputs: [] } };
    expect(entitiesOf(e, 'device').map((d) => d.id)).toEqual(['a', 'b']);
  });
});
