/**
 * Properties of the ITIL-depth features (#19) over random scenarios: the run-time invariants hold
 * (conservation, timestamps in order, no assignment to anyone unavailable — runScenario throws
 * otherwise), and so do the features' own rules, whatever their shares.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstContact } from '../../../src/metrics/incidents.js';
import { withOverrides } from '../../../src/scenario/load.js';
import { runScenario } from '../../../src/sim/run.js';
import { tinyScenario } from '../helpers.js';

const share = fc.double({ min: 0, max: 1, noNaN: true });

describe('ITIL-depth properties', () => {
  it('invariants hold and incidentsAvoided is the paired difference, for any shares, reductions and thresholds', () => {
    fc.assert(
      fc.property(
        fc.record({ ke: share, reopen: share, mis: share, cause: fc.double({ min: 0.05, max: 1, noNaN: true }), reduction: share, threshold: fc.integer({ min: 1, max: 6 }), seed: fc.integer({ min: 1, max: 1e6 }), cadence: fc.integer({ min: 5, max: 240 }) }),
        (p) => {
          const s = tinyScenario({
            horizon: '4d', warmup: '12h', seed: p.seed,
            teams: [
              { id: 'desk', tier: 1, engineers: { count: 2, capacity: 2 }, queue: 'priority' },
              { id: 'fulfil', tier: 1, engineers: { count: 1, capacity: 2 } },
              { id: 'pm', tier: 2, engineers: { count: 1 } },
            ],
            triage: { misclassification: { share: p.mis, detectAfter: 'exponential(mean=10m)' } },
            arrivals: [
              { class: 'app', rate: { perHour: 2 }, priority: 'P2', path: [{ team: 'desk', work: 'exponential(mean=30m)' }], knownError: { share: p.ke, workFactor: 0.5 }, reopen: { probability: p.reopen, after: 'exponential(mean=2h)' }, closureCodes: { 'solved-workaround': 1, fixed: 2 } },
              { class: 'req', type: 'request', rate: { perHour: 1 }, priority: 'P3', path: [{ team: 'fulfil', work: 'exponential(mean=20m)' }] },
            ],
            problems: { team: 'pm', causes: [{ id: 'leak', classes: ['app'], share: p.cause, threshold: p.threshold, window: '1d', work: 'exponential(mean=4h)', reduction: p.reduction }] },
            comms: { cadence: { P2: p.cadence }, duration: '3m' },
          });
          const on = runScenario(s, { keepIncidents: true });
          const off = runScenario(withOverrides(s, ['problems.enabled=false']));
          const k = on.replications[0].kpis;
          expect(off.replications[0].kpis.arrivals - k.arrivals).toBe(k.incidentsAvoided);
          for (const r of on.incidents) {
            expect(r.reopens).toBeLessThanOrEqual(1);
            if (firstContact(r)) expect(r.reassignments + r.reopens).toBe(0);
            if (r.reopens === 1) expect(r.firstResolvedAt!).toBeLessThanOrEqual(r.reopenedAt!);
            if (r.type === 'request') expect(r.commsAssigneeMinutes + r.commsLeadMinutes).toBe(0);
            if (r.class === 'app' && r.resolvedAt !== undefined) expect(['solved-workaround', 'fixed']).toContain(r.closureCode);
            if (r.class === 'req') expect(r.closureCode).toBeUndefined();
            if (r.misclassified) expect(r.reassignments).toBeGreaterThanOrEqual(1);
          }
          // one cause: one problem record at most, solved at most once
          expect(on.replications[0].kpis.problemsOpened).toBeLessThanOrEqual(1);
          expect(k.problemsSolved).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 12, seed: 19 },
    );
  });
});
