/**
 * The report of `incisim replay`: simulated beside observed — the headline figures, time to
 * resolve per priority (counts, median and mean, relative differences, the median chart),
 * incidents opened per week (chart and table), reassignments, and how each figure was measured.
 * Durations are shown in one unit per table or chart, chosen by theme.ts durationUnit.
 */
import type { Estimate, ReplayComparison } from '../replay/index.js';
import type { Scenario } from '../scenario/schema.js';
import { replayResolveChart } from './charts/replay-resolve.js';
import { weeklyVolumeChart } from './charts/weekly-volume.js';
import { durationUnit } from './theme.js';
import type { Report, Section } from './types.js';
import { VERSION } from '../version.js';

export interface ReplayReportMeta {
  /** the history file replayed, as given on the command line */
  file: string;
  /** scenario name */
  scenario: string;
  /** routing policy, as people read it (see `routingText`) */
  policy: string;
  seed: number | string;
  /** weeks simulated after the window without arrivals */
  drainWeeks?: number;
  /** when it ran, ISO 8601 */
  runDate?: string;
}

/** The routing of a scenario in a few words: its policy (least-loaded when none is set) and any team's own. */
export function routingText(scenario: Scenario): string {
  const own = scenario.teams.filter((t) => t.routing).map((t) => `${t.id}: ${t.routing!.policy}`);
  return (scenario.routing?.policy ?? 'least-loaded (default)') + (own.length ? `; teams with their own: ${own.join(', ')}` : '');
}

const ok = (x: number | undefined): x is number => x !== undefined && Number.isFinite(x);

/** A number for a table: whole above 100, else 3 significant digits, a true minus sign; '–' when missing. */
function num(x: number | undefined): string {
  if (!ok(x)) return '–';
  if (x < 0) return `−${num(-x)}`;
  if (x >= 100) return Math.round(x).toLocaleString('en-US');
  return x.toPrecision(3);
}

/** Relative difference, signed: "+12.3%", "−4.0%"; '–' when it cannot be computed. */
export function relDiff(simulated: number | undefined, observed: number | undefined): string {
  if (!ok(simulated) || !ok(observed) || observed === 0) return '–';
  const d = simulated / observed - 1;
  return `${d < 0 ? '−' : '+'}${Math.abs(d * 100).toFixed(1)}%`;
}

/** "12.3 [11.0, 13.5]" in the given scale (values ÷ scale); the mean alone below 2 replications. */
function est(e: Estimate | undefined, scale = 1): string {
  if (!e || e.n === 0 || !ok(e.mean)) return '–';
  if (e.n < 2) return num(e.mean / scale);
  return `${num(e.mean / scale)} [${num(e.ci95[0] / scale)}, ${num(e.ci95[1] / scale)}]`;
}

export function buildReplayReport(r: ReplayComparison, meta: ReplayReportMeta): Report {
  const n = r.replications;
  const weeks = Number(r.window.weeks.toFixed(2));
  const history = r.arrivals === 'history';
  const header: [string, string][] = [
    ['File', meta.file],
    ['Scenario', meta.scenario],
    ['Arrivals', history ? 'historical: each incident of the file opened at its own time, with its priority and group' : "the scenario's own (generated), checked against the file"],
    ['Routing', meta.policy],
    ['Window', `${weeks} week${weeks === 1 ? '' : 's'} from ${r.window.start}${meta.drainWeeks !== undefined ? `, then ${meta.drainWeeks} week${meta.drainWeeks === 1 ? '' : 's'} without arrivals (drain)` : ''}`],
    ['Replications', String(n)],
    ['Seed', String(meta.seed)],
    ['incisim', VERSION],
    ...(meta.runDate ? [['Run date', meta.runDate] as [string, string]] : []),
  ];

  // One duration unit for the whole priority table, from its largest value.
  const maxMinutes = Math.max(
    0,
    ...r.byPriority.flatMap((p) => [p.observed.median, p.observed.medianCi[1], p.observed.mean, p.simulated.pooledMedian, p.simulated.median.ci95[1], p.simulated.mean.ci95[1]].filter(ok)),
  );
  const unit = durationUnit(maxMinutes);
  const u = unit.label;
  const inside = r.byPriority.filter((p) => p.medianInCi).map((p) => p.priority);
  const outside = r.byPriority.filter((p) => !p.medianInCi && ok(p.simulated.pooledMedian) && ok(p.observed.median)).map((p) => p.priority);
  const incidentsSimulated = r.weekly.reduce((s, w) => s + w.simulated.mean, 0);
  const incidentsObserved = r.weekly.reduce((s, w) => s + w.observed, 0);
  const sections: Section[] = [];

  sections.push({
    heading: 'Summary',
    text: [
      `Incidents opened per week: observed ${num(r.perWeek.observed)}, simulated ${est(r.perWeek.simulated)} (${relDiff(r.perWeek.simulated.mean, r.perWeek.observed)})` +
        (history ? ' — the historical arrivals are replayed as they were, so the two agree by construction.' : '.'),
      `Median time to resolve: the simulated median lies inside the observed median's 95% interval for ${inside.length} of ${r.byPriority.length} priorit${r.byPriority.length === 1 ? 'y' : 'ies'}` +
        (inside.length ? ` (${inside.join(', ')})` : '') +
        (outside.length ? `; outside for ${outside.join(', ')}.` : '.'),
      `Reassignments per incident: observed ${num(r.reassignments.observed)}, simulated ${est(r.reassignments.simulated)} (${relDiff(r.reassignments.simulated.mean, r.reassignments.observed)}).`,
      ...(r.pooled > 0 ? [`${r.pooled.toLocaleString('en-US')} incident${r.pooled === 1 ? '' : 's'} had no class of their own (group × priority) and ran as other-<priority>, or as the first class of their priority.`] : []),
      `Simulated figures: mean over ${n} replication${n === 1 ? '' : 's'}${n < 2 ? ' (one replication: no interval)' : ' with a 95% Student-t interval'}.`,
    ],
    table: {
      name: 'overall',
      columns: ['figure', 'observed', 'simulated (mean)', '95% low', '95% high', 'difference'],
      rows: [
        ['incidents opened in the window', num(incidentsObserved), num(incidentsSimulated), '', '', relDiff(incidentsSimulated, incidentsObserved)],
        ['incidents opened per week', num(r.perWeek.observed), ...cells(r.perWeek.simulated), relDiff(r.perWeek.simulated.mean, r.perWeek.observed)],
        ['reassignments per incident', num(r.reassignments.observed), ...cells(r.reassignments.simulated), relDiff(r.reassignments.simulated.mean, r.reassignments.observed)],
      ],
    },
  });

  sections.push({
    heading: 'Time to resolve per priority',
    text: [
      `Durations in ${u}. The simulated median pools every replication's resolved incidents (replay.csv also holds the mean of the per-replication medians with its interval); ` +
        `the observed median's 95% interval is distribution-free (order statistics). Simulated counts: mean over replications [95% interval]. Difference: simulated ÷ observed − 1.`,
    ],
    table: {
      name: 'priorities',
      columns: [
        'priority',
        'observed incidents',
        'simulated incidents',
        'observed resolved',
        'simulated unresolved',
        `observed median (${u}) [95% interval]`,
        `simulated median (${u})`,
        'median difference',
        'inside the interval',
        `observed mean (${u})`,
        `simulated mean (${u})`,
        'mean difference',
      ],
      rows: r.byPriority.map((p) => {
        const o = p.observed;
        const s = p.simulated;
        const f = unit.factor;
        return [
          p.priority,
          o.count.toLocaleString('en-US'),
          est(s.count),
          o.resolved.toLocaleString('en-US'),
          est(s.unresolved),
          ok(o.median) ? num(o.median / f) + (ok(o.medianCi[0]) && ok(o.medianCi[1]) ? ` [${num(o.medianCi[0] / f)}, ${num(o.medianCi[1] / f)}]` : '') : '–',
          num(s.pooledMedian / f),
          relDiff(s.pooledMedian, o.median),
          ok(s.pooledMedian) && ok(o.median) ? (p.medianInCi ? 'yes' : 'no') : '–',
          num(o.mean / f),
          est(s.mean, f),
          relDiff(s.mean.mean, o.mean),
        ];
      }),
    },
    charts: [
      replayResolveChart(
        'replay-resolve',
        r.byPriority.map((p) => ({
          priority: p.priority,
          observed: ok(p.observed.median) ? { median: p.observed.median, lo: p.observed.medianCi[0], hi: p.observed.medianCi[1] } : undefined,
          simulated: ok(p.simulated.pooledMedian) ? p.simulated.pooledMedian : undefined,
        })),
      ),
    ],
  });

  sections.push({
    heading: 'Weekly volume',
    text: ['Incidents opened in each week of the window: the observed count, and the simulated mean over replications with its 95% interval.'],
    table: {
      name: 'weekly',
      columns: ['week', 'from', 'observed', 'simulated (mean)', '95% low', '95% high', 'difference'],
      rows: r.weekly.map((w) => [String(w.week), w.start, num(w.observed), ...cells(w.simulated), relDiff(w.simulated.mean, w.observed)]),
    },
    charts: [
      weeklyVolumeChart(
        'weekly-volume',
        r.weekly.filter((w) => ok(w.simulated.mean)).map((w) => ({ week: w.week, start: w.start, observed: w.observed, mean: w.simulated.mean, lo: w.simulated.n < 2 ? w.simulated.mean : w.simulated.ci95[0], hi: w.simulated.n < 2 ? w.simulated.mean : w.simulated.ci95[1] })),
      ),
    ],
  });

  sections.push({
    heading: 'Reassignments',
    text: [
      `Observed ${num(r.reassignments.observed)} reassignments per incident, simulated ${est(r.reassignments.simulated)} (${relDiff(r.reassignments.simulated.mean, r.reassignments.observed)}).`,
      "Observed: the reassignment count of each incident's final row in the file, averaged over the incidents opened in the window. " +
        'Simulated: the reassignments of each incident opened in the window (IncidentRecord.reassignments, METRICS.md), averaged per replication, then over replications. ' +
        'The simulator reassigns an incident only when it was routed to the wrong team, so a log that counts every hand-over will usually show more.',
    ],
  });

  sections.push({
    heading: 'How it was measured',
    text: [
      `Both sides alike: the window is [scenario start, start + horizon) = ${weeks} week${weeks === 1 ? '' : 's'} from ${r.window.start}, and only incidents opened in the window count.`,
      history
        ? 'Each historical incident opened in the window is fed to the simulation at its own time, with its own priority, as the class named <group>-<priority> that incisim fit writes (else other-<priority>, else the first class of its priority); the scenario generates no arrivals of its own.'
        : "The scenario generates its own arrivals; the file's incidents are only the observed side.",
      `The simulation runs on past the window${meta.drainWeeks !== undefined ? ` for ${meta.drainWeeks} week${meta.drainWeeks === 1 ? '' : 's'}` : ''} without arrivals, so that late incidents can resolve as they did in the data.`,
      'Time to resolve = resolved − opened, per priority, over incidents with a resolution: observed ones without a resolution time, and simulated ones still open at the end of the drain or closed without work (auto-remediated), are left out and counted (observed resolved, simulated unresolved).',
      `Each simulated figure is computed per replication and averaged over the ${n} replication${n === 1 ? '' : 's'}${n < 2 ? '' : ' with a 95% Student-t interval'}; the simulated median per priority is also taken over all replications' resolved incidents together (pooled) and compared with the observed median's distribution-free 95% interval (order statistics n/2 ± 1.96√n/2).`,
      'replay.json and replay.csv beside this page hold the same figures, unrounded, in minutes.',
    ],
  });

  return {
    title: `${meta.scenario} — replay of ${meta.file}`,
    header,
    sections,
  };
}

/** mean, 95% low, 95% high cells of an estimate ('–' for the interval below 2 replications). */
function cells(e: Estimate): string[] {
  if (e.n === 0 || !ok(e.mean)) return ['–', '–', '–'];
  if (e.n < 2) return [num(e.mean), '–', '–'];
  return [num(e.mean), num(e.ci95[0]), num(e.ci95[1])];
}
