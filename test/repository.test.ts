/**
 * A clone anywhere passes its tests: nothing in the code, the tests, the benchmarks, the scripts
 * or CI reads a path outside the repository — no string naming a sibling `shared` folder, no
 * development machine's home or work folder — and the real data the tests read is the copy in
 * data/. (Prose may say where a file was copied from; code may not point there.)
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, UCI } from './data.js';

const FOLDERS = ['src', 'test', 'bench', 'scripts', 'bin', '.ci', 'scenarios'];
const FILES = ['package.json', 'vitest.config.ts', 'tsconfig.json'];
const CODE = /\.(ts|js|mjs|cjs|sh|json|ya?ml)$|(^|\/)run$/;
// Built from pieces so that this file does not match itself: a string literal starting with a
// path outside the repository, or a join of '..' and 'shared'.
const q = `['"\`]`;
const OUTSIDE = [
  new RegExp(`${q}(\\.\\./)+${'shared'}`),
  new RegExp(`${q}\\.\\.${q},\\s*${q}${'shared'}${q}`),
  new RegExp(`${q}/(${['work', 'home', 'Users'].join('|')})/`),
];

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
    const files = [...FOLDERS.flatMap((f) => [...walk(join(ROOT, f))]), ...FILES.map((f) => join(ROOT, f))].filter((f) => CODE.test(f));
    expect(files.length).toBeGreaterThan(100);
    for (const file of files) {
      const lines = readFileSync(file, 'utf8').split('\n');
      lines.forEach((line, i) => {
        for (const p of OUTSIDE) if (p.test(line)) found.push(`${relative(ROOT, file)}:${i + 1}: ${line.trim().slice(0, 80)}`);
      });
    }
    expect(found).toEqual([]);
  });

  it('the real data the tests read is inside the repository', () => {
    expect(relative(ROOT, UCI).startsWith('..')).toBe(false);
    expect(statSync(UCI).size).toBeGreaterThan(2_000_000);
  });
});
