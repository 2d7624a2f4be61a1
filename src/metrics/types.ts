/**
 * The shapes of computed figures. Every figure is computed per replication (`ReplicationMetrics`)
 * and then summarised over replications (`Summary`) as a mean with a 95% Student-t interval.
 * Durations are in minutes; shares and ratios are in [0, 1] unless stated.
 */

/** A figure over replications: mean and 95% interval (Student t, n−1 df). With n = 1 the interval is [mean, mean] and `n` says so. */
export interface Estimate {
  mean: number;
  ci95: [number, number];
  n: number;
}

/** Per-replication duration statistics (minutes). NaN-free: fields are omitted when there is no data. */
export interface DurationStats {
  count: number;
  mean?: number;
  median?: number;
  p90?: number;
  p95?: number;
  p99?: number;
}

/** The headline figures of one replication, by name (see KPI_NAMES). */
export type KpiValues = Record<string, number>;

/** Names of the headline KPIs, in report order. */
export const KPI_NAMES = [
  'arrivals',
  'resolved',
  'openAtHorizon',
  'mtta',
  'mttaMedian',
  'mttaP90',
  'mttaP95',
  'firstResponseMedian',
  'mttr',
  'mttrMedian',
  'mttrP90',
  'mttrP95',
  'mttrP99',
  'mtte',
  'slaAttainment',
  'slaRespondAttainment',
  'slaResolveAttainment',
  'utilisation',
  'utilisationVariance',
  'utilisationCv',
  'gini',
  'jain',
  'maxOverMean',
  'highSeverityConcentration',
  'reassignmentRate',
  'escalationDensity',
  'functionalEscalationDensity',
  'hierarchicalEscalationDensity',
  'meanInSystem',
  'littleLawRatio',
  'oldestOpenAge',
  // ITIL depth (#19): reported when the scenario uses one of its features
  'firstContactResolution',
  'reopenRate',
  'knownErrorHitRate',
  'misclassificationRate',
  'recurrenceRate',
  'commsMinutesPerIncident',
  'commsMinutesPerIncident.assignee',
  'commsMinutesPerIncident.communications',
  'problemsOpened',
  'problemsSolved',
  'incidentsAvoided',
  'avoidedWorkHours',
  'problemEffortHours',
  'netHoursSaved',
  'paybackDays',
  'pagesSent',
  'pagesLost',
  'fallbackDeliveries',
  'timeToReachMinutes',
  'slaRecoveryDay',
] as const;
export type KpiName = (typeof KPI_NAMES)[number];

/** Figures that are shares (in [0, 1]); every other named figure is a count, a duration or a ratio ≥ 0. */
export const SHARE_KPIS: ReadonlySet<string> = new Set([
  'slaAttainment', 'slaRespondAttainment', 'slaResolveAttainment', 'utilisation', 'gini', 'jain', 'highSeverityConcentration',
  'firstContactResolution', 'reopenRate', 'knownErrorHitRate', 'misclassificationRate', 'recurrenceRate',
]);

/** Figures that may be negative (a balance): their intervals are not clipped. */
export const SIGNED_KPIS: ReadonlySet<string> = new Set(['netHoursSaved']);

/** Figures of one replication. */
export interface ReplicationMetrics {
  index: number;
  kpis: KpiValues;
  byPriority: Record<string, KpiValues>;
  byTeam: Record<string, KpiValues>;
  /** per ticket type (incident, request) and per closure code: present when the scenario uses an ITIL-depth feature */
  byType?: Record<string, KpiValues>;
  byClosureCode?: Record<string, KpiValues>;
  /** MTTE per escalation level: "functional:1", "hierarchical:1", … */
  mtteByLevel: Record<string, number>;
  engineers: {
    id: string;
    team: string;
    utilisation: number;
    workload: number;
    workloadPerAvailableHour: number;
    interruptions: { business: number; off: number; sleep: number };
    /** utilisation per simulated day (NaN-free: days with no available time are null) */
    utilisationByDay: (number | null)[];
    /** interruptions per week of the window (scenarios with burnout thresholds) */
    weekly?: { business: number[]; off: number[]; sleep: number[] };
  }[];
  /** arrivals per hour of week (168 bins), per week of the window */
  arrivalsByHourOfWeek: number[];
  /** backlog sampled on a regular grid (minutes) */
  backlog: { t: number[]; open: number[] };
  /** open incidents per age bucket on the backlog grid (scenarios with `aging`) */
  aging?: { t: number[]; counts: number[][] };
  /** seeded backlog tickets still open on the grid, and daily resolve-SLA counts (runs from a backlog) */
  burnDown?: { t: number[]; open: number[] };
  dailySla?: { met: number[]; n: number[] };
  /** KPIs per week of the window ("backlog": the seeded tickets), when staffing changes or a backlog is seeded */
  byPeriod?: Record<string, KpiValues>;
}

/** The result of a whole run: what `summary.json` holds. */
export interface Summary {
  scenario: string;
  seed: number | string;
  replications: number;
  horizonMinutes: number;
  warmupMinutes: number;
  incisimVersion: string;
  kpis: Record<string, Estimate>;
  byPriority: Record<string, Record<string, Estimate>>;
  byTeam: Record<string, Record<string, Estimate>>;
  /** per ticket type and per closure code (scenarios using an ITIL-depth feature) */
  byType?: Record<string, Record<string, Estimate>>;
  byClosureCode?: Record<string, Record<string, Estimate>>;
  mtteByLevel: Record<string, Estimate>;
  /** per engineer, means over replications */
  engineers: { id: string; team: string; utilisation: number; workload: number; workloadPerAvailableHour: number; interruptions: { business: number; off: number; sleep: number }; utilisationByDay: (number | null)[] }[];
  /** arrivals per hour of week per week of the window (168 bins): simulated mean, and the model's expected rate */
  arrivalsByHourOfWeek: { simulated: number[]; model: number[] };
  /** backlog over time: mean and 95% band across replications on a regular grid */
  backlog: { t: number[]; mean: number[]; lo: number[]; hi: number[] };
  /** SLA targets per priority, echoed for reports */
  slaTargets: Record<string, { respond?: number; resolve?: number; target?: number; calendar: string }>;
  /** engineer-weeks over the scenario's burnout thresholds (only with `burnout`) */
  burnoutFlags?: import('./burnout.js').BurnoutSummary;
  /** backlog by age over time (only with `aging`): bucket bounds (minutes), labels, and the mean open per bucket on the grid */
  aging?: { bounds: number[]; labels: string[]; t: number[]; mean: number[][] };
  /** starting from a backlog: the seeded tickets still open over time, and daily resolve-SLA attainment against `target` */
  burnDown?: { seeded: number; t: number[]; mean: number[]; lo: number[]; hi: number[] };
  dailySla?: { target: number; days: { day: number; mean: number; lo: number; hi: number; replications: number }[]; recovered: number; recoveryDay?: Estimate };
  /** KPIs per week of the window ("backlog": the seeded tickets), when staffing changes or a backlog is seeded */
  byPeriod?: Record<string, Record<string, Estimate>>;
}
