/** Summaries over replications and comparisons of two configurations. */
import { describe, expect, it } from 'vitest';
import { pairedDifference, summarise, unpairedDifference } from '../../src/metrics/summary.js';
import type { ReplicationMetrics } from '../../src/metrics/types.js';

function rep(index: number, mtta: number, util: number, extra: Partial<ReplicationMetrics> = {}): ReplicationMetrics {
  return {
    index,
    kpis: { mtta, utilisation: util, arrivals: 100 },
    byPriority: { P2: { mtta: mtta * 2 }, P1: { mtta } },
    byTeam: { desk: { utilisation: util } },
    mtteByLevel: {},
    engineers: [{ id: 'a', team: 'desk', utilisation: util, workload: 10, workloadPerAvailableHour: 1, interruptions: { business: 1, off: 0, sleep: 0 }, utilisationByDay: [util, null] }],
    arrivalsByHourOfWeek: new Array(168).fill(index),
    backlog: { t: [0, 60], open: [index, 2 * index] },
    ...extra,
  };
}

const meta = { scenario: 's', seed: 1, horizonMinutes: 100, warmupMinutes: 0, incisimVersion: 'x', slaTargets: {}, modelArrivalsByHourOfWeek: new Array(168).fill(1) };

describe('summarise', () => {
  const s = summarise([rep(2, 30, 0.7), rep(0, 10, 0.5), rep(1, 20, 0.6)], meta);

  it('estimates each KPI over replications in KPI order, whatever order they arrive in', () => {
    expect(Object.keys(s.kpis)).toEqual(['arrivals', 'mtta', 'utilisation']);
    expect(s.kpis.mtta.mean).toBe(20);
    expect(s.kpis.mtta.n).toBe(3);
    // s = 10, t(2) = 4.3027: half-width 4.3027 · 10 / √3
    expect(s.kpis.mtta.ci95[1] - 20).toBeCloseTo((4.3027 * 10) / Math.sqrt(3), 9);
    expect(s.replications).toBe(3);
  });

  it('sorts breakdown keys, averages engineers, and bands the backlog', () => {
    expect(Object.keys(s.byPriority)).toEqual(['P1', 'P2']);
    expect(s.byPriority.P2.mtta.mean).toBe(40);
    expect(s.engineers[0]).toMatchObject({ id: 'a', utilisation: 0.6, utilisationByDay: [0.6, null] });
    expect(s.backlog.t).toEqual([0, 60]);
    expect(s.backlog.mean).toEqual([1, 2]);
    expect(s.arrivalsByHourOfWeek.simulated[5]).toBe(1);
  });

  it('is byte-identical for the same replications', () => {
    const again = summarise([rep(0, 10, 0.5), rep(1, 20, 0.6), rep(2, 30, 0.7)], meta);
    expect(JSON.stringify(again)).toBe(JSON.stringify(s));
  });
});

describe('differences', () => {
  // Strongly correlated pairs: b = a + 1 + small noise. Pairing removes the shared variation.
  const a = [10, 20, 30, 40, 50, 60];
  const b = [11.1, 20.9, 31.05, 40.95, 51.1, 60.9];

  it('paired: the interval of the per-replication differences', () => {
    const d = pairedDifference(b, a);
    expect(d.mean).toBeCloseTo(1, 12);
    expect(d.significant).toBe(true);
    expect(d.ci95[0]).toBeGreaterThan(0);
  });

  it('unpaired (Welch): far wider on the same data, and not significant', () => {
    const p = pairedDifference(b, a);
    const u = unpairedDifference(b, a);
    expect(u.mean).toBeCloseTo(p.mean, 12);
    expect(u.ci95[1] - u.ci95[0]).toBeGreaterThan(20 * (p.ci95[1] - p.ci95[0]));
    expect(u.significant).toBe(false);
  });

  it('refuses pairs of different lengths', () => {
    expect(() => pairedDifference([1, 2], [1])).toThrow(/equal counts/);
  });
});

describe('intervals stay inside the figure\'s domain (issue 20, bug 6)', () => {
  // The figures: openAtHorizon [-3.12, 73.1] and an SLA share [67.4%, 124.2%] from a few
  // skewed replications. The t interval is symmetric; the figures are not.
  const skewed = (values: number[], key: string) => values.map((v, i) => rep(i, 10, 0.5, { kpis: { [key]: v }, byPriority: { P1: { [key]: v } } }));

  it('clips a count at 0 and a share at 100%, keeping the mean', () => {
    const counts = summarise(skewed([0, 0, 0, 0, 140], 'openAtHorizon'), meta);
    expect(counts.kpis.openAtHorizon.mean).toBe(28);
    // unclipped: 28 ± 2.7764 · 62.61 / √5 = [-49.7, 105.7]
    expect(counts.kpis.openAtHorizon.ci95).toEqual([0, expect.closeTo(28 + 2.7764 * Math.sqrt(3920) / Math.sqrt(5), 6)]);
    const shares = summarise(skewed([1, 1, 1, 1, 0.5], 'slaAttainment'), meta);
    expect(shares.kpis.slaAttainment.mean).toBeCloseTo(0.9, 12);
    expect(shares.kpis.slaAttainment.ci95[1]).toBe(1);
    expect(shares.kpis.slaAttainment.ci95[0]).toBeCloseTo(0.9 - 2.7764 * Math.sqrt(0.05) / Math.sqrt(5), 6);
    expect(shares.byPriority.P1.slaAttainment.ci95[1]).toBe(1);
  });

  it('clips the backlog band at 0 and leaves differences (which may be negative) alone', () => {
    const s = summarise([rep(0, 10, 0.5, { backlog: { t: [0], open: [0] } }), rep(1, 10, 0.5, { backlog: { t: [0], open: [0] } }), rep(2, 10, 0.5, { backlog: { t: [0], open: [9] } })], meta);
    expect(s.backlog.lo[0]).toBe(0);
    expect(pairedDifference([0, 0, 9], [3, 3, 3]).ci95[0]).toBeLessThan(-3);
  });
});
