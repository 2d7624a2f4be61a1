/**
 * The distribution of a duration (time to acknowledge, time to resolve) per priority as an
 * empirical CDF on a log time axis. Each series is thinned to at most 200 order statistics,
 * so the chart stays small however many incidents there were.
 */
import type { Chart } from '../types.js';
import { CONFIG, SCHEMA, r4 } from '../theme.js';

/** ECDF points of `values` (minutes): (x, share ≤ x), at most `max` points, zeros dropped (log axis). */
export function ecdfPoints(values: readonly number[], max = 200): { minutes: number; share: number }[] {
  const xs = values.filter((v) => v > 0 && Number.isFinite(v)).sort((a, b) => a - b);
  const n = values.filter((v) => Number.isFinite(v) && v >= 0).length;
  if (xs.length === 0) return [];
  const zeros = n - xs.length;
  const out: { minutes: number; share: number }[] = [];
  const k = Math.min(max, xs.length);
  for (let j = 0; j < k; j++) {
    const i = k === 1 ? xs.length - 1 : Math.round((j * (xs.length - 1)) / (k - 1));
    out.push({ minutes: xs[i], share: (zeros + i + 1) / n });
  }
  return out;
}

/** `series`: per priority, the observed durations in minutes. */
export function durationEcdfChart(name: string, title: string, series: Record<string, readonly number[]>, note: string): Chart {
  const values = Object.entries(series).flatMap(([priority, xs]) => ecdfPoints(xs).map((p) => ({ priority, minutes: r4(p.minutes), share: r4(p.share) })));
  return {
    name,
    spec: {
      $schema: SCHEMA,
      title: { text: title, subtitle: note },
      config: CONFIG,
      width: 560,
      height: 260,
      data: { values },
      mark: { type: 'line', interpolate: 'step-after', point: false },
      encoding: {
        x: { field: 'minutes', type: 'quantitative', scale: { type: 'log' }, title: 'minutes (log scale)' },
        y: { field: 'share', type: 'quantitative', title: 'share of incidents at or below', axis: { format: '%' }, scale: { domain: [0, 1] } },
        color: { field: 'priority', type: 'nominal', title: 'priority', sort: 'ascending' },
        tooltip: [
          { field: 'priority', type: 'nominal' },
          { field: 'minutes', type: 'quantitative', format: '.3~f' },
          { field: 'share', type: 'quantitative', format: '.1%', title: 'share ≤' },
        ],
      },
    },
  };
}
