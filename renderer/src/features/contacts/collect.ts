/**
 * Listing every contact of a source through `contacts.search` (the contract has no "list"
 * method yet): search by one letter or digit, and where an answer is full (the limit was hit),
 * search again by two, three… characters, until every answer is complete. The result is checked
 * against the source's count from `contacts.sources`, so an incomplete export is said, not hidden.
 */
export interface Listed {
  key: string;
  sourceId: string;
}

export interface CollectOptions<T extends Listed> {
  search(query: string, limit: number): Promise<T[]>;
  /** Keep only this source's contacts (undefined: all sources). */
  sourceId?: string;
  /** How many contacts the source holds: stop as soon as they are all found. */
  expected: number;
  limit?: number;
  /** At most this many searches. */
  maxQueries?: number;
  onProgress?(found: number, expected: number): void;
  signal?: AbortSignal;
}

export interface Collected<T> {
  contacts: T[];
  /** True when fewer contacts were found than the source holds. */
  incomplete: boolean;
  queries: number;
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789'.split('');

export async function collectContacts<T extends Listed>(o: CollectOptions<T>): Promise<Collected<T>> {
  const limit = o.limit ?? 500;
  const maxQueries = o.maxQueries ?? 2000;
  const found = new Map<string, T>();
  const queue = [...ALPHABET];
  let queries = 0;
  while (queue.length > 0 && queries < maxQueries && found.size < o.expected) {
    if (o.signal?.aborted) throw new DOMException('Export cancelled', 'AbortError');
    const q = queue.shift() as string;
    queries++;
    const hits = await o.search(q, limit);
    for (const h of hits) if (o.sourceId === undefined || h.sourceId === o.sourceId) found.set(h.key, h);
    // A full answer may have left some out: look closer (at most 6 characters deep).
    if (hits.length >= limit && q.length < 6) queue.unshift(...ALPHABET.map((c) => q + c));
    o.onProgress?.(found.size, o.expected);
  }
  return { contacts: [...found.values()], incomplete: found.size < o.expected, queries };
}
