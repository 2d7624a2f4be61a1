/**
 * Worker-thread entry: builds the model once from the scenario it is given, then runs each
 * replication request it receives and posts the result back. Results are plain data.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { buildModel } from '../model/build.js';
import type { Scenario } from '../scenario/schema.js';
import { runOne, type ReplicationRequest } from './run.js';

const model = buildModel((workerData as { scenario: Scenario }).scenario);
parentPort!.on('message', (req: ReplicationRequest) => {
  try {
    parentPort!.postMessage({ ok: true, index: req.index, result: runOne(model, req) });
  } catch (e) {
    parentPort!.postMessage({ ok: false, index: req.index, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});
