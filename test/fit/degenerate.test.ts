/**
 * Degenerate histories fit, or fail with one clear line, and what fit writes always loads:
 * every incident resolved in the minute it opened (the gamma fit's Newton start went negative
 * and ψ(k) never returned: `fit` ran for ever), one value, two values, a single incident, a
 * history without impact/urgency (fit wrote `matrix:` empty), and more than 100 classes (one
 * profile shared by YAML aliases past the loader's limit on alias expansions).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { fitDurations, fitHistory, scenarioYaml } from '../../src/fit/index.js';
import { completeMatrix } from '../../src/fit/scenario.js';
import type { HistoricalIncident } from '../../src/io/import/types.js';
import { loadScenario } from '../../src/scenario/load.js';
import { runScenario } from '../../src/sim/run.js';

const dir = mkdtempSync(join(tmpdir(), 'incisim-degenerate-'));
const START = Date.UTC(2026, 0, 5); // a Monday

/** n incidents over `weeks` weeks, durations (minutes) from `duration(i)`, in `groups` groups × 4 priorities. */
function history(n: number, duration: (i: number) => number, groups = 3, weeks = 8): HistoricalIncident[] {
  return Array.from({ length: n }, (_, i) => {
    const openedAt = START + Math.floor((i * weeks * 10080) / n) * 60_000;
    return { id: `INC${i}`, openedAt, resolvedAt: openedAt + duration(i) * 60_000, priority: `P${1 + (i % 4)}`, group: `g${Math.floor(i / 4) % groups}` };
  });
}

/** Fits, writes the scenario, loads it with the real loader and runs one replication of it. */
function fitsAndLoads(incidents: HistoricalIncident[], name: string, options: Parameters<typeof fitHistory>[1] = {}) {
  const fit = fitHistory(incidents, options);
  const text = scenarioYaml(fit, { name, source: 'test', replications: 1 });
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, text);
  const { scenario } = loadScenario(file, { overrides: ['horizon=2d', 'warmup=0'] });
  expect(runScenario(scenario).summary.replications).toBe(1);
  return { fit, text };
}

describe('fitDurations on samples without spread', () => {
  it('all zero (resolved in the minute they opened): the point mass at 0.5 min', () => {
    const f = fitDurations(new Array(5000).fill(0));
    expect(f.chosen.fitted.spec).toBe('deterministic(0.5m)');
    expect(f.zeros).toBe(5000);
    expect(f.medianCi).toEqual([0.5, 0.5]);
  });

  it('one value repeated: the point mass there', () => {
    expect(fitDurations(new Array(300).fill(30)).chosen.fitted.spec).toBe('deterministic(30m)');
  });

  it('two values: fitted by the families (finite likelihoods), median between them', () => {
    const f = fitDurations(Array.from({ length: 400 }, (_, i) => (i % 2 ? 30 : 90)));
    expect(f.candidates.length).toBeGreaterThan(1);
    for (const c of f.candidates) expect(Number.isFinite(c.aic), c.fitted.family).toBe(true);
    expect(f.chosen.fitted.median).toBeGreaterThanOrEqual(30);
    expect(f.chosen.fitted.median).toBeLessThanOrEqual(90);
  });

  it('nearly no spread (a rounding error below zero in ln x̄ − mean ln x) fits a near point mass', () => {
    const xs = new Array(1000).fill(1 / 3);
    xs[0] = 1 / 3 + 1e-13;
    const f = fitDurations(xs);
    const gamma = f.candidates.find((c) => c.fitted.family === 'gamma');
    expect(gamma === undefined || Number.isFinite(gamma.fitted.params.shape)).toBe(true);
  });

  it('fewer than two durations is one clear line', () => {
    expect(() => fitDurations([5])).toThrow(new UserError('fit: cannot fit a distribution to 1 duration; expected at least 2'));
  });
});

describe('what fit writes, the loader reads', () => {
  it('every incident resolved in the minute it opened', () => {
    const { text } = fitsAndLoads(history(3000, () => 0), 'all-zero');
    expect(text).toContain('empirical([0.5, 0.5');
  });

  it('one value, two values', () => {
    fitsAndLoads(history(3000, () => 30), 'one-value');
    fitsAndLoads(history(3000, (i) => (i % 8 < 4 ? 30 : 90)), 'two-values');
  });

  it('the chosen fits (--work fitted) of degenerate samples load too', () => {
    const fit = fitHistory(history(3000, () => 0));
    const file = join(dir, 'fitted-work.yaml');
    writeFileSync(file, scenarioYaml(fit, { name: 'fitted-work', source: 'test', work: 'fitted' }));
    expect(loadScenario(file).scenario.arrivals[0].path![0].work).toBe('deterministic(0.5m)');
  });

  it('a history without impact and urgency gets a complete matrix holding every class priority', () => {
    const { text } = fitsAndLoads(history(2000, (i) => 10 + (i % 7) * 5), 'no-matrix');
    expect(text).toContain('(0 of the 9 cells seen in the data; all cells follow the ITIL pattern over the priorities seen)');
    expect(completeMatrix({}, ['P1', 'P2', 'P3', 'P4']).cells).toEqual({
      high: { high: 'P1', medium: 'P2', low: 'P3' },
      medium: { high: 'P2', medium: 'P3', low: 'P4' },
      low: { high: 'P3', medium: 'P4', low: 'P4' },
    });
    // observed cells kept; a class priority the observed cells leave out brings the pattern back
    expect(completeMatrix({ high: { high: 'P2' } }, ['P2', 'P3']).cells.high.high).toBe('P2');
    expect(completeMatrix({ high: { high: 'P2' }, medium: { medium: 'P2' } }, ['P1', 'P2']).cells.high.high).toBe('P1');
  });

  it('more than 100 classes: the hour-of-week profile is written in each class, no aliases', () => {
    const incidents = history(6000, (i) => 10 + (i % 13) * 7, 30);
    const { fit, text } = fitsAndLoads(incidents, 'many-classes', { teams: 30, minSample: 5 });
    expect(fit.classes.length).toBeGreaterThan(100);
    expect(text).not.toContain('*hour-of-week');
  });

  it('a single incident is one clear line', () => {
    expect(() => fitHistory(history(1, () => 5))).toThrow(UserError);
  });
});
