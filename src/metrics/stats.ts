/**
 * Small statistics used by every figure: quantiles, variance, inequality indices and the 95%
 * Student-t interval over replications. Pure functions of plain arrays.
 */
import { quantileSorted, quickselect } from 'simple-statistics';
import type { Estimate } from './types.js';

export function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return s / xs.length;
}

/** Population variance (divides by n), as METRICS.md defines utilisation variance. */
export function populationVariance(xs: ArrayLike<number>): number {
  const m = mean(xs);
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += (xs[i] - m) ** 2;
  return s / xs.length;
}

/**
 * The p-quantiles (each in [0, 1]) of unsorted `values`, type 7 (R's default, numpy's linear),
 * from a copy: {@link quantilesInPlace} on it (quickselect of just the order statistics needed,
 * no sort). Undefined for each p when `values` is empty.
 */
export function quantiles(values: Float64Array, ps: readonly number[]): (number | undefined)[] {
  return quantilesInPlace(values.slice(), ps);
}

/**
 * The p-quantiles of {@link quantiles}, computed in place: `values` is reordered (each order
 * statistic the quantiles read is moved to its sorted position, by quickselect from the smallest
 * position up, each over what lies right of the one before, or by a scan for the smallest of it
 * when the position is the next one, as a ceiling after its floor is) and not copied — for a caller that
 * owns the array (a scratch buffer). The k-th smallest value does not depend on how it is found,
 * so the answers equal simple-statistics' `quantile` exactly. Read anything order-dependent (a sum) before.
 */
export function quantilesInPlace(values: Float64Array, ps: readonly number[]): (number | undefined)[] {
  for (const p of ps) if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile: p must be in [0, 1], got ${p}`);
  const n = values.length;
  if (n === 0) return ps.map(() => undefined);
  const positions: number[] = [];
  for (const p of ps) {
    const idx = p === 1 ? n - 1 : (n - 1) * p;
    positions.push(Math.floor(idx), Math.ceil(idx));
  }
  positions.sort((a, b) => a - b);
  let left = 0;
  for (const k of positions) {
    if (k < left) continue; // placed already
    if (k === left) placeSmallest(values, left); // (the ceiling right after a floor: a scan, not a partition)
    else quickselect(values as unknown as number[], k, left, n - 1);
    left = k + 1;
  }
  // type 7 from the placed order statistics (it reads only positions floor and ceil of (n − 1)·p)
  return ps.map((p) => quantileSorted(values as unknown as number[], p));
}

/** Moves the smallest of `values[from…]` to `values[from]`, swapping in each smaller one as it is met (the rest stays a permutation). */
function placeSmallest(values: Float64Array, from: number): void {
  for (let i = from + 1; i < values.length; i++) {
    if (values[i] < values[from]) {
      const x = values[from];
      values[from] = values[i];
      values[i] = x;
    }
  }
}

/**
 * Gini coefficient of non-negative values: 0 when all are equal, → 1 when one holds everything.
 * Σᵢ (2i − n − 1)·xᵢ ÷ (n·Σx) over ascending x (i from 1). 0 when the sum is 0.
 */
export function gini(values: readonly number[]): number {
  const x = [...values].sort((a, b) => a - b);
  const n = x.length;
  const total = x.reduce((a, b) => a + b, 0);
  if (n === 0 || total === 0) return 0;
  let s = 0;
  for (let i = 0; i < n; i++) s += (2 * (i + 1) - n - 1) * x[i];
  return s / (n * total);
}

/** Jain's fairness index (Σx)² ÷ (n·Σx²): 1 when all are equal, 1/n when one holds everything; 1 when all are 0. */
export function jain(values: readonly number[]): number {
  const n = values.length;
  let s = 0;
  let s2 = 0;
  for (const v of values) {
    s += v;
    s2 += v * v;
  }
  return s2 === 0 ? 1 : (s * s) / (n * s2);
}

const T975 = [
  12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.306, 2.2622, 2.2281, 2.201, 2.1788, 2.1604, 2.1448, 2.1314,
  2.1199, 2.1098, 2.1009, 2.093, 2.086, 2.0796, 2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423,
];

/**
 * The 0.975 quantile of Student's t with `df` degrees of freedom: the published table to 30,
 * then the Cornish–Fisher expansion around the normal quantile (error < 1e-4 beyond 30).
 */
export function t975(df: number): number {
  if (!(df >= 1)) throw new RangeError(`t975: degrees of freedom must be ≥ 1, got ${df}`);
  if (df <= 30) return T975[Math.floor(df) - 1];
  const z = 1.959963984540054;
  const z3 = z ** 3;
  const z5 = z ** 5;
  const z7 = z ** 7;
  return z + (z3 + z) / (4 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96 * df ** 2) + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df ** 3);
}

/** The values a figure can take: a share lies in [0, 1], a count or a duration in [0, ∞). */
export type Domain = readonly [number, number];
export const SHARE: Domain = [0, 1];
export const NON_NEGATIVE: Domain = [0, Infinity];

/**
 * Mean and 95% Student-t interval (n − 1 df) of per-replication values; n = 1 gives [mean, mean].
 * With a `domain` the interval is clipped to it (a share's interval never passes 100%, a count's
 * never goes below 0): the t interval is symmetric, the figure is not, and the values outside
 * the domain are ones no replication can produce.
 */
export function estimate(values: readonly number[], domain?: Domain): Estimate {
  const n = values.length;
  const m = mean(values);
  if (n < 2) return { mean: m, ci95: [m, m], n };
  let s = 0;
  for (const v of values) s += (v - m) ** 2;
  const h = t975(n - 1) * Math.sqrt(s / (n - 1) / n);
  if (!domain) return { mean: m, ci95: [m - h, m + h], n };
  return { mean: m, ci95: [Math.max(domain[0], m - h), Math.min(domain[1], m + h)], n };
}
