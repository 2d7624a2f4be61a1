// The fuzz harness's worker thread: runs the real `incisim` entry point (dist/cli/main.js, built by
// `npm test` / `npm run fuzz` before the cases run) in-process, one case at a time, with stdout and
// stderr captured. The parent terminates it when a case outlives its time bound (a hang) and
// starts a new one; V8's heap limit for the thread turns a runaway allocation into a reported
// failure instead of the death of the test process.
import { parentPort } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';

const { main } = await import(pathToFileURL(new URL('../../dist/cli/main.js', import.meta.url).pathname).href);

const out = [];
const err = [];
const capture = (sink) => (chunk, encoding, cb) => {
  sink.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
  const done = typeof encoding === 'function' ? encoding : cb;
  if (typeof done === 'function') queueMicrotask(() => done());
  return true;
};
process.stdout.write = capture(out);
process.stderr.write = capture(err);

parentPort.on('message', async (c) => {
  out.length = 0;
  err.length = 0;
  process.exitCode = undefined;
  const started = performance.now();
  let code;
  let thrown;
  try {
    code = await main(c.argv);
  } catch (e) {
    thrown = e instanceof Error ? (e.stack ?? e.message) : String(e);
  }
  const ms = performance.now() - started;
  process.exitCode = undefined;
  parentPort.postMessage({ id: c.id, code, thrown, stdout: out.join(''), stderr: err.join(''), ms });
});
parentPort.postMessage({ ready: true });
