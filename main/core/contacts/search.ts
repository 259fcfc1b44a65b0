/**
 * Search over the Engine's tables. Ranking: tier (0 exact, 1 prefix, 2 substring), then name order.
 *
 * Each query word marks its documents in a bitset (one bit per document, 12.5 KB for 100,000: it stays in
 * the CPU cache, so marking costs a few nanoseconds per posting), level by level: exact tokens first, then
 * the other tokens sharing the prefix, then (from 3 characters, and only if still needed) tokens containing
 * the word. The documents of tier T are those every word marked at level <= T, minus those of tier T - 1.
 * They are taken in name order either by walking the name order and testing bits (when they are many: the
 * walk stops once K are found) or by listing the set bits and sorting them by rank (when they are few).
 * Lower tiers are complete before a higher one starts, so the result is just appended tier by tier.
 */
import { type Engine, gramOf } from './engine';
import { SUBSTRING_MIN, type Term, termMatch } from './terms';

export interface RawHit {
  doc: number;
  tier: number;
  field: number;
}

/** Where a term's postings are, level by level. */
interface Sources {
  term: Term;
  exactTok: number;
  tokRange: [number, number];
  exactNum: [number, number];
  prefixNum: [number, number][];
  maxLevel: number;
}

/**
 * Walking the name order costs one sequential read and a cached bit test per document; listing a set bit
 * costs a random read of rank[] and a share of a sort: about this many times more.
 */
const LIST_COST = 20;

function sourcesOf(e: Engine, t: Term): Sources {
  const s: Sources = { term: t, exactTok: -1, tokRange: [0, 0], exactNum: [0, 0], prefixNum: [], maxLevel: 1 };
  if (t.text !== '') {
    s.exactTok = e.tokId.get(t.text) ?? -1;
    s.tokRange = e.tokSorted.prefixRange(t.text);
    if (t.text.length >= SUBSTRING_MIN) s.maxLevel = 2;
  }
  if (t.numPrefixes.length > 0) {
    s.exactNum = e.numSorted.equalRange(t.numExact);
    for (const p of t.numPrefixes) s.prefixNum.push(e.numSorted.prefixRange(p));
    if (t.digits.length >= SUBSTRING_MIN) s.maxLevel = 2;
  }
  return s;
}

function rarestGram(e: Engine, text: string): readonly number[] {
  let best: readonly number[] | undefined;
  for (let i = 0; i + 3 <= text.length; i++) {
    const list = e.tokGrams.get(text.slice(i, i + 3)) ?? [];
    if (best === undefined || list.length < best.length) best = list;
  }
  return best ?? [];
}

/**
 * Number slots that may contain the digits: the slots holding their rarest trigram, intersected with those
 * holding the second rarest (slot lists are in ascending order, so this is one sequential merge).
 */
function digitCandidates(e: Engine, digits: string): readonly number[] {
  const lists = [];
  for (let i = 0; i + 3 <= digits.length; i++) lists.push(e.digitGrams[gramOf(digits, i)] ?? []);
  lists.sort((a, b) => a.length - b.length);
  const [a = [], b] = lists;
  if (b === undefined || b === a) return a;
  const out: number[] = [];
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (x === y) {
      out.push(x);
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return out;
}

function mark(bits: Uint32Array, doc: number): void {
  bits[doc >>> 5] = (bits[doc >>> 5] as number) | (1 << (doc & 31));
}

/** Marks the documents of one term at exactly this level. */
function markLevel(e: Engine, s: Sources, level: number, bits: Uint32Array): void {
  const posts = (id: number): void => {
    for (const p of e.tokPost[id] as number[]) mark(bits, p >>> 1);
  };
  const numDocs = e.numDocs;
  const range = (r: readonly [number, number]): void => {
    for (let i = r[0]; i < r[1]; i++) mark(bits, numDocs[i] as number);
  };
  const t = s.term;
  if (level === 0) {
    if (s.exactTok >= 0) posts(s.exactTok);
    range(s.exactNum);
  } else if (level === 1) {
    const sorted = e.tokSorted.ids;
    for (let i = s.tokRange[0]; i < s.tokRange[1]; i++) if (sorted[i] !== s.exactTok) posts(sorted[i] as number);
    for (const r of s.prefixNum) range(r);
  } else {
    if (t.text.length >= SUBSTRING_MIN) {
      for (const id of rarestGram(e, t.text)) {
        const tok = e.tokStr[id] as string;
        if (!tok.startsWith(t.text) && tok.includes(t.text)) posts(id);
      }
    }
    if (t.numPrefixes.length > 0 && t.digits.length >= SUBSTRING_MIN) {
      const whole = t.digits.length === 3; // the trigram is the query: no need to check
      for (const slot of digitCandidates(e, t.digits)) {
        if (whole || (e.slotCanon[slot] as string).includes(t.digits)) mark(bits, e.slotDoc[slot] as number);
      }
    }
  }
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) as number;
}

export function search(e: Engine, terms: readonly Term[], limit: number): RawHit[] {
  const k = Math.min(limit, e.liveCount);
  if (terms.length === 0 || k <= 0) return [];
  const words = (e.docs.length + 31) >>> 5;
  const sources = terms.map((t) => sourcesOf(e, t));
  const termBits = sources.map((_, i) => e.scratch(i, words));
  let prev = e.scratch(terms.length, words);
  let cur = e.scratch(terms.length + 1, words);
  const maxTier = Math.max(...sources.map((s) => s.maxLevel));
  const { rank, order } = e;
  const out: number[] = [];
  const tiers: number[] = [];
  for (let tier = 0; tier <= maxTier && out.length < k; tier++) {
    sources.forEach((s, i) => {
      if (tier <= s.maxLevel) markLevel(e, s, tier, termBits[i] as Uint32Array);
    });
    // Tier `tier` = every word marked, minus the documents of the tiers before.
    let fresh = 0;
    for (let w = 0; w < words; w++) {
      let a = (termBits[0] as Uint32Array)[w] as number;
      for (let i = 1; i < termBits.length && a !== 0; i++) a &= (termBits[i] as Uint32Array)[w] as number;
      cur[w] = a;
      if (a !== 0) fresh += popcount(a & ~(prev[w] as number));
    }
    const need = k - out.length;
    if (fresh > 0 && fresh * fresh * LIST_COST > need * e.liveCount) {
      for (let i = 0; i < order.length; i++) {
        const doc = order[i] as number;
        const w = doc >>> 5;
        if ((((cur[w] as number) & ~(prev[w] as number)) >>> (doc & 31)) & 1) {
          out.push(doc);
          tiers.push(tier);
          if (out.length === k) break;
        }
      }
    } else if (fresh > 0) {
      const found: number[] = [];
      for (let w = 0; w < words; w++) {
        let d = ((cur[w] as number) & ~(prev[w] as number)) >>> 0;
        while (d !== 0) {
          const low = d & -d;
          const doc = w * 32 + (31 - Math.clz32(low));
          d = (d ^ low) >>> 0;
          if ((rank[doc] as number) >= 0) found.push(doc);
        }
      }
      found.sort((a, b) => (rank[a] as number) - (rank[b] as number));
      for (let i = 0; i < found.length && out.length < k; i++) {
        out.push(found[i] as number);
        tiers.push(tier);
      }
    }
    [prev, cur] = [cur, prev];
  }
  const first = terms[0] as Term;
  return out.map((doc, i) => ({ doc, tier: tiers[i] as number, field: termMatch(first, e.texts[doc] as string, e.nums[doc] as string) & 3 }));
}
