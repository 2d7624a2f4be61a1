import type { CommandModule } from 'yargs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { isUserError, UserError } from '../../errors.js';
import { loadScenario } from '../../scenario/load.js';
import { readHistory } from '../../io/import/jsonl.js';
import { checkFit, fitHistory, scenarioYaml, slug, type FitResult, type WorkMode } from '../../fit/index.js';
import { fitCapacity, type CapacityFit } from '../../fit/capacity.js';
import { capacityScenarioYaml } from '../../fit/capacity-scenario.js';
import { fitItil } from '../../fit/itil.js';
import { writeFileAtomically } from '../../io/outputs.js';
import { importOptions, toImportOptions } from './import.js';

interface FitArgs {
  file: string;
  profile?: string;
  mapping?: string;
  tz?: string;
  strict?: boolean;
  out?: string;
  json?: string;
  name?: string;
  from?: string;
  to?: string;
  teams?: number;
  'min-sample'?: number;
  families?: string;
  work?: string;
  method?: string;
  'half-life'?: string;
  'default-priority'?: string;
  itil?: boolean;
}

/** `incisim fit <file>`: its options and what it does (its name and summary are in ./index.ts). */
export const fitCommand: CommandModule<object, FitArgs> = {
  builder: (y) =>
    importOptions(y)
      .positional('file', { type: 'string', demandOption: true, describe: 'an export (.csv, .csv.gz) or the .jsonl of incisim import --out' })
      .option('out', { type: 'string', describe: 'write the scenario here (default: print it)' })
      .option('json', { type: 'string', describe: 'also write every fitted figure as JSON to this file' })
      .option('name', { type: 'string', describe: 'scenario name (default: from the file name)' })
      .option('from', { type: 'string', describe: 'first ISO week to fit, e.g. 2016-W09 (default: automatic)' })
      .option('to', { type: 'string', describe: 'last ISO week to fit (inclusive)' })
      .option('teams', { type: 'number', default: 8, describe: 'largest groups modelled as teams; the rest are pooled as "other"' })
      .option('min-sample', { type: 'number', default: 50, describe: 'smallest team × priority sample fitted on its own' })
      .option('work', { type: 'string', default: 'empirical', choices: ['empirical', 'fitted'], describe: 'write work times as each class\'s interpolated percentiles, or as the chosen fitted family' })
      .option('families', { type: 'string', describe: 'elapsed method: families to choose among (default lognormal,gamma,weibull,exponential)' })
      .option('method', { type: 'string', choices: ['auto', 'capacity', 'elapsed'], default: 'auto', describe: 'capacity: the capacity model from event timelines (needs an event log); elapsed: opened → resolved fits (one-row exports); auto: capacity when the import has events' })
      .option('half-life', { type: 'string', default: 'auto', describe: 'capacity method: recency weighting of the samples in weeks (auto: chosen by validation inside the window; inf: none)' })
      .option('default-priority', { type: 'string', describe: 'priority of incidents without one (default P3)' })
      .option('itil', { type: 'boolean', default: false, describe: 'capacity method: also fit known errors (knowledge), closure codes (closed_code) and reopens per class from the log\'s columns' })
      .example('$0 fit incident_event_log.csv.gz --out scenarios/fitted.yaml', 'fit a scenario to the shared log'),
  handler: async (args) => {
    const halfLife = parseHalfLife(args['half-life']);
    if (args['default-priority'] !== undefined && !/^P[1-5]$/.test(args['default-priority'])) throw new UserError(`--default-priority: "${args['default-priority']}" is not P1..P5`);
    const { incidents, summary } = await readHistory(args.file, toImportOptions(args));
    const hasEvents = incidents.some((i) => i.events !== undefined && i.events.length > 0);
    const method = args.method === 'auto' || args.method === undefined ? (hasEvents ? 'capacity' : 'elapsed') : args.method;
    if (method === 'capacity' && !hasEvents) throw new UserError(`${args.file}: --method capacity needs an event log (one row per update or activity, or XES); this import has no events (use --method elapsed)`);
    const name = args.name ?? `fitted-${slug(basename(args.file).replace(/\.(csv|csv\.gz|gz|jsonl|xes|xes\.gz)$/i, '').replace(/\.(csv|xes)$/i, ''))}`;
    const source = `${basename(args.file)} (${summary.profile} profile${summary.rowsSkipped > 0 ? `, ${summary.rowsSkipped} rows skipped` : ''})`;
    if (method === 'capacity') {
      const cap = namingTheFile(args.file, () => fitCapacity(incidents, { zone: args.tz ?? 'UTC', from: args.from, to: args.to, teams: args.teams, halfLife, defaultPriority: args['default-priority'] }));
      const itil = fitItil(incidents, cap);
      const text = capacityScenarioYaml(cap, { name, source, ...(args.itil ? { itil } : { itilColumns: itil.columns }) });
      assertLoads(text);
      if (args.json !== undefined) writeFileAtomically(args.json, JSON.stringify(cap, null, 2) + '\n');
      if (args.out === undefined) {
        process.stdout.write(text);
        return;
      }
      writeFileAtomically(args.out, text);
      process.stdout.write(capacityText(cap, args.out));
      return;
    }
    const fit = namingTheFile(args.file, () => fitHistory(incidents, {
      zone: args.tz ?? 'UTC',
      from: args.from,
      to: args.to,
      teams: args.teams,
      minSample: args['min-sample'],
      families: args.families?.split(',').map((s) => s.trim()).filter(Boolean),
    }));
    const work = (args.work ?? 'empirical') as WorkMode;
    const text = scenarioYaml(fit, { name, work, source });
    assertLoads(text);
    if (args.json !== undefined) writeFileAtomically(args.json, JSON.stringify(fitJson(fit), null, 2) + '\n');
    if (args.out === undefined) {
      process.stdout.write(text);
      return;
    }
    writeFileAtomically(args.out, text);
    process.stdout.write(fitText(fit, args.out, work));
  },
};

/** Runs `f`; a UserError about the data as a whole (`fit: …`) is said of the file it came from. */
function namingTheFile<T>(file: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (isUserError(e) && e.message.startsWith('fit: ')) throw new UserError(`${file}: ${e.message.slice(5)}`);
    throw e;
  }
}

/**
 * Throws (an internal error: a bug of fit, not the user's) when the scenario loader would refuse
 * `text`, so that fit never writes or prints a scenario that `incisim run` cannot read.
 */
export function assertLoads(text: string): void {
  const dir = mkdtempSync(join(tmpdir(), 'incisim-fit-check-'));
  try {
    const file = join(dir, 'fitted.yaml');
    writeFileSync(file, text);
    loadScenario(file);
  } catch (e) {
    if (isUserError(e)) throw new Error(`fit made a scenario the loader refuses (${e.message.replace(/^.*?fitted\.yaml: /, '')})`);
    throw e;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The fit as plain data (CDFs dropped), for --json. */
export function fitJson(fit: FitResult): unknown {
  return JSON.parse(JSON.stringify(fit, (k, v) => (k === 'cdf' || k === 'sorted' ? undefined : v)));
}

/** A short console summary of a fit. */
export function fitText(fit: FitResult, out: string, work: WorkMode = 'empirical'): string {
  const w = fit.window;
  const lines = [
    `fitted ISO weeks ${w.from}..${w.to} (${w.weeks} weeks, ${w.incidents.toLocaleString('en-US')} incidents, ${fit.perWeek.toFixed(1)} a week)`,
    `opened → resolved per priority, minutes (scenario = median of its classes' ${work === 'empirical' ? 'percentiles' : 'chosen fits'}, mixed by rate):`,
    '  priority      n   median  fit median  scenario   error  fit',
  ];
  const check = new Map(checkFit(fit, work).byPriority.map((c) => [c.priority, c]));
  for (const [p, f] of Object.entries(fit.workByPriority).sort()) {
    const c = check.get(p);
    const err = c ? `${c.error >= 0 ? '+' : ''}${(c.error * 100).toFixed(1)}%` : '';
    lines.push(`  ${p.padEnd(8)} ${String(f.n).padStart(6)} ${f.empirical.median.toFixed(0).padStart(8)} ${f.chosen.fitted.median.toFixed(0).padStart(11)} ${(c ? c.model.toFixed(0) : '').padStart(9)} ${err.padStart(7)}  ${f.chosen.fitted.spec}${f.chosenBy === 'quantiles' ? ' (quantile match)' : ''}`);
    const classes = fit.classes.filter((x) => x.priority === p);
    const rechosen = classes.filter((x) => x.work.chosenBy === 'priority-median').length;
    if (rechosen > 0 && work === 'fitted') lines.push(`           ${rechosen} of ${classes.length} classes re-chosen through their median and their quantile at the priority's median`);
  }
  lines.push(`${fit.teams.length} teams, ${fit.classes.length} arrival classes; reassignments ${fit.reassignment.mean.toFixed(2)} per incident`);
  lines.push(`wrote ${out}`);
  return lines.join('\n') + '\n';
}

/** --half-life: "auto", "inf", or a number of weeks > 0. */
export function parseHalfLife(text: string | undefined): number | 'auto' {
  if (text === undefined || text === 'auto') return 'auto';
  if (text === 'inf' || text === 'Infinity') return Infinity;
  const v = Number(text);
  if (!(v > 0)) throw new UserError(`--half-life: "${text}" is not a number of weeks > 0, auto or inf`);
  return v;
}

/** A short console summary of a capacity fit. */
export function capacityText(fit: CapacityFit, out: string): string {
  const w = fit.window;
  const n = (v: number) => Math.round(v).toLocaleString('en-US');
  const h = fit.halfLife;
  const lines = [
    `capacity model fitted on ISO weeks ${w.from}..${w.to} (${w.weeks} weeks, ${n(w.incidents)} incidents, ${fit.perWeek.toFixed(1)} a week; variance ÷ mean of weekly counts ${fit.dispersion.toFixed(1)}, trend ${(fit.trendPerWeek * 100).toFixed(2)}% a week)`,
    `recency half-life ${Number.isFinite(h.weeks) ? `${h.weeks} weeks` : 'none'}${h.auto ? (h.validation ? ` (auto: W1 on the last ${h.validation.weeks} weeks ${h.validation.candidates.map((c) => `${Number.isFinite(c.halfLife) ? c.halfLife : 'inf'}: ${c.w1.toFixed(3)}`).join(', ')})` : ' (auto: window too short to validate)') : ''}`,
    '  team            engineers  capacity  held at once  work content h  utilisation',
  ];
  for (const t of fit.teams) {
    lines.push(`  ${t.id.padEnd(15)} ${String(t.engineers).padStart(9)} ${String(t.concurrency.cap).padStart(9)} ${t.meanHeld.toFixed(1).padStart(13)} ${n(t.effortMinutes / 60).padStart(15)} ${(t.utilisation * 100).toFixed(0).padStart(11)}%`);
  }
  lines.push(`${fit.classes.length} arrival classes (first team × priority), service: shared`);
  lines.push(`wrote ${out}`);
  return lines.join('\n') + '\n';
}
