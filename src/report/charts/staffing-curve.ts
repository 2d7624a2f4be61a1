/**
 * The staffing curve: SLA attainment of each target against headcount, with 95% intervals, the
 * target as a dashed rule, and the chosen headcount marked.
 */
import type { Chart } from '../types.js';
import { CONFIG, SCHEMA, intervalTooltip, r4 } from '../theme.js';

export interface StaffingPoint {
  /** base or peak */
  load: string;
  headcount: number;
  target: string;
  mean: number;
  lo: number;
  hi: number;
  share: number;
}

export function staffingCurveChart(name: string, points: readonly StaffingPoint[], chosen: { load: string; headcount: number }[], xTitle: string): Chart {
  const targets = [...new Set(points.map((p) => p.target))];
  const loads = [...new Set(points.map((p) => p.load))];
  const color = { field: 'target', type: 'nominal', title: 'target', sort: targets } as const;
  const x = { field: 'headcount', type: 'quantitative', title: xTitle, scale: { zero: false }, axis: { tickMinStep: 1, format: 'd' } } as const;
  return {
    name,
    spec: {
      $schema: SCHEMA,
      title: { text: 'Staffing curve', subtitle: 'SLA attainment against headcount (mean, 95% interval); dashed: required share; grey rule: the answer' },
      config: CONFIG,
      data: { values: points.map((p) => ({ ...p, mean: r4(p.mean), lo: r4(p.lo), hi: r4(p.hi), answer: chosen.some((c) => c.load === p.load && c.headcount === p.headcount) })) },
      facet: { column: { field: 'load', type: 'nominal', title: null, sort: loads } },
      spec: {
        width: loads.length > 1 ? 320 : 560,
        height: 260,
        layer: [
          {
            mark: { type: 'rule', color: '#999', strokeWidth: 6, opacity: 0.4 },
            transform: [{ filter: 'datum.answer' }],
            encoding: { x },
          },
          { mark: { type: 'line', point: { filled: true } }, encoding: { x, y: { field: 'mean', type: 'quantitative', title: 'attainment', axis: { format: '%' } }, color } },
          { mark: { type: 'rule' }, encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' }, color } },
          { mark: { type: 'rule', strokeDash: [5, 4] }, encoding: { y: { field: 'share', type: 'quantitative' }, color } },
          {
            mark: { type: 'point', opacity: 0 },
            encoding: {
              x,
              y: { field: 'mean', type: 'quantitative' },
              tooltip: [
                { field: 'target', type: 'nominal' },
                { field: 'headcount', type: 'quantitative' },
                ...intervalTooltip('.1%', 'attainment'),
                { field: 'share', type: 'quantitative', format: '.0%', title: 'required' },
              ],
            },
          },
        ],
      },
    },
  };
}
