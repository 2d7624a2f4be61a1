/**
 * Backtest: the planner's check that a fitted capacity model PREDICTS. Fit on the training
 * weeks; simulate the test weeks (1) with the test weeks' own arrivals (times, priorities, first
 * teams) and their observed headcount per team and week, and (2) with the model's own forecast
 * arrivals (the training rates, times the trend when asked) and the same headcount; compare with
 * what the log shows for incidents opened in the test weeks.
 *
 * Measurement: the simulation starts `warmup` weeks before the test window with the observed
 * arrivals and headcount of those weeks (so that the teams hold a backlog when the test starts;
 * those incidents are not measured) and runs on after it without arrivals until late incidents
 * resolve (`drain`). Times to resolve are opened → resolved in hours; observed incidents without a
 * resolution and simulated ones still open at the end are left out and counted. Simulated
 * quantiles pool every replication's incidents. `lo`/`hi` bound the observed quantile with 95%
 * confidence (order statistics); error = simulated ÷ observed − 1. `ttrLogW1` is the
 * Wasserstein-1 distance between the observed and simulated distributions of
 * log10(time to resolve in hours), times under one minute read as one minute.
 */
import { DateTime } from 'luxon';
import { parse as parseYaml } from 'yaml';
import { UserError } from '../errors.js';
import type { HistoricalIncident } from '../io/import/types.js';
import { fitCapacity, firstTeam, observedHeadcount, teamMapper, type CapacityFit, type CapacityOptions } from '../fit/capacity.js';
import { capacityScenarioYaml, layeredShifts } from '../fit/capacity-scenario.js';
import { LAYERS } from '../fit/capacity.js';
import { chooseWindow, parseIsoWeek } from '../fit/weeks.js';
import { quantileSorted } from '../fit/select.js';
import { validateScenario } from '../scenario/load.js';
import type { Scenario, TeamConfig } from '../scenario/schema.js';
import { buildModel } from '../model/build.js';
import { runReplication, type ScriptedIncident } from '../sim/lifecycle/index.js';
import type { IncidentRecord } from '../sim/records.js';

export interface BacktestOptions extends Omit<CapacityOptions, 'from' | 'to'> {
  /** ISO weeks "2016-W09..2016-W17" */
  train: string;
  test: string;
  replications?: number;
  seed?: number;
  /** weeks simulated before the test window with its observed arrivals (default 2) */
  warmup?: number;
  /** weeks simulated after the test window without arrivals (default 26) */
  drain?: number;
  /** apply the fitted trend to the forecast arrivals (default false) */
  trend?: boolean;
  /** also simulate the model's forecast arrivals (default true) */
  forecast?: boolean;
  /** engineers per team × this factor (what-if; default 1) */
  staffing?: Record<string, number>;
  onProgress?: (done: number, total: number) => void;
}

/** One quantile: observed (with its 95% interval), simulated, error; hours. */
export interface QuantileCheck {
  observed: number;
  lo: number;
  hi: number;
  simulated: number;
  error: number;
  /** resolved incidents behind each side */
  n: { observed: number; simulated: number };
}

export interface BacktestBlock {
  arrivals: 'test' | 'forecast';
  weeklyVolume: { week: string; observed: number; simulated: number; error: number }[];
  medianResolve: { overall: QuantileCheck } & Record<string, QuantileCheck>;
  p90Resolve: { overall: QuantileCheck } & Record<string, QuantileCheck>;
  /** median time to resolve per first team (the team that first held the incident), hours */
  medianResolveByTeam: Record<string, QuantileCheck>;
  ttrLogW1: number;
  reassignments: { observed: number; simulated: number };
  unresolved: { observed: number; simulated: number };
  /** log10 hours, sorted, for the report's overlaid distributions (a thinned sample) */
  distributions: { observed: number[]; simulated: number[] };
}

export interface BacktestResult {
  train: { from: string; to: string; weeks: number; incidents: number };
  test: { from: string; to: string; weeks: number; incidents: number };
  replications: number;
  /** engineers per team and test week, as observed (and simulated) */
  headcount: Record<string, number[]>;
  backtest: BacktestBlock;
  /** absent when not asked (options.forecast false) */
  forecast?: BacktestBlock;
  fit: CapacityFit;
}

const WEEK_MS = 7 * 24 * 3_600_000;

/** Parses "2016-W09..2016-W17" (or one week) into [from, to]. */
export function parseWeekRange(text: string, what: string): [string, string] {
  const parts = text.split('..');
  if (parts.length > 2 || parts[0] === '') throw new UserError(`${what}: "${text}" is not a range of ISO weeks; expected e.g. 2016-W09..2016-W17`);
  const from = parseIsoWeek(parts[0], what);
  const to = parseIsoWeek(parts[1] ?? parts[0], what);
  return [from, to];
}

/** Runs the backtest (see the module comment). */
export function backtest(incidents: readonly HistoricalIncident[], options: BacktestOptions): BacktestResult {
  const zone = options.zone ?? 'UTC';
  const [trainFrom, trainTo] = parseWeekRange(options.train, '--train');
  const [testFrom, testTo] = parseWeekRange(options.test, '--test');
  const withEvents = incidents.filter((i) => i.events !== undefined && i.events.length > 0);
  const fit = fitCapacity(withEvents, { ...options, zone, from: trainFrom, to: trainTo });
  const testWin = chooseWindow(withEvents.map((i) => i.openedAt), zone, { from: testFrom, to: testTo });
  if (testWin.start < fit.window.end) throw new UserError(`--test: ${testWin.from} starts before the training window ends (${fit.window.to}); the test weeks must come after the training weeks`);
  const warm = options.warmup ?? 2;
  const drain = options.drain ?? 26;
  const simStart = testWin.start - warm * WEEK_MS;
  const weeks = warm + testWin.weeks;
  const teamOf = teamMapper(fit);
  const headcount = observedHeadcount(withEvents, teamOf, simStart, weeks);
  const engineersOf = (team: string) => {
    const hc = headcount.get(team) ?? [];
    const base = fit.teams.find((t) => t.id === team)!.engineers;
    const f = options.staffing?.[team] ?? 1;
    return Array.from({ length: weeks }, (_, w) => Math.max(1, Math.round((hc[w] ?? base) * f)));
  };

  // The scenario: the fitted model, moved to the simulated span, staffed week by week.
  const text = capacityScenarioYaml(fit, { name: 'backtest', source: 'backtest', seed: options.seed, replications: options.replications });
  const base = validateScenario(parseYaml(text), 'backtest scenario') as Scenario;
  const startIso = DateTime.fromMillis(simStart, { zone }).toISO({ suppressMilliseconds: true })!;
  const totalMinutes = (weeks + drain) * 10080;
  const scenario: Scenario = {
    ...base,
    start: startIso,
    horizon: totalMinutes,
    warmup: 0,
    teams: base.teams.map((t) => staffWeekly(t, layeredShifts(fit.teams.find((x) => x.id === t.id)!.layers).layers, engineersOf(t.id), simStart, zone)),
  };
  const replications = options.replications ?? 5;

  const observed = withEvents.filter((i) => i.openedAt >= testWin.start && i.openedAt < testWin.end);
  if (observed.length === 0) throw new UserError(`--test: no incident opened in ${testWin.from}..${testWin.to}`);
  const warmObserved = withEvents.filter((i) => i.openedAt >= simStart && i.openedAt < testWin.start);
  const classNames = new Set(base.arrivals.map((a) => a.class));
  const classOf = (inc: HistoricalIncident) => {
    const team = firstTeam(inc, teamOf);
    const p = inc.priority ?? fit.defaultPriority ?? 'P3';
    const own = `${team}-${p.toLowerCase()}`;
    if (classNames.has(own)) return { cls: own, p };
    const sameTeam = base.arrivals.find((a) => a.path[0].team === team);
    return { cls: (sameTeam ?? base.arrivals[0]).class, p };
  };
  const toScript = (list: HistoricalIncident[]): ScriptedIncident[] =>
    list
      .map((inc) => {
        const { cls, p } = classOf(inc);
        return { id: inc.id, at: (inc.openedAt - simStart) / 60_000, class: cls, priority: p };
      })
      .sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));
  const testScript = toScript(observed);
  const warmScript = toScript(warmObserved);
  const testFromMin = warm * 10080;
  const testToMin = weeks * 10080;

  // Forecast arrivals: the scenario's own classes over the test weeks only (the warm-up keeps the observed ones).
  const trend = options.trend ? fit.trendPerWeek : 0;
  const weeksAhead = (testWin.start - fit.window.end) / WEEK_MS;
  const forecastScenario: Scenario = {
    ...scenario,
    arrivals: scenario.arrivals.map((a) => ({
      ...a,
      peaks: [
        { from: startIso, to: iso(simStart + testFromMin * 60_000, zone), factor: 0, name: 'warm-up: observed arrivals' },
        ...Array.from({ length: testWin.weeks }, (_, w) => ({
          from: iso(simStart + (testFromMin + w * 10080) * 60_000, zone),
          to: iso(simStart + (testFromMin + (w + 1) * 10080) * 60_000, zone),
          factor: Math.max(0, 1 + trend * (weeksAhead + w + (fit.window.weeks + 1) / 2)),
          name: `forecast week ${w + 1}`,
        })),
        { from: iso(simStart + testToMin * 60_000, zone), to: iso(simStart + (totalMinutes + 60) * 60_000, zone), factor: 0, name: 'drain: no arrivals' },
      ],
    })),
  };

  const run = (sc: Scenario, script: ScriptedIncident[], noArrivals: boolean, offset: number) => {
    const model = buildModel(sc);
    const recs: IncidentRecord[][] = [];
    for (let r = 0; r < replications; r++) {
      const mine: IncidentRecord[] = [];
      runReplication(model, {
        index: r,
        script,
        noArrivals,
        onIncident: (rec) => {
          if (rec.openedAt >= testFromMin && rec.openedAt < testToMin) mine.push(rec);
        },
      });
      recs.push(mine);
      options.onProgress?.(offset + r + 1, (options.forecast === false ? 1 : 2) * replications);
    }
    return recs;
  };
  const testRecs = run(scenario, [...warmScript, ...testScript], true, 0);
  const forecastRecs = options.forecast === false ? undefined : run(forecastScenario, warmScript, false, replications);

  const weekLabels = testWin.weekly.slice(testWin.lo, testWin.hi + 1).map((w) => w.week);
  const firstTeams = new Map(observed.map((i) => [i.id, firstTeam(i, teamOf)]));
  const block = (arrivals: 'test' | 'forecast', recs: IncidentRecord[][]) => compare(arrivals, observed, recs, testWin.start, testFromMin, weekLabels, replications, (i) => firstTeams.get(i.id)!, fit.teams.map((t) => t.id));
  return {
    train: { from: fit.window.from, to: fit.window.to, weeks: fit.window.weeks, incidents: fit.window.incidents },
    test: { from: testWin.from, to: testWin.to, weeks: testWin.weeks, incidents: observed.length },
    replications,
    headcount: Object.fromEntries(fit.teams.map((t) => [t.id, engineersOf(t.id).slice(warm)])),
    backtest: block('test', testRecs),
    forecast: forecastRecs && block('forecast', forecastRecs),
    fit,
  };
}

function iso(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: true })!;
}

/**
 * A team staffed `counts[w]` engineers in week w of the simulated span (the last count after
 * it): named engineers, the j-th on leave in the weeks that had fewer than j.
 */
function staffWeekly(team: TeamConfig, layers: (number[] | undefined)[], counts: number[], start: number, zone: string): TeamConfig {
  const first = Array.isArray(team.engineers) ? team.engineers[0] : team.engineers;
  const capacity = first?.capacity;
  const max = Math.max(...counts);
  const engineers = Array.from({ length: max }, (_, j) => {
    const vacations: { from: string; to: string }[] = [];
    counts.forEach((c, w) => {
      if (c > j) return;
      const from = DateTime.fromMillis(start + w * WEEK_MS, { zone });
      const last = vacations[vacations.length - 1];
      const to = from.plus({ days: 6 }).toISODate()!;
      if (last !== undefined && DateTime.fromISO(last.to, { zone }).plus({ days: 1 }).toISODate() === from.toISODate()) last.to = to;
      else vacations.push({ from: from.toISODate()!, to });
    });
    // After the span the last week's staffing holds.
    const shift = layers[j % LAYERS];
    return { id: `${team.id}-${String(j + 1).padStart(3, '0')}`, ...(capacity !== undefined ? { capacity } : {}), ...(shift !== undefined && team.schedule ? { shift } : {}), ...(vacations.length > 0 ? { vacations: extendLast(vacations, counts, j, start, zone) } : {}) };
  });
  return { ...team, engineers };
}

/** When the engineer is on leave in the last week, the leave runs on to the end of the drain. */
function extendLast(v: { from: string; to: string }[], counts: number[], j: number, start: number, zone: string): { from: string; to: string }[] {
  if (counts[counts.length - 1] > j) return v;
  const last = v[v.length - 1];
  last.to = DateTime.fromMillis(start + (counts.length + 60) * WEEK_MS, { zone }).toISODate()!;
  return v;
}

function compare(
  arrivals: 'test' | 'forecast',
  observed: readonly HistoricalIncident[],
  recs: IncidentRecord[][],
  startMs: number,
  fromMin: number,
  weeks: string[],
  replications: number,
  teamOf: (i: HistoricalIncident) => string,
  teams: string[],
): BacktestBlock {
  const H = 60;
  const obsWeekly = new Array<number>(weeks.length).fill(0);
  for (const i of observed) obsWeekly[Math.floor((i.openedAt - startMs) / WEEK_MS)]++;
  const simWeekly = new Array<number>(weeks.length).fill(0);
  for (const r of recs) for (const x of r) simWeekly[Math.floor((x.openedAt - fromMin) / 10080)] += 1 / replications;
  const obsTtr = (p?: string) =>
    observed.filter((i) => i.resolvedAt !== undefined && (p === undefined || i.priority === p)).map((i) => (i.resolvedAt! - i.openedAt) / 60_000 / H).sort((a, b) => a - b);
  const simTtr = (p?: string) =>
    recs.flatMap((r) => r.filter((x) => x.resolvedAt !== undefined && !x.autoRemediated && (p === undefined || x.priority === p)).map((x) => (x.resolvedAt! - x.openedAt) / H)).sort((a, b) => a - b);
  const priorities = [...new Set(observed.map((i) => i.priority).filter((p): p is string => p !== undefined))].sort();
  const q = (p: number) => {
    const out: Record<string, QuantileCheck> = { overall: check(obsTtr(), simTtr(), p) };
    for (const pr of priorities) out[pr] = check(obsTtr(pr), simTtr(pr), p);
    return out as { overall: QuantileCheck } & Record<string, QuantileCheck>;
  };
  const o = obsTtr();
  const s = simTtr();
  const byTeam: Record<string, QuantileCheck> = {};
  for (const t of teams) {
    const ot = observed.filter((i) => i.resolvedAt !== undefined && teamOf(i) === t).map((i) => (i.resolvedAt! - i.openedAt) / 60_000 / H).sort((a, b) => a - b);
    const st = recs.flatMap((r) => r.filter((x) => x.resolvedAt !== undefined && !x.autoRemediated && x.firstTeam === t).map((x) => (x.resolvedAt! - x.openedAt) / H)).sort((a, b) => a - b);
    if (ot.length > 0 || st.length > 0) byTeam[t] = check(ot, st, 0.5);
  }
  const log = (xs: number[]) => xs.map((h) => Math.log10(Math.max(h, 1 / 60)));
  const all = recs.reduce((n, r) => n + r.length, 0) / replications;
  return {
    arrivals,
    weeklyVolume: weeks.map((week, w) => ({ week, observed: obsWeekly[w], simulated: simWeekly[w], error: obsWeekly[w] > 0 ? simWeekly[w] / obsWeekly[w] - 1 : NaN })),
    medianResolve: q(0.5),
    p90Resolve: q(0.9),
    medianResolveByTeam: byTeam,
    ttrLogW1: wasserstein1(log(o), log(s)),
    reassignments: {
      observed: observed.reduce((a, i) => a + (i.reassignments ?? 0), 0) / observed.length,
      simulated: recs.reduce((a, r) => a + r.reduce((b, x) => b + x.reassignments, 0), 0) / Math.max(1, recs.reduce((a, r) => a + r.length, 0)),
    },
    unresolved: { observed: observed.length - o.length, simulated: all - s.length / replications },
    distributions: { observed: thin(log(o), 400), simulated: thin(log(s), 400) },
  };
}

/** The p-quantile on both sides, with the observed one's distribution-free 95% interval. */
function check(obs: number[], sim: number[], p: number): QuantileCheck {
  const n = obs.length;
  const observed = n > 0 ? quantileSorted(obs, p) : NaN;
  const simulated = sim.length > 0 ? quantileSorted(sim, p) : NaN;
  const half = 1.959964 * Math.sqrt(n * p * (1 - p));
  const lo = n > 0 ? obs[Math.max(0, Math.floor(n * p - half))] : NaN;
  const hi = n > 0 ? obs[Math.min(n - 1, Math.ceil(n * p + half))] : NaN;
  return { observed, lo, hi, simulated, error: simulated / observed - 1, n: { observed: n, simulated: sim.length } };
}

/** W1 distance of two sorted samples' empirical distributions: ∫ |F⁻¹(u) − G⁻¹(u)| du. */
export function wasserstein1(a: readonly number[], b: readonly number[]): number {
  if (a.length === 0 || b.length === 0) return NaN;
  // Merge the breakpoints of both quantile functions.
  let i = 0;
  let j = 0;
  let u = 0;
  let sum = 0;
  while (i < a.length && j < b.length) {
    const ua = (i + 1) / a.length;
    const ub = (j + 1) / b.length;
    const next = Math.min(ua, ub);
    sum += (next - u) * Math.abs(a[i] - b[j]);
    u = next;
    if (ua <= next) i++;
    if (ub <= next) j++;
  }
  return sum;
}

function thin(sorted: number[], points: number): number[] {
  if (sorted.length <= points) return sorted.map((x) => Math.round(x * 1000) / 1000);
  return Array.from({ length: points }, (_, k) => Math.round(quantileSorted(sorted, k / (points - 1)) * 1000) / 1000);
}
