/**
 * The self-contained HTML page of a report: vega, vega-lite and vega-embed are inlined from
 * node_modules, the chart specs travel in a JSON script block, and nothing is fetched: the file
 * opens offline, from a mail attachment or a USB stick. Charts render as SVG; each figure gets
 * `data-rendered="true"` (or `data-error`) once drawn, and `<body data-charts-done>` when all are.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Report } from './types.js';

/** The folder of an installed package (found from its entry point: the packages export no subpaths). */
export function packageDir(name: string): string {
  let dir = dirname(fileURLToPath(import.meta.resolve(name)));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (pkg.name === name) return dir;
    } catch {
      // not a package root: keep climbing
    }
    const up = dirname(dir);
    if (up === dir) throw new Error(`cannot find the folder of package ${name}`);
    dir = up;
  }
}

let libs: string | undefined;

/** The three libraries as inline <script> elements (read once per process). */
function inlineLibraries(): string {
  libs ??= [
    ['vega', 'build/vega.min.js'],
    ['vega-lite', 'build/vega-lite.min.js'],
    ['vega-embed', 'build/vega-embed.min.js'],
  ]
    .map(([pkg, file]) => `<script>/* ${pkg} */\n${safeScript(readFileSync(join(packageDir(pkg), file), 'utf8').replace(/\n\/\/# sourceMappingURL=.*$/m, ''))}\n</script>`)
    .join('\n');
  return libs;
}

/** Text safe inside <script>: no closing tag, no HTML comment openers. */
function safeScript(js: string): string {
  return js.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

/** JSON safe inside <script type="application/json">. */
function safeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const STYLE = `
body { font: 15px/1.45 Helvetica, Arial, sans-serif; color: #222; margin: 0 auto; max-width: 1000px; padding: 24px 32px 64px; }
h1 { font-size: 24px; margin: 0 0 8px; }
h2 { font-size: 19px; margin: 36px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 8px 0 16px; }
dl.facts dt { color: #666; } dl.facts dd { margin: 0; }
nav ul { columns: 2; padding-left: 18px; margin: 4px 0; }
table { border-collapse: collapse; margin: 8px 0; font-size: 13px; }
th, td { border-bottom: 1px solid #e4e4e4; padding: 3px 10px; text-align: left; vertical-align: top; }
th { background: #f4f4f4; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 16px 0; } figure .error { color: #b00; white-space: pre-wrap; }
pre { background: #f6f6f6; padding: 12px; overflow-x: auto; font-size: 12px; }
@media print { nav { display: none; } figure { break-inside: avoid; } }
`;

/** The whole page. */
export function renderHtml(report: Report): string {
  const charts = report.sections.flatMap((s) => s.charts ?? []);
  const specs = Object.fromEntries(charts.map((c) => [c.name, c.spec]));
  const body: string[] = [];
  body.push(`<header><h1>${escapeHtml(report.title)}</h1><dl class="facts">`);
  for (const [k, v] of report.header) body.push(`<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`);
  body.push('</dl></header>');
  body.push('<nav><strong>Contents</strong><ul>');
  report.sections.forEach((s, i) => body.push(`<li><a href="#s${i + 1}">${escapeHtml(s.heading)}</a></li>`));
  if (report.appendix) body.push(`<li><a href="#appendix">${escapeHtml(report.appendix.heading)}</a></li>`);
  body.push('</ul></nav>');
  report.sections.forEach((s, i) => {
    body.push(`<section id="s${i + 1}"><h2>${escapeHtml(s.heading)}</h2>`);
    for (const p of s.text ?? []) body.push(`<p>${escapeHtml(p)}</p>`);
    if (s.table) {
      body.push(`<table data-name="${escapeHtml(s.table.name)}"><thead><tr>${s.table.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr></thead><tbody>`);
      for (const r of s.table.rows) body.push(`<tr>${r.map((c, k) => `<td${k > 0 && /^[-−+]?[\d.]/.test(c) ? ' class="num"' : ''}>${escapeHtml(c)}</td>`).join('')}</tr>`);
      body.push('</tbody></table>');
    }
    for (const c of s.charts ?? []) body.push(`<figure class="chart" id="chart-${escapeHtml(c.name)}" data-chart="${escapeHtml(c.name)}"><div class="vis"></div></figure>`);
    body.push('</section>');
  });
  if (report.appendix) body.push(`<section id="appendix"><h2>${escapeHtml(report.appendix.heading)}</h2><pre>${escapeHtml(report.appendix.text)}</pre></section>`);
  const boot = `
(function () {
  var specs = JSON.parse(document.getElementById('chart-specs').textContent);
  var figures = Array.prototype.slice.call(document.querySelectorAll('figure.chart'));
  var options = { renderer: 'svg', actions: { export: true, source: false, compiled: false, editor: false } };
  Promise.all(figures.map(function (f) {
    return vegaEmbed(f.querySelector('.vis'), specs[f.dataset.chart], options).then(function () {
      f.dataset.rendered = 'true';
    }, function (err) {
      f.dataset.error = String(err && err.message || err);
      var p = document.createElement('p'); p.className = 'error'; p.textContent = 'This chart could not be drawn: ' + f.dataset.error; f.appendChild(p);
      console.error('chart ' + f.dataset.chart + ': ' + f.dataset.error);
    });
  })).then(function () { document.body.dataset.chartsDone = 'true'; });
})();`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="incisim">
<title>${escapeHtml(report.title)}</title>
<style>${STYLE}</style>
</head>
<body>
${body.join('\n')}
<script type="application/json" id="chart-specs">${safeJson(specs)}</script>
${inlineLibraries()}
<script>${boot}</script>
</body>
</html>
`;
}
