/**
 * The search engine behind ContactIndex. Internal to main/core/contacts.
 *
 * Documents are numbered in insertion order; removing one leaves a tombstone (skipped by every search) until
 * tombstones outnumber live documents, then everything is re-laid compactly from the kept per-document data.
 * - Text: one dictionary of unique folded tokens, each with a posting list (doc * 2 + field), a sorted token
 *   array (prefix = binary search), prefix sums of posting lengths over it (candidate counts in O(1)), and a
 *   trigram → token map (substring).
 * - Numbers: one slot per stored number, sorted by canonical form (exact and prefix), by reversed digits
 *   (caller suffix lookup), and a digit trigram → slot map (partial numbers inside).
 * - Ranking: tier (exact, prefix, substring), then name order. Each tier is collected either from the
 *   postings of the most selective term or, when that is large, by walking documents in name order until the
 *   top K is full, whichever is cheaper.
 */
import type { IndexedContact } from './types';
import { SortedKeys, TopK, cmp, mergeSorted } from './structures';
import { NO_MATCH, type Term, allTermsMatch, hasSubstringLevel, termMatch, SUBSTRING_MIN } from './terms';

export interface DocInput {
  contact: IndexedContact;
  /** Folded, deduplicated tokens; the first nameCount come from the name fields, the rest from the company. */
  tokens: string[];
  nameCount: number;
  sortKey: string;
  /** canonicalNumber of each contact.numbers entry ('' when it has no digits). */
  canon: string[];
}

export interface RawHit {
  doc: number;
  tier: number;
  field: number;
}

/** Tier weight in a score: tier * TIER + rank (rank < TIER). */
const TIER = 2 ** 31;
const MIN_SUFFIX_DIGITS = 7;

function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

function reverse(s: string): string {
  let out = '';
  for (let i = s.length - 1; i >= 0; i--) out += s[i];
  return out;
}

interface Sources {
  /** Text token ids at this level exactly (level 1 as a sorted-position range). */
  exactTok: number;
  tokRange: [number, number];
  subToks: number[];
  /** Number slot position ranges in numSorted, and substring slots. */
  exactNum: [number, number];
  prefixNum: [number, number][];
  subSlots: number[];
  /** Candidate counts (with tombstones) up to and including each level. */
  count: [number, number, number];
}

export class Engine {
  private docs: (IndexedContact | undefined)[] = [];
  private data: DocInput[] = [];
  private byKey = new Map<string, number>();
  private order: number[] = [];
  private added: number[] = [];
  private rank = new Int32Array(0);
  private seen = new Uint32Array(0);
  private epoch = 0;
  private liveCount = 0;
  private deadCount = 0;

  private tokId = new Map<string, number>();
  private tokStr: string[] = [];
  private tokPost: number[][] = [];
  private tokSorted = new SortedKeys(this.tokStr);
  private tokCum = new Int32Array(1);
  private tokGrams = new Map<string, number[]>();

  private slotDoc: number[] = [];
  private slotCanon: string[] = [];
  private slotRev: string[] = [];
  private numSorted = new SortedKeys(this.slotCanon);
  private revSorted = new SortedKeys(this.slotRev);
  private digitGrams: number[][] = Array.from({ length: 1000 }, () => []);

  get size(): number {
    return this.liveCount;
  }

  get(key: string): IndexedContact | undefined {
    const doc = this.byKey.get(key);
    return doc === undefined ? undefined : this.docs[doc];
  }

  input(key: string): DocInput | undefined {
    const doc = this.byKey.get(key);
    return doc === undefined ? undefined : this.data[doc];
  }

  /** Adds (or replaces) one document. Call commit() after a batch. */
  add(d: DocInput): void {
    this.remove(d.contact.key);
    const doc = this.docs.length;
    this.docs.push(d.contact);
    this.data.push(d);
    this.byKey.set(d.contact.key, doc);
    this.added.push(doc);
    this.liveCount++;
    for (let i = 0; i < d.tokens.length; i++) {
      const token = d.tokens[i] as string;
      let id = this.tokId.get(token);
      if (id === undefined) id = this.newToken(token);
      (this.tokPost[id] as number[]).push(doc * 2 + (i < d.nameCount ? 0 : 1));
    }
    for (const c of d.canon) if (c !== '') this.addSlot(doc, c);
  }

  remove(key: string): boolean {
    const doc = this.byKey.get(key);
    if (doc === undefined) return false;
    this.byKey.delete(key);
    this.docs[doc] = undefined;
    this.liveCount--;
    this.deadCount++;
    return true;
  }

  /** Brings sorted structures and name order up to date; compacts when tombstones outnumber live documents. */
  commit(): void {
    if (this.deadCount > 1000 && this.deadCount > this.liveCount) {
      this.relayout(this.order.filter((d) => this.docs[d] !== undefined).concat(this.added.filter((d) => this.docs[d] !== undefined)).map((d) => this.data[d] as DocInput));
      return;
    }
    const live = (d: number): boolean => this.docs[d] !== undefined;
    const slotLive = (s: number): boolean => this.docs[this.slotDoc[s] as number] !== undefined;
    this.tokSorted.commit(() => true);
    const cum = new Int32Array(this.tokSorted.length + 1);
    for (let i = 0; i < this.tokSorted.length; i++) cum[i + 1] = (cum[i] as number) + (this.tokPost[this.tokSorted.at(i)] as number[]).length;
    this.tokCum = cum;
    this.numSorted.commit(slotLive);
    this.revSorted.commit(slotLive);

    const byName = (a: number, b: number): number => {
      const da = this.data[a] as DocInput;
      const db = this.data[b] as DocInput;
      return cmp(da.sortKey, db.sortKey) || cmp(da.contact.key, db.contact.key);
    };
    const fresh = this.added.filter(live).sort(byName);
    this.added = [];
    const merged = mergeSorted(this.order, fresh, byName, live);
    this.order = merged;
    if (this.rank.length < this.docs.length) {
      this.rank = new Int32Array(Math.max(this.docs.length, this.rank.length * 2));
      this.seen = new Uint32Array(this.rank.length);
      this.epoch = 0;
    }
    for (let k = 0; k < merged.length; k++) this.rank[merged[k] as number] = k;
  }

  /** Drops everything and re-adds the given documents (compaction, or new numbering rules). */
  relayout(docs: DocInput[]): void {
    this.docs = [];
    this.data = [];
    this.byKey = new Map();
    this.order = [];
    this.added = [];
    this.liveCount = 0;
    this.deadCount = 0;
    this.tokId = new Map();
    this.tokStr = [];
    this.tokPost = [];
    this.tokSorted = new SortedKeys(this.tokStr);
    this.tokGrams = new Map();
    this.slotDoc = [];
    this.slotCanon = [];
    this.slotRev = [];
    this.numSorted = new SortedKeys(this.slotCanon);
    this.revSorted = new SortedKeys(this.slotRev);
    this.digitGrams = Array.from({ length: 1000 }, () => []);
    for (const d of docs) this.add(d);
    this.commit();
  }

  /** Live documents in name order (for persistence and re-layout). */
  liveDocs(): DocInput[] {
    const out: DocInput[] = [];
    for (const d of this.order) if (this.docs[d] !== undefined) out.push(this.data[d] as DocInput);
    for (const d of this.added) if (this.docs[d] !== undefined) out.push(this.data[d] as DocInput);
    return out;
  }

  search(terms: readonly Term[], limit: number): RawHit[] {
    const k = Math.min(limit, this.liveCount);
    if (terms.length === 0 || k <= 0) return [];
    const heap = new TopK(k);
    this.epoch = (this.epoch + 1) >>> 0;
    if (this.epoch === 0) {
      this.seen.fill(0);
      this.epoch = 1;
    }
    const sources = terms.map((t) => this.sourcesOf(t));
    const maxTier = hasSubstringLevel(terms) ? 2 : 1;
    const single = terms.length === 1;
    for (let tier = 0; tier <= maxTier && !heap.full; tier++) {
      let driver = 0;
      for (let i = 1; i < sources.length; i++) if ((sources[i] as Sources).count[tier]! < (sources[driver] as Sources).count[tier]!) driver = i;
      const est = (sources[driver] as Sources).count[tier] as number;
      if (est === 0) continue;
      // Walking in name order costs about (K / share of matches) document tests; postings cost one per candidate.
      const ratio = single ? 4 : 1;
      if (est * est > ratio * k * this.liveCount) this.scanByName(terms, tier, heap);
      else this.collect(terms, sources[driver] as Sources, tier, single, heap);
    }
    return heap.sorted().map((e) => ({ doc: e.doc, tier: Math.floor(e.score / TIER), field: e.field }));
  }

  contact(doc: number): IndexedContact {
    return this.docs[doc] as IndexedContact;
  }

  /** Caller lookup: exact canonical match, else the stored number sharing the longest tail (at least 7 digits). */
  lookup(canon: string): { contact: IndexedContact; index: number; exact: boolean } | undefined {
    if (canon === '') return undefined;
    let [lo, hi] = this.numSorted.equalRange(canon);
    const exact = this.bestSlot(lo, hi, this.numSorted, () => 0);
    if (exact !== undefined) return this.slotHit(exact, true);
    const digits = canon.replace(/\D/g, '');
    if (!canon.startsWith('+') || digits.length < MIN_SUFFIX_DIGITS) return undefined;
    // Stored numbers sharing the longest tail with the typed one sit next to it in reversed-digit order.
    const rq = reverse(digits);
    const pos = this.revSorted.lowerBound(rq);
    let common = 0;
    for (const p of [pos - 1, pos]) {
      if (p < 0 || p >= this.revSorted.length) continue;
      common = Math.max(common, commonPrefix(rq, this.slotRev[this.revSorted.at(p)] as string));
    }
    if (common < MIN_SUFFIX_DIGITS) return undefined;
    [lo, hi] = this.revSorted.prefixRange(rq.slice(0, common));
    // Among equally long tails, the closest length wins; two different numbers equally close are ambiguous,
    // and naming the wrong caller is worse than naming none.
    const cost = (slot: number): number => Math.abs((this.slotRev[slot] as string).length - rq.length);
    const best = this.bestSlot(lo, hi, this.revSorted, cost);
    if (best === undefined) return undefined;
    for (let p = lo; p < hi; p++) {
      const slot = this.revSorted.at(p);
      if (cost(slot) === cost(best) && this.slotCanon[slot] !== this.slotCanon[best] && this.docs[this.slotDoc[slot] as number] !== undefined) return undefined;
    }
    return this.slotHit(best, false);
  }

  private slotHit(slot: number, exact: boolean): { contact: IndexedContact; index: number; exact: boolean } {
    const doc = this.slotDoc[slot] as number;
    const d = this.data[doc] as DocInput;
    const canon = this.slotCanon[slot];
    return { contact: d.contact, index: Math.max(0, d.canon.indexOf(canon as string)), exact };
  }

  /** Among positions [lo, hi) of a sorted slot array, the live slot with the smallest (cost, name rank). */
  private bestSlot(lo: number, hi: number, sorted: SortedKeys, cost: (slot: number) => number): number | undefined {
    let best: number | undefined;
    let bestCost = Infinity;
    for (let p = lo; p < hi; p++) {
      const slot = sorted.at(p);
      const doc = this.slotDoc[slot] as number;
      if (this.docs[doc] === undefined) continue;
      const c = cost(slot) * TIER + (this.rank[doc] as number);
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
    const digits = canon.replace(/\D/g, '');
    if (canon.startsWith('+') && digits.length >= MIN_SUFFIX_DIGITS) {
      this.slotRev.push(reverse(digits));
      this.revSorted.add(slot);
    } else {
      this.slotRev.push('');
    }
    for (let i = 0; i + 3 <= canon.length; i++) {
      const g = gramOf(canon, i);
      if (g < 0) continue;
      const list = this.digitGrams[g] as number[];
      if (list[list.length - 1] !== slot) list.push(slot);
    }
  }

  /** Where a term's candidates are, by level, and how many (tombstones included). */
  private sourcesOf(t: Term): Sources {
    const s: Sources = { exactTok: -1, tokRange: [0, 0], subToks: [], exactNum: [0, 0], prefixNum: [], subSlots: [], count: [0, 0, 0] };
    let c0 = 0;
    let c1 = 0;
    let c2 = 0;
    if (t.text !== '') {
      s.exactTok = this.tokId.get(t.text) ?? -1;
      if (s.exactTok >= 0) c0 += (this.tokPost[s.exactTok] as number[]).length;
      s.tokRange = this.tokSorted.prefixRange(t.text);
      c1 += (this.tokCum[s.tokRange[1]] as number) - (this.tokCum[s.tokRange[0]] as number);
      if (t.text.length >= SUBSTRING_MIN) {
        let best: number[] | undefined;
        for (let i = 0; i + 3 <= t.text.length; i++) {
          const list = this.tokGrams.get(t.text.slice(i, i + 3)) ?? [];
          if (best === undefined || list.length < best.length) best = list;
        }
        for (const id of best ?? []) {
          const tok = this.tokStr[id] as string;
          if (!tok.startsWith(t.text) && tok.includes(t.text)) {
            s.subToks.push(id);
            c2 += (this.tokPost[id] as number[]).length;
          }
        }
      }
    }
    if (t.numPrefixes.length > 0) {
      s.exactNum = this.numSorted.equalRange(t.numExact);
      c0 += s.exactNum[1] - s.exactNum[0];
      for (const p of t.numPrefixes) {
        const r = this.numSorted.prefixRange(p);
        s.prefixNum.push(r);
        c1 += r[1] - r[0];
      }
      if (t.digits.length >= SUBSTRING_MIN) {
        let best: number[] = [];
        for (let i = 0; i + 3 <= t.digits.length; i++) {
          const list = this.digitGrams[gramOf(t.digits, i)] as number[];
          if (i === 0 || list.length < best.length) best = list;
        }
        const exact = t.digits.length === 3;
        for (const slot of best) if (exact || (this.slotCanon[slot] as string).includes(t.digits)) s.subSlots.push(slot);
        c2 += s.subSlots.length;
      }
    }
    s.count = [c0, c0 + c1, c0 + c1 + c2];
    return s;
  }

  /** Candidates of one tier from the postings of the driving term. */
  private collect(terms: readonly Term[], s: Sources, tier: number, single: boolean, heap: TopK): void {
    const visit = (doc: number): void => {
      if (this.seen[doc] === this.epoch || this.docs[doc] === undefined) return;
      if (single && !heap.accepts(tier * TIER + (this.rank[doc] as number))) return;
      const code = single ? termMatch(terms[0] as Term, this.data[doc] as DocInput) : allTermsMatch(terms, this.data[doc] as DocInput);
      if (code === NO_MATCH || code >> 2 > tier) return;
      this.seen[doc] = this.epoch;
      heap.push((code >> 2) * TIER + (this.rank[doc] as number), doc, code & 3);
    };
    const posts = (id: number): void => {
      for (const e of this.tokPost[id] as number[]) visit(e >> 1);
    };
    const slots = (r: [number, number]): void => {
      for (let p = r[0]; p < r[1]; p++) visit(this.slotDoc[this.numSorted.at(p)] as number);
    };
    // A single term only needs this tier's own sources: lower tiers are complete already.
    if (tier === 0 || !single) {
      if (s.exactTok >= 0) posts(s.exactTok);
      slots(s.exactNum);
    }
    if (tier === 1 || (tier === 2 && !single)) {
      for (let p = s.tokRange[0]; p < s.tokRange[1]; p++) posts(this.tokSorted.at(p));
      for (const r of s.prefixNum) slots(r);
    }
    if (tier === 2) {
      for (const id of s.subToks) posts(id);
      for (const slot of s.subSlots) visit(this.slotDoc[slot] as number);
    }
  }

  /** Candidates of one tier by walking documents in name order until the top K is full. */
  private scanByName(terms: readonly Term[], tier: number, heap: TopK): void {
    const single = terms.length === 1;
    for (const doc of this.order) {
      if (this.seen[doc] === this.epoch || this.docs[doc] === undefined) continue;
      const code = single ? termMatch(terms[0] as Term, this.data[doc] as DocInput) : allTermsMatch(terms, this.data[doc] as DocInput);
      if (code === NO_MATCH || code >> 2 > tier) continue;
      this.seen[doc] = this.epoch;
      heap.push((code >> 2) * TIER + (this.rank[doc] as number), doc, code & 3);
      if (heap.full) return;
    }
  }
}

/** The 3-digit number at s[i..i+3), or -1 if those are not all digits. */
function gramOf(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  const c = s.charCodeAt(i + 2) - 48;
  if (a < 0 || a > 9 || b < 0 || b > 9 || c < 0 || c > 9) return -1;
  return a * 100 + b * 10 + c;
}
