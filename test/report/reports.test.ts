/**
 * The reports (run, compare, staff, drill, replay) built from real short runs: what each shows,
 * and every chart in them validates against the Vega-Lite schema and compiles.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { reportCharts, reportTables, type Report } from '../../src/report/types.js';
import { buildAll } from './fixtures.js';
import { checkSpec } from './vega-lite.js';

let reports: Awaited<ReturnType<typeof buildAll>>;
beforeAll(async () => {
  reports = await buildAll();
}, 120_000);

const headings = (r: Report) => r.sections.map((s) => s.heading);
const header = (r: Report) => Object.fromEntries(r.header);

describe('every report', () => {
  it('has only charts that validate against the Vega-Lite schema and compile without warnings, with unique names', () => {
    for (const [kind, r] of Object.entries(reports)) {
      const charts = reportCharts(r);
      expect(charts.length, kind).toBeGreaterThan(0);
      expect(new Set(charts.map((c) => c.name)).size, kind).toBe(charts.length);
      for (const c of charts) {
        const { problems, warnings } = checkSpec(c.spec);
        expect(problems, `${kind}/${c.name}`).toEqual([]);
        expect(warnings, `${kind}/${c.name}`).toEqual([]);
      }
      for (const t of reportTables(r)) for (const row of t.rows) expect(row, `${kind}/${t.name}`).toHaveLength(t.columns.length);
    }
  });
});

describe('the run report', () => {
  it('heads the page with scenario, seed, replications, version, run date and wall time', () => {
    const h = header(reports.run);
    expect(h.Scenario).toMatch(/^default — /);
    expect(h.Seed).toBeTruthy();
    expect(h.Replications).toBe('3');
    expect(h.incisim).toBe('0.1.0');
    expect(h['Run date']).toBe('2026-11-22T12:00:00.000Z');
    expect(h['Wall time']).toMatch(/^\d+\.\d s$/);
  });

  it('shows the KPI table with intervals, then per priority, distributions, SLA, utilisation, fairness, backlog and arrivals, and echoes the scenario', () => {
    expect(headings(reports.run)).toEqual(['Key figures', 'Per priority', 'Distributions', 'SLA attainment', 'Utilisation', 'Fairness', 'Backlog', 'Arrivals']);
    const kpis = reports.run.sections[0].table!;
    expect(kpis.columns).toEqual(['KPI', 'mean', '95% low', '95% high', 'key']);
    const mtta = kpis.rows.find((r) => r[4] === 'mtta')!;
    expect(mtta[0]).toBe('MTTA — mean time to acknowledge');
    expect(mtta.slice(1, 4).every((c) => / (min|h|d)$/.test(c))).toBe(true);
    expect(reportCharts(reports.run).map((c) => c.name)).toEqual([
      'kpis-by-priority', 'time-to-acknowledge', 'time-to-resolve', 'sla-attainment', 'utilisation-by-team', 'utilisation-heatmap', 'lorenz', 'backlog', 'arrivals-by-hour',
    ]);
    expect(reports.run.appendix?.text).toContain('name: default');
  });
});

describe('the comparison report', () => {
  it('says which differences are significant and lists each KPI per variant with its paired difference', () => {
    const verdict = reports.compare.sections[0].text!.join(' ');
    expect(verdict).toMatch(/Significant differences against c20 .*c22 on MTTA — mean time to acknowledge \(minutes\) \(lower\)/);
    const t = reports.compare.sections[1].table!;
    const mtta = t.rows.filter((r) => r[0] === 'MTTA — mean time to acknowledge');
    expect(mtta.map((r) => r[1])).toEqual(['c20', 'c22']);
    expect(mtta[0][3]).toBe('(baseline)');
    expect(mtta[1][3]).toMatch(/^−[\d.]+ min \[−[\d.]+ min, −[\d.]+ min\]$/);
    expect(mtta[1][4]).toBe('significant');
    expect(reportCharts(reports.compare).map((c) => c.name)).toEqual(['kpi-comparison', 'paired-differences', 'lorenz', 'utilisation-variance-by-team']);
  });
});

describe('the staffing report', () => {
  it('shows the shift table with Erlang C beside the answer, the targets in the window per week, the minimality table, what headcount cannot meet, and the rosters tried', () => {
    expect(headings(reports.staff)).toEqual(['Answer', 'Targets in the window', 'Minimality', 'What headcount cannot meet', 'Rosters simulated', 'Reproduce']);
    const t = reports.staff.sections[0].table!;
    expect(t.columns.slice(0, 7)).toEqual(['team', 'shift', 'unit', 'today', 'offered load (Erlangs)', 'Erlang C engineers', 'answer']);
    expect(t.rows).toHaveLength(1);
    expect(t.rows[0].slice(0, 5)).toEqual(['desk', '24x7', '24x7', '20', '18.00']);
    expect(t.rows[0][5]).toBe('21 (P3 respond 20m 80%)');
    const targets = reports.staff.sections[1].table!;
    expect(targets.rows.map((r) => r[0])).toEqual(['P3 respond 20m 80%', 'P3 resolve 30m 80%']);
    expect(targets.columns.slice(-2)).toEqual(['week 1', 'week 2']);
    expect(targets.rows[1][5]).toMatch(/^no \(held at a mean of 3\d\.0%\)$/);
    const minimality = reports.staff.sections[2].table!;
    expect(minimality.rows[0].slice(0, 5)).toEqual(['desk', '24x7', t.rows[0][6], String(Number(t.rows[0][6]) - 1), 'no']);
    expect(reports.staff.sections[3].table!.rows[0].slice(0, 3)).toEqual(['P3 resolve 30m 80%', 'generic', 'desk']);
    expect(reportCharts(reports.staff).map((c) => c.name)).toEqual(['weekly-attainment', 'staffing-curve']);
    expect(reports.staff.sections[4].table!.rows.map((r) => r[0]).slice(0, 3)).toEqual(['today', 'erlang', 'ceiling']);
    expect(reports.staff.sections[5].text![0]).toMatch(/^incisim run scenarios\/mmc\.yaml --set 'horizon=\d+' --set 'teams\[0\]\.engineers\.count=\d+'$/);
  });
});

describe('the replay report', () => {
  it('puts observed beside simulated: summary, per priority with the median chart, weekly volume, reassignments, how it was measured', () => {
    expect(headings(reports.replay)).toEqual(['Summary', 'Time to resolve per priority', 'Weekly volume', 'Reassignments', 'How it was measured']);
    expect(header(reports.replay)).toMatchObject({ File: 'history.jsonl', Scenario: 'tiny', Routing: 'least-loaded (default)', Replications: '3', Seed: '7' });
    expect(reports.replay.sections[1].table!.rows.map((r) => r[0])).toEqual(['P1', 'P3']);
    expect(reports.replay.sections[2].table!.rows).toHaveLength(2);
    expect(reportCharts(reports.replay).map((c) => c.name)).toEqual(['replay-resolve', 'weekly-volume']);
    expect(JSON.stringify(reports.replay)).not.toMatch(/NaN|Infinity|undefined/);
  });
});

describe('the drill report', () => {
  it('lists each expectation with its result, the timeline as a table and a Gantt chart, and the probabilities over runs', () => {
    expect(headings(reports.drill)).toEqual(['Expectations', 'Timeline', 'How often the expectations hold']);
    const ex = reports.drill.sections[0].table!;
    expect(ex.rows.length).toBeGreaterThan(0);
    expect(ex.rows.every((r) => r[1] === 'holds' || r[1] === 'FAILS')).toBe(true);
    expect(reports.drill.sections[1].table!.rows[0][2]).toBe('arrived');
    expect(reports.drill.sections[2].table!.rows[0][1]).toMatch(/^\d+ of 20$/);
    expect(reportCharts(reports.drill).map((c) => c.name)).toEqual(['escalation-timeline']);
  });
});

/** Every inline data row of a spec (all `values` arrays, however deeply layered). */
function rows(spec: unknown): unknown[] {
  if (Array.isArray(spec)) return spec.flatMap(rows);
  if (!spec || typeof spec !== 'object') return [];
  const o = spec as Record<string, unknown>;
  const own = o.data && typeof o.data === 'object' && Array.isArray((o.data as { values?: unknown }).values) ? ((o.data as { values: unknown[] }).values) : [];
  return [...own, ...Object.entries(o).filter(([k]) => k !== 'data').flatMap(([, v]) => rows(v))];
}

describe('a run with one engineer and one replication', () => {
  it('says there is no interval, and has no NaN, Infinity or undefined anywhere in text, tables or charts', () => {
    const r = reports.tiny;
    expect(Object.fromEntries(r.header).Replications).toBe('1');
    expect(r.sections[0].text!.join(' ')).toContain('(one replication: no interval)');
    const mtta = r.sections[0].table!.rows.find((x) => x[4] === 'mtta')!;
    expect(mtta[2]).toBe('–');
    const text = JSON.stringify(r);
    expect(text).not.toMatch(/NaN|Infinity|undefined/);
    expect(text).not.toMatch(/null%|n\/a/);
  });

  it('draws no empty chart: every chart carries data', () => {
    for (const [kind, r] of Object.entries(reports)) for (const c of reportCharts(r)) expect(rows(c.spec).length, `${kind}/${c.name}`).toBeGreaterThan(0);
  });
});
