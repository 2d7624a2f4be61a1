/**
 * Shards: a deterministic subset of a run's replications, run anywhere, written as a partial
 * result, and merged afterwards into exactly the summary a single run gives. A partial result
 * carries a fingerprint of the scenario (after overrides) and the seed, so merging partials of
 * different scenarios, seeds or shard counts — or with a shard missing — fails loudly.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
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
  if (!m || !(n >= 1) || !(i < n)) throw new UserError(`--shard: "${text}" is not a shard; expected i/n with 0 ≤ i < n, e.g. 0/4`);
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

/** What `incisim run --shard i/n` writes (partial.json). */
export interface PartialResult {
  kind: 'incisim-partial';
  incisimVersion: string;
  scenario: Scenario;
  fingerprint: string;
  seed: number | string;
  replications: number;
  shard: Shard;
  metrics: ReplicationMetrics[];
  /** incidents of replication 0, if this shard ran it */
  incidents?: IncidentRecord[];
  events: number;
  wallSeconds: number;
}

export function makePartial(scenario: Scenario, shard: Shard, result: RunResult): PartialResult {
  const model = buildModel(scenario);
  return {
    kind: 'incisim-partial',
    incisimVersion: VERSION,
    scenario,
    fingerprint: scenarioFingerprint(scenario),
    seed: model.seed,
    replications: model.replications,
    shard,
    metrics: result.replications,
    incidents: result.replications.some((m) => m.index === 0) ? result.incidents : undefined,
    events: result.events,
    wallSeconds: result.wallSeconds,
  };
}

function readPartial(file: string): PartialResult {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `not valid JSON (${(e as Error).message})`;
    throw new UserError(`${file}: ${why}; expected a partial result written by incisim run --shard`);
  }
  const p = data as Partial<PartialResult>;
  if (!p || p.kind !== 'incisim-partial' || !Array.isArray(p.metrics) || !p.shard || typeof p.fingerprint !== 'string' || !p.scenario) {
    throw new UserError(`${file}: not an incisim partial result (kind "${String((p as { kind?: unknown })?.kind)}"); expected kind "incisim-partial"`);
  }
  if (p.fingerprint !== scenarioFingerprint(p.scenario)) {
    throw new UserError(`${file}: corrupt partial result: its scenario does not match its fingerprint ${p.fingerprint.slice(0, 12)}…`);
  }
  const expected = shardIndices(p.replications!, p.shard);
  const got = p.metrics.map((m) => m.index);
  if (got.length !== expected.length || got.some((g, i) => g !== expected[i])) {
    throw new UserError(`${file}: corrupt partial result: shard ${p.shard.index}/${p.shard.count} should hold replications [${expected.join(', ')}], it holds [${got.join(', ')}]`);
  }
  return p as PartialResult;
}

/** Merges partial results into the RunResult a single run of the whole scenario gives. */
export function mergePartials(files: string[]): { scenario: Scenario; result: RunResult } {
  if (files.length === 0) throw new UserError('merge: no partial results given; expected one file per shard');
  const parts = files.map(readPartial);
  const first = parts[0];
  parts.forEach((p, k) => {
    const f = files[k];
    if (p.fingerprint !== first.fingerprint) throw new UserError(`${f}: another scenario (fingerprint ${p.fingerprint.slice(0, 12)}… vs ${first.fingerprint.slice(0, 12)}… in ${files[0]}); all shards must run the same scenario`);
    if (String(p.seed) !== String(first.seed)) throw new UserError(`${f}: another seed (${p.seed} vs ${first.seed} in ${files[0]})`);
    if (p.shard.count !== first.shard.count) throw new UserError(`${f}: shard ${p.shard.index}/${p.shard.count} does not belong with ${first.shard.index}/${first.shard.count} in ${files[0]}`);
  });
  const byShard = new Map<number, string>();
  parts.forEach((p, k) => {
    const dup = byShard.get(p.shard.index);
    if (dup) throw new UserError(`${files[k]}: shard ${p.shard.index}/${p.shard.count} is given twice (also ${dup})`);
    byShard.set(p.shard.index, files[k]);
  });
  const missing = Array.from({ length: first.shard.count }, (_, i) => i).filter((i) => !byShard.has(i));
  if (missing.length) throw new UserError(`merge: missing shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${first.shard.count}`).join(', ')}; a merged summary needs every shard`);
  const model = buildModel(first.scenario);
  const withZero = parts.find((p) => p.incidents);
  const results = parts.flatMap((p) => p.metrics.map((metrics) => ({ metrics, events: 0, incidents: metrics.index === 0 ? p.incidents : undefined })));
  results.sort((a, b) => a.metrics.index - b.metrics.index);
  const merged = assemble(model, results, parts.reduce((s, p) => s + p.wallSeconds, 0));
  merged.events = parts.reduce((s, p) => s + p.events, 0);
  if (withZero?.incidents) merged.incidents = withZero.incidents;
  return { scenario: first.scenario, result: merged };
}
