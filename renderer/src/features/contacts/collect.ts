/**
 * Listing every contact of one source (or of all) page by page through `contacts.list`, with
 * progress. The result is checked against each source's size, so an incomplete export (a source
 * that changed while it was read) is said, not hidden.
 */
export interface Page<T> {
  total: number;
  contacts: T[];
}

export interface CollectOptions<T> {
  list(sourceId: string, offset: number, limit: number): Promise<Page<T>>;
  sourceIds: readonly string[];
  /** Page size (default 500). */
  limit?: number;
  onProgress?(found: number): void;
  signal?: AbortSignal;
}

export interface Collected<T> {
  contacts: T[];
  /** True when fewer contacts were read than the sources said they hold. */
  incomplete: boolean;
  pages: number;
}

export async function collectContacts<T>(opts: CollectOptions<T>): Promise<Collected<T>> {
  const limit = opts.limit ?? 500;
  const contacts: T[] = [];
  let pages = 0;
  let incomplete = false;
  for (const sourceId of opts.sourceIds) {
    let total = Infinity;
    let read = 0;
    for (let offset = 0; offset < total; offset += limit) {
      if (opts.signal?.aborted) throw new DOMException('export stopped', 'AbortError');
      const page = await opts.list(sourceId, offset, limit);
      pages += 1;
      total = page.total;
      read += page.contacts.length;
      contacts.push(...page.contacts);
      opts.onProgress?.(contacts.length);
      if (page.contacts.length === 0) break;
    }
    if (read < total) incomplete = true;
  }
  return { contacts, incomplete, pages };
}
