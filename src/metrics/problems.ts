/**
 * Problem-management figures of one replication (issue #19), from what the problem stage
 * recorded. Pure.
 */
import type { ProblemsOutput } from '../sim/records.js';
import type { KpiValues } from './types.js';

/**
 * problemsOpened and problemsSolved (within the window), incidentsAvoided (arrivals a solved
 * problem removed: the paired difference against the same seed without problem management),
 * the work those incidents would have taken and the effort spent on problem records (hours),
 * netHoursSaved (the first minus the second), and paybackDays (only when it paid back).
 */
export function problemKpis(p: ProblemsOutput): KpiValues {
  const k: KpiValues = {
    problemsOpened: p.opened,
    problemsSolved: p.solved,
    incidentsAvoided: p.avoided,
    avoidedWorkHours: p.avoidedWorkMinutes / 60,
    problemEffortHours: p.effortMinutes / 60,
    netHoursSaved: (p.avoidedWorkMinutes - p.effortMinutes) / 60,
  };
  if (p.paybackDay !== undefined) k.paybackDays = p.paybackDay;
  return k;
}
