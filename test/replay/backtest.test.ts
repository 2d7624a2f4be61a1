/**
 * The capacity model fitted from the ServiceNow log predicts weeks it never saw, and its staffing
 * binds. Trained on 2016-W09..W17, tested on W18..W21 with the test weeks' own arrivals and their
 * observed headcount (#17): median time to resolve within 15% overall and for P3, and the
 * distributions of log10 hours within W1 0.15. Fixed seeds; 3 replications pooled.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadHistory, type HistoricalIncident } from '../../src/io/import/index.js';
import { backtest, parseWeekRange, wasserstein1, type BacktestResult } from '../../src/replay/backtest.js';
import { UCI } from '../data.js';

let incidents: HistoricalIncident[];
let base: BacktestResult;
const options = { train: '2016-W09..2016-W17', test: '2016-W18..2016-W21', replications: 3, forecast: false };

describe('backtest on the ServiceNow log', () => {
  beforeAll(async () => {
    incidents = (await loadHistory(UCI)).incidents;
    base = backtest(incidents, options);
  }, 120_000);

  it('predicts the test weeks: median time to resolve within 15% overall and for P3, ttrLogW1 ≤ 0.15', () => {
    const b = base.backtest;
    expect(base.test).toMatchObject({ from: '2016-W18', to: '2016-W21', incidents: 6756 });
    expect(b.medianResolve.overall.observed).toBeCloseTo(2.9, 1);
    expect(Math.abs(b.medianResolve.overall.error)).toBeLessThanOrEqual(0.15);
    expect(Math.abs(b.medianResolve.P3.error)).toBeLessThanOrEqual(0.15);
    expect(b.ttrLogW1).toBeLessThanOrEqual(0.15);
    expect(b.weeklyVolume.map((w) => w.observed)).toEqual([2064, 1736, 1779, 1177]);
    expect(b.weeklyVolume.every((w) => Math.abs(w.error) < 1e-9)).toBe(true); // the test weeks' own arrivals
  });

  it('staffing binds: 20% fewer engineers in group-70 raises its median time to resolve', () => {
    const fewer = backtest(incidents, { ...options, staffing: { 'group-70': 0.8 } });
    expect(fewer.headcount['group-70']).toEqual(base.headcount['group-70'].map((n) => Math.max(1, Math.round(n * 0.8))));
    expect(fewer.backtest.medianResolveByTeam['group-70'].simulated).toBeGreaterThan(base.backtest.medianResolveByTeam['group-70'].simulated * 1.05);
  }, 120_000);
});

describe('backtest helpers', () => {
  it('reads week ranges', () => {
    expect(parseWeekRange('2016-W09..2016-W17', '--train')).toEqual(['2016-W09', '2016-W17']);
    expect(parseWeekRange('2016-W18', '--test')).toEqual(['2016-W18', '2016-W18']);
    expect(() => parseWeekRange('W09..W17', '--train')).toThrow('--train: "W09" is not an ISO week; expected e.g. 2016-W09');
  });

  it('Wasserstein-1 of two samples is the area between their quantile functions', () => {
    expect(wasserstein1([0, 1], [0, 1])).toBe(0);
    expect(wasserstein1([0, 1], [0.5, 1.5])).toBeCloseTo(0.5, 12);
    expect(wasserstein1([0], [0, 1])).toBeCloseTo(0.5, 12);
  });
});
