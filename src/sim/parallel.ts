/**
 * Runs replications on a pool of worker threads. Each replication is a pure function of
 * (scenario, index), and results are assembled in index order, so the summary is byte-identical
 * to a single-thread run whatever the number of workers or the order in which they finish.
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { buildModel } from '../model/build.js';
import type { Scenario } from '../scenario/schema.js';
import { assemble, runOne, type ReplicationRequest, type ReplicationResult, type RunResult, type RunScenarioOptions } from './run.js';

export interface ParallelOptions extends RunScenarioOptions {
  /** worker threads (default: the machine's cores; 1 runs in this thread) */
  workers?: number;
}

/** The default worker count: the number of cores. */
export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

/** Runs the requests on `workers` threads; results in request order. */
export async function runRequests(scenario: Scenario, requests: ReplicationRequest[], workers: number, onDone?: (done: number) => void): Promise<ReplicationResult[]> {
  const results = new Array<ReplicationResult>(requests.length);
  const n = Math.max(1, Math.min(workers, requests.length));
  if (n === 1 || !import.meta.url.endsWith('.js')) {
    // One worker means this thread (also when running from TypeScript sources, as in tests).
    const model = buildModel(scenario);
    requests.forEach((r, k) => {
      results[k] = runOne(model, r);
      onDone?.(k + 1);
    });
    return results;
  }
  const url = new URL('./worker.js', import.meta.url);
  let next = 0;
  let done = 0;
  const pool: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const feed = (w: Worker) => {
        if (next >= requests.length) return;
        const k = next++;
        w.postMessage(requests[k]);
      };
      for (let i = 0; i < n; i++) {
        const w = new Worker(url, { workerData: { scenario } });
        pool.push(w);
        w.on('message', (m: { ok: boolean; index: number; result?: ReplicationResult; error?: string }) => {
          if (!m.ok) return reject(new Error(`replication ${m.index} failed in a worker: ${m.error}`));
          const k = requests.findIndex((r) => r.index === m.index);
          results[k] = m.result!;
          done++;
          onDone?.(done);
          if (done === requests.length) resolve();
          else feed(w);
        });
        w.on('error', reject);
        feed(w);
      }
    });
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return results;
}

/** Runs a scenario's replications (all, or `indices`) on a worker pool. */
export async function runScenarioParallel(scenario: Scenario, options: ParallelOptions = {}): Promise<RunResult> {
  const started = performance.now();
  const model = buildModel(scenario);
  const indices = options.indices ?? Array.from({ length: model.replications }, (_, i) => i);
  const requests: ReplicationRequest[] = indices.map((index, k) => ({ index, keepIncidents: k === 0, trace: k === 0 && options.trace, extras: options.extras }));
  const results = await runRequests(scenario, requests, options.workers ?? defaultWorkers(), (d) => options.onProgress?.(d, requests.length));
  return assemble(model, results, (performance.now() - started) / 1000);
}
