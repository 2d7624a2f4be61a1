/** SLA attainment per priority (respond and resolve) with 95% intervals, against each priority's target. */
import type { Chart } from '../types.js';
import { CONFIG, SCHEMA, intervalTooltip, r4 } from '../theme.js';

export interface SlaPoint {
  priority: string;
  /** "respond" or "resolve" */
  clock: string;
  mean: number;
  lo: number;
  hi: number;
  /** the target share, when the scenario sets one */
  target?: number;
}

export function slaAttainmentChart(name: string, points: readonly SlaPoint[]): Chart {
  const values = points.map((p) => ({ ...p, mean: r4(p.mean), lo: r4(p.lo), hi: r4(p.hi), target: p.target, meets: p.target === undefined ? 'no target' : p.lo >= p.target ? 'meets' : p.hi < p.target ? 'misses' : 'uncertain' }));
  const y = { field: 'priority', type: 'nominal', title: 'priority', sort: 'ascending' } as const;
  return {
    name,
    spec: {
      $schema: SCHEMA,
      title: { text: 'SLA attainment per priority', subtitle: 'share of incidents within the SLA (mean, 95% interval); black tick: target' },
      config: CONFIG,
      data: { values },
      facet: { column: { field: 'clock', type: 'nominal', title: null, sort: ['respond', 'resolve'] } },
      spec: {
        width: 280,
        height: { step: 28 },
        layer: [
          {
            mark: { type: 'bar', height: 16 },
            encoding: {
              y,
              x: { field: 'mean', type: 'quantitative', title: 'attainment', axis: { format: '%' }, scale: { domain: [0, 1] } },
              color: { field: 'meets', type: 'nominal', title: 'against target', scale: { domain: ['meets', 'uncertain', 'misses', 'no target'], range: ['#009E73', '#E69F00', '#D55E00', '#999999'] } },
              tooltip: [
                { field: 'priority', type: 'nominal' },
                { field: 'clock', type: 'nominal' },
                ...intervalTooltip('.1%', 'attainment'),
                { field: 'target', type: 'quantitative', format: '.0%' },
              ],
            },
          },
          { mark: { type: 'rule', color: '#333' }, encoding: { y, x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' } } },
          { transform: [{ filter: 'isValid(datum.target)' }], mark: { type: 'tick', color: 'black', thickness: 2 }, encoding: { y, x: { field: 'target', type: 'quantitative' } } },
        ],
      },
    },
  };
}
