/**
 * Workload fairness as a Lorenz curve: engineers sorted by workload, the cumulative share of
 * engineers against the cumulative share of work; the diagonal is perfect equality. The Gini
 * coefficient (with its interval over replications) is in the title.
 */
import type { Chart } from '../types.js';
import { CONFIG, SCHEMA, r4 } from '../theme.js';

/** Lorenz points (share of engineers, share of workload), from (0, 0) to (1, 1). */
export function lorenzPoints(workloads: readonly number[]): { engineers: number; workload: number }[] {
  const xs = [...workloads].filter((v) => Number.isFinite(v) && v >= 0).sort((a, b) => a - b);
  const total = xs.reduce((a, b) => a + b, 0);
  const out = [{ engineers: 0, workload: 0 }];
  let cum = 0;
  xs.forEach((v, i) => {
    cum += v;
    out.push({ engineers: (i + 1) / xs.length, workload: total > 0 ? cum / total : (i + 1) / xs.length });
  });
  return out;
}

/** `gini`: the Gini estimate to print ("0.123 [0.110, 0.136]"); `series`: per group (e.g. variant), the engineers' workloads. */
export function lorenzChart(name: string, series: Record<string, readonly number[]>, gini: string, unit: string): Chart {
  const values = Object.entries(series).flatMap(([group, w]) => lorenzPoints(w).map((p) => ({ group, engineers: r4(p.engineers), workload: r4(p.workload) })));
  const many = Object.keys(series).length > 1;
  return {
    name,
    spec: {
      $schema: SCHEMA,
      title: { text: `Workload fairness — Gini ${gini}`, subtitle: `Lorenz curve of workload (${unit}) across engineers; the diagonal is an even spread` },
      config: CONFIG,
      width: 360,
      height: 360,
      layer: [
        {
          data: { values: [{ x: 0, y: 0 }, { x: 1, y: 1 }] },
          mark: { type: 'line', color: '#999', strokeDash: [4, 4] },
          encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
        },
        {
          data: { values },
          mark: { type: 'line', interpolate: 'linear' },
          encoding: {
            x: { field: 'engineers', type: 'quantitative', title: 'share of engineers (lightest load first)', axis: { format: '%' }, scale: { domain: [0, 1] } },
            y: { field: 'workload', type: 'quantitative', title: 'share of workload', axis: { format: '%' }, scale: { domain: [0, 1] } },
            color: { field: 'group', type: 'nominal', title: many ? 'variant' : null, legend: many ? {} : null },
            tooltip: [
              ...(many ? [{ field: 'group', type: 'nominal' as const, title: 'variant' }] : []),
              { field: 'engineers', type: 'quantitative', format: '.0%', title: 'share of engineers' },
              { field: 'workload', type: 'quantitative', format: '.1%', title: 'share of workload' },
            ],
          },
        },
      ],
    },
  };
}
