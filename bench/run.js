#!/usr/bin/env node
/**
 * Benchmark harness: `npm run bench` builds, then runs every module in bench/suites/*.js (in
 * file-name order, one after the other in this process). Each suite exports
 * `async function run()` returning `{ name: value }` pairs; they are printed as `name: value`
 * lines on stdout. `node bench/run.js kernel import` runs only the named suites.
 * Timings are wall-clock and belong here only, never in tests.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'suites');
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.js'))
  .sort()
  .filter((f) => only.length === 0 || only.includes(f.replace(/\.js$/, '')));
if (only.length > 0 && files.length !== only.length) {
  process.stderr.write(`bench: unknown suite in ${only.join(', ')}; available: ${readdirSync(dir).filter((f) => f.endsWith('.js')).map((f) => f.replace(/\.js$/, '')).join(', ')}\n`);
  process.exit(2);
}

const format = (v) => (typeof v === 'number' && !Number.isInteger(v) ? String(Number(v.toPrecision(4))) : String(v));

let failed = false;
for (const file of files) {
  const suite = await import(pathToFileURL(join(dir, file)).href);
  process.stderr.write(`# ${file}\n`);
  try {
    const figures = await suite.run();
    for (const [name, value] of Object.entries(figures)) process.stdout.write(`${name}: ${format(value)}\n`);
  } catch (e) {
    failed = true;
    process.stderr.write(`bench: suite ${file} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  }
}
process.exit(failed ? 1 : 0);
