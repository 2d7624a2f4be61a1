/**
 * The published JSON Schema (schema/scenario.schema.json) is generated from the TypeBox
 * definition that also gives the TypeScript types, so the three cannot drift: this fails when
 * the committed file differs from what `npm run schema` writes.
 */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { SCHEMA_DIALECT, scenarioSchemaText } from '../../src/scenario/json-schema.js';

describe('schema/scenario.schema.json', () => {
  const committed = readFileSync('schema/scenario.schema.json', 'utf8');

  it('is exactly what npm run schema generates (run it after changing src/scenario/schema.ts)', () => {
    expect(committed).toBe(scenarioSchemaText());
  });

  it('declares its dialect and is a schema a stock JSON Schema validator compiles', () => {
    const schema = JSON.parse(committed);
    expect(schema.$schema).toBe(SCHEMA_DIALECT);
    const validate = new Ajv({ allErrors: true }).compile(schema);
    expect(validate(parse(readFileSync('scenarios/mmc.yaml', 'utf8')))).toBe(true);
    expect(validate({ ...parse(readFileSync('scenarios/mmc.yaml', 'utf8')), horizn: '1w' })).toBe(false);
    expect(validate.errors?.[0]).toMatchObject({ keyword: 'additionalProperties', params: { additionalProperty: 'horizn' } });
  });
});
