#!/usr/bin/env node
/**
 * Measures `incisim assign` writing into a slow reader: N events (default 1,000,000, see
 * assign-stream.js) from a file, stdout through a pipe to this process, which reads at most
 * RATE MB/s (default 10) by pausing the pipe after each chunk. Prints one JSON line: events,
 * decisions received, the assign process's peak resident memory (VmHWM, sampled every 100 ms
 * from /proc), and seconds. Needs the build (`npx tsc -p .`).
 *
 *   node scripts/assign-backpressure.js 1000000 10
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { assignLines } from './assign-stream.js';

const n = Number(process.argv[2] ?? 1_000_000);
const rate = Number(process.argv[3] ?? 10) * 1e6; // bytes per second
const dir = mkdtempSync(join(tmpdir(), 'incisim-backpressure-'));
const events = join(dir, 'events.jsonl');
const out = createWriteStream(events);
for (const line of assignLines(n)) if (!out.write(line + '\n')) await new Promise((r) => out.once('drain', r));
await new Promise((r) => out.end(r));

const root = resolve(import.meta.dirname, '..');
const started = Date.now();
const child = spawn('node', [join(root, 'bin/incisim.js'), 'assign', '--roster', join(root, 'scenarios/assign/roster.json'), '--events', events], { stdio: ['ignore', 'pipe', 'inherit'] });
let peakKb = 0;
const sample = () => {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
    if (m) peakKb = Math.max(peakKb, Number(m[1]));
  } catch {
    /* exited */
  }
};
const timer = setInterval(sample, 100);
let decisions = 0;
let partial = '';
child.stdout.on('data', (chunk) => {
  const text = partial + chunk.toString('utf8');
  const lines = text.split('\n');
  partial = lines.pop();
  decisions += lines.length;
  child.stdout.pause();
  setTimeout(() => child.stdout.resume(), (chunk.length / rate) * 1000);
});
const ended = new Promise((r) => child.stdout.on('end', r));
const code = await new Promise((r) => child.on('exit', (c) => { sample(); r(c); }));
await ended;
clearInterval(timer);
rmSync(dir, { recursive: true, force: true });
const expected = Math.ceil(n / 2);
console.log(JSON.stringify({ events: n, decisions, expected, exitCode: code, peakRssMb: Math.round(peakKb / 1024), seconds: (Date.now() - started) / 1000 }));
