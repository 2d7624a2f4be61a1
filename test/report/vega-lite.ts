/** Test helper: checks a chart spec against the Vega-Lite JSON schema and compiles it to Vega. */
import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile, type TopLevelSpec } from 'vega-lite';
import { packageDir } from '../../src/report/html.js';

const schema = JSON.parse(readFileSync(join(packageDir('vega-lite'), 'build', 'vega-lite-schema.json'), 'utf8'));
const ajv = new Ajv({ strict: false, allowUnionTypes: true, allErrors: false });
const validate = ajv.compile(schema);

/** Schema problems of a spec ([] when valid), then Vega-Lite's own compile (throws on errors; warnings collected). */
export function checkSpec(spec: TopLevelSpec): { problems: string[]; warnings: string[]; vega: unknown } {
  const ok = validate(spec);
  const problems = ok ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
  const warnings: string[] = [];
  const logger = {
    level: () => logger,
    error: (...a: unknown[]) => { throw new Error(a.map(String).join(' ')); },
    warn: (...a: unknown[]) => { warnings.push(a.map(String).join(' ')); return logger; },
    info: () => logger,
    debug: () => logger,
  };
  const vega = compile(spec, { logger: logger as never }).spec;
  return { problems, warnings, vega };
}
