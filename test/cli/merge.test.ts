/**
 * `incisim run --shard i/n` and `incisim merge`: three shards, run as three processes and merged,
 * write the same summary.json as one run; a damaged, mismatched or missing shard stops the merge
 * with one line naming the file (exit 2) and writes nothing. Needs the build (`npx tsc -p .`);
 * `npm test` builds first.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const cli = (...args: string[]) => spawnSync('node', ['bin/incisim.js', ...args], { encoding: 'utf8' });
const quick = ['--set', 'horizon=9d', '--set', 'warmup=2d', '--replications', '6', '--workers', '1'];
const base = mkdtempSync(join(tmpdir(), 'incisim-merge-'));
const parts = join(base, 'parts');
const partial = (i: number, n = 3) => join(parts, `partial-${i}-of-${n}.json`);

describe('incisim run --shard and incisim merge', () => {
  it('each shard writes partial-<i>-of-<n>.json and says which replications it ran', () => {
    for (const i of [0, 1, 2]) {
      const r = cli('run', 'scenarios/mmc.yaml', ...quick, '--shard', `${i}/3`, '--out', parts);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(`wrote ${partial(i)} (replications ${i}, ${i + 3})\n`);
    }
    expect(readdirSync(parts).sort()).toEqual(['partial-0-of-3.json', 'partial-1-of-3.json', 'partial-2-of-3.json']);
  });

  it('merges the shards into the summary.json and incidents.csv of one run, byte for byte', () => {
    const whole = cli('run', 'scenarios/mmc.yaml', ...quick, '--out', join(base, 'whole'), '--no-report');
    expect(whole.status).toBe(0);
    const merged = cli('merge', partial(2), partial(0), partial(1), '--out', join(base, 'merged'), '--no-report');
    expect(merged.stderr).toBe('');
    expect(merged.status).toBe(0);
    expect(merged.stdout).toMatch(/^mmc: 6 replications, seed 2026\b/);
    expect(merged.stdout).toMatch(/^\s+mtta\s/m);
    for (const f of ['summary.json', 'incidents.csv']) {
      expect(readFileSync(join(base, 'merged', f), 'utf8'), f).toBe(readFileSync(join(base, 'whole', f), 'utf8'));
    }
  });

  it('writes the HTML report of the merged run by default', () => {
    const r = cli('merge', partial(0), partial(1), partial(2), '--out', join(base, 'report'));
    expect(r.status).toBe(0);
    expect(existsSync(join(base, 'report', 'index.html'))).toBe(true);
  });

  it('fails with one line naming a missing shard, and writes nothing', () => {
    const out = join(base, 'missing');
    const r = cli('merge', partial(0), partial(2), '--out', out);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`incisim: merge: missing shard 1/3 (partial-1-of-3.json); given ${partial(0)}, ${partial(2)}; a merged summary needs every shard\n`);
    expect(existsSync(out)).toBe(false);
  });

  it('fails with one line naming a shard of another seed', () => {
    const other = join(base, 'seed');
    expect(cli('run', 'scenarios/mmc.yaml', ...quick, '--seed', '7', '--shard', '1/3', '--out', other).status).toBe(0);
    const r = cli('merge', partial(0), join(other, 'partial-1-of-3.json'), partial(2), '--out', join(base, 'x'));
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`incisim: ${join(other, 'partial-1-of-3.json')}: another seed (7 vs 2026 in ${partial(0)}); all shards must run the same seed\n`);
  });

  it('fails with one line naming a damaged file', () => {
    const damaged = join(base, 'damaged.json');
    writeFileSync(damaged, readFileSync(partial(1), 'utf8').replace(/"mtta":(\d)/, '"mtta":9$1'));
    const r = cli('merge', partial(0), damaged, partial(2), '--out', join(base, 'y'));
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`incisim: ${damaged}: corrupt partial result: its figures do not match their digest (the file was edited or damaged); run the shard again\n`);
  });

  it('refuses a malformed --shard', () => {
    const r = cli('run', 'scenarios/mmc.yaml', ...quick, '--shard', '3/3', '--out', join(base, 'z'));
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('incisim: --shard: "3/3" is not a shard; expected i/n with 0 ≤ i < n ≤ 10,000, e.g. 0/4\n');
  });

  it('a wallSeconds that is a string is refused before anything is written (summary.json was written, then it crashed)', () => {
    const edited = join(base, 'wall.json');
    const p = JSON.parse(readFileSync(partial(1), 'utf8'));
    p.wallSeconds = 'x';
    writeFileSync(edited, JSON.stringify(p));
    const out = join(base, 'wall-out');
    const r = cli('merge', partial(0), edited, partial(2), '--out', out);
    expect(r.stderr).toBe(`incisim: ${edited}: corrupt partial result: wallSeconds: "x" is not a number\n`);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(existsSync(out)).toBe(false);
  });

  it('--out given twice is refused before the partials are read (it crashed with ERR_INVALID_ARG_TYPE)', () => {
    const r = cli('merge', partial(0), partial(1), partial(2), '--out', join(base, 'o1'), '--out', join(base, 'o2'));
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`incisim: --out: given 2 times ("${join(base, 'o1')}", "${join(base, 'o2')}"); give it once\n`);
    expect(existsSync(join(base, 'o1')) || existsSync(join(base, 'o2'))).toBe(false);
  });
});
