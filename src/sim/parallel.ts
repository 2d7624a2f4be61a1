/**
 * Runs replications on this thread and a pool of worker threads. Each replication is a pure function of
 * (scenario, index), and results are assembled in index order, so the summary is byte-identical
 * to a single-thread run whatever the number of workers or the order in which they finish.
 */
import { Worker } from 'node:worker_threads';
import { UserError } from '../errors.js';
import { availableParallelism } from 'node:os';
import { buildModel, replicationsOf } from '../model/build.js';
import type { Scenario } from '../scenario/schema.js';
import type { Model } from '../model/types.js';
import { assemble, runOne, type ReplicationRequest, type ReplicationResult, type RunResult, type RunScenarioOptions } from './run.js';

export interface ParallelOptions extends RunScenarioOptions, Pick<PoolOptions, 'inThisThread'> {
  /** threads running replications, this one included (default: `workersFor` the run; 1 runs all in this thread) */
  workers?: number;
}

/** The most threads to use: the number of cores. */
export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

/**
 * Expected incidents of work (over all the requests) that one more thread needs before it pays
 * for itself. A worker thread loads the code, builds the model and runs its first replications
 * before the JIT has warmed up, and on a machine of few cores it takes the core this thread's own
 * JIT and collector use. Measured on the 2-core bench machine with `incisim run` of
 * scenarios/default.yaml (8,620 expected incidents a replication), 1 thread against 2:
 * 10 replications 1.22 against 1.48 s, 20: 1.54 against 1.65 s, 30: 1.91 against 1.88 s,
 * 40: 2.15 against 2.03 s, 120: 5.42 against 3.98 s — even at about 250,000 incidents, i.e. two
 * threads from there on.
 */
export const INCIDENTS_PER_THREAD = 125_000;

/**
 * How many threads to run `requests` replications of `model` on when the caller does not say:
 * one per INCIDENTS_PER_THREAD expected incidents in all (the model's expected incidents a
 * replication × the requests), at least 1, at most the cores and the requests. So a small run
 * stays in this thread, where it is fastest, and a large one spreads over every core.
 */
export function workersFor(model: Pick<Model, 'expectedIncidents'>, requests: number, cores = defaultWorkers()): number {
  const byWork = Math.floor((model.expectedIncidents * requests) / INCIDENTS_PER_THREAD);
  return Math.max(1, Math.min(cores, requests, byWork));
}

/** How `runRequests` spreads its requests. */
export interface PoolOptions {
  /**
   * Whether this thread runs replications too (default true). False: every one of the `workers`
   * threads is a worker thread and this one only collects — for a caller whose event loop must stay
   * free (a service), and for tests of the worker path.
   */
  inThisThread?: boolean;
  /** called with the number of requests done so far, after each one */
  onDone?: (done: number) => void;
}

/**
 * Runs the requests on `workers` threads (undefined: `workersFor` them, from the model built here
 * first) — this one and `workers − 1` worker threads — and returns
 * the results in request order. Every thread claims the next request from one shared counter
 * (`Atomics.add`) when it is free, so none waits for another to hand it work, and a worker
 * claims its first only once it has loaded the code and built the model: while it starts, this
 * thread (already warm, its model built) runs what there is. Which thread ran which request
 * changes nothing: a replication is a pure function of (scenario, index). This thread yields
 * between its replications so that the workers' results are collected as they come.
 */
export async function runRequests(scenario: Scenario, requests: ReplicationRequest[], workers: number | undefined, options: PoolOptions = {}): Promise<ReplicationResult[]> {
  const results = new Array<ReplicationResult>(requests.length);
  // (with a count given, the workers start before this thread's build, which their start overlaps)
  let model = workers === undefined ? buildModel(scenario) : undefined;
  const n = Math.max(1, Math.min(workers ?? workersFor(model!, requests.length), requests.length));
  // From TypeScript sources (as in tests) there is no built worker.js: everything runs here.
  const built = import.meta.url.endsWith('.js');
  const here = !built || options.inThisThread !== false;
  const threads = built ? (here ? n - 1 : n) : 0;
  /** next[0]: the next request to claim (past the end: none left, or stopped by a failure) */
  const next = new Int32Array(new SharedArrayBuffer(4));
  let done = 0;
  let failure: Error | undefined;
  let allDone: () => void = () => undefined;
  const finishedAll = new Promise<void>((resolve) => (allDone = resolve));
  const finished = (k: number, result: ReplicationResult) => {
    results[k] = result;
    done++; // (not inside the optional call below, which skips its argument when there is no onDone)
    options.onDone?.(done);
    if (done === requests.length) allDone();
  };
  const fail = (e: Error) => {
    failure ??= e;
    Atomics.store(next, 0, requests.length); // nothing more is claimed
    allDone();
  };
  const pool: Worker[] = [];
  try {
    for (let i = 0; i < threads; i++) {
      const w = new Worker(new URL('./worker.js', import.meta.url), { workerData: { scenario, requests, next } });
      pool.push(w);
      let over = false;
      w.on('message', (m: { finished?: true; ok: boolean; k: number; index: number; result?: ReplicationResult; error?: string; user?: boolean }) => {
        if (m.finished) over = true;
        else if (m.ok) finished(m.k, m.result!);
        else fail(m.user ? new UserError(m.error!) : new Error(`replication ${m.index} failed in a worker: ${m.error}`));
      });
      w.on('error', fail);
      // (messages posted before a worker ends are delivered before its 'exit')
      w.on('exit', (code) => {
        if (!over) fail(new Error(`a worker thread stopped (exit code ${code}) before its replications were done`));
      });
    }
    if (here) {
      model ??= buildModel(scenario);
      for (let k = Atomics.add(next, 0, 1); k < requests.length; k = Atomics.add(next, 0, 1)) {
        finished(k, runOne(model, requests[k]));
        await new Promise((r) => setImmediate(r));
      }
    }
    if (done < requests.length) await finishedAll;
    if (failure) throw failure;
  } catch (e) {
    // a failure here (this thread's own) stops the workers claiming more
    Atomics.store(next, 0, requests.length);
    throw e;
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return results;
}

/** Runs a scenario's replications (all, or `indices`) on a worker pool. */
export async function runScenarioParallel(scenario: Scenario, options: ParallelOptions = {}): Promise<RunResult> {
  const started = performance.now();
  const indices = options.indices ?? Array.from({ length: replicationsOf(scenario) }, (_, i) => i);
  const requests: ReplicationRequest[] = indices.map((index, k) => ({ index, keepIncidents: k === 0 && options.keepIncidents !== false, trace: k === 0 && options.trace, extras: options.extras }));
  const results = await runRequests(scenario, requests, options.workers, { inThisThread: options.inThisThread, onDone: (d) => options.onProgress?.(d, requests.length) });
  return assemble(buildModel(scenario), results, (performance.now() - started) / 1000);
}
