/**
 * src/io/files.ts, the one way a user's file is opened: a regular file or a one-line refusal
 * naming it (a FIFO blocked for ever, /dev/zero grew to gigabytes, a directory crashed with
 * EISDIR), and a whole-file read capped in bytes. The CLI cases run every file-reading command.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { openRegularFile, readTextFile } from '../../src/io/files.js';

const dir = mkdtempSync(join(tmpdir(), 'incisim-files-'));
const fifo = join(dir, 'fifo');
execFileSync('mkfifo', [fifo]);

function message(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return (e as Error).message;
  }
  throw new Error('expected a UserError');
}

describe('readTextFile', () => {
  it('reads a regular file whole', () => {
    const f = join(dir, 'a.txt');
    writeFileSync(f, 'héllo\n'.repeat(10_000));
    expect(readTextFile(f, 'the file')).toBe('héllo\n'.repeat(10_000));
  });

  it('refuses what is not a regular file, naming it and its kind', () => {
    expect(message(() => readTextFile(fifo, 'the scenario file'))).toBe(`${fifo}: cannot read the scenario file (a named pipe (FIFO), not a regular file)`);
    expect(message(() => readTextFile('/dev/zero', 'the scenario file'))).toBe('/dev/zero: cannot read the scenario file (a character device, not a regular file)');
    expect(message(() => readTextFile(dir, 'the scenario file'))).toBe(`${dir}: cannot read the scenario file (a directory, not a regular file)`);
    expect(message(() => readTextFile(join(dir, 'none'), 'the scenario file'))).toBe(`${join(dir, 'none')}: cannot read the scenario file (no such file)`);
    expect(message(() => openRegularFile(join(dir, 'x'.repeat(300)), 'the drill file'))).toMatch(/: cannot read the drill file \(the path is too long\)$/);
  });

  it('refuses a file over its byte limit', () => {
    const f = join(dir, 'big.txt');
    writeFileSync(f, 'x'.repeat(3 * 1024 * 1024));
    expect(message(() => readTextFile(f, 'the roster', 2 * 1024 * 1024))).toBe(`${f}: the roster is larger than 2 MiB; expected a smaller file`);
  });
});

describe('every file-reading command refuses a FIFO at once (/dev/zero and a directory too, for two of them)', () => {
  const cli = (...args: string[]) => spawnSync('node', ['bin/incisim.js', ...args], { encoding: 'utf8', timeout: 30_000 });
  const cases: [string, (f: string) => string[], string][] = [
    ['validate', (f) => ['validate', f], 'the scenario file'],
    ['run', (f) => ['run', f, '--out', join(dir, 'never')], 'the scenario file'],
    ['drill', (f) => ['drill', f, '--out', join(dir, 'never')], 'the drill file'],
    ['compare (comparison file)', (f) => ['compare', f, '--out', join(dir, 'never')], 'the comparison file'],
    ['merge', (f) => ['merge', f, '--out', join(dir, 'never')], 'the partial result'],
    ['import', (f) => ['import', f], 'the export'],
    ['fit (history)', (f) => ['fit', `${f}`], 'the export'],
    ['import --mapping', (f) => ['import', 'data/uci-incident-event-log/incident_event_log.csv.gz', '--profile', 'generic', '--mapping', f], 'the mapping file'],
    ['replay --scenario', (f) => ['replay', 'scenarios/assign/events.jsonl', '--scenario', f], 'the scenario file'],
  ];
  for (const [name, args, what] of cases) {
    it(name, () => {
      const all = [[fifo, 'a named pipe (FIFO)'], ['/dev/zero', 'a character device'], [dir, 'a directory']] as const;
      for (const [f, kind] of name === 'validate' || name === 'import' ? all : all.slice(0, 1)) {
        const r = cli(...args(f));
        expect(r.status, `${name} ${f}: ${r.stderr}`).toBe(2);
        expect(r.stderr).toMatch(new RegExp(`^incisim: ${f.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: cannot read ${what} \\(${kind.replace(/[()]/g, '\\$&')}, not a regular file\\)(; expected .*)?\\n$`));
      }
    });
  }
});
