/**
 * The state of one replication, shared by every stage of the lifecycle (arrival, routing, paging,
 * work, presence, war rooms, closing). Stages are plain functions over this state, like a
 * compiler's passes over one tree; the state itself has no behaviour beyond building itself.
 *
 * Event handlers find the state through their data: every incident (`Inc.rep`) and engineer
 * (`Eng.rep`) points to its replication, and other event data carries `rep`.
 */
import { NO_EVENT, Simulation } from '../../kernel/simulation.js';
import { RandomStreams, replicationSeed, type Random } from '../../kernel/rng.js';
import { AssignmentEngine } from '../../engine/engine.js';
import type { EngineIncidentFields, Presence, Ticket } from '../../engine/types.js';
import type { EscalationIncident, EscalationStep } from '../../policies/escalation/types.js';
import type { ClassModel, EngineerModel, Model, PresenceTimeline, TeamModel } from '../../model/types.js';
import type { HourTable } from '../../model/hourly.js';
import type { EscalationRecord, IncidentRecord } from '../records.js';
import type { ItilInc } from './itil-state.js';
import type { ProblemsState } from './problems.js';
import { DOUBLE_ZERO } from '../../kernel/numbers.js';
import { LEVELS } from '../../scenario/levels.js';
import { doubles, objectArray } from '../../kernel/arrays.js';

/** One line of the event log (`--trace`) and of drill timelines. */
export interface TraceEvent {
  t: number;
  type:
    | 'arrived' | 'routed' | 'queued' | 'assigned' | 'paged' | 'acknowledged' | 'ack-timeout' | 'work-started'
    | 'work-paused' | 'pending' | 'pending-ended' | 'released' | 'escalated' | 'notified' | 'rerouted'
    | 'resolved' | 'auto-remediated' | 'war-room-opened' | 'war-room-closed' | 'surge-started' | 'surge-ended'
    | 'chain-ended' | 'presence'
    // ITIL depth (#19)
    | 'misclassified' | 'known-error' | 'avoided' | 'problem-opened' | 'problem-solved' | 'reopened' | 'status-update'
    // notification channels: a message lost, delivered, and the fall-back to the next channel
    | 'lost' | 'delivered' | 'fallback'
    // an escalation target that cannot be paged now (off duty, nobody on call in the layer): the chain moves on
    | 'skipped'
    // a ticket of today's backlog, open at minute 0
    | 'seeded';
  incident?: string;
  engineer?: string;
  team?: string;
  detail?: string;
}

/** A scripted incident (drills): arrives at `at` with the given attributes. */
export interface ScriptedIncident {
  id: string;
  at: number;
  class: string;
  priority?: string;
  category?: string;
}

/**
 * Reads each closed incident (`ReplicationOptions.readIncident`). An object with a method, not a
 * function: a closure made per replication is another call target each time, and the optimised
 * closing code that had inlined the last one was thrown away at each new replication's first
 * close; a class's method is the same function for every replication.
 */
export interface IncidentReader {
  read(rec: IncidentRecord): void;
}

export interface ReplicationOptions {
  index: number;
  /** each incident's record as it closes (a copy the callee may keep); without it, or `readIncident`, they are kept in the output */
  onIncident?: (rec: IncidentRecord) => void;
  /**
   * Each closed incident itself, read as its record during the call only (no copy: what metrics
   * streaming records need); keep nothing of it, or copy it with `recordOf`.
   */
  readIncident?: IncidentReader;
  /** event log */
  trace?: (e: TraceEvent) => void;
  /** drills: engineers who never acknowledge a page */
  silent?: Set<string>;
  /** drills: extra delay on every notification, minutes */
  notificationDelay?: number;
  /** drills: share of pages the notification channel loses (never delivered) */
  notificationLoss?: number;
  /** drills: extra absences */
  away?: { engineer: string; from: number; to: number }[];
  /** drills: incidents injected at fixed times (in addition to, or instead of, generated ones) */
  script?: ScriptedIncident[];
  /** drills: no generated arrivals */
  noArrivals?: boolean;
  /** drills: a fixed acknowledgement delay instead of the team's distribution */
  fixedAckDelay?: number;
  /** events the replication may run before it is stopped as a runaway (default BOUNDS.eventsPerReplication) */
  maxEvents?: number;
}

/**
 * What a step of an incident's path is, apart from its work: the team that works it, whether it
 * resolves the incident there, and whether it is a misroute. Shared: one per combination in a
 * replication (`Replication.kind` gives its index in `Replication.kinds`); never changed.
 */
export interface StepKind {
  readonly team: string;
  /** the model of `team` */
  readonly teamModel: TeamModel;
  readonly resolves: boolean;
  readonly misroute: boolean;
}

/**
 * An incident's path, two numbers a step: the step's kind (an index into `Replication.kinds`)
 * and its nominal work minutes. One array of plain numbers per incident (an object a step, with
 * its work boxed, cost about 70 bytes a step more). Read it with `Inc.kindAt`, `Inc.workAt` and
 * `Inc.stepCount`; build it with `Replication.kind`.
 */
export type Path = number[];

/**
 * What few incidents need, kept off the incident until one does (`Inc.x`, made by `Inc.more()`):
 * what a script or the backlog fixes, auto-remediation, war rooms, notification channels.
 */
export class IncExtras {
  /** a script's category (otherwise the class's) */
  category: string | undefined = undefined;
  autoRemediated = false;
  /** a ticket of the backlog, and the SLA-clock minutes it paused before minute 0 */
  seeded = false;
  carriedPause = 0;
  warRoom: Eng[] | undefined = undefined;
  /** the page (token) that has reached its responder on some channel */
  reachedToken = 0;
}

/** An incident's pending pause (awaiting the user or a vendor): when in its work it starts, and how long it lasts. */
export class PendingPause {
  /** nominal remaining work at which it starts (−1: not on this step, or already taken) */
  at = -1;
  /** end of the pause (−1: not started yet) */
  until = -1;
  constructor(
    /** share of the first real step's work done before it */
    readonly fraction: number,
    /** minutes */
    readonly duration: number,
  ) {}
}

/**
 * An incident as the lifecycle tracks it: ONE object from arrival to close, shared with the
 * assignment engine (which keeps its state of it in the `EngineIncidentFields`, adopted by `decide`
 * and `reopen`) and with metrics (it carries its record's fields: `readIncident` streams it as it
 * is, `recordOf` copies the record out for whoever keeps records).
 *
 * Every field is set in the constructor (one shape), numbers as numbers, and those that will hold
 * fractions or event ids as doubles from the start (`DOUBLE_ZERO`, `NO_EVENT`: no change of shape
 * mid-run). What few incidents need lives in `x` (`IncExtras`, made on first use by `more()`,
 * which is how it is written) and the ITIL-depth record fields in `itil`; those record fields, and
 * the ones that are the class's (`class`, `type`, `category`), are read-only accessors. An
 * incident costs 8 bytes a field, and most incidents need none of those.
 */
export class Inc implements IncidentRecord, EngineIncidentFields {
  // Its yes/no states, as plain fields: true and false share one V8 map, so setting one either way
  // changes no shape; accessors over one bitfield cost 3 % of the unoptimised work a cold
  // replication runs first (README, issue 16, the evening of 2026-12-02).
  /** the record's: its first step was a misroute */
  misrouted = false;
  /** the record's: a major incident (a war room) */
  major = false;
  /** the record's: arrived in the warm-up */
  warmup = false;
  /** handed to the engine */
  routed = false;
  /** its engineer is working on it now */
  working = false;
  /** its escalation chain has nothing more to page at this step */
  chainDone = false;
  /** acknowledged at the current step */
  ackedHere = false;
  /** resolved (for now: a reopen clears it) */
  resolved = false;
  /** in the replication's list of open incidents (`OpenIncidents`) */
  listed = false;
  // the record's own fields
  firstTeam: string;
  /** the team that holds it now (the record's `team`: at the end, the team that holds it at the end) */
  team: string;
  reassignments = 0;
  escalations: EscalationRecord[] = NO_ESCALATIONS;
  pausedMinutes = DOUBLE_ZERO;
  effortMinutes = DOUBLE_ZERO;
  firstAssignedAt: number | undefined = undefined;
  firstAckAt: number | undefined = undefined;
  firstWorkAt: number | undefined = undefined;
  resolvedAt: number | undefined = undefined;
  resolvedBy: string | undefined = undefined;
  respondSlaMinutes: number | undefined = undefined;
  resolveSlaMinutes: number | undefined = undefined;
  /** the rarely needed part (IncExtras), undefined until something needs it */
  x: IncExtras | undefined = undefined;
  /** the engine's handle for it once routed (−1 before) */
  handle = -1;
  stepIndex = 0;
  /** nominal work minutes left at the current step */
  remaining = DOUBLE_ZERO;
  workStart = DOUBLE_ZERO;
  workEvent = NO_EVENT;
  /** its pending pause (classes with `pending`, drawn at arrival), undefined when it has none */
  pending: PendingPause | undefined = undefined;
  pauses: [number, number][] = NO_PAUSES;
  chain: EscalationStep | undefined = undefined;
  pageToken = 0;
  /** the kernel event answering the latest page sent without channels (NO_EVENT: none): earlier pages' events are stale */
  pageEvent = NO_EVENT;
  /** who the latest page went to */
  pagedEng: Eng | undefined = undefined;
  /** the roster index of the engineer who left it, while its hand-back is pending (presence.ts) */
  handBackFrom = -1;
  /** ITIL-depth state (#19): closure code, reopen draws, cause, or the problem record it is; undefined without those features */
  itil: ItilInc | undefined = undefined;
  /** work speed (incident share × learning curve) of the work in progress */
  speed = DOUBLE_ZERO;
  engineer: Eng | undefined = undefined;
  lastEngineer: string | undefined = undefined;
  /** the team the escalation chain started in: its "assignee" levels page there */
  chainTeam: string | undefined = undefined;
  /** its neighbours in the replication's list of open incidents (`OpenIncidents`), and whether it is in it */
  prevOpen: Inc | undefined = undefined;
  nextOpen: Inc | undefined = undefined;
  // the assignment engine's state of it (EngineIncidentFields; `handle` above), written by the engine
  ticket: unknown = undefined;
  ticketId = ''; ticketSkills: readonly string[] | undefined = undefined; ticketOpenedAt = DOUBLE_ZERO; ticketDueAt: number | undefined = undefined; ticketCategory: string | undefined = undefined;
  seq = 0;
  effort = DOUBLE_ZERO;
  rank = 0;
  owner: unknown = undefined;
  assignee: unknown = undefined;
  queuedAt = NaN;
  acknowledgedAt: number | undefined = undefined;

  constructor(
    readonly rep: Replication,
    readonly cls: ClassModel,
    readonly id: string,
    readonly priority: string,
    /** minutes; a backlog ticket's is before minute 0 */
    readonly openedAt: number,
    /** its path (`Path`: kind and work of each step); at least one step */
    public steps: Path,
  ) {
    this.firstTeam = rep.kinds[steps[0]].team;
    this.team = this.firstTeam;
    this.remaining = steps[1];
  }

  /** The number of steps of its path. */
  get stepCount(): number {
    return this.steps.length >> 1;
  }
  /** What step `i` of its path is. */
  kindAt(i: number): StepKind {
    return this.rep.kinds[this.steps[2 * i]];
  }
  /** The nominal work minutes of step `i` of its path. */
  workAt(i: number): number {
    return this.steps[2 * i + 1];
  }

  /** The extras, made on first use. */
  more(): IncExtras {
    return (this.x ??= new IncExtras());
  }

  get class(): string {
    return this.cls.name;
  }
  get type(): 'incident' | 'request' {
    return this.cls.type;
  }
  get category(): string | undefined {
    return this.x?.category ?? this.cls.category;
  }
  /** nominal remaining work at which the pending pause starts (−1: none, or not on this step) */
  get pendingAt(): number {
    return this.pending === undefined ? -1 : this.pending.at;
  }
  /** end of the pending pause (−1: not started yet, or none) */
  get pendingUntil(): number {
    return this.pending === undefined ? -1 : this.pending.until;
  }
  /** weight of its priority in the severity workload */
  get effortWeight(): number {
    return this.rep.model.priorityWeights[this.priority] ?? 1;
  }
  get autoRemediated(): boolean {
    return this.x !== undefined && this.x.autoRemediated;
  }
  get seeded(): boolean {
    return this.x !== undefined && this.x.seeded;
  }
  get carriedPause(): number {
    return this.x === undefined ? 0 : this.x.carriedPause;
  }
  get warRoom(): Eng[] | undefined {
    return this.x?.warRoom;
  }
  get reachedToken(): number {
    return this.x === undefined ? 0 : this.x.reachedToken;
  }
  // the ITIL-depth record fields (#19), kept in `itil` when the scenario uses those features
  get misclassified(): boolean {
    return this.itil !== undefined && this.itil.misclassified;
  }
  get knownError(): boolean {
    return this.itil !== undefined && this.itil.knownError;
  }
  /** the closure code drawn at arrival, once finally resolved */
  get closureCode(): string | undefined {
    return this.itil !== undefined && this.resolvedAt !== undefined ? this.itil.closureCode : undefined;
  }
  get reopens(): number {
    return this.itil === undefined ? 0 : this.itil.reopens;
  }
  get firstResolvedAt(): number | undefined {
    return this.itil?.firstResolvedAt;
  }
  get reopenedAt(): number | undefined {
    return this.itil?.reopenedAt;
  }
  get cause(): string | undefined {
    return this.itil?.causeId;
  }
  get recurrence(): boolean {
    return this.itil !== undefined && this.itil.recurrence;
  }
  get commsAssigneeMinutes(): number {
    return this.itil === undefined ? 0 : this.itil.commsAssigneeMinutes;
  }
  get commsLeadMinutes(): number {
    return this.itil === undefined ? 0 : this.itil.commsLeadMinutes;
  }
}

/**
 * The open incidents of a replication in arrival order, as a list threaded through the incidents
 * themselves: adding and removing are O(1) and allocate nothing (a Set's table grows, and is
 * rebuilt as deletions pile up). Adding a listed incident, or removing one that is not, does nothing.
 */
export class OpenIncidents {
  private head: Inc | undefined;
  private tail: Inc | undefined;
  size = 0;

  add(inc: Inc): void {
    if (inc.listed) return;
    inc.listed = true;
    inc.prevOpen = this.tail;
    inc.nextOpen = undefined;
    if (this.tail) this.tail.nextOpen = inc;
    else this.head = inc;
    this.tail = inc;
    this.size++;
  }

  delete(inc: Inc): void {
    if (!inc.listed) return;
    inc.listed = false;
    if (inc.prevOpen) inc.prevOpen.nextOpen = inc.nextOpen;
    else this.head = inc.nextOpen;
    if (inc.nextOpen) inc.nextOpen.prevOpen = inc.prevOpen;
    else this.tail = inc.prevOpen;
    inc.prevOpen = inc.nextOpen = undefined;
    this.size--;
  }

  /** The first open incident in arrival order (undefined: none); the next is its `nextOpen`. A walk that changes nothing reads them in place, where `values` copies them first. */
  get first(): Inc | undefined {
    return this.head;
  }

  /** The open incidents in arrival order, as a new list (changes to this set do not change it). */
  values(): Inc[] {
    const out: Inc[] = [];
    for (let inc = this.head; inc; inc = inc.nextOpen) out.push(inc);
    return out;
  }
}

/** An engineer as the lifecycle tracks them: presence, held incidents, and what metrics accumulate. */
export interface Eng {
  rep: Replication;
  m: EngineerModel;
  /** `m`'s id, roster index, capacity and incident share, read at nearly every event: kept here, one object less to reach */
  id: string;
  index: number;
  capacity: number;
  share: number;
  team: TeamModel;
  /** presence from the timeline (shifts, on-call, absences), whatever war rooms and drills say */
  base: Presence;
  inWarRoom: boolean;
  presence: Presence;
  /** whether `presence` is one in which they take incident work (`AVAILABLE`): kept with it by `setPresence` */
  takesWork: boolean;
  /** incidents they hold, in the order they got them (a few: an array beats a Set) */
  held: Inc[];
  wip: number;
  /** time up to which busy and available time are integrated */
  last: number;
  busy: number;
  available: number;
  /**
   * The day being integrated (−1: none yet), and its busy and available minutes so far: added to
   * the replication's per-day figures (`Replication.busyByDay`, `availableByDay`) once, when the
   * day is over (they are not touched at every change, only once a day).
   */
  day: number;
  busyToday: number;
  availableToday: number;
  workload: { count: number; effortHours: number; severity: number };
  high: number;
  interruptions: { business: number; off: number; sleep: number };
  /** interruptions per week of the window (only when the scenario sets burnout thresholds) */
  weekly?: { business: number[]; off: number[]; sleep: number[] };
  /**
   * their acknowledgement delays' stream (`ack:<id>`), made on their first page (`ackDelay`): a
   * stream is seeded from its name alone, so when it is made changes none of its numbers, and many
   * of a large roster are never paged (teams without paging), where seeding one costs a few µs
   */
  ack: Random | undefined;
  /** local hours of the engineer's time zone */
  hours: HourTable;
}

/** Presences in which an engineer takes incident work (standby: what they were given by name). */
export const AVAILABLE: ReadonlySet<Presence> = new Set<Presence>(['on-shift', 'on-call', 'standby']);
/** Presences in which an engineer hands their incidents back (the others only pause work). */
export const HANDS_OFF: ReadonlySet<Presence> = new Set<Presence>(['off', 'away', 'vacation']);

/** The pauses of an incident that had none yet (shared: replaced by a list of its own on the first). */
export const NO_PAUSES: [number, number][] = Object.freeze([]) as unknown as [number, number][];
/** The escalations of a record that had none yet (shared: replaced by a list of its own on the first). */
export const NO_ESCALATIONS: IncidentRecord['escalations'] = Object.freeze([]) as unknown as IncidentRecord['escalations'];

/** Removes `x` from `list` keeping the order of the rest (no-op when absent). A plain loop: the lists are short (what an engineer holds), where indexOf's call costs more than the search. */
export function removeItem<T>(list: T[], x: T): void {
  const n = list.length;
  let k = 0;
  while (k < n && list[k] !== x) k++;
  if (k === n) return;
  for (; k < n - 1; k++) list[k] = list[k + 1];
  list.pop();
}

/** The shared state of one replication. */
export class Replication {
  readonly sim = new Simulation(4096);
  readonly streams: RandomStreams;
  readonly engine: AssignmentEngine;
  readonly engs: Eng[];
  readonly engById = new Map<string, Eng>();
  /** open incidents, in arrival order */
  readonly incs = new OpenIncidents();
  /** routed open incidents by engine handle */
  readonly incByHandle: (Inc | undefined)[] = objectArray();
  /** closed incidents' records, unless `opt.onIncident` takes them */
  readonly records: IncidentRecord[] = [];
  /** breaches of the availability invariant (METRICS.md) */
  readonly violations: string[] = [];
  /** measured window [from, to], minutes */
  readonly from: number;
  readonly to: number;
  readonly days: number;
  /**
   * Busy and available minutes per engineer and day, each engineer's up to the day before their
   * `day` (`closeDay` adds it): engineer i's day d at [d × engineers + i]. Two arrays for the
   * roster rather than two per engineer (a small typed array is ~250 bytes of heap and three
   * objects), by day: the engineers closing a day write side by side, in the few pages of that
   * day, not each in a page of their own (large-org: 1,000 engineers, 3 MB an array).
   */
  readonly busyByDay: Float64Array;
  readonly availableByDay: Float64Array;
  /** incident number of the last generated id */
  seq = 0;
  /** open incidents now, their time integral over the window, and the time it was integrated to */
  open = 0;
  openArea = DOUBLE_ZERO;
  openLast = DOUBLE_ZERO;
  /** backlog samples on a `grid`-minute grid */
  readonly backlogT: number[] = [];
  readonly backlogOpen: number[] = [];
  nextGrid = 0;
  readonly grid = 60;
  readonly arrivalsByHow = new Array<number>(168).fill(0);
  /** teams whose surge helpers are in */
  readonly surgeActive = new Set<string>();
  /** engineers away by a drill's `away` */
  readonly awaySet = new Set<Eng>();
  /** local hours of the scenario's time zone (arrivals by hour of week) */
  readonly hours: HourTable;
  /** whether any team queues by SLA deadline ('edf') */
  readonly edf: boolean;
  /** reused for every question to the escalation policy (policies read it during the call only) */
  readonly escInfo: EscalationIncident = { id: '', priority: '', category: undefined, team: '', tier: 0, openedAt: DOUBLE_ZERO };
  /** reused for every ticket handed to the engine (the engine copies what it keeps) */
  readonly ticket: Ticket = { id: '', priority: '', team: '', skills: undefined, effortHours: DOUBLE_ZERO, openedAt: DOUBLE_ZERO, slaDueAt: undefined, category: undefined };
  /**
   * Decisions being applied, four slots each (incident handle, team, engineer handle, reason):
   * copied out of the engine's reused decisions before the first is applied, since applying one
   * may call the engine again. A stack: nested applications push above and pop back.
   */
  readonly applying: (number | string)[] = objectArray();
  /** the top of `applying` (its slots above are free; the list never shrinks) */
  applyingTop = 0;
  /** reused for every hand-off's reassignment to the next team (the engine reads it during the call) */
  readonly target: { team: string; engineerId?: string } = { team: '', engineerId: undefined };
  /** the step kinds of this replication's paths (`Path`), each made once by `kind` */
  readonly kinds: StepKind[] = [];
  /** per team, the index in `kinds` of each combination (resolves + 2 × misroute; −1 not made yet) */
  private readonly kindByTeam = new Map<string, number[]>();
  /** per class, the kinds of its path's steps (`pathKinds`) */
  private readonly pathKindsByClass = new Map<ClassModel, number[]>();
  /**
   * reused while an arrival draws its path (arrival.ts), which is then copied out at its length:
   * two numbers a step of the longest path, doubles of that length from the start (arrays.ts)
   */
  readonly pathBuffer: number[];
  /** the priority of each impact and urgency level (0 high, 1 medium, 2 low): `priorityByLevels[3 × impact + urgency]`, from the model's matrix */
  readonly priorityByLevels: string[];
  /** whether any team has surge helpers (presence.ts `checkSurge`) */
  readonly surges: boolean;
  /** each team's `handoff:<team>` stream, looked up once */
  private readonly handoffStreams = new Map<string, Random>();
  /** notification channels (scenarios with `channels`): pages, messages lost, deliveries on a fallback channel, page → first delivery */
  readonly paging = { pages: 0, lost: 0, fallbackDeliveries: 0, reachSum: DOUBLE_ZERO, reachN: 0 };
  /** the event log; called as `rep.trace?.(…)` so that without one no event is even built */
  readonly trace?: (e: TraceEvent) => void;
  /** problem management (scenarios with problems:), set by its stage at the start */
  problems?: ProblemsState;

  constructor(readonly model: Model, readonly opt: ReplicationOptions) {
    this.streams = new RandomStreams(replicationSeed(model.seed, opt.index));
    this.from = model.warmup;
    this.to = model.horizon;
    this.days = Math.ceil(model.horizon / 1440);
    this.trace = opt.trace;
    this.hours = model.hours.get(model.timezone);
    this.edf = model.roster.teams.some((t) => t.queue === 'edf');
    // (a matrix with gaps serves only classes of a fixed priority: what it lacks is never drawn)
    this.priorityByLevels = LEVELS.flatMap((impact) => LEVELS.map((urgency) => model.priorityMatrix[impact]?.[urgency] as string));
    this.surges = model.teams.some((t) => t.surge !== undefined);
    this.pathBuffer = doubles(2 * Math.max(0, ...model.classes.map((c) => c.path.length)));
    // Decisions are explained (reason text, candidates) only when they go into an event log;
    // otherwise they are the engine's reused objects, read at once (routing.ts applyDecisions).
    const explain = opt.trace !== undefined;
    this.engine = new AssignmentEngine(model.roster, { random: this.streams.stream('routing'), explain, reuseDecisions: !explain, indexById: false });
    this.busyByDay = new Float64Array(model.engineers.length * this.days);
    this.availableByDay = new Float64Array(model.engineers.length * this.days);
    const weeks = model.burnout ? Math.ceil((model.horizon - model.warmup) / 10080) : 0;
    this.engs = model.engineers.map((m) => {
      const e: Eng = {
        rep: this,
        m,
        id: m.id,
        index: m.index,
        capacity: m.capacity,
        share: m.share,
        team: model.teamById.get(m.team)!,
        base: 'off',
        inWarRoom: false,
        presence: 'off',
        takesWork: false,
        held: objectArray(),
        wip: 0,
        last: DOUBLE_ZERO,
        busy: DOUBLE_ZERO,
        available: DOUBLE_ZERO,
        day: -1,
        busyToday: DOUBLE_ZERO,
        availableToday: DOUBLE_ZERO,
        workload: { count: 0, effortHours: DOUBLE_ZERO, severity: 0 },
        high: 0,
        interruptions: { business: 0, off: 0, sleep: 0 },
        weekly: model.burnout ? { business: new Array(weeks).fill(0), off: new Array(weeks).fill(0), sleep: new Array(weeks).fill(0) } : undefined,
        ack: undefined,
        hours: model.hours.get(m.timezone),
      };
      this.engById.set(m.id, e);
      return e;
    });
  }

  /** The index in `kinds` of the step kind (`team`, `resolves`, `misroute`), made on first use. */
  kind(team: string, resolves: boolean, misroute: boolean): number {
    let slots = this.kindByTeam.get(team);
    if (slots === undefined) this.kindByTeam.set(team, (slots = [-1, -1, -1, -1]));
    const k = (resolves ? 1 : 0) + (misroute ? 2 : 0);
    if (slots[k] < 0) {
      slots[k] = this.kinds.length;
      this.kinds.push({ team, teamModel: this.model.teamById.get(team)!, resolves, misroute });
    }
    return slots[k];
  }

  /**
   * The kinds of the steps of `cls`'s path, two a step: `[2i]` step i when it does not resolve
   * the incident, `[2i + 1]` when it does (neither a misroute). Made once per class.
   */
  pathKinds(cls: ClassModel): readonly number[] {
    let kinds = this.pathKindsByClass.get(cls);
    if (kinds === undefined) this.pathKindsByClass.set(cls, (kinds = cls.path.flatMap((p) => [this.kind(p.team, false, false), this.kind(p.team, true, false)])));
    return kinds;
  }

  /** The random stream of hand-off delays into team `team`. */
  handoffStream(team: string): Random {
    let r = this.handoffStreams.get(team);
    if (r === undefined) this.handoffStreams.set(team, (r = this.streams.stream(`handoff:${team}`)));
    return r;
  }

  engOrThrow(id: string): Eng {
    const e = this.engById.get(id);
    if (!e) throw new Error(`unknown engineer ${id}`);
    return e;
  }
}

/** A presence timeline with a plain-empty default. */
export const NO_TIMELINE: PresenceTimeline = { at: new Float64Array(0), presence: [] };
