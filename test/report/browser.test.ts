/**
 * End to end in a real browser: the four reports written to disk and opened in headless Chromium
 * (Debian's, through playwright-core; no test downloads a browser) with the network off. Every
 * chart must render (an SVG with marks), with no console error and no request leaving the file.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportCharts } from '../../src/report/types.js';
import { writeReport } from '../../src/report/write.js';
import { buildAll } from './fixtures.js';

const CHROMIUM = '/usr/bin/chromium';
let browser: Browser;
let pages: { kind: string; file: string; charts: string[] }[];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`);
  const reports = await buildAll();
  const base = mkdtempSync(join(tmpdir(), 'incisim-browser-'));
  pages = [];
  for (const [kind, r] of Object.entries(reports)) {
    const dir = mkdtempSync(join(base, `${kind}-`));
    await writeReport(dir, r, { formats: ['html'] });
    pages.push({ kind, file: join(dir, 'index.html'), charts: reportCharts(r).map((c) => c.name) });
  }
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}, 180_000);

afterAll(async () => {
  await browser?.close();
});

describe('the HTML reports in headless Chromium, offline', () => {
  it.each(['run', 'compare', 'staff', 'drill', 'tiny', 'replay'])('%s: every chart renders as an SVG with marks, no console errors, no request leaves the file', async (kind) => {
    const p = pages.find((x) => x.kind === kind)!;
    const context = await browser.newContext({ offline: true });
    const page = await context.newPage();
    const url = pathToFileURL(p.file).href;
    const requests: string[] = [];
    const errors: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(String(e)));
    await context.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()));
    await page.goto(url);
    await page.waitForSelector('body[data-charts-done]', { timeout: 60_000 });
    const figures = await page.$$eval('figure.chart', (fs) =>
      fs.map((f) => ({
        name: (f as HTMLElement).dataset.chart,
        rendered: (f as HTMLElement).dataset.rendered === 'true',
        error: (f as HTMLElement).dataset.error ?? null,
        svgs: f.querySelectorAll('svg').length,
        marks: f.querySelectorAll('svg g[class*="mark-"] > *').length,
      })),
    );
    expect(figures.map((f) => f.name)).toEqual(p.charts);
    for (const f of figures) {
      expect(f.error, f.name).toBeNull();
      expect(f.rendered, f.name).toBe(true);
      expect(f.svgs, f.name).toBeGreaterThanOrEqual(1);
      expect(f.marks, f.name).toBeGreaterThan(0);
    }
    expect(errors).toEqual([]);
    expect(requests).toEqual([url]);
    // A screenshot to look at (git-ignored): test-output/report-<kind>.png
    mkdirSync('test-output', { recursive: true });
    await page.screenshot({ path: `test-output/report-${kind}.png`, fullPage: true });
    await context.close();
  }, 90_000);
});
