/** The hub's command answers (no broker): protocol versions, allowed methods, limits; the desk's patch sequencer. */
import { describe, expect, it } from 'vitest';
import { HubCommands } from '../../main/hub/commands';
import { PatchSequencer } from '../../main/hub/sequencer';
import type { IpcResult } from '../../shared/ipc/contract';
import type { Entity, OfficePatch, OfficeSnapshot } from '../../shared/office';

type Reply = { v: number; result: IpcResult<unknown> };
const parse = (s: string) => JSON.parse(s) as Reply;

function fakeRouter(snapshotSize = 10) {
  const calls: { method: string; input: unknown }[] = [];
  let revision = 1;
  return {
    calls,
    bump: () => (revision += 1),
    dispatch: (method: string, input: unknown): Promise<IpcResult<unknown>> => {
      calls.push({ method, input });
      if (method === 'office.state') return Promise.resolve({ ok: true, value: { revision, entities: { big: 'x'.repeat(snapshotSize) } } });
      if (method === 'cameras.snapshot') return Promise.resolve({ ok: true, value: { dataUrl: 'y'.repeat(5000) } });
      return Promise.resolve({ ok: true, value: { ok: true } });
    },
  };
}

describe('HubCommands', () => {
  it('runs an allowed method through the router and answers its IpcResult', async () => {
    const router = fakeRouter();
    const c = new HubCommands(router);
    const r = parse(await c.handle('desk1', JSON.stringify({ v: 1, method: 'calls.control', input: { deviceId: 'p', line: 1, action: 'accept' } })));
    expect(r).toEqual({ v: 1, result: { ok: true, value: { ok: true } } });
    expect(router.calls).toEqual([{ method: 'calls.control', input: { deviceId: 'p', line: 1, action: 'accept' } }]);
  });

  it('refuses an older desk politely, and a newer one too, without running anything', async () => {
    const router = fakeRouter();
    const c = new HubCommands(router);
    const old = parse(await c.handle('desk1', JSON.stringify({ v: 0, method: 'devices.list' })));
    expect(old.result).toMatchObject({ ok: false, error: { code: 'unsupported', kind: 'protocol' } });
    expect(!old.result.ok && old.result.error.message).toMatch(/desk "desk1" speaks protocol 0\. Please update Frontdesk on this desk/);
    const newer = parse(await c.handle('desk1', JSON.stringify({ v: 99, method: 'devices.list' })));
    expect(!newer.result.ok && newer.result.error.message).toMatch(/update the office hub/);
    expect(router.calls).toEqual([]);
  });

  it('refuses device management, unknown methods and payloads that are not requests', async () => {
    const router = fakeRouter();
    const c = new HubCommands(router);
    const add = parse(await c.handle('d', JSON.stringify({ v: 1, method: 'devices.add', input: { secrets: { password: 'p' } } })));
    expect(add.result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(parse(await c.handle('d', JSON.stringify({ v: 1, method: 'nope' }))).result).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    expect(parse(await c.handle('d', 'not json')).result).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringMatching(/not JSON/) } });
    expect(parse(await c.handle('d', JSON.stringify({ method: 'calls.dial' }))).result).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(parse(await c.handle('d', JSON.stringify([1, 2]))).result.ok).toBe(false);
    expect(router.calls).toEqual([]);
  });

  it('rate-limits snapshots per desk, serialises one per revision, and caps their size', async () => {
    let now = 1000;
    const router = fakeRouter();
    const c = new HubCommands(router, { snapshotMaxBytes: 1000, snapshotMinIntervalMs: 500, replyMaxBytes: 2000 }, () => now);
    const ask = (desk: string) => c.handle(desk, JSON.stringify({ v: 1, method: 'office.state' }));
    const a = await ask('d1');
    expect(parse(a).result.ok).toBe(true);
    expect(await ask('d2')).toBe(a);
    const again = parse(await ask('d1'));
    expect(again.result).toMatchObject({ ok: false, error: { code: 'conflict', kind: 'rate-limited', message: expect.stringMatching(/wait 500 ms/) } });
    now += 500;
    router.bump();
    expect((parse(await ask('d1')).result as { value: { revision: number } }).value.revision).toBe(2);
    const big = new HubCommands(fakeRouter(5000), { snapshotMaxBytes: 1000, snapshotMinIntervalMs: 0, replyMaxBytes: 2000 });
    expect(parse(await big.handle('d', JSON.stringify({ v: 1, method: 'office.state' }))).result).toMatchObject({ ok: false, error: { kind: 'too-large' } });
    expect(parse(await big.handle('d', JSON.stringify({ v: 1, method: 'cameras.snapshot', input: { deviceId: 'c' } }))).result).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });
});

describe('PatchSequencer', () => {
  const e = (n: number): Entity => ({ type: 'device', id: `d${n}`, name: `D${n}`, kind: 'grandstream-phone', health: 'online' });
  const patch = (revision: number, set: Record<string, Entity> = {}, unset: string[] = []): OfficePatch => ({ revision, set, unset });

  function rig(snapshots: OfficeSnapshot[]) {
    const store = new Map<string, Entity>();
    let fetches = 0;
    const seq = new PatchSequencer({
      fetch: () => {
        fetches += 1;
        const s = snapshots.shift();
        return s ? Promise.resolve(s) : Promise.reject(new Error('no snapshot'));
      },
      apply: (set, unset) => {
        for (const k of unset) store.delete(k);
        for (const [k, v] of Object.entries(set)) store.set(k, v);
      },
      replace: (s) => {
        store.clear();
        for (const [k, v] of Object.entries(s.entities)) store.set(k, v);
      },
      metaGraceMs: 10,
    });
    return { seq, store, fetches: () => fetches };
  }

  it('buffers patches until the snapshot, then applies the newer ones on top', async () => {
    const r = rig([{ revision: 5, entities: { a: e(1) } }]);
    r.seq.newRun('run1');
    const sync = r.seq.resync();
    r.seq.onPatch('run1', patch(5, { old: e(9) }));
    r.seq.onPatch('run1', patch(6, { b: e(2) }));
    await sync;
    expect([...r.store.keys()].sort()).toEqual(['a', 'b']);
    expect(r.seq.revision).toBe(6);
    r.seq.onPatch('run1', patch(7, {}, ['a']));
    expect([...r.store.keys()]).toEqual(['b']);
  });

  it('a gap means one resync; a new hub run means starting over from its snapshot', async () => {
    const r = rig([{ revision: 1, entities: { a: e(1) } }, { revision: 9, entities: { z: e(3) } }, { revision: 2, entities: { n: e(4) } }]);
    r.seq.newRun('run1');
    await r.seq.resync();
    r.seq.onPatch('run1', patch(4, { x: e(2) }));
    r.seq.onPatch('run1', patch(5, { y: e(2) }));
    await r.seq.settled();
    expect(r.fetches()).toBe(2);
    expect([...r.store.keys()]).toEqual(['z']);
    r.seq.onPatch('run2', patch(1, { q: e(5) }));
    await r.seq.settled();
    expect(r.seq.run).toBe('run2');
    expect(r.seq.revision).toBe(2);
    expect([...r.store.keys()]).toEqual(['n']);
  });

  it('a meta ahead of the applied revision for longer than a moment means a lost patch', async () => {
    const r = rig([{ revision: 3, entities: {} }, { revision: 4, entities: { w: e(1) } }]);
    r.seq.newRun('run1');
    await r.seq.resync();
    r.seq.onMeta('run1', 3);
    r.seq.onMeta('run1', 4);
    await new Promise((res) => setTimeout(res, 40));
    await r.seq.settled();
    expect(r.fetches()).toBe(2);
    expect(r.seq.revision).toBe(4);
    r.seq.close();
  });

  it('a failed fetch is reported and leaves the mirror as it was', async () => {
    const errors: string[] = [];
    const seq = new PatchSequencer({ fetch: () => Promise.reject(new Error('hub gone')), apply: () => undefined, replace: () => undefined, onError: (m) => errors.push(m) });
    seq.newRun('r');
    await seq.resync();
    expect(errors).toEqual(['hub gone']);
    expect(seq.ready).toBe(false);
  });
});
