/**
 * The fuzz harness: runs the real `incisim` entry point on a generated case, in-process (a worker
 * thread that keeps the CLI's modules loaded, so a case costs milliseconds), and classifies what
 * happened the way a user would judge it:
 *
 * - `completed`: exit 0 (or a code the case declares as a normal ending, e.g. 3 for unmet targets);
 * - `user-error`: exit 2 with one line per problem on stderr, each `incisim: …`, naming the file,
 *   a field path, a row, a line or an option, no stack trace, short (≤ MAX_LINE characters), and
 *   nothing written beside the case's input files;
 * - anything else is a failure: `crash` (exit 1, an exception escaping `main`, the worker dying,
 *   V8 running out of heap), `hang` (the case outlived its time bound: the worker is terminated and
 *   replaced), `stack-trace` (a stack on stderr), `left-output` (a failure that wrote files),
 *   `unclear-message` (exit 2 with a message that is not one short line naming where),
 *   `accepted-invalid` / `refused-valid` (against the case's stated expectation).
 *
 * Each case runs in a fresh temporary folder; `{dir}` in its argv is replaced by that folder, and
 * its `files` are written there first. Cases must send outputs under `{dir}` (e.g. `--out {dir}/out`).
 *
 * Run sizes: `fuzzRuns(name)` is the generator's size in QUICK_SIZES under `npm test`, or its share
 * of the N cases `npm run fuzz -- --runs N` asks for (INCISIM_FUZZ_RUNS); `fuzzSeed()` is fixed unless INCISIM_FUZZ_SEED says otherwise, so a run is
 * reproducible. `runFuzz` runs a generator's cases, records a tally (written to
 * INCISIM_FUZZ_REPORT when set, for the deep run's figures) and returns the failures.
 */
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { Worker } from 'node:worker_threads';

/** The longest stderr line a user error may print (messages shorten long values). */
export const MAX_LINE = 500;

export interface FuzzCase {
  /** what the case is, for reports: e.g. "default.yaml: teams[0].engineers.count = 1e7" */
  label: string;
  /** arguments of `incisim` (without the program name); `{dir}` is the case's temporary folder */
  argv: string[];
  /** files to write into `{dir}` first: relative name → content */
  files?: Record<string, string | Uint8Array>;
  /** 'valid': must complete; 'invalid': must be refused as a user error; 'any' (default): either */
  expect?: 'valid' | 'invalid' | 'any';
  /** exit codes that mean a normal ending (default [0]) */
  okCodes?: number[];
  /** time bound in ms (default: the harness's) */
  timeoutMs?: number;
  /**
   * What a user error's lines must name (default: the path of one of the case's files, a field
   * path like `a.b` / `a[0]`, `row N`, `line N`, `column N`, or an option `--x`).
   */
  names?: RegExp;
}

export type Verdict =
  | 'completed' | 'user-error'
  | 'crash' | 'hang' | 'stack-trace' | 'left-output' | 'unclear-message' | 'accepted-invalid' | 'refused-valid';

export const FAILURES: readonly Verdict[] = ['crash', 'hang', 'stack-trace', 'left-output', 'unclear-message', 'accepted-invalid', 'refused-valid'];

export interface Outcome {
  verdict: Verdict;
  ok: boolean;
  code?: number;
  stdout: string;
  stderr: string;
  ms: number;
  /** files found in `{dir}` after the case that it did not bring */
  written: string[];
  /** why it failed (empty when ok) */
  detail: string;
}

interface Reply {
  id: number;
  code?: number;
  thrown?: string;
  stdout: string;
  stderr: string;
  ms: number;
}

const STACK = /^\s+at .+(\(|:\d+)/m;
const NAMES = /([A-Za-z_$][\w$-]*(\[\d+\]|\.[\w$-]+)+|\brow \d+|\bline \d+|\bcolumn \d+|--[a-z])/;

export interface HarnessOptions {
  /** default time bound per case, ms (default 10 000) */
  timeoutMs?: number;
  /** V8 heap limit of the worker, MB (default 768): more is a failure, not the test's death */
  heapMb?: number;
}

/** Runs cases one at a time in a worker thread; `close()` when done. */
export class Harness {
  private worker?: Worker;
  private ready?: Promise<void>;
  private seq = 0;
  private pending?: { id: number; resolve: (r: Reply | { dead: string }) => void };
  private readonly timeoutMs: number;
  private readonly heapMb: number;

  constructor(options: HarnessOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.heapMb = options.heapMb ?? 768;
  }

  private start(): Promise<void> {
    const w = new Worker(new URL('./worker.mjs', import.meta.url), { resourceLimits: { maxOldGenerationSizeMb: this.heapMb }, stdout: true, stderr: true });
    this.worker = w;
    w.unref();
    this.ready = new Promise((resolve, reject) => {
      w.on('message', (m: Reply | { ready: true }) => {
        if ('ready' in m) return resolve();
        if (this.pending && m.id === this.pending.id) this.pending.resolve(m);
      });
      const dead = (why: string) => {
        if (this.worker === w) this.worker = undefined;
        reject(new Error(why));
        this.pending?.resolve({ dead: why });
      };
      w.on('error', (e) => dead(`worker died: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}${(e as NodeJS.ErrnoException).code ? ` (${(e as NodeJS.ErrnoException).code})` : ''}`));
      w.on('exit', (code) => dead(`worker exited with code ${code}`));
    });
    this.ready.catch(() => {});
    return this.ready;
  }

  /** Runs one case and classifies its outcome. */
  async run(c: FuzzCase): Promise<Outcome> {
    const dir = mkdtempSync(join(tmpdir(), 'incisim-fuzz-'));
    try {
      const brought = new Set<string>();
      for (const [name, content] of Object.entries(c.files ?? {})) {
        const path = join(dir, name);
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, content);
        brought.add(name);
      }
      const argv = c.argv.map((a) => a.replaceAll('{dir}', dir));
      if (!this.worker) await this.start();
      else await this.ready;
      const id = ++this.seq;
      const timeout = c.timeoutMs ?? this.timeoutMs;
      const started = performance.now();
      let timer: NodeJS.Timeout | undefined;
      const reply = await new Promise<Reply | { dead: string } | { hang: true }>((resolve) => {
        this.pending = { id, resolve };
        timer = setTimeout(() => resolve({ hang: true }), timeout);
        this.worker!.postMessage({ id, argv });
      });
      clearTimeout(timer);
      this.pending = undefined;
      const ms = performance.now() - started;
      if ('hang' in reply || 'dead' in reply) {
        const w = this.worker;
        this.worker = undefined;
        await w?.terminate();
      }
      const written = listFiles(dir).filter((f) => !brought.has(f));
      if ('hang' in reply) return fail('hang', `still running after ${timeout} ms`, { stdout: '', stderr: '', ms, written });
      if ('dead' in reply) return fail('crash', reply.dead, { stdout: '', stderr: '', ms, written });
      return classify(c, reply, written, dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    await w?.terminate();
  }
}

function fail(verdict: Verdict, detail: string, o: Omit<Outcome, 'verdict' | 'ok' | 'detail'>): Outcome {
  return { verdict, ok: false, detail, ...o };
}

function classify(c: FuzzCase, r: Reply, written: string[], dir: string): Outcome {
  const base = { code: r.code, stdout: r.stdout, stderr: r.stderr, ms: r.ms, written };
  if (r.thrown !== undefined) return fail('crash', `an exception escaped main: ${r.thrown.split('\n')[0]}`, base);
  if (STACK.test(r.stderr) || STACK.test(r.stdout)) return fail('stack-trace', firstLines(r.stderr), base);
  const okCodes = c.okCodes ?? [0];
  if (r.code !== undefined && okCodes.includes(r.code)) {
    if (c.expect === 'invalid') return fail('accepted-invalid', `exit ${r.code}, expected a user error`, base);
    return { verdict: 'completed', ok: true, detail: '', ...base };
  }
  if (r.code !== 2) return fail('crash', `exit ${r.code}: ${firstLines(r.stderr)}`, base);
  if (written.length > 0) return fail('left-output', `exit 2 but wrote ${written.slice(0, 5).join(', ')}`, base);
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  const files = Object.keys(c.files ?? {}).map((f) => join(dir, f));
  const names = (l: string) => (c.names ? c.names.test(l) : NAMES.test(l) || files.some((f) => l.includes(f)));
  const bad = lines.length === 0 ? '(nothing on stderr)'
    : lines.find((l) => !l.startsWith('incisim: ') || l.length > MAX_LINE || !names(l));
  if (bad !== undefined) return fail('unclear-message', `exit 2 with ${JSON.stringify(bad.slice(0, MAX_LINE + 20))}${bad.length > MAX_LINE ? ` (${bad.length} characters)` : ''}`, base);
  if (c.expect === 'valid') return fail('refused-valid', lines[0], base);
  return { verdict: 'user-error', ok: true, detail: '', ...base };
}

function firstLines(s: string): string {
  return s.split('\n').slice(0, 3).join(' | ').slice(0, 500);
}

function listFiles(dir: string, root = dir): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      const inner = listFiles(path, root);
      out.push(...(inner.length > 0 ? inner : [`${relative(root, path)}/`]));
    } else out.push(relative(root, path));
  }
  return out;
}

/**
 * Every generator's size under `npm test`, by name (a generator adds its line here). A deep run
 * (`npm run fuzz -- --runs N`, INCISIM_FUZZ_RUNS=N) shares N cases among them in these proportions,
 * so N is the number of cases of the whole run.
 */
export const QUICK_SIZES: Record<string, number> = {
  'scenario-validate': 120,
  'scenario-run': 30,
  set: 60,
  drill: 30,
  // test/fuzz/io.test.ts (harden-io)
  'io-csv': 60,
  'io-assign': 60,
  'io-merge': 40,
  'io-options': 60,
};

/** How many cases generator `name` runs: its quick size under `npm test`, its share of N in a deep run. */
export function fuzzRuns(name: string): number {
  const quick = QUICK_SIZES[name];
  if (quick === undefined) throw new Error(`fuzz generator ${name}: add its size to QUICK_SIZES in test/fuzz/harness.ts`);
  const n = Number(process.env.INCISIM_FUZZ_RUNS);
  if (!(Number.isInteger(n) && n > 0)) return quick;
  const total = Object.values(QUICK_SIZES).reduce((a, b) => a + b, 0);
  return Math.max(1, Math.round((n * quick) / total));
}

/** The fast-check seed (fixed, so `npm test` is reproducible; INCISIM_FUZZ_SEED changes it). */
export function fuzzSeed(): number {
  const n = Number(process.env.INCISIM_FUZZ_SEED);
  return Number.isInteger(n) ? n : 20261201;
}

/** Whether this is the deep run (`npm run fuzz`): generators may then widen their time bounds. */
export function deepRun(): boolean {
  return process.env.INCISIM_FUZZ_RUNS !== undefined;
}

export interface Tally {
  generator: string;
  cases: number;
  seconds: number;
  verdicts: Partial<Record<Verdict, number>>;
  failures: { index: number; label: string; verdict: Verdict; detail: string }[];
  /** the slowest cases, ms */
  slowest: { ms: number; label: string }[];
}

/**
 * Runs `runs` cases drawn from `arb` (seeded), each through `harness`; returns the tally (every
 * failure, not only the first, so a deep run reports its figures). With INCISIM_FUZZ_REPORT set
 * the tally is appended there as one JSON line.
 */
export async function runFuzz(generator: string, arb: fc.Arbitrary<FuzzCase>, harness: Harness, runs: number): Promise<Tally> {
  const started = performance.now();
  const cases = fc.sample(arb, { numRuns: runs, seed: fuzzSeed() + hash(generator) });
  const tally: Tally = { generator, cases: cases.length, seconds: 0, verdicts: {}, failures: [], slowest: [] };
  for (const [index, c] of cases.entries()) {
    const o = await harness.run(c);
    tally.slowest.push({ ms: Math.round(o.ms), label: c.label.slice(0, 120) });
    tally.slowest.sort((a, b) => b.ms - a.ms).splice(5);
    tally.verdicts[o.verdict] = (tally.verdicts[o.verdict] ?? 0) + 1;
    if (!o.ok) tally.failures.push({ index, label: c.label, verdict: o.verdict, detail: o.detail });
  }
  tally.seconds = Math.round((performance.now() - started) / 100) / 10;
  if (process.env.INCISIM_FUZZ_REPORT) appendFileSync(process.env.INCISIM_FUZZ_REPORT, JSON.stringify(tally) + '\n');
  return tally;
}

/** One line per failure, for an assertion message. */
export function describeFailures(t: Tally): string {
  return t.failures.slice(0, 20).map((f) => `#${f.index} ${f.verdict}: ${f.label} → ${f.detail}`).join('\n');
}

function hash(s: string): number {
  let h = 0;
  for (const ch of s) h = (h * 31 + ch.charCodeAt(0)) | 0;
  return h;
}
