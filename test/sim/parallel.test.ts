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
import { defaultWorkers, INCIDENTS_PER_THREAD, ReplicationPool, runRequests, runScenarioParallel, workersFor } from '../../dist/sim/parallel.js';
import { buildModel } from '../../src/model/build.js';
import { UserError } from '../../dist/errors.js';

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

  it('runs every replication on worker threads alone when this thread is kept free, byte-identical', async () => {
    const here = runScenario(scenario);
    for (const workers of [1, 2]) {
      const seen: number[] = [];
      const r = await runScenarioParallel(scenario, { workers, inThisThread: false, onProgress: (d) => seen.push(d) });
      expect(summaryJson(r.summary)).toBe(summaryJson(here.summary));
      expect(JSON.stringify(r.incidents)).toBe(JSON.stringify(here.incidents));
      expect(seen).toEqual([1, 2, 3, 4, 5, 6]); // each replication once
    }
  });

  it("a worker's runaway replication is the same one-line UserError, and stops the pool", async () => {
    const e = await runScenarioParallel(scenario, { workers: 2, inThisThread: false, extras: { maxEvents: 100 } }).then(() => undefined, (x: unknown) => x);
    expect(e).toBeInstanceOf(UserError);
    expect((e as Error).message).toMatch(/^replication \d: stopped at day [\d.]+ of 9\.0 after more than 100 events \(--max-events\)/);
  });

  it('without a worker count, as many threads as the work pays for: identical results', async () => {
    const auto = await runScenarioParallel(scenario);
    expect(summaryJson(auto.summary)).toBe(summaryJson(runScenario(scenario).summary));
    const results = await runRequests(scenario, [{ index: 3 }, { index: 1 }], undefined);
    expect(results.map((r) => r.metrics.kpis.arrivals)).toEqual([3, 1].map((index) => runScenario(scenario, { indices: [index] }).replications[0].kpis.arrivals));
  });

  it('defaults to one worker per core, at least one', () => {
    expect(defaultWorkers()).toBeGreaterThanOrEqual(1);
  });
});

describe('ReplicationPool', () => {
  const other = loadScenario('scenarios/mmc.yaml', { overrides: ['horizon=5d', 'warmup=1d', 'replications=4', 'seed=7'] }).scenario;

  it('runs batch after batch, of different scenarios, on the same worker threads: each as if alone', async () => {
    const pool = new ReplicationPool();
    try {
      const a = await runScenarioParallel(scenario, { workers: 2, inThisThread: false, pool });
      const threads = pool.threadIds;
      expect(threads).toHaveLength(2);
      const b = await runScenarioParallel(other, { workers: 2, inThisThread: false, pool });
      const c = await runScenarioParallel(scenario, { workers: 2, pool }); // this thread and one of them
      expect(pool.threadIds).toEqual(threads);
      expect(summaryJson(a.summary)).toBe(summaryJson(runScenario(scenario).summary));
      expect(summaryJson(b.summary)).toBe(summaryJson(runScenario(other).summary));
      expect(summaryJson(c.summary)).toBe(summaryJson(a.summary));
    } finally {
      await pool.close();
    }
    expect(pool.threadIds).toEqual([]);
  });

  it('after a failed batch, ends its workers and runs the next batch on new ones', async () => {
    const pool = new ReplicationPool();
    try {
      await runScenarioParallel(scenario, { workers: 2, inThisThread: false, pool });
      const before = pool.threadIds;
      const e = await runScenarioParallel(scenario, { workers: 2, inThisThread: false, pool, extras: { maxEvents: 100 } }).then(() => undefined, (x: unknown) => x);
      expect(e).toBeInstanceOf(UserError);
      const again = await runScenarioParallel(other, { workers: 2, inThisThread: false, pool });
      expect(summaryJson(again.summary)).toBe(summaryJson(runScenario(other).summary));
      expect(pool.threadIds.some((id) => before.includes(id))).toBe(false);
    } finally {
      await pool.close();
    }
  });

  it('once it has workers, a batch without a count uses them all (they are warm)', async () => {
    const pool = new ReplicationPool();
    try {
      await runScenarioParallel(other, { workers: 2, pool });
      const seen: number[] = [];
      const r = await runScenarioParallel(other, { pool, onProgress: (d) => seen.push(d) });
      expect(pool.threadIds).toHaveLength(1);
      expect(seen).toEqual([1, 2, 3, 4]);
      expect(summaryJson(r.summary)).toBe(summaryJson(runScenario(other).summary));
    } finally {
      await pool.close();
    }
  });
});

describe('workersFor', () => {
  const per = (incidents: number) => ({ expectedIncidents: incidents });

  it('keeps a run of fewer than 2 × INCIDENTS_PER_THREAD expected incidents in this thread', () => {
    expect(INCIDENTS_PER_THREAD).toBe(125_000);
    expect(workersFor(per(8_620), 10, 2)).toBe(1); // the default scenario: 86,200 incidents
    expect(workersFor(per(8_620), 28, 2)).toBe(1); // 241,360
    expect(workersFor(per(8_620), 30, 2)).toBe(2); // 258,600
    expect(workersFor(per(0), 100, 8)).toBe(1);
  });

  it('adds a thread per INCIDENTS_PER_THREAD, up to the cores and the requests', () => {
    expect(workersFor(per(125_000), 5, 8)).toBe(5); // no more threads than requests
    expect(workersFor(per(1_033_500), 3, 2)).toBe(2); // large-org: every core
    expect(workersFor(per(100_000), 6, 8)).toBe(4); // 600,000 incidents
    expect(workersFor(per(1e9), 1, 8)).toBe(1);
  });

  it("reads a built model's expected incidents a replication", () => {
    const model = buildModel(scenario); // mmc.yaml over 9 days: a few thousand incidents a replication
    expect(model.expectedIncidents).toBeGreaterThan(1000);
    expect(workersFor(model, 6, 64)).toBe(1);
    const enough = Math.ceil((2 * INCIDENTS_PER_THREAD) / model.expectedIncidents);
    expect(workersFor(model, enough, 64)).toBe(2);
    expect(workersFor(model, enough - 1, 64)).toBe(1);
  });
});
