/**
 * Median time to resolve per priority, observed against simulated (`incisim replay`): the
 * observed median with its distribution-free 95% interval as a bar, the simulated median (all
 * replications' resolved incidents pooled) as a second point beside it. Minutes in, shown in the
 * unit that reads best for the largest value (theme.ts durationUnit).
 */
import type { Chart } from '../types.js';
import { CONFIG, PALETTE, SCHEMA, durationUnit, r4 } from '../theme.js';

export interface ResolvePoint {
  priority: string;
  /** observed median and its 95% interval, minutes (undefined: no observed incident resolved) */
  observed?: { median: number; lo: number; hi: number };
  /** simulated median over every replication's resolved incidents, minutes (undefined: none resolved) */
  simulated?: number;
}

const SERIES = ['observed', 'simulated'];
const finite = (...xs: number[]) => xs.every((x) => Number.isFinite(x));

export function replayResolveChart(name: string, points: readonly ResolvePoint[]): Chart {
  const max = Math.max(0, ...points.flatMap((p) => [p.observed && finite(p.observed.hi) ? p.observed.hi : 0, p.simulated !== undefined && finite(p.simulated) ? p.simulated : 0]));
  const unit = durationUnit(max);
  const v = (m: number) => r4(m / unit.factor);
  const order = points.map((p) => p.priority);
  const values = points.flatMap((p) => {
    const obs = p.observed && finite(p.observed.median) ? p.observed : undefined;
    const sim = p.simulated !== undefined && finite(p.simulated) ? p.simulated : undefined;
    const difference = obs && sim !== undefined && obs.median > 0 ? r4(sim / obs.median - 1) : undefined;
    return [
      ...(obs ? [{ priority: p.priority, series: 'observed', median: v(obs.median), ...(finite(obs.lo, obs.hi) ? { lo: v(obs.lo), hi: v(obs.hi) } : {}) }] : []),
      ...(sim !== undefined ? [{ priority: p.priority, series: 'simulated', median: v(sim), ...(difference !== undefined ? { difference } : {}) }] : []),
    ];
  });
  const y = { field: 'priority', type: 'nominal', title: 'priority', sort: order } as const;
  const yOffset = { field: 'series', type: 'nominal', sort: SERIES, scale: { domain: SERIES } } as const;
  const color = { field: 'series', type: 'nominal', title: null, sort: SERIES, scale: { domain: SERIES, range: [PALETTE[0], PALETTE[1]] } } as const;
  return {
    name,
    spec: {
      $schema: SCHEMA,
      title: { text: 'Median time to resolve per priority', subtitle: 'observed (line: its 95% interval) and simulated (all replications pooled)' },
      config: CONFIG,
      width: 520,
      height: { step: 22 },
      data: { values },
      layer: [
        {
          transform: [{ filter: 'isValid(datum.lo)' }],
          mark: { type: 'rule', strokeWidth: 2 },
          encoding: {
            y,
            yOffset,
            x: { field: 'lo', type: 'quantitative', title: `median time to resolve (${unit.label})`, scale: { zero: true } },
            x2: { field: 'hi' },
            color,
            tooltip: [
              { field: 'priority', type: 'nominal' },
              { field: 'lo', type: 'quantitative', format: '.3~f', title: `observed 95% low (${unit.label})` },
              { field: 'hi', type: 'quantitative', format: '.3~f', title: `observed 95% high (${unit.label})` },
            ],
          },
        },
        {
          mark: { type: 'point', filled: true, size: 70 },
          encoding: {
            y,
            yOffset,
            x: { field: 'median', type: 'quantitative' },
            color,
            shape: { field: 'series', type: 'nominal', title: null, sort: SERIES, scale: { domain: SERIES } },
            tooltip: [
              { field: 'priority', type: 'nominal' },
              { field: 'series', type: 'nominal' },
              { field: 'median', type: 'quantitative', format: '.3~f', title: `median (${unit.label})` },
              { field: 'lo', type: 'quantitative', format: '.3~f', title: '95% low' },
              { field: 'hi', type: 'quantitative', format: '.3~f', title: '95% high' },
              { field: 'difference', type: 'quantitative', format: '+.1%', title: 'simulated ÷ observed − 1' },
            ],
          },
        },
      ],
    },
  };
}
