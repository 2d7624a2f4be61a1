/**
 * The runtime model built from a validated scenario (src/model/build.ts): everything parsed,
 * times converted to simulated minutes, distributions constructed. Immutable; shared by all
 * replications (and safe to rebuild in each worker).
 */
import type { Distribution } from '../kernel/distributions/index.js';
import type { Random } from '../kernel/rng.js';
import type { RosterSpec, Presence } from '../engine/types.js';
import type { EscalationPolicy } from '../policies/escalation/types.js';
import type { Scenario } from '../scenario/schema.js';
import type { ArrivalProcess } from './arrivals.js';
import type { HourTables } from './hourly.js';
import type { OnCallSchedule } from '../time/oncall.js';

/** Something that measures business minutes (an SLA calendar). */
export interface SlaCalendar {
  /** business minutes in [t0, t1) excluding the given paused intervals */
  elapsed(t0: number, t1: number, pauses: readonly (readonly [number, number])[]): number;
  /** the instant at which `minutes` business minutes have elapsed since t0 */
  due(t0: number, minutes: number): number;
}

export interface SlaModel {
  respond?: number;
  resolve?: number;
  target?: number;
  calendarName: string;
  calendar: SlaCalendar;
}

export interface AckDelayModel {
  day: Distribution;
  night?: Distribution;
  /** local hours [from, to) that count as night, e.g. 22 → 8 */
  nightFrom: number;
  nightTo: number;
}

/** One notification channel of a chain (push, SMS, phone, …). */
export interface ChannelModel {
  kind: string;
  /** time from sending to delivery, minutes */
  delay: Distribution;
  /** probability that the message is never delivered */
  loss: number;
  /** minutes after sending without an acknowledgement before the next channel is tried (Infinity on the last) */
  wait: number;
}

export interface TeamModel {
  id: string;
  index: number;
  tier: number;
  timezone: string;
  paging: boolean;
  ackDelay?: AckDelayModel;
  handoffDelay?: Distribution;
  handoffRework: number;
  /** 'slots': every held incident at the engineer's full pace; 'shared': the pace split among the incidents worked at once, held work kept while off shift */
  service: 'slots' | 'shared';
  surge?: { backlog: number; maxDuration: number };
  /** the team's notification chain (engineers may have their own) */
  channels?: ChannelModel[];
}

export interface EngineerModel {
  id: string;
  index: number;
  team: string;
  capacity: number;
  share: number;
  timezone: string;
  roles: string[];
  surgeTeams: string[];
  /** their own notification chain, else the team's */
  channels?: ChannelModel[];
  /** learning curve from `from` (minutes): work speed `factor` at `from`, rising linearly to 1 at `from + duration` */
  ramp?: { from: number; duration: number; factor: number };
}

export interface PathStepModel {
  team: string;
  work: Distribution;
  resolves: number;
}

export interface ClassModel {
  name: string;
  category?: string;
  arrivals: ArrivalProcess;
  /** cumulative weights for high, medium, low */
  impact: [number, number, number];
  urgency: [number, number, number];
  fixedPriority?: string;
  skills?: readonly string[];
  path: PathStepModel[];
  /**
   * The first wrong team is `to`, else drawn from `others`: the other teams of the right team's
   * tier (all other teams when it is alone there), from which further hops (`repeat`) are drawn.
   */
  misroute?: { probability: number; to?: string; detect: Distribution; repeat?: Distribution; others: string[] };
  /** dispatch latency before routing, minutes (added to the triage delay) */
  pickup?: Distribution;
  autoRemediate?: { probability: number; after: Distribution };
  pending?: { probability: number; duration: Distribution; kind: string };
  storm?: { probability: number; size: Distribution; within: number; class: string };
  security: boolean;
  /** ITIL ticket type (default 'incident') */
  type: TicketType;
  /** share of incidents matching a known-error article, and their work multiplier */
  knownError?: { share: number; workFactor: number };
  /** closure codes and their cumulative weights (last = total) */
  closureCodes?: { codes: string[]; cum: number[] };
  /** each resolution reopens with `probability`, `after` it, with `work` to do again */
  reopen?: { probability: number; after: Distribution; work: Distribution };
  /** problem causes of this class's arrivals: cumulative shares (≤ 1) over `causes` indexes */
  causes?: { index: number; cum: number }[];
  /** whether this class draws a known-error match at arrival (it has knownError, or a cause that can publish one) */
  drawsKnownError: boolean;
}

/** ITIL ticket types. */
export type TicketType = 'incident' | 'request';

/** A recurring cause shared by classes, and how problem management treats it (see ProblemsModel). */
export interface CauseModel {
  id: string;
  index: number;
  threshold: number;
  /** minutes */
  window: number;
  work: Distribution;
  reduction: number;
  /** work multiplier of the known error published when the cause is solved */
  workFactor: number;
  team: string;
  priority: string;
}

export interface ProblemsModel {
  team: string;
  enabled: boolean;
  causes: CauseModel[];
}

/** Status updates during open incidents (communication load). */
export interface CommsModel {
  /** priority → minutes between updates */
  cadence: Map<string, number>;
  /** priority → minutes one update takes */
  duration: Map<string, number>;
  types: Set<TicketType>;
}

/** Misclassification at triage: a share of tickets logged as the other type, first sent to `to[loggedType]`. */
export interface MisclassificationModel {
  share: number;
  detect: Distribution;
  to: Record<TicketType, string | undefined>;
}

/** A ticket open at minute 0, from `backlog.tickets`. Times are simulated minutes (≤ 0 for the past). */
export interface BacklogTicketModel {
  id: string;
  openedAt: number;
  priority: string;
  team: string;
  assignee?: string;
  /** the arrival class whose work content it gets */
  class: string;
  acknowledgedAt?: number;
  pausedMinutes: number;
}

export interface MajorIncidentModel {
  priorities: Set<string>;
  probability: number;
  roles: { role: string; count: number }[];
  otherWork: 'pause' | 'reassign';
  /** how long the war room stands (minutes), drawn per major incident; without it, until resolution */
  duration?: Distribution;
}

/**
 * An engineer's presence over a replication, as changes only: from minute `at[i]` on (until
 * `at[i + 1]`), `presence[i]`; `at` ascending, starting at 0 when anything is known at the start.
 * Shared between engineers and replications when it has no random part: read-only.
 */
export interface PresenceTimeline {
  at: Float64Array;
  presence: readonly Presence[];
}

export interface Model {
  scenario: Scenario;
  name: string;
  startIso: string;
  timezone: string;
  horizon: number;
  warmup: number;
  /** incidents expected per replication over the horizon (arrival rates, profiles and peaks, storms included; no backlog or scripts): a sizing hint */
  expectedIncidents: number;
  replications: number;
  seed: number | string;
  workloadUnit: 'count' | 'effort' | 'severity';
  priorityMatrix: Record<string, Record<string, string>>;
  priorityWeights: Record<string, number>;
  sla: Map<string, SlaModel>;
  /** SLA per priority for service requests (falls back to `sla` per priority) */
  requestSla: Map<string, SlaModel>;
  teams: TeamModel[];
  teamById: Map<string, TeamModel>;
  engineers: EngineerModel[];
  engineerById: Map<string, EngineerModel>;
  classes: ClassModel[];
  classByName: Map<string, ClassModel>;
  /** week-to-week variation: the shape k of each week's Gamma(k, 1/k) rate factor (undefined: none) */
  weeklyShape?: number;
  roster: RosterSpec;
  escalation: EscalationPolicy;
  triageDelay?: Distribution;
  majorIncident?: MajorIncidentModel;
  securityTeam?: string;
  misclassification?: MisclassificationModel;
  problems?: ProblemsModel;
  comms?: CommsModel;
  /** whether the scenario uses any ITIL-depth feature (types, known errors, closure codes, problems, reopens, comms): then per-type and ITIL figures are reported */
  itil: boolean;
  hours: HourTables;
  /** on-call schedules by team id, then layer name (primary, secondary, …): one per engineer on call at once (`depth`), the first first */
  oncall: ReadonlyMap<string, ReadonlyMap<string, readonly OnCallSchedule[]>>;
  /** whether any team or engineer has a notification chain */
  channels: boolean;
  /** burnout thresholds per engineer-week, when the scenario sets them */
  burnout?: { interruptions?: number; offHours?: number; sleep?: number };
  /** backlog age bucket bounds (minutes, ascending), when asked for */
  aging?: number[];
  /** whether any engineer joins or leaves during the horizon (`from` / `until`) */
  staffingChanges: boolean;
  /** tickets open at minute 0 (`backlog`), in file order */
  backlog: BacklogTicketModel[];
  /** each engineer's presence timeline for one replication (absences are random) */
  presence(random: Random): PresenceTimeline[];
}
