import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UCI } from '../data.js';

const dir = mkdtempSync(join(tmpdir(), 'incisim-cli-backtest-'));
const cli = (...args: string[]) => spawnSync('node', ['bin/incisim.js', ...args], { encoding: 'utf8' });
const history = join(dir, 'history.jsonl');

describe('incisim backtest', () => {
  beforeAll(() => {
    expect(cli('import', UCI, '--out', history).status).toBe(0);
  });

  it('prints and --json the checks under backtest and forecast, and writes the report folder with the distributions overlaid', () => {
    const out = join(dir, 'report');
    const r = cli('backtest', history, '--train', '2016-W15..2016-W17', '--test', '2016-W18', '--replications', '1', '--drain', '8', '--json', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.train).toEqual({ from: '2016-W15', to: '2016-W17', weeks: 3, incidents: 5442 });
    expect(j.test).toEqual({ from: '2016-W18', to: '2016-W18', weeks: 1, incidents: 2064 });
    for (const block of [j.backtest, j.forecast]) {
      expect(Object.keys(block)).toEqual(['arrivals', 'weeklyVolume', 'medianResolve', 'p90Resolve', 'medianResolveByTeam', 'ttrLogW1', 'reassignments', 'unresolved']);
      expect(Object.keys(block.weeklyVolume[0])).toEqual(['week', 'observed', 'simulated', 'error']);
      for (const q of [block.medianResolve, block.p90Resolve]) {
        expect(Object.keys(q)).toEqual(['overall', 'P1', 'P2', 'P3', 'P4']);
        expect(Object.keys(q.overall)).toEqual(['observed', 'lo', 'hi', 'simulated', 'error', 'n']);
        expect(q.overall.lo).toBeLessThanOrEqual(q.overall.observed);
        expect(q.overall.hi).toBeGreaterThanOrEqual(q.overall.observed);
        expect(q.overall.error).toBeCloseTo(q.overall.simulated / q.overall.observed - 1, 12);
      }
      expect(block.ttrLogW1).toBeGreaterThan(0);
      expect(Object.keys(block.reassignments)).toEqual(['observed', 'simulated']);
    }
    expect(j.backtest.arrivals).toBe('test');
    expect(j.forecast.arrivals).toBe('forecast');
    expect(j.backtest.weeklyVolume[0].observed).toBe(2064);
    for (const f of ['index.html', 'backtest.json', 'charts/backtest-ttr.vl.json', 'charts/forecast-ttr.vl.json']) expect(existsSync(join(out, f))).toBe(true);
    const chart = JSON.parse(readFileSync(join(out, 'charts/backtest-ttr.vl.json'), 'utf8'));
    expect(new Set(chart.data.values.map((v: { series: string }) => v.series))).toEqual(new Set(['observed', 'simulated']));
  });

  it('bad windows and options are one line on stderr, exit code 2', () => {
    const a = cli('backtest', history, '--train', '2016-W15..2016-W17', '--test', '2016-W16');
    expect([a.status, a.stderr]).toEqual([2, 'incisim: --test: 2016-W16 starts before the training window ends (2016-W17); the test weeks must come after the training weeks\n']);
    const b = cli('backtest', history, '--train', '2016-W15..2016-W17', '--test', '2016-W18', '--staff', 'group-70');
    expect([b.status, b.stderr]).toEqual([2, 'incisim: --staff: "group-70" is not TEAM=FACTOR with a factor > 0, e.g. group-70=0.8\n']);
    const c = cli('backtest', history, '--train', 'W1', '--test', '2016-W18');
    expect([c.status, c.stderr]).toEqual([2, 'incisim: --train: "W1" is not an ISO week; expected e.g. 2016-W09\n']);
  });
});
