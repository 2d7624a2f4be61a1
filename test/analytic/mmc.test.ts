/**
 * The kernel validated against queueing theory: an M/M/c FIFO queue simulated on the bare
 * Simulation (src/analytic/mmc.ts) must reproduce Erlang C. Each check runs independent
 * replications (fixed seeds) and requires the theoretical value to lie inside the 99% t-interval
 * of the replication means — the tolerance comes from the interval, not a guess — and the interval
 * to be narrow enough (a few % of the value) for the check to mean something.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { erlangC } from '../../src/analytic/erlang.js';
import { simulateMMc, type MMcOptions } from '../../src/analytic/mmc.js';
import { replicationSeed } from '../../src/kernel/rng.js';

/** 99.5% quantile of Student's t with 19 degrees of freedom (two-sided 99% interval, 20 replications). */
const T_19 = 2.861;
const REPLICATIONS = 20;

function interval(values: number[]) {
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1));
  const half = (T_19 * sd) / Math.sqrt(n);
  return { mean, low: mean - half, high: mean + half, half };
}

function replicate(o: Omit<MMcOptions, 'seed'>, scenarioSeed: string) {
  const runs = Array.from({ length: REPLICATIONS }, (_, i) => simulateMMc({ ...o, seed: replicationSeed(scenarioSeed, i) }));
  return { wait: interval(runs.map((r) => r.meanWait)), pWait: interval(runs.map((r) => r.probabilityOfWait)), runs };
}

function theory(c: number, perHour: number, meanService: number) {
  const a = (perHour / 60) * meanService;
  const pWait = erlangC(c, a);
  return { pWait, wq: (pWait * meanService) / (c - a) };
}

describe.each([
  { name: 'M/M/1 at ρ = 0.8', servers: 1, arrivalsPerHour: 48, meanServiceMinutes: 1, customers: 40_000, warmupCustomers: 2_000, relWidth: 0.08 },
  { name: 'M/M/20 at ρ = 0.9 (λ = 18/h, 1 h service)', servers: 20, arrivalsPerHour: 18, meanServiceMinutes: 60, customers: 60_000, warmupCustomers: 2_000, relWidth: 0.1 },
  { name: 'M/M/5 at ρ = 0.7', servers: 5, arrivalsPerHour: 21, meanServiceMinutes: 10, customers: 30_000, warmupCustomers: 1_000, relWidth: 0.08 },
])('$name on the bare kernel reproduces Erlang C', ({ relWidth, ...o }) => {
  const t = theory(o.servers, o.arrivalsPerHour, o.meanServiceMinutes);
  const { wait, pWait } = replicate(o, `mmc-${o.servers}`);

  it('mean wait in queue: Erlang C value inside the 99% interval of 20 replications', () => {
    expect(t.wq).toBeGreaterThanOrEqual(wait.low);
    expect(t.wq).toBeLessThanOrEqual(wait.high);
    expect(wait.half / t.wq).toBeLessThan(relWidth);
  });

  it('probability of waiting: Erlang C value inside the 99% interval', () => {
    expect(t.pWait).toBeGreaterThanOrEqual(pWait.low);
    expect(t.pWait).toBeLessThanOrEqual(pWait.high);
    expect(pWait.half / t.pWait).toBeLessThan(relWidth / 2);
  });
});

describe('Little’s law and determinism', () => {
  it('L = λW holds exactly on every sample path that starts and ends empty', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.double({ min: 0.1, max: 0.98, noNaN: true }),
        fc.integer({ min: 1, max: 2_000 }),
        fc.string(),
        (servers, rho, customers, seed) => {
          const r = simulateMMc({ servers, arrivalsPerHour: rho * servers * 6, meanServiceMinutes: 10, customers, seed });
          expect(r.little.meanInSystem / (r.little.throughput * r.little.meanSojourn)).toBeCloseTo(1, 9);
          expect(r.events).toBe(2 * customers);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('the same seed gives an identical run; another seed a different one', () => {
    const o = { servers: 3, arrivalsPerHour: 15, meanServiceMinutes: 10, customers: 5_000, warmupCustomers: 100 };
    const a = simulateMMc({ ...o, seed: 'x' });
    expect(simulateMMc({ ...o, seed: 'x' })).toEqual(a);
    expect(simulateMMc({ ...o, seed: 'y' }).meanWait).not.toBe(a.meanWait);
  });

  it('leaves warm-up customers out of the waiting statistics', () => {
    const r = simulateMMc({ servers: 2, arrivalsPerHour: 10, meanServiceMinutes: 10, customers: 1_000, warmupCustomers: 300, seed: 'w' });
    expect(r.measured).toBe(700);
  });
});
