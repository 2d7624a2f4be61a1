/**
 * The report of `incisim compare`: every KPI side by side with its paired difference against the
 * baseline (and whether it is significant), the KPI comparison chart, the differences chart,
 * fairness side by side (Lorenz curves), and utilisation variance per team.
 */
import type { Comparison } from '../decide/compare.js';
import { fmtKpi } from '../io/outputs.js';
import type { Estimate } from '../metrics/types.js';
import { kpiIntervalsChart, type KpiPoint } from './charts/kpi-intervals.js';
import { lorenzChart } from './charts/lorenz.js';
import { pairedDifferencesChart, type DifferencePoint } from './charts/paired-differences.js';
import { estimateText, kpiLabel, kpiScale } from './labels.js';
import type { Report } from './types.js';
import { VERSION } from '../version.js';

function signed(kpi: string, v: number): string {
  return v < 0 ? `−${fmtKpi(kpi, -v)}` : `+${fmtKpi(kpi, v)}`;
}

export function buildComparisonReport(c: Comparison, meta: { runDate?: string } = {}): Report {
  const rows: string[][] = [];
  const values: KpiPoint[] = [];
  const diffs: DifferencePoint[] = [];
  for (const k of c.kpis) {
    if (k.estimates.every((e) => e === undefined)) continue;
    const scale = kpiScale(k.kpi, k.estimates);
    c.variants.forEach((v, i) => {
      const e = k.estimates[i];
      const d = k.paired[i];
      const u = k.unpaired[i];
      rows.push([
        kpiLabel(k.kpi),
        v,
        estimateText(k.kpi, e),
        v === c.baseline ? '(baseline)' : d ? `${signed(k.kpi, d.mean)} [${signed(k.kpi, d.ci95[0])}, ${signed(k.kpi, d.ci95[1])}]` : '–',
        v === c.baseline || !d ? '' : d.significant ? 'significant' : 'not significant (interval contains 0)',
        v === c.baseline || !u ? '' : `[${signed(k.kpi, u.ci95[0])}, ${signed(k.kpi, u.ci95[1])}]`,
      ]);
      if (e) values.push({ kpi: scale.label, group: v, mean: e.mean * scale.factor, lo: e.ci95[0] * scale.factor, hi: e.ci95[1] * scale.factor });
      if (d && v !== c.baseline) diffs.push({ kpi: scale.label, variant: v, mean: d.mean * scale.factor, lo: d.ci95[0] * scale.factor, hi: d.ci95[1] * scale.factor, significant: d.significant });
    });
  }
  const significant = diffs.filter((d) => d.significant);
  const teams = [...new Set(c.fairness.flatMap((f) => Object.keys(f.byTeam)))].sort();
  const teamPoints: KpiPoint[] = teams.flatMap((t) =>
    c.fairness.flatMap((f) => {
      const e: Estimate | undefined = f.byTeam[t];
      return e ? [{ kpi: `team ${t}`, group: f.variant, mean: e.mean, lo: e.ci95[0], hi: e.ci95[1] }] : [];
    }),
  );
  return {
    title: `${c.scenario}: ${c.variants.length} variants compared`,
    header: [
      ['Scenario', c.scenario],
      ['Variants', c.variants.join(', ')],
      ['Baseline', c.baseline],
      ['Replications', `${c.replications} per variant, paired (common random numbers: the same arrivals and work on each replication index)`],
      ['Seed', String(c.summaries[0]?.seed ?? '')],
      ['incisim', VERSION],
      ...(meta.runDate ? [['Run date', meta.runDate] as [string, string]] : []),
    ],
    sections: [
      {
        heading: 'Verdict',
        text: [
          significant.length === 0
            ? `No variant differs significantly from ${c.baseline} on any KPI at the 95% level.`
            : `Significant differences against ${c.baseline} (95% paired interval excludes 0): ` +
              significant.map((d) => `${d.variant} on ${d.kpi} (${d.mean > 0 ? 'higher' : 'lower'})`).join('; ') + '.',
          'Every other difference is not significant: its interval contains 0, so the runs cannot tell the variants apart on that KPI.',
        ],
      },
      {
        heading: 'KPIs side by side',
        text: ['Difference: variant − baseline per replication, averaged, with a 95% paired-t interval. The last column is the interval as if the runs were independent (Welch), for reference: pairing is what makes it narrow.'],
        table: { name: 'comparison', columns: ['KPI', 'variant', 'mean [95% CI]', 'difference vs baseline [95% CI]', 'verdict', 'unpaired interval'], rows },
        charts: [kpiIntervalsChart('kpi-comparison', 'KPIs per variant', values), ...(diffs.length ? [pairedDifferencesChart('paired-differences', c.baseline, diffs)] : [])],
      },
      {
        heading: 'Fairness',
        text: c.fairness.map((f) => `${f.variant}: Gini ${estimateText('gini', f.gini)}, Jain ${estimateText('jain', f.jain)}, utilisation variance ${estimateText('utilisationVariance', f.utilisationVariance)}.`),
        charts: [
          lorenzChart('lorenz', Object.fromEntries(c.summaries.map((s, i) => [c.variants[i], s.engineers.map((e) => e.workload)])), c.fairness.map((f) => `${f.variant} ${estimateText('gini', f.gini)}`).join(', '), 'workload'),
          ...(teamPoints.length ? [kpiIntervalsChart('utilisation-variance-by-team', 'Utilisation variance across engineers, per team', teamPoints)] : []),
        ],
      },
    ],
  };
}
