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
  /** run on this pool (its workers kept for the caller's next run) instead of one of its own */
  pool?: ReplicationPool;
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

/** How `ReplicationPool.run` (and `runRequests`) spread a batch of requests. */
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

/** A result from a worker thread: one request's, a failure, or the end of its claims in a batch. */
type WorkerMessage =
  | { batch: number; finished: true }
  | { batch: number; ok: true; k: number; result: ReplicationResult }
  | { batch: number; ok: false; k: number; index: number; error: string; user?: boolean };

/** One batch in flight: where a worker's messages for it go. */
interface Batch {
  id: number;
  finished(k: number, result: ReplicationResult): void;
  fail(e: Error): void;
  /** workers that have not yet said they claim no more in this batch */
  claiming: Set<Worker>;
}

/**
 * Threads that run batches of replication requests, one batch after another — this one and
 * worker threads that stay alive between batches, so that a caller running many batches (`staff`
 * evaluating roster after roster, `compare` variant after variant) starts each worker once and
 * finds it warm from the second batch on. Every thread claims the next request of the batch
 * from one shared counter (`Atomics.add`) when it is free, so none waits for another to hand it
 * work, and a worker claims its first only once it has built the batch's model: while it starts,
 * this thread runs what there is. Which thread ran which request changes nothing: a replication
 * is a pure function of (scenario, index). A failed batch ends the workers (the next batch starts
 * new ones); `close()` ends them.
 */
export class ReplicationPool {
  private readonly workers: Worker[] = [];
  private current: Batch | undefined;
  private batches = 0;

  /**
   * Runs `requests` of `scenario` on `workers` threads (undefined: `workersFor` them, from the
   * model built here first; once the pool has workers, as many as it has) and returns the
   * results in request order. This thread yields between its replications so that the workers'
   * results are collected as they come.
   */
  async run(scenario: Scenario, requests: ReplicationRequest[], workers: number | undefined, options: PoolOptions = {}): Promise<ReplicationResult[]> {
    if (this.current) throw new Error('ReplicationPool.run: a batch is already running');
    const results = new Array<ReplicationResult>(requests.length);
    // (with a count given, cold workers start before this thread's build, which their start overlaps)
    let model = workers === undefined ? buildModel(scenario) : undefined;
    const want = workers ?? (this.workers.length > 0 ? this.workers.length + 1 : workersFor(model!, requests.length));
    const n = Math.max(1, Math.min(want, requests.length));
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
    const batch: Batch = {
      id: ++this.batches,
      finished: (k, result) => {
        results[k] = result;
        done++; // (not inside the optional call below, which skips its argument when there is no onDone)
        options.onDone?.(done);
        if (done === requests.length) allDone();
      },
      fail: (e) => {
        failure ??= e;
        Atomics.store(next, 0, requests.length); // nothing more is claimed
        allDone();
      },
      claiming: new Set(),
    };
    this.current = batch;
    try {
      while (this.workers.length < threads) this.spawn();
      for (const w of this.workers.slice(0, threads)) {
        batch.claiming.add(w);
        w.postMessage({ batch: batch.id, scenario, requests, next });
      }
      if (here) {
        model ??= buildModel(scenario);
        for (let k = Atomics.add(next, 0, 1); k < requests.length && !failure; k = Atomics.add(next, 0, 1)) {
          batch.finished(k, runOne(model, requests[k]));
          await new Promise((r) => setImmediate(r));
        }
      }
      if (done < requests.length) await finishedAll;
      if (failure) throw failure;
      // every result is in: the workers are past their last claim (they say so before the next batch)
      return results;
    } catch (e) {
      // a failure (this thread's own, or a worker's) stops every thread claiming more, and the
      // workers are ended (one may still be inside a replication of this batch), not waited for
      Atomics.store(next, 0, requests.length);
      await this.close();
      throw e;
    } finally {
      this.current = undefined;
    }
  }

  /** The thread ids of its live worker threads, in start order. */
  get threadIds(): number[] {
    return this.workers.map((w) => w.threadId);
  }

  /** Ends the worker threads (the pool can run again: it starts new ones). */
  async close(): Promise<void> {
    const ws = this.workers.splice(0);
    await Promise.all(ws.map((w) => w.terminate()));
  }

  private spawn(): void {
    const w = new Worker(new URL('./worker.js', import.meta.url));
    this.workers.push(w);
    // (a worker that stops while claiming in the running batch fails it; one that stops between
    // batches held no request: it is gone from the pool, and the next batch starts another)
    const failed = (e: Error) => {
      const b = this.current;
      if (b && b.claiming.has(w)) b.fail(e);
    };
    w.on('message', (m: WorkerMessage) => {
      const b = this.current;
      if (!b || m.batch !== b.id) return; // (a batch ended by a failure: its late results are dropped)
      if ('finished' in m) b.claiming.delete(w);
      else if (m.ok) b.finished(m.k, m.result);
      else b.fail(m.user ? new UserError(m.error) : new Error(`replication ${m.index} failed in a worker: ${m.error}`));
    });
    w.on('error', failed);
    w.once('exit', (code) => {
      const i = this.workers.indexOf(w);
      if (i < 0) return; // (ended by close)
      this.workers.splice(i, 1);
      failed(new Error(`a worker thread stopped (exit code ${code})`));
    });
  }
}

/**
 * Runs the requests on `workers` threads (undefined: `workersFor` them) — this one and
 * `workers − 1` worker threads, started for this call and ended after it — and returns the
 * results in request order (see ReplicationPool).
 */
export async function runRequests(scenario: Scenario, requests: ReplicationRequest[], workers: number | undefined, options: PoolOptions = {}): Promise<ReplicationResult[]> {
  const pool = new ReplicationPool();
  try {
    return await pool.run(scenario, requests, workers, options);
  } finally {
    await pool.close();
  }
}

/** Runs a scenario's replications (all, or `indices`) on a worker pool. */
export async function runScenarioParallel(scenario: Scenario, options: ParallelOptions = {}): Promise<RunResult> {
  const started = performance.now();
  const indices = options.indices ?? Array.from({ length: replicationsOf(scenario) }, (_, i) => i);
  const requests: ReplicationRequest[] = indices.map((index, k) => ({ index, keepIncidents: k === 0 && options.keepIncidents !== false, trace: k === 0 && options.trace, extras: options.extras }));
  const pool = { inThisThread: options.inThisThread, onDone: (d: number) => options.onProgress?.(d, requests.length) };
  const results = options.pool ? await options.pool.run(scenario, requests, options.workers, pool) : await runRequests(scenario, requests, options.workers, pool);
  return assemble(buildModel(scenario), results, (performance.now() - started) / 1000);
}
