/**
 * writeReport: the files each format produces, a self-contained page (no script, style or image
 * fetched from anywhere), tables as CSV that parse back to the same cells, SVG and PNG rendered in
 * Node without a browser.
 */
import { parse } from 'csv-parse/sync';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kpiIntervalsChart } from '../../src/report/charts/kpi-intervals.js';
import { renderHtml } from '../../src/report/html.js';
import type { Report } from '../../src/report/types.js';
import { tableCsv, writeReport } from '../../src/report/write.js';

const report: Report = {
  title: 'A <test> & report',
  header: [['Scenario', 'x "quoted"'], ['Seed', '7']],
  sections: [
    {
      heading: 'Figures',
      text: ['Paragraph with <b>markup</b> that must stay text.'],
      table: { name: 'kpis', columns: ['KPI', 'mean'], rows: [['MTTA, mean', '12.0 min'], ['say "hi"\nthere', '3']] },
      charts: [kpiIntervalsChart('kpis', 'KPIs', [{ kpi: 'MTTA (minutes)', group: 'a', mean: 10, lo: 8, hi: 12 }])],
    },
  ],
  appendix: { heading: 'Scenario', text: 'name: x\n# </script><script>alert(1)</script>' },
};

describe('writeReport', () => {
  it('writes index.html, the tables as CSV and the charts as .vl.json for html,json,csv', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'incisim-report-'));
    const files = await writeReport(dir, report, { formats: ['html', 'json', 'csv'] });
    expect(files).toEqual(['index.html', 'kpis.csv', 'charts/kpis.vl.json']);
    expect(JSON.parse(readFileSync(join(dir, 'charts/kpis.vl.json'), 'utf8'))).toEqual(report.sections[0].charts![0].spec);
    expect(parse(readFileSync(join(dir, 'kpis.csv'), 'utf8'))).toEqual([['KPI', 'mean'], ...report.sections[0].table!.rows]);
  });

  it('renders SVG and PNG (twice the size) when asked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'incisim-report-'));
    await writeReport(dir, report, { formats: ['svg', 'png'] });
    expect(readdirSync(join(dir, 'charts')).sort()).toEqual(['kpis.png', 'kpis.svg']);
    const svg = readFileSync(join(dir, 'charts/kpis.svg'), 'utf8');
    const width = Number(/^<svg[^>]* width="(\d+)"/.exec(svg)![1]);
    expect(svg).toContain('MTTA (minutes)');
    expect(svg).toMatch(/<path[^>]* d="M/);
    const png = readFileSync(join(dir, 'charts/kpis.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(width * 2);
  });
});

describe('tableCsv', () => {
  it('quotes cells with commas, quotes and line breaks (RFC 4180)', () => {
    expect(tableCsv({ name: 't', columns: ['a', 'b'], rows: [['1,2', 'say "x"'], ['line\nbreak', 'plain']] })).toBe('a,b\n"1,2","say ""x"""\n"line\nbreak",plain\n');
  });
});

describe('renderHtml', () => {
  const html = renderHtml(report);

  it('inlines vega, vega-lite and vega-embed, and references nothing outside the file', () => {
    for (const lib of ['vega', 'vega-lite', 'vega-embed']) expect(html.includes(`<script>/* ${lib} */`), lib).toBe(true);
    // The page's own markup (the inlined libraries aside): no element that could fetch anything.
    const markup = html.replace(/<script>[\s\S]*?<\/script>/g, '<script></script>');
    expect(markup.match(/<(script|img|iframe)[^>]+src=|<link\b|url\(/gi)).toBeNull();
    expect(html.match(/sourceMappingURL=/g)).toBeNull();
  });

  it('escapes text, so a scenario cannot inject markup or close a script', () => {
    expect(html).toContain('<title>A &lt;test&gt; &amp; report</title>');
    expect(html).toContain('<p>Paragraph with &lt;b&gt;markup&lt;/b&gt; that must stay text.</p>');
    expect(html).toContain('# &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html.match(/<script/g)!.length).toBe(html.match(/<\/script>/g)!.length);
  });

  it('holds one figure per chart and the specs as JSON', () => {
    expect(html.match(/<figure class="chart"/g)).toHaveLength(1);
    const specs = JSON.parse(/<script type="application\/json" id="chart-specs">(.*?)<\/script>/s.exec(html)![1]);
    expect(Object.keys(specs)).toEqual(['kpis']);
  });
});
