/**
 * The fuzz harness judges outcomes as it says (completed, user error, and each kind of failure),
 * and the cases the generators found in development stay fixed (regressions, run through the same
 * harness as the generated cases).
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { Harness, type FuzzCase } from './harness.js';

const harness = new Harness({ timeoutMs: 60_000 });
afterAll(() => harness.close());

const DEFAULT = readFileSync(new URL('../../scenarios/default.yaml', import.meta.url), 'utf8');
const SMALL = readFileSync(new URL('../../scenarios/small-team.yaml', import.meta.url), 'utf8');
const short = ['--set', 'horizon=2d', '--set', 'warmup=0', '--set', 'replications=1', '--workers', '1', '--no-report'];

describe('the fuzz harness', () => {
  it('a valid run completes and writes its outputs', async () => {
    const o = await harness.run({ label: 'ok', argv: ['run', '{dir}/s.yaml', ...short, '--out', '{dir}/out'], files: { 's.yaml': SMALL }, expect: 'valid' });
    expect(o.verdict, o.detail).toBe('completed');
    expect(o.written).toContain('out/summary.json');
  });
  it('a user error is one line naming the file, with nothing written', async () => {
    const o = await harness.run({ label: 'bad', argv: ['run', '{dir}/s.yaml', ...short, '--set', 'horizon=soon', '--out', '{dir}/out'], files: { 's.yaml': SMALL } });
    expect(o.verdict, o.detail).toBe('user-error');
    expect(o.stderr).toMatch(/^incisim: \/.*\/s\.yaml: horizon: invalid duration "soon"/);
    expect(o.written).toEqual([]);
  });
  it('an invalid input that completes is a failure when the case says it must be refused', async () => {
    const o = await harness.run({ label: 'accepted', argv: ['validate', '{dir}/s.yaml'], files: { 's.yaml': SMALL }, expect: 'invalid' });
    expect(o.verdict).toBe('accepted-invalid');
    expect(o.ok).toBe(false);
  });
  it('a case that outlives its time bound is a hang; the next case runs in a fresh worker', async () => {
    const slow: FuzzCase = { label: 'slow', argv: ['run', '{dir}/s.yaml', '--workers', '1', '--no-report', '--out', '{dir}/out'], files: { 's.yaml': DEFAULT }, timeoutMs: 50 };
    const o = await harness.run(slow);
    expect(o.verdict).toBe('hang');
    const next = await harness.run({ label: 'after', argv: ['validate', '{dir}/s.yaml'], files: { 's.yaml': SMALL } });
    expect(next.verdict, next.detail).toBe('completed');
  });
  it('a message that names nowhere is unclear', async () => {
    const o = await harness.run({ label: 'unclear', argv: ['validate', '{dir}/s.yaml', '--set', 'horizon=soon'], files: { 's.yaml': SMALL }, names: /nothing matches this/ });
    expect(o.verdict).toBe('unclear-message');
  });
});

/** Cases the generators found in development, each fixed since (they crashed, hung or were accepted). */
const FOUND: { label: string; files: Record<string, string>; argv: string[] }[] = [
  { label: 'an alias bomb (internal error: Excessive alias count)', files: { 's.yaml': `${SMALL}\nbomb:\n  a: &a ["x","x","x","x","x","x","x","x","x"]\n  b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n  c: [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n` }, argv: ['validate', '{dir}/s.yaml'] },
  { label: 'an unresolved alias (internal error: Unresolved alias)', files: { 's.yaml': SMALL.replace(/^horizon: .*$/m, 'horizon: *nowhere') }, argv: ['validate', '{dir}/s.yaml'] },
  { label: 'brackets nested 30,000 deep (V8 abort in the YAML parser)', files: { 's.yaml': `${SMALL}\ndeep: ${'['.repeat(30_000)}${']'.repeat(30_000)}\n` }, argv: ['validate', '{dir}/s.yaml'] },
  { label: 'start 20261123 and horizon 1e6w (ran for ever)', files: { 's.yaml': SMALL }, argv: ['run', '{dir}/s.yaml', '--set', 'start=20261123', '--set', 'horizon=1e6w', '--workers', '1', '--no-report', '--out', '{dir}/out'] },
  { label: 'start with offset +25:00 (accepted)', files: { 's.yaml': SMALL }, argv: ['validate', '{dir}/s.yaml', '--set', 'start=2026-11-23T00:00:00+25:00'] },
  { label: 'a second YAML document (accepted, silently ignored)', files: { 's.yaml': `${SMALL}\n---\nname: other\n` }, argv: ['validate', '{dir}/s.yaml'] },
  { label: '--set with a YAML tag (a YAMLWarning line on stderr)', files: { 's.yaml': SMALL }, argv: ['validate', '{dir}/s.yaml', '--set', "arrivals[1].rate=!1@\\z}*QP'"] },
  { label: 'teams[0].engineers.count 1e7 (validate ran out of memory)', files: { 's.yaml': DEFAULT }, argv: ['validate', '{dir}/s.yaml', '--set', 'teams[0].engineers[0].count=1e7'] },
  { label: 'a storm with probability 1 feeding itself (7.7 GB in 60 s)', files: { 's.yaml': SMALL }, argv: ['run', '{dir}/s.yaml', ...short, '--set', 'arrivals[0].storms={ probability: 1, size: "3", within: 10m }', '--out', '{dir}/out'] },
  { label: 'a 5,000-character team reference (a 5,000-character problem line)', files: { 's.yaml': DEFAULT }, argv: ['validate', '{dir}/s.yaml', '--set', `arrivals[6].path[0].team=${'x'.repeat(5000)}`] },
  { label: 'a 5,000-character engineer id listed in an unknown-participant line', files: { 's.yaml': SMALL }, argv: ['validate', '{dir}/s.yaml', '--set', `teams[0].engineers[3].id=${'x'.repeat(5000)}`] },
  { label: 'a drill whose scenario path is 5,000 characters (the line named neither the drill nor the field)', files: { 'd.yaml': `scenario: ${'x'.repeat(5000)}\nincidents: [{ id: A, class: c }]\nexpect: []\n` }, argv: ['drill', '{dir}/d.yaml', '--out', '{dir}/out'] },
];

describe('cases found by the fuzz suite stay fixed', () => {
  it.each(FOUND)('$label: refused with one line, nothing written', async ({ files, argv, label }) => {
    const o = await harness.run({ label, argv, files, expect: 'invalid' });
    expect(o.verdict, `${o.detail}\n${o.stderr}`).toBe('user-error');
    expect(o.stderr.trim().split('\n')).toHaveLength(1);
    expect(o.stderr.length).toBeLessThanOrEqual(500);
  });
});
