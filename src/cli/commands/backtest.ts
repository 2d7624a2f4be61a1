import type { CommandModule } from 'yargs';
import { join } from 'node:path';
import { readHistory } from '../../io/import/jsonl.js';
import { backtest, parseWeekRange, type BacktestBlock, type BacktestResult } from '../../replay/backtest.js';
import { writeFolderAtomically, writeText } from '../../io/outputs.js';
import { UserError } from '../../errors.js';
import { importOptions, toImportOptions } from './import.js';
import { parseHalfLife } from './fit.js';
import { progressBar } from './shared.js';
import { buildBacktestReport } from '../../report/backtest-report.js';
import { writeReport } from '../../report/write.js';

interface BacktestArgs {
  file: string;
  profile?: string;
  mapping?: string;
  tz?: string;
  strict?: boolean;
  train: string;
  test: string;
  replications?: number;
  seed?: number;
  warmup?: number;
  drain?: number;
  trend?: boolean;
  teams?: number;
  'half-life'?: string;
  staff?: string[];
  out?: string;
  json?: boolean;
}

/** `incisim backtest <file>`: its options and what it does (its name and summary are in ./index.ts). */
export const backtestCommand: CommandModule<object, BacktestArgs> = {
  builder: (y) =>
    importOptions(y)
      .positional('file', { type: 'string', demandOption: true, describe: 'an event log (.csv, .csv.gz, .xes, .xes.gz) or the .jsonl of incisim import --out' })
      .option('train', { type: 'string', demandOption: true, describe: 'training ISO weeks, e.g. 2016-W09..2016-W17' })
      .option('test', { type: 'string', demandOption: true, describe: 'test ISO weeks after them, e.g. 2016-W18..2016-W21' })
      .option('replications', { type: 'number', default: 5, describe: 'replications per block' })
      .option('seed', { type: 'number', default: 1, describe: 'scenario seed' })
      .option('warmup', { type: 'number', default: 2, describe: 'weeks simulated before the test weeks with their observed arrivals' })
      .option('drain', { type: 'number', default: 26, describe: 'weeks simulated after the test weeks without arrivals' })
      .option('trend', { type: 'boolean', default: false, describe: 'apply the fitted weekly trend to the forecast arrivals' })
      .option('teams', { type: 'number', default: 8, describe: 'largest groups modelled as teams; the rest pooled as "other"' })
      .option('half-life', { type: 'string', default: 'auto', describe: 'recency weighting of the samples in weeks (auto, inf, or a number)' })
      .option('staff', { type: 'string', array: true, describe: 'what-if: scale a team\'s observed headcount, e.g. --staff group-70=0.8' })
      .option('out', { type: 'string', describe: 'report folder (default reports/backtest)' })
      .option('json', { type: 'boolean', describe: 'print the result as JSON' })
      .example('$0 backtest incident_event_log.csv.gz --train 2016-W09..2016-W17 --test 2016-W18..2016-W21', 'the planner\'s check that the fitted model predicts'),
  handler: async (args) => {
    for (const k of ['replications', 'teams'] as const) {
      const v = args[k];
      if (v !== undefined && !(Number.isInteger(v) && v >= 1)) throw new UserError(`--${k}: ${v} is not a whole number ≥ 1`);
    }
    for (const k of ['warmup', 'drain'] as const) {
      const v = args[k];
      if (v !== undefined && !(Number.isInteger(v) && v >= 0)) throw new UserError(`--${k}: ${v} is not a whole number of weeks ≥ 0`);
    }
    const staffing: Record<string, number> = {};
    for (const s of args.staff ?? []) {
      const m = /^([A-Za-z0-9][A-Za-z0-9_.-]*)=([0-9.]+)$/.exec(s);
      if (m === null || !(Number(m[2]) > 0)) throw new UserError(`--staff: "${s}" is not TEAM=FACTOR with a factor > 0, e.g. group-70=0.8`);
      staffing[m[1]] = Number(m[2]);
    }
    const halfLife = parseHalfLife(args['half-life']);
    const train = parseWeekRange(args.train, '--train');
    const test = parseWeekRange(args.test, '--test');
    if (train[1] < train[0]) throw new UserError(`--train: ${train[1]} is before ${train[0]}`);
    if (test[1] < test[0]) throw new UserError(`--test: ${test[1]} is before ${test[0]}`);
    if (test[0] <= train[1]) throw new UserError(`--test: ${test[0]} starts before the training window ends (${train[1]}); the test weeks must come after the training weeks`);
    const { incidents } = await readHistory(args.file, toImportOptions(args));
    const total = 2 * (args.replications ?? 5);
    const bar = progressBar(total);
    let result: BacktestResult;
    try {
      result = backtest(incidents, {
        zone: args.tz ?? 'UTC',
        train: args.train,
        test: args.test,
        replications: args.replications,
        seed: args.seed,
        warmup: args.warmup,
        drain: args.drain,
        trend: args.trend,
        teams: args.teams,
        halfLife,
        staffing,
        onProgress: (d) => bar?.update(d),
      });
    } finally {
      bar?.stop();
    }
    const unknown = Object.keys(staffing).filter((t) => !result.fit.teams.some((x) => x.id === t));
    if (unknown.length > 0) throw new UserError(`--staff: no team ${unknown.map((t) => `"${t}"`).join(', ')} in the fitted model; its teams: ${result.fit.teams.map((t) => t.id).join(', ')}`);
    const dir = args.out ?? join('reports', 'backtest');
    const report = buildBacktestReport(result, { file: args.file, runDate: new Date().toISOString() });
    const plain = backtestJson(result);
    await writeFolderAtomically(dir, async (tmp) => {
      writeText(tmp, 'backtest.json', JSON.stringify({ ...(plain as object), distributions: { backtest: result.backtest.distributions, forecast: result.forecast?.distributions } }, null, 2) + '\n');
      await writeReport(tmp, report, { formats: ['html', 'json', 'csv'] });
    });
    if (args.json) process.stdout.write(JSON.stringify(plain, null, 2) + '\n');
    else process.stdout.write(backtestText(result) + `wrote ${dir}/ (index.html, backtest.json, charts/, tables/)\n`);
  },
};

/** The result as plain JSON: windows, headcount, and the two blocks (without the distributions). */
export function backtestJson(r: BacktestResult): unknown {
  const block = (b: BacktestBlock) => {
    const { distributions: _d, ...rest } = b;
    return rest;
  };
  return { train: r.train, test: r.test, replications: r.replications, halfLife: r.fit.halfLife.weeks, headcount: r.headcount, backtest: block(r.backtest), forecast: r.forecast && block(r.forecast) };
}

const f = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '–');
const pct = (x: number) => (Number.isFinite(x) ? `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%` : '–');

function blockText(b: BacktestBlock, what: string): string[] {
  const lines = [`${what}:`, '  time to resolve, hours      observed [95% interval]    simulated     error'];
  for (const [name, q] of [['median', b.medianResolve], ['p90', b.p90Resolve]] as const) {
    for (const [k, c] of Object.entries(q)) {
      lines.push(`  ${`${name} ${k}`.padEnd(22)} ${f(c.observed).padStart(9)} [${f(c.lo)}, ${f(c.hi)}]`.padEnd(52) + `${f(c.simulated).padStart(9)}  ${pct(c.error).padStart(8)}`);
    }
  }
  lines.push(`  ttrLogW1 ${b.ttrLogW1.toFixed(3)} (log10 hours; 0 = identical, 0.1 ≈ a 26% shift)`);
  lines.push(`  reassignments per incident: observed ${b.reassignments.observed.toFixed(3)}, simulated ${b.reassignments.simulated.toFixed(3)}`);
  lines.push(`  weekly volume: ${b.weeklyVolume.map((w) => `${w.week} ${w.observed} → ${w.simulated.toFixed(0)} (${pct(w.error)})`).join(', ')}`);
  return lines;
}

/** The console text of a backtest. */
export function backtestText(r: BacktestResult): string {
  const n = (v: number) => v.toLocaleString('en-US');
  const hl = r.fit.halfLife;
  return [
    `trained on ${r.train.from}..${r.train.to} (${r.train.weeks} weeks, ${n(r.train.incidents)} incidents; recency half-life ${Number.isFinite(hl.weeks) ? `${hl.weeks} weeks` : 'none'}${hl.auto ? ', auto' : ''}),`,
    `tested on ${r.test.from}..${r.test.to} (${r.test.weeks} weeks, ${n(r.test.incidents)} incidents), ${r.replications} replications each`,
    ...blockText(r.backtest, 'with the test weeks\' own arrivals and observed headcount'),
    ...(r.forecast ? blockText(r.forecast, 'with the model\'s forecast arrivals') : []),
  ].join('\n') + '\n';
}
