/**
 * Arrivals by hour of week (Monday 00:00 local time first): the model's expected rate, the
 * simulated mean and, when the scenario was fitted from history, the observed one.
 */
import type { Chart } from '../types.js';
import { CONFIG, SCHEMA, r4 } from '../theme.js';

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** `series`: name → 168 values (incidents per hour of week, per week). */
export function arrivalsByHourChart(name: string, series: Record<string, readonly number[]>): Chart {
  const names = Object.keys(series);
  const values = names.flatMap((s) => series[s].map((v, h) => ({ series: s, hour: h, label: `${DAYS[Math.floor(h / 24)]} ${String(h % 24).padStart(2, '0')}:00`, arrivals: r4(v) })));
  return {
    name,
    spec: {
      $schema: SCHEMA,
      title: { text: 'Arrivals by hour of week', subtitle: 'incidents per hour, per week (local time of the scenario)' },
      config: CONFIG,
      width: 720,
      height: 220,
      data: { values },
      mark: { type: 'line', interpolate: 'step-after' },
      encoding: {
        x: {
          field: 'hour',
          type: 'quantitative',
          title: 'hour of week',
          scale: { domain: [0, 168], nice: false },
          axis: { values: [0, 24, 48, 72, 96, 120, 144], labelExpr: `['Mon','Tue','Wed','Thu','Fri','Sat','Sun'][floor(datum.value / 24)]` },
        },
        y: { field: 'arrivals', type: 'quantitative', title: 'incidents per hour' },
        color: { field: 'series', type: 'nominal', title: null, sort: names },
        strokeDash: { field: 'series', type: 'nominal', legend: null, sort: names },
        tooltip: [
          { field: 'series', type: 'nominal' },
          { field: 'label', type: 'nominal', title: 'hour' },
          { field: 'arrivals', type: 'quantitative', format: '.2f', title: 'per hour' },
        ],
      },
    },
  };
}
