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
    const r = cli('fit', history, '--method', 'elapsed', '--out', out, '--json', json, '--name', 'uci');
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
    const r = cli('fit', history, '--method', 'elapsed', '--from', '2016-W10', '--to', '2016-W12');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('# 24,918 incidents imported; fitted on the 5,734 opened in ISO weeks 2016-W10..2016-W12');
    expect(r.stdout).toContain('horizon: 21d');
  });

  it('from an event log writes the capacity model by default: shared teams on presence layers, paths, pickup, pending', () => {
    const out = join(dir, 'capacity.yaml');
    const r = cli('fit', history, '--from', '2016-W09', '--to', '2016-W17', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('capacity model fitted on ISO weeks 2016-W09..2016-W17 (9 weeks, 17,216 incidents');
    expect(r.stdout).toMatch(/recency half-life 0\.5 weeks \(auto: W1 on the last 2 weeks 0\.5: 0\.153, /);
    expect(r.stdout).toMatch(/^ {2}group-70 +\d+ +\d+ /m);
    const text = readFileSync(out, 'utf8');
    expect(text).toMatch(/^# Fitted by `incisim fit` \(capacity model\) from history\.jsonl/);
    for (const s of ['service: shared', 'prefix: group-70-l0, shift: [', '    pickup: "', '    pending: { probability: ', '        resolves: ']) expect(text).toContain(s);
    expect(text).not.toMatch(/[&*]hour-of-week/);
    const data = parse(text);
    expect(Value.Check(ScenarioSchema, data)).toBe(true);
    expect(cli('validate', out).status).toBe(0);
  });

  it('a fit with over a hundred classes writes a scenario the loader takes (no YAML aliases)', () => {
    const out = join(dir, 'many.yaml');
    expect(cli('fit', history, '--teams', '60', '--out', out).status).toBe(0);
    expect(parse(readFileSync(out, 'utf8')).arrivals.length).toBeGreaterThan(100);
    const v = cli('validate', out);
    expect(v.stderr).toBe('');
    expect(v.status).toBe(0);
  });

  it('bad options are one line on stderr and exit code 2', () => {
    const a = cli('fit', history, '--from', '2015-W01');
    expect(a.status).toBe(2);
    expect(a.stderr).toBe('incisim: --from: week 2015-W01 is outside the data (2016-W09 .. 2017-W07)\n');
    const b = cli('fit', history, '--teams', '0');
    expect(b.status).toBe(2);
    expect(b.stderr).toBe('incisim: --teams: "0" is out of range; expected a whole number ≥ 1\n');
    const c = cli('fit', history, '--method', 'elapsed', '--families', 'lognormal,pareto');
    expect(c.status).toBe(2);
    expect(c.stderr).toBe('incisim: --families: unknown family "pareto"; expected some of lognormal, gamma, weibull, exponential\n');
    const d = cli('fit', history, '--half-life', '-1');
    expect([d.status, d.stderr]).toEqual([2, 'incisim: --half-life: "-1" is not a number of weeks > 0, auto or inf\n']);
  });
});
