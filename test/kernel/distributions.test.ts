/**
 * Every distribution family against its textbook formulas, written here independently of the
 * implementation. Statistical checks use fixed seeds and tolerances from sampling theory:
 * sample mean within 4 standard errors of the true mean, sample variance within 4 standard errors
 * of the true variance (its standard error estimated from the sample's fourth central moment), and
 * the Kolmogorov–Smirnov distance to the true CDF below 1.95/√n (the 0.1% critical value); counts
 * get per-value frequency checks instead of KS.
 */
import { describe, expect, it, vi } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { errorFunction } from 'simple-statistics';
import { UserError } from '../../src/errors.js';
import { families, parseDistribution, type Distribution } from '../../src/kernel/distributions/index.js';
import { createStream, type Random } from '../../src/kernel/rng.js';

const N = 100_000;
const Z90 = 1.2815515655446004;
const phi = (z: number) => 0.5 * (1 + errorFunction(z / Math.SQRT2));

/** Regularized lower incomplete gamma P(a, x) by its power series (fine for the x used here). */
function lowerGammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < 10_000; n++) {
    term *= x / (a + n);
    sum += term;
    if (term < sum * 1e-15) break;
  }
  const logGammaA = lnGamma(a);
  return Math.min(1, sum * Math.exp(-x + a * Math.log(x) - logGammaA));
}
function lnGamma(a: number): number {
  // Stirling series with shift; accurate to ~1e-12 for a > 0.
  let shift = 0;
  while (a < 10) {
    shift += Math.log(a);
    a += 1;
  }
  const inv = 1 / a;
  const inv2 = inv * inv;
  return (a - 0.5) * Math.log(a) - a + 0.5 * Math.log(2 * Math.PI) + inv * (1 / 12 - inv2 * (1 / 360 - inv2 / 1260)) - shift;
}

function draw(d: Distribution, seed: string, n = N): Float64Array {
  const r = createStream(seed);
  const xs = new Float64Array(n);
  for (let i = 0; i < n; i++) xs[i] = d.sample(r);
  return xs;
}

function moments(xs: Float64Array) {
  const n = xs.length;
  let mean = 0;
  for (const x of xs) mean += x;
  mean /= n;
  let m2 = 0;
  let m4 = 0;
  for (const x of xs) {
    const d = (x - mean) ** 2;
    m2 += d;
    m4 += d * d;
  }
  return { mean, variance: m2 / (n - 1), m4: m4 / n };
}

function ksDistance(xs: Float64Array, cdf: (x: number) => number): number {
  const s = Float64Array.from(xs).sort();
  const n = s.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(s[i]);
    d = Math.max(d, (i + 1) / n - f, f - i / n);
  }
  return d;
}

interface Case {
  spec: string;
  mean: number;
  variance: number;
  cdf?: (x: number) => number;
  pmf?: (k: number) => number;
}

const ln4 = Math.log(4);
const sigmaMP = ln4 / Z90;
const sigmaMS2 = Math.log(1 + 45 ** 2 / 60 ** 2);
const weibullG1 = 0.9027452929509336; // Γ(5/3)
const weibullG2 = 1.190639348758999; // Γ(7/3)
const tri = { a: 5, c: 20, b: 120 };
// normal(mean=10m, sd=20m) truncated at 0: moments by numerical integration (Simpson) of the density.
const trunc = (() => {
  const mu = 10;
  const sd = 20;
  const pdf = (x: number) => Math.exp(-0.5 * ((x - mu) / sd) ** 2);
  const h = 0.01;
  let z = 0;
  let m1 = 0;
  let m2 = 0;
  for (let i = 0; i <= 20_000; i++) {
    const x = i * h;
    const w = i === 0 || i === 20_000 ? 1 : i % 2 === 1 ? 4 : 2;
    z += w * pdf(x);
    m1 += w * x * pdf(x);
    m2 += w * x * x * pdf(x);
  }
  const mean = m1 / z;
  return { mean, variance: m2 / z - mean * mean, cdf: (x: number) => (phi((x - mu) / sd) - phi(-mu / sd)) / (1 - phi(-mu / sd)) };
})();
const poissonPmf = (m: number) => (k: number) => Math.exp(-m + k * Math.log(m) - lnGamma(k + 1));

const cases: Case[] = [
  { spec: 'exponential(mean=1h)', mean: 60, variance: 3600, cdf: (x) => 1 - Math.exp(-x / 60) },
  { spec: 'exponential(20m)', mean: 20, variance: 400, cdf: (x) => 1 - Math.exp(-x / 20) },
  { spec: 'uniform(min=5m, max=1h)', mean: 32.5, variance: 55 ** 2 / 12, cdf: (x) => Math.min(1, Math.max(0, (x - 5) / 55)) },
  {
    spec: 'triangular(5m, 20m, 2h)',
    mean: (5 + 20 + 120) / 3,
    variance: (5 ** 2 + 20 ** 2 + 120 ** 2 - 5 * 20 - 5 * 120 - 20 * 120) / 18,
    cdf: (x) => {
      const { a, b, c } = tri;
      if (x <= a) return 0;
      if (x <= c) return (x - a) ** 2 / ((b - a) * (c - a));
      if (x < b) return 1 - (b - x) ** 2 / ((b - a) * (b - c));
      return 1;
    },
  },
  { spec: 'normal(mean=10m, sd=20m)', mean: trunc.mean, variance: trunc.variance, cdf: trunc.cdf },
  {
    spec: 'lognormal(median=30m, p90=2h)',
    mean: 30 * Math.exp(sigmaMP ** 2 / 2),
    variance: Math.expm1(sigmaMP ** 2) * 900 * Math.exp(sigmaMP ** 2),
    cdf: (x) => phi((Math.log(x) - Math.log(30)) / sigmaMP),
  },
  {
    spec: 'lognormal(mean=1h, sd=45m)',
    mean: 60,
    variance: 2025,
    cdf: (x) => phi((Math.log(x) - (Math.log(60) - sigmaMS2 / 2)) / Math.sqrt(sigmaMS2)),
  },
  { spec: 'gamma(mean=3h, cv=0.8)', mean: 180, variance: (0.8 * 180) ** 2, cdf: (x) => lowerGammaP(1 / 0.64, x / (180 * 0.64)) },
  { spec: 'gamma(shape=0.5, scale=1h)', mean: 30, variance: 1800, cdf: (x) => errorFunction(Math.sqrt(x / 60)) },
  { spec: 'gamma(shape=9, scale=10m)', mean: 90, variance: 900, cdf: (x) => lowerGammaP(9, x / 10) },
  {
    spec: 'weibull(shape=1.5, scale=2h)',
    mean: 120 * weibullG1,
    variance: 120 ** 2 * (weibullG2 - weibullG1 ** 2),
    cdf: (x) => 1 - Math.exp(-((x / 120) ** 1.5)),
  },
  {
    spec: 'empirical([10m, 25m, 2h])',
    mean: 155 / 3,
    variance: (100 + 625 + 14400) / 3 - (155 / 3) ** 2,
    pmf: (k) => (k === 10 || k === 25 || k === 120 ? 1 / 3 : 0),
  },
  {
    spec: 'empirical([25m, 10m, 2h], interpolate=true)',
    mean: 45,
    variance: ((10 ** 2 + 10 * 25 + 25 ** 2) / 3 + (25 ** 2 + 25 * 120 + 120 ** 2) / 3) / 2 - 45 ** 2,
    cdf: (x) => (x <= 10 ? 0 : x <= 25 ? (0.5 * (x - 10)) / 15 : x < 120 ? 0.5 + (0.5 * (x - 25)) / 95 : 1),
  },
  {
    spec: 'mixture(0.7: exponential(mean=20m), 0.3: uniform(1h, 2h))',
    mean: 0.7 * 20 + 0.3 * 90,
    variance: 0.7 * 800 + 0.3 * (8100 + 300) - 41 ** 2,
    cdf: (x) => 0.7 * (1 - Math.exp(-x / 20)) + 0.3 * Math.min(1, Math.max(0, (x - 60) / 60)),
  },
  { spec: 'poisson(mean=3)', mean: 3, variance: 3, pmf: poissonPmf(3) },
  { spec: 'poisson(mean=10)', mean: 10, variance: 10, pmf: poissonPmf(10) },
  { spec: 'poisson(mean=40)', mean: 40, variance: 40, pmf: poissonPmf(40) },
  { spec: 'geometric(mean=3)', mean: 3, variance: 12, pmf: (k) => 0.25 * 0.75 ** k },
  { spec: 'geometric(p=0.6)', mean: 0.4 / 0.6, variance: 0.4 / 0.36, pmf: (k) => 0.6 * 0.4 ** k },
];

describe('every registered family is covered by the statistical checks', () => {
  it('lists exactly the families the issue asks for, plus counts', () => {
    const tested = new Set(cases.map((c) => c.spec.replace(/\(.*$/, '')));
    tested.add('deterministic');
    expect([...families.keys()].sort()).toEqual([...tested].sort());
  });
});

describe.each(cases)('$spec', ({ spec, mean, variance, cdf, pmf }) => {
  const d = parseDistribution(spec, 'work');
  const xs = draw(d, `distributions/${spec}`);

  it('exposes the textbook mean and variance', () => {
    expect(d.mean).toBeCloseTo(mean, 8);
    expect(d.variance / variance).toBeCloseTo(1, 8);
  });

  it('has sample mean and variance within 4 standard errors of them', () => {
    const m = moments(xs);
    expect(Math.abs(m.mean - mean)).toBeLessThan(4 * Math.sqrt(variance / N));
    const seVariance = Math.sqrt(Math.max(m.m4 - m.variance ** 2, 0) / N);
    expect(Math.abs(m.variance - variance)).toBeLessThan(4 * seVariance);
  });

  it('samples only non-negative values', () => {
    expect(xs.every((x) => x >= 0 && Number.isFinite(x))).toBe(true);
  });

  if (cdf) {
    it('matches the CDF (Kolmogorov–Smirnov distance below the 0.1% critical value)', () => {
      expect(ksDistance(xs, cdf)).toBeLessThan(1.95 / Math.sqrt(N));
    });
  }
  if (pmf) {
    it('passes a chi-square goodness-of-fit test at the 0.1% level (bins with ≥ 5 expected, tail pooled)', () => {
      const counts = new Map<number, number>();
      for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
      for (const [k, c] of counts) {
        expect(Number.isInteger(k), `value ${k}`).toBe(true);
        expect(pmf(k), `P(X = ${k}) for a value drawn ${c} times`).toBeGreaterThan(0);
      }
      let chi2 = 0;
      let bins = 0;
      let cumulative = 0;
      let k = 0;
      for (; (1 - cumulative) * N >= 10; k++) {
        const p = pmf(k);
        cumulative += p;
        if (p === 0) continue;
        chi2 += ((counts.get(k) ?? 0) - N * p) ** 2 / (N * p);
        bins++;
      }
      let tailObserved = 0;
      for (const [v, c] of counts) if (v >= k) tailObserved += c;
      const tailExpected = N * Math.max(0, 1 - cumulative);
      if (tailExpected > 1e-9) {
        chi2 += (tailObserved - tailExpected) ** 2 / tailExpected;
        bins++;
      } else expect(tailObserved).toBe(0);
      // Wilson–Hilferty approximation of the 99.9% quantile of χ² with bins − 1 degrees of freedom.
      const df = bins - 1;
      const critical = df * (1 - 2 / (9 * df) + 3.0902 * Math.sqrt(2 / (9 * df))) ** 3;
      expect(chi2).toBeLessThan(critical);
    });
  }

  it('prints a spec that parses back to the same distribution', () => {
    const again = parseDistribution(String(d));
    expect(again.kind).toBe(d.kind);
    expect(again.mean / d.mean).toBeCloseTo(1, 4);
    expect(again.variance / d.variance).toBeCloseTo(1, 4);
  });
});

describe('deterministic values', () => {
  it.each([
    ['deterministic(10m)', 10],
    ['deterministic(1h30m)', 90],
    ['15m', 15],
    ['2h', 120],
    [45, 45],
    ['0', 0],
  ])('%j is always %d, with variance 0, and draws no random numbers', (spec, value) => {
    const d = parseDistribution(spec);
    expect(d.kind).toBe('deterministic');
    let calls = 0;
    const r: Random = () => {
      calls++;
      return 0.5;
    };
    expect([d.sample(r), d.sample(r)]).toEqual([value, value]);
    expect(calls).toBe(0);
    expect([d.mean, d.variance]).toEqual([value, 0]);
  });
});

describe('sampling uses only the stream it is given', () => {
  it('gives identical draws from identically seeded streams and never calls Math.random', () => {
    const spy = vi.spyOn(Math, 'random');
    try {
      for (const c of cases) {
        const d = parseDistribution(c.spec);
        const a = draw(d, 'same', 500);
        const b = draw(d, 'same', 500);
        expect(Array.from(a)).toEqual(Array.from(b));
      }
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  it('inverse-CDF families map the uniform monotonically (one draw per sample)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (u, v) => {
        for (const spec of ['exponential(mean=1h)', 'uniform(5m, 1h)', 'triangular(5m, 20m, 2h)', 'weibull(shape=0.7, scale=3h)', 'geometric(mean=3)']) {
          const d = parseDistribution(spec);
          const [lo, hi] = u <= v ? [u, v] : [v, u];
          expect(d.sample(() => lo)).toBeLessThanOrEqual(d.sample(() => hi));
        }
      }),
    );
  });
});

describe('bad specs give one UserError line naming the field, the value and what is accepted', () => {
  it.each([
    ['lognormal(median=2h, p90=30m)', 'teams[0].work: lognormal parameter p90=30m is invalid; expected a duration greater than median=2h (accepted: lognormal(median=30m, p90=2h) or lognormal(mean=1h, sd=45m))'],
    ['exponential(mean=0)', 'teams[0].work: exponential parameter mean=0 is invalid; expected a duration > 0 (accepted: exponential(mean=1h) or exponential(1h))'],
    ['exponential(mean=3x)', 'teams[0].work: exponential parameter mean=3x is invalid; expected a duration such as 90s, 15m, 4h, 3d, 1w or plain minutes (accepted: exponential(mean=1h) or exponential(1h))'],
    ['exponential(mean=1h, sd=5m)', 'teams[0].work: exponential has no parameter sd; accepted: exponential(mean=1h) or exponential(1h)'],
    ['exponential()', 'teams[0].work: exponential needs parameter mean; accepted: exponential(mean=1h) or exponential(1h)'],
    ['gamma(mean=3h, cv=-1)', 'teams[0].work: gamma parameter cv=-1 is invalid; expected a number > 0 (accepted: gamma(mean=3h, cv=0.8) or gamma(shape=2, scale=1h))'],
    ['uniform(1h, 5m)', 'teams[0].work: uniform parameter max=5m is invalid; expected a duration greater than min=1h (accepted: uniform(min=5m, max=1h) or uniform(5m, 1h))'],
    ['triangular(5m, 3h, 2h)', 'teams[0].work: triangular parameter mode=3h is invalid; expected a duration between min=5m and max=2h (accepted: triangular(min=5m, mode=20m, max=2h) or triangular(5m, 20m, 2h))'],
    ['weibull(shape=0, scale=1h)', 'teams[0].work: weibull parameter shape=0 is invalid; expected a number > 0 (accepted: weibull(shape=1.5, scale=2h))'],
    ['geometric(p=1.5)', 'teams[0].work: geometric parameter p=1.5 is invalid; expected a number > 0 and ≤ 1 (accepted: geometric(mean=3) or geometric(p=0.25))'],
    ['lognormal(median=30m)', 'teams[0].work: lognormal needs parameter p90; accepted: lognormal(median=30m, p90=2h) or lognormal(mean=1h, sd=45m)'],
    ['lognormal(30m, 2h)', 'teams[0].work: lognormal needs median and p90, or mean and sd; accepted: lognormal(median=30m, p90=2h) or lognormal(mean=1h, sd=45m)'],
    ['mixture(0.5: exponential(1h), 0.4: deterministic(5m))', 'teams[0].work: mixture weights sum to 0.9, not 1; accepted: mixture(0.7: exponential(mean=20m), 0.3: lognormal(median=4h, p90=1d))'],
    ['empirical([])', 'teams[0].work: empirical has no values; accepted: empirical([10m, 25m, 2h]), empirical(file=times.csv), optionally with interpolate=true'],
    ['exponential(1h, mean=2h)', 'teams[0].work: exponential parameter mean is given twice (by position and by name); accepted: exponential(mean=1h) or exponential(1h)'],
    ['uniform(5m, 1h, 2h)', 'teams[0].work: uniform takes at most 2 unnamed argument(s), got 3; accepted: uniform(min=5m, max=1h) or uniform(5m, 1h)'],
    ['exponential(mean=1h, mean=2h)', 'teams[0].work: malformed arguments in "exponential(mean=1h, mean=2h)" (empty or repeated argument); expected exponential(mean=1h) or exponential(1h)'],
  ])('%s', (spec, message) => {
    expect(() => parseDistribution(spec, 'teams[0].work')).toThrow(UserError);
    expect(() => parseDistribution(spec, 'teams[0].work')).toThrow(message);
  });

  it('names the bad component path inside a mixture', () => {
    expect(() => parseDistribution('mixture(0.5: exponential(1h), 0.5: gamma(mean=1h, cv=0))', 'w')).toThrow(/^w\.mixture\[1\]: gamma parameter cv=0 is invalid/);
  });

  it.each(['norml(mean=1h)', '12q', 'exponential(mean=1h', ''])('rejects %j, listing the known families', (spec) => {
    expect(() => parseDistribution(spec, 'triage.delay')).toThrow(/^triage\.delay: (unknown|invalid) distribution .*deterministic, exponential, uniform, triangular, normal, lognormal, gamma, weibull, empirical, mixture, poisson, geometric/);
  });
});

describe('empirical data from a CSV file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'incisim-empirical-'));

  it('reads the first column (durations or minutes), skipping a header row', () => {
    const file = join(dir, 'times.csv');
    writeFileSync(file, 'minutes,note\n10m,a\n1h,b\n"30",c\n\n');
    const d = parseDistribution(`empirical(file=${file})`, 'work');
    expect(d.mean).toBeCloseTo((10 + 60 + 30) / 3, 12);
    expect(String(d)).toBe(`empirical(file=${file})`);
    const seen = new Set(Array.from(draw(d, 'csv', 300)));
    expect([...seen].sort((a, b) => a - b)).toEqual([10, 30, 60]);
  });

  it('names the file, row and column of a bad value, and a missing file', () => {
    const file = join(dir, 'bad.csv');
    writeFileSync(file, '10m\nsoon\n');
    expect(() => parseDistribution(`empirical(file=${file})`, 'work')).toThrow(`work (${file} row 2, column 1): invalid duration "soon"`);
    expect(() => parseDistribution(`empirical(file=${join(dir, 'none.csv')})`, 'work')).toThrow(/^work: .*none\.csv: cannot read the empirical data file \(no such file\); expected a readable CSV/);
  });
});
