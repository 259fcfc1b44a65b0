/**
 * The tables behind ContactIndex, and caller lookup. Internal to main/core/contacts (./search reads the
 * tables directly; nothing outside this folder may).
 *
 * Documents are numbered in insertion order; removing one leaves a tombstone (skipped everywhere) until
 * tombstones outnumber live documents, then everything is re-laid compactly from the kept per-document data.
 * - Text: one dictionary of unique folded tokens, each with a posting list (doc * 2 + field), a sorted token
 *   array (prefix = binary search), prefix sums of posting lengths over it (candidate counts in O(1)), and a
 *   trigram → token map (substring).
 * - Numbers: one slot per stored number, sorted by canonical form (exact and prefix), a map from the last 7
 *   digits to slots (caller suffix lookup: O(1) to maintain, unlike a sorted array of reversed digits), and a
 *   digit trigram → slot map (partial numbers inside).
 * - Name order: live documents sorted by folded name; rank[doc] is the position.
 * commit() merges what was added since the last commit into the sorted arrays: O(m log n) comparisons plus
 * copying, so one small phonebook changing does not re-sort 100,000 contacts.
 */
import type { IndexedContact } from './types';
import { SortedKeys, cmp, mergeSorted } from './structures';
import { TOKEN_SEP } from './terms';

export interface DocInput {
  contact: IndexedContact;
  /** Folded, deduplicated tokens, joined (see joinTokens): name tokens, then the company's. */
  text: string;
  sortKey: string;
  /** canonicalNumber of each contact.numbers entry ('' when it has no digits). */
  canon: string[];
}

/** Weight of a cost over the name rank when choosing among matching numbers (rank < RANK_SPAN). */
const RANK_SPAN = 2 ** 31;
const MIN_SUFFIX_DIGITS = 7;

export class Engine {
  docs: (IndexedContact | undefined)[] = [];
  data: DocInput[] = [];
  /** Per document: the joined text and the joined canonical numbers that termMatch reads. */
  texts: string[] = [];
  nums: string[] = [];
  order: Int32Array = new Int32Array(0);
  /** Position in name order; -1 for a removed document (so one read tells live and rank). */
  rank = new Int32Array(0);
  liveCount = 0;
  /** Per position of numSorted, the document of that number (sequential reads when marking a prefix range). */
  numDocs = new Int32Array(0);
  private bitsets: Uint32Array[] = [];

  tokId = new Map<string, number>();
  tokStr: string[] = [];
  tokPost: number[][] = [];
  tokSorted = new SortedKeys(this.tokStr);
  tokCum = new Int32Array(1);
  tokGrams = new Map<string, number[]>();

  slotDoc: number[] = [];
  slotCanon: string[] = [];
  /** Last 7 digits (as a number) → slot, or slots when several numbers share them. */
  tails = new Map<number, number | number[]>();
  numSorted = new SortedKeys(this.slotCanon);
  digitGrams: number[][] = Array.from({ length: 1000 }, () => []);

  private byKey = new Map<string, number>();
  private added: number[] = [];
  private deadCount = 0;
  private removedSinceCommit = 0;

  get size(): number {
    return this.liveCount;
  }

  /** The i-th scratch bitset for a search, zeroed, at least `words` long (./search). */
  scratch(i: number, words: number): Uint32Array {
    let b = this.bitsets[i];
    if (b === undefined || b.length < words) {
      b = new Uint32Array(Math.max(words, 1024));
      this.bitsets[i] = b;
    } else {
      b.fill(0, 0, words);
    }
    return b;
  }

  get(key: string): IndexedContact | undefined {
    const doc = this.byKey.get(key);
    return doc === undefined ? undefined : this.docs[doc];
  }

  /** Adds (or replaces) one document. Call commit() after a batch. */
  add(d: DocInput, tokens?: { name: Iterable<string>; company: readonly string[] }): void {
    if (this.byKey.has(d.contact.key)) this.remove(d.contact.key);
    const doc = this.docs.length;
    this.docs.push(d.contact);
    this.data.push(d);
    this.byKey.set(d.contact.key, doc);
    this.added.push(doc);
    this.liveCount++;
    this.texts.push(d.text);
    if (tokens) {
      // The tokens the caller already holds: no re-splitting of the joined text.
      for (const token of tokens.name) this.post(token, doc * 2);
      for (const token of tokens.company) this.post(token, doc * 2 + 1);
    } else {
      this.postText(doc, d.text);
    }
    let nums = '';
    for (const c of d.canon) {
      if (c === '') continue;
      this.addSlot(doc, c);
      nums = nums === '' ? c : nums + TOKEN_SEP + c;
    }
    this.nums.push(nums);
  }

  private post(token: string, entry: number): void {
    let id = this.tokId.get(token);
    if (id === undefined) id = this.newToken(token);
    (this.tokPost[id] as number[]).push(entry);
  }

  /** Posts every token of a joined text (see joinTokens). */
  private postText(doc: number, text: string): void {
    let field = 0;
    for (let start = 0; start <= text.length; ) {
      let end = start;
      while (end < text.length && text.charCodeAt(end) > 2) end++;
      if (end > start) this.post(text.slice(start, end), doc * 2 + field);
      if (text.charCodeAt(end) === 2) field = 1;
      start = end + 1;
    }
  }

  remove(key: string): boolean {
    const doc = this.byKey.get(key);
    if (doc === undefined) return false;
    this.byKey.delete(key);
    this.docs[doc] = undefined;
    if (doc < this.rank.length) this.rank[doc] = -1;
    this.liveCount--;
    this.deadCount++;
    this.removedSinceCommit++;
    return true;
  }

  /** Brings sorted arrays, prefix sums and name order up to date; compacts when tombstones outnumber live documents. */
  commit(): void {
    if (this.deadCount > 1000 && this.deadCount > this.liveCount) {
      this.relayout(this.liveDocs());
      return;
    }
    const docs = this.docs;
    const slotDoc = this.slotDoc;
    const removed = this.removedSinceCommit > 0;
    this.removedSinceCommit = 0;
    this.tokSorted.commit();
    const cum = new Int32Array(this.tokSorted.length + 1);
    for (let i = 0; i < this.tokSorted.length; i++) cum[i + 1] = (cum[i] as number) + (this.tokPost[this.tokSorted.at(i)] as number[]).length;
    this.tokCum = cum;
    const slotLive = removed ? (s: number): boolean => docs[slotDoc[s] as number] !== undefined : undefined;
    this.numSorted.commit(slotLive);
    const sortedSlots = this.numSorted.ids;
    this.numDocs = new Int32Array(sortedSlots.length);
    for (let i = 0; i < sortedSlots.length; i++) this.numDocs[i] = slotDoc[sortedSlots[i] as number] as number;

    const data = this.data;
    const byName = (a: number, b: number): number => {
      const da = data[a] as DocInput;
      const db = data[b] as DocInput;
      return cmp(da.sortKey, db.sortKey) || cmp(da.contact.key, db.contact.key);
    };
    const live = (d: number): boolean => docs[d] !== undefined;
    const fresh = this.added.filter(live).sort(byName);
    this.added = [];
    this.order = mergeSorted(this.order, fresh, byName, removed ? live : undefined);
    if (this.rank.length < docs.length) {
      const grown = new Int32Array(Math.max(docs.length, this.rank.length * 2)).fill(-1);
      grown.set(this.rank);
      this.rank = grown;
    }
    const order = this.order;
    for (let k = 0; k < order.length; k++) this.rank[order[k] as number] = k;
  }

  /** Drops everything and re-adds the given documents (compaction, or new numbering rules). */
  relayout(docs: DocInput[]): void {
    this.docs = [];
    this.data = [];
    this.texts = [];
    this.nums = [];
    this.byKey = new Map();
    this.order = new Int32Array(0);
    this.added = [];
    this.liveCount = 0;
    this.deadCount = 0;
    this.removedSinceCommit = 0;
    this.tokId = new Map();
    this.tokStr = [];
    this.tokPost = [];
    this.tokSorted = new SortedKeys(this.tokStr);
    this.tokGrams = new Map();
    this.slotDoc = [];
    this.slotCanon = [];
    this.tails = new Map();
    this.numSorted = new SortedKeys(this.slotCanon);
    this.digitGrams = Array.from({ length: 1000 }, () => []);
    for (const d of docs) this.add(d);
    this.commit();
  }

  /** Live documents, in name order then those not yet committed. */
  liveDocs(): DocInput[] {
    const out: DocInput[] = [];
    for (const d of this.order) if (this.docs[d] !== undefined) out.push(this.data[d] as DocInput);
    for (const d of this.added) if (this.docs[d] !== undefined) out.push(this.data[d] as DocInput);
    return out;
  }

  /** Caller lookup: exact canonical match, else the stored number sharing the longest tail (at least 7 digits). */
  lookup(canon: string): { contact: IndexedContact; index: number; exact: boolean } | undefined {
    if (canon === '') return undefined;
    const [lo, hi] = this.numSorted.equalRange(canon);
    const exact = this.bestSlot(lo, hi, this.numSorted, () => 0);
    if (exact !== undefined) return this.slotHit(exact, true);
    const digits = canon.replace(/\D/g, '');
    if (!canon.startsWith('+') || digits.length < MIN_SUFFIX_DIGITS) return undefined;
    // Every stored number sharing at least the last 7 digits is under the same tail.
    const entry = this.tails.get(Number(digits.slice(-MIN_SUFFIX_DIGITS)));
    const slots = entry === undefined ? [] : typeof entry === 'number' ? [entry] : entry;
    // The longest common tail wins, then the closest length; two different numbers equally good are
    // ambiguous, and naming the wrong caller is worse than naming none.
    const cost = (slot: number): number => {
      const stored = this.slotCanon[slot] as string;
      return -commonSuffix(canon, stored) * 1024 + Math.abs(stored.length - canon.length);
    };
    const live = slots.filter((slot) => this.docs[this.slotDoc[slot] as number] !== undefined);
    const bestCost = Math.min(...live.map(cost));
    const best = live.filter((slot) => cost(slot) === bestCost);
    if (best.length === 0 || best.some((slot) => this.slotCanon[slot] !== this.slotCanon[best[0] as number])) return undefined;
    best.sort((a, b) => (this.rank[this.slotDoc[a] as number] as number) - (this.rank[this.slotDoc[b] as number] as number));
    return this.slotHit(best[0] as number, false);
  }

  private slotHit(slot: number, exact: boolean): { contact: IndexedContact; index: number; exact: boolean } {
    const d = this.data[this.slotDoc[slot] as number] as DocInput;
    return { contact: d.contact, index: Math.max(0, d.canon.indexOf(this.slotCanon[slot] as string)), exact };
  }

  /** Among positions [lo, hi) of a sorted slot array, the live slot with the smallest (cost, name rank). */
  private bestSlot(lo: number, hi: number, sorted: SortedKeys, cost: (slot: number) => number): number | undefined {
    let best: number | undefined;
    let bestCost = Infinity;
    for (let p = lo; p < hi; p++) {
      const slot = sorted.at(p);
      const doc = this.slotDoc[slot] as number;
      if (this.docs[doc] === undefined) continue;
      const c = cost(slot) * RANK_SPAN + (this.rank[doc] as number);
      if (c < bestCost) {
        bestCost = c;
        best = slot;
      }
    }
    return best;
  }

  private newToken(token: string): number {
    const id = this.tokStr.length;
    this.tokStr.push(token);
    this.tokPost.push([]);
    this.tokId.set(token, id);
    this.tokSorted.add(id);
    for (let i = 0; i + 3 <= token.length; i++) {
      const g = token.slice(i, i + 3);
      const list = this.tokGrams.get(g);
      if (list === undefined) this.tokGrams.set(g, [id]);
      else if (list[list.length - 1] !== id) list.push(id);
    }
    return id;
  }

  private addSlot(doc: number, canon: string): void {
    const slot = this.slotDoc.length;
    this.slotDoc.push(doc);
    this.slotCanon.push(canon);
    this.numSorted.add(slot);
    if (canon.startsWith('+') && canon.length > MIN_SUFFIX_DIGITS) {
      const tail = Number(canon.slice(-MIN_SUFFIX_DIGITS));
      const entry = this.tails.get(tail);
      if (entry === undefined) this.tails.set(tail, slot);
      else if (typeof entry === 'number') this.tails.set(tail, [entry, slot]);
      else entry.push(slot);
    }
    for (let i = 0; i + 3 <= canon.length; i++) {
      const g = gramOf(canon, i);
      if (g < 0) continue;
      const list = this.digitGrams[g] as number[];
      if (list[list.length - 1] !== slot) list.push(slot);
    }
  }
}

/** The 3-digit number at s[i..i+3), or -1 if those are not all digits. */
export function gramOf(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  const c = s.charCodeAt(i + 2) - 48;
  if (a < 0 || a > 9 || b < 0 || b > 9 || c < 0 || c > 9) return -1;
  return a * 100 + b * 10 + c;
}

/** How many characters two strings share at their ends. */
function commonSuffix(a: string, b: string): number {
  let i = a.length - 1;
  let j = b.length - 1;
  while (i >= 0 && j >= 0 && a.charCodeAt(i) === b.charCodeAt(j)) {
    i--;
    j--;
  }
  return a.length - 1 - i;
}
