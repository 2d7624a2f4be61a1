/**
 * Worker-thread entry: builds the model once from the scenario it is given, then runs each
 * replication request it receives and posts the result back. Results are plain data.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { buildModel } from '../model/build.js';
import { isUserError } from '../errors.js';
import type { Scenario } from '../scenario/schema.js';
import { runOne, type ReplicationRequest } from './run.js';

const model = buildModel((workerData as { scenario: Scenario }).scenario);
parentPort!.on('message', (req: ReplicationRequest) => {
  try {
    parentPort!.postMessage({ ok: true, index: req.index, result: runOne(model, req) });
  } catch (e) {
    // a user's mistake found during the run (a runaway model) stays a one-line UserError
    if (isUserError(e)) parentPort!.postMessage({ ok: false, index: req.index, user: true, error: e.message });
    else parentPort!.postMessage({ ok: false, index: req.index, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});
