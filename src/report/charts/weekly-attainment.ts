/**
 * SLA attainment per week of the staffing window, one line per target with its 95% interval and
 * the required share as a dashed rule (`incisim staff`): a week that fails shows below its rule.
 */
import type { Chart } from '../types.js';
import { CONFIG, SCHEMA, intervalTooltip, r4 } from '../theme.js';

export interface WeeklyAttainmentPoint {
  /** week of the window, from 1 */
  week: number;
  /** "2026-11-26 – 2026-12-02" */
  label: string;
  target: string;
  mean: number;
  lo: number;
  hi: number;
  share: number;
}

export function weeklyAttainmentChart(name: string, points: readonly WeeklyAttainmentPoint[]): Chart {
  const targets = [...new Set(points.map((p) => p.target))];
  const color = { field: 'target', type: 'nominal', title: 'target', sort: targets } as const;
  const x = { field: 'week', type: 'ordinal', title: 'week of the window', axis: { labelAngle: 0 } } as const;
  return {
    name,
    spec: {
      $schema: SCHEMA,
      title: { text: 'Attainment per week of the window', subtitle: 'with the answer roster (mean, 95% interval over replications); dashed: required share' },
      config: CONFIG,
      width: 560,
      height: 260,
      data: { values: points.map((p) => ({ ...p, mean: r4(p.mean), lo: r4(p.lo), hi: r4(p.hi) })) },
      layer: [
        { mark: { type: 'line', point: { filled: true } }, encoding: { x, y: { field: 'mean', type: 'quantitative', title: 'attainment', axis: { format: '%' }, scale: { zero: false } }, color } },
        { mark: { type: 'rule' }, encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' }, color } },
        { mark: { type: 'rule', strokeDash: [5, 4] }, encoding: { y: { field: 'share', type: 'quantitative' }, color } },
        {
          mark: { type: 'point', opacity: 0 },
          encoding: {
            x,
            y: { field: 'mean', type: 'quantitative' },
            tooltip: [
              { field: 'target', type: 'nominal' },
              { field: 'label', type: 'nominal', title: 'week' },
              ...intervalTooltip('.1%', 'attainment'),
              { field: 'share', type: 'quantitative', format: '.0%', title: 'required' },
            ],
          },
        },
      ],
    },
  };
}
