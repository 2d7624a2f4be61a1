import type { CommandModule } from 'yargs';
import { isUserError, UserError } from '../../errors.js';
import { buildModel } from '../../model/build.js';
import { readScenarioData, scenarioProblems } from '../../scenario/load.js';
import type { Scenario } from '../../scenario/schema.js';

interface ValidateArgs {
  files?: string[];
  set?: string[];
  schema?: boolean;
}

/**
 * The result of checking one scenario file: `ok <file> (<n> teams, <m> engineers, <k> classes)`,
 * or every problem found, one line each (all schema problems at once; else all broken references;
 * else the first value the model cannot parse).
 */
export function validateFile(file: string, overrides: string[]): { ok: true; line: string } | { ok: false; problems: string[] } {
  let problems: string[];
  let data: unknown;
  try {
    data = readScenarioData(file, { overrides }).data;
    problems = scenarioProblems(data, file);
  } catch (e) {
    if (!isUserError(e)) throw e;
    problems = [e.message];
  }
  if (problems.length > 0) return { ok: false, problems };
  const model = buildModel(data as Scenario);
  const n = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  return { ok: true, line: `ok ${file} (${n(model.teams.length, 'team')}, ${n(model.engineers.length, 'engineer')}, ${n(model.classes.length, 'class').replace(/classs$/, 'classes')})` };
}

/** `incisim validate [files..]`: its options and what it does (its name and summary are in ./index.ts). */
export const validateCommand: CommandModule<object, ValidateArgs> = {
  builder: (y) =>
    y
      .positional('files', { type: 'string', array: true, describe: 'scenario files (YAML or JSON)' })
      .option('set', { type: 'string', array: true, describe: 'override a field before checking: --set teams[0].engineers.count=14' })
      .option('schema', { type: 'boolean', describe: 'print the JSON Schema of scenario files on stdout' })
      .example('$0 validate scenarios/*.yaml', 'check every bundled scenario')
      .example('$0 validate scenarios/default.yaml --set horizon=2w', 'check a what-if before running it')
      .example('$0 validate --schema > scenario.schema.json', 'the JSON Schema, for editors and other tools'),
  handler: async (args) => {
    const files = args.files ?? [];
    // the schema's TypeBox definition is imported only when asked for (it costs more than a check)
    if (args.schema) process.stdout.write((await import('../../scenario/json-schema.js')).scenarioSchemaText());
    if (files.length === 0) {
      if (args.schema) return;
      throw new UserError('validate: name at least one scenario file (or --schema)');
    }
    let failed = false;
    for (const file of files) {
      const r = validateFile(file, args.set ?? []);
      if (r.ok) process.stdout.write(`${r.line}\n`);
      else {
        failed = true;
        for (const p of r.problems) process.stderr.write(`incisim: ${p}\n`);
      }
    }
    if (failed) process.exitCode = 2;
  },
};
