/**
 * The replay report: built from a hand-made comparison (every cell checked) and from a real replay
 * of hand-made history through a tiny scenario; every chart validates against the Vega-Lite schema
 * and compiles without warnings; the files writeReport puts beside replay.json.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replayResolveChart } from '../../src/report/charts/replay-resolve.js';
import { weeklyVolumeChart } from '../../src/report/charts/weekly-volume.js';
import { buildReplayReport, relDiff, routingText } from '../../src/report/replay-report.js';
import { reportCharts, reportTables, type Chart, type Report } from '../../src/report/types.js';
import { writeReport } from '../../src/report/write.js';
import { PALETTE } from '../../src/report/theme.js';
import { replay, type ReplayComparison } from '../../src/replay/index.js';
import type { HistoricalIncident } from '../../src/io/import/types.js';
import { tinyScenario } from '../sim/helpers.js';
import { checkSpec } from './vega-lite.js';

const e = (mean: number, lo: number, hi: number, n = 3) => ({ mean, ci95: [lo, hi] as [number, number], n });

const comparison: ReplayComparison = {
  arrivals: 'scenario',
  replications: 3,
  window: { start: '2026-11-23T00:00:00Z', weeks: 2, minutes: 20160 },
  weekly: [
    { week: 1, start: '2026-11-23', observed: 100, simulated: e(96, 90, 102) },
    { week: 2, start: '2026-11-30', observed: 80, simulated: e(88, 85, 91) },
  ],
  perWeek: { observed: 90, simulated: e(92, 89, 95), error: 92 / 90 - 1 },
  byPriority: [
    {
      priority: 'P1',
      observed: { count: 10, resolved: 9, median: 240, medianCi: [120, 480], mean: 300 },
      simulated: { count: e(10, 10, 10), unresolved: e(0.5, 0, 1.2), median: e(220, 200, 240), mean: e(280, 260, 300), pooledMedian: 216 },
      medianError: -0.1,
      medianInCi: true,
    },
    {
      priority: 'P3',
      observed: { count: 1768, resolved: 160, median: 1320, medianCi: [1250, 1380], mean: 10482 },
      simulated: { count: e(174, 170, 178), unresolved: e(2, 1, 3), median: e(1500, 1400, 1600), mean: e(11010, 10500, 11500), pooledMedian: 1452 },
      medianError: 0.1,
      medianInCi: false,
    },
    {
      // nothing observed resolved: no median, no mean, no difference — and no NaN on the page
      priority: 'P4',
      observed: { count: 2, resolved: 0, median: NaN, medianCi: [NaN, NaN], mean: NaN },
      simulated: { count: e(2, 2, 2), unresolved: e(0, 0, 0), median: e(30, 30, 30), mean: e(30, 30, 30), pooledMedian: 30 },
      medianError: NaN,
      medianInCi: false,
    },
  ],
  reassignments: { observed: 0.95, simulated: e(0.45, 0.44, 0.46) },
  pooled: 12,
};

const meta = { file: 'history.jsonl', scenario: 'uci', policy: 'least-loaded (default)', seed: 1, drainWeeks: 52, runDate: '2026-11-22T12:00:00.000Z' };
const report = buildReplayReport(comparison, meta);

function expectValidCharts(r: Report) {
  const charts = reportCharts(r);
  expect(charts.map((c) => c.name)).toEqual(['replay-resolve', 'weekly-volume']);
  for (const c of charts) {
    const { problems, warnings, vega } = checkSpec(c.spec);
    expect(problems, c.name).toEqual([]);
    expect(warnings, c.name).toEqual([]);
    expect(vega, c.name).toHaveProperty('marks');
    expect((c.spec as { title?: { text?: string } }).title?.text, c.name).toBeTruthy();
    expect(JSON.stringify(c.spec), c.name).toContain('"tooltip"');
    expect(c.spec.config?.range, c.name).toMatchObject({ category: PALETTE });
  }
  for (const t of reportTables(r)) for (const row of t.rows) expect(row, t.name).toHaveLength(t.columns.length);
}

/** Every inline data row of a spec (all `values` arrays, however deeply layered). */
function rows(spec: unknown): Record<string, unknown>[] {
  if (Array.isArray(spec)) return spec.flatMap(rows);
  if (!spec || typeof spec !== 'object') return [];
  const o = spec as Record<string, unknown>;
  const own = o.data && typeof o.data === 'object' && Array.isArray((o.data as { values?: unknown }).values) ? (o.data as { values: Record<string, unknown>[] }).values : [];
  return [...own, ...Object.entries(o).filter(([k]) => k !== 'data').flatMap(([, v]) => rows(v))];
}

const table = (name: string) => reportTables(report).find((t) => t.name === name)!;

describe('the replay report of a hand-made comparison', () => {
  it('heads the page with file, scenario, arrivals, routing, window, replications, seed, version and run date', () => {
    expect(report.title).toBe('uci — replay of history.jsonl');
    expect(Object.fromEntries(report.header)).toEqual({
      File: 'history.jsonl',
      Scenario: 'uci',
      Arrivals: "the scenario's own (generated), checked against the file",
      Routing: 'least-loaded (default)',
      Window: '2 weeks from 2026-11-23T00:00:00Z, then 52 weeks without arrivals (drain)',
      Replications: '3',
      Seed: '1',
      incisim: '0.1.0',
      'Run date': '2026-11-22T12:00:00.000Z',
    });
    expect(report.sections.map((s) => s.heading)).toEqual(['Summary', 'Time to resolve per priority', 'Weekly volume', 'Reassignments', 'How it was measured']);
  });

  it('has only charts that validate against the Vega-Lite schema and compile without warnings', () => {
    expectValidCharts(report);
  });

  it('puts observed beside simulated per priority: counts, medians, means in days (the unit of the largest value), relative differences', () => {
    const t = table('priorities');
    expect(t.columns).toEqual([
      'priority', 'observed incidents', 'simulated incidents', 'observed resolved', 'simulated unresolved',
      'observed median (days) [95% interval]', 'simulated median (days)', 'median difference', 'inside the interval',
      'observed mean (days)', 'simulated mean (days)', 'mean difference',
    ]);
    expect(t.rows).toEqual([
      ['P1', '10', '10.0 [10.0, 10.0]', '9', '0.500 [0.00, 1.20]', '0.167 [0.0833, 0.333]', '0.150', '−10.0%', 'yes', '0.208', '0.194 [0.181, 0.208]', '−6.7%'],
      ['P3', '1,768', '174 [170, 178]', '160', '2.00 [1.00, 3.00]', '0.917 [0.868, 0.958]', '1.01', '+10.0%', 'no', '7.28', '7.65 [7.29, 7.99]', '+5.0%'],
      ['P4', '2', '2.00 [2.00, 2.00]', '0', '0.00 [0.00, 0.00]', '–', '0.0208', '–', '–', '–', '0.0208 [0.0208, 0.0208]', '–'],
    ]);
    expect(JSON.stringify(report)).not.toMatch(/NaN|Infinity|undefined/);
  });

  it('sums up arrivals per week and reassignments with their intervals and differences', () => {
    const t = table('overall');
    expect(t.columns).toEqual(['figure', 'observed', 'simulated (mean)', '95% low', '95% high', 'difference']);
    expect(t.rows).toEqual([
      ['incidents opened in the window', '180', '184', '', '', '+2.2%'],
      ['incidents opened per week', '90.0', '92.0', '89.0', '95.0', '+2.2%'],
      ['reassignments per incident', '0.950', '0.450', '0.440', '0.460', '−52.6%'],
    ]);
    const text = report.sections[0].text!.join(' ');
    expect(text).toContain('inside the observed median\'s 95% interval for 1 of 3 priorities (P1); outside for P3.');
    expect(text).toContain('12 incidents had no class of their own');
    expect(report.sections[3].text![0]).toBe('Observed 0.950 reassignments per incident, simulated 0.450 [0.440, 0.460] (−52.6%).');
  });

  it('lists each week observed and simulated, and draws them as two lines with the simulated band', () => {
    expect(table('weekly').rows).toEqual([
      ['1', '2026-11-23', '100', '96.0', '90.0', '102', '−4.0%'],
      ['2', '2026-11-30', '80.0', '88.0', '85.0', '91.0', '+10.0%'],
    ]);
    const c = reportCharts(report).find((x) => x.name === 'weekly-volume')!;
    const data = rows(c.spec);
    expect(data.filter((d) => d.series === 'observed').map((d) => [d.week, d.incidents])).toEqual([[1, 100], [2, 80]]);
    expect(data.filter((d) => d.series === 'simulated').map((d) => [d.week, d.incidents, d.lo, d.hi])).toEqual([[1, 96, 90, 102], [2, 88, 85, 91]]);
    expect(data.filter((d) => d.series === undefined).map((d) => [d.week, d.lo, d.hi])).toEqual([[1, 90, 102], [2, 85, 91]]);
  });

  it('draws the observed median with its interval and the pooled simulated median, in the unit of the largest value, leaving out what is missing', () => {
    const c = reportCharts(report).find((x) => x.name === 'replay-resolve')!;
    expect(JSON.stringify(c.spec)).toContain('median time to resolve (hours)');
    expect(rows(c.spec)).toEqual([
      { priority: 'P1', series: 'observed', median: 4, lo: 2, hi: 8 },
      { priority: 'P1', series: 'simulated', median: 3.6, difference: -0.1 },
      { priority: 'P3', series: 'observed', median: 22, lo: 20.83, hi: 23 },
      { priority: 'P3', series: 'simulated', median: 24.2, difference: 0.1 },
      { priority: 'P4', series: 'simulated', median: 0.5 },
    ]);
  });

  it('explains how it was measured, for generated arrivals', () => {
    const how = report.sections[4].text!.join(' ');
    expect(how).toContain('2 weeks from 2026-11-23T00:00:00Z');
    expect(how).toContain('The scenario generates its own arrivals');
    expect(how).toContain('for 52 weeks without arrivals');
    expect(how).toContain('order statistics n/2 ± 1.96√n/2');
  });

  it('writes index.html, the tables as CSV and the charts as .vl.json', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'incisim-replay-report-'));
    const files = await writeReport(dir, report, { formats: ['html', 'json', 'csv'] });
    expect(files).toEqual(['index.html', 'overall.csv', 'priorities.csv', 'weekly.csv', 'charts/replay-resolve.vl.json', 'charts/weekly-volume.vl.json']);
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    expect(html.includes('data-chart="replay-resolve"')).toBe(true);
    expect(html.includes('data-chart="weekly-volume"')).toBe(true);
  });
});

describe('the replay report of a real replay of hand-made history', () => {
  const START = Date.parse('2026-11-23T00:00:00Z');
  const at = (min: number, ttr: number | undefined, extra: Partial<HistoricalIncident> = {}): HistoricalIncident => ({
    id: `H${min}`,
    openedAt: START + min * 60_000,
    resolvedAt: ttr === undefined ? undefined : START + (min + ttr) * 60_000,
    priority: 'P3',
    ...extra,
  });
  const history = [at(10, 30, { reassignments: 1 }), at(20, 60), at(1500, 90), at(2000, undefined), at(100, 45, { priority: 'P1' })];

  it('3 replications: charts valid, minutes throughout, the historical arrivals explained', () => {
    const scenario = tinyScenario({ teams: [{ id: 'desk', tier: 1, engineers: { count: 5 }, queue: 'fifo' }], replications: 3 });
    const r = buildReplayReport(replay(history, scenario, { drain: 1440 }), { file: 'h.jsonl', scenario: scenario.name, policy: routingText(scenario), seed: scenario.seed ?? 1 });
    expectValidCharts(r);
    expect(Object.fromEntries(r.header)).toMatchObject({ Routing: 'least-loaded (default)', Seed: '7', Window: '0.29 weeks from 2026-11-23T00:00:00Z', Replications: '3' });
    const p = reportTables(r).find((t) => t.name === 'priorities')!;
    expect(p.columns[5]).toBe('observed median (minutes) [95% interval]');
    // P1: one incident of 45 min observed; the scenario's fixed 30 min work simulated
    expect(p.rows[0].slice(0, 9)).toEqual(['P1', '1', '1.00 [1.00, 1.00]', '1', '0.00 [0.00, 0.00]', '45.0 [45.0, 45.0]', '30.0', '−33.3%', 'no']);
    expect(p.rows[1].slice(0, 8)).toEqual(['P3', '4', '4.00 [4.00, 4.00]', '3', '0.00 [0.00, 0.00]', '60.0 [30.0, 90.0]', '30.0', '−50.0%']);
    expect(r.sections[0].text![0]).toContain('the historical arrivals are replayed as they were');
    expect(r.sections[4].text![1]).toMatch(/^Each historical incident opened in the window is fed to the simulation at its own time/);
    expect(JSON.stringify(r)).not.toMatch(/NaN|Infinity|undefined/);
  });

  it('1 replication: no interval anywhere, no NaN, every chart carries data', () => {
    const scenario = tinyScenario({ teams: [{ id: 'desk', tier: 1, engineers: { count: 1 }, queue: 'fifo', routing: { policy: 'round-robin' } }], routing: { policy: 'least-loaded' } });
    const r = buildReplayReport(replay(history, scenario, { drain: 1440 }), { file: 'h.jsonl', scenario: scenario.name, policy: routingText(scenario), seed: 7 });
    expectValidCharts(r);
    expect(Object.fromEntries(r.header).Routing).toBe('least-loaded; teams with their own: desk: round-robin');
    expect(reportTables(r).find((t) => t.name === 'overall')!.rows[1].slice(2, 5)).toEqual(['17.5', '–', '–']);
    expect(r.sections[0].text!.at(-1)).toBe('Simulated figures: mean over 1 replication (one replication: no interval).');
    expect(JSON.stringify(r)).not.toMatch(/NaN|Infinity|undefined/);
    for (const c of reportCharts(r)) expect(rows(c.spec).length, c.name).toBeGreaterThan(0);
  });
});

describe('the replay chart builders', () => {
  const charts: Chart[] = [
    weeklyVolumeChart('w', [{ week: 1, start: '2026-11-23', observed: 10, mean: 11, lo: 9, hi: 13 }]),
    replayResolveChart('r', [{ priority: 'P1', observed: { median: 5000, lo: 4000, hi: 6000 }, simulated: 4500 }, { priority: 'P2' }]),
  ];
  it.each(charts.map((c) => [c.name, c] as const))('%s: valid with a single week or a priority without data', (_n, c) => {
    const { problems, warnings } = checkSpec(c.spec);
    expect(problems).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('relDiff: signed with a true minus, – when the observed value is 0 or missing', () => {
    expect([relDiff(110, 100), relDiff(90, 100), relDiff(1, 0), relDiff(NaN, 1), relDiff(1, undefined)]).toEqual(['+10.0%', '−10.0%', '–', '–', '–']);
  });

  it('writes a negative interval bound with a true minus sign', () => {
    const r = buildReplayReport({ ...comparison, reassignments: { observed: 0.5, simulated: e(0.2, -0.1, 0.5) } }, meta);
    expect(reportTables(r).find((t) => t.name === 'overall')!.rows[2]).toEqual(['reassignments per incident', '0.500', '0.200', '−0.100', '0.500', '−60.0%']);
  });
});
