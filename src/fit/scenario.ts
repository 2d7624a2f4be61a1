/**
 * Writes a FitResult as a scenario file a person can read and edit: plain YAML with a comment
 * beside each fitted number saying where it came from.
 */
import { DateTime } from 'luxon';
import type { FitResult } from './history.js';
import { empiricalSpec, type DurationFit } from './select.js';
import type { WorkMode } from './check.js';
import { LEVELS } from '../scenario/levels.js';

export interface ScenarioTextOptions {
  /** scenario name (an identifier) */
  name: string;
  /** where the data came from, for the header comment (file name, profile) */
  source: string;
  replications?: number;
  seed?: number;
  /** how work times are written (default 'empirical'; the fits are in the comments either way) */
  work?: WorkMode;
}

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** The fitted scenario as YAML text (valid against the scenario schema). */
export function scenarioYaml(fit: FitResult, options: ScenarioTextOptions): string {
  const w = fit.window;
  const work = options.work ?? 'empirical';
  const out: string[] = [];
  const line = (s = '') => out.push(s);
  const n = (v: number) => v.toLocaleString('en-US');
  const start = DateTime.fromMillis(w.start, { zone: fit.zone });
  line(`# Fitted by \`incisim fit\` from ${options.source}.`);
  line(`# ${n(fit.incidents)} incidents imported; fitted on the ${n(w.incidents)} opened in ISO weeks ${w.from}..${w.to}`);
  line(w.auto
    ? `# (${w.weeks} weeks: the longest run of weeks each with at least ${Math.round(w.minWeekShare * 100)}% of the busiest week's arrivals).`
    : `# (${w.weeks} weeks, as asked with --from/--to).`);
  line(`# Dates read in ${fit.zone}. Durations in minutes unless a unit is given.`);
  line('#');
  line('# Work times are the observed elapsed times opened → resolved (waiting, pending states and nights');
  line('# included). Each class also gets maximum-likelihood fits (lognormal, gamma, Weibull, exponential)');
  line('# with AIC and KS verdicts in its comment; the family with the lowest AIC is chosen unless its median');
  line("# falls outside the sample median's 95% interval (then the lognormal through the observed median");
  line("# and p90), or the priority's classes mixed by rate miss its median by over 5% (then lognormals");
  line("# through each class's median and its quantile at the priority's median).");
  line(work === 'empirical'
    ? "# The scenario states each class's 101 percentiles, interpolated (no family fits these data; see the comments); `incisim fit --work fitted` writes the chosen fits."
    : '# The scenario states the chosen fits (`incisim fit --work empirical` writes the percentiles instead).');
  line('# Engineers are present 24x7 and each team has room for more incidents than were ever open at');
  line('# once in the data, so that the simulation adds no queueing of its own.');
  line(`name: ${options.name}`);
  line(`description: ${JSON.stringify(`Fitted from ${options.source}, ISO weeks ${w.from}..${w.to}`)}`);
  line(`start: ${JSON.stringify(start.toISO({ suppressMilliseconds: true }))}   # Monday 00:00 of ${w.from}`);
  line(`timezone: ${fit.zone}`);
  line(`horizon: ${w.weeks * 7}d   # ${w.weeks} weeks`);
  line(`replications: ${options.replications ?? 10}`);
  line(`seed: ${options.seed ?? 1}`);
  line('priorities:');
  const matrix = completeMatrix(fit.matrix, fit.classes.map((c) => c.priority));
  line(matrix.observed === 9
    ? '  # impact → urgency → the most frequent priority of incidents with that impact and urgency'
    : `  # impact → urgency → the most frequent priority of incidents with that impact and urgency (${matrix.observed} of the 9 cells seen in the data;${matrix.observed === 0 ? ' all cells' : ' the others'} follow the ITIL pattern over the priorities seen)`);
  line('  matrix:');
  for (const [im, row] of Object.entries(matrix.cells)) {
    line(`    ${im}: { ${Object.entries(row).map(([u, p]) => `${u}: ${p}`).join(', ')} }`);
  }
  line('teams:');
  for (const t of fit.teams) {
    const groups = t.groups.length <= 4 ? t.groups.join(', ') : `${t.groups.slice(0, 4).join(', ')} and ${t.groups.length - 4} more groups`;
    line(`  # ${groups}: ${n(t.incidents)} incidents in the window, ${t.resolvedPerWeek.toFixed(1)} resolved a week;`);
    line(`  # count = median distinct assignees resolving in a week; at most ${t.maxOpen} open at once (mean ${t.meanOpen.toFixed(1)}),`);
    line(`  # capacity = ceil(1.2 × ${t.maxOpen} ÷ count) concurrent incidents each`);
    line(`  - id: ${t.id}`);
    line(`    name: ${JSON.stringify(t.groups.length === 1 ? t.groups[0] : 'other groups')}`);
    line(`    engineers: { count: ${t.engineers}, capacity: ${t.capacity} }`);
  }
  line('arrivals:');
  // One profile shared through a YAML alias keeps the file short; past MAX_ALIASES classes it is
  // written out in each class (the loader refuses files with many alias expansions).
  const byAlias = fit.classes.length <= MAX_ALIASES + 1;
  let anchored = false;
  for (const c of fit.classes) {
    line(`  # ${c.team}, ${c.priority}: ${n(c.count)} incidents in ${w.weeks} weeks`);
    line(`  - class: ${c.name}`);
    line(`    priority: ${c.priority}`);
    line(`    rate: { perWeek: ${round(c.perWeek, 3)} }`);
    if (!anchored || !byAlias) {
      if (!anchored) {
        line('    # mean arrivals (all classes) in each hour of the week per week, Monday 00:00 first; shared by');
        line(byAlias ? '    # every class through the alias *hour-of-week (the simulator normalises the weights)' : '    # every class (the simulator normalises the weights)');
      }
      line(`    profile: ${byAlias ? '&hour-of-week ' : ''}[`);
      for (let d = 0; d < 7; d++) {
        const row = fit.hourOfWeek.slice(d * 24, d * 24 + 24).map((v) => round(v, 2)).join(', ');
        line(`      ${row}${d < 6 ? ',' : ''}   # ${DAYS[d]}`);
      }
      line('    ]');
      anchored = true;
    } else line('    profile: *hour-of-week');
    line('    path:');
    const whose = {
      class: 'these',
      pool: `(too few of these: all small ${c.priority} classes together)`,
      priority: `(too few of these: all ${c.priority})`,
      team: `(too few of these: all ${c.team})`,
      window: '(too few of these: all)',
    }[c.workFrom];
    for (const l of describeFit(c.work, whose)) line(`      # ${l}`);
    line(`      - team: ${c.team}`);
    line(`        work: ${work === 'empirical' ? empiricalSpec(c.work) : c.work.chosen.fitted.spec}`);
    if (c.closedUnresolved) {
      const u = c.closedUnresolved;
      line(`    # ${pct(u.share)} were closed without a resolution time (${u.after.n.toLocaleString('en-US')} such incidents in the window, closed after a`);
      line(`    # median ${fmt(u.after.empirical.median)}, stated like the work times): closed without work, and`);
      line('    # left out of time-to-resolve figures by incisim replay, as the observed figures leave them out');
      line(`    autoRemediate: { probability: ${round(u.share, 4)}, after: ${JSON.stringify(work === 'empirical' ? empiricalSpec(u.after) : u.after.chosen.fitted.spec)} }`);
    }
    if (c.reassignedShare > 0 && fit.teams.length < 2) {
      line(`    # ${pct(c.reassignedShare)} were reassigned at least once (${c.reassignments.toFixed(2)} per incident), but with one team there is`);
      line('    # no other team to misroute them to: reassignments are NOT modelled (their time is inside the work time).');
    } else if (c.reassignedShare > 0) {
      // Incidents closed without work (autoRemediate) are never routed, so never misrouted: among
      // the others, a share p goes to a first wrong team and then to `extra` further ones
      // (geometric: each team passes it on with the same chance), with (1 − a)·p·(1 + extra) = the
      // class's observed mean.
      const routed = 1 - (c.closedUnresolved?.share ?? 0);
      const p = Math.min(1, c.reassignedShare / routed);
      const extra = c.reassignments / (routed * p) - 1;
      const repeat = extra >= 0.005 && fit.teams.length >= 3 ? `, repeat: "geometric(mean=${round(extra, 3)})"` : '';
      line(`    # ${pct(c.reassignedShare)} were reassigned at least once, ${(c.reassignments / c.reassignedShare).toFixed(2)} times on average (${c.reassignments.toFixed(2)} per incident of the class).`);
      line('    # The simulator sends a share of the incidents it routes (not those closed without work) to a wrong');
      line(`    # team first${repeat ? ', then on to a geometric number of further wrong teams,' : ''} each found after 1m`);
      line('    # (the delay is already inside the fitted work time): the same mean.');
      line(`    misroute: { probability: ${round(p, 4)}, detectAfter: 1m${repeat} }`);
    }
  }
  return out.join('\n') + '\n';
}

/** The most alias uses a fitted scenario makes (well under the loader's limit on alias expansions). */
export const MAX_ALIASES = 50;

/**
 * The priority matrix a fitted scenario states: every impact × urgency cell (high, medium, low),
 * each the data's most frequent priority where the data has that pair, else the ITIL pattern over
 * the priorities seen (cell (i, u) → the (i + u)-th priority, capped at the last); and every
 * class's priority appears in it (the loader requires it). `observed` counts the cells from data.
 */
export function completeMatrix(data: Record<string, Record<string, string>>, classPriorities: string[]): { cells: Record<string, Record<string, string>>; observed: number } {
  const priorities = [...new Set([...classPriorities, ...Object.values(data).flatMap((r) => Object.values(r))])].sort();
  if (priorities.length === 0) priorities.push('P3');
  const pattern = (i: number, u: number) => priorities[Math.min(priorities.length - 1, i + u)];
  const fill = (observedCells: boolean) => {
    let observed = 0;
    const cells: Record<string, Record<string, string>> = {};
    LEVELS.forEach((im, i) => {
      cells[im] = {};
      LEVELS.forEach((ur, u) => {
        const seen = observedCells ? data[im]?.[ur] : undefined;
        if (seen !== undefined) observed++;
        cells[im][ur] = seen ?? pattern(i, u);
      });
    });
    return { cells, observed };
  };
  const withData = fill(true);
  const stated = new Set(Object.values(withData.cells).flatMap((r) => Object.values(r)));
  // The observed cells may leave out a class's priority: then the pattern alone, which states up to 5.
  return classPriorities.every((p) => stated.has(p)) ? withData : fill(false);
}

/** Comment lines explaining one work-time fit. */
export function describeFit(f: DurationFit, whose: string): string[] {
  const b = f.best;
  const verdict = (c: DurationFit['best']) => `KS D = ${c.ks.toFixed(3)} ${c.rejected ? '>' : '≤'} ${c.ksCritical.toFixed(3)}${c.rejected ? ', rejected at 5%' : ''}`;
  const lines = [
    `work = opened → resolved of ${f.n.toLocaleString('en-US')} resolved ${whose} incidents${f.zeros > 0 ? ` (${f.zeros} of 0 min read as 0.5 min)` : ''}:`,
    `empirical median ${fmt(f.empirical.median)}, p90 ${fmt(f.empirical.p90)}, mean ${fmt(f.empirical.mean)};`,
    `${b.fitted.family} has the lowest AIC (${round(b.aic, 1)}; ${verdict(b)}); others:`,
  ];
  for (const c of f.candidates.slice(1)) lines.push(`  ${c.fitted.spec}: AIC +${round(c.aic - b.aic, 1)}, ${verdict(c)}`);
  if (f.chosenBy === 'priority-median') {
    lines.push(`mixed with the other classes of this priority, the fits above miss the priority's observed median by more than 5%,`);
    lines.push(`so the lognormal through this sample's median and its empirical quantile at the priority's median is used`);
    lines.push(`(AIC +${round(f.chosen.aic - b.aic, 1)}; ${verdict(f.chosen)})`);
  } else if (f.chosenBy === 'quantiles') {
    lines.push(`${b.fitted.family}'s median ${fmt(b.fitted.median)} is outside the sample median's 95% interval [${fmt(f.medianCi[0])}, ${fmt(f.medianCi[1])}],`);
    lines.push(`so the lognormal through the empirical median and p90 is used (AIC +${round(f.chosen.aic - b.aic, 1)}; ${verdict(f.chosen)})`);
  } else lines.push(`${b.fitted.family} is used: its median ${fmt(b.fitted.median)} is inside the sample median's 95% interval`);
  return lines;
}

function fmt(minutes: number): string {
  return minutes < 120 ? `${minutes.toFixed(1)} min` : `${(minutes / 60).toFixed(1)} h`;
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
