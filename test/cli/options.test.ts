/**
 * Every command checks its options before it does any work: an unknown option, an option given
 * twice (only list options such as --set repeat), a value that is not a number, a switch given a
 * value, or a number out of its range ends in one line on stderr, exit 2, nothing on stdout and
 * nothing written. Each command runs in an empty folder, so "nothing written" is an empty folder.
 * Needs the build (npm test builds).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { folderName, MAX_FOLDER_NAME } from '../../src/cli/commands/shared.js';

const BIN = resolve('bin/incisim.js');
const S = resolve('scenarios/mmc.yaml');
const DRILL = resolve('scenarios/drills/primary-does-not-answer.yaml');
const ROSTER = resolve('scenarios/assign/roster.json');
const EVENTS = resolve('scenarios/assign/events.jsonl');

/** Runs incisim in a new empty folder; returns the result and what the folder holds afterwards. */
function inEmptyFolder(...args: string[]) {
  const cwd = mkdtempSync(join(tmpdir(), 'incisim-options-'));
  const r = spawnSync('node', [BIN, ...args], { encoding: 'utf8', cwd, timeout: 60_000 });
  return { ...r, cwd, written: readdirSync(cwd) };
}

/** Each command with the arguments it needs to run for real. */
const COMMANDS: Record<string, string[]> = {
  run: ['run', S, '--set', 'horizon=3d', '--set', 'warmup=1d', '--replications', '2', '--workers', '1'],
  merge: ['merge', join(tmpdir(), 'no-such-partial.json')],
  compare: ['compare', S, '--variant', 'a:policy=least-loaded', '--variant', 'b:policy=round-robin', '--replications', '2', '--set', 'horizon=3d', '--set', 'warmup=1d'],
  staff: ['staff', S, '--replications', '2', '--set', 'horizon=3d', '--set', 'warmup=1d'],
  drill: ['drill', DRILL],
  import: ['import', EVENTS],
  fit: ['fit', EVENTS],
  replay: ['replay', EVENTS, '--scenario', S],
  assign: ['assign', '--roster', ROSTER, '--events', EVENTS],
  erlang: ['erlang', '--rate', '200/h', '--aht', '3m'],
  validate: ['validate', S],
};

function expectRefused(r: ReturnType<typeof inEmptyFolder>, line: string | RegExp) {
  expect(r.status, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  if (typeof line === 'string') expect(r.stderr).toBe(`incisim: ${line}\n`);
  else expect(r.stderr).toMatch(line);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.written).toEqual([]);
}

describe('every command refuses a mistake on its command line before doing any work', () => {
  for (const [name, args] of Object.entries(COMMANDS)) {
    it(`${name}: an unknown option`, () => {
      expectRefused(inEmptyFolder(...args, '--replicatons', '2'), 'Unknown argument: replicatons (see incisim --help)');
    });
  }

  it('run: a misspelt option neither runs the replications nor writes the reports (it used to, then exit 2)', () => {
    const r = inEmptyFolder(...COMMANDS.run, '--replicatons', '2');
    expectRefused(r, 'Unknown argument: replicatons (see incisim --help)');
  });

  it('an extra positional argument', () => {
    expectRefused(inEmptyFolder('run', S, 'other.yaml'), 'Unknown argument: other.yaml (see incisim --help)');
  });
});

describe('an option given twice is refused (list options such as --set repeat)', () => {
  it('--out a --out b', () => {
    expectRefused(inEmptyFolder(...COMMANDS.run, '--out', 'a', '--out', 'b'), '--out: given 2 times ("a", "b"); give it once');
  });
  it('--mapping a --mapping b', () => {
    expectRefused(inEmptyFolder('fit', EVENTS, '--mapping', 'a.yaml', '--mapping', 'b.yaml'), '--mapping: given 2 times ("a.yaml", "b.yaml"); give it once');
  });
  it('--workers 1 --workers 2', () => {
    expectRefused(inEmptyFolder(...COMMANDS.run, '--workers', '2'), '--workers: given 2 times ("1", "2"); give it once');
  });
  it('--set twice is a list and runs', () => {
    const r = inEmptyFolder('validate', S, '--set', 'horizon=2d', '--set', 'warmup=1d');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});

describe('option values', () => {
  it('drill --runs x, NaN and 0 are refused (they printed NaN% and "all expectations hold", or ran once)', () => {
    expectRefused(inEmptyFolder('drill', DRILL, '--runs', 'x'), '--runs: "x" is not a number; expected a whole number of runs from 1 to 10,000');
    expectRefused(inEmptyFolder('drill', DRILL, '--runs', 'NaN'), '--runs: "NaN" is not a number; expected a whole number of runs from 1 to 10,000');
    expectRefused(inEmptyFolder('drill', DRILL, '--runs', '0'), '--runs: "0" is out of range; expected a whole number of runs from 1 to 10,000');
    expectRefused(inEmptyFolder('drill', DRILL, '--runs', '2.5'), '--runs: "2.5" is out of range; expected a whole number of runs from 1 to 10,000');
    expectRefused(inEmptyFolder('drill', DRILL, '--runs', '1000000'), '--runs: "1000000" is out of range; expected a whole number of runs from 1 to 10,000');
  });
  it('a number option given no number, or one too large for a double', () => {
    expectRefused(inEmptyFolder('run', S, '--replications'), '--replications: no value is not a number; expected a whole number of replications ≥ 1');
    expectRefused(inEmptyFolder('run', S, '--workers', '1e400'), '--workers: "1e400" is not a number; expected a whole number of threads from 1 to 256');
    expectRefused(inEmptyFolder('run', S, '--replications=1.5'), '--replications: "1.5" is out of range; expected a whole number of replications ≥ 1');
    expectRefused(inEmptyFolder('erlang', '--rate', '200/h', '--aht', '3m', '--sl', 'x'), '--sl: "x" is not a number; expected a share strictly between 0 and 1, such as 0.8');
    expectRefused(inEmptyFolder('run', S, '--replications='), '--replications: "" is not a number; expected a whole number of replications ≥ 1');
    expectRefused(inEmptyFolder('run', S, '--json=3'), '--json: is a switch and takes no value (got "3"); write --json or --no-json');
    expectRefused(inEmptyFolder('replay', EVENTS, '--scenario', S, '--drain=-1'), '--drain: "-1" is out of range; expected a number of weeks from 0 to 520');
  });
  it('a string option given no value, or negated', () => {
    expectRefused(inEmptyFolder('run', S, '--out'), '--out: expected a value after --out, got an empty one');
    expectRefused(inEmptyFolder('run', S, '--no-out'), '--out: expected a value after --out (--no-out is not an option)');
    expectRefused(inEmptyFolder('assign', '--roster'), '--roster: expected a value after --roster, got an empty one');
  });
  it('no command, or a missing positional', () => {
    expectRefused(inEmptyFolder(), 'name a command (see incisim --help)');
    expectRefused(inEmptyFolder('run'), 'Not enough non-option arguments: got 0, need at least 1 (see incisim --help)');
  });
  it('--help still prints the usage and exits 0', () => {
    const r = inEmptyFolder('run', '--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('--replications');
  });
});

describe('default report folders', () => {
  it('keep a short safe name as it is, and cut a long one to a bounded, distinct name', () => {
    expect(folderName('peak-season-2026')).toBe('peak-season-2026');
    expect(folderName('drill-../../etc/passwd')).toBe('drill-..-..-etc-passwd');
    expect(folderName('../x')).toBe('x');
    expect(folderName('')).toBe('unnamed');
    const a = folderName('drill-' + 'a'.repeat(300));
    const b = folderName('drill-' + 'a'.repeat(299) + 'b');
    expect(a.length).toBe(MAX_FOLDER_NAME);
    expect(b.length).toBe(MAX_FOLDER_NAME);
    expect(a).not.toBe(b);
  });

  it('a drill named with 300 characters writes its report (it failed with ENAMETOOLONG)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'incisim-long-'));
    const file = join(dir, 'long.yaml');
    writeFileSync(
      file,
      [
        `name: ${'very-long-drill-name-'.repeat(15)}`,
        `scenario: ${resolve('scenarios/small-team.yaml')}`,
        'duration: 8h',
        'background: false',
        'incidents:',
        '  - { id: DB-DOWN, at: 2h, class: database, priority: P1 }',
        'silent: [alice]',
        'ackDelay: 4m',
        'expect:',
        '  - DB-DOWN acknowledged within 30m',
      ].join('\n') + '\n',
    );
    const r = inEmptyFolder('drill', file);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const folders = readdirSync(join(r.cwd, 'reports'));
    expect(folders).toHaveLength(1);
    expect(folders[0]).toMatch(/^drill-very-long-drill-name-very-long-drill-name-.*-[0-9a-f]{8}$/);
    expect(folders[0].length).toBe(MAX_FOLDER_NAME);
    expect(readdirSync(join(r.cwd, 'reports', folders[0]))).toContain('index.html');
  });
});
