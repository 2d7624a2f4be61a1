/**
 * KPI comparison: one panel per KPI, a point per group (scenario, variant or staffing level) with
 * its 95% interval as an error bar.
 */
import type { Chart } from '../types.js';
import { CONFIG, SCHEMA, intervalTooltip, kpiRows, r4 } from '../theme.js';

export interface KpiPoint {
  /** the KPI as people read it, with its unit: "MTTA (minutes)" */
  kpi: string;
  /** scenario, variant or staffing level */
  group: string;
  mean: number;
  lo: number;
  hi: number;
}

export function kpiIntervalsChart(name: string, title: string, points: readonly KpiPoint[], groupTitle = 'variant'): Chart {
  const groups = [...new Set(points.map((p) => p.group))];
  return {
    name,
    spec: {
      $schema: SCHEMA,
      title: { text: title, subtitle: 'mean over replications, bars: 95% interval' },
      config: CONFIG,
      data: { values: points.map((p) => ({ ...p, mean: r4(p.mean), lo: r4(p.lo), hi: r4(p.hi) })) },
      facet: kpiRows([...new Set(points.map((p) => p.kpi))]),
      resolve: { scale: { x: 'independent' } },
      spec: {
        width: 460,
        height: { step: 22 },
        layer: [
          {
            mark: { type: 'rule', strokeWidth: 2 },
            encoding: {
              y: { field: 'group', type: 'nominal', title: groupTitle, sort: groups },
              x: { field: 'lo', type: 'quantitative', title: null, scale: { zero: false } },
              x2: { field: 'hi' },
              color: { field: 'group', type: 'nominal', legend: null, sort: groups },
            },
          },
          {
            mark: { type: 'point', filled: true, size: 60 },
            encoding: {
              y: { field: 'group', type: 'nominal', sort: groups },
              x: { field: 'mean', type: 'quantitative' },
              color: { field: 'group', type: 'nominal', legend: null, sort: groups },
              tooltip: [
                { field: 'kpi', type: 'nominal' },
                { field: 'group', type: 'nominal', title: groupTitle },
                ...intervalTooltip('.4~g'),
              ],
            },
          },
        ],
      },
    },
  };
}
