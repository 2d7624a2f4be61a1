import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { Value } from '@sinclair/typebox/value';
import { ScenarioSchema } from '../../src/scenario/schema.js';

import { UCI } from '../data.js';
const dir = mkdtempSync(join(tmpdir(), 'incisim-cli-fit-'));
const cli = (...args: string[]) => spawnSync('node', ['bin/incisim.js', ...args], { encoding: 'utf8' });
const history = join(dir, 'history.jsonl');

describe('incisim fit', () => {
  beforeAll(() => {
    expect(cli('import', UCI, '--out', history).status).toBe(0);
  });

  it('writes a commented scenario and the fitted figures as JSON', () => {
    const out = join(dir, 'fitted.yaml');
    const json = join(dir, 'fit.json');
    const r = cli('fit', history, '--out', out, '--json', json, '--name', 'uci');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('fitted ISO weeks 2016-W09..2016-W21 (13 weeks, 23,972 incidents, 1844.0 a week)');
    expect(r.stdout).toContain(`wrote ${out}`);
    const text = readFileSync(out, 'utf8');
    expect(text).toMatch(/^# Fitted by `incisim fit` from history\.jsonl \(jsonl profile\)\./);
    expect(text).toContain('# work = opened → resolved of');
    const doc = parse(text);
    expect(Value.Errors(ScenarioSchema, doc).First()).toBeUndefined();
    expect(doc.name).toBe('uci');
    const fit = JSON.parse(readFileSync(json, 'utf8'));
    expect(fit.window).toMatchObject({ from: '2016-W09', to: '2016-W21', incidents: 23_972 });
    expect(Object.keys(fit.workByPriority).sort()).toEqual(['P1', 'P2', 'P3', 'P4']);
    expect(fit.workByPriority.P1.chosen.fitted.spec).toMatch(/^weibull\(shape=0\.5\d*, scale=[\d.]+h\)$/);
  });

  it('honours --from/--to and prints the scenario when there is no --out', () => {
    const r = cli('fit', history, '--from', '2016-W10', '--to', '2016-W12');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('# 24,918 incidents imported; fitted on the 5,734 opened in ISO weeks 2016-W10..2016-W12');
    expect(r.stdout).toContain('horizon: 21d');
  });

  it('bad options are one line on stderr and exit code 2', () => {
    const a = cli('fit', history, '--from', '2015-W01');
    expect(a.status).toBe(2);
    expect(a.stderr).toBe('incisim: --from: week 2015-W01 is outside the data (2016-W09 .. 2017-W07)\n');
    const b = cli('fit', history, '--teams', '0');
    expect(b.status).toBe(2);
    expect(b.stderr).toBe('incisim: --teams: "0" is out of range; expected a whole number ≥ 1\n');
    const c = cli('fit', history, '--families', 'lognormal,pareto');
    expect(c.status).toBe(2);
    expect(c.stderr).toBe('incisim: --families: unknown family "pareto"; expected some of lognormal, gamma, weibull, exponential\n');
  });
});
