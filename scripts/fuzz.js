#!/usr/bin/env node
// `npm run fuzz -- --runs N [--seed S] [--only NAME]`: the fuzz suite (test/fuzz/) with N cases in
// all (shared among the generators as in QUICK_SIZES of test/fuzz/harness.ts) instead of the few
// hundred `npm test` runs, then a table of what happened: cases,
// completed runs, user errors, and every kind of failure (crashes, hangs, stack traces, outputs
// left after a failure, unclear messages, invalid inputs accepted). Exit 1 if anything failed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const runs = Number(opt('runs', '1000'));
if (!Number.isInteger(runs) || runs < 1) {
  process.stderr.write(`fuzz: --runs ${opt('runs')}: expected a whole number of cases\n`);
  process.exit(2);
}
const seed = opt('seed', undefined);
const only = opt('only', undefined);
const report = join(mkdtempSync(join(tmpdir(), 'incisim-fuzz-report-')), 'tally.jsonl');
const env = { ...process.env, INCISIM_FUZZ_RUNS: String(runs), INCISIM_FUZZ_REPORT: report, ...(seed !== undefined ? { INCISIM_FUZZ_SEED: seed } : {}) };
const started = Date.now();
const vitest = spawnSync('npx', ['vitest', 'run', 'test/fuzz', ...(only ? ['-t', only] : [])], { stdio: ['ignore', 'inherit', 'inherit'], env });
const tallies = existsSync(report) ? readFileSync(report, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [];
const kinds = ['completed', 'user-error', 'crash', 'hang', 'stack-trace', 'left-output', 'unclear-message', 'accepted-invalid', 'refused-valid'];
const rows = [['generator', 'cases', ...kinds, 'seconds']];
const total = Object.fromEntries(kinds.map((k) => [k, 0]));
let cases = 0;
for (const t of tallies) {
  rows.push([t.generator, String(t.cases), ...kinds.map((k) => String(t.verdicts[k] ?? 0)), String(t.seconds)]);
  for (const k of kinds) total[k] += t.verdicts[k] ?? 0;
  cases += t.cases;
}
rows.push(['total', String(cases), ...kinds.map((k) => String(total[k])), String(Math.round((Date.now() - started) / 1000))]);
const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
process.stdout.write(`\nfuzz: ${runs} cases, seed ${seed ?? 'default'}\n`);
for (const r of rows) process.stdout.write(r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ') + '\n');
for (const t of tallies) for (const f of t.failures.slice(0, 10)) process.stdout.write(`  ${t.generator} #${f.index} ${f.verdict}: ${f.label} → ${f.detail}\n`);
process.exit(vitest.status === 0 ? 0 : 1);
