/** How KPIs are named and formatted in reports (METRICS.md names the figures; these are for people). */
import { fmtKpi } from '../io/outputs.js';
import type { Estimate } from '../metrics/types.js';
import { durationUnit } from './theme.js';

export const KPI_LABELS: Record<string, string> = {
  arrivals: 'Arrivals (after warm-up)',
  resolved: 'Resolved',
  openAtHorizon: 'Open at the horizon',
  mtta: 'MTTA — mean time to acknowledge',
  mttaMedian: 'Time to acknowledge, median',
  mttaP90: 'Time to acknowledge, 90th percentile',
  mttaP95: 'Time to acknowledge, 95th percentile',
  firstResponseMedian: 'First response, median',
  mttr: 'MTTR — mean time to resolve',
  mttrMedian: 'Time to resolve, median',
  mttrP90: 'Time to resolve, 90th percentile',
  mttrP95: 'Time to resolve, 95th percentile',
  mttrP99: 'Time to resolve, 99th percentile',
  mtte: 'MTTE — mean time to first escalation',
  slaAttainment: 'SLA attainment (respond and resolve)',
  slaRespondAttainment: 'SLA attainment, respond',
  slaResolveAttainment: 'SLA attainment, resolve',
  utilisation: 'Utilisation (all engineers)',
  utilisationVariance: 'Utilisation variance across engineers',
  utilisationCv: 'Utilisation coefficient of variation',
  gini: 'Workload Gini coefficient',
  jain: "Jain's fairness index",
  maxOverMean: 'Busiest engineer ÷ mean workload',
  highSeverityConcentration: 'High-severity concentration (top 20% share of P1/P2)',
  reassignmentRate: 'Reassignments per incident',
  escalationDensity: 'Escalations per incident',
  functionalEscalationDensity: 'Functional escalations per incident',
  hierarchicalEscalationDensity: 'Hierarchical escalations per incident',
  meanInSystem: 'Mean open incidents (L)',
  littleLawRatio: "Little's law check L ÷ (λW)",
  oldestOpenAge: 'Oldest open incident at the horizon',
  interruptionsPerWeek: 'Interruptions per engineer-week',
  offHoursInterruptionsPerWeek: 'Off-hours interruptions per engineer-week',
  sleepInterruptionsPerWeek: 'Sleep-hours interruptions per engineer-week',
  firstContactResolution: 'First-contact resolution',
  reopenRate: 'Reopened (share of resolved)',
  knownErrorHitRate: 'Known-error matches (share of incidents)',
  misclassificationRate: 'Logged as the wrong ticket type',
  recurrenceRate: 'Recurrences of a known cause',
  commsMinutesPerIncident: 'Status updates, minutes per incident',
  'commsMinutesPerIncident.assignee': 'Status updates by the assignee, minutes per incident',
  'commsMinutesPerIncident.communications': 'Status updates by the comms lead, minutes per incident',
  problemsOpened: 'Problem records opened',
  problemsSolved: 'Problem records solved',
  incidentsAvoided: 'Incidents avoided by solved problems',
  avoidedWorkHours: 'Work avoided (hours)',
  problemEffortHours: 'Problem-management effort (hours)',
  netHoursSaved: 'Hours saved, net of problem effort',
  paybackDays: 'Problem management pays back after (days)',
  pagesSent: 'Pages sent (to a responder with a notification chain)',
  pagesLost: 'Notifications lost (never delivered)',
  fallbackDeliveries: 'Notifications delivered on a fallback channel',
  timeToReachMinutes: 'Time to reach the responder (page → first delivery)',
  slaRecoveryDay: 'Day resolve-SLA attainment is back at target for good',
  engineersAvailable: 'Engineers available',
};

export const DURATION_KPIS = new Set(['mtta', 'mttaMedian', 'mttaP90', 'mttaP95', 'firstResponseMedian', 'mttr', 'mttrMedian', 'mttrP90', 'mttrP95', 'mttrP99', 'mtte', 'oldestOpenAge', 'timeToReachMinutes']);

export function kpiLabel(name: string): string {
  return KPI_LABELS[name] ?? name;
}

/** A table row: label, mean, 95% low, 95% high (formatted in the KPI's unit). */
export function estimateCells(name: string, e: Estimate | undefined): string[] {
  if (!e) return ['–', '–', '–'];
  if (e.n < 2) return [fmtKpi(name, e.mean), '–', '–'];
  return [fmtKpi(name, e.mean), fmtKpi(name, e.ci95[0]), fmtKpi(name, e.ci95[1])];
}

/** "0.123 [0.110, 0.136]" — an estimate inline in text. */
export function estimateText(name: string, e: Estimate | undefined): string {
  if (!e) return '–';
  const [m, lo, hi] = estimateCells(name, e);
  return lo === '–' ? m : `${m} [${lo}, ${hi}]`;
}

/**
 * Chart points for a KPI, in a readable unit: durations in minutes, hours or days (chosen from the
 * largest value), shares in percent; the label says which.
 */
export function kpiScale(name: string, estimates: readonly (Estimate | undefined)[]): { label: string; factor: number } {
  if (DURATION_KPIS.has(name)) {
    const max = Math.max(0, ...estimates.map((e) => (e ? e.ci95[1] : 0)));
    const u = durationUnit(max);
    return { label: `${kpiLabel(name)} (${u.label})`, factor: 1 / u.factor };
  }
  if (/Attainment|^utilisation$|Concentration/.test(name)) return { label: `${kpiLabel(name)} (%)`, factor: 100 };
  return { label: kpiLabel(name), factor: 1 };
}
