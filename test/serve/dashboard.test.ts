/**
 * The dashboard in headless Chromium (Debian's, through playwright-core): it loads from the
 * service alone (every request stays on 127.0.0.1), shows no console error, and shows an
 * incident posted after the page opened, through the live event stream.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLive, type Live } from './live.js';

const CHROMIUM = '/usr/bin/chromium';
let browser: Browser;
let live: Live;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`);
  live = await startLive();
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await live?.close();
});

describe('the dashboard at /', () => {
  it('renders with no console error and shows an incident posted a moment before, live', async () => {
    await live.post('/v1/incidents', { title: 'already open: mail delays', team: 'desk', priority: 'P3' });
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    const foreign: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('request', (r) => { if (!r.url().startsWith(live.url)) foreign.push(r.url()); });
    await page.goto(`${live.url}/#token=${live.token('viewer')}`);
    await page.waitForSelector('#incidents tbody tr');
    expect(await page.textContent('#incidents tbody')).toContain('already open: mail delays');
    await page.waitForFunction(() => document.getElementById('status')!.textContent!.includes('live'));

    const r = await live.post('/v1/incidents', { title: 'Payroll export failing', team: 'network', priority: 'P1' });
    await page.waitForFunction((id) => document.querySelector('#incidents tbody')!.textContent!.includes(id), r.body.incident, { timeout: 15_000 });
    const row = await page.$eval(`#incidents tbody`, (tb, id) => [...tb.querySelectorAll('tr')].find((tr) => tr.textContent!.includes(id))!.textContent, r.body.incident);
    expect(row).toContain('Payroll export failing');
    expect(row).toContain('P1');
    expect(row).toContain('network');
    expect(row).toContain('paged');
    const engineers = await page.$$eval('#engineers tbody tr', (trs) => trs.length);
    expect(engineers).toBe(6);
    expect(await page.textContent('#teams tbody')).toContain('leads');
    await context.close();
    expect(errors).toEqual([]);
    expect(foreign).toEqual([]);
  });

  it('without a token it says how to get one, with no console error', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.goto(live.url);
    expect(await page.isVisible('#login')).toBe(true);
    await context.close();
    expect(errors).toEqual([]);
  });
});
