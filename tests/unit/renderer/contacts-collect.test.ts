import { describe, expect, it } from 'vitest';
import { collectContacts } from '../../../renderer/src/features/contacts/collect';
import { validateDraft } from '../../../renderer/src/features/contacts/formats/model';

interface Doc {
  key: string;
  sourceId: string;
  name: string;
}

/** A toy index: prefix match on name words, results in name order, cut at the limit. */
function index(docs: Doc[]) {
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    search: async (q: string, limit: number): Promise<Doc[]> => {
      calls++;
      return docs.filter((d) => d.name.toLowerCase().split(' ').some((w) => w.startsWith(q))).slice(0, limit);
    },
  };
}

describe('collectContacts', () => {
  it('finds every contact of a source, digging deeper where an answer is full', async () => {
    const docs: Doc[] = [];
    for (let i = 0; i < 60; i++) docs.push({ key: `a/${i}`, sourceId: 'a', name: `Ma${String.fromCharCode(97 + (i % 26))}${i} X` });
    for (let i = 0; i < 5; i++) docs.push({ key: `b/${i}`, sourceId: 'b', name: `Zed ${i}` });
    const ix = index(docs);
    const progress: number[] = [];
    const r = await collectContacts({ search: ix.search, sourceId: 'a', expected: 60, limit: 10, onProgress: (f) => progress.push(f) });
    expect(r.incomplete).toBe(false);
    expect(r.contacts.map((c) => c.key).sort()).toEqual(docs.filter((d) => d.sourceId === 'a').map((d) => d.key).sort());
    expect(progress.at(-1)).toBe(60);
  });

  it('says when it could not find them all', async () => {
    const ix = index([{ key: 'a/1', sourceId: 'a', name: 'Анна' }, { key: 'a/2', sourceId: 'a', name: 'Bob' }]);
    const r = await collectContacts({ search: ix.search, sourceId: 'a', expected: 2 });
    expect(r.incomplete).toBe(true);
    expect(r.contacts.map((c) => c.key)).toEqual(['a/2']);
  });

  it('stops when cancelled', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(collectContacts({ search: index([]).search, expected: 1, signal: ac.signal })).rejects.toThrow(/cancelled/);
  });
});

describe('validateDraft', () => {
  const base = { firstName: '', lastName: '', name: '', company: '', email: '', numbers: [{ type: 'work' as const, number: '' }] };
  it('names each field that is wrong', () => {
    const r = validateDraft({ ...base, email: 'not-mail', numbers: [{ type: 'work', number: 'abc' }, { type: 'home', number: '1'.repeat(41) }] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => [p.field, p.code])).toEqual([
      ['name', 'noName'],
      ['email', 'badEmail'],
      ['numbers.0', 'badNumber'],
      ['numbers.1', 'tooLong'],
    ]);
    const none = validateDraft({ ...base, firstName: 'Ann' });
    expect(none.ok ? [] : none.problems.map((p) => [p.field, p.code])).toEqual([['numbers', 'noNumber']]);
  });
  it('builds the input main expects, trimmed, without empty fields or rows', () => {
    const r = validateDraft({ ...base, id: '7', firstName: ' Ann ', lastName: 'Lee', numbers: [{ type: 'mobile', number: ' tel:+39\u00a0333 ' }, { type: 'work', number: '' }] });
    expect(r).toEqual({ ok: true, input: { id: '7', firstName: 'Ann', lastName: 'Lee', numbers: [{ type: 'mobile', number: '+39 333' }] } });
    expect(validateDraft({ ...base, name: 'Reception', numbers: [{ type: 'work', number: '200' }] })).toEqual({ ok: true, input: { name: 'Reception', numbers: [{ type: 'work', number: '200' }] } });
  });
});
