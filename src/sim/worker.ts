/**
 * Worker-thread entry: builds the model once from the scenario it is given, then claims
 * replication requests one at a time from the pool's shared counter (`next`), runs each and posts
 * its result back, until none is left; then posts `{ finished: true }`. It claims only once its
 * model is built, so a thread still starting never holds a request another thread could run.
 * Results are plain data.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { buildModel } from '../model/build.js';
import { isUserError } from '../errors.js';
import type { Scenario } from '../scenario/schema.js';
import { runOne, type ReplicationRequest } from './run.js';

const { scenario, requests, next } = workerData as { scenario: Scenario; requests: ReplicationRequest[]; next: Int32Array };
const model = buildModel(scenario);
for (let k = Atomics.add(next, 0, 1); k < requests.length; k = Atomics.add(next, 0, 1)) {
  const req = requests[k];
  try {
    parentPort!.postMessage({ ok: true, k, result: runOne(model, req) });
  } catch (e) {
    // a user's mistake found during the run (a runaway model) stays a one-line UserError
    if (isUserError(e)) parentPort!.postMessage({ ok: false, k, index: req.index, user: true, error: e.message });
    else parentPort!.postMessage({ ok: false, k, index: req.index, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    break;
  }
}
parentPort!.postMessage({ finished: true });
