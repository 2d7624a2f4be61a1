/**
 * The checks every command's options pass before its handler runs (installed once, as a yargs
 * middleware, in main.ts): an option given twice is refused (only list options such as `--set`
 * and `--variant` repeat), a number option must hold a finite number, a string option a
 * non-empty string, a switch no value; and the options that mean the same thing in every command
 * (`--replications`, `--workers`, `--runs`, …) are checked against their range here, once.
 */
import { UserError } from '../errors.js';

/** The parts of yargs' `getOptions()` the checks read. */
export interface DeclaredOptions {
  key: Record<string, unknown>;
  array: string[];
  boolean: string[];
  string: string[];
  number: string[];
}

/** A range rule for a number option, by name (the same in every command that has it). */
interface NumberRule {
  integer?: boolean;
  min?: number;
  /** exclusive lower bound */
  above?: number;
  max?: number;
  /** exclusive upper bound */
  below?: number;
  expected: string;
}

/** The largest `drill --runs` (the drill module states the same bound): each run is a replication of the drill. */
export const MAX_DRILL_RUNS = 10_000;
/** The most worker threads a run may ask for. */
export const MAX_WORKERS = 256;

const NUMBER_RULES: Record<string, NumberRule> = {
  replications: { integer: true, min: 1, expected: 'a whole number of replications ≥ 1' },
  workers: { integer: true, min: 1, max: MAX_WORKERS, expected: `a whole number of threads from 1 to ${MAX_WORKERS}` },
  runs: { integer: true, min: 1, max: MAX_DRILL_RUNS, expected: `a whole number of runs from 1 to ${MAX_DRILL_RUNS.toLocaleString('en-US')}` },
  teams: { integer: true, min: 1, expected: 'a whole number ≥ 1' },
  'min-sample': { integer: true, min: 1, expected: 'a whole number ≥ 1' },
  agents: { integer: true, min: 1, expected: 'a whole number ≥ 1' },
  drain: { min: 0, max: 520, expected: 'a number of weeks from 0 to 520' },
  bias: { min: 0, max: 1, expected: 'a share between 0 and 1' },
  shrinkage: { min: 0, below: 1, expected: 'a share in [0, 1), such as 0.3' },
  sl: { above: 0, below: 1, expected: 'a share strictly between 0 and 1, such as 0.8' },
  'snapshot-every': { integer: true, min: 0, expected: 'a whole number of journal entries ≥ 0 (0: snapshots only on a clean stop)' },
};

const SKIP = new Set(['help', 'version', '$0', '_']);

/** Shortens a value for a message: at most 60 characters. */
export function shown(text: string): string {
  const s = JSON.stringify(text);
  return s.length <= 60 ? s : `${s.slice(0, 57)}…"`;
}

/**
 * What the user typed for `--name` (its last occurrence; `--name=v` or `--name v`), for messages
 * and for the values yargs would read silently (`--n=` as 0, `--json=3` as false); undefined if
 * the option was not typed, null if it was typed with nothing after it.
 */
function rawValue(args: readonly string[], name: string): string | null | undefined {
  const end = args.indexOf('--');
  for (let i = (end < 0 ? args.length : end) - 1; i >= 0; i--) {
    const a = args[i];
    if (a === `--${name}`) return i + 1 < args.length && !/^--?[A-Za-z]/.test(args[i + 1]) ? args[i + 1] : null;
    if (a.startsWith(`--${name}=`)) return a.slice(name.length + 3);
  }
  return undefined;
}

/**
 * Throws a UserError naming the option for the first option value that is not what its
 * declaration and its rule expect. `args` are the raw command-line words (for the messages).
 */
export function checkOptionValues(argv: Record<string, unknown>, options: DeclaredOptions, args: readonly string[]): void {
  for (const key of Object.keys(options.key)) {
    if (SKIP.has(key) || !(key in argv)) continue;
    const value = argv[key];
    const list = options.array.includes(key);
    if (!list && Array.isArray(value)) {
      const given = value.map((v) => shown(String(v))).join(', ');
      throw new UserError(`--${key}: given ${value.length} times (${given}); give it once`);
    }
    const raw = rawValue(args, key);
    if (options.boolean.includes(key)) {
      const inline = args.find((a) => a.startsWith(`--${key}=`));
      if (inline !== undefined && !/^--[^=]+=(true|false)$/.test(inline)) {
        throw new UserError(`--${key}: is a switch and takes no value (got ${shown(inline.slice(key.length + 3))}); write --${key} or --no-${key}`);
      }
      continue;
    }
    if (value === undefined && raw === undefined) continue; // not given, no default
    for (const v of list && Array.isArray(value) ? value : [value]) {
      if (options.number.includes(key)) checkNumber(key, v, list ? undefined : raw);
      else if (options.string.includes(key)) {
        if (typeof v !== 'string') throw new UserError(`--${key}: expected a value after --${key}${typeof v === 'boolean' ? ` (--no-${key} is not an option)` : ''}`);
        if (v.trim() === '') throw new UserError(`--${key}: expected a value after --${key}, got an empty one`);
      }
    }
  }
}

function checkNumber(key: string, v: unknown, raw: string | null | undefined): void {
  const rule = NUMBER_RULES[key];
  const what = raw === null ? 'no value' : raw !== undefined ? shown(raw) : String(v);
  const expected = rule?.expected ?? 'a number';
  if (typeof v !== 'number' || !Number.isFinite(v) || raw === null || (raw !== undefined && raw.trim() === '')) {
    throw new UserError(`--${key}: ${what} is not a number; expected ${expected}`);
  }
  if (rule === undefined) return;
  const bad =
    (rule.integer && !Number.isInteger(v)) ||
    (rule.min !== undefined && v < rule.min) ||
    (rule.above !== undefined && v <= rule.above) ||
    (rule.max !== undefined && v > rule.max) ||
    (rule.below !== undefined && v >= rule.below);
  if (bad) throw new UserError(`--${key}: ${what} is out of range; expected ${expected}`);
}
