/**
 * Shards: a deterministic subset of a run's replications, run anywhere, written as a partial
 * result, and merged afterwards into exactly the summary a single run gives. A partial result
 * carries a fingerprint of the scenario (after overrides) and the seed, so merging partials of
 * different scenarios, seeds or shard counts — or with a shard missing — fails loudly.
 */
import { createHash } from 'node:crypto';
import { MAX_PARTIAL_BYTES, readTextFile } from '../io/files.js';
import { validateScenario } from '../scenario/load.js';
import { MAX_SHARDS, partialProblem } from './partial-schema.js';
import { UserError } from '../errors.js';
import { buildModel } from '../model/build.js';
import type { ReplicationMetrics } from '../metrics/types.js';
import type { Scenario } from '../scenario/schema.js';
import { VERSION } from '../version.js';
import type { IncidentRecord } from './records.js';
import { assemble, type RunResult } from './run.js';

export interface Shard {
  index: number;
  count: number;
}

/** Parses "i/n" (0 ≤ i < n). */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const i = m ? Number(m[1]) : NaN;
  const n = m ? Number(m[2]) : NaN;
  if (!m || !(n >= 1) || !(i < n) || n > MAX_SHARDS) {
    throw new UserError(`--shard: ${JSON.stringify(text.length > 40 ? `${text.slice(0, 37)}…` : text)} is not a shard; expected i/n with 0 ≤ i < n ≤ ${MAX_SHARDS.toLocaleString('en-US')}, e.g. 0/4`);
  }
  return { index: i, count: n };
}

/** Replication indices of shard i/n: every index ≡ i (mod n). */
export function shardIndices(replications: number, shard: Shard): number[] {
  const out: number[] = [];
  for (let r = shard.index; r < replications; r += shard.count) out.push(r);
  return out;
}

/** sha256 of the scenario as run (canonical JSON). */
export function scenarioFingerprint(scenario: Scenario): string {
  return createHash('sha256').update(canonical(scenario)).digest('hex');
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** What `incisim run --shard i/n` writes (partial-<i>-of-<n>.json). */
export interface PartialResult {
  kind: 'incisim-partial';
  incisimVersion: string;
  scenario: Scenario;
  /** sha256 of the scenario as run */
  fingerprint: string;
  seed: number | string;
  replications: number;
  shard: Shard;
  metrics: ReplicationMetrics[];
  /** incidents of replication 0, if this shard ran it */
  incidents?: IncidentRecord[];
  /** sha256 of the JSON of `metrics` and `incidents`: an edited or damaged file is refused */
  digest: string;
  events: number;
  wallSeconds: number;
}

/**
 * The partial result of a shard's run. Throws if a figure is not a finite number: JSON would turn
 * it into null and the merged summary would silently differ from a single run's.
 */
export function makePartial(scenario: Scenario, shard: Shard, result: RunResult): PartialResult {
  const model = buildModel(scenario);
  const incidents = result.replications.some((m) => m.index === 0) ? result.incidents : undefined;
  assertFinite(result.replications, 'metrics');
  return {
    kind: 'incisim-partial',
    incisimVersion: VERSION,
    scenario,
    fingerprint: scenarioFingerprint(scenario),
    seed: model.seed,
    replications: model.replications,
    shard,
    metrics: result.replications,
    incidents,
    digest: dataDigest(result.replications, incidents),
    events: result.events,
    wallSeconds: result.wallSeconds,
  };
}

function dataDigest(metrics: unknown, incidents: unknown): string {
  return createHash('sha256').update(JSON.stringify({ metrics, incidents })).digest('hex');
}

function assertFinite(v: unknown, path: string): void {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`partial result: ${path} is ${v}; figures must be finite numbers to survive JSON`);
  } else if (Array.isArray(v)) v.forEach((x, i) => assertFinite(x, `${path}[${i}]`));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) assertFinite(x, `${path}.${k}`);
}

/**
 * Reads and checks one partial result; every problem is a one-line UserError naming the file and
 * the field. Its whole structure is checked against its schema (partial-schema.ts) and its
 * scenario validated like a scenario file before anything in it is used.
 */
export function readPartial(file: string): PartialResult {
  let text: string;
  try {
    text = readTextFile(file, 'the partial result', MAX_PARTIAL_BYTES);
  } catch (e) {
    throw new UserError(`${(e as Error).message}; expected a partial result written by incisim run --shard`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new UserError(`${file}: corrupt partial result: not valid JSON (${(e as Error).message}); expected a file written by incisim run --shard`);
  }
  const kind = data && typeof data === 'object' ? (data as { kind?: unknown }).kind : undefined;
  if (kind !== 'incisim-partial') {
    throw new UserError(`${file}: not an incisim partial result (kind ${JSON.stringify(kind)?.slice(0, 40) ?? 'missing'}); expected kind "incisim-partial", written by incisim run --shard`);
  }
  const bad = (what: string) => new UserError(`${file}: corrupt partial result: ${what}`);
  // The whole structure first (types, and bounds on every count it claims), then its meaning.
  const problem = partialProblem(data);
  if (problem !== undefined) throw bad(problem);
  const p = data as PartialResult;
  if (p.fingerprint !== scenarioFingerprint(p.scenario)) throw bad(`its scenario does not match its fingerprint ${p.fingerprint.slice(0, 12)}…`);
  if (p.shard.index >= p.shard.count) throw bad(`shard: ${p.shard.index}/${p.shard.count} is not i/n with 0 ≤ i < n`);
  const planned = buildModel(validateScenario(p.scenario, `${file}: scenario`)).replications;
  if (p.replications !== planned) throw bad(`replications: ${p.replications}, but its scenario runs ${planned}`);
  if (dataDigest(p.metrics, p.incidents) !== p.digest) {
    throw bad('its figures do not match their digest (the file was edited or damaged); run the shard again');
  }
  const expected = shardIndices(p.replications, p.shard);
  const got = p.metrics.map((m) => m.index);
  if (got.length !== expected.length || got.some((g, i) => g !== expected[i])) {
    throw bad(`shard ${p.shard.index}/${p.shard.count} should hold replications ${list(expected)}, it holds ${list(got)}`);
  }
  return p;
}

/** "[0, 3, 6]", or the first ten and how many in all. */
function list(xs: number[]): string {
  return xs.length <= 10 ? `[${xs.join(', ')}]` : `[${xs.slice(0, 10).join(', ')}, … (${xs.length} in all)]`;
}

/**
 * Merges partial results into the RunResult a single run of the whole scenario gives (the same
 * summary, byte for byte). Refuses — with a one-line UserError naming the file — partials from
 * another incisim version, seed, replication count, shard count or scenario, a shard given
 * twice, and a missing shard.
 */
export function mergePartials(files: string[]): { scenario: Scenario; result: RunResult } {
  if (files.length === 0) throw new UserError('merge: no partial results given; expected one file per shard');
  const parts = files.map(readPartial);
  const first = parts[0];
  const ref = `in ${files[0]}`;
  parts.forEach((p, k) => {
    const f = files[k];
    if (p.incisimVersion !== VERSION) throw new UserError(`${f}: written by incisim ${p.incisimVersion}, this is ${VERSION}; run every shard with the same version`);
    if (String(p.seed) !== String(first.seed)) throw new UserError(`${f}: another seed (${p.seed} vs ${first.seed} ${ref}); all shards must run the same seed`);
    if (p.replications !== first.replications) throw new UserError(`${f}: another replication count (${p.replications} vs ${first.replications} ${ref}); all shards must run the same replications`);
    if (p.shard.count !== first.shard.count) throw new UserError(`${f}: shard ${p.shard.index}/${p.shard.count} does not belong with shard ${first.shard.index}/${first.shard.count} ${ref}; all shards must split into the same n`);
    if (p.fingerprint !== first.fingerprint) throw new UserError(`${f}: another scenario (fingerprint ${p.fingerprint.slice(0, 12)}… vs ${first.fingerprint.slice(0, 12)}… ${ref}); all shards must run the same scenario and overrides`);
  });
  const byShard = new Map<number, string>();
  parts.forEach((p, k) => {
    const dup = byShard.get(p.shard.index);
    if (dup) throw new UserError(`${files[k]}: shard ${p.shard.index}/${p.shard.count} is given twice (also ${dup})`);
    byShard.set(p.shard.index, files[k]);
  });
  const missing = Array.from({ length: first.shard.count }, (_, i) => i).filter((i) => !byShard.has(i));
  if (missing.length) {
    const named = missing.slice(0, 5).map((i) => `${i}/${first.shard.count} (partial-${i}-of-${first.shard.count}.json)`).join(', ');
    const more = missing.length > 5 ? `, … (${missing.length} missing)` : '';
    const given = files.length <= 5 ? files.join(', ') : `${files.slice(0, 5).join(', ')}, … (${files.length} files)`;
    throw new UserError(`merge: missing shard${missing.length > 1 ? 's' : ''} ${named}${more}; given ${given}; a merged summary needs every shard`);
  }
  const model = buildModel(first.scenario);
  const results = parts
    .flatMap((p) => p.metrics.map((metrics) => ({ metrics, events: 0, incidents: metrics.index === 0 ? p.incidents : undefined })))
    .sort((a, b) => a.metrics.index - b.metrics.index);
  const merged = assemble(model, results, parts.reduce((s, p) => s + p.wallSeconds, 0));
  merged.events = parts.reduce((s, p) => s + p.events, 0);
  return { scenario: first.scenario, result: merged };
}
