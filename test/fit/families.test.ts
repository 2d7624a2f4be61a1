import { describe, expect, it } from 'vitest';
import { createStream, type Random } from '../../src/kernel/rng.js';
import { fitDurations, ksCritical05, ksStatistic, quantileSorted } from '../../src/fit/index.js';
import { matchAt } from '../../src/fit/select.js';
import { medianOf } from '../../src/fit/families/gamma.js';
import { digamma, gammaP, lnGamma, normalCdf, trigamma } from '../../src/fit/special.js';

/** Standard normal by Box–Muller. */
function normal(r: Random): number {
  return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}
/** Gamma(k, 1) by Marsaglia–Tsang (k ≥ 1). */
function gamma1(r: Random, k: number): number {
  const d = k - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const z = normal(r);
    const v = (1 + c * z) ** 3;
    if (v > 0 && Math.log(1 - r()) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v;
  }
}
const sample = (n: number, seed: string, draw: (r: Random) => number) => {
  const r = createStream(seed);
  return Array.from({ length: n }, () => draw(r));
};
const N = 4000;

describe('special functions', () => {
  it('match tabulated values', () => {
    expect(lnGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(lnGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
    expect(digamma(1)).toBeCloseTo(-0.5772156649015329, 10);
    expect(trigamma(1)).toBeCloseTo((Math.PI * Math.PI) / 6, 10);
    expect(gammaP(1, 2)).toBeCloseTo(1 - Math.exp(-2), 12); // exponential CDF
    expect(gammaP(3, 2.5)).toBeCloseTo(0.4561868841166703, 10); // series branch
    expect(gammaP(2, 5)).toBeCloseTo(1 - 6 * Math.exp(-5), 12); // continued fraction branch
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.15865525393145707, 6);
  });
});

describe('maximum-likelihood fits recover known distributions (n = 4000, fixed seeds)', () => {
  it('lognormal: μ and σ within their 99% intervals, chosen by AIC, not rejected by KS', () => {
    const mu = Math.log(30);
    const sigma = 1.2;
    const f = fitDurations(sample(N, 'ln', (r) => Math.exp(mu + sigma * normal(r))));
    const c = f.candidates.find((x) => x.fitted.family === 'lognormal')!;
    // se(μ̂) = σ/√n, se(σ̂) ≈ σ/√(2n); 99% → 2.576 se.
    expect(Math.abs(c.fitted.params.mu - mu)).toBeLessThan((2.576 * sigma) / Math.sqrt(N));
    expect(Math.abs(c.fitted.params.sigma - sigma)).toBeLessThan((2.576 * sigma) / Math.sqrt(2 * N));
    expect(f.best.fitted.family).toBe('lognormal');
    expect(f.best.rejected).toBe(false);
    expect(f.chosenBy).toBe('aic');
    expect(f.chosen.fitted.spec).toMatch(/^lognormal\(median=[\d.]+m, p90=[\d.]+h\)$/);
    // exponential with the same data is far off and rejected
    expect(f.candidates.find((x) => x.fitted.family === 'exponential')!.rejected).toBe(true);
  });

  it('gamma: the fitted mean is the sample mean; shape within 99% of the truth; chosen by AIC', () => {
    const k = 2.5;
    const theta = 40;
    const xs = sample(N, 'ga', (r) => theta * gamma1(r, k));
    const f = fitDurations(xs);
    const c = f.candidates.find((x) => x.fitted.family === 'gamma')!;
    const mean = xs.reduce((a, b) => a + b, 0) / N;
    expect(c.fitted.mean).toBeCloseTo(mean, 8);
    // Fisher information for k with θ profiled out: n(ψ′(k) − 1/k).
    const seK = 1 / Math.sqrt(N * (trigamma(k) - 1 / k));
    expect(Math.abs(c.fitted.params.shape - k)).toBeLessThan(2.576 * seK);
    expect(f.best.fitted.family).toBe('gamma');
    expect(c.rejected).toBe(false);
    expect(c.fitted.spec).toMatch(/^gamma\(mean=[\d.]+m, cv=0\.6\d*\)$/);
  });

  it('weibull: shape and scale within 99% intervals; chosen by AIC', () => {
    const k = 0.7;
    const lambda = 300;
    const f = fitDurations(sample(N, 'wb', (r) => lambda * Math.pow(-Math.log(1 - r()), 1 / k)));
    const c = f.candidates.find((x) => x.fitted.family === 'weibull')!;
    // Asymptotic se: shape ≈ 0.78 k/√n, scale ≈ 1.053 λ/(k√n).
    expect(Math.abs(c.fitted.params.shape - k)).toBeLessThan((2.576 * 0.78 * k) / Math.sqrt(N));
    expect(Math.abs(c.fitted.params.scale - lambda)).toBeLessThan((2.576 * 1.053 * lambda) / (k * Math.sqrt(N)));
    expect(f.best.fitted.family).toBe('weibull');
    expect(c.rejected).toBe(false);
  });

  it('exponential: the mean is the sample mean; gamma and weibull collapse onto it (shape ≈ 1)', () => {
    const xs = sample(N, 'ex', (r) => -50 * Math.log(1 - r()));
    const f = fitDurations(xs);
    const byName = Object.fromEntries(f.candidates.map((c) => [c.fitted.family, c]));
    const mean = xs.reduce((a, b) => a + b, 0) / N;
    expect(byName.exponential.fitted.mean).toBeCloseTo(mean, 10);
    expect(Math.abs(byName.exponential.fitted.mean - 50)).toBeLessThan((2.576 * 50) / Math.sqrt(N));
    expect(Math.abs(byName.gamma.fitted.params.shape - 1)).toBeLessThan(2.576 / Math.sqrt(N * (trigamma(1) - 1)));
    expect(Math.abs(byName.weibull.fitted.params.shape - 1)).toBeLessThan((2.576 * 0.78) / Math.sqrt(N));
    expect(byName.exponential.rejected).toBe(false);
    // one parameter fewer: AIC = 2k − 2 ln L, so gamma can beat it only by a likelihood gain > 1
    expect(byName.gamma.aic - byName.exponential.aic).toBeGreaterThan(-2 * 3.3);
  });

  it('zeros (durations recorded to the minute) are read as 0.5 min and counted', () => {
    const f = fitDurations([0, 0, 1, 2, 3, 5, 8, 13]);
    expect(f.zeros).toBe(2);
    expect(f.n).toBe(8);
    expect(f.empirical.median).toBeCloseTo(2.5, 12);
  });

  it('rejects samples too small to fit and unknown families', () => {
    expect(() => fitDurations([5])).toThrow(/cannot fit a distribution to 1 duration; expected at least 2/);
    expect(() => fitDurations([1, 2, 3], { families: ['pareto'] })).toThrow(/unknown family "pareto"/);
  });

  it('falls back to the quantile-matched lognormal when the best fit misses the median interval', () => {
    // A two-humped sample: 60% near 10 min, 40% near 3 days. No single family's median lands near 14 min.
    const xs = sample(N, 'mix', (r) => (r() < 0.6 ? Math.exp(Math.log(10) + 0.3 * normal(r)) : Math.exp(Math.log(4320) + 0.5 * normal(r))));
    const f = fitDurations(xs);
    expect(f.best.fitted.median < f.medianCi[0] || f.best.fitted.median > f.medianCi[1]).toBe(true);
    expect(f.chosenBy).toBe('quantiles');
    expect(f.chosen.fitted.median).toBeCloseTo(f.empirical.median, 8);
    // p90 matches too: F(p90) = 0.9
    expect(f.chosen.fitted.cdf(f.empirical.p90)).toBeCloseTo(0.9, 6);
    // the KS verdict is still reported honestly (this mixture is not lognormal)
    expect(f.chosen.rejected).toBe(true);
  });
});

describe('matchAt: fits that mix back to the pooled median', () => {
  it('a rate-weighted mixture of per-class re-chosen fits has the pooled sample\'s median', () => {
    const a = sample(3000, 'ma', (r) => Math.exp(Math.log(20) + 2 * normal(r)));
    const b = sample(1000, 'mb', (r) => Math.exp(Math.log(2000) + 0.8 * normal(r)));
    const pooled = [...a, ...b].sort((x, y) => x - y);
    const m = quantileSorted(pooled, 0.5);
    const fa = matchAt(fitDurations(a), m);
    const fb = matchAt(fitDurations(b), m);
    expect(fa.chosenBy).toBe('priority-median');
    expect(fa.chosen.fitted.median).toBeCloseTo(fa.empirical.median, 6);
    const mix = (x: number) => 0.75 * fa.chosen.fitted.cdf(x) + 0.25 * fb.chosen.fitted.cdf(x);
    // exact up to the sample's discreteness (one order statistic) and normalCdf's 1e-7
    expect(Math.abs(mix(m) - 0.5)).toBeLessThan(1 / 4000);
    expect(medianOf(mix, m) / m).toBeCloseTo(1, 2);
  });
});

describe('Kolmogorov–Smirnov', () => {
  it('computes D exactly on a small sample and the 5% critical value', () => {
    const xs = new Float64Array([0.1, 0.4, 0.7]);
    // uniform CDF: D = max(1/3 − 0.1, 0.4 − 1/3, 2/3 − 0.4, 0.7 − 2/3, 1 − 0.7) = 0.3
    expect(ksStatistic(xs, (x) => x)).toBeCloseTo(0.3, 12);
    expect(ksCritical05(100)).toBeCloseTo(0.1340, 3); // tabled 0.136 (asymptotic 1.358/√n)
    expect(ksCritical05(10000)).toBeCloseTo(0.01358, 4);
  });
});
