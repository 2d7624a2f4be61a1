/**
 * Historical replay and fit validation: runs a scenario's replications with either the
 * historical arrivals themselves (their times, priorities and groups, fed to the lifecycle as
 * scripted incidents) or the scenario's own generated arrivals, and puts simulated figures
 * beside the observed ones: arrivals per week, time to resolve per priority (median and mean),
 * reassignments per incident.
 *
 * Measurement (both sides alike): the window is [scenario start, start + horizon). Only
 * incidents OPENED in the window count. The simulation runs on past the window for `drain`
 * minutes without arrivals so that late incidents can resolve, as they did in the data (the
 * shared log was exported about 50 weeks after its busy weeks). Observed incidents without a
 * resolution time, and simulated ones still open at the end of the drain or closed without work
 * (auto-remediated: how `incisim fit` models incidents closed without a resolution time), are
 * left out of the time-to-resolve figures and counted separately. Each simulated figure is the
 * mean over replications with a 95% Student-t interval.
 */
import { DateTime } from 'luxon';
import { UserError } from '../errors.js';
import type { HistoricalIncident } from '../io/import/types.js';
import { buildModel } from '../model/build.js';
import type { Scenario } from '../scenario/schema.js';
import type { IncidentRecord } from '../sim/records.js';
import { runReplication, type ScriptedIncident } from '../sim/lifecycle/index.js';
import { slug } from '../fit/history.js';
import { estimate as rawEstimate, NON_NEGATIVE } from '../metrics/stats.js';
import type { Estimate } from '../metrics/types.js';
import { quantileSorted } from '../fit/select.js';

/** Every replay figure (counts, durations, rates) is ≥ 0: its interval is clipped there. */
const estimate = (values: readonly number[]) => rawEstimate(values, NON_NEGATIVE);

export interface ReplayOptions {
  /** 'history' (default): the historical arrivals; 'scenario': the scenario's generated arrivals */
  arrivals?: 'history' | 'scenario';
  /** replications (default: the scenario's, else 10) */
  replications?: number;
  /** minutes simulated after the window so that late incidents resolve (default 12 weeks) */
  drain?: number;
  /** called after each replication */
  onProgress?: (done: number, total: number) => void;
}

export type { Estimate } from '../metrics/types.js';

export interface PriorityComparison {
  priority: string;
  /** medianCi: distribution-free 95% interval of the observed median (order statistics) */
  observed: { count: number; resolved: number; median: number; medianCi: [number, number]; mean: number };
  /**
   * per replication (mean and 95% interval over replications): count, unresolved (still open at
   * the end of the drain, or closed without work), median and mean time to resolve; and
   * `pooledMedian`, the median over every replication's resolved incidents together
   */
  simulated: { count: Estimate; unresolved: Estimate; median: Estimate; mean: Estimate; pooledMedian: number };
  /**
   * pooled simulated median ÷ observed median − 1. The pooled median estimates the model's median
   * with the variance of all replications' incidents together; a single sample median of a few
   * hundred bimodal durations (P2, P4 here) is itself uncertain by ±30% or more.
   */
  medianError: number;
  /** the pooled simulated median lies inside the observed median's 95% interval */
  medianInCi: boolean;
}

export interface ReplayComparison {
  arrivals: 'history' | 'scenario';
  replications: number;
  window: { start: string; weeks: number; minutes: number };
  /** arrivals per week of the window */
  weekly: { week: number; start: string; observed: number; simulated: Estimate }[];
  perWeek: { observed: number; simulated: Estimate; error: number };
  byPriority: PriorityComparison[];
  reassignments: { observed: number; simulated: Estimate };
  /** history mode: incidents whose group × priority has no class of its own (groups pooled as "other", or missing) */
  pooled: number;
}

/**
 * Replays `history` through `scenario` (see the module comment). In history mode each incident
 * is given the class named `<team>-<priority>` (the names `incisim fit` writes, team = the slug
 * of its group), else `other-<priority>`, else the first class with its priority, else the first
 * class; its own priority is kept.
 */
export function replay(history: readonly HistoricalIncident[], scenario: Scenario, options: ReplayOptions = {}): ReplayComparison {
  const mode = options.arrivals ?? 'history';
  const base = buildModel(scenario);
  const window = base.horizon;
  const drain = options.drain ?? 52 * 10080;
  const startMs = DateTime.fromISO(scenario.start, { setZone: true }).toMillis();
  if (!Number.isFinite(startMs)) throw new UserError(`start: "${scenario.start}" is not an ISO-8601 instant`);
  // The drain: the horizon moves on by `drain`; the scenario's own arrivals stop at the window's
  // end (a peak of factor 0), so only incidents opened in the window are simulated.
  const iso = (minutes: number) => DateTime.fromMillis(startMs + minutes * 60_000, { zone: 'UTC' }).toISO()!;
  const stop = { from: iso(window), to: iso(window + drain + 60), factor: 0, name: 'replay drain: no arrivals' };
  const model = buildModel({ ...scenario, horizon: window + drain, warmup: 0, arrivals: scenario.arrivals.map((a) => ({ ...a, peaks: [...(a.peaks ?? []), stop] })) });
  const replications = options.replications ?? scenario.replications ?? 10;

  const observed = history.filter((i) => i.openedAt >= startMs && i.openedAt < startMs + window * 60_000);
  if (observed.length === 0) {
    throw new UserError(`replay: no historical incident opened between ${scenario.start} and the horizon (${Math.round(window / 1440)} days); check the scenario start`);
  }
  let pooled = 0;
  const script: ScriptedIncident[] = [];
  if (mode === 'history') {
    const names = model.classByName;
    for (const inc of observed) {
      const p = inc.priority ?? model.classes[0].fixedPriority ?? 'P3';
      const own = inc.group !== undefined ? `${slug(inc.group)}-${p.toLowerCase()}` : undefined;
      let cls = own !== undefined && names.has(own) ? own : undefined;
      if (cls === undefined) {
        pooled++;
        cls = names.has(`other-${p.toLowerCase()}`) ? `other-${p.toLowerCase()}` : (model.classes.find((c) => c.fixedPriority === p) ?? model.classes[0]).name;
      }
      script.push({ id: inc.id, at: (inc.openedAt - startMs) / 60_000, class: cls, priority: p });
    }
    script.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));
  }

  const weeks = Math.ceil(window / 10080);
  const obsWeekly = new Array<number>(weeks).fill(0);
  for (const i of observed) obsWeekly[Math.floor((i.openedAt - startMs) / 60_000 / 10080)]++;

  const priorities = [...new Set(observed.map((i) => i.priority ?? 'none'))].sort();
  const perRep = {
    weekly: Array.from({ length: weeks }, () => [] as number[]),
    count: new Map(priorities.map((p) => [p, [] as number[]])),
    unresolved: new Map(priorities.map((p) => [p, [] as number[]])),
    median: new Map(priorities.map((p) => [p, [] as number[]])),
    mean: new Map(priorities.map((p) => [p, [] as number[]])),
    pooled: new Map(priorities.map((p) => [p, [] as number[]])),
    reassign: [] as number[],
  };
  for (let r = 0; r < replications; r++) {
    const recs: IncidentRecord[] = [];
    runReplication(model, {
      index: r,
      script: mode === 'history' ? script : undefined,
      noArrivals: mode === 'history',
      onIncident: (rec) => {
        if (rec.openedAt < window) recs.push(rec);
      },
    });
    const wk = new Array<number>(weeks).fill(0);
    for (const rec of recs) wk[Math.floor(rec.openedAt / 10080)]++;
    wk.forEach((c, w) => perRep.weekly[w].push(c));
    for (const p of priorities) {
      const mine = recs.filter((x) => x.priority === p);
      const ttr = mine.filter((x) => x.resolvedAt !== undefined && !x.autoRemediated).map((x) => x.resolvedAt! - x.openedAt).sort((a, b) => a - b);
      perRep.count.get(p)!.push(mine.length);
      perRep.unresolved.get(p)!.push(mine.length - ttr.length);
      for (const t of ttr) perRep.pooled.get(p)!.push(t);
      if (ttr.length > 0) {
        perRep.median.get(p)!.push(quantileSorted(ttr, 0.5));
        perRep.mean.get(p)!.push(ttr.reduce((a, b) => a + b, 0) / ttr.length);
      }
    }
    perRep.reassign.push(recs.length > 0 ? recs.reduce((s, x) => s + x.reassignments, 0) / recs.length : 0);
    options.onProgress?.(r + 1, replications);
  }

  const weekStart = (w: number) => DateTime.fromMillis(startMs + w * 10080 * 60_000, { zone: model.timezone }).toISODate() ?? '';
  const simPerWeek = estimate(Array.from({ length: replications }, (_, r) => perRep.weekly.reduce((s, w) => s + w[r], 0) / (window / 10080)));
  const obsPerWeek = observed.length / (window / 10080);
  return {
    arrivals: mode,
    replications,
    window: { start: scenario.start, weeks: window / 10080, minutes: window },
    weekly: obsWeekly.map((o, w) => ({ week: w + 1, start: weekStart(w), observed: o, simulated: estimate(perRep.weekly[w]) })),
    perWeek: { observed: obsPerWeek, simulated: simPerWeek, error: simPerWeek.mean / obsPerWeek - 1 },
    byPriority: priorities.map((p) => {
      const mine = observed.filter((i) => (i.priority ?? 'none') === p);
      const ttr = mine.filter((i) => i.resolvedAt !== undefined).map((i) => (i.resolvedAt! - i.openedAt) / 60_000).sort((a, b) => a - b);
      const obsMedian = ttr.length > 0 ? quantileSorted(ttr, 0.5) : NaN;
      const pooled = perRep.pooled.get(p)!.sort((a, b) => a - b);
      const pooledMedian = pooled.length > 0 ? quantileSorted(pooled, 0.5) : NaN;
      const half = (1.959964 * Math.sqrt(ttr.length)) / 2;
      const medianCi: [number, number] = ttr.length > 0 ? [ttr[Math.max(0, Math.floor(ttr.length / 2 - half))], ttr[Math.min(ttr.length - 1, Math.ceil(ttr.length / 2 + half))]] : [NaN, NaN];
      return {
        priority: p,
        observed: { count: mine.length, resolved: ttr.length, median: obsMedian, medianCi, mean: ttr.reduce((a, b) => a + b, 0) / ttr.length },
        simulated: { count: estimate(perRep.count.get(p)!), unresolved: estimate(perRep.unresolved.get(p)!), median: estimate(perRep.median.get(p)!), mean: estimate(perRep.mean.get(p)!), pooledMedian },
        medianError: pooledMedian / obsMedian - 1,
        medianInCi: pooledMedian >= medianCi[0] && pooledMedian <= medianCi[1],
      };
    }),
    reassignments: { observed: observed.reduce((s, i) => s + (i.reassignments ?? 0), 0) / observed.length, simulated: estimate(perRep.reassign) },
    pooled,
  };
}
