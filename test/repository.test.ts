/**
 * A clone anywhere passes its tests: nothing in the code, the tests, the benchmarks, the scripts
 * or CI reads a path outside the repository — no sibling `shared` folder, no development
 * machine's home or work folder — and the real data the tests read is the copy in data/.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, UCI } from './data.js';

const FOLDERS = ['src', 'test', 'bench', 'scripts', 'bin', '.ci', 'scenarios'];
const FILES = ['package.json', 'vitest.config.ts', 'tsconfig.json'];
// Built from pieces so that this file does not match itself.
const OUTSIDE = [['..', 'shared'].join('/'), ['', 'work', ''].join('/'), ['', 'home', ''].join('/'), ['', 'Users', ''].join('/'), ['', 'tmp', 'incisim'].join('/')];

function* walk(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else yield path;
  }
}

describe('the repository is self-contained', () => {
  it('no source, test, benchmark, script or CI file names a path outside the repository', () => {
    const found: string[] = [];
    const files = [...FOLDERS.flatMap((f) => [...walk(join(ROOT, f))]), ...FILES.map((f) => join(ROOT, f))];
    expect(files.length).toBeGreaterThan(100);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const p of OUTSIDE) if (text.includes(p)) found.push(`${relative(ROOT, file)}: ${p}`);
    }
    expect(found).toEqual([]);
  });

  it('the real data the tests read is inside the repository', () => {
    expect(relative(ROOT, UCI).startsWith('..')).toBe(false);
    expect(statSync(UCI).size).toBeGreaterThan(2_000_000);
  });
});
