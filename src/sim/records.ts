/**
 * What one replication of the simulator hands to metrics/: a record per incident, and
 * time-weighted observations per engineer. All times are simulated minutes since the scenario
 * start; durations are minutes.
 */

/** Kinds of escalation, as METRICS.md splits them. */
export type EscalationKind = 'functional' | 'hierarchical';

/** One escalation of an incident. `level` counts from 1 within its kind. */
export interface EscalationRecord {
  at: number;
  kind: EscalationKind;
  level: number;
  /** team (functional) or who was notified (hierarchical) */
  to: string;
  reason: string;
}

/** The life of one incident, as the metrics see it. */
export interface IncidentRecord {
  id: string;
  /** arrival class name */
  class: string;
  category?: string;
  priority: string;
  openedAt: number;
  /** first assignment to an engineer */
  firstAssignedAt?: number;
  /** first acknowledgement by a responder (for queued work: when work first started) */
  firstAckAt?: number;
  /** first moment an engineer started work on it */
  firstWorkAt?: number;
  resolvedAt?: number;
  /** team that first received it (after triage) */
  firstTeam: string;
  /** team that holds it at the end (resolved or at the horizon) */
  team: string;
  /** engineer that resolved it */
  resolvedBy?: string;
  /** changes of assigned team or engineer after the first assignment (misroutes included) */
  reassignments: number;
  escalations: EscalationRecord[];
  misrouted: boolean;
  autoRemediated: boolean;
  major: boolean;
  /** minutes during which the SLA clock was paused (pending states) */
  pausedMinutes: number;
  /** response time on the priority's SLA calendar (business minutes, pauses excluded); undefined if no response */
  respondSlaMinutes?: number;
  /** resolution time on the priority's SLA calendar (business minutes, pauses excluded) */
  resolveSlaMinutes?: number;
  /** total hands-on work minutes spent on it */
  effortMinutes: number;
  /** arrived during the warm-up: simulated, not counted */
  warmup: boolean;
  /** ITIL ticket type: an incident or a service request (its SLA follows the type) */
  type: 'incident' | 'request';
  /** logged as the other type at triage and rerouted when found (a reassignment) */
  misclassified: boolean;
  /** matched a known-error article: its work was the class's (or the solved cause's) workFactor × the work */
  knownError: boolean;
  /** closure code at the final resolution (classes with closureCodes); undefined while open */
  closureCode?: string;
  /** times it was reopened after a resolution; `resolvedAt` is the final resolution */
  reopens: number;
  /** the first resolution and the reopen, when it was reopened: off the backlog in between */
  firstResolvedAt?: number;
  reopenedAt?: number;
  /** the problem cause that produced it (problems.causes[].id), if any */
  cause?: string;
  /** an incident of a cause that had produced one before (a recurrence) */
  recurrence: boolean;
  /** minutes of status updates spent by its assignee, and by a war room's communications lead */
  commsAssigneeMinutes: number;
  commsLeadMinutes: number;
  /** a ticket of the backlog the run started from (`backlog`, `--backlog`): open at minute 0, opened before it */
  seeded: boolean;
}

/** A problem record of problem management (problems.causes). Times are minutes. */
export interface ProblemRecord {
  id: string;
  cause: string;
  openedAt: number;
  /** when it was solved (its cause's arrivals drop by `reduction` from then on, and a known error is published) */
  solvedAt?: number;
  /** hands-on work minutes spent on it by the problem team */
  effortMinutes: number;
}

/** What problem management did in one replication (counts over the measured window). */
export interface ProblemsOutput {
  records: ProblemRecord[];
  /** problems opened and solved within the window */
  opened: number;
  solved: number;
  /** arrivals within the window that a solved problem removed: exactly the extra arrivals the same seed has without problem management (common random numbers) */
  avoided: number;
  /** work content (minutes, nominal) those avoided incidents would have had */
  avoidedWorkMinutes: number;
  /** hands-on minutes spent on problem records within the window */
  effortMinutes: number;
  /** day (from the window's start) at which the cumulative avoided work first reaches the cumulative problem effort; undefined if it never does */
  paybackDay?: number;
}

/** Time-weighted observations of one engineer over the measured window (after warm-up). */
export interface EngineerObservation {
  id: string;
  team: string;
  timezone: string;
  capacity: number;
  /** minutes available for incident work (on shift or on call, present), times incidentShare */
  availableMinutes: number;
  /** ∫ (work in progress ÷ capacity) dt over available time, in minutes */
  busyMinutes: number;
  /** incidents worked (count unit), effort hours, and severity-weighted score */
  workload: { count: number; effortHours: number; severity: number };
  /** P1+P2 incidents worked */
  highSeverityCount: number;
  /** pages and new assignments received, by the local time of day they arrived */
  interruptions: { business: number; off: number; sleep: number };
  /** per simulated day d (minutes [d·1440, (d+1)·1440)): busy and available minutes, for heatmaps */
  busyByDay: number[];
  availableByDay: number[];
  /** interruptions per week of the window (only when the scenario sets burnout thresholds) */
  weekly?: { business: number[]; off: number[]; sleep: number[] };
}

/** Everything one replication produced. */
export interface ReplicationOutput {
  index: number;
  /** measured window: [warmup, horizon] in minutes */
  window: { from: number; to: number };
  incidents: IncidentRecord[];
  engineers: EngineerObservation[];
  /** open incidents over time: change points (time, count), from 0 to the horizon */
  backlog: { t: number[]; open: number[] };
  /** ∫ number in system dt over the window (minutes), for Little's law */
  inSystemArea: number;
  /** arrivals per hour of week (168 bins, Monday 00:00 first, scenario timezone), counted over the window */
  arrivalsByHourOfWeek: number[];
  /** assignments that broke the availability invariant (always empty unless there is a bug) */
  violations: string[];
  events: number;
  /** problem management (scenarios with problems:) */
  problems?: ProblemsOutput;
  /** notification channels (only when some team or engineer has them), pages sent within the window */
  paging?: { pages: number; lost: number; fallbackDeliveries: number; reachSum: number; reachN: number };
}
