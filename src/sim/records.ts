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
}
