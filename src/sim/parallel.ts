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
import { assemble, runOne, type ReplicationRequest, type ReplicationResult, type RunResult, type RunScenarioOptions } from './run.js';

export interface ParallelOptions extends RunScenarioOptions {
  /** threads running replications, this one included (default: the machine's cores; 1 runs all in this thread) */
  workers?: number;
}

/** The default worker count: the number of cores. */
export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

/**
 * Runs the requests on `workers` threads — this one and `workers − 1` worker threads, each taking
 * the next request when it is free — and returns the results in request order. The worker threads
 * are started first, so that their start (loading the code, building the model) overlaps this
 * thread's own build. This thread yields between its replications so that the workers' results
 * are collected as they come.
 */
export async function runRequests(scenario: Scenario, requests: ReplicationRequest[], workers: number, onDone?: (done: number) => void): Promise<ReplicationResult[]> {
  const results = new Array<ReplicationResult>(requests.length);
  const n = Math.max(1, Math.min(workers, requests.length));
  // From TypeScript sources (as in tests) there is no built worker.js: everything runs here.
  const threads = import.meta.url.endsWith('.js') ? n - 1 : 0;
  let next = 0;
  let done = 0;
  let failure: Error | undefined;
  const finished = (k: number, result: ReplicationResult) => {
    results[k] = result;
    onDone?.(++done);
  };
  const pool: Worker[] = [];
  try {
    const workersDone = Array.from({ length: threads }, () => new Promise<void>((resolve, reject) => {
      const w = new Worker(new URL('./worker.js', import.meta.url), { workerData: { scenario } });
      pool.push(w);
      // Two requests in flight while there is plenty left, so that a worker never waits for this
      // thread (busy with a replication of its own) to hand it the next one.
      const inFlight: number[] = [];
      const feed = () => {
        while (!failure && next < requests.length && (inFlight.length === 0 || (inFlight.length === 1 && requests.length - next > n))) {
          inFlight.push(next);
          w.postMessage(requests[next++]);
        }
        if (inFlight.length === 0) resolve();
      };
      w.on('message', (m: { ok: boolean; index: number; result?: ReplicationResult; error?: string; user?: boolean }) => {
        if (!m.ok) return reject((failure = m.user ? new UserError(m.error!) : new Error(`replication ${m.index} failed in a worker: ${m.error}`)));
        finished(inFlight.shift()!, m.result!);
        feed();
      });
      w.on('error', (e) => reject((failure = e)));
      feed();
    }));
    // (a worker's failure is also seen by Promise.all below; this keeps it from being unhandled
    // when this thread's own build throws first)
    for (const p of workersDone) p.catch(() => undefined);
    const model = buildModel(scenario);
    const here = (async () => {
      while (!failure && next < requests.length) {
        const k = next++;
        finished(k, runOne(model, requests[k]));
        await new Promise((r) => setImmediate(r));
      }
    })();
    await Promise.all([here, ...workersDone]);
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
  const results = await runRequests(scenario, requests, options.workers ?? defaultWorkers(), (d) => options.onProgress?.(d, requests.length));
  return assemble(buildModel(scenario), results, (performance.now() - started) / 1000);
}
