/** Open incidents over time split into age buckets (< 1d, 1–3d, …), stacked: mean across replications. */
import type { Chart } from '../types.js';
import { CONFIG, PALETTE, SCHEMA, r4, thin } from '../theme.js';

export interface AgingSeries {
  /** grid times, simulated minutes since the start */
  t: readonly number[];
  /** bucket labels, youngest first */
  labels: readonly string[];
  /** mean open count per bucket (outer) and grid time (inner) */
  mean: readonly (readonly number[])[];
}

export function backlogAgingChart(name: string, a: AgingSeries): Chart {
  const keep = thin(a.t.map((_, j) => j), 600);
  const rows = keep.flatMap((j) => a.labels.map((label, k) => ({ day: r4(a.t[j] / 1440), bucket: label, order: k, open: r4(a.mean[k][j]) })));
  return {
    name,
    spec: {
      $schema: SCHEMA,
      title: { text: 'Backlog by age', subtitle: 'open incidents by how long they have been open (mean across replications), stacked' },
      config: CONFIG,
      width: 640,
      height: 240,
      data: { values: rows },
      mark: { type: 'area' },
      encoding: {
        x: { field: 'day', type: 'quantitative', title: 'simulated days since the start' },
        y: { field: 'open', type: 'quantitative', stack: 'zero', title: 'open incidents' },
        color: { field: 'bucket', type: 'nominal', title: 'age', sort: [...a.labels], scale: { domain: [...a.labels], range: PALETTE.slice(0, a.labels.length) } },
        order: { field: 'order', type: 'quantitative' },
        tooltip: [
          { field: 'day', type: 'quantitative', format: '.2f', title: 'day' },
          { field: 'bucket', type: 'nominal', title: 'age' },
          { field: 'open', type: 'quantitative', format: '.1f', title: 'open (mean)' },
        ],
      },
    },
  };
}
