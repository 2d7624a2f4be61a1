import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { replay } from '../../src/replay/index.js';
import { fitHistory, scenarioYaml } from '../../src/fit/index.js';
import { loadHistory, type HistoricalIncident } from '../../src/io/import/index.js';
import type { Scenario } from '../../src/scenario/schema.js';
import { tinyScenario } from '../sim/helpers.js';

import { UCI } from '../data.js';
const START = Date.parse('2026-11-23T00:00:00Z');
const at = (min: number, ttr: number | undefined, extra: Partial<HistoricalIncident> = {}): HistoricalIncident => ({
  id: `H${min}`,
  openedAt: START + min * 60_000,
  resolvedAt: ttr === undefined ? undefined : START + (min + ttr) * 60_000,
  priority: 'P3',
  ...extra,
});

describe('replay of hand-made history through a tiny scenario', () => {
  const scenario = tinyScenario({ teams: [{ id: 'desk', tier: 1, engineers: { count: 5 }, queue: 'fifo' }], replications: 3 });
  const history = [
    at(10, 30, { group: 'Desk', reassignments: 1 }),
    at(20, 60),
    at(1500, 90, { group: 'Elsewhere' }),
    at(2000, undefined), // never resolved: counted as an arrival, not in time to resolve
    at(-5, 10), // before the window: ignored
    at(2880, 10), // at the horizon: outside the window
  ];

  it('runs exactly the historical arrivals; deterministic work gives exact times to resolve', () => {
    const r = replay(history, scenario);
    expect(r.replications).toBe(3);
    expect(r.weekly).toHaveLength(1);
    expect(r.weekly[0]).toMatchObject({ observed: 4, simulated: { mean: 4, ci95: [4, 4], n: 3 } });
    expect(r.perWeek.observed).toBeCloseTo(4 / (2880 / 10080), 12);
    expect(r.perWeek.error).toBeCloseTo(0, 12);
    const p3 = r.byPriority.find((p) => p.priority === 'P3')!;
    expect(p3.observed).toEqual({ count: 4, resolved: 3, median: 60, medianCi: [30, 90], mean: 60 });
    // the scenario's work is a fixed 30m and five engineers never make anyone wait
    expect(p3.simulated.median).toEqual({ mean: 30, ci95: [30, 30], n: 3 });
    expect(p3.simulated.pooledMedian).toBe(30);
    expect(p3.medianInCi).toBe(true);
    expect(p3.simulated.unresolved.mean).toBe(0);
    expect(p3.medianError).toBeCloseTo(-0.5, 12);
    expect(r.reassignments.observed).toBe(0.25);
    // no class is named after these groups: all four used the P3 class
    expect(r.pooled).toBe(4);
  });

  it('with the scenario\'s own arrivals, counts only those opened in the window', () => {
    const s = tinyScenario({ arrivals: [{ class: 'generic', rate: { perHour: 2 }, priority: 'P3', path: [{ team: 'desk', work: '30m' }] }], teams: [{ id: 'desk', tier: 1, engineers: { count: 10 }, queue: 'fifo' }], replications: 4 });
    const r = replay(history, s, { arrivals: 'scenario', drain: 1440 });
    // Poisson, 2 an hour over 48 h: mean 96 per replication; 4 replications → CI of the mean
    const perRep = r.weekly[0].simulated;
    expect(perRep.n).toBe(4);
    expect(Math.abs(perRep.mean - 96)).toBeLessThan(4 * Math.sqrt(96 / 4));
    expect(r.byPriority[0].simulated.median.mean).toBe(30);
  });

  it('says when no history falls in the scenario window', () => {
    expect(() => replay([at(-100, 5)], scenario)).toThrow(/^replay: no historical incident opened between 2026-11-23T00:00:00Z and the horizon \(2 days\); check the scenario start$/);
  });
});

describe('replay of the UCI log through the scenario incisim fit writes', () => {
  let history: HistoricalIncident[];
  let scenario: Scenario;
  beforeAll(async () => {
    history = (await loadHistory(UCI)).incidents;
    scenario = parse(scenarioYaml(fitHistory(history), { name: 'uci-fitted', source: 'incident_event_log.csv.gz' })) as Scenario;
  });

  it('reproduces the reassignments per incident: a first wrong group, then a geometric number of further ones', () => {
    const r = replay(history, scenario, { replications: 4 });
    expect(r.reassignments.observed).toBeCloseTo(0.947, 3);
    // The fit matches each class's mean (−0.6% with 10 replications); the bound leaves room for the
    // replications' spread. One misroute at most per incident gave −53%.
    expect(Math.abs(r.reassignments.simulated.mean / r.reassignments.observed - 1)).toBeLessThan(0.05);
  }, 60_000);
});
