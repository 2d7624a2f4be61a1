/**
 * Worker-thread entry of a ReplicationPool: for each batch it is sent (a scenario, its requests
 * and the batch's shared counter `next`), builds the batch's model, then claims requests one at
 * a time from the counter, runs each and posts its result back, until none is left; then posts
 * `{ batch, finished: true }` and waits for the next batch. It claims only once the model is
 * built, so a thread still starting never holds a request another thread could run. Results
 * are plain data.
 */
import { parentPort } from 'node:worker_threads';
import { buildModel } from '../model/build.js';
import { isUserError } from '../errors.js';
import type { Scenario } from '../scenario/schema.js';
import { runOne, type ReplicationRequest } from './run.js';

parentPort!.on('message', ({ batch, scenario, requests, next }: { batch: number; scenario: Scenario; requests: ReplicationRequest[]; next: Int32Array }) => {
  // (the other threads may have claimed every request already: then no model is built)
  if (Atomics.load(next, 0) >= requests.length) return void parentPort!.postMessage({ batch, finished: true });
  const model = buildModel(scenario);
  for (let k = Atomics.add(next, 0, 1); k < requests.length; k = Atomics.add(next, 0, 1)) {
    const req = requests[k];
    try {
      parentPort!.postMessage({ batch, ok: true, k, result: runOne(model, req) });
    } catch (e) {
      // a user's mistake found during the run (a runaway model) stays a one-line UserError
      if (isUserError(e)) parentPort!.postMessage({ batch, ok: false, k, index: req.index, user: true, error: e.message });
      else parentPort!.postMessage({ batch, ok: false, k, index: req.index, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
      break;
    }
  }
  parentPort!.postMessage({ batch, finished: true });
});
