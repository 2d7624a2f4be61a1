/**
 * Writes a report into a folder: `index.html` (html), `charts/<name>.vl.json` (json),
 * `<table>.csv` (csv), `charts/<name>.svg` (svg) and `charts/<name>.png` (png). Callers write
 * into a temporary folder that is renamed into place (io/outputs.ts), so nothing is half-written.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReportFormat } from '../cli/commands/shared.js';
import { renderHtml } from './html.js';
import { reportCharts, reportTables, type Report, type Table } from './types.js';

/** RFC 4180 CSV of a table. */
export function tableCsv(t: Table): string {
  const cell = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return [t.columns, ...t.rows].map((r) => r.map(cell).join(',')).join('\n') + '\n';
}

/** Writes the report's files for the given formats; returns their paths relative to `dir`, in order. */
export async function writeReport(dir: string, report: Report, options: { formats: readonly ReportFormat[] }): Promise<string[]> {
  const formats = new Set(options.formats);
  const written: string[] = [];
  const put = (name: string, data: string | Buffer) => {
    writeFileSync(join(dir, name), data);
    written.push(name);
  };
  const charts = reportCharts(report);
  if (charts.length > 0 && (formats.has('json') || formats.has('svg') || formats.has('png'))) mkdirSync(join(dir, 'charts'), { recursive: true });
  if (formats.has('html')) put('index.html', renderHtml(report));
  if (formats.has('csv')) for (const t of reportTables(report)) put(`${t.name}.csv`, tableCsv(t));
  // vega, vega-lite and resvg load only when a chart is drawn here (~0.2 s a command need not pay)
  const render = formats.has('svg') || formats.has('png') ? await import('./render.js') : undefined;
  for (const c of charts) {
    if (formats.has('json')) put(`charts/${c.name}.vl.json`, JSON.stringify(c.spec, null, 2) + '\n');
    if (render) {
      const svg = await render.renderSvg(c.spec);
      if (formats.has('svg')) put(`charts/${c.name}.svg`, svg);
      if (formats.has('png')) put(`charts/${c.name}.png`, render.svgToPng(svg));
    }
  }
  return written;
}
