/** Small pure statistics helpers of the benchmarks (unit-tested). */

/**
 * The p-th percentile (0..100) of the values, by linear interpolation between the closest ranks
 * (the "R-7" definition used by numpy and spreadsheets). NaN for an empty list.
 */
export function percentile(values: readonly number[], p: number): number {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile: p must be within 0..100, not ${p}`);
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (rank - lo);
}

/** Round to `digits` decimals; NaN and ±Infinity become null (JSON has no NaN). */
export function round(v: number, digits = 1): number | null {
  if (!Number.isFinite(v)) return null;
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/** CPU time (user + system, µs) over wall time (ms), as a percentage of one core. */
export function cpuPctOfCore(cpuMicros: number, wallMs: number): number {
  if (wallMs <= 0) return Number.NaN;
  return (cpuMicros / 1000 / wallMs) * 100;
}

/** Completed polls of each device (index i-1 for device i) within a measurement window. */
export interface PollWindow {
  /** Polls completed in the window. */
  count: ArrayLike<number>;
  /** Time (ms, any monotonic origin) of the first and last completed poll in the window. */
  first: ArrayLike<number>;
  last: ArrayLike<number>;
  windowMs: number;
}

/**
 * Polls per device per second, from the intervals between consecutive polls of each device inside
 * the window: (sum of intervals counted) / (sum of their lengths). Unlike polls / window, this has
 * no edge bias when devices poll in phase (a 10 s window catching 11 polls of a 1 Hz device).
 * A device polled fewer than twice counts as no interval over the whole window (rate 0).
 * `only` restricts to those devices (1-based); all when undefined.
 */
export function pollRate(w: PollWindow, only?: ReadonlySet<number>): number {
  let intervals = 0;
  let spanMs = 0;
  for (let i = 0; i < w.count.length; i++) {
    if (only && !only.has(i + 1)) continue;
    const c = w.count[i] as number;
    if (c >= 2) {
      intervals += c - 1;
      spanMs += (w.last[i] as number) - (w.first[i] as number);
    } else spanMs += w.windowMs;
  }
  return spanMs > 0 ? intervals / (spanMs / 1000) : Number.NaN;
}

/** Ratio `baseline / ours` ("how many times better"); NaN when either is missing or ours is 0. */
export function timesBetter(baseline: number | null, ours: number | null): number {
  if (baseline === null || ours === null || !(ours > 0)) return Number.NaN;
  return baseline / ours;
}
