/**
 * A failure leaves nothing behind, not even the folders made for the output: found by the I/O
 * fuzz suite (`import --out new/history.jsonl` crashed with ENOENT; a failed write left new/).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { writeFileAtomically, writeFolderAtomically } from '../../src/io/outputs.js';

const dir = () => mkdtempSync(join(tmpdir(), 'incisim-out-'));
const cli = (...args: string[]) => spawnSync('node', ['bin/incisim.js', ...args], { encoding: 'utf8' });

describe('output folders', () => {
  it('import --out into folders that do not exist yet makes them (it crashed with ENOENT)', () => {
    const d = dir();
    const out = join(d, 'new', 'deeper', 'history.jsonl');
    const r = cli('import', 'data/uci-incident-event-log/incident_event_log.csv.gz', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(existsSync(out)).toBe(true);
  });

  it('a failed import --out leaves neither the file nor the folders it made', () => {
    const d = dir();
    const bad = join(d, 'bad.csv');
    writeFileSync(bad, 'number,opened_at\nINC1,"x"y\n');
    const r = cli('import', bad, '--out', join(d, 'new', 'history.jsonl'));
    expect(r.status).toBe(2);
    expect(readdirSync(d)).toEqual(['bad.csv']);
  });

  it('writeFolderAtomically and writeFileAtomically remove the folders they made when they fail', async () => {
    const d = dir();
    await expect(writeFolderAtomically(join(d, 'a', 'b', 'report'), () => {
      throw new UserError('x: no');
    })).rejects.toThrow('x: no');
    expect(readdirSync(d)).toEqual([]);
    writeFileSync(join(d, 'file'), '');
    expect(() => writeFileAtomically(join(d, 'file', 'out.yaml'), 'x')).toThrow(new UserError(`${join(d, 'file', 'out.yaml')}: cannot write the output here (a file is in the way of its folder)`));
    expect(readdirSync(d)).toEqual(['file']);
  });
});
