/**
 * Benchmark: the work incisim's code does per event before V8 has optimised it, counted in
 * machine instructions (issue 16), against the straight port of the same rules.
 *
 * A cold replication runs its first tens of thousands of events in bytecode while TurboFan
 * catches up (README, issue 16, the evening of 2026-12-02: both reach optimised code at about the
 * same event, and incisim pays 2–3 times as much per event on the way). Seconds on a shared VM
 * move by ±15 % from run to run, more than most changes to that work are worth; instructions
 * do not: `valgrind --tool=callgrind` on `node --predictable --no-opt --no-sparkplug` (one thread,
 * bytecode only, the collector's and compiler's decisions deterministic) counts the same total
 * to about 0.01 % run after run, whatever else the machine is doing.
 *
 * - `tiers3_bytecode_instructions_per_event`: incisim on bench/yardsticks/tiers3.yaml (the scale
 *   suite's child: `runOne` of replication 0, incidents streamed into the metrics), instructions
 *   of a 14-day run less those of a 7-day run ÷ the events between them (so the start-up — loading,
 *   building, importing — and the figures at the end cancel out, but for the week's more rows).
 * - `tiers3_lean_bytecode_instructions_per_event`: the same for the port
 *   (bench/yardsticks/tiers3-lean.mjs with its horizon set to the days, `scaledLean`).
 * - `tiers3_bytecode_instructions_vs_lean`: the port's ÷ incisim's: 1 would be as little
 *   unoptimised work per event as the port. Not a target: the measure behind `tiers3_vs_lean`'s
 *   cold part, for comparing changes to it by the tenth of a percent.
 *
 *
 * The same count with the optimiser on: `node --predictable --predictable-gc-schedule` (one
 * thread: TurboFan compiles on the main thread, at once, when a function is hot, instead of on a
 * helper thread while the main one goes on in slower code; the collector's schedule fixed rather
 * than timed) repeats to ~0.05 % (3,977.2, 3,977.0 and 3,975.7 million instructions for 28 days of
 * tiers3, three runs). It splits a cold run's work into what TurboFan spends compiling and
 * everything else (bytecode, baseline and optimised code, the collector), counted over the first
 * 91 days of the loop (a 91-day run less a 1-day run: the start-up and the build cancel out):
 *
 * - `tiers3_turbofan_minstructions`, `tiers3_lean_turbofan_minstructions`: millions of
 *   instructions in TurboFan's compile jobs (callgrind's inclusive count of
 *   `PipelineCompilationJob::{Prepare,Execute,Finalize}JobImpl`) over those 91 days, incisim and
 *   the port; `tiers3_turbofan_instructions_vs_lean` the port's ÷ incisim's.
 * - `tiers3_run_minstructions`, `tiers3_lean_run_minstructions`: all the other instructions over
 *   the same span; `tiers3_run_instructions_per_event_vs_lean` the port's per event ÷ incisim's
 *   per event.
 *
 * Not targets: in a timed run TurboFan works on the other core, and a function waits in its queue
 * in slower code until its turn; the compile work is what the cold part of `tiers3_vs_lean` waits
 * for (the README, issue 16, the morning of 2026-12-03).
 *
 * The same count at the scale suite's two sizes (`size_3000_vs_100`: tiers3.yaml scaled to 100 and
 * to 3,000 engineers, ~136,000 incidents each), with collection ruled out (a 256 MB young
 * generation, which neither run fills: V8 collects nothing, so the count is the program's own work
 * and TurboFan's, and repeats), loop less a start-up run of 1.44 simulated minutes:
 *
 * - `size_100_program_instructions_per_incident`, `size_3000_program_instructions_per_incident`:
 *   the instructions outside TurboFan's compile jobs (bytecode, baseline and optimised code, V8's
 *   runtime and builtins) ÷ the incidents; `size_3000_vs_100_program_instructions` the 3,000's ÷ the
 *   100's: 1 is flat in size. Not a target: it says how much of `size_3000_vs_100`'s growth is
 *   work the program does (the engine's and lifecycle's structures), and so how much is not
 *   (the collector, the compiler, the memory system: in the scale suite,
 *   `size_{100,3000}_loop_collector_ms` and `_turbofan_compiles`).
 * - `size_100_loop_turbofan_minstructions`, `size_3000_loop_turbofan_minstructions`: TurboFan's
 *   compile work over each loop, millions of instructions (the recompiles after deoptimisations
 *   included).
 *
 * Each pair of runs goes at once (instructions do not depend on sharing the cores); under valgrind
 * they take ~8–9 minutes in all on the 2-vCPU bench machine. Without valgrind on the PATH the
 * suite prints a note on stderr and no figures.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CHILD as SCALED_CHILD, scaledLean } from './scale.js';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const TIERS3 = resolve(root, 'bench/yardsticks/tiers3.yaml');
const DAYS = [7, 14];

/** The scale suite's incisim child, reduced: tiers3.yaml over `days` (no warm-up), one replication; prints its events. */
const CHILD = `
const [root, file, days] = process.argv.slice(1);
const url = (p) => new URL(p, root).href;
const { loadScenario } = await import(url('dist/scenario/load.js'));
const { buildModel } = await import(url('dist/model/build.js'));
const { runOne } = await import(url('dist/sim/run.js'));
const scenario = structuredClone(loadScenario(file).scenario);
scenario.horizon = days + 'd';
scenario.warmup = 0;
const r = runOne(buildModel(scenario), { index: 0, keepIncidents: false });
process.stdout.write('events=' + r.events + '\\n');
`;

/** V8 in one thread, bytecode only, deterministic. */
const NODE_FLAGS = ['--predictable', '--no-opt', '--no-sparkplug'];

/** Runs `node flags args` under callgrind (its profile to `outFile`); resolves with its exit code, stdout and stderr. */
function callgrind(flags, outFile, args) {
  return new Promise((ok, fail) => {
    const child = spawn('valgrind', ['--tool=callgrind', `--callgrind-out-file=${outFile}`, process.execPath, ...flags, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', fail);
    child.on('close', (code) => ok({ code, out, err }));
  });
}

/** Runs `node flags args` under callgrind (NODE_FLAGS unless given; the profile to `outFile`); resolves with the instructions it counted and the events the program printed. */
function counted(args, flags = NODE_FLAGS, outFile = '/dev/null') {
  return callgrind(flags, outFile, args).then(({ code, out, err }) => {
    const n = /Collected : (\d+)/.exec(err);
    const e = /events"?[=:](\d+)/.exec(out);
    if (code !== 0 || !n || !e) throw new Error(`callgrind of ${args.slice(0, 3).join(' ')} exited with ${code}: ${(out + err).slice(-300)}`);
    const incidents = /"arrivals":(\d+)/.exec(out);
    return { instructions: Number(n[1]), events: Number(e[1]), incidents: incidents ? Number(incidents[1]) : undefined };
  });
}

/** V8 in one thread with its optimiser on, deterministic: TurboFan compiles on the main thread, the collector's schedule is fixed. */
const TIERED_FLAGS = ['--predictable', '--predictable-gc-schedule'];
const TIERED_DAYS = [1, 91];

/** The functions whose inclusive instructions are TurboFan's compile work (a job's three phases). */
const TURBOFAN = /^\s*([\d,]+) .*v8::internal::compiler::PipelineCompilationJob::(Prepare|Execute|Finalize)JobImpl\(/;

/** The entry of V8's collections (scavenges and mark-compacts): its inclusive count is the collector's work. */
const COLLECTOR = /^\s*([\d,]+) .*v8::internal::Heap::CollectGarbage\(/;

/**
 * Runs `node flags args` (TIERED_FLAGS unless given) under callgrind, keeping its profile; resolves
 * with the instructions it counted, those in TurboFan's compile jobs and those in collections, and
 * the events (and incidents, if it printed them) of the program.
 */
function countedTiered(args, flags = TIERED_FLAGS) {
  const dir = mkdtempSync(join(tmpdir(), 'incisim-callgrind-'));
  const file = join(dir, 'callgrind.out');
  return counted(args, flags, file)
    .then((c) => {
      const annotated = spawnSync('callgrind_annotate', ['--inclusive=yes', '--threshold=100', file], { encoding: 'utf8', maxBuffer: 1 << 30 });
      if (annotated.status !== 0) throw new Error(`callgrind_annotate failed: ${annotated.stderr.slice(-300)}`);
      let turbofan = 0;
      let collector = 0;
      for (const line of annotated.stdout.split('\n')) {
        const m = TURBOFAN.exec(line);
        if (m) turbofan += Number(m[1].replaceAll(',', ''));
        const g = COLLECTOR.exec(line);
        if (g) collector += Number(g[1].replaceAll(',', ''));
      }
      if (turbofan === 0) throw new Error('callgrind_annotate listed no TurboFan compile job');
      return { ...c, turbofan, collector };
    })
    .finally(() => rmSync(dir, { recursive: true, force: true }));
}

/**
 * The scale suite's two sizes (scale.js: tiers3.yaml scaled to 100 and 3,000 engineers, arrival
 * rates with the head count, ~136,000 incidents each), each with a horizon of 1.44 simulated
 * minutes beside it, whose count (start-up, load, build: 1 and 16 incidents) is taken off.
 */
const SIZES = [[100, 210], [3000, 7]];
const START_DAYS = 0.001;

/**
 * One thread, optimiser on, and a young generation (256 MB semi-spaces) that a run of either size
 * never fills: V8 collects nothing in the whole process (checked: the count must hold no
 * collection), so what is counted is the program's work and TurboFan's, and it repeats.
 */
const NO_GC_FLAGS = ['--predictable', '--min-semi-space-size=256', '--max-semi-space-size=256'];

/**
 * The program's instructions per incident (everything but TurboFan's compile jobs) and TurboFan's
 * instructions, at each of SIZES, with collection ruled out (NO_GC_FLAGS): loop less start-up.
 */
async function sizes(url, log) {
  const out = {};
  for (const [engineers, days] of SIZES) {
    const [loop, start] = await Promise.all([days, START_DAYS].map((d) => countedTiered(['--input-type=module', '-e', SCALED_CHILD, url, TIERS3, String(engineers), String(d), '1'], NO_GC_FLAGS)));
    if (loop.collector > 0 || start.collector > 0) throw new Error(`V8 collected during the counted run of ${engineers} engineers despite ${NO_GC_FLAGS.join(' ')}`);
    const incidents = loop.incidents - start.incidents;
    const turbofan = loop.turbofan - start.turbofan;
    const program = loop.instructions - start.instructions - turbofan;
    out[engineers] = { perIncident: program / incidents, turbofan };
    log(`${engineers} engineers, ${days} days, optimiser on, no collection: ${(loop.instructions / 1e6).toFixed(1)} M instructions, ${(loop.turbofan / 1e6).toFixed(1)} M of them TurboFan's (${loop.incidents} incidents); over ${START_DAYS} days ${(start.instructions / 1e6).toFixed(1)} M, ${(start.turbofan / 1e6).toFixed(1)} M (${start.incidents})`);
  }
  return out;
}

/** The instructions between the two horizons of `runs` (TIERED_DAYS order), TurboFan's and the rest, and the events. */
function between([a, b]) {
  const turbofan = b.turbofan - a.turbofan;
  return { turbofan, run: b.instructions - a.instructions - turbofan, events: b.events - a.events };
}

/** Instructions per event between the two horizons of `runs` (in DAYS order). */
function perEvent([a, b]) {
  return (b.instructions - a.instructions) / (b.events - a.events);
}

export async function run() {
  const log = (s) => process.stderr.write(`  instructions: ${s}\n`);
  if (spawnSync('valgrind', ['--version']).status !== 0) {
    log('valgrind is not installed: no figures (apt-get install -y valgrind)');
    return {};
  }
  const ports = DAYS.map((d) => scaledLean(undefined, d));
  try {
    const url = pathToFileURL(root + '/').href;
    const [mine, theirs] = await Promise.all([
      Promise.all(DAYS.map((d) => counted(['--input-type=module', '-e', CHILD, url, TIERS3, String(d)]))),
      Promise.all(ports.map((file) => counted([file, '0', '1', '--root', '.']))),
    ]);
    DAYS.forEach((d, i) => log(`tiers3, ${d} days, bytecode only: incisim ${(mine[i].instructions / 1e6).toFixed(1)} M instructions (${mine[i].events} events), port ${(theirs[i].instructions / 1e6).toFixed(1)} M (${theirs[i].events} events)`));
    const a = perEvent(mine);
    const b = perEvent(theirs);
    const tieredPorts = TIERED_DAYS.map((d) => scaledLean(undefined, d));
    ports.push(...tieredPorts);
    const [mineT, theirsT] = [[], []];
    for (let i = 0; i < TIERED_DAYS.length; i++) {
      const [x, y] = await Promise.all([
        countedTiered(['--input-type=module', '-e', CHILD, url, TIERS3, String(TIERED_DAYS[i])]),
        countedTiered([tieredPorts[i], '0', '1', '--root', '.']),
      ]);
      mineT.push(x);
      theirsT.push(y);
      log(`tiers3, ${TIERED_DAYS[i]} days, optimiser on: incisim ${(x.instructions / 1e6).toFixed(1)} M instructions, ${(x.turbofan / 1e6).toFixed(1)} M of them TurboFan's (${x.events} events), port ${(y.instructions / 1e6).toFixed(1)} M, ${(y.turbofan / 1e6).toFixed(1)} M (${y.events} events)`);
    }
    const c = between(mineT);
    const d = between(theirsT);
    const s = await sizes(url, log);
    return {
      tiers3_bytecode_instructions_per_event: Math.round(a),
      tiers3_lean_bytecode_instructions_per_event: Math.round(b),
      tiers3_bytecode_instructions_vs_lean: b / a,
      tiers3_turbofan_minstructions: Math.round(c.turbofan / 1e6),
      tiers3_lean_turbofan_minstructions: Math.round(d.turbofan / 1e6),
      tiers3_turbofan_instructions_vs_lean: d.turbofan / c.turbofan,
      tiers3_run_minstructions: Math.round(c.run / 1e6),
      tiers3_lean_run_minstructions: Math.round(d.run / 1e6),
      tiers3_run_instructions_per_event_vs_lean: d.run / d.events / (c.run / c.events),
      size_100_program_instructions_per_incident: Math.round(s[100].perIncident),
      size_3000_program_instructions_per_incident: Math.round(s[3000].perIncident),
      size_3000_vs_100_program_instructions: s[3000].perIncident / s[100].perIncident,
      size_100_loop_turbofan_minstructions: Math.round(s[100].turbofan / 1e6),
      size_3000_loop_turbofan_minstructions: Math.round(s[3000].turbofan / 1e6),
    };
  } finally {
    for (const f of ports) rmSync(dirname(f), { recursive: true, force: true });
  }
}
