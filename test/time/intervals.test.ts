import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Intervals, normalize, type Span } from '../../src/time/intervals.js';

/** The measure of normalized spans before t, summed span by span. */
function naiveCumulative(spans: readonly Span[], t: number): number {
  let sum = 0;
  for (const [a, b] of spans) if (t > a) sum += Math.min(t, b) - a;
  return sum;
}

describe('Intervals', () => {
  it('contains, measures and advances as the spans say, however the openings cluster (the coarse index only narrows the search)', () => {
    const span = fc.tuple(fc.double({ min: -5000, max: 50000, noNaN: true }), fc.double({ min: 0, max: 3000, noNaN: true })).map(([a, len]): Span => [a, a + len]);
    fc.assert(fc.property(fc.array(span, { maxLength: 60 }), fc.array(fc.double({ min: -6000, max: 60000, noNaN: true }), { minLength: 1, maxLength: 30 }), (spans, ts) => {
      const norm = normalize(spans);
      const iv = new Intervals(spans);
      for (const t of ts) {
        expect(iv.contains(t)).toBe(norm.some(([a, b]) => a <= t && t < b));
        expect(iv.cumulative(t)).toBeCloseTo(naiveCumulative(norm, t), 6);
      }
    }));
  });

  it('answers before the first opening, after the last and at every edge', () => {
    const iv = new Intervals([[0, 10], [10, 20], [30, 40], [100, 101], [1000, 1440]]);
    expect(iv.contains(-1)).toBe(false);
    expect(iv.contains(0)).toBe(true);
    expect(iv.contains(20)).toBe(false);
    expect(iv.contains(30)).toBe(true);
    expect(iv.contains(100.5)).toBe(true);
    expect(iv.contains(1439.99)).toBe(true);
    expect(iv.contains(1440)).toBe(false);
    expect(iv.contains(Infinity)).toBe(false);
    expect(iv.measure(-Infinity, Infinity)).toBe(20 + 10 + 1 + 440);
    expect(iv.measure(15, 1001)).toBe(5 + 10 + 1 + 1);
    expect(iv.advance(15, 16)).toBe(101);
  });
});
