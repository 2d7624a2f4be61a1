/** The run report of a scenario using the ITIL-depth features (#19): per ticket type and per closure code. */
import { describe, expect, it } from 'vitest';
import { buildRunReport } from '../../src/report/run-report.js';
import { loadScenario } from '../../src/scenario/load.js';
import { runScenario } from '../../src/sim/run.js';

describe('run report with ITIL-depth figures', () => {
  const { scenario, source } = loadScenario('scenarios/problem-management.yaml', { overrides: ['horizon=3w', 'replications=2'] });
  const run = runScenario(scenario, { keepIncidents: false });
  const report = buildRunReport(run.summary, [], source, { wallTimeSeconds: run.wallSeconds, runDate: '2027-01-01T00:00:00.000Z' });
  const section = (h: string) => report.sections.find((s) => s.heading === h);

  it('has a row per ticket type, and one per closure code with its count', () => {
    const types = section('Per ticket type')!.table!;
    expect(types.rows.map((r) => r[0])).toEqual(['incident', 'request']);
    expect(types.columns).toContain('first-contact resolution');
    const codes = section('Per closure code')!.table!;
    expect(codes.rows.map((r) => r[0])).toContain('solved-workaround');
    const total = codes.rows.reduce((s, r) => s + Number(r[1].split(' ')[0]), 0);
    expect(Math.abs(total - run.summary.kpis.resolved.mean)).toBeLessThan(run.summary.kpis.resolved.mean * 0.01);
    const kpis = section('Key figures')!.table!.rows.map((r) => r[0]);
    expect(kpis).toContain('First-contact resolution');
    expect(kpis).toContain('Incidents avoided by solved problems');
  });
});
