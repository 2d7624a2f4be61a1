/**
 * `incisim run`: a scenario file in, reports/<scenario>/ out. Needs the build (`npx tsc -p .`)
 * first; `npm test` builds before it runs the suite.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const cli = (...args: string[]) => spawnSync('node', ['bin/incisim.js', 'run', ...args], { encoding: 'utf8' });
const quick = ['--set', 'horizon=9d', '--set', 'warmup=2d', '--replications', '3'];

describe('incisim run', () => {
  it('writes summary.json, incidents.csv and index.html, and prints the KPI table', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'incisim-run-')), 'mmc');
    const r = cli('scenarios/mmc.yaml', ...quick, '--out', out, '--workers', '1');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['charts', 'engineers.csv', 'incidents.csv', 'index.html', 'kpis.csv', 'priorities.csv', 'summary.json', 'teams.csv']);
    expect(readdirSync(join(out, 'charts')).every((f) => f.endsWith('.vl.json'))).toBe(true);
    expect(readFileSync(join(out, 'kpis.csv'), 'utf8').split('\n')[0]).toBe('KPI,mean,95% low,95% high,key');
    expect(r.stdout).toMatch(/^  mtta +[\d.]+ min +\[/m);
    expect(r.stdout).toContain(`wrote ${out}/`);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.replications).toBe(3);
    for (const k of ['mtta', 'mttr', 'utilisation', 'utilisationVariance', 'gini', 'jain', 'reassignmentRate', 'escalationDensity']) {
      expect(summary.kpis[k], k).toHaveProperty('mean');
      expect(summary.kpis[k].ci95, k).toHaveLength(2);
    }
    const csv = readFileSync(join(out, 'incidents.csv'), 'utf8').trimEnd().split('\n');
    expect(csv[0].split(',')).toContain('id');
    expect(csv.length).toBeGreaterThan(1000); // 18 an hour for 9 days, warm-up included
  });

  it('gives a byte-identical summary.json for the same scenario and seed, whatever the worker count', () => {
    const base = mkdtempSync(join(tmpdir(), 'incisim-det-'));
    const a = cli('scenarios/mmc.yaml', ...quick, '--out', join(base, 'a'), '--workers', '1', '--no-report');
    const b = cli('scenarios/mmc.yaml', ...quick, '--out', join(base, 'b'), '--workers', '2', '--no-report');
    expect(a.status).toBe(0);
    expect(b.status).toBe(0);
    expect(readFileSync(join(base, 'b', 'summary.json'), 'utf8')).toBe(readFileSync(join(base, 'a', 'summary.json'), 'utf8'));
    const c = cli('scenarios/mmc.yaml', ...quick, '--seed', '99', '--out', join(base, 'c'), '--workers', '1', '--no-report');
    expect(readFileSync(join(base, 'c', 'summary.json'), 'utf8')).not.toBe(readFileSync(join(base, 'a', 'summary.json'), 'utf8'));
  });

  it('keeps no per-incident records with --no-incidents: no incidents.csv, the same summary', () => {
    const base = mkdtempSync(join(tmpdir(), 'incisim-noinc-'));
    const a = cli('scenarios/mmc.yaml', ...quick, '--out', join(base, 'a'), '--workers', '1', '--no-report');
    const b = cli('scenarios/mmc.yaml', ...quick, '--out', join(base, 'b'), '--workers', '2', '--no-report', '--no-incidents');
    expect(b.stderr).toBe('');
    expect(b.status).toBe(0);
    expect(readdirSync(join(base, 'b')).sort()).toEqual(['summary.json']);
    expect(readFileSync(join(base, 'b', 'summary.json'), 'utf8')).toBe(readFileSync(join(base, 'a', 'summary.json'), 'utf8'));
    // the report still renders, without the per-incident distributions
    const c = cli('scenarios/mmc.yaml', ...quick, '--out', join(base, 'c'), '--workers', '1', '--no-incidents');
    expect(c.status).toBe(0);
    expect(readFileSync(join(base, 'c', 'index.html'), 'utf8')).not.toContain('Distributions');
  });

  it('prints the summary as JSON with --json (KPIs under kpis, each { mean, ci95 })', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'incisim-json-')), 'x');
    const r = cli('scenarios/mmc.yaml', ...quick, '--json', '--out', out, '--no-report', '--workers', '1');
    expect(r.status).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.kpis.mtta.ci95[0]).toBeLessThanOrEqual(s.kpis.mtta.mean);
    expect(Object.keys(s.byPriority)).toContain('P3');
    expect(Object.keys(s.byTeam)).toEqual(['desk']);
  });

  it.each([
    [['teams[0].engineers.count=-1'], /^incisim: scenarios\/mmc\.yaml: teams\[0\]\.engineers\.count: -1 must be >= 0/],
    [['teams[0].routing.policy=nope'], /^incisim: scenarios\/mmc\.yaml: teams\[0\]\.routing\.policy: unknown routing policy "nope"/],
    [['arrivals[0].priority=P9'], /^incisim: scenarios\/mmc\.yaml: arrivals\[0\]\.priority: "P9" is not a priority of priorities\.matrix/],
  ])('refuses a bad scenario (%s) with one line, exit 2, and writes nothing', (sets, message) => {
    const out = join(mkdtempSync(join(tmpdir(), 'incisim-bad-')), 'never');
    const r = cli('scenarios/mmc.yaml', ...sets.flatMap((s) => ['--set', s]), '--out', out);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(existsSync(out)).toBe(false);
  });

  it('names the line and column of a YAML syntax error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'incisim-yaml-'));
    const file = join(dir, 'broken.yaml');
    writeFileSync(file, 'name: x\nteams: [\n  - id: a\n');
    const r = cli(file);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^incisim: ${file.replace(/[.]/g, '\\.')}: line \\d+, column \\d+: not valid YAML/JSON`));
  });

  it('renders every chart as SVG and PNG with --format svg,png (no browser)', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'incisim-fmt-')), 'mmc');
    const r = cli('scenarios/mmc.yaml', ...quick, '--out', out, '--workers', '1', '--format', 'svg,png');
    expect(r.status).toBe(0);
    const files = readdirSync(join(out, 'charts'));
    const specs = files.filter((f) => f.endsWith('.vl.json')).map((f) => f.slice(0, -'.vl.json'.length));
    expect(specs.length).toBeGreaterThanOrEqual(8);
    for (const name of specs) {
      expect(readFileSync(join(out, 'charts', `${name}.svg`), 'utf8'), name).toMatch(/^<svg[^>]*width="\d+"/);
      expect(readFileSync(join(out, 'charts', `${name}.png`)).subarray(0, 8), name).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    }
  });

  it('refuses an unknown --format with one line naming the accepted ones, and writes nothing', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'incisim-fmt-')), 'never');
    const r = cli('scenarios/mmc.yaml', '--format', 'svg,pdf', '--out', out);
    expect(r.status).toBe(2);
    expect(r.stderr.trimEnd()).toBe('incisim: --format: unknown format "pdf"; expected a comma-separated list of html, json, csv, svg, png');
    expect(existsSync(out)).toBe(false);
  });
});
