/**
 * Observed and simulated distributions of time to resolve overlaid (`incisim backtest`): the two
 * empirical CDFs of log10(hours), drawn on a log axis of hours. Inputs are sorted log10 hours
 * (thinned samples are fine: each point is a quantile).
 */
import type { Chart } from '../types.js';
import { CONFIG, PALETTE, SCHEMA, r4 } from '../theme.js';

export function ttrOverlayChart(name: string, title: string, observed: readonly number[], simulated: readonly number[]): Chart {
  const points = (series: string, xs: readonly number[]) => xs.map((x, k) => ({ series, hours: r4(10 ** x), share: r4((k + 0.5) / xs.length) }));
  return {
    name,
    spec: {
      $schema: SCHEMA,
      title: { text: title, subtitle: 'share of resolved incidents resolved within a time (empirical CDF), observed and simulated' },
      config: CONFIG,
      width: 520,
      height: 300,
      data: { values: [...points('observed', observed), ...points('simulated', simulated)] },
      mark: { type: 'line', interpolate: 'step-after' },
      encoding: {
        x: { field: 'hours', type: 'quantitative', scale: { type: 'log' }, title: 'time to resolve, hours (log scale)' },
        y: { field: 'share', type: 'quantitative', title: 'share resolved', axis: { format: '%' } },
        color: { field: 'series', type: 'nominal', title: null, scale: { domain: ['observed', 'simulated'], range: [PALETTE[0], PALETTE[1]] } },
      },
    },
  };
}
