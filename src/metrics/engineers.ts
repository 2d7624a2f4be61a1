/**
 * Engineer figures from the time-weighted observations of one replication: utilisation and its
 * spread, workload in the scenario's unit, fairness of workload per available hour (Gini, Jain,
 * max ÷ mean), concentration of high-severity work, and interruptions by local time of day.
 * Engineers with no available time in the window (e.g. a team with no shifts in it) are listed
 * but left out of the spread and fairness figures.
 */
import type { EngineerObservation } from '../sim/records.js';
import { gini, jain, mean, populationVariance } from './stats.js';
import type { KpiValues, ReplicationMetrics } from './types.js';

export type WorkloadUnit = 'count' | 'effort' | 'severity';

/** Utilisation spread and fairness over a set of engineers (all, or one team). */
export function spread(engineers: readonly EngineerObservation[], unit: WorkloadUnit): KpiValues {
  const present = engineers.filter((e) => e.availableMinutes > 0);
  if (present.length === 0) return {};
  const util = present.map((e) => e.busyMinutes / e.availableMinutes);
  const load = present.map((e) => workload(e, unit) / (e.availableMinutes / 60));
  const u = mean(util);
  const variance = populationVariance(util);
  const loadMean = mean(load);
  const k: KpiValues = {
    utilisation: u,
    utilisationVariance: variance,
    gini: gini(load),
    jain: jain(load),
  };
  if (u > 0) k.utilisationCv = Math.sqrt(variance) / u;
  if (loadMean > 0) k.maxOverMean = Math.max(...load) / loadMean;
  const high = present.map((e) => e.highSeverityCount).sort((a, b) => b - a);
  const total = high.reduce((a, b) => a + b, 0);
  if (total > 0) {
    const top = Math.max(1, Math.ceil(present.length * 0.1));
    k.highSeverityConcentration = high.slice(0, top).reduce((a, b) => a + b, 0) / total;
  }
  return k;
}

/** Interruptions per engineer per week of the window, by local time of day. */
export function interruptionRates(engineers: readonly EngineerObservation[], windowMinutes: number): KpiValues {
  if (engineers.length === 0 || windowMinutes <= 0) return {};
  const weeks = windowMinutes / 10080;
  const sum = (pick: (e: EngineerObservation) => number) => engineers.reduce((s, e) => s + pick(e), 0) / engineers.length / weeks;
  return {
    interruptionsPerWeek: sum((e) => e.interruptions.business + e.interruptions.off + e.interruptions.sleep),
    offHoursInterruptionsPerWeek: sum((e) => e.interruptions.off + e.interruptions.sleep),
    sleepInterruptionsPerWeek: sum((e) => e.interruptions.sleep),
  };
}

export function workload(e: EngineerObservation, unit: WorkloadUnit): number {
  return unit === 'effort' ? e.workload.effortHours : unit === 'severity' ? e.workload.severity : e.workload.count;
}

/** The per-engineer rows of a replication. */
export function engineerRows(engineers: readonly EngineerObservation[], unit: WorkloadUnit): ReplicationMetrics['engineers'] {
  return engineers.map((e) => ({
    id: e.id,
    team: e.team,
    utilisation: e.availableMinutes > 0 ? e.busyMinutes / e.availableMinutes : 0,
    workload: workload(e, unit),
    workloadPerAvailableHour: e.availableMinutes > 0 ? workload(e, unit) / (e.availableMinutes / 60) : 0,
    interruptions: { ...e.interruptions },
    utilisationByDay: e.busyByDay.map((b, d) => (e.availableByDay[d] > 0 ? b / e.availableByDay[d] : null)),
  }));
}
