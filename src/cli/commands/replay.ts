import type { CommandModule } from 'yargs';
import { join } from 'node:path';
import { readHistory } from '../../io/import/jsonl.js';
import { loadScenario } from '../../scenario/load.js';
import { replay, type Estimate, type ReplayComparison } from '../../replay/index.js';
import { writeFolderAtomically, writeText } from '../../io/outputs.js';
import { importOptions, toImportOptions } from './import.js';
import { progressBar, reportFolder } from './shared.js';
import { buildReplayReport, routingText } from '../../report/replay-report.js';
import { writeReport } from '../../report/write.js';

interface ReplayArgs {
  file: string;
  scenario: string;
  profile?: string;
  mapping?: string;
  tz?: string;
  strict?: boolean;
  arrivals?: string;
  routing?: string;
  set?: string[];
  replications?: number;
  drain?: number;
  out?: string;
  json?: boolean;
}

/** `incisim replay <file>`: its options and what it does (its name and summary are in ./index.ts). */
export const replayCommand: CommandModule<object, ReplayArgs> = {
  builder: (y) =>
    importOptions(y)
      .positional('file', { type: 'string', demandOption: true, describe: 'an export (.csv, .csv.gz) or the .jsonl of incisim import --out' })
      .option('scenario', { type: 'string', demandOption: true, describe: 'scenario (e.g. from incisim fit): teams, work times, routing; its start and horizon set the window' })
      .option('arrivals', { type: 'string', default: 'history', choices: ['history', 'scenario'], describe: 'replay the historical arrivals, or the scenario\'s own (validates a fit)' })
      .option('routing', { type: 'string', describe: 'routing policy to use (overrides the scenario\'s)' })
      .option('set', { type: 'string', array: true, describe: 'override a scenario field: --set teams[0].engineers.count=14' })
      .option('replications', { type: 'number', describe: 'replications (default: the scenario\'s)' })
      .option('drain', { type: 'number', default: 52, describe: 'weeks simulated after the window (without arrivals) so that late incidents resolve' })
      .option('out', { type: 'string', describe: 'output folder (default reports/<scenario>-replay)' })
      .option('json', { type: 'boolean', describe: 'print the comparison as JSON' })
      .example('$0 replay history.jsonl --scenario scenarios/fitted.yaml', 'replay the imported history')
      .example('$0 replay history.jsonl --scenario fitted.yaml --arrivals scenario', 'check a fitted scenario against the data'),
  handler: async (args) => {
    const loaded = loadScenario(args.scenario, { overrides: args.set ?? [] }).scenario;
    const scenario = args.routing !== undefined ? { ...loaded, routing: { policy: args.routing } } : loaded;
    const { incidents } = await readHistory(args.file, toImportOptions(args));
    const total = args.replications ?? scenario.replications ?? 10;
    const bar = progressBar(total);
    let result: ReplayComparison;
    try {
      result = replay(incidents, scenario, {
        arrivals: args.arrivals as 'history' | 'scenario',
        replications: args.replications,
        drain: (args.drain ?? 52) * 10080,
        onProgress: (d) => bar?.update(d),
      });
    } finally {
      bar?.stop();
    }
    const dir = args.out ?? reportFolder(scenario.name, '-replay');
    const report = buildReplayReport(result, {
      file: args.file,
      scenario: scenario.name,
      policy: routingText(scenario),
      seed: scenario.seed ?? 1,
      drainWeeks: args.drain ?? 52,
      runDate: new Date().toISOString(),
    });
    await writeFolderAtomically(dir, async (tmp) => {
      writeText(tmp, 'replay.json', JSON.stringify(result, null, 2) + '\n');
      writeText(tmp, 'replay.csv', replayCsv(result));
      await writeReport(tmp, report, { formats: ['html', 'json', 'csv'] });
    });
    if (args.json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
    else process.stdout.write(replayText(result) + `wrote ${dir}/ (index.html, replay.json, replay.csv, charts/)\n`);
  },
};

const est = (e: Estimate, scale = 1, digits = 1) => `${(e.mean / scale).toFixed(digits)} [${(e.ci95[0] / scale).toFixed(digits)}, ${(e.ci95[1] / scale).toFixed(digits)}]`;

/** The comparison as a console table. */
export function replayText(r: ReplayComparison): string {
  const lines = [
    `${r.arrivals === 'history' ? 'historical' : 'scenario'} arrivals, ${r.replications} replications, ${r.window.weeks} weeks from ${r.window.start}`,
    `                         observed   simulated (mean [95% CI])     error`,
    `arrivals per week      ${r.perWeek.observed.toFixed(1).padStart(10)}   ${est(r.perWeek.simulated).padEnd(28)} ${pct(r.perWeek.error)}`,
    `reassignments/incident ${r.reassignments.observed.toFixed(3).padStart(10)}   ${est(r.reassignments.simulated, 1, 3).padEnd(28)} ${r.reassignments.observed > 0 ? pct(r.reassignments.simulated.mean / r.reassignments.observed - 1) : ''}`.trimEnd(),
    'time to resolve, hours:',
  ];
  for (const p of r.byPriority) {
    lines.push(`  ${p.priority.padEnd(5)} median ${(p.observed.median / 60).toFixed(1).padStart(10)}   ${(p.simulated.pooledMedian / 60).toFixed(1).padEnd(28)} ${pct(p.medianError)}  (all replications pooled)`);
    lines.push(`        observed median 95% CI [${(p.observed.medianCi[0] / 60).toFixed(1)}, ${(p.observed.medianCi[1] / 60).toFixed(1)}]: simulated ${p.medianInCi ? 'inside' : 'OUTSIDE'}; per replication ${est(p.simulated.median, 60)}`);
    lines.push(`        mean   ${(p.observed.mean / 60).toFixed(1).padStart(10)}   ${est(p.simulated.mean, 60).padEnd(28)} (n ${p.observed.resolved} observed resolved)`);
  }
  if (r.pooled > 0) lines.push(`${r.pooled.toLocaleString('en-US')} incidents had no class of their own (group × priority) and ran as other-<priority> (or their priority's first class)`);
  return lines.join('\n') + '\n';
}

function pct(x: number): string {
  return `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
}

/** One row per figure: figure, key, observed, simulated mean, ci low, ci high. */
export function replayCsv(r: ReplayComparison): string {
  const rows = ['figure,key,observed,simulated,ci95_low,ci95_high'];
  const row = (f: string, k: string, o: number, e: Estimate) => rows.push([f, k, o, e.mean, e.ci95[0], e.ci95[1]].join(','));
  for (const w of r.weekly) row('arrivals', w.start, w.observed, w.simulated);
  row('arrivals_per_week', 'all', r.perWeek.observed, r.perWeek.simulated);
  row('reassignments_per_incident', 'all', r.reassignments.observed, r.reassignments.simulated);
  for (const p of r.byPriority) {
    rows.push(['ttr_median_pooled_minutes', p.priority, p.observed.median, p.simulated.pooledMedian, '', ''].join(','));
    row('ttr_median_minutes', p.priority, p.observed.median, p.simulated.median);
    row('ttr_mean_minutes', p.priority, p.observed.mean, p.simulated.mean);
  }
  return rows.join('\n') + '\n';
}
