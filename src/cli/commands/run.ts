import type { CommandModule } from 'yargs';
import { join } from 'node:path';
import { loadScenario } from '../../scenario/load.js';
import { runScenario } from '../../sim/run.js';
import { consoleTable, incidentsCsv, summaryJson, traceJsonl, writeFolderAtomically, writeText } from '../../io/outputs.js';
import { KPI_NAMES } from '../../metrics/types.js';
import { buildRunReport } from '../../report/run-report.js';
import { writeReport } from '../../report/write.js';
import { parseFormats } from './shared.js';

interface RunArgs {
  file: string;
  set?: string[];
  replications?: number;
  seed?: string;
  out?: string;
  json?: boolean;
  trace?: boolean;
  format?: string;
  report?: boolean;
}

export const runCommand: CommandModule<object, RunArgs> = {
  command: 'run <file>',
  describe: 'simulate a scenario and write reports/<scenario>/ (summary.json, incidents.csv, index.html)',
  builder: (y) =>
    y
      .positional('file', { type: 'string', demandOption: true, describe: 'scenario file (YAML or JSON)' })
      .option('set', { type: 'string', array: true, describe: 'override a field: --set teams[0].engineers.count=14' })
      .option('replications', { type: 'number', describe: 'number of replications (overrides the scenario)' })
      .option('seed', { type: 'string', describe: 'scenario seed (overrides the scenario)' })
      .option('out', { type: 'string', describe: 'output folder (default reports/<scenario>)' })
      .option('json', { type: 'boolean', describe: 'print the summary as JSON on stdout' })
      .option('trace', { type: 'boolean', describe: 'also write the event log of the first replication (trace.jsonl)' })
      .option('format', { type: 'string', default: 'html', describe: 'report formats: html,svg,png (comma-separated)' })
      .option('report', { type: 'boolean', default: true, describe: 'write the HTML report (--no-report to skip)' })
      .example('$0 run scenarios/default.yaml', 'simulate the default scenario')
      .example('$0 run scenarios/mmc.yaml --set teams[0].engineers.count=21 --json', 'what-if with one more agent'),
  handler: async (args) => {
    const overrides = [...(args.set ?? [])];
    if (args.replications !== undefined) overrides.push(`replications=${args.replications}`);
    if (args.seed !== undefined) overrides.push(`seed=${args.seed}`);
    const formats = parseFormats(args.format ?? 'html');
    const { scenario, source } = loadScenario(args.file, { overrides });
    const result = runScenario(scenario, { trace: args.trace });
    const dir = args.out ?? join('reports', scenario.name);
    await writeFolderAtomically(dir, async (tmp) => {
      writeText(tmp, 'summary.json', summaryJson(result.summary));
      writeText(tmp, 'incidents.csv', incidentsCsv(result.incidents));
      if (result.trace) writeText(tmp, 'trace.jsonl', traceJsonl(result.trace));
      if (args.report !== false) {
        const input = buildRunReport(result.summary, result.incidents, source, { wallTimeSeconds: result.wallSeconds, runDate: new Date().toISOString() });
        await writeReport(tmp, input, { formats });
      }
    });
    if (args.json) process.stdout.write(summaryJson(result.summary));
    else {
      process.stdout.write(consoleTable(result.summary, KPI_NAMES));
      process.stdout.write(`wrote ${dir}/ (${result.events} events in ${result.wallSeconds.toFixed(1)} s)\n`);
    }
  },
};
