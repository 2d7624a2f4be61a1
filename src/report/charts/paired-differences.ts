/**
 * Paired differences against the baseline: per KPI and variant, the mean difference (variant −
 * baseline) with its 95% interval; a rule at 0. Intervals that cross 0 are drawn hollow and
 * labelled "not significant".
 */
import type { Chart } from '../types.js';
import { CONFIG, SCHEMA, intervalTooltip, kpiRows, r4 } from '../theme.js';

export interface DifferencePoint {
  kpi: string;
  variant: string;
  mean: number;
  lo: number;
  hi: number;
  significant: boolean;
}

export function pairedDifferencesChart(name: string, baseline: string, points: readonly DifferencePoint[]): Chart {
  const variants = [...new Set(points.map((p) => p.variant))];
  const y = { field: 'variant', type: 'nominal', title: null, sort: variants } as const;
  return {
    name,
    spec: {
      $schema: SCHEMA,
      title: { text: `Differences against ${baseline}`, subtitle: 'variant − baseline on the same replications (common random numbers), 95% paired interval' },
      config: CONFIG,
      data: { values: points.map((p) => ({ ...p, mean: r4(p.mean), lo: r4(p.lo), hi: r4(p.hi), verdict: p.significant ? 'significant' : 'not significant' })) },
      facet: kpiRows([...new Set(points.map((p) => p.kpi))]),
      resolve: { scale: { x: 'independent' } },
      spec: {
        width: 460,
        height: { step: 22 },
        layer: [
          { data: { values: [{ zero: 0 }] }, mark: { type: 'rule', color: '#999' }, encoding: { x: { field: 'zero', type: 'quantitative' } } },
          { mark: { type: 'rule', strokeWidth: 2 }, encoding: { y, x: { field: 'lo', type: 'quantitative', title: 'difference' }, x2: { field: 'hi' }, color: { field: 'verdict', type: 'nominal', title: null, scale: { domain: ['significant', 'not significant'], range: ['#D55E00', '#999999'] } } } },
          {
            mark: { type: 'point', size: 60 },
            encoding: {
              y,
              x: { field: 'mean', type: 'quantitative' },
              color: { field: 'verdict', type: 'nominal' },
              fill: { condition: { test: 'datum.significant', value: '#D55E00' }, value: 'white' },
              tooltip: [
                { field: 'kpi', type: 'nominal' },
                { field: 'variant', type: 'nominal' },
                ...intervalTooltip('.4~g', 'difference'),
                { field: 'verdict', type: 'nominal' },
              ],
            },
          },
        ],
      },
    },
  };
}
