import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { UserError } from '../../src/errors.js';
import {
  agentsForServiceLevel,
  averageSpeedOfAnswer,
  erlangA,
  erlangB,
  erlangC,
  occupancy,
  offeredLoad,
  probabilityOfWait,
  serviceLevel,
  squareRootStaffing,
} from '../../src/analytic/erlang.js';

/** Erlang C by the textbook closed form (direct sums), independent of the recursion under test. */
function erlangCDirect(c: number, a: number): number {
  let term = 1; // A^k / k!
  let sum = 0;
  for (let k = 0; k < c; k++) {
    sum += term;
    term *= a / (k + 1);
  }
  const top = (term * c) / (c - a);
  return top / (sum + top);
}

/** Erlang B by the closed form A^c/c! / Σ_{k≤c} A^k/k!. */
function erlangBDirect(c: number, a: number): number {
  let term = 1;
  let sum = 1;
  for (let k = 1; k <= c; k++) {
    term *= a / k;
    sum += term;
  }
  return term / sum;
}

describe('the published worked example: 10 Erlangs (200 calls/h or 100 per 30 min, AHT 3 min), target 20 s', () => {
  const q = { arrivalsPerHour: 200, ahtMinutes: 3, targetMinutes: 20 / 60 };

  it('offered load is 10 Erlangs', () => {
    expect(offeredLoad(q)).toBeCloseTo(10, 12);
  });

  it('14 agents: P(wait) 0.174132, service level 0.888350, occupancy 0.714286, ASA 7.8 s', () => {
    const a = { ...q, agents: 14 };
    expect(probabilityOfWait(a)).toBeCloseTo(0.174132, 6);
    expect(erlangC(14, 10)).toBeCloseTo(0.174132, 6);
    expect(serviceLevel(a)).toBeCloseTo(0.88835, 6);
    expect(occupancy(a)).toBeCloseTo(0.714286, 6);
    expect(averageSpeedOfAnswer(a) * 60).toBeCloseTo(7.8, 1);
  });

  it('13 agents: service level 0.7956 (misses 80%)', () => {
    expect(serviceLevel({ ...q, agents: 13 })).toBeCloseTo(0.7956, 4);
  });

  it('an 80% target needs 14 agents, 20 positions at 30% shrinkage', () => {
    const r = agentsForServiceLevel({ ...q, serviceLevel: 0.8, shrinkage: 0.3 });
    expect(r.agents).toBe(14);
    expect(r.positions).toBe(20);
    expect(r.probabilityOfWait).toBeCloseTo(0.174132, 6);
    expect(r.serviceLevel).toBeCloseTo(0.88835, 6);
    expect(r.occupancy).toBeCloseTo(0.714286, 6);
    expect(r.offeredErlangs).toBeCloseTo(10, 12);
  });

  it('without shrinkage positions equal agents', () => {
    expect(agentsForServiceLevel({ ...q, serviceLevel: 0.8 }).positions).toBe(14);
  });
});

describe('Erlang B against the published 1%-blocking table (trunks → Erlangs)', () => {
  /** The largest load with blocking ≤ 1%, by bisection on the implementation's Erlang B. */
  const capacityAtOnePercent = (n: number) => {
    let lo = 0;
    let hi = n * 2;
    for (let i = 0; i < 100; i++) {
      const mid = (lo + hi) / 2;
      if (erlangB(n, mid) <= 0.01) lo = mid;
      else hi = mid;
    }
    return lo;
  };
  it.each([
    [1, 0.0101, 0.00005],
    [2, 0.153, 0.0005],
    [5, 1.36, 0.005],
    [10, 4.46, 0.005],
    [20, 12.0, 0.05],
    [50, 37.9, 0.05],
    [100, 84.1, 0.05],
  ])('%i trunks carry %d Erlangs', (n, table, halfUnit) => {
    expect(Math.abs(capacityAtOnePercent(n) - table)).toBeLessThanOrEqual(halfUnit);
  });
});

describe('Erlang B and C formulas', () => {
  it('the recursions agree with the closed forms (up to 150 servers, loads where neither underflows)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 150 }), fc.double({ min: 0.2, max: 0.999, noNaN: true }), (c, rho) => {
        const a = c * rho;
        expect(erlangB(c, a) / erlangBDirect(c, a)).toBeCloseTo(1, 9);
        expect(erlangC(c, a) / erlangCDirect(c, a)).toBeCloseTo(1, 9);
      }),
    );
  });

  it('stays finite and in (0, 1) for thousands of servers, where the closed form overflows', () => {
    const c = erlangC(2000, 1950);
    expect(c).toBeGreaterThan(0);
    expect(c).toBeLessThan(1);
    expect(Number.isNaN(erlangCDirect(2000, 1950))).toBe(true);
    expect(erlangC(2001, 1950)).toBeLessThan(c);
  });

  it('C ≥ B, both fall as servers are added, and C = 1 once the load reaches the servers', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.double({ min: 0.3, max: 1.5, noNaN: true }), (c, rho) => {
        const a = c * rho;
        expect(erlangC(c, a)).toBeGreaterThanOrEqual(erlangB(c, a));
        expect(erlangB(c + 1, a)).toBeLessThan(erlangB(c, a));
        if (a >= c) expect(erlangC(c, a)).toBe(1);
        else expect(erlangC(c + 1, a)).toBeLessThan(erlangC(c, a));
      }),
    );
  });

  it('M/M/1: P(wait) = ρ and ASA = ρ·AHT/(1 − ρ)', () => {
    expect(erlangC(1, 0.8)).toBeCloseTo(0.8, 12);
    expect(averageSpeedOfAnswer({ arrivalsPerHour: 48, ahtMinutes: 1, agents: 1 })).toBeCloseTo(4, 12);
  });

  it('an unstable queue has service level 0, infinite ASA and full occupancy', () => {
    const q = { arrivalsPerHour: 200, ahtMinutes: 3, agents: 10, targetMinutes: 1 };
    expect(serviceLevel(q)).toBe(0);
    expect(averageSpeedOfAnswer(q)).toBe(Infinity);
    expect(occupancy(q)).toBe(1);
  });
});

describe('agentsForServiceLevel', () => {
  it('returns the fewest agents meeting the target (one fewer misses it)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 2000, noNaN: true }),
        fc.double({ min: 0.5, max: 120, noNaN: true }),
        fc.double({ min: 0, max: 60, noNaN: true }),
        fc.double({ min: 0.05, max: 0.99, noNaN: true }),
        fc.double({ min: 0, max: 0.9, noNaN: true }),
        (arrivalsPerHour, ahtMinutes, targetMinutes, sl, shrinkage) => {
          const q = { arrivalsPerHour, ahtMinutes, targetMinutes };
          const r = agentsForServiceLevel({ ...q, serviceLevel: sl, shrinkage });
          expect(r.serviceLevel).toBeGreaterThanOrEqual(sl);
          expect(serviceLevel({ ...q, agents: r.agents - 1 })).toBeLessThan(sl);
          expect(r.positions).toBeGreaterThanOrEqual(r.agents);
          expect(r.positions * (1 - shrinkage)).toBeGreaterThanOrEqual(r.agents - 1e-6);
          expect((r.positions - 1) * (1 - shrinkage)).toBeLessThan(r.agents);
        },
      ),
    );
  });

  it.each([
    [{ arrivalsPerHour: -5, ahtMinutes: 3, targetMinutes: 1, serviceLevel: 0.8 }, 'arrivals per hour: invalid value -5; expected a rate > 0'],
    [{ arrivalsPerHour: 200, ahtMinutes: 0, targetMinutes: 1, serviceLevel: 0.8 }, 'average handling time: invalid value 0; expected minutes > 0'],
    [{ arrivalsPerHour: 200, ahtMinutes: 3, targetMinutes: 1, serviceLevel: 80 }, 'service level: invalid value 80; expected a share strictly between 0 and 1 (e.g. 0.8)'],
    [{ arrivalsPerHour: 200, ahtMinutes: 3, targetMinutes: 1, serviceLevel: 0.8, shrinkage: 1 }, 'shrinkage: invalid value 1; expected a share in [0, 1) (e.g. 0.3)'],
    [{ arrivalsPerHour: 200, ahtMinutes: 3, targetMinutes: -1, serviceLevel: 0.8 }, 'target: invalid value -1; expected minutes ≥ 0'],
  ])('rejects bad input with one UserError line (%j)', (q, message) => {
    expect(() => agentsForServiceLevel(q)).toThrow(UserError);
    expect(() => agentsForServiceLevel(q)).toThrow(message);
  });
});

describe('square-root staffing', () => {
  it('is ⌈A + β√A⌉ (10 Erlangs, β = 1 → 14 agents, the worked example answer)', () => {
    expect(squareRootStaffing(10, 1)).toBe(14);
    expect(squareRootStaffing(100, 0)).toBe(100);
    expect(squareRootStaffing(100, 2)).toBe(120);
  });

  it('approaches the Halfin–Whitt wait probability 1/(1 + βΦ(β)/φ(β)) for large loads', () => {
    // β = 1: Φ(1) = 0.841344746, φ(1) = 0.241970725 → 0.223322.
    const beta = 1;
    const limit = 1 / (1 + (beta * 0.841344746) / 0.241970725);
    const a = 10_000;
    expect(Math.abs(erlangC(a + beta * Math.sqrt(a), a) - limit)).toBeLessThan(0.01);
  });
});

describe('Erlang A (M/M/c+M, exponential patience)', () => {
  const base = { arrivalsPerHour: 200, ahtMinutes: 3, agents: 11 };

  it('with patience equal to the AHT is the M/M/∞ queue: N ~ Poisson(A)', () => {
    // Then every caller, waiting or served, leaves at rate μ: P(wait) = P(N ≥ c) for N ~ Poisson(10).
    let pmf = Math.exp(-10);
    let below = 0;
    for (let k = 0; k < 11; k++) {
      below += pmf;
      pmf *= 10 / (k + 1);
    }
    const r = erlangA({ ...base, patienceMinutes: 3 });
    expect(r.probabilityOfWait).toBeCloseTo(1 - below, 10);
  });

  it('tends to Erlang C as patience grows (stable queue)', () => {
    const r = erlangA({ ...base, agents: 14, patienceMinutes: 1e6 });
    expect(r.probabilityOfWait).toBeCloseTo(0.174132, 4);
    expect(r.meanWaitMinutes).toBeCloseTo(averageSpeedOfAnswer({ ...base, agents: 14 }), 3);
    expect(r.probabilityOfAbandon).toBeLessThan(1e-6);
  });

  it('balances flow: answered arrivals = busy agents × service rate, at any load', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.double({ min: 0.1, max: 3, noNaN: true }),
        fc.double({ min: 0.05, max: 20, noNaN: true }),
        (agents, rho, patienceInAht) => {
          const aht = 5;
          const arrivalsPerHour = (rho * agents * 60) / aht;
          const r = erlangA({ arrivalsPerHour, ahtMinutes: aht, agents, patienceMinutes: patienceInAht * aht });
          const answered = (arrivalsPerHour / 60) * (1 - r.probabilityOfAbandon);
          expect(answered / ((r.occupancy * agents) / aht)).toBeCloseTo(1, 8);
          expect(r.probabilityOfAbandon).toBeLessThanOrEqual(r.probabilityOfWait + 1e-12);
        },
      ),
    );
  });

  it('rejects a non-positive patience', () => {
    expect(() => erlangA({ ...base, patienceMinutes: 0 })).toThrow('patience: invalid value 0; expected minutes > 0');
  });
});
