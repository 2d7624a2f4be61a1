/**
 * Shared chart styling: a colour-blind-safe categorical palette (Okabe & Ito 2008), viridis for
 * sequential scales, readable fonts and a fixed width, applied through each spec's `config`.
 */
import type { Config } from 'vega-lite';

/** Okabe–Ito: distinguishable under the common colour-vision deficiencies. */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#F0E442', '#000000'];

/** Default chart width in pixels (fits an A4 page and a slide). */
export const WIDTH = 640;

export const CONFIG: Config = {
  font: 'Helvetica, Arial, sans-serif',
  range: { category: PALETTE, ramp: { scheme: 'viridis' }, heatmap: { scheme: 'viridis' } },
  title: { fontSize: 14, anchor: 'start', subtitleColor: '#555' },
  axis: { labelFontSize: 11, titleFontSize: 12, grid: true, gridColor: '#eee' },
  legend: { labelFontSize: 11, titleFontSize: 12 },
  view: { stroke: null },
};

export const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Minutes → the unit that reads best for a range of values, with its axis label. */
export function durationUnit(maxMinutes: number): { factor: number; label: string } {
  if (maxMinutes < 180) return { factor: 1, label: 'minutes' };
  if (maxMinutes < 4320) return { factor: 60, label: 'hours' };
  return { factor: 1440, label: 'days' };
}

/** Rounds for chart data (keeps files small and stable): 4 significant digits. */
export function r4(v: number): number {
  return Number.isFinite(v) ? Number(v.toPrecision(4)) : v;
}

/** Keeps at most `max` evenly spaced items (first and last included) — for long series. */
export function thin<T>(xs: readonly T[], max: number): T[] {
  if (xs.length <= max) return [...xs];
  const out: T[] = [];
  for (let i = 0; i < max; i++) out.push(xs[Math.round((i * (xs.length - 1)) / (max - 1))]);
  return out;
}

/** Tooltip fields of an estimate: mean, 95% low and high, in a d3 format (e.g. '.1%'). */
export function intervalTooltip(format: string, meanTitle = 'mean') {
  return [
    { field: 'mean', type: 'quantitative', format, title: meanTitle },
    { field: 'lo', type: 'quantitative', format, title: '95% low' },
    { field: 'hi', type: 'quantitative', format, title: '95% high' },
  ] as const;
}

/**
 * A mean over time as a line over its 95% band as an area, for rows `{ day, mean, lo, hi }` on the
 * x encoding `x`: the two layers the backlog and burn-down charts share.
 */
export function meanBandLayers(x: { field: string; type: 'quantitative'; title: string }, colours: { band: string; line: string }, yTitle: string, meanTitle: string) {
  return [
    { mark: { type: 'area' as const, color: colours.band, opacity: 0.35 }, encoding: { x, y: { field: 'lo', type: 'quantitative' as const, title: yTitle }, y2: { field: 'hi' } } },
    {
      mark: { type: 'line' as const, color: colours.line },
      encoding: {
        x,
        y: { field: 'mean', type: 'quantitative' as const },
        tooltip: [{ field: 'day', type: 'quantitative' as const, format: '.2f', title: 'day' }, ...intervalTooltip('.1f', meanTitle)],
      },
    },
  ];
}

/** One row of panels per KPI, in the given order, each labelled above its panel. */
export function kpiRows(kpis: readonly string[]) {
  return {
    row: {
      field: 'kpi',
      type: 'nominal' as const,
      title: null,
      sort: [...kpis],
      header: { labelAngle: 0, labelOrient: 'top' as const, labelAnchor: 'start' as const, labelAlign: 'left' as const, labelFontSize: 12, labelFontWeight: 'bold' as const },
    },
  };
}
