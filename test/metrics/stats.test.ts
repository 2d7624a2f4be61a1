/** The statistics under every figure: inequality indices, Student t, estimates. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quantileSorted } from 'simple-statistics';
import { estimate, gini, jain, populationVariance, quantiles, quantilesInPlace, t975 } from '../../src/metrics/stats.js';

const loads = fc.array(fc.oneof(fc.constant(0), fc.double({ min: 1e-3, max: 1000, noNaN: true })), { minLength: 1, maxLength: 50 });

describe('Gini coefficient', () => {
  it('is 0 for equal loads and (n−1)/n when one engineer holds everything', () => {
    expect(gini([3, 3, 3, 3])).toBe(0);
    expect(gini([0, 0, 0, 10])).toBeCloseTo(3 / 4, 12);
    // hand-computed: sorted 1,2,3,4 → Σ(2i−n−1)x = −3·1 −1·2 +1·3 +3·4 = 10; 10 / (4·10) = 0.25
    expect(gini([4, 1, 3, 2])).toBeCloseTo(0.25, 12);
  });
  it('lies in [0, 1) and does not change when every load is scaled', () => {
    fc.assert(
      fc.property(loads, fc.double({ min: 0.01, max: 100, noNaN: true }), (xs, k) => {
        const g = gini(xs);
        expect(g).toBeGreaterThanOrEqual(-1e-12);
        expect(g).toBeLessThan(1);
        expect(gini(xs.map((x) => x * k))).toBeCloseTo(g, 9);
      }),
    );
  });
});

describe("Jain's fairness index", () => {
  it('is 1 for equal loads and 1/n when one engineer holds everything', () => {
    expect(jain([5, 5, 5])).toBe(1);
    expect(jain([0, 0, 0, 7])).toBeCloseTo(1 / 4, 12);
    expect(jain([1, 2, 3])).toBeCloseTo(36 / 42, 12);
  });
  it('lies in [1/n, 1]', () => {
    fc.assert(
      fc.property(loads, (xs) => {
        const j = jain(xs);
        expect(j).toBeGreaterThanOrEqual(1 / xs.length - 1e-12);
        expect(j).toBeLessThanOrEqual(1 + 1e-12);
      }),
    );
  });
});

describe('Student t and estimates', () => {
  it('matches the published 97.5% quantiles', () => {
    expect(t975(1)).toBe(12.7062);
    expect(t975(9)).toBe(2.2622);
    expect(t975(40)).toBeCloseTo(2.0211, 3);
    expect(t975(120)).toBeCloseTo(1.9799, 3);
    expect(t975(100000)).toBeCloseTo(1.96, 3);
  });
  it('gives mean ± t·s/√n, and [mean, mean] for one replication', () => {
    // 1..5: mean 3, s = √2.5, n = 5, t(4) = 2.7764
    const e = estimate([1, 2, 3, 4, 5]);
    const h = 2.7764 * Math.sqrt(2.5 / 5);
    expect(e.mean).toBe(3);
    expect(e.ci95[0]).toBeCloseTo(3 - h, 12);
    expect(e.ci95[1]).toBeCloseTo(3 + h, 12);
    expect(e.n).toBe(5);
    expect(estimate([7])).toEqual({ mean: 7, ci95: [7, 7], n: 1 });
  });
  it('population variance divides by n', () => {
    expect(populationVariance([0.5, 0.7, 0.9])).toBeCloseTo(0.08 / 3, 12);
  });
});

describe('quantiles', () => {
  it('gives exactly the type-7 quantiles of the sorted values (simple-statistics), ties and duplicates included', () => {
    const values = fc.array(fc.oneof(fc.integer({ min: 0, max: 5 }), fc.double({ min: 0, max: 1e6, noNaN: true })), { minLength: 1, maxLength: 300 });
    const ps = fc.uniqueArray(fc.oneof(fc.constantFrom(0, 0.5, 0.9, 0.95, 0.99, 1), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(values, ps, (xs, qs) => {
        const asc = [...qs].sort((a, b) => a - b);
        const sorted = Float64Array.from(xs).sort();
        const got = quantiles(Float64Array.from(xs), asc);
        asc.forEach((p, i) => expect(got[i]).toBe(quantileSorted(Array.from(sorted), p)));
      }),
      { numRuns: 500 },
    );
  });

  it('is undefined on no values and rejects p outside [0, 1]', () => {
    expect(quantiles(new Float64Array(0), [0.5, 0.9])).toEqual([undefined, undefined]);
    expect(() => quantiles(Float64Array.of(1, 2), [1.5])).toThrow(/p must be in \[0, 1\], got 1.5/);
  });
});

describe('quantilesInPlace', () => {
  it('gives exactly what quantiles gives, in any order of p, ties and duplicates included, and only reorders its input', () => {
    const values = fc.array(fc.oneof(fc.integer({ min: 0, max: 5 }), fc.double({ min: 0, max: 1e6, noNaN: true })), { minLength: 1, maxLength: 2000 });
    const ps = fc.array(fc.oneof(fc.constantFrom(0, 0.5, 0.9, 0.95, 0.99, 1), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(values, ps, (xs, qs) => {
        const own = Float64Array.from(xs);
        expect(quantilesInPlace(own, qs)).toEqual(quantiles(Float64Array.from(xs), qs));
        expect(Array.from(own).sort((a, b) => a - b)).toEqual([...xs].sort((a, b) => a - b));
      }),
      { numRuns: 500, seed: 16 },
    );
  });

  it('is undefined on no values and rejects p outside [0, 1]', () => {
    expect(quantilesInPlace(new Float64Array(0), [0.5])).toEqual([undefined]);
    expect(() => quantilesInPlace(Float64Array.of(1, 2), [-0.1])).toThrow(/p must be in \[0, 1\], got -0.1/);
  });
});
