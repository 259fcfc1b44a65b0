/**
 * An incrementally merged sorted key array for the contact index. Internal to main/core/contacts.
 */

/**
 * Ids sorted by a string key held in `keys` (id → key). New ids are added to a pending list and merged in
 * by commit(): sort the few new ones, merge with the sorted run, dropping ids that are no longer alive.
 * Lookups are binary searches by code-unit order.
 */
export class SortedKeys {
  private sorted: Int32Array = new Int32Array(0);
  private pending: number[] = [];

  constructor(private readonly keys: readonly string[]) {}

  get length(): number {
    return this.sorted.length;
  }

  /** The ids in key order (read only). */
  get ids(): Int32Array {
    return this.sorted;
  }

  add(id: number): void {
    this.pending.push(id);
  }

  at(i: number): number {
    return this.sorted[i] as number;
  }

  /** Merges the pending ids in, dropping ids for which alive() is false (pass it only after removals). */
  commit(alive?: (id: number) => boolean): void {
    if (this.pending.length === 0 && !alive) return;
    const keys = this.keys;
    const byKey = (a: number, b: number): number => cmp(keys[a] as string, keys[b] as string);
    const add = (alive ? this.pending.filter(alive) : this.pending).sort(byKey);
    this.pending = [];
    this.sorted = mergeSorted(this.sorted, add, byKey, alive);
  }

  /** First position whose key is >= key. */
  lowerBound(key: string): number {
    const keys = this.keys;
    const s = this.sorted;
    let lo = 0;
    let hi = s.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((keys[s[mid] as number] as string) < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Positions [lo, hi) whose key starts with prefix. */
  prefixRange(prefix: string): [number, number] {
    const lo = this.lowerBound(prefix);
    const keys = this.keys;
    const s = this.sorted;
    let hi = lo;
    // Gallop, then binary search, for the end of the run sharing the prefix.
    let step = 1;
    while (hi + step <= s.length && (keys[s[hi + step - 1] as number] as string).startsWith(prefix)) {
      hi += step;
      step *= 2;
    }
    let top = Math.min(s.length, hi + step);
    while (hi < top) {
      const mid = (hi + top) >>> 1;
      if ((keys[s[mid] as number] as string).startsWith(prefix)) hi = mid + 1;
      else top = mid;
    }
    return [lo, hi];
  }

  /** Positions [lo, hi) whose key equals key. */
  equalRange(key: string): [number, number] {
    const lo = this.lowerBound(key);
    let hi = lo;
    while (hi < this.sorted.length && this.keys[this.sorted[hi] as number] === key) hi++;
    return [lo, hi];
  }
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Merges a few sorted new ids into a long sorted run: each new id finds its place by binary search
 * (O(m log n) comparisons), the rest is plain copying. `alive` (only when something was removed since the
 * last merge) drops ids that are gone.
 */
export function mergeSorted(
  old: Int32Array,
  fresh: readonly number[],
  compare: (a: number, b: number) => number,
  alive?: (id: number) => boolean,
): Int32Array {
  let src = old;
  if (alive) {
    src = new Int32Array(old.length);
    let n = 0;
    for (let i = 0; i < old.length; i++) if (alive(old[i] as number)) src[n++] = old[i] as number;
    src = src.subarray(0, n);
  }
  const out = new Int32Array(src.length + fresh.length);
  let i = 0;
  let n = 0;
  for (const f of fresh) {
    let lo = i;
    let hi = src.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(src[mid] as number, f) <= 0) lo = mid + 1;
      else hi = mid;
    }
    while (i < lo) out[n++] = src[i++] as number;
    out[n++] = f;
  }
  while (i < src.length) out[n++] = src[i++] as number;
  return out;
}
