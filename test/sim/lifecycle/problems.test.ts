import { describe, expect, it } from 'vitest';
import { lines, tinyScenario } from '../helpers.js';
import { runScript } from './helpers.js';
import { runScenario } from '../../../src/sim/run.js';
import { withOverrides } from '../../../src/scenario/load.js';
import { buildModel } from '../../../src/model/build.js';
import { runReplication } from '../../../src/sim/lifecycle/index.js';

/** One desk engineer, a P3 class whose every incident has cause "leak"; two within an hour open a problem worked by the desk. */
function leak(reduction: number, team = 'desk') {
  return tinyScenario({
    teams: [{ id: 'desk', tier: 1, engineers: { count: 1 }, queue: 'priority' }, { id: 'pm', tier: 2, engineers: { count: 1 } }],
    arrivals: [{ class: 'app', rate: { perHour: 0 }, priority: 'P3', path: [{ team: 'desk', work: '10m' }] }],
    problems: { team, causes: [{ id: 'leak', classes: ['app'], share: 1, threshold: 2, window: '1h', work: '60m', reduction, workFactor: 0.5 }] },
  });
}

describe('problem management', () => {
  it('a problem opens at its threshold, waits behind incidents for the same engineer, and once solved its cause\'s arrivals stop', () => {
    const { out, trace } = runScript(leak(1), [
      { id: 'A', at: 0, class: 'app' }, { id: 'B', at: 5, class: 'app' }, { id: 'C', at: 90, class: 'app' },
    ]);
    expect(lines(trace, ['arrived', 'queued', 'assigned', 'resolved', 'problem-opened', 'problem-solved', 'avoided'])).toEqual([
      '0 arrived A', '0 assigned A desk-01',
      // B's arrival is the second within the hour: the problem opens then, before B is routed
      '5 arrived B', '5 problem-opened PRB0000001 desk', '5 queued PRB0000001 desk', '5 queued B desk',
      // the P3 incident before the problem record (the lowest priority, P4)
      '10 resolved A desk-01', '10 assigned B desk-01', '20 resolved B desk-01', '20 assigned PRB0000001 desk-01',
      '80 resolved PRB0000001 desk-01', '80 problem-solved PRB0000001 desk-01',
      '90 avoided',
    ]);
    expect(out.incidents.map((r) => [r.id, r.cause, r.recurrence])).toEqual([['A', 'leak', false], ['B', 'leak', true]]);
    expect(out.problems).toMatchObject({ opened: 1, solved: 1, avoided: 1, avoidedWorkMinutes: 10, effortMinutes: 60, records: [{ id: 'PRB0000001', cause: 'leak', openedAt: 5, solvedAt: 80 }] });
    expect(out.arrivalsByHourOfWeek.reduce((a, b) => a + b, 0)).toBe(2);
  });

  it('once solved, the incidents of its cause that still come match the published known error', () => {
    const { out, trace } = runScript(leak(0, 'pm'), [
      { id: 'A', at: 0, class: 'app' }, { id: 'B', at: 5, class: 'app' }, { id: 'C', at: 90, class: 'app' },
    ]);
    expect(lines(trace, ['problem-opened', 'problem-solved', 'known-error', 'resolved']).filter((l) => !l.includes('resolved A') && !l.includes('resolved B'))).toEqual([
      '5 problem-opened PRB0000001 pm', '65 resolved PRB0000001 pm-01', '65 problem-solved PRB0000001 pm-01', '90 known-error C', '95 resolved C desk-01',
    ]);
    expect(out.incidents.find((r) => r.id === 'C')).toMatchObject({ knownError: true, effortMinutes: 5 });
  });

  it('incidentsAvoided is exactly the extra arrivals of the same seed without problem management (common random numbers)', () => {
    const s = tinyScenario({
      horizon: '10d', warmup: '1d', replications: 3,
      teams: [{ id: 'desk', tier: 1, engineers: { count: 2, capacity: 10 } }, { id: 'pm', tier: 2, engineers: { count: 1 } }],
      arrivals: [
        { class: 'app', rate: { perHour: 3 }, priority: 'P3', path: [{ team: 'desk', work: '20m' }] },
        { class: 'other', rate: { perHour: 2 }, priority: 'P3', path: [{ team: 'desk', work: '20m' }] },
      ],
      problems: { team: 'pm', causes: [{ id: 'leak', classes: ['app'], share: 0.5, threshold: 5, window: '1d', work: '1d', reduction: 0.8 }] },
    });
    const on = runScenario(s).replications;
    const off = runScenario(withOverrides(s, ['problems.enabled=false'])).replications;
    for (let i = 0; i < 3; i++) {
      expect(on[i].kpis.incidentsAvoided).toBeGreaterThan(50);
      expect(off[i].kpis.arrivals - on[i].kpis.arrivals).toBe(on[i].kpis.incidentsAvoided);
      expect(off[i].kpis.problemsSolved).toBe(0);
    }
  });

  it('arrivals after a solved problem ≈ (1 − reduction × cause share) of those before', () => {
    const share = 0.5;
    const reduction = 0.6;
    const s = tinyScenario({
      horizon: '40d',
      teams: [{ id: 'desk', tier: 1, engineers: { count: 1, capacity: 100 } }, { id: 'pm', tier: 2, engineers: { count: 1 } }],
      arrivals: [{ class: 'app', rate: { perHour: 10 }, priority: 'P3', path: [{ team: 'desk', work: '1m' }] }],
      problems: { team: 'pm', causes: [{ id: 'leak', classes: ['app'], share, threshold: 1, window: '1h', work: '5d', reduction }] },
    });
    const out = runReplication(buildModel(s), { index: 0 });
    const solvedAt = out.problems!.records[0].solvedAt!;
    expect(solvedAt).toBeGreaterThan(4 * 1440);
    const before = out.incidents.filter((r) => r.openedAt < solvedAt).length;
    const after = out.incidents.length - before;
    const ratio = after / (40 * 1440 - solvedAt) / (before / solvedAt);
    const expected = 1 - reduction * share;
    // the ratio of two Poisson rates: relative standard error √(1/before + 1/after); 4 of them
    const band = 4 * expected * Math.sqrt(1 / before + 1 / after);
    expect(Math.abs(ratio - expected)).toBeLessThan(band);
    expect(band).toBeLessThan(0.1);
  });
});
