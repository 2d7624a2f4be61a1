/**
 * Starting from today's backlog: the tickets open at the start still open over time (mean and 95%
 * band), beside the daily resolve-SLA attainment of the incidents resolved that day against the
 * target, with the day attainment recovers for good marked.
 */
import type { Chart } from '../types.js';
import { CONFIG, SCHEMA, meanBandLayers, r4, thin } from '../theme.js';
import type { BacklogSeries } from './backlog.js';

/** The backlog tickets still open over time (same shape as the backlog series). */
export type BurnDown = BacklogSeries;

export function burnDownChart(name: string, b: BurnDown, seeded: number): Chart {
  const rows = thin(b.t.map((t, i) => ({ day: r4(t / 1440), mean: r4(b.mean[i]), lo: r4(b.lo[i]), hi: r4(b.hi[i]) })), 1500);
  const x = { field: 'day', type: 'quantitative', title: 'days since the start' } as const;
  return {
    name,
    spec: {
      $schema: SCHEMA,
      title: { text: 'Backlog burn-down', subtitle: `the ${seeded} tickets open at the start still open: mean across replications, band: 95% interval` },
      config: CONFIG,
      width: 640,
      height: 220,
      data: { values: rows },
      layer: meanBandLayers(x, { band: '#E69F00', line: '#D55E00' }, 'backlog tickets open', 'still open (mean)'),
    },
  };
}

export interface DailySla {
  /** day index (0 = the first day) */
  day: number;
  mean: number;
  lo: number;
  hi: number;
}

export function dailySlaChart(name: string, days: readonly DailySla[], target: number, recoveryDay: number | undefined): Chart {
  const rows = days.map((d) => ({ day: d.day + 1, mean: r4(d.mean), lo: r4(d.lo), hi: r4(d.hi) }));
  const x = { field: 'day', type: 'quantitative', title: 'day (1 = the first day)' } as const;
  return {
    name,
    spec: {
      $schema: SCHEMA,
      title: {
        text: 'Daily resolve-SLA attainment',
        subtitle: `incidents resolved each day that met their resolve target (mean and 95% interval); line: ${(target * 100).toFixed(0)}% target` +
          (recoveryDay !== undefined ? `; back above it for good from day ${recoveryDay + 1}` : '; not back above it for good within the horizon'),
      },
      config: CONFIG,
      width: 640,
      height: 220,
      layer: [
        {
          data: { values: rows },
          layer: [
            { mark: { type: 'rule', color: '#56B4E9' }, encoding: { x, y: { field: 'lo', type: 'quantitative', title: 'resolve SLA attainment', axis: { format: '%' }, scale: { domain: [0, 1] } }, y2: { field: 'hi' } } },
            {
              mark: { type: 'point', filled: true, color: '#0072B2' },
              encoding: {
                x,
                y: { field: 'mean', type: 'quantitative' },
                tooltip: [
                  { field: 'day', type: 'quantitative', title: 'day' },
                  { field: 'mean', type: 'quantitative', format: '.1%', title: 'attainment (mean)' },
                  { field: 'lo', type: 'quantitative', format: '.1%', title: '95% low' },
                  { field: 'hi', type: 'quantitative', format: '.1%', title: '95% high' },
                ],
              },
            },
          ],
        },
        { data: { values: [{ target }] }, mark: { type: 'rule', color: '#D55E00', strokeDash: [4, 3] }, encoding: { y: { field: 'target', type: 'quantitative' }, tooltip: [{ field: 'target', type: 'quantitative', format: '.0%', title: 'target' }] } },
        ...(recoveryDay !== undefined
          ? [{ data: { values: [{ day: recoveryDay + 1 }] }, mark: { type: 'rule' as const, color: '#009E73' }, encoding: { x: { field: 'day', type: 'quantitative' as const }, tooltip: [{ field: 'day', type: 'quantitative' as const, title: 'recovered from day' }] } }]
          : []),
      ],
    },
  };
}
