/**
 * Search over the Engine's tables. Ranking: tier (0 exact, 1 prefix, 2 substring), then name order.
 *
 * One word: tiers are collected one after the other and the search stops as soon as the top K is full.
 * Each tier comes either from the postings of its tokens (cost: one check per candidate) or, when the
 * candidates are many, by walking documents in name order until the top K is full (cost: about
 * K × documents / candidates document tests); the cheaper one is chosen from counts known in O(1).
 *
 * Several words: every word must match. The rarest word gives the candidates, each further word narrows
 * them, either by walking its own postings (stamping candidates that match it) or, when it has many
 * postings and few candidates are left, by testing the candidates directly. A document's tier is its worst
 * word's level.
 */
import { type DocInput, type Engine, TIER, gramOf } from './engine';
import { TopK } from './structures';
import { NO_MATCH, SUBSTRING_MIN, type Term, termMatch } from './terms';

export interface RawHit {
  doc: number;
  tier: number;
  field: number;
}

/** Where a term's candidates are, level by level, and how many there are at each level (tombstones included). */
interface Sources {
  exactTok: number;
  tokRange: [number, number];
  subToks: number[];
  exactNum: [number, number];
  prefixNum: [number, number][];
  subSlots: number[];
  count: [number, number, number];
  maxLevel: number;
}

/** A document test costs about this many posting visits (measured: ~0.5 µs against ~20 ns). */
const TEST_COST = 25;

function sourcesOf(e: Engine, t: Term): Sources {
  const s: Sources = { exactTok: -1, tokRange: [0, 0], subToks: [], exactNum: [0, 0], prefixNum: [], subSlots: [], count: [0, 0, 0], maxLevel: 1 };
  const c = s.count;
  if (t.text !== '') {
    s.exactTok = e.tokId.get(t.text) ?? -1;
    const exactLen = s.exactTok >= 0 ? (e.tokPost[s.exactTok] as number[]).length : 0;
    c[0] += exactLen;
    s.tokRange = e.tokSorted.prefixRange(t.text);
    c[1] += (e.tokCum[s.tokRange[1]] as number) - (e.tokCum[s.tokRange[0]] as number) - exactLen;
    if (t.text.length >= SUBSTRING_MIN) {
      s.maxLevel = 2;
      let best: readonly number[] | undefined;
      for (let i = 0; i + 3 <= t.text.length; i++) {
        const list = e.tokGrams.get(t.text.slice(i, i + 3)) ?? [];
        if (best === undefined || list.length < best.length) best = list;
      }
      for (const id of best ?? []) {
        const tok = e.tokStr[id] as string;
        if (!tok.startsWith(t.text) && tok.includes(t.text)) {
          s.subToks.push(id);
          c[2] += (e.tokPost[id] as number[]).length;
        }
      }
    }
  }
  if (t.numPrefixes.length > 0) {
    s.exactNum = e.numSorted.equalRange(t.numExact);
    c[0] += s.exactNum[1] - s.exactNum[0];
    for (const p of t.numPrefixes) {
      const r = e.numSorted.prefixRange(p);
      s.prefixNum.push(r);
      c[1] += r[1] - r[0];
    }
    if (t.digits.length >= SUBSTRING_MIN) {
      s.maxLevel = 2;
      let best: readonly number[] = [];
      for (let i = 0; i + 3 <= t.digits.length; i++) {
        const list = e.digitGrams[gramOf(t.digits, i)] ?? [];
        if (i === 0 || list.length < best.length) best = list;
      }
      const whole = t.digits.length === 3;
      for (const slot of best) if (whole || (e.slotCanon[slot] as string).includes(t.digits)) s.subSlots.push(slot);
      c[2] += s.subSlots.length;
    }
  }
  return s;
}

/** Calls fn(doc, field) for every posting of the term at exactly this level (documents may repeat, dead ones included). */
function forLevel(e: Engine, s: Sources, level: number, fn: (doc: number, field: number) => void): void {
  const posts = (id: number): void => {
    for (const p of e.tokPost[id] as number[]) fn(p >> 1, p & 1);
  };
  const slots = (r: readonly [number, number]): void => {
    for (let i = r[0]; i < r[1]; i++) fn(e.slotDoc[e.numSorted.at(i)] as number, 2);
  };
  if (level === 0) {
    if (s.exactTok >= 0) posts(s.exactTok);
    slots(s.exactNum);
  } else if (level === 1) {
    for (let i = s.tokRange[0]; i < s.tokRange[1]; i++) {
      const id = e.tokSorted.at(i);
      if (id !== s.exactTok) posts(id);
    }
    for (const r of s.prefixNum) slots(r);
  } else {
    for (const id of s.subToks) posts(id);
    for (const slot of s.subSlots) fn(e.slotDoc[slot] as number, 2);
  }
}

/** A fresh stamp base for this search (stamps base .. base + 15 are ours). */
function nextBase(e: Engine): number {
  e.epoch += 16;
  if (e.epoch > 0xffffffff - 32) {
    e.seen.fill(0);
    e.epoch = 16;
  }
  return e.epoch;
}

export function search(e: Engine, terms: readonly Term[], limit: number): RawHit[] {
  const k = Math.min(limit, e.liveCount);
  if (terms.length === 0 || k <= 0) return [];
  const heap = new TopK(k);
  const base = nextBase(e);
  if (terms.length === 1) searchOne(e, terms[0] as Term, heap, base);
  else searchAll(e, terms, heap, base);
  return heap.sorted().map((h) => ({ doc: h.doc, tier: Math.floor(h.score / TIER), field: h.field }));
}

function searchOne(e: Engine, term: Term, heap: TopK, base: number): void {
  const s = sourcesOf(e, term);
  const { seen, rank, docs, data } = e;
  for (let tier = 0; tier <= s.maxLevel && !heap.full; tier++) {
    const count = s.count[tier] as number;
    if (count === 0) continue;
    if (count * count > TEST_COST * (heap.limit - heap.size) * e.liveCount) {
      // Many candidates: walk in name order; lower tiers are complete, so stop when K is full.
      for (const doc of e.order) {
        if (seen[doc] === base) continue;
        const code = termMatch(term, data[doc] as DocInput);
        if (code === NO_MATCH || code >> 2 > tier) continue;
        seen[doc] = base;
        heap.push(tier * TIER + (rank[doc] as number), doc, code & 3);
        if (heap.full) return;
      }
      continue;
    }
    forLevel(e, s, tier, (doc) => {
      if (seen[doc] === base || docs[doc] === undefined) return;
      const score = tier * TIER + (rank[doc] as number);
      if (!heap.accepts(score)) return;
      seen[doc] = base;
      heap.push(score, doc, termMatch(term, data[doc] as DocInput) & 3);
    });
  }
}

function searchAll(e: Engine, terms: readonly Term[], heap: TopK, base: number): void {
  const { seen, level, rank, docs, data } = e;
  const sources = terms.map((t) => sourcesOf(e, t));
  const total = (s: Sources): number => s.count[0] + s.count[1] + (s.maxLevel === 2 ? s.count[2] : 0);
  const byCount = sources.map((s, i) => i).sort((a, b) => total(sources[a] as Sources) - total(sources[b] as Sources));
  // The rarest word: its documents, each with its best level (levels are visited best first).
  const first = sources[byCount[0] as number] as Sources;
  const candidates: number[] = [];
  for (let lv = 0; lv <= first.maxLevel; lv++) {
    forLevel(e, first, lv, (doc) => {
      if (seen[doc] === base + 1 || docs[doc] === undefined) return;
      seen[doc] = base + 1;
      level[doc] = lv;
      candidates.push(doc);
    });
  }
  let left = candidates.length;
  for (let j = 1; j < byCount.length && left > 0; j++) {
    const ti = byCount[j] as number;
    const s = sources[ti] as Sources;
    const before = base + j;
    const survivors = left;
    left = 0;
    if (total(s) > TEST_COST * survivors) {
      for (const doc of candidates) {
        if (seen[doc] !== before) continue;
        const code = termMatch(terms[ti] as Term, data[doc] as DocInput);
        if (code === NO_MATCH) continue;
        seen[doc] = before + 1;
        level[doc] = Math.max(level[doc] as number, code >> 2);
        left++;
      }
    } else {
      for (let lv = 0; lv <= s.maxLevel; lv++) {
        forLevel(e, s, lv, (doc) => {
          if (seen[doc] !== before) return;
          seen[doc] = before + 1;
          level[doc] = Math.max(level[doc] as number, lv);
          left++;
        });
      }
    }
  }
  const done = base + terms.length;
  for (const doc of candidates) {
    if (seen[doc] === done) heap.push((level[doc] as number) * TIER + (rank[doc] as number), doc, 0);
  }
  // The field shown is the first word's: computed for the few that made it.
  heap.mapFields((doc) => termMatch(terms[0] as Term, data[doc] as DocInput) & 3);
}
