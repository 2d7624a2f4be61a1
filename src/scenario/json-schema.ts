/**
 * The published JSON Schema of scenario files, as the exact text of
 * `schema/scenario.schema.json`. `npm run schema` (scripts/gen-schema.js) writes it, `incisim
 * validate --schema` prints it, and a test checks the committed file equals it, so the file, the
 * TypeBox definition (./schema.ts) and the TypeScript types cannot drift apart.
 */
import { scenarioJsonSchema } from './schema.js';

/** The JSON Schema dialect the document declares (its keywords are all draft-07). */
export const SCHEMA_DIALECT = 'http://json-schema.org/draft-07/schema#';

/** The schema document as pretty-printed JSON text ending in a newline. */
export function scenarioSchemaText(): string {
  return `${JSON.stringify({ $schema: SCHEMA_DIALECT, ...scenarioJsonSchema() }, null, 2)}\n`;
}
