/**
 * Shards: `--shard i/n` runs replications i, i+n, i+2n, … and writes a partial result; merging
 * every shard gives exactly (byte for byte) the summary of one run. Anything that could make the
 * merged summary silently wrong — a damaged file, another scenario, seed or replication count,
 * shards split differently, a shard twice or missing — is refused with one line naming the file.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../../src/errors.js';
import { summaryJson } from '../../src/io/outputs.js';
import { loadScenario } from '../../src/scenario/load.js';
import { runScenario } from '../../src/sim/run.js';
import { makePartial, mergePartials, parseShard, scenarioFingerprint, shardIndices, type PartialResult } from '../../src/sim/shards.js';

const quick = ['horizon=9d', 'warmup=2d', 'replications=6'];
const load = (extra: string[] = []) => loadScenario('scenarios/mmc.yaml', { overrides: [...quick, ...extra] }).scenario;
const scenario = load();
const dir = mkdtempSync(join(tmpdir(), 'incisim-shards-'));

/** Runs shard i/n of `s` the way `incisim run --shard` does and writes it; returns the path. */
function writeShard(s: typeof scenario, i: number, n: number, name = `partial-${i}-of-${n}.json`): string {
  const shard = { index: i, count: n };
  const result = runScenario(s, { indices: shardIndices(s.replications!, shard) });
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(makePartial(s, shard, result)) + '\n');
  return file;
}

const shards = [0, 1, 2].map((i) => writeShard(scenario, i, 3));

/** The one-line UserError message `f` throws. */
function failure(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    const message = (e as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('expected a UserError');
}

/** Writes an edited copy of a shard file. */
function edited(file: string, name: string, edit: (p: PartialResult) => void): string {
  const p = JSON.parse(readFileSync(file, 'utf8')) as PartialResult;
  edit(p);
  const out = join(dir, name);
  writeFileSync(out, JSON.stringify(p));
  return out;
}

describe('parseShard and shardIndices', () => {
  it('parses i/n and deals replication r to shard r mod n', () => {
    expect(parseShard(' 2/3 ')).toEqual({ index: 2, count: 3 });
    expect(shardIndices(7, { index: 0, count: 3 })).toEqual([0, 3, 6]);
    expect(shardIndices(7, { index: 2, count: 3 })).toEqual([2, 5]);
    expect(shardIndices(2, { index: 2, count: 3 })).toEqual([]);
  });

  it('refuses anything that is not i/n with 0 ≤ i < n', () => {
    for (const bad of ['3/3', '1/0', '-1/3', '1', 'a/b', '1/3/5', '']) {
      expect(failure(() => parseShard(bad)), bad).toMatch(/^--shard: ".*" is not a shard; expected i\/n/);
    }
  });

  it('every replication is in exactly one shard (property)', () => {
    for (let n = 1; n <= 7; n++) {
      for (const reps of [1, 6, 13]) {
        const all = Array.from({ length: n }, (_, i) => shardIndices(reps, { index: i, count: n })).flat().sort((a, b) => a - b);
        expect(all).toEqual(Array.from({ length: reps }, (_, r) => r));
      }
    }
  });
});

describe('mergePartials', () => {
  it('merges shards 0/3, 1/3, 2/3 into the byte-identical summary of one run, in any order', () => {
    const whole = runScenario(scenario);
    const merged = mergePartials(shards).result;
    expect(summaryJson(merged.summary)).toBe(summaryJson(whole.summary));
    expect(summaryJson(mergePartials([shards[2], shards[0], shards[1]]).result.summary)).toBe(summaryJson(whole.summary));
    expect(merged.events).toBe(whole.events);
    expect(JSON.stringify(merged.incidents)).toBe(JSON.stringify(whole.incidents));
  });

  it('a partial carries the scenario, its fingerprint, seed, replication count and shard', () => {
    const p = JSON.parse(readFileSync(shards[1], 'utf8')) as PartialResult;
    expect(p.kind).toBe('incisim-partial');
    expect(p.fingerprint).toBe(scenarioFingerprint(scenario));
    expect([p.seed, p.replications, p.shard]).toEqual([2026, 6, { index: 1, count: 3 }]);
    expect(p.metrics.map((m) => m.index)).toEqual([1, 4]);
    expect(p.incidents).toBeUndefined(); // only the shard holding replication 0 carries records
  });

  it('refuses a missing shard, naming it and the files given', () => {
    expect(failure(() => mergePartials([shards[0], shards[2]]))).toBe(
      `merge: missing shard 1/3 (partial-1-of-3.json); given ${shards[0]}, ${shards[2]}; a merged summary needs every shard`,
    );
  });

  it('refuses a file that does not exist, is not JSON, or is not a partial result', () => {
    const missing = join(dir, 'nope.json');
    expect(failure(() => mergePartials([shards[0], missing, shards[2]]))).toBe(`${missing}: cannot read the partial result (no such file); expected a partial result written by incisim run --shard`);
    const truncated = join(dir, 'truncated.json');
    writeFileSync(truncated, readFileSync(shards[1], 'utf8').slice(0, 500));
    expect(failure(() => mergePartials([shards[0], truncated, shards[2]]))).toMatch(new RegExp(`^${truncated}: corrupt partial result: not valid JSON`));
    const other = join(dir, 'summary.json');
    writeFileSync(other, '{"scenario":"mmc"}');
    expect(failure(() => mergePartials([other]))).toBe(`${other}: not an incisim partial result (kind missing); expected kind "incisim-partial", written by incisim run --shard`);
  });

  it('refuses a partial whose figures or scenario were edited', () => {
    const figures = edited(shards[1], 'edited-figures.json', (p) => (p.metrics[0].kpis.mtta += 1));
    expect(failure(() => mergePartials([shards[0], figures, shards[2]]))).toBe(
      `${figures}: corrupt partial result: its figures do not match their digest (the file was edited or damaged); run the shard again`,
    );
    const scen = edited(shards[1], 'edited-scenario.json', (p) => (p.scenario.horizon = '10d'));
    expect(failure(() => mergePartials([shards[0], scen, shards[2]]))).toMatch(new RegExp(`^${scen}: corrupt partial result: its scenario does not match its fingerprint`));
    const indices = edited(shards[1], 'edited-indices.json', (p) => (p.shard = { index: 2, count: 3 }));
    expect(failure(() => mergePartials([shards[0], indices]))).toBe(`${indices}: corrupt partial result: shard 2/3 should hold replications [2, 5], it holds [1, 4]`);
  });

  it('refuses a shard of another seed, replication count, shard count or scenario, naming the file', () => {
    const seed = writeShard(load(['seed=7']), 1, 3, 'seed-7.json');
    expect(failure(() => mergePartials([shards[0], seed, shards[2]]))).toBe(`${seed}: another seed (7 vs 2026 in ${shards[0]}); all shards must run the same seed`);
    const reps = writeShard(load(['replications=9']), 1, 3, 'reps-9.json');
    expect(failure(() => mergePartials([shards[0], reps, shards[2]]))).toBe(
      `${reps}: another replication count (9 vs 6 in ${shards[0]}); all shards must run the same replications`,
    );
    const split = writeShard(scenario, 1, 2, 'split-2.json');
    expect(failure(() => mergePartials([shards[0], split, shards[2]]))).toBe(
      `${split}: shard 1/2 does not belong with shard 0/3 in ${shards[0]}; all shards must split into the same n`,
    );
    const other = writeShard(load(['teams[0].engineers.count=21']), 1, 3, 'other.json');
    expect(failure(() => mergePartials([shards[0], other, shards[2]]))).toMatch(
      new RegExp(`^${other}: another scenario \\(fingerprint [0-9a-f]{12}… vs [0-9a-f]{12}… in ${shards[0]}\\); all shards must run the same scenario and overrides$`),
    );
  });

  it('refuses a shard given twice and partials of another incisim version', () => {
    const copy = join(dir, 'copy-of-1.json');
    writeFileSync(copy, readFileSync(shards[1]));
    expect(failure(() => mergePartials([shards[0], shards[1], copy, shards[2]]))).toBe(`${copy}: shard 1/3 is given twice (also ${shards[1]})`);
    const old = edited(shards[1], 'old.json', (p) => (p.incisimVersion = '0.0.1'));
    expect(failure(() => mergePartials([shards[0], old, shards[2]]))).toMatch(new RegExp(`^${old}: written by incisim 0\\.0\\.1, this is .*; run every shard with the same version$`));
    expect(failure(() => mergePartials([]))).toBe('merge: no partial results given; expected one file per shard');
  });
});

describe('readPartial checks the whole structure before using any of it (#15.5, #22.8)', () => {
  const refused = (name: string, edit: (p: PartialResult & Record<string, unknown>) => void) => {
    const f = edited(shards[1], name, edit as (p: PartialResult) => void);
    const m = failure(() => mergePartials([shards[0], f, shards[2]]));
    expect(m.startsWith(`${f}: corrupt partial result: `), m).toBe(true);
    return m.slice(`${f}: corrupt partial result: `.length);
  };

  it('names the field of a value of the wrong type (these crashed with TypeErrors)', () => {
    expect(refused('null-metrics.json', (p) => ((p as Record<string, unknown>).metrics = null))).toBe('metrics: null is not a list');
    expect(refused('null-kpi.json', (p) => ((p.metrics[0].kpis as Record<string, unknown>).mtta = null))).toBe('metrics[0].kpis.mtta: null is not a number');
    expect(refused('incidents-object.json', (p) => ((p as Record<string, unknown>).incidents = { a: 1 }))).toBe('incidents: {"a":1} is not a list');
    expect(refused('wall-string.json', (p) => ((p as Record<string, unknown>).wallSeconds = 'x'))).toBe('wallSeconds: "x" is not a number');
    expect(refused('no-backlog.json', (p) => delete (p.metrics[1] as Partial<(typeof p.metrics)[number]>).backlog)).toBe('metrics[1].backlog: missing');
    expect(refused('engineer-id.json', (p) => ((p.metrics[0].engineers[0] as Record<string, unknown>).id = 7))).toBe('metrics[0].engineers[0].id: 7 is not a string');
  });

  it('bounds the counts a file claims (1e9 replications or shards aborted V8)', () => {
    expect(refused('reps-1e9.json', (p) => (p.replications = 1e9))).toBe('replications: 1000000000 is out of range; expected at most 10,000');
    expect(refused('reps-1e12.json', (p) => (p.replications = 1e12))).toBe('replications: 1000000000000 is out of range; expected at most 10,000');
    expect(refused('shards-1e9.json', (p) => (p.shard = { index: 0, count: 1e9 }))).toBe('shard.count: 1000000000 is out of range; expected at most 10,000');
    expect(refused('reps-mismatch.json', (p) => (p.replications = 60))).toBe('replications: 60, but its scenario runs 6');
  });

  it('validates the scenario inside like a scenario file, even with a fingerprint to match', () => {
    const f = edited(shards[1], 'bad-scenario.json', (p) => {
      (p.scenario as Record<string, unknown>).teams = 'none';
      p.fingerprint = scenarioFingerprint(p.scenario);
    });
    expect(failure(() => mergePartials([shards[0], f, shards[2]]))).toMatch(new RegExp(`^${f}: scenario: teams: "none" must be`));
  });
});
