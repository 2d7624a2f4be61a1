/**
 * Benchmark: the whole incident model against a straight port of the same rules, and its cost per
 * incident as the organisation grows (issue 16). Every figure is a ratio of runs made in this
 * suite, alternating, best of 5 (tiers3) or 3 (sizes) each, each run in its own child process (so no run inherits
 * another's JIT state or heap). The machine is a shared 2-vCPU VM: seconds vary by 2× from minute
 * to minute, the ratios much less.
 *
 * - `tiers3_vs_lean`: bench/yardsticks/tiers3.yaml (3 tiers, 88 engineers on office hours,
 *   capacity 2, least-loaded, priority queues, paging with a 15-minute ack timeout and re-page,
 *   hand-offs to tier 3, 15% of alerts misrouted; ~212,000 incidents in 53 weeks) — the port's
 *   replication loop (`node bench/yardsticks/tiers3-lean.mjs 53 1 --root .`, its printed
 *   `loop_s`) ÷ incisim's replication loop on the same model (`runOne(model, { index: 0,
 *   keepIncidents: false })`: the replication with its incidents streamed into the metrics and the
 *   replication's metrics computed; the scenario's load and build are not timed, as the port's
 *   set-up is not). Speed ratio: 1 means incisim is as fast as the port; the target is ≥ 0.75.
 *   `tiers3_incisim_loop_s`, `tiers3_lean_loop_s`: the two best times.
 * - `tiers3_warm_vs_lean`: the same ratio for incisim's code once V8 has optimised it: each of
 *   those incisim children runs the same replication twice more after the timed one, timed alike,
 *   and this is the port's best loop ÷ the best of the third runs (`tiers3_incisim_third_replication_s`).
 *   Not a target (the target is the first replication's, `tiers3_vs_lean`): it splits the gap into
 *   what incisim's model costs when compiled and what its first replication pays while V8 compiles
 *   it. `tiers3_first_vs_third_replication`: the best first ÷ the best third.
 * - `size_3000_vs_100`: tiers3.yaml scaled to 100 engineers (28, 27, 27, 18: largest remainders)
 *   and to 3,000 (818, 818, 818, 546), arrival rates scaled with the head count so that every
 *   engineer sees the same load, and the horizons (210 days and 7 days, no warm-up) chosen so that
 *   both runs have about the same number of incidents (~136,000; events per incident 4.5 and 3.9:
 *   the 7-day run ends on a weekend's queue): µs per incident of incisim's replication loop at
 *   3,000 ÷ at 100. Flat in size would be 1; the target is ≤ 1.15.
 * - `size_3000_vs_100_lean`: the same ratio for the port (`scaledLean`: its head counts, rates and
 *   horizon rewritten the same way, its rules untouched), run in the same alternation: what the
 *   same rules cost at the two sizes on this machine written plainly. Not a floor set by the
 *   hardware alone: the port's least-loaded scans its team's available list and its lists shift
 *   on insert and removal, which grows with the team.
 * - `size_3000_vs_100_lean_indexed`: the same for bench/yardsticks/tiers3-lean-indexed.mjs, the
 *   port with only those team structures made O(1) (bitsets by load, a block queue), checked to
 *   print the port's outputs at both sizes: the growth that is left when no structure scans the
 *   team, i.e. what the machine and V8 (caches, promotion of the open incidents) charge for 30×
 *   as many incidents open at once.
 * - `tiers3_ignition_vs_lean`, `tiers3_sparkplug_vs_lean`: `tiers3_vs_lean` for code V8 has
 *   not optimised (`unoptimised`): the port's loop ÷ incisim's over 70 days of tiers3.yaml with
 *   bytecode only, then with baseline code only. Not targets: how much more incisim's own code
 *   does per event than the port's before TurboFan has compiled it (the kernel is the same code
 *   on both sides), which is what a cold loop pays while the compiler catches up.
 * - `tiers3_loop_turbofan_compiles`, `tiers3_loop_deopts`, `tiers3_loop_collector_ms` (and
 *   `size_100_…`, `size_3000_…` for the two scaled runs): what V8's optimising compiler and its
 *   collector did during incisim's replication loop, counted in a separate run under `--trace-opt
 *   --trace-deopt --trace-gc` (functions compiled by TurboFan, on-stack replacements included;
 *   deoptimisations; milliseconds of the main thread's collection pauses). Not targets: the cost
 *   behind the loop's first seconds, and what the number of incidents open at once costs the
 *   collector (scavenges copy the young objects still alive). One replication in a fresh process
 *   spends its first ~20,000 events (of ~950,000) in code not yet optimised, while the compiler
 *   works through the hot functions on the other core; each deoptimisation throws optimised code
 *   away and compiles it again. `large_org_loop_turbofan_compiles`, `…_deopts`, `…_collector_ms`:
 *   the same for one replication of scenarios/large-org.yaml (its deopts include the kernel's
 *   `run` left at each 100,000-event chunk when its compiled code is left there, the same code
 *   re-entered: 27–78 deopts in eight runs of the same code, with the compiler thread's timing).
 * - `default_second_replication_invalidations`, `…_turbofan_compiles`, `…_deopts`: the same
 *   count for the second of two replications of scenarios/default.yaml run in one thread (as a
 *   small `incisim run` runs them all), plus the optimised functions thrown away at once because
 *   a field they relied on changed type or shape ("marking dependent code"). Not targets: what a
 *   replication after the first still pays for code optimised on the first one's objects (a
 *   Simulation's clock that started as a small integer made 22 of them, 2 since).
 * - `large_org_bytes_per_incident`: bytes allocated on V8's heap during ONE replication of
 *   scenarios/large-org.yaml (index 0, incidents streamed into the metrics, not kept: the run of
 *   `large_org_s_per_replication` in the sim suite) ÷ its incidents. Measured from V8's own GC
 *   trace (`--trace-gc-nvp`: every collection prints the bytes allocated since the previous one),
 *   summed from a forced collection just before the replication to one just after it
 *   (`--expose-gc`). Target ≤ 1,500. `large_org_incidents`: the incidents of that replication.
 *
 * The yardsticks in bench/yardsticks/ are copies of ../shared/bench/ (tiers3.yaml and
 * tiers3-lean.mjs, written for issue 16 by the session that filed it), so that a fresh clone runs
 * them; the port's rules are unchanged.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const TIERS3 = resolve(root, 'bench/yardsticks/tiers3.yaml');
const LEAN = resolve(root, 'bench/yardsticks/tiers3-lean.mjs');
const LEAN_INDEXED = resolve(root, 'bench/yardsticks/tiers3-lean-indexed.mjs');

/**
 * Child: loads tiers3.yaml, optionally scales it to `engineers` (counts and rates in proportion)
 * and sets its horizon to `days` (no warm-up), builds the model, then times runOne of replication
 * 0. Prints JSON.
 */
export const CHILD = `
const [root, file, engineers, days, reps] = process.argv.slice(1);
const url = (p) => new URL(p, root).href;
const { loadScenario } = await import(url('dist/scenario/load.js'));
const { buildModel } = await import(url('dist/model/build.js'));
const { runOne } = await import(url('dist/sim/run.js'));
const scenario = structuredClone(loadScenario(file).scenario);
if (Number(engineers) > 0) {
  const base = scenario.teams.reduce((s, t) => s + t.engineers.count, 0);
  const exact = scenario.teams.map((t) => (t.engineers.count * Number(engineers)) / base);
  const counts = exact.map(Math.floor);
  // largest remainders, so that the counts add up to exactly \`engineers\`
  const order = exact.map((x, i) => [x - counts[i], i]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; counts.reduce((s, c) => s + c, 0) < Number(engineers); k++) counts[order[k][1]]++;
  scenario.teams.forEach((t, i) => (t.engineers.count = counts[i]));
  const factor = Number(engineers) / base;
  for (const c of scenario.arrivals) c.rate.perWeek *= factor;
}
if (Number(days) > 0) {
  scenario.horizon = days + 'd';
  scenario.warmup = 0;
}
const model = buildModel(scenario);
const t0 = performance.now();
const r = runOne(model, { index: 0, keepIncidents: false });
const seconds = (performance.now() - t0) / 1000;
// (with reps > 1, the same replication again in this process, timed alike: code V8 has optimised)
const again = [];
for (let k = 1; k < Number(reps ?? 1); k++) {
  const t1 = performance.now();
  runOne(model, { index: 0, keepIncidents: false });
  again.push((performance.now() - t1) / 1000);
}
process.stdout.write(JSON.stringify({ seconds, again, events: r.events, arrivals: r.metrics.kpis.arrivals, engineers: model.engineers.length }));
`;

/**
 * Child: CHILD with markers around the replication loop, run under V8's --trace-opt and
 * --trace-deopt (which print to stdout): what the JIT does during the loop.
 */
const JIT_CHILD = CHILD.replace('const t0 = performance.now();', "process.stdout.write('\\nLOOP-BEGIN\\n');\nconst t0 = performance.now();")
  .replace('const seconds = (performance.now() - t0) / 1000;', "const seconds = (performance.now() - t0) / 1000;\nprocess.stdout.write('\\nLOOP-END\\n');");

/**
 * What V8's optimising compiler and its collector do during one replication loop (`engineers`,
 * `days` as in `incisim`; 0: tiers3.yaml as it is), from a traced run of its own (not a timed
 * one): functions compiled by TurboFan (OSR included), deoptimisations, and the milliseconds the
 * main thread spent in collections, between the loop's markers.
 */
export async function jitOf(engineers = 0, days = 0) {
  const { compiles, deopts, collectorMs } = await jitBetween(JIT_CHILD, [TIERS3, String(engineers), String(days)], 'LOOP', 'the traced tiers3 child');
  return { compiles, deopts, collectorMs };
}

/**
 * Runs `child` (a module source given the repository's URL and `args`) under `--trace-opt
 * --trace-deopt --trace-gc` and counts, between its lines `<MARK>-BEGIN` and `<MARK>-END`: TurboFan
 * compiles (OSR included), deoptimisations, optimised functions thrown away at once because
 * something they relied on changed ("marking dependent code … for deoptimization"), and the
 * main thread's pauses for collections (`collectorMs`: the first of the two times V8 prints per
 * scavenge or mark-compact).
 */
async function jitBetween(child, args, mark, what) {
  const out = await node(['--trace-opt', '--trace-deopt', '--trace-gc', '--input-type=module', '-e', child, pathToFileURL(root + '/').href, ...args]);
  const lines = out.split('\n');
  const begin = lines.indexOf(`${mark}-BEGIN`);
  const end = lines.indexOf(`${mark}-END`);
  if (begin < 0 || end < begin) throw new Error(`${what} printed no ${mark} markers`);
  const span = lines.slice(begin + 1, end);
  const count = (prefix) => span.filter((l) => l.startsWith(prefix)).length;
  let collectorMs = 0;
  for (const l of span) {
    const m = /: (?:Scavenge|Mark-Compact) .* MB, ([0-9.]+) \/ /.exec(l);
    if (m) collectorMs += Number(m[1]);
  }
  return { compiles: count('[completed compiling '), deopts: count('[bailout (kind: deopt'), invalidations: count('[marking dependent code '), collectorMs };
}

/** The start of a child given the repository's URL and a scenario file: imports the built code, builds the model. */
const MODEL_CHILD = `
const [root, file] = process.argv.slice(1);
const url = (p) => new URL(p, root).href;
const { loadScenario } = await import(url('dist/scenario/load.js'));
const { buildModel } = await import(url('dist/model/build.js'));
const { runOne } = await import(url('dist/sim/run.js'));
const model = buildModel(loadScenario(file).scenario);
`;

/** Child: replications 0 and 1 of a scenario in one thread (as `incisim run` with one thread), with markers around the second. */
const SECOND_CHILD = `
${MODEL_CHILD}runOne(model, { index: 0, keepIncidents: true });
process.stdout.write('\\nSECOND-BEGIN\\n');
runOne(model, { index: 1, keepIncidents: false });
process.stdout.write('\\nSECOND-END\\n');
`;

/**
 * What V8 does during the second replication of scenarios/default.yaml in one thread (`jitBetween`):
 * optimised code thrown away because something it relied on changed (a field's type or shape
 * generalised by the new replication's objects), deoptimisations and TurboFan compiles.
 */
export async function secondReplicationJit() {
  return jitBetween(SECOND_CHILD, [resolve(root, 'scenarios/default.yaml')], 'SECOND', 'the second-replication child');
}

/** Child: one large-org replication (as `largeOrgBytes` runs it), with markers around it for `jitBetween`. */
const LARGE_CHILD = `
${MODEL_CHILD}process.stdout.write('\\nLOOP-BEGIN\\n');
runOne(model, { index: 0, keepIncidents: false });
process.stdout.write('\\nLOOP-END\\n');
`;

/** What V8's compiler and collector do during one large-org replication (`jitBetween`). */
export async function largeOrgJit() {
  return jitBetween(LARGE_CHILD, [resolve(root, 'scenarios/large-org.yaml')], 'LOOP', 'the traced large-org child');
}

/** Child: one large-org replication between two forced collections, with markers in the GC trace. */
const ALLOC_CHILD = `
${MODEL_CHILD}gc();
process.stdout.write('\\nALLOC-BEGIN\\n');
const r = runOne(model, { index: 0, keepIncidents: false });
process.stdout.write('\\nALLOC-END\\n');
gc();
process.stdout.write('\\nALLOC-DONE ' + JSON.stringify({ arrivals: r.metrics.kpis.arrivals }) + '\\n');
`;

/** Bytes allocated per incident in one large-org replication, from V8's GC trace. */
export async function largeOrgBytes() {
  const out = await node(['--expose-gc', '--trace-gc-nvp', '--input-type=module', '-e', ALLOC_CHILD, pathToFileURL(root + '/').href, resolve(root, 'scenarios/large-org.yaml')]);
  const lines = out.split('\n');
  const begin = lines.indexOf('ALLOC-BEGIN');
  const done = lines.findIndex((l) => l.startsWith('ALLOC-DONE '));
  if (begin < 0 || done < 0) throw new Error('large-org allocation child printed no markers');
  let bytes = 0;
  for (const l of lines.slice(begin + 1, done)) {
    const m = / allocated=(\d+)/.exec(l);
    if (m) bytes += Number(m[1]);
  }
  const { arrivals } = JSON.parse(lines[done].slice('ALLOC-DONE '.length));
  return { bytes, arrivals };
}

/** Runs a node child with `args`; resolves with its stdout. */
function node(args) {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', fail);
    child.on('close', (code) => (code === 0 ? ok(out) : fail(new Error(`${args.slice(0, 2).join(' ')} exited with ${code}`))));
  });
}

/** One timed incisim child (CHILD): tiers3.yaml scaled to `engineers` (0: as it is) over `days` (0: its horizon), under V8 `flags`. */
async function incisim(engineers = 0, days = 0, flags = [], reps = 1) {
  return JSON.parse(await node([...flags, '--input-type=module', '-e', CHILD, pathToFileURL(root + '/').href, TIERS3, String(engineers), String(days), String(reps)]));
}

async function lean() {
  const out = await node([LEAN, '53', '1', '--root', '.']);
  const m = /loop_s=([0-9.]+)/.exec(out);
  if (!m) throw new Error(`tiers3-lean printed no loop_s: ${out.slice(0, 200)}`);
  return Number(m[1]);
}

/** Head counts of `counts` scaled to `engineers` in all, by largest remainders (as CHILD does). */
export function scaledCounts(counts, engineers) {
  const base = counts.reduce((s, c) => s + c, 0);
  const exact = counts.map((c) => (c * engineers) / base);
  const out = exact.map(Math.floor);
  const order = exact.map((x, i) => [x - out[i], i]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; out.reduce((s, c) => s + c, 0) < engineers; k++) out[order[k][1]]++;
  return out;
}

/**
 * The port scaled exactly as CHILD scales tiers3.yaml: its source with only three constants
 * rewritten (the head counts of TEAMS, every class's perWeek × engineers ÷ 88, the horizon in days
 * with no warm-up; `engineers` undefined: its own 88); its rules untouched. Each rewrite must match exactly once, or this throws, so a
 * changed port cannot be scaled silently wrong. Written to a temporary folder of its own; returns
 * the file's path (remove its folder when done: `rmSync(dirname(file), { recursive: true })`).
 */
export function scaledLean(engineers, days, port = LEAN) {
  let src = readFileSync(port, 'utf8');
  const once = (re, f) => {
    const n = (src.match(new RegExp(re.source, re.flags + 'g')) ?? []).length;
    if (n !== 1) throw new Error(`scaledLean: ${re} matched ${n} times in tiers3-lean.mjs, expected once`);
    src = src.replace(re, f);
  };
  const teams = /^const TEAMS = (\[.*\]);$/m;
  const TEAMS = JSON.parse(teams.exec(src)[1].replaceAll("'", '"'));
  const base = TEAMS.reduce((s, t) => s + t[1], 0);
  engineers ??= base;
  const counts = scaledCounts(TEAMS.map((t) => t[1]), engineers);
  once(teams, () => `const TEAMS = ${JSON.stringify(TEAMS.map((t, i) => [t[0], counts[i], t[2]]))};`);
  let rates = 0;
  src = src.replace(/perWeek: (\d+)/g, (_, w) => (rates++, `perWeek: ${(Number(w) * engineers) / base}`));
  if (rates !== 3) throw new Error(`scaledLean: ${rates} arrival rates in tiers3-lean.mjs, expected 3`);
  once(/^const H = WEEKS \* 10080, W = 10080;$/m, () => `const H = ${days} * 1440, W = 0;`);
  const file = join(mkdtempSync(join(tmpdir(), 'incisim-lean-')), `${port.replace(/.*\//, '').replace(/\.mjs$/, '')}-${engineers}.mjs`);
  writeFileSync(file, src);
  return file;
}

/** One run of a scaled port (`scaledLean`) under V8 `flags`: its loop's seconds and incidents, and its outputs (the lines after the first). */
async function leanSized(file, flags = []) {
  const out = await node([...flags, file, '0', '1', '--root', '.']);
  const m = /incidents=(\d+) measured=\d+ events=(\d+) loop_s=([0-9.]+)/.exec(out);
  if (!m) throw new Error(`scaled tiers3-lean printed no loop_s: ${out.slice(0, 200)}`);
  return { incidents: Number(m[1]), events: Number(m[2]), seconds: Number(m[3]), outputs: out.split('\n').slice(1).join('\n') };
}

/** The horizon (days) of the runs of `unoptimised`: a fifth of tiers3's year, ~40,000 incidents. */
const UNOPT_DAYS = 70;

/**
 * The port's loop ÷ incisim's on tiers3.yaml over UNOPT_DAYS (no warm-up, both sides), with V8's
 * optimising compiler off: bytecode only (`--no-opt --no-sparkplug`: `ignition`) and baseline
 * code only (`--no-opt`: `sparkplug`), alternating, best of 2 each. What the code costs before
 * TurboFan has compiled it, which a cold replication pays over its first tens of thousands of events.
 */
export async function unoptimised(log = () => {}) {
  const modes = { ignition: ['--no-opt', '--no-sparkplug'], sparkplug: ['--no-opt'] };
  const port = scaledLean(undefined, UNOPT_DAYS);
  const ratios = {};
  try {
    for (const [mode, flags] of Object.entries(modes)) {
      let a = Infinity;
      let b = Infinity;
      for (let i = 0; i < 2; i++) {
        const r = await incisim(0, UNOPT_DAYS, flags);
        const p = await leanSized(port, flags);
        a = Math.min(a, r.seconds);
        b = Math.min(b, p.seconds);
        log(`tiers3 over ${UNOPT_DAYS} days, ${flags.join(' ')}: incisim ${r.seconds.toFixed(2)} s (${r.arrivals} incidents, ${r.events} events), port ${p.seconds.toFixed(2)} s (${p.incidents} incidents, ${p.events} events)`);
      }
      ratios[mode] = b / a;
    }
  } finally {
    rmSync(dirname(port), { recursive: true, force: true });
  }
  return ratios;
}

export async function run() {
  const log = (s) => process.stderr.write(`  scale: ${s}\n`);
  let bestIncisim = Infinity;
  let bestThird = Infinity;
  let bestLean = Infinity;
  for (let i = 0; i < 5; i++) {
    const a = await incisim(0, 0, [], 3);
    const b = await lean();
    bestIncisim = Math.min(bestIncisim, a.seconds);
    bestThird = Math.min(bestThird, a.again[1]);
    bestLean = Math.min(bestLean, b);
    log(`tiers3: incisim ${a.seconds.toFixed(2)} s (${a.arrivals} measured incidents, ${a.events} events; the same replication again in that process ${a.again.map((x) => x.toFixed(2)).join(', ')} s), port ${b.toFixed(2)} s`);
  }
  const per = { 100: Infinity, 3000: Infinity };
  const perLean = { 100: Infinity, 3000: Infinity };
  const perIndexed = { 100: Infinity, 3000: Infinity };
  const runs = {};
  const sizes = [[100, 210], [3000, 7]];
  const ports = Object.fromEntries(sizes.map(([n, days]) => [n, { lean: scaledLean(n, days), indexed: scaledLean(n, days, LEAN_INDEXED) }]));
  const us = (r) => (r.seconds * 1e6) / r.incidents;
  try {
    for (let i = 0; i < 3; i++) {
      for (const [n, days] of sizes) {
        const r = await incisim(n, days);
        runs[n] = r;
        per[n] = Math.min(per[n], (r.seconds * 1e6) / r.arrivals);
        log(`${r.engineers} engineers, ${days} days: ${r.arrivals} incidents, ${r.events} events, ${r.seconds.toFixed(2)} s, ${((r.seconds * 1e6) / r.arrivals).toFixed(1)} µs per incident`);
        const p = await leanSized(ports[n].lean);
        const q = await leanSized(ports[n].indexed);
        if (q.outputs !== p.outputs) throw new Error(`tiers3-lean-indexed.mjs printed other outputs than tiers3-lean.mjs at ${n} engineers:\n${p.outputs}\n---\n${q.outputs}`);
        perLean[n] = Math.min(perLean[n], us(p));
        perIndexed[n] = Math.min(perIndexed[n], us(q));
        log(`  the port: ${p.incidents} incidents, ${p.events} events, ${us(p).toFixed(1)} µs per incident; indexed ${us(q).toFixed(1)} µs (same outputs)`);
      }
    }
  } finally {
    for (const p of Object.values(ports)) for (const f of Object.values(p)) rmSync(dirname(f), { recursive: true, force: true });
  }
  const unopt = await unoptimised(log);
  const jit = { 0: await jitOf(), 100: await jitOf(100, 210), 3000: await jitOf(3000, 7) };
  log(`JIT and collector in the loop: tiers3 ${jit[0].compiles} TurboFan compiles, ${jit[0].deopts} deopts, ${jit[0].collectorMs.toFixed(0)} ms collecting; 100 engineers ${jit[100].compiles}, ${jit[100].deopts}, ${jit[100].collectorMs.toFixed(0)} ms; 3,000 engineers ${jit[3000].compiles}, ${jit[3000].deopts}, ${jit[3000].collectorMs.toFixed(0)} ms`);
  const second = await secondReplicationJit();
  log(`default.yaml, replication 1 after 0 in one thread: ${second.invalidations} code invalidations, ${second.compiles} TurboFan compiles, ${second.deopts} deopts`);
  const large = await largeOrgJit();
  log(`large-org, one replication: ${large.compiles} TurboFan compiles, ${large.deopts} deopts, ${large.collectorMs.toFixed(0)} ms collecting`);
  const alloc = await largeOrgBytes();
  log(`large-org: ${(alloc.bytes / 1e9).toFixed(2)} GB allocated over ${alloc.arrivals} incidents`);
  return {
    large_org_incidents: alloc.arrivals,
    large_org_bytes_per_incident: alloc.bytes / alloc.arrivals,
    large_org_loop_turbofan_compiles: large.compiles,
    large_org_loop_deopts: large.deopts,
    large_org_loop_collector_ms: large.collectorMs,
    tiers3_incisim_loop_s: bestIncisim,
    tiers3_lean_loop_s: bestLean,
    tiers3_vs_lean: bestLean / bestIncisim,
    tiers3_incisim_third_replication_s: bestThird,
    tiers3_warm_vs_lean: bestLean / bestThird,
    tiers3_first_vs_third_replication: bestIncisim / bestThird,
    tiers3_ignition_vs_lean: unopt.ignition,
    tiers3_sparkplug_vs_lean: unopt.sparkplug,
    tiers3_loop_turbofan_compiles: jit[0].compiles,
    tiers3_loop_deopts: jit[0].deopts,
    tiers3_loop_collector_ms: jit[0].collectorMs,
    default_second_replication_invalidations: second.invalidations,
    default_second_replication_turbofan_compiles: second.compiles,
    default_second_replication_deopts: second.deopts,
    size_100_us_per_incident: per[100],
    size_3000_us_per_incident: per[3000],
    size_100_incidents: runs[100].arrivals,
    size_3000_incidents: runs[3000].arrivals,
    size_100_events_per_incident: runs[100].events / runs[100].arrivals,
    size_3000_events_per_incident: runs[3000].events / runs[3000].arrivals,
    size_3000_vs_100: per[3000] / per[100],
    size_100_loop_turbofan_compiles: jit[100].compiles,
    size_100_loop_deopts: jit[100].deopts,
    size_3000_loop_turbofan_compiles: jit[3000].compiles,
    size_3000_loop_deopts: jit[3000].deopts,
    size_100_loop_collector_ms: jit[100].collectorMs,
    size_3000_loop_collector_ms: jit[3000].collectorMs,
    size_100_lean_us_per_incident: perLean[100],
    size_3000_lean_us_per_incident: perLean[3000],
    size_3000_vs_100_lean: perLean[3000] / perLean[100],
    size_100_lean_indexed_us_per_incident: perIndexed[100],
    size_3000_lean_indexed_us_per_incident: perIndexed[3000],
    size_3000_vs_100_lean_indexed: perIndexed[3000] / perIndexed[100],
  };
}
