/**
 * The scenario schema check compiled ahead of time by `npm run build` (scripts/gen-validator.js →
 * dist/scenario/shape-validator.cjs, what the CLI loads) is the same check as ajv compiling the
 * schema at run time with the options of src/scenario/load.ts: same verdicts, same errors.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ScenarioSchema } from '../../src/scenario/schema.js';
import { SHAPE_CHECK_OPTIONS } from '../../src/scenario/load.js';

const COMPILED = 'dist/scenario/shape-validator.cjs';

describe('the ahead-of-time scenario schema check', () => {
  it('is written by the build (npm test builds first)', () => {
    expect(existsSync(COMPILED), `${COMPILED} missing: run npm run build`).toBe(true);
  });

  it('gives the same verdicts and errors as compiling the schema at run time', () => {
    const aot = createRequire(import.meta.url)(`../../${COMPILED}`) as ValidateFunction;
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
      // as JSON: the run-time errors' schema objects also carry TypeBox's symbol keys
      expect(JSON.stringify(aot.errors ?? null)).toBe(JSON.stringify(runtime.errors ?? null));
    }
    expect(good.map((g) => aot(g))).toEqual(good.map(() => true));
    expect(bad.map((g) => aot(g))).toEqual(bad.map(() => false));
  });
});
