/**
 * Sets of half-open time intervals [a, b) in simulated minutes, kept sorted and disjoint, with
 * prefix sums so that measuring a span and walking forward by an amount are O(log n).
 */

/** A half-open interval [a, b) in minutes. */
export type Span = readonly [number, number];

/** Sorts and merges spans (touching spans merge); drops empty ones. */
export function normalize(spans: readonly Span[]): Span[] {
  const s = spans.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const out: [number, number][] = [];
  for (const [a, b] of s) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** The parts of normalized `x` that are also in normalized `y`. */
export function intersect(x: readonly Span[], y: readonly Span[]): Span[] {
  const out: Span[] = [];
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    const a = Math.max(x[i][0], y[j][0]);
    const b = Math.min(x[i][1], y[j][1]);
    if (b > a) out.push([a, b]);
    if (x[i][1] < y[j][1]) i++;
    else j++;
  }
  return out;
}

/** The parts of normalized `x` that are not in normalized `y`. */
export function subtract(x: readonly Span[], y: readonly Span[]): Span[] {
  const out: Span[] = [];
  let j = 0;
  for (const [a0, b] of x) {
    let a = a0;
    while (j < y.length && y[j][1] <= a) j++;
    let k = j;
    while (k < y.length && y[k][0] < b) {
      if (y[k][0] > a) out.push([a, y[k][0]]);
      a = Math.max(a, y[k][1]);
      if (y[k][1] > b) break;
      k++;
    }
    if (a < b) out.push([a, b]);
  }
  return out;
}

/** An immutable set of disjoint intervals with O(log n) queries. */
export class Intervals {
  private readonly open: Float64Array;
  private readonly close: Float64Array;
  /** before[i] = total length of intervals 0..i-1 */
  private readonly before: Float64Array;
  /**
   * A coarse index of the openings (finite ones, two or more): bucket k starts at
   * `open[0] + k × width` (width: the mean spacing of the openings), and `index[k]` is the last
   * interval opening at or before that start. A search then looks between two neighbouring
   * entries (about one interval) instead of among all of them; empty without an index.
   */
  private readonly index: Int32Array;
  private readonly width: number;

  constructor(spans: readonly Span[]) {
    const s = normalize(spans);
    this.open = Float64Array.from(s, (x) => x[0]);
    this.close = Float64Array.from(s, (x) => x[1]);
    this.before = new Float64Array(s.length + 1);
    for (let i = 0; i < s.length; i++) this.before[i + 1] = this.before[i] + (s[i][1] - s[i][0]);
    const n = s.length;
    this.width = n >= 2 ? (this.open[n - 1] - this.open[0]) / n : NaN;
    if (!(this.width > 0 && Number.isFinite(this.width))) {
      this.index = new Int32Array(0);
      return;
    }
    this.index = new Int32Array(n + 2);
    for (let k = 0, i = 0; k < this.index.length; k++) {
      const start = this.open[0] + k * this.width;
      while (i + 1 < n && this.open[i + 1] <= start) i++;
      this.index[k] = i;
    }
  }

  /** The intervals, in order. */
  spans(): Span[] {
    return Array.from(this.open, (a, i) => [a, this.close[i]] as const);
  }

  /** Index of the last interval opening at or before t, or -1. */
  private last(t: number): number {
    const open = this.open;
    // the answer is in [lo − 1, hi − 1]: the first opening after t is in [lo, hi]
    let lo = 0;
    let hi = open.length;
    const k = Math.floor((t - open[0]) / this.width);
    if (k >= 0 && k + 1 < this.index.length) {
      // the bucket's neighbouring entries bound it (checked, so rounding never misleads)
      const a = this.index[k];
      const b = this.index[k + 1] + 1;
      if (open[a] <= t && (b >= open.length || open[b] > t)) {
        lo = a + 1;
        hi = b;
      }
    }
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (open[mid] <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  /** True when t lies in one of the intervals. */
  contains(t: number): boolean {
    const i = this.last(t);
    return i >= 0 && t < this.close[i];
  }

  /** Total length of the intervals before t (from -∞). */
  cumulative(t: number): number {
    const i = this.last(t);
    if (i < 0) return 0;
    return this.before[i] + Math.min(t, this.close[i]) - this.open[i];
  }

  /** Length of the intervals inside [t0, t1) (0 when t1 ≤ t0). */
  measure(t0: number, t1: number): number {
    return t1 > t0 ? this.cumulative(t1) - this.cumulative(t0) : 0;
  }

  /**
   * The earliest instant t ≥ t0 with measure(t0, t) = amount; t0 itself when amount ≤ 0, and
   * Infinity when the intervals end first.
   */
  advance(t0: number, amount: number): number {
    if (!(amount > 0)) return t0;
    const target = this.cumulative(t0) + amount;
    // First interval whose end-cumulative reaches the target.
    let lo = 0;
    let hi = this.open.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.before[mid + 1] < target) lo = mid + 1;
      else hi = mid;
    }
    if (lo >= this.open.length) return Infinity;
    return this.open[lo] + (target - this.before[lo]);
  }
}
