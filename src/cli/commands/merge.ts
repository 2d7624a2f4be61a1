import type { CommandModule } from 'yargs';
import { stringify } from 'yaml';
import { mergePartials } from '../../sim/shards.js';
import { parseFormats, reportFolder } from './shared.js';
import { writeRunOutputs } from './run.js';

interface MergeArgs {
  files: string[];
  out?: string;
  json?: boolean;
  format?: string;
  report?: boolean;
}

/** `incisim merge <files..>`: its options and what it does (its name and summary are in ./index.ts). */
export const mergeCommand: CommandModule<object, MergeArgs> = {
  builder: (y) =>
    y
      .positional('files', { type: 'string', array: true, demandOption: true, describe: 'partial-<i>-of-<n>.json files, one per shard' })
      .option('out', { type: 'string', describe: 'output folder (default reports/<scenario>)' })
      .option('json', { type: 'boolean', describe: 'print the summary as JSON on stdout' })
      .option('format', { type: 'string', default: 'html', describe: 'report formats: html,svg,png' })
      .option('report', { type: 'boolean', default: true, describe: 'write the HTML report (--no-report to skip)' })
      .example('$0 merge parts/partial-*-of-4.json', 'merge four shards into reports/<scenario>/'),
  handler: async (args) => {
    const formats = parseFormats(args.format ?? 'html');
    const { scenario, result } = mergePartials(args.files);
    await writeRunOutputs(args.out ?? reportFolder(scenario.name), result, stringify(scenario), { json: args.json, formats, report: args.report !== false });
  },
};
