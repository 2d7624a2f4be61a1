import type { CommandModule } from 'yargs';
import { join } from 'node:path';
import { compareVariants, formatComparison, parseVariant, readComparisonFile, type Variant } from '../../decide/compare.js';
import { fmtKpi, writeFolderAtomically, writeText } from '../../io/outputs.js';
import { UserError } from '../../errors.js';
import { buildComparisonReport } from '../../report/compare-report.js';
import { writeReport } from '../../report/write.js';
import { reportFolder } from './shared.js';

interface CompareArgs {
  file: string;
  variant?: string[];
  baseline?: string;
  replications?: number;
  set?: string[];
  json?: boolean;
  out?: string;
  report?: boolean;
  workers?: number;
}

/** `incisim compare <file>`: its options and what it does (its name and summary are in ./index.ts). */
export const compareCommand: CommandModule<object, CompareArgs> = {
  builder: (y) =>
    y
      .positional('file', { type: 'string', demandOption: true, describe: 'a scenario file, or a comparison file (with a variants list)' })
      .option('variant', { type: 'string', array: true, describe: 'name:path=value[,path=value…]; "policy=X" is short for routing.policy=X' })
      .option('baseline', { type: 'string', describe: 'variant to compare against (default: the first)' })
      .option('replications', { type: 'number', describe: 'replications per variant' })
      .option('set', { type: 'string', array: true, describe: 'override applied to every variant' })
      .option('json', { type: 'boolean', describe: 'print the comparison as JSON' })
      .option('out', { type: 'string', describe: 'report folder (default reports/<scenario>-compare)' })
      .option('report', { type: 'boolean', default: true, describe: 'write the HTML report, its charts and comparison.csv (--no-report: comparison.json only)' })
      .option('workers', { type: 'number', describe: 'threads running replications, this one included (default: one per 125,000 expected incidents of the run, up to the cores)' })
      .example('$0 compare scenarios/default.yaml --variant ll:policy=least-loaded --variant rr:policy=round-robin', 'two routing policies')
      .example('$0 compare scenarios/compare/routing.yaml', 'variants from a comparison file'),
  handler: async (args) => {
    let scenarioFile = args.file;
    let variants: Variant[] = (args.variant ?? []).map(parseVariant);
    let baseline = args.baseline;
    let replications = args.replications;
    let kpis: string[] | undefined;
    if (variants.length === 0) {
      const cf = readComparisonFile(args.file);
      if (!cf.scenario) throw new UserError(`${args.file}: scenario: expected the path of the scenario to compare (or give --variant on the command line)`);
      scenarioFile = join(args.file, '..', cf.scenario);
      variants = cf.variants;
      baseline ??= cf.baseline;
      replications ??= cf.replications;
      kpis = cf.kpis;
    }
    const c = await compareVariants(scenarioFile, variants, { baseline, replications, kpis, workers: args.workers, common: args.set });
    const dir = args.out ?? reportFolder(c.scenario, '-compare');
    await writeFolderAtomically(dir, async (tmp) => {
      writeText(tmp, 'comparison.json', JSON.stringify(c, null, 2) + '\n');
      if (args.report !== false) await writeReport(tmp, buildComparisonReport(c), { formats: ['html', 'json', 'csv'] });
    });
    if (args.json) process.stdout.write(JSON.stringify(c, null, 2) + '\n');
    else process.stdout.write(formatComparison(c, fmtKpi) + `wrote ${dir}/\n`);
  },
};
