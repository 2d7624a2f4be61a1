/**
 * `incisim replay` end to end: hand-made history through a tiny scenario writes replay.json,
 * replay.csv and the HTML report (index.html, its tables as CSV, its charts as .vl.json) into one
 * folder; a bad option writes nothing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { tinyScenario } from '../sim/helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'incisim-cli-replay-'));
const cli = (...args: string[]) => spawnSync('node', ['bin/incisim.js', ...args], { encoding: 'utf8' });
const START = Date.parse('2026-11-23T00:00:00Z');

describe('incisim replay', () => {
  const scenario = join(dir, 'tiny.yaml');
  writeFileSync(scenario, stringify(tinyScenario({ teams: [{ id: 'desk', tier: 1, engineers: { count: 2 }, queue: 'fifo' }], replications: 3 })));
  const history = join(dir, 'history.jsonl');
  writeFileSync(
    history,
    [
      { id: 'H1', openedAt: START + 10 * 60_000, resolvedAt: START + 40 * 60_000, priority: 'P3', reassignments: 1 },
      { id: 'H2', openedAt: START + 20 * 60_000, resolvedAt: START + 80 * 60_000, priority: 'P3' },
      { id: 'H3', openedAt: START + 1500 * 60_000, resolvedAt: START + 1590 * 60_000, priority: 'P1' },
    ].map((o) => JSON.stringify(o)).join('\n') + '\n',
  );

  it('writes replay.json, replay.csv and the report (index.html, tables, charts) in one folder', () => {
    const out = join(dir, 'out');
    const r = cli('replay', history, '--scenario', scenario, '--drain', '1', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`wrote ${out}/ (index.html, replay.json, replay.csv, charts/)`);
    expect(readdirSync(out).sort()).toEqual(['charts', 'index.html', 'overall.csv', 'priorities.csv', 'replay.csv', 'replay.json', 'weekly.csv']);
    expect(readdirSync(join(out, 'charts')).sort()).toEqual(['replay-resolve.vl.json', 'weekly-volume.vl.json']);
    const json = JSON.parse(readFileSync(join(out, 'replay.json'), 'utf8'));
    expect(json).toMatchObject({ arrivals: 'history', replications: 3 });
    expect(readFileSync(join(out, 'replay.csv'), 'utf8')).toMatch(/^figure,key,observed,simulated,ci95_low,ci95_high\n/);
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    expect(html).toContain('<title>tiny — replay of ');
    expect(html.includes('data-chart="weekly-volume"')).toBe(true);
    expect(html.includes('data-chart="replay-resolve"')).toBe(true);
    expect(html).toContain('<h2>Time to resolve per priority</h2>');
    expect(readFileSync(join(out, 'priorities.csv'), 'utf8').split('\n')[1]).toMatch(/^P1,1,/);
  });

  it('a bad option is one line on stderr, exit code 2, and no folder', () => {
    const out = join(dir, 'bad');
    const r = cli('replay', history, '--scenario', scenario, '--drain', '-1', '--out', out);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('incisim: --drain: "-1" is out of range; expected a number of weeks from 0 to 520\n');
    expect(existsSync(out)).toBe(false);
  });
});
