import { describe, expect, it } from 'vitest';
import { collectContacts, type Page } from '../../../renderer/src/features/contacts/collect';

const source = (id: string, n: number) => Array.from({ length: n }, (_, i) => `${id}-${i}`);

function lister(data: Record<string, string[]>, shrinkAfter?: { id: string; by: number }) {
  const calls: [string, number, number][] = [];
  const list = (id: string, offset: number, limit: number): Promise<Page<string>> => {
    calls.push([id, offset, limit]);
    const all = data[id] ?? [];
    const total = all.length;
    // A source that lost contacts while it was read: later pages come back short.
    const visible = shrinkAfter && shrinkAfter.id === id && calls.length > 1 ? all.slice(0, total - shrinkAfter.by) : all;
    return Promise.resolve({ total, contacts: visible.slice(offset, offset + limit) });
  };
  return { list, calls };
}

describe('export: collecting contacts page by page', () => {
  it('reads every page of every source, with progress', async () => {
    const { list, calls } = lister({ a: source('a', 1200), b: source('b', 3) });
    const progress: number[] = [];
    const r = await collectContacts({ list, sourceIds: ['a', 'b'], limit: 500, onProgress: (n) => progress.push(n) });
    expect(r.contacts).toHaveLength(1203);
    expect(r.incomplete).toBe(false);
    expect(calls.map((c) => c.slice(0, 2))).toEqual([['a', 0], ['a', 500], ['a', 1000], ['b', 0]]);
    expect(progress).toEqual([500, 1000, 1200, 1203]);
  });

  it('says the export is incomplete when a source changed while it was read', async () => {
    const { list } = lister({ a: source('a', 1000) }, { id: 'a', by: 200 });
    const r = await collectContacts({ list, sourceIds: ['a'], limit: 500 });
    expect(r.incomplete).toBe(true);
    expect(r.contacts.length).toBe(800);
  });

  it('an empty source ends at once; a stopped export throws AbortError', async () => {
    const { list, calls } = lister({ a: [] });
    expect((await collectContacts({ list, sourceIds: ['a'] })).contacts).toEqual([]);
    expect(calls).toHaveLength(1);
    const ac = new AbortController();
    ac.abort();
    await expect(collectContacts({ list, sourceIds: ['a'], signal: ac.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });
});
