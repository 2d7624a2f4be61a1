#!/usr/bin/env node
// Writes schema/scenario.schema.json from the TypeBox scenario schema (src/scenario/schema.ts).
// Run it with `npm run schema` (which builds first); test/scenario/json-schema.test.ts fails when
// the committed file differs from what this writes.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { scenarioSchemaText } from '../dist/scenario/json-schema.js';

const target = fileURLToPath(new URL('../schema/scenario.schema.json', import.meta.url));
writeFileSync(target, scenarioSchemaText());
process.stdout.write(`wrote ${target}\n`);
