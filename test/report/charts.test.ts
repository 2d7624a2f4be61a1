/**
 * Chart builders: each returns a Vega-Lite spec that validates against the Vega-Lite JSON schema
 * and compiles without warnings, and the data behind it is computed as stated.
 */
import { describe, expect, it } from 'vitest';
import { arrivalsByHourChart } from '../../src/report/charts/arrivals-by-hour.js';
import { backlogChart } from '../../src/report/charts/backlog.js';
import { durationEcdfChart, ecdfPoints } from '../../src/report/charts/duration-ecdf.js';
import { escalationTimelineChart, ganttFromTrace } from '../../src/report/charts/escalation-timeline.js';
import { kpiIntervalsChart } from '../../src/report/charts/kpi-intervals.js';
import { lorenzChart, lorenzPoints } from '../../src/report/charts/lorenz.js';
import { pairedDifferencesChart } from '../../src/report/charts/paired-differences.js';
import { slaAttainmentChart } from '../../src/report/charts/sla-attainment.js';
import { staffingCurveChart } from '../../src/report/charts/staffing-curve.js';
import { weeklyAttainmentChart } from '../../src/report/charts/weekly-attainment.js';
import { teamUtilisationChart } from '../../src/report/charts/team-utilisation.js';
import { MAX_ENGINEER_ROWS, teamRows, utilisationHeatmapChart } from '../../src/report/charts/utilisation-heatmap.js';
import { PALETTE } from '../../src/report/theme.js';
import type { Chart } from '../../src/report/types.js';
import type { TraceEvent } from '../../src/sim/lifecycle/index.js';
import { checkSpec } from './vega-lite.js';

/** The inline data of a single-view or layered spec (first data block found). */
function data(c: Chart): Record<string, unknown>[] {
  const s = c.spec as { data?: { values?: Record<string, unknown>[] }; layer?: { data?: { values?: Record<string, unknown>[] } }[] };
  return s.data?.values ?? s.layer?.flatMap((l) => l.data?.values ?? []) ?? [];
}

const trace: TraceEvent[] = [
  { t: 100, type: 'arrived', incident: 'DB' },
  { t: 101, type: 'assigned', incident: 'DB', engineer: 'ann', team: 'db' },
  { t: 101, type: 'paged', incident: 'DB', engineer: 'ann', team: 'db', detail: 'level 1' },
  { t: 106, type: 'ack-timeout', incident: 'DB', engineer: 'ann' },
  { t: 106, type: 'paged', incident: 'DB', engineer: 'bob', team: 'db', detail: 'level 2' },
  { t: 109, type: 'acknowledged', incident: 'DB', engineer: 'bob' },
  { t: 109, type: 'work-started', incident: 'DB', engineer: 'bob' },
  { t: 120, type: 'escalated', incident: 'DB', team: 'l3', detail: 'functional level 1' },
  { t: 120, type: 'queued', incident: 'DB', team: 'l3' },
  { t: 130, type: 'notified', incident: 'DB', team: 'duty-manager', detail: 'hierarchical level 1' },
  { t: 140, type: 'assigned', incident: 'DB', engineer: 'cy', team: 'l3' },
  { t: 140, type: 'work-started', incident: 'DB', engineer: 'cy' },
  { t: 200, type: 'resolved', incident: 'DB', engineer: 'cy' },
  { t: 150, type: 'arrived', incident: 'OTHER' },
];

const charts: Chart[] = [
  kpiIntervalsChart('k', 'KPIs', [
    { kpi: 'MTTA (minutes)', group: 'a', mean: 10, lo: 8, hi: 12 },
    { kpi: 'MTTA (minutes)', group: 'b', mean: 7, lo: 6, hi: 8 },
  ]),
  durationEcdfChart('e', 'Time to resolve', { P1: [5, 10, 20], P2: [0, 30, 60, 90] }, 'note'),
  slaAttainmentChart('s', [
    { priority: 'P1', clock: 'respond', mean: 0.97, lo: 0.96, hi: 0.98, target: 0.95 },
    { priority: 'P1', clock: 'resolve', mean: 0.9, lo: 0.85, hi: 0.96, target: 0.95 },
    { priority: 'P2', clock: 'resolve', mean: 0.5, lo: 0.4, hi: 0.6, target: 0.9 },
    { priority: 'P3', clock: 'resolve', mean: 0.5, lo: 0.4, hi: 0.6 },
  ]),
  utilisationHeatmapChart('h', [{ row: 'ann', team: 'db', byDay: [null, 0.5, 0.7] }, { row: 'bob', team: 'db', byDay: [0.2, null, 0.9] }]),
  teamUtilisationChart('t', [{ team: 'db', mean: 0.6, lo: 0.55, hi: 0.65, engineers: [0.5, 0.7] }]),
  lorenzChart('l', { x: [1, 2, 3, 4] }, '0.250 [0.2, 0.3]', 'count'),
  backlogChart('b', { t: [0, 60, 120], mean: [1, 2, 3], lo: [0, 1, 2], hi: [2, 3, 4] }, 60),
  arrivalsByHourChart('a', { model: new Array(168).fill(1), simulated: new Array(168).fill(1.1) }),
  escalationTimelineChart('g', 'Drill', ...(Object.values(ganttFromTrace(trace, 100, 200, ['DB'])) as [never, never])),
  staffingCurveChart('c', [
    { load: 'base', headcount: 20, target: 'P3 respond 20m 80%', mean: 0.75, lo: 0.72, hi: 0.78, share: 0.8 },
    { load: 'base', headcount: 21, target: 'P3 respond 20m 80%', mean: 0.83, lo: 0.81, hi: 0.85, share: 0.8 },
  ], [{ load: 'base', headcount: 21 }], 'engineers'),
  weeklyAttainmentChart('w', [
    { week: 1, label: '2026-11-26 – 2026-12-02', target: 'P2 resolve 8h 90%', mean: 0.88, lo: 0.85, hi: 0.91, share: 0.9 },
    { week: 2, label: '2026-12-03 – 2026-12-09', target: 'P2 resolve 8h 90%', mean: 0.94, lo: 0.92, hi: 0.96, share: 0.9 },
  ]),
  pairedDifferencesChart('d', 'base', [
    { kpi: 'MTTA (minutes)', variant: 'b', mean: -3, lo: -4, hi: -2, significant: true },
    { kpi: 'Gini', variant: 'b', mean: 0.01, lo: -0.01, hi: 0.03, significant: false },
  ]),
];

describe('every chart builder', () => {
  it.each(charts.map((c) => [c.name, c] as const))('%s: validates against the Vega-Lite schema and compiles without warnings', (_n, c) => {
    const { problems, warnings, vega } = checkSpec(c.spec);
    expect(problems).toEqual([]);
    expect(warnings).toEqual([]);
    expect(vega).toHaveProperty('marks');
  });

  it.each(charts.map((c) => [c.name, c] as const))('%s: has a title, axis titles and tooltips, and the colour-blind-safe palette', (_n, c) => {
    const text = JSON.stringify(c.spec);
    expect((c.spec as { title?: { text?: string } }).title?.text).toBeTruthy();
    expect(text).toContain('"tooltip"');
    expect(c.spec.config?.range).toMatchObject({ category: PALETTE });
  });
});

describe('ecdfPoints', () => {
  it('gives the share of values at or below each point, counting zeros left off the log axis', () => {
    expect(ecdfPoints([0, 0, 1, 2])).toEqual([{ minutes: 1, share: 0.75 }, { minutes: 2, share: 1 }]);
    expect(ecdfPoints([3, 1, 2])).toEqual([{ minutes: 1, share: 1 / 3 }, { minutes: 2, share: 2 / 3 }, { minutes: 3, share: 1 }]);
    expect(ecdfPoints([])).toEqual([]);
  });

  it('keeps at most 200 order statistics, the largest last, in increasing order', () => {
    const xs = Array.from({ length: 10_000 }, (_, i) => i + 1);
    const p = ecdfPoints(xs);
    expect(p).toHaveLength(200);
    expect(p[0]).toEqual({ minutes: 1, share: 1e-4 });
    expect(p[199]).toEqual({ minutes: 10_000, share: 1 });
    for (let i = 1; i < p.length; i++) expect(p[i].share).toBeGreaterThan(p[i - 1].share);
  });
});

describe('lorenzPoints', () => {
  it('is the diagonal when everyone carries the same load', () => {
    expect(lorenzPoints([2, 2, 2, 2])).toEqual([0, 0.25, 0.5, 0.75, 1].map((x) => ({ engineers: x, workload: x })));
  });

  it('stays at 0 until the one engineer who does everything', () => {
    expect(lorenzPoints([0, 5, 0, 0]).map((p) => p.workload)).toEqual([0, 0, 0, 0, 1]);
  });

  it('puts the Gini coefficient in the chart title', () => {
    expect((lorenzChart('l', { x: [1, 2] }, '0.167 [0.1, 0.2]', 'count').spec as { title: { text: string } }).title.text).toBe('Workload fairness — Gini 0.167 [0.1, 0.2]');
  });
});

describe('slaAttainmentChart', () => {
  it('says meets when the whole interval clears the target, misses when it is all below, uncertain otherwise', () => {
    expect(data(charts[2]).map((d) => d.meets)).toEqual(['meets', 'uncertain', 'misses', 'no target']);
  });
});

describe('utilisationHeatmapChart', () => {
  it('draws one cell per engineer and available day (blank days left out), days counted from 1', () => {
    expect(data(charts[3]).map((d) => [d.row, d.day, d.utilisation])).toEqual([['ann', 2, 0.5], ['ann', 3, 0.7], ['bob', 1, 0.2], ['bob', 3, 0.9]]);
  });

  it(`averages per team when there are more than ${MAX_ENGINEER_ROWS} engineers`, () => {
    expect(teamRows([{ row: 'a', team: 'x', byDay: [0.2, null] }, { row: 'b', team: 'x', byDay: [0.4, null] }, { row: 'c', team: 'y', byDay: [1, 0.5] }])).toEqual([
      { row: 'x', team: 'x', byDay: [0.30000000000000004, null] },
      { row: 'y', team: 'y', byDay: [1, 0.5] },
    ]);
    const many = Array.from({ length: MAX_ENGINEER_ROWS + 1 }, (_, i) => ({ row: `e${i}`, team: i % 2 ? 'odd' : 'even', byDay: [0.5] }));
    const c = utilisationHeatmapChart('h', many);
    expect(new Set(data(c).map((d) => d.row))).toEqual(new Set(['even', 'odd']));
    expect((c.spec as { title: { text: string } }).title.text).toBe('Utilisation per team per day');
  });
});

describe('ganttFromTrace', () => {
  it('turns the event log of a drill into paging, queue and work bars and event marks, in minutes after the origin', () => {
    const { bars, marks } = ganttFromTrace(trace, 100, 200, ['DB']);
    expect(bars.map((b) => [b.lane, b.kind, b.start, b.end])).toEqual([
      ['ann', 'paged', 1, 6],
      ['bob', 'paged', 6, 9],
      ['bob', 'working', 9, 20],
      ['team l3', 'queued', 20, 40],
      ['cy', 'working', 40, 100],
    ]);
    expect(marks.map((m) => [m.lane, m.kind, m.t])).toEqual([
      ['incident', 'arrived', 0],
      ['ann', 'ack-timeout', 6],
      ['team l3', 'escalated', 20],
      ['team duty-manager', 'notified', 30],
      ['cy', 'resolved', 100],
    ]);
  });

  it('ends bars still open at the end of the log', () => {
    const { bars } = ganttFromTrace(trace.slice(0, 3), 100, 150);
    expect(bars).toEqual([{ lane: 'ann', incident: 'DB', kind: 'paged', start: 1, end: 50, detail: 'level 1' }]);
  });
});
