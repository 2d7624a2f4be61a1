/** Open incidents over time: the mean across replications as a line, the 95% band as an area. */
import type { Chart } from '../types.js';
import { CONFIG, SCHEMA, meanBandLayers, r4, thin } from '../theme.js';

export interface BacklogSeries {
  /** grid times, simulated minutes since the start */
  t: readonly number[];
  mean: readonly number[];
  lo: readonly number[];
  hi: readonly number[];
}

export function backlogChart(name: string, b: BacklogSeries, warmupMinutes: number): Chart {
  const rows = thin(b.t.map((t, i) => ({ day: r4(t / 1440), mean: r4(b.mean[i]), lo: r4(Math.max(0, b.lo[i])), hi: r4(b.hi[i]) })), 1500);
  const x = { field: 'day', type: 'quantitative', title: 'simulated days since the start' } as const;
  return {
    name,
    spec: {
      $schema: SCHEMA,
      title: { text: 'Backlog over time', subtitle: 'open incidents: mean across replications, band: 95% interval; grey: warm-up (not measured)' },
      config: CONFIG,
      width: 640,
      height: 240,
      layer: [
        ...(warmupMinutes > 0
          ? [{ data: { values: [{ from: 0, to: r4(warmupMinutes / 1440) }] }, mark: { type: 'rect' as const, color: '#eee' }, encoding: { x: { field: 'from', type: 'quantitative' as const }, x2: { field: 'to' } } }]
          : []),
        {
          data: { values: rows },
          layer: meanBandLayers(x, { band: '#56B4E9', line: '#0072B2' }, 'open incidents', 'open (mean)'),
        },
      ],
    },
  };
}
