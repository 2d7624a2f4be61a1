import type { CommandModule } from 'yargs';
import { drillProbabilities, formatTimeline, loadDrill, runDrill } from '../../decide/drill.js';
import { writeFolderAtomically, writeText } from '../../io/outputs.js';
import { buildDrillReport } from '../../report/drill-report.js';
import { writeReport } from '../../report/write.js';
import { reportFolder } from './shared.js';

interface DrillArgs {
  file: string;
  runs?: number;
  json?: boolean;
  out?: string;
}

/** `incisim drill <file>`: its options and what it does (its name and summary are in ./index.ts). */
export const drillCommand: CommandModule<object, DrillArgs> = {
  builder: (y) =>
    y
      .positional('file', { type: 'string', demandOption: true, describe: 'drill file (YAML)' })
      .option('runs', { type: 'number', describe: 'repeat with random acknowledgement delays and report how often each expectation holds' })
      .option('json', { type: 'boolean', describe: 'print the result as JSON' })
      .option('out', { type: 'string', describe: 'report folder (default reports/drill-<name>)' })
      .example('$0 drill scenarios/drills/primary-does-not-answer.yaml', 'run a drill and check its expectations'),
  handler: async (args) => {
    const drill = loadDrill(args.file);
    const run = runDrill(drill);
    const failed = run.results.filter((r) => !r.held);
    const probabilities = args.runs !== undefined ? drillProbabilities(drill, args.runs) : undefined;
    const dir = args.out ?? reportFolder(drill.name, '', 'drill-');
    await writeFolderAtomically(dir, async (tmp) => {
      writeText(tmp, 'timeline.jsonl', run.timeline.map((e) => JSON.stringify(e)).join('\n') + '\n');
      await writeReport(tmp, buildDrillReport(drill, run, probabilities), { formats: ['html', 'json', 'csv'] });
    });
    if (args.json) {
      process.stdout.write(JSON.stringify({ drill: drill.name, passed: failed.length === 0, results: run.results, timeline: run.timeline, probabilities }, null, 2) + '\n');
    } else {
      process.stdout.write(`drill ${drill.name} (${drill.file})\n\n${formatTimeline(run)}\n`);
      for (const r of run.results) process.stdout.write(`${r.message}\n`);
      if (probabilities) {
        process.stdout.write(`\nover ${probabilities[0]?.runs ?? 0} runs with random acknowledgement delays:\n`);
        for (const p of probabilities) process.stdout.write(`  ${(p.probability * 100).toFixed(0).padStart(3)}% [${(p.ci95[0] * 100).toFixed(0)}–${(p.ci95[1] * 100).toFixed(0)}%]  ${p.expectation}\n`);
      }
      process.stdout.write(`${failed.length === 0 ? 'all expectations hold' : `${failed.length} of ${run.results.length} expectations failed`}; wrote ${dir}/\n`);
    }
    if (failed.length > 0) process.exitCode = 3;
  },
};
