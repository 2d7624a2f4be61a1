import { FAMILIES, FAMILY_NAMES, type FittedDistribution, type SampleStats } from './families/index.js';
import { ksCritical05, ksStatistic } from './ks.js';
import { normalCdf, Z90 } from './special.js';
import { specDuration } from './families/types.js';
import { UserError } from '../errors.js';

/** One candidate family's fit and how well it fits. */
export interface Candidate {
  fitted: FittedDistribution;
  /** Akaike information criterion 2k − 2 ln L (lower is better) */
  aic: number;
  /** Kolmogorov–Smirnov distance D to the sample */
  ks: number;
  /** critical D at α = 0.05 for this n */
  ksCritical: number;
  /** D above the critical value: the family is rejected at 5% */
  rejected: boolean;
}

/** Empirical quantiles of a sample, minutes. */
export interface Empirical {
  mean: number;
  median: number;
  p90: number;
  p99: number;
}

/** The result of fitting every family to one sample. */
export interface DurationFit {
  /** sample size (after zero handling) */
  n: number;
  /** durations recorded as 0 (to the minute), read as `zeroAs` */
  zeros: number;
  empirical: Empirical;
  /** every family fitted by maximum likelihood, lowest AIC first */
  candidates: Candidate[];
  /** the maximum-likelihood family with the lowest AIC */
  best: Candidate;
  /** 95% distribution-free interval of the sample median (order statistics), minutes */
  medianCi: [number, number];
  /**
   * What the scenario uses: `best`, unless its median falls outside `medianCi` — then the
   * lognormal through the empirical median and p90 (a quantile match, so that simulated
   * median times reproduce the observed ones; its KS distance is reported the same way).
   */
  chosen: Candidate;
  /**
   * 'aic': the AIC-best; 'quantiles': the lognormal through the empirical median and p90;
   * 'priority-median': the lognormal through the empirical median and the empirical quantile at
   * another point (see matchAt)
   */
  chosenBy: 'aic' | 'quantiles' | 'priority-median';
  /** the sample, ascending (zeros as zeroAs); not written to JSON */
  sorted: Float64Array;
}

export interface FitDurationsOptions {
  /** families to try (default all: lognormal, gamma, weibull, exponential) */
  families?: string[];
  /**
   * Value used for a duration recorded as 0 (default 0.5 min: the midpoint of the one-minute
   * rounding interval of exports that record to the minute). Logs and likelihoods need x > 0.
   */
  zeroAs?: number;
}

/**
 * Fits each family by maximum likelihood to `durations` (minutes, ≥ 0) and chooses the one with
 * the lowest AIC (all candidate families but the exponential have 2 parameters, so AIC ranks by
 * likelihood among them). Each candidate carries its KS distance and whether the KS test at 5%
 * rejects it — reported, not hidden: large real samples usually reject every simple family.
 */
export function fitDurations(durations: ArrayLike<number>, options: FitDurationsOptions = {}): DurationFit {
  const zeroAs = options.zeroAs ?? 0.5;
  const names = options.families ?? FAMILY_NAMES;
  for (const f of names) if (FAMILIES[f] === undefined) throw new UserError(`--families: unknown family "${f}"; expected some of ${FAMILY_NAMES.join(', ')}`);
  const n = durations.length;
  if (n < 2) throw new UserError(`fit: cannot fit a distribution to ${n} duration${n === 1 ? '' : 's'}; expected at least 2`);
  const xs = new Float64Array(n);
  let zeros = 0;
  for (let i = 0; i < n; i++) {
    const v = durations[i];
    if (!(v >= 0) || !Number.isFinite(v)) throw new Error(`fitDurations: duration ${v} at index ${i} is not a finite number ≥ 0`);
    if (v === 0) zeros++;
    xs[i] = v === 0 ? zeroAs : v;
  }
  xs.sort();
  const stats = sampleStats(xs);
  const empirical: Empirical = { mean: stats.mean, median: quantileSorted(xs, 0.5), p90: quantileSorted(xs, 0.9), p99: quantileSorted(xs, 0.99) };
  if (xs[0] === xs[n - 1]) {
    // Every duration the same (e.g. all resolved in the minute they opened): no family has a
    // maximum-likelihood fit (each tends to a point mass), and the point mass is the fit.
    const only = candidate(pointMass(xs[0]), xs);
    return { n, zeros, empirical, candidates: [only], best: only, medianCi: [xs[0], xs[0]], chosen: only, chosenBy: 'aic', sorted: xs };
  }
  const crit = ksCritical05(n);
  const candidates = names
    .map((name) => {
      const fitted = FAMILIES[name].fit(xs, stats);
      const ks = ksStatistic(xs, fitted.cdf);
      return { fitted, aic: 2 * fitted.k - 2 * fitted.logLik, ks, ksCritical: crit, rejected: ks > crit };
    })
    .filter((c) => Number.isFinite(c.aic))
    .sort((a, b) => a.aic - b.aic);
  if (candidates.length === 0) throw new UserError(`fit: no family could be fitted to ${n} durations (all equal?)`);
  const best = candidates[0];
  const half = 1.959964 * Math.sqrt(n) / 2;
  const medianCi: [number, number] = [xs[Math.max(0, Math.floor(n / 2 - half))], xs[Math.min(n - 1, Math.ceil(n / 2 + half))]];
  let chosen = best;
  let chosenBy: DurationFit['chosenBy'] = 'aic';
  const m = best.fitted.median;
  if ((m < medianCi[0] || m > medianCi[1]) && empirical.p90 > empirical.median) {
    chosen = candidate(lognormalThrough(empirical.median, 0.5, empirical.p90, 0.9, stats), xs);
    chosenBy = 'quantiles';
  }
  return { n, zeros, empirical, candidates, best, medianCi, chosen, chosenBy, sorted: xs };
}

/**
 * `f` re-chosen as the lognormal through its empirical median and its empirical CDF at `at`
 * (minutes): a mixture of such fits, one per class, has exactly the pooled sample's CDF at `at`
 * (hence the pooled median when `at` is it). Falls back to median and p90 when `at` is the median
 * itself or the CDF there is 0 or 1.
 */
export function matchAt(f: DurationFit, at: number): DurationFit {
  const xs = f.sorted;
  const n = xs.length;
  const stats = sampleStats(xs);
  let below = 0;
  while (below < n && xs[below] <= at) below++;
  const q = below / n;
  const usable = Math.abs(Math.log(at / f.empirical.median)) > 1e-9 && q > 0.5 / n && q < 1 - 0.5 / n && (q - 0.5) * (at - f.empirical.median) > 0;
  const fitted = usable
    ? lognormalThrough(f.empirical.median, 0.5, at, q, stats)
    : lognormalThrough(f.empirical.median, 0.5, Math.max(f.empirical.p90, f.empirical.median * 1.0001), 0.9, stats);
  return { ...f, chosen: candidate(fitted, xs), chosenBy: 'priority-median' };
}

/** The deterministic distribution at `v` minutes (spec: the plain duration). */
function pointMass(v: number): FittedDistribution {
  return { family: 'deterministic', params: { value: v }, k: 1, logLik: 0, mean: v, median: v, cdf: (x) => (x < v ? 0 : 1), spec: `deterministic(${specDuration(v)})` };
}

function candidate(fitted: FittedDistribution, xs: Float64Array): Candidate {
  const crit = ksCritical05(xs.length);
  const ks = ksStatistic(xs, fitted.cdf);
  return { fitted, aic: 2 * fitted.k - 2 * fitted.logLik, ks, ksCritical: crit, rejected: ks > crit };
}

/**
 * The lognormal through (x1, q1) and (x2, q2) — F(x1) = q1, F(x2) = q2 — with its log-likelihood
 * on the sample. Written as a spec by its median and p90.
 */
function lognormalThrough(x1: number, q1: number, x2: number, q2: number, s: SampleStats): FittedDistribution {
  const z1 = normalQuantile(q1);
  const z2 = normalQuantile(q2);
  const sigma = (Math.log(x2) - Math.log(x1)) / (z2 - z1);
  const mu = Math.log(x1) - z1 * sigma;
  const n = s.n;
  // Σ ln f = −Σ ln x − n ln(σ√2π) − Σ (ln x − μ)² / 2σ², with Σ (ln x − μ)² = n(varLog + (meanLog − μ)²).
  const logLik = -n * s.meanLog - n * Math.log(sigma * Math.sqrt(2 * Math.PI)) - (n * (s.varLog + (s.meanLog - mu) ** 2)) / (2 * sigma * sigma);
  return {
    family: 'lognormal',
    params: { mu, sigma },
    k: 2,
    logLik,
    mean: Math.exp(mu + (sigma * sigma) / 2),
    median: Math.exp(mu),
    cdf: (x) => (x <= 0 ? 0 : normalCdf((Math.log(x) - mu) / sigma)),
    spec: `lognormal(median=${specDuration(Math.exp(mu))}, p90=${specDuration(Math.exp(mu + Z90 * sigma))})`,
  };
}

/** Φ⁻¹(p) by bisection on normalCdf (accurate to its 1e-7). */
function normalQuantile(p: number): number {
  if (p === 0.5) return 0;
  if (Math.abs(p - 0.9) < 1e-15) return Z90;
  let lo = -12;
  let hi = 12;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (normalCdf(mid) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Quantiles of the fitted sample at 0, 1/(points−1), …, 1 (type 7), minutes. */
export function empiricalQuantiles(f: DurationFit, points = 101): number[] {
  return Array.from({ length: points }, (_, i) => quantileSorted(f.sorted, i / (points - 1)));
}

/**
 * The sample as an interpolated empirical distribution spec over its percentiles:
 * `empirical([q0, q1, …, q100], interpolate=true)` (minutes, 4 significant digits). It keeps the
 * shape of data no simple family fits, and never exceeds the observed range.
 */
export function empiricalSpec(f: DurationFit, points = 101): string {
  return `empirical([${empiricalQuantiles(f, points).map((v) => Number(v.toPrecision(4))).join(', ')}], interpolate=true)`;
}

/** CDF of the piecewise-linear quantile function through `qs` (equally spaced probabilities). */
export function quantilesCdf(qs: readonly number[]): (x: number) => number {
  const k = qs.length - 1;
  return (x) => {
    if (x < qs[0]) return 0;
    if (x >= qs[k]) return 1;
    let lo = 0;
    let hi = k;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (qs[mid] <= x) lo = mid;
      else hi = mid;
    }
    const span = qs[lo + 1] - qs[lo];
    return (lo + (span > 0 ? (x - qs[lo]) / span : 1)) / k;
  };
}

/** n, mean, mean and variance of ln x, for a positive sample. */
export function sampleStats(xs: Float64Array): SampleStats {
  const n = xs.length;
  let sum = 0;
  let sumLog = 0;
  for (let i = 0; i < n; i++) {
    sum += xs[i];
    sumLog += Math.log(xs[i]);
  }
  const meanLog = sumLog / n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (Math.log(xs[i]) - meanLog) ** 2;
  return { n, mean: sum / n, meanLog, varLog: v / n };
}

/** The p-quantile of an ascending sample (linear interpolation between order statistics, type 7). */
export function quantileSorted(xs: ArrayLike<number>, p: number): number {
  const n = xs.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return xs[lo] + (h - lo) * (xs[hi] - xs[lo]);
}
