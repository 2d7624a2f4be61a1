/**
 * The scenario schema check compiled ahead of time by `npm run build` (scripts/gen-validator.js →
 * dist/scenario/shape-validator.cjs, what the CLI loads) is the same check as ajv compiling the
 * schema at run time with the options of src/scenario/load.ts: same verdicts, same errors. V8's
 * code cache beside it is used by a plain `node` and only when it was made from that very code.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ScenarioSchema } from '../../src/scenario/schema.js';
import { compiledShapeCheck, SHAPE_CHECK_OPTIONS } from '../../src/scenario/load.js';

const COMPILED = 'dist/scenario/shape-validator.cjs';

describe('the ahead-of-time scenario schema check', () => {
  it('is written by the build (npm test builds first)', () => {
    expect(existsSync(COMPILED), `${COMPILED} missing: run npm run build`).toBe(true);
  });

  it('gives the same verdicts and errors as compiling the schema at run time', () => {
    const aot = createRequire(import.meta.url)(`../../${COMPILED}`) as ValidateFunction;
    const cached = compiledShapeCheck(resolve(COMPILED)).check;
    const runtime = new Ajv(SHAPE_CHECK_OPTIONS).compile(ScenarioSchema);
    const good = ['default', 'large-org', 'major-incident', 'follow-the-sun', 'mmc'].map((n) => parse(readFileSync(`scenarios/${n}.yaml`, 'utf8')));
    const bad = [
      { ...good[0], horizn: '1w' },
      { ...good[0], teams: [{ ...good[0].teams[0], tier: 'x' }] },
      { ...good[0], arrivals: 'none' },
      { name: 3 },
      [],
    ];
    for (const data of [...good, ...bad]) {
      const a = aot(data);
      const b = runtime(data);
      expect(a).toBe(b);
      expect(cached(data)).toBe(b);
      expect(JSON.stringify(cached.errors ?? null)).toBe(JSON.stringify(runtime.errors ?? null));
      // as JSON: the run-time errors' schema objects also carry TypeBox's symbol keys
      expect(JSON.stringify(aot.errors ?? null)).toBe(JSON.stringify(runtime.errors ?? null));
    }
    expect(good.map((g) => aot(g))).toEqual(good.map(() => true));
    expect(bad.map((g) => aot(g))).toEqual(bad.map(() => false));
  });

  it('loads with its V8 code cache in a plain node, and ignores a cache made from other code', () => {
    const load = pathToFileURL(resolve('dist/scenario/load.js')).href;
    const probe = (file: string) => execFileSync(process.execPath, ['--input-type=module', '-e',
      `const { compiledShapeCheck } = await import(${JSON.stringify(load)}); const { check, script } = compiledShapeCheck(${JSON.stringify(file)}); console.log(check({}), script.cachedDataRejected);`], { encoding: 'utf8' });
    expect(probe(resolve(COMPILED))).toBe('false false\n');
    // the same code under a header naming another sha256: the cache is not offered to V8 at all
    mkdirSync('test-output', { recursive: true }); // inside the repository: the code requires ajv's runtime
    const dir = mkdtempSync(resolve('test-output/shape-'));
    const other = join(dir, 'shape-validator.cjs');
    writeFileSync(other, readFileSync(COMPILED, 'utf8').replace(/sha256 [0-9a-f]{64}/, `sha256 ${'0'.repeat(64)}`));
    copyFileSync(`${COMPILED}.v8cache`, `${other}.v8cache`);
    expect(probe(other)).toBe('false undefined\n');
    rmSync(dir, { recursive: true });
  });
});
