/**
 * Incidents opened per week: the observed count beside the simulated mean across replications,
 * with the simulated 95% interval as a band (`incisim replay`).
 */
import type { Chart } from '../types.js';
import { CONFIG, PALETTE, SCHEMA, r4 } from '../theme.js';

export interface WeeklyVolumePoint {
  /** week of the window, from 1 */
  week: number;
  /** the week's first day, ISO date */
  start: string;
  observed: number;
  /** simulated mean over replications with its 95% interval */
  mean: number;
  lo: number;
  hi: number;
}

const SERIES = ['observed', 'simulated'];

export function weeklyVolumeChart(name: string, weeks: readonly WeeklyVolumePoint[]): Chart {
  const band = weeks.map((w) => ({ week: w.week, start: w.start, lo: r4(Math.max(0, w.lo)), hi: r4(w.hi) }));
  const lines = weeks.flatMap((w) => [
    { week: w.week, start: w.start, series: 'observed', incidents: r4(w.observed), lo: r4(w.observed), hi: r4(w.observed) },
    { week: w.week, start: w.start, series: 'simulated', incidents: r4(w.mean), lo: r4(Math.max(0, w.lo)), hi: r4(w.hi) },
  ]);
  const x = { field: 'week', type: 'quantitative', title: 'week of the window', axis: { tickMinStep: 1, format: 'd' }, scale: { nice: false } } as const;
  const color = { field: 'series', type: 'nominal', title: null, sort: SERIES, scale: { domain: SERIES, range: [PALETTE[0], PALETTE[1]] } } as const;
  const tooltip = [
    { field: 'series', type: 'nominal' },
    { field: 'week', type: 'quantitative', format: 'd' },
    { field: 'start', type: 'nominal', title: 'from' },
    { field: 'incidents', type: 'quantitative', format: ',.1f', title: 'incidents (simulated: mean)' },
    { field: 'lo', type: 'quantitative', format: ',.1f', title: '95% low' },
    { field: 'hi', type: 'quantitative', format: ',.1f', title: '95% high' },
  ] as const;
  return {
    name,
    spec: {
      $schema: SCHEMA,
      title: { text: 'Incidents opened per week', subtitle: 'observed, and simulated (mean over replications; band: 95% interval)' },
      config: CONFIG,
      width: 640,
      height: 240,
      layer: [
        {
          data: { values: band },
          mark: { type: 'area', color: PALETTE[1], opacity: 0.25 },
          encoding: {
            x,
            y: { field: 'lo', type: 'quantitative', title: 'incidents opened', scale: { zero: true } },
            y2: { field: 'hi' },
            tooltip: [
              { field: 'week', type: 'quantitative', format: 'd' },
              { field: 'lo', type: 'quantitative', format: ',.1f', title: 'simulated 95% low' },
              { field: 'hi', type: 'quantitative', format: ',.1f', title: 'simulated 95% high' },
            ],
          },
        },
        {
          data: { values: lines },
          layer: [
            { mark: { type: 'line' }, encoding: { x, y: { field: 'incidents', type: 'quantitative' }, color, strokeDash: { field: 'series', type: 'nominal', legend: null, sort: SERIES } } },
            { mark: { type: 'point', filled: true, size: 40 }, encoding: { x, y: { field: 'incidents', type: 'quantitative' }, color, tooltip: [...tooltip] } },
          ],
        },
      ],
    },
  };
}
