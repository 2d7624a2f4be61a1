import type { CommandModule } from 'yargs';
import { join } from 'node:path';
import { UserError, show } from '../../errors.js';
import { loadScenario } from '../../scenario/load.js';
import { runScenarioParallel } from '../../sim/parallel.js';
import { makePartial, parseShard, shardIndices } from '../../sim/shards.js';
import { buildModel } from '../../model/build.js';
import type { RunResult } from '../../sim/run.js';
import type { Summary } from '../../metrics/types.js';
import { consoleTable, summaryJson, traceJsonl, writeFileAtomically, writeFolderAtomically, writeIncidentsCsv, writeText } from '../../io/outputs.js';
import { KPI_NAMES } from '../../metrics/types.js';
import { buildRunReport } from '../../report/run-report.js';
import { writeReport } from '../../report/write.js';
import { parseFormats, progressBar, reportFolder } from './shared.js';
import { readBacklog } from '../../io/backlog.js';
import { fmtMinutes } from '../../io/outputs.js';
import { DateTime } from 'luxon';
import { runReplication, type TraceEvent } from '../../sim/lifecycle/index.js';
import type { IncidentRecord } from '../../sim/records.js';
import { eventLogFile, eventLogOf } from '../../io/export-log.js';

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
  workers?: number;
  shard?: string;
  incidents?: boolean;
  maxEvents?: number;
  'export-log'?: string;
  backlog?: string;
  tz?: string;
}

/** `incisim run <file>`: its options and what it does (its name and summary are in ./index.ts). */
export const runCommand: CommandModule<object, RunArgs> = {
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
      .option('incidents', { type: 'boolean', default: true, describe: 'write incidents.csv of the first replication (--no-incidents keeps no per-incident records: for large runs)' })
      .option('workers', { type: 'number', describe: 'threads running replications, this one included (default: one per 125,000 expected incidents of the run, up to the cores)' })
      .option('max-events', { type: 'number', describe: 'stop a replication that runs more events than this, as a runaway (default 200,000,000)' })
      .option('export-log', { type: 'string', describe: 'also write replication 0 as an event log: FILE.xes (or .xes.gz) as XES, FILE.csv as the event-log CSV incisim import reads' })
      .option('backlog', { type: 'string', describe: 'start from the tickets open at the scenario start: the JSON lines of incisim import --out, or a CSV export of open tickets' })
      .option('tz', { type: 'string', describe: 'time zone of the --backlog CSV\'s dates without an offset (default UTC)' })
      .option('shard', { type: 'string', describe: 'run only shard i/n of the replications and write partial-<i>-of-<n>.json (merge with incisim merge)' })
      .example('$0 run scenarios/default.yaml', 'simulate the default scenario')
      .example('$0 run scenarios/mmc.yaml --set teams[0].engineers.count=21 --json', 'what-if with one more agent')
      .example('$0 run scenarios/default.yaml --shard 0/4 --out parts/', 'one of four shards (see incisim merge)')
      .example('$0 run scenarios/backlog/service-desk.yaml --backlog scenarios/backlog/open.jsonl', 'start from today\'s open tickets'),
  handler: async (args) => {
    const overrides = [...(args.set ?? [])];
    if (args.replications !== undefined) overrides.push(`replications=${args.replications}`);
    if (args.seed !== undefined) overrides.push(`seed=${args.seed}`);
    if (args.maxEvents !== undefined && !(Number.isInteger(args.maxEvents) && args.maxEvents >= 1)) {
      throw new UserError(`--max-events: ${show(args.maxEvents)} is not a number of events; expected a whole number ≥ 1`);
    }
    const formats = parseFormats(args.format ?? 'html');
    const exportLog = args['export-log'];
    if (exportLog !== undefined && !/\.(csv|xes|xes\.gz)$/i.test(exportLog)) throw new UserError(`--export-log: "${exportLog}" should end in .xes, .xes.gz or .csv (the form it is written in)`);
    const { scenario, source } = loadScenario(args.file, { overrides });
    if (args.backlog !== undefined) {
      const b = await readBacklog(args.backlog, scenario, args.tz !== undefined ? { tz: args.tz } : {});
      scenario.backlog = { source: args.backlog, tickets: b.tickets };
      const notes = [b.notOpen > 0 ? `${b.notOpen} not open at the start` : '', b.assigneesDropped > 0 ? `${b.assigneesDropped} assignee${b.assigneesDropped === 1 ? '' : 's'} not in the team: routed in it` : ''].filter(Boolean);
      process.stderr.write(`backlog: ${args.backlog}: ${b.tickets.length} tickets open at the start (${b.read} read${notes.length ? `; ${notes.join('; ')}` : ''})\n`);
    }
    const shard = args.shard !== undefined ? parseShard(args.shard) : undefined;
    const model = buildModel(scenario);
    const indices = shard ? shardIndices(model.replications, shard) : undefined;
    const total = indices?.length ?? model.replications;
    const bar = progressBar(total);
    let result: RunResult;
    try {
      result = await runScenarioParallel(scenario, { trace: args.trace, keepIncidents: args.incidents !== false, indices, extras: args.maxEvents !== undefined ? { maxEvents: args.maxEvents } : undefined, workers: args.workers, onProgress: (d) => bar?.update(d) });
    } finally {
      bar?.stop();
    }
    if (shard) {
      const dir = args.out ?? join(reportFolder(scenario.name), 'partials');
      const name = `partial-${shard.index}-of-${shard.count}.json`;
      writeFileAtomically(join(dir, name), JSON.stringify(makePartial(scenario, shard, result)) + '\n');
      process.stdout.write(`wrote ${join(dir, name)} (replications ${indices!.join(', ') || 'none'})\n`);
      return;
    }
    await writeRunOutputs(args.out ?? reportFolder(scenario.name), result, source, { json: args.json, formats, report: args.report !== false, incidents: args.incidents !== false });
    if (exportLog !== undefined) {
      const n = writeEventLog(model, scenario.start, exportLog);
      if (!args.json) process.stdout.write(`wrote ${exportLog} (replication 0: ${n.toLocaleString('en-US')} events)\n`);
    }
  },
};

/** Runs replication 0 of `model` with its trace and writes it as an event log; returns the number of events. */
export function writeEventLog(model: ReturnType<typeof buildModel>, start: string, file: string): number {
  const trace: TraceEvent[] = [];
  const records: IncidentRecord[] = [];
  runReplication(model, { index: 0, trace: (e) => trace.push(e), onIncident: (r) => records.push(r) });
  const events = eventLogOf(trace);
  writeFileAtomically(file, eventLogFile(file, events, records, DateTime.fromISO(start, { setZone: true }).toMillis())!);
  return events.length;
}

/**
 * Writes the run's folder and prints the table (or the JSON summary). Shared by run and merge.
 * The printed text is made before the folder is written, so nothing can fail after it is in place.
 */
export async function writeRunOutputs(
  dir: string,
  result: RunResult,
  source: string,
  options: { json?: boolean; formats: ReturnType<typeof parseFormats>; report: boolean; incidents?: boolean },
): Promise<Summary> {
  const text = options.json
    ? summaryJson(result.summary)
    : consoleTable(result.summary, KPI_NAMES) + (backlogLine(result.summary) ?? '') + `wrote ${dir}/ (${result.events} events in ${result.wallSeconds.toFixed(1)} s)\n`;
  await writeFolderAtomically(dir, async (tmp) => {
    writeText(tmp, 'summary.json', summaryJson(result.summary));
    if (options.incidents !== false) writeIncidentsCsv(tmp, 'incidents.csv', result.incidents);
    if (result.trace) writeText(tmp, 'trace.jsonl', traceJsonl(result.trace));
    if (options.report) {
      const input = buildRunReport(result.summary, result.incidents, source, { wallTimeSeconds: result.wallSeconds, runDate: new Date().toISOString() });
      await writeReport(tmp, input, { formats: options.formats });
    }
  });
  process.stdout.write(text);
  return result.summary;
}

/** "backlog: 340 tickets at the start, 12.4 [9.8, 15.0] still open after 1 week; resolve SLA back at 90% from day 4 …" */
export function backlogLine(s: Summary): string | undefined {
  const b = s.burnDown;
  if (!b) return undefined;
  const at = (minutes: number) => {
    const j = Math.min(b.t.length - 1, Math.max(0, Math.round(minutes / (b.t[1] - b.t[0] || 60))));
    return `${b.mean[j].toFixed(1)} [${b.lo[j].toFixed(1)}, ${b.hi[j].toFixed(1)}]`;
  };
  const half = b.mean.findIndex((m) => m <= b.seeded / 2);
  const d = s.dailySla;
  const recovery = !d
    ? ''
    : d.recoveryDay
      ? `; resolve-SLA attainment back at ${(d.target * 100).toFixed(0)}% for good from day ${d.recoveryDay.mean.toFixed(1)} [${d.recoveryDay.ci95[0].toFixed(1)}, ${d.recoveryDay.ci95[1].toFixed(1)}] (in ${d.recovered} of ${s.replications} replications)`
      : `; resolve-SLA attainment not back at ${(d.target * 100).toFixed(0)}% for good within the horizon`;
  return `backlog: ${b.seeded} tickets open at the start; half of them closed after ${half >= 0 ? fmtMinutes(b.t[half]) : 'more than the horizon'}; ${at(1440)} still open after 1 day, ${at(7 * 1440)} after 1 week${recovery}\n`;
}
