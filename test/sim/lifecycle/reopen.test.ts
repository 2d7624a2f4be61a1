import { describe, expect, it } from 'vitest';
import { lines, tinyScenario } from '../helpers.js';
import { binomialBand, runScript } from './helpers.js';
import { runScenario } from '../../../src/sim/run.js';

describe('reopens', () => {
  it('a reopened incident returns to its last assignee, though routing alone would pick another; TTR counts to the final resolution', () => {
    const s = tinyScenario({
      teams: [{ id: 'desk', tier: 1, engineers: { count: 2 }, queue: 'fifo' }],
      arrivals: [
        { class: 'long', rate: { perHour: 0 }, priority: 'P3', path: [{ team: 'desk', work: '30m' }] },
        { class: 'flaky', rate: { perHour: 0 }, priority: 'P3', path: [{ team: 'desk', work: '30m' }], reopen: { probability: 1, after: '1h', work: '20m' } },
      ],
    });
    const { out, trace } = runScript(s, [{ id: 'X', at: 0, class: 'long' }, { id: 'A', at: 1, class: 'flaky' }]);
    expect(lines(trace, ['assigned', 'resolved', 'reopened'])).toEqual([
      '0 assigned X desk-01', '1 assigned A desk-02', '30 resolved X desk-01', '31 resolved A desk-02',
      // both are free at 91 and least-loaded would take desk-01 first: the reopen goes back to desk-02
      '91 reopened A desk-02', '91 assigned A desk-02', '111 resolved A desk-02',
    ]);
    const a = out.incidents.find((r) => r.id === 'A')!;
    expect(a).toMatchObject({ reopens: 1, firstResolvedAt: 31, resolvedAt: 111, resolvedBy: 'desk-02', reassignments: 0 });
  });

  it('reopenRate ≈ probability; a reopened incident is not a first-contact resolution', () => {
    const s = tinyScenario({
      horizon: '10d',
      teams: [{ id: 'desk', tier: 1, engineers: { count: 1, capacity: 50 } }],
      arrivals: [{ class: 'flaky', rate: { perHour: 12 }, priority: 'P3', path: [{ team: 'desk', work: '5m' }], reopen: { probability: 0.2, after: '30m' } }],
    });
    const k = runScenario(s).summary.kpis;
    const n = k.arrivals.mean;
    expect(n).toBeGreaterThan(2500);
    expect(Math.abs(k.reopenRate.mean - 0.2)).toBeLessThan(binomialBand(0.2, n));
    expect(k.firstContactResolution.mean).toBeCloseTo(1 - k.reopenRate.mean, 2);
  });
});
