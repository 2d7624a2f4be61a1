import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { UCI } from '../data.js';
const dir = mkdtempSync(join(tmpdir(), 'incisim-cli-import-'));
const cli = (...args: string[]) => spawnSync('node', ['bin/incisim.js', ...args], { encoding: 'utf8' });

describe('incisim import', () => {
  it('imports the UCI event log: rows, incidents, priorities, weekly volumes, normalised output', () => {
    const out = join(dir, 'history.jsonl');
    const r = cli('import', UCI, '--out', out);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('servicenow profile, dates read in UTC');
    expect(r.stdout).toContain('rows read       141,712\n');
    expect(r.stdout).toContain('incidents kept  24,918\n');
    expect(r.stdout).toContain('rows skipped    0\n');
    expect(r.stdout).toContain('by priority     P1 270, P2 408, P3 23,466, P4 774\n');
    expect(r.stdout).toContain('2016-W09  1858');
    expect(r.stdout).toContain(`wrote ${out} (24,918 incidents, one JSON object per line)`);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(24_918);
    expect(JSON.parse(lines[0])).toMatchObject({ id: 'INC0000045', priority: 'P3', group: 'Group 56' });
  });

  it('--json gives the summary with weekly volumes (W09..W22 hold 24,645 as the README says)', () => {
    const f = join(dir, 'small.csv');
    writeFileSync(f, ['number,opened_at,priority', 'INC1,29/2/2016 13:23,1 - Critical', 'INC2,7/3/2016 9:00,3 - Moderate', 'INC3,8/3/2016 9:00,3 - Moderate'].join('\n') + '\n');
    const r = cli('import', f, '--json');
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ profile: 'servicenow', rowsRead: 3, incidentsKept: 3, rowsSkipped: 0, timezone: 'UTC', byPriority: { P1: 1, P3: 2 } });
    expect(j.weekly).toEqual([{ week: '2016-W09', count: 1 }, { week: '2016-W10', count: 2 }]);
  });

  it('lists skipped rows with file, row, column and value; --strict fails on the first, writing nothing', () => {
    const f = join(dir, 'bad.csv');
    writeFileSync(f, ['number,opened_at,priority', 'INC1,29/2/2016 13:23,1 - Critical', 'INC2,30/2/2016 9:00,3 - Moderate'].join('\n') + '\n');
    const r = cli('import', f);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('rows skipped    1 (bad date: 1)\n');
    expect(r.stdout).toContain(`  skipped: ${f}: row 3, column "opened_at": "30/2/2016 9:00" is not a date in d/M/yyyy H:mm\n`);
    const out = join(dir, 'strict.jsonl');
    const s = cli('import', f, '--strict', '--out', out);
    expect(s.status).toBe(2);
    expect(s.stderr).toBe(`incisim: ${f}: row 3, column "opened_at": "30/2/2016 9:00" is not a date in d/M/yyyy H:mm\n`);
    expect(existsSync(out)).toBe(false);
  });

  it('a missing file or unknown profile is one line on stderr and exit code 2', () => {
    const r = cli('import', join(dir, 'nope.csv'));
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`incisim: ${join(dir, 'nope.csv')}: cannot read the export (no such file)\n`);
    const p = cli('import', UCI, '--profile', 'remedy');
    expect(p.status).toBe(2);
    expect(p.stderr).toBe('incisim: --profile: unknown profile "remedy"; expected auto, servicenow, jira, pagerduty, eventlog, generic, xes\n');
  });
});
