/**
 * `weeklyVariation: { dispersion: D }`: each week's rate factor is Gamma(k, 1/k) with
 * k = μ ÷ (D − 1), so the weekly count of all arrivals keeps its mean μ and has variance ÷ mean D.
 * Fixed seed; tolerances of four standard errors of the estimates (normal theory; the mixed
 * counts here are close to normal: μ = 300, factor CV 0.12).
 */
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../src/model/build.js';
import { runReplication, type TraceEvent } from '../../src/sim/lifecycle/index.js';
import { tinyScenario } from '../sim/helpers.js';

const WEEKS = 156;
const scenario = (dispersion?: number) =>
  tinyScenario({
    horizon: `${WEEKS}w`,
    seed: 11,
    teams: [{ id: 'desk', tier: 1, engineers: { count: 40 }, queue: 'fifo' }],
    arrivals: [
      { class: 'a', rate: { perWeek: 200 }, priority: 'P3', path: [{ team: 'desk', work: '1m' }] },
      { class: 'b', rate: { perWeek: 100 }, priority: 'P3', path: [{ team: 'desk', work: '1m' }] },
    ],
    ...(dispersion !== undefined ? { weeklyVariation: { dispersion } } : {}),
  } as never);

/** Weekly arrival counts of one replication. */
function weekly(dispersion: number | undefined, index: number): number[] {
  const counts = new Array<number>(WEEKS).fill(0);
  runReplication(buildModel(scenario(dispersion)), { index, trace: (e: TraceEvent) => { if (e.type === 'arrived') counts[Math.floor(e.t / 10_080)]++; } });
  return counts;
}

const meanOf = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const varOf = (xs: number[]) => { const m = meanOf(xs); return xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1); };

describe('week-to-week variation of the load', () => {
  it('keeps the mean weekly count and gives it the dispersion asked for (D = 5)', () => {
    const reps = [0, 1, 2].map((i) => weekly(5, i));
    const all = reps.flat();
    const n = all.length;
    expect(Math.abs(meanOf(all) - 300)).toBeLessThan(4 * Math.sqrt((300 * 5) / n));
    const d = meanOf(reps.map((c) => varOf(c) / meanOf(c)));
    expect(Math.abs(d / 5 - 1)).toBeLessThan(4 * Math.sqrt(2 / (n - 3)));
  });

  it('without it, weekly counts are Poisson (variance ÷ mean near 1)', () => {
    const reps = [0, 1, 2].map((i) => weekly(undefined, i));
    const n = reps.flat().length;
    const d = meanOf(reps.map((c) => varOf(c) / meanOf(c)));
    expect(Math.abs(d - 1)).toBeLessThan(4 * Math.sqrt(2 / (n - 3)));
  });

  it('is the same draw in every run of the same seed (its own stream)', () => {
    expect(weekly(5, 1)).toEqual(weekly(5, 1));
  });
});
