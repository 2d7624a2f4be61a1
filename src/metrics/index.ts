/**
 * Per-replication figures, exactly as METRICS.md in the design notes defines them, and the
 * run-time invariant checks. Pure: a replication's output in, plain
 * numbers out. Records can be streamed (`IncidentAccumulator`) so large runs need not keep them.
 */
import type { IncidentRecord, ReplicationOutput } from '../sim/records.js';
import { engineerRows, interruptionRates, spread, type WorkloadUnit } from './engineers.js';
import { IncidentAccumulator, type IncidentFigures, type ItilMetricOptions, type SlaTargets } from './incidents.js';
import { problemKpis } from './problems.js';
import type { KpiValues, ReplicationMetrics } from './types.js';
import { periodLabel, type TimelineFigures } from './timeline.js';

export { IncidentAccumulator } from './incidents.js';
export { TimelineAccumulator } from './timeline.js';

/** What the figures need to know of the model (see `metricOptions` in src/sim/run.ts). */
export interface MetricOptions {
  slaTargets: SlaTargets;
  priorityWeights: Record<string, number>;
  workloadUnit: WorkloadUnit;
  highSeverity: string[];
  backlogGridMinutes: number;
  /** report the ITIL-depth figures (#19) */
  itil?: ItilMetricOptions;
}

/**
 * Figures of one replication from its output (records taken from `out.incidents`, or already
 * streamed into `streamed`), with the figures over time a scenario asks for (`timeline`).
 */
export function computeReplicationMetrics(out: ReplicationOutput, opts: MetricOptions, streamed?: IncidentAccumulator, timeline?: TimelineFigures): ReplicationMetrics {
  let acc = streamed;
  if (!acc) {
    acc = new IncidentAccumulator(opts.slaTargets, out.window.to, opts.itil);
    for (const r of out.incidents) acc.add(r);
  }
  const inc: IncidentFigures = acc.result();
  const windowMinutes = out.window.to - out.window.from;
  const kpis = { ...inc.kpis, ...spread(out.engineers, opts.workloadUnit), ...interruptionRates(out.engineers, windowMinutes) };
  // Little's law over the window: L (time-average number in system) against λ·W.
  const L = out.inSystemArea / windowMinutes;
  kpis.meanInSystem = L;
  if (inc.counted > 0 && inc.sojournMinutes > 0) kpis.littleLawRatio = L / ((inc.counted / windowMinutes) * (inc.sojournMinutes / inc.counted));
  kpis.oldestOpenAge = inc.oldestOpenAge;
  if (out.problems) Object.assign(kpis, problemKpis(out.problems));
  if (out.paging) {
    // notification channels: messages lost and deliveries on a fallback channel within the window, page → first delivery
    kpis.pagesSent = out.paging.pages;
    kpis.pagesLost = out.paging.lost;
    kpis.fallbackDeliveries = out.paging.fallbackDeliveries;
    if (out.paging.reachN > 0) kpis.timeToReachMinutes = out.paging.reachSum / out.paging.reachN;
  }
  const byTeam: ReplicationMetrics['byTeam'] = {};
  const teams = [...new Set([...out.engineers.map((e) => e.team), ...Object.keys(inc.byTeam)])].sort();
  for (const t of teams) {
    byTeam[t] = { ...(inc.byTeam[t] ?? { arrivals: 0, resolved: 0, openAtHorizon: 0 }), ...spread(out.engineers.filter((e) => e.team === t), opts.workloadUnit) };
  }
  const weeks = windowMinutes / 10080;
  const engineers = engineerRows(out.engineers, opts.workloadUnit);
  out.engineers.forEach((e, i) => {
    if (e.weekly) engineers[i].weekly = { business: [...e.weekly.business], off: [...e.weekly.off], sleep: [...e.weekly.sleep] };
  });
  const m: ReplicationMetrics = {
    index: out.index,
    kpis,
    byPriority: inc.byPriority,
    byTeam,
    ...(inc.byType ? { byType: inc.byType, byClosureCode: inc.byClosureCode } : {}),
    mtteByLevel: inc.mtteByLevel,
    engineers,
    arrivalsByHourOfWeek: out.arrivalsByHourOfWeek.map((n) => n / weeks),
    backlog: { t: [...out.backlog.t], open: [...out.backlog.open] },
  };
  if (timeline?.aging) m.aging = timeline.aging;
  if (timeline?.burnDown) m.burnDown = timeline.burnDown;
  if (timeline?.dailySla) m.dailySla = timeline.dailySla;
  if (timeline?.byPeriod) m.byPeriod = withWeeklyUtilisation(timeline.byPeriod, out);
  return m;
}

/** Adds each week's utilisation (mean over engineers available that week of busy ÷ available) to the period KPIs. */
function withWeeklyUtilisation(byPeriod: Record<string, KpiValues>, out: ReplicationOutput): Record<string, KpiValues> {
  const from = out.window.from;
  const weeks = Math.ceil((out.window.to - from) / 10080);
  const res: Record<string, KpiValues> = { ...byPeriod };
  for (let w = 0; w < weeks; w++) {
    const utils: number[] = [];
    let present = 0;
    for (const e of out.engineers) {
      let busy = 0;
      let avail = 0;
      for (let d = Math.floor((from + w * 10080) / 1440); d < Math.min(e.availableByDay.length, Math.floor((from + (w + 1) * 10080) / 1440)); d++) {
        busy += e.busyByDay[d];
        avail += e.availableByDay[d];
      }
      if (avail > 0) {
        utils.push(busy / avail);
        present++;
      }
    }
    const key = periodLabel(w);
    res[key] = { ...(res[key] ?? {}), engineersAvailable: present };
    if (utils.length > 0) res[key].utilisation = utils.reduce((a, b) => a + b, 0) / utils.length;
  }
  return res;
}

/**
 * The invariants of METRICS.md that one replication's output must satisfy; returns what is
 * violated (empty when all hold). `counted` is the number of records closed after the warm-up
 * when they were streamed rather than kept in `out.incidents`.
 */
export function checkInvariants(out: ReplicationOutput, counted = out.incidents.filter((r) => !r.warmup && !r.seeded).length): string[] {
  const problems: string[] = [...out.violations];
  // Conservation: every arrival in the window became a record, resolved or open at the horizon
  // (tickets seeded from a backlog are records but not arrivals: `counted` leaves them out).
  const inWindow = out.arrivalsByHourOfWeek.reduce((a, b) => a + b, 0);
  if (inWindow !== counted) problems.push(`conservation: ${inWindow} arrivals in the window but ${counted} incident records`);
  for (const r of out.incidents) {
    const problem = recordProblem(r, out.window.to);
    if (problem) {
      problems.push(problem);
      break;
    }
  }
  return problems;
}

/** Why a record's timestamps are impossible, or undefined. */
export function recordProblem(r: IncidentRecord, horizon: number): string | undefined {
  const end = r.resolvedAt ?? horizon;
  const ok =
    r.openedAt <= (r.firstAssignedAt ?? r.openedAt) &&
    (r.firstAssignedAt ?? r.openedAt) <= end &&
    (r.firstAckAt === undefined || (r.firstAckAt >= r.openedAt && r.firstAckAt <= end)) &&
    end <= horizon;
  return ok ? undefined : `${r.id}: timestamps out of order (opened ${r.openedAt}, assigned ${r.firstAssignedAt}, acknowledged ${r.firstAckAt}, resolved ${r.resolvedAt}, horizon ${horizon})`;
}
