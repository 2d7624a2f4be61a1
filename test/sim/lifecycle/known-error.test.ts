import { describe, expect, it } from 'vitest';
import { lines, tinyScenario } from '../helpers.js';
import { binomialBand, runScript } from './helpers.js';
import { runScenario } from '../../../src/sim/run.js';

const codes = { 'solved-workaround': 1, 'solved-permanently': 2, 'user-error': 1 };

describe('known errors and closure codes', () => {
  it('an incident matching a known-error article takes workFactor × the work and closes as solved-workaround', () => {
    const s = tinyScenario({
      arrivals: [
        { class: 'known', rate: { perHour: 0 }, priority: 'P3', path: [{ team: 'desk', work: '30m' }], knownError: { share: 1, workFactor: 0.4 }, closureCodes: codes },
        { class: 'unknown', rate: { perHour: 0 }, priority: 'P3', path: [{ team: 'desk', work: '30m' }], knownError: { share: 0, workFactor: 0.4 }, closureCodes: codes },
      ],
    });
    const { out, trace } = runScript(s, [{ id: 'K', at: 0, class: 'known' }, { id: 'U', at: 100, class: 'unknown' }]);
    expect(lines(trace, ['arrived', 'known-error', 'resolved'])).toEqual(['0 arrived K', '0 known-error K', '12 resolved K desk-01', '100 arrived U', '130 resolved U desk-01']);
    const byId = Object.fromEntries(out.incidents.map((r) => [r.id, r]));
    expect(byId.K).toMatchObject({ knownError: true, closureCode: 'solved-workaround', effortMinutes: 12 });
    expect(byId.U.knownError).toBe(false);
    expect(Object.keys(codes)).toContain(byId.U.closureCode);
  });

  it('knownErrorHitRate ≈ share, and closure codes come in their weights with figures per code', () => {
    const s = tinyScenario({
      horizon: '10d',
      teams: [{ id: 'desk', tier: 1, engineers: { count: 1, capacity: 50 } }],
      arrivals: [{
        class: 'lockout', rate: { perHour: 12 }, priority: 'P3', path: [{ team: 'desk', work: '5m' }],
        knownError: { share: 0.3, workFactor: 0.5 }, closureCodes: { 'solved-permanently': 3, 'user-error': 1 },
      }],
    });
    const r = runScenario(s).summary;
    const n = r.kpis.arrivals.mean;
    expect(n).toBeGreaterThan(2500);
    expect(Math.abs(r.kpis.knownErrorHitRate.mean - 0.3)).toBeLessThan(binomialBand(0.3, n));
    // no solved-workaround listed: matches draw their code like the rest, 3 : 1
    const resolved = r.kpis.resolved.mean;
    const perm = r.byClosureCode!['solved-permanently'].resolved.mean;
    expect(perm + r.byClosureCode!['user-error'].resolved.mean).toBe(resolved);
    expect(Math.abs(perm / resolved - 0.75)).toBeLessThan(binomialBand(0.75, resolved));
    // a match takes half the work: mean work 0.7 × 5 + 0.3 × 2.5 = 4.25 min
    expect(r.byClosureCode!['user-error'].mttr.mean).toBeLessThan(5);
  });
});
