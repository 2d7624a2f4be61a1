/**
 * Parallel replications: a replication is a pure function of (scenario, index), and the pool puts
 * results back in index order, so the summary is byte-identical whatever the number of workers.
 * Real worker threads only run from the build (dist/), so this test imports the built module
 * (`npm test` builds first; alone: `npx tsc -p .`) and checks it against the in-thread runner of
 * the sources.
 */
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load.js';
import { runScenario } from '../../src/sim/run.js';
import { summaryJson } from '../../src/io/outputs.js';
import { defaultWorkers, runScenarioParallel } from '../../dist/sim/parallel.js';

const { scenario } = loadScenario('scenarios/mmc.yaml', { overrides: ['horizon=9d', 'warmup=2d', 'replications=6'] });

describe('runScenarioParallel', () => {
  it('gives a byte-identical summary with 1 worker, 2 workers and in this thread', async () => {
    const here = runScenario(scenario);
    const one = await runScenarioParallel(scenario, { workers: 1 });
    const two = await runScenarioParallel(scenario, { workers: 2 });
    expect(here.summary.replications).toBe(6);
    expect(summaryJson(one.summary)).toBe(summaryJson(here.summary));
    expect(summaryJson(two.summary)).toBe(summaryJson(here.summary));
    expect(two.replications.map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(two.events).toBe(here.events);
  });

  it('keeps the incident records of the first replication only, the same as in this thread', async () => {
    const here = runScenario(scenario, { indices: [0, 1] });
    const two = await runScenarioParallel(scenario, { workers: 2, indices: [0, 1] });
    expect(two.incidents.length).toBeGreaterThan(0);
    expect(JSON.stringify(two.incidents)).toBe(JSON.stringify(here.incidents));
  });

  it('runs only the indices asked for and reports progress once per replication', async () => {
    const seen: [number, number][] = [];
    const r = await runScenarioParallel(scenario, { workers: 2, indices: [1, 4], onProgress: (d, t) => seen.push([d, t]) });
    expect(r.replications.map((m) => m.index)).toEqual([1, 4]);
    expect(seen).toEqual([[1, 2], [2, 2]]);
    const alone = runScenario(scenario, { indices: [1, 4] });
    expect(summaryJson(r.summary)).toBe(summaryJson(alone.summary));
  });

  it('defaults to one worker per core, at least one', () => {
    expect(defaultWorkers()).toBeGreaterThanOrEqual(1);
  });
});
