/**
 * One replication of the incident lifecycle:
 *
 *   arrival → triage → route (assignment engine) → page & acknowledge (paging teams) or queue
 *   → work (per-engineer concurrency, shrinkage, pending pauses) → resolve, or escalate
 *   functionally to the next step of the class's path (hand-off cost) → … → resolve.
 *
 * Around it: presence changes from shifts, on-call and absences; escalation chains when nobody
 * acknowledges; stall milestones and management notifications; major-incident war rooms; surge
 * capacity. Every decision about WHO gets an incident is the assignment engine's.
 *
 * Common random numbers: everything about an incident's content (priority, work per step, whether
 * each step resolves it, misroute, auto-remediation, pending, storm) is drawn at its arrival from
 * its class's own stream, so two variants of a scenario see the same incidents. Acknowledgement
 * delays come from per-engineer streams.
 */
import { Simulation } from '../kernel/simulation.js';
import { RandomStreams, replicationSeed, type Random } from '../kernel/rng.js';
import { AssignmentEngine } from '../engine/engine.js';
import type { Decision, Presence, Ticket } from '../engine/types.js';
import type { EscalationIncident, EscalationStep, FinalAction } from '../policies/escalation/types.js';
import type { ClassModel, EngineerModel, Model, PresenceTimeline, TeamModel } from '../model/types.js';
import type { HourTable } from '../model/hourly.js';
import type { EngineerObservation, IncidentRecord, ReplicationOutput } from './records.js';

/** One line of the event log (`--trace`) and of drill timelines. */
export interface TraceEvent {
  t: number;
  type:
    | 'arrived' | 'routed' | 'queued' | 'assigned' | 'paged' | 'acknowledged' | 'ack-timeout' | 'work-started'
    | 'work-paused' | 'pending' | 'pending-ended' | 'released' | 'escalated' | 'notified' | 'rerouted'
    | 'resolved' | 'auto-remediated' | 'war-room-opened' | 'war-room-closed' | 'surge-started' | 'surge-ended'
    | 'chain-ended' | 'presence';
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

export interface ReplicationOptions {
  index: number;
  /** keep every incident record in the output (metrics need them; large runs may stream instead) */
  onIncident?: (rec: IncidentRecord) => void;
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
}

interface Step {
  team: string;
  work: number;
  resolves: boolean;
  misroute: boolean;
}

interface Inc {
  rec: IncidentRecord;
  cls: ClassModel;
  steps: Step[];
  stepIndex: number;
  /** nominal work minutes left at the current step */
  remaining: number;
  engineer?: Eng;
  team: string;
  routed: boolean;
  lastEngineer?: string;
  working: boolean;
  workStart: number;
  workEvent: number;
  /** nominal remaining work at which the pending pause starts (−1: none, or not on this step) */
  pendingAt: number;
  /** share of the first real step's work done before the pending pause (−1: no pause) */
  pendingFraction: number;
  pendingDuration: number;
  pendingUntil: number;
  pauses: [number, number][];
  chain?: EscalationStep;
  chainDone: boolean;
  ackedHere: boolean;
  pageToken: number;
  functionalLevel: number;
  hierarchicalLevel: number;
  resolved: boolean;
  warRoom?: Eng[];
  effortWeight: number;
}

interface Eng {
  m: EngineerModel;
  team: TeamModel;
  base: Presence;
  inWarRoom: boolean;
  presence: Presence;
  /** incidents they hold, in the order they got them (a few: an array beats a Set) */
  held: Inc[];
  wip: number;
  last: number;
  busy: number;
  available: number;
  busyByDay: Float64Array;
  availableByDay: Float64Array;
  workload: { count: number; effortHours: number; severity: number };
  high: number;
  interruptions: { business: number; off: number; sleep: number };
  ack: Random;
  /** local hours of the engineer's time zone */
  hours: HourTable;
}

/** Where an engineer is in their presence timeline; `priority` orders same-time changes by engineer. */
interface PresenceCursor {
  e: Eng;
  timeline: PresenceTimeline;
  next: number;
  priority: number;
}

/** Removes `x` from `list` keeping the order of the rest (no-op when absent). */
function removeItem<T>(list: T[], x: T): void {
  const k = list.indexOf(x);
  if (k < 0) return;
  for (let i = k; i < list.length - 1; i++) list[i] = list[i + 1];
  list.pop();
}

const LEVELS = ['high', 'medium', 'low'] as const;

/** Draws a level (0 high, 1 medium, 2 low) from cumulative weights. */
function pickLevel(cum: [number, number, number], r: Random): number {
  const u = r() * cum[2];
  return u < cum[0] ? 0 : u < cum[1] ? 1 : 2;
}

const NO_OFFSETS: readonly number[] = [];
const NO_TIMELINE: PresenceTimeline = { at: new Float64Array(0), presence: [] };
const AVAILABLE: ReadonlySet<Presence> = new Set<Presence>(['on-shift', 'on-call']);
const HANDS_OFF: ReadonlySet<Presence> = new Set<Presence>(['off', 'away', 'vacation']);

/** Runs replication `options.index` of `model` and returns what metrics need. */
export function runReplication(model: Model, options: ReplicationOptions): ReplicationOutput {
  return new Replication(model, options).run();
}

class Replication {
  private readonly sim = new Simulation(4096);
  private readonly streams: RandomStreams;
  private readonly engine: AssignmentEngine;
  private readonly engs: Eng[];
  private readonly engById = new Map<string, Eng>();
  private readonly incs = new Map<string, Inc>();
  private readonly records: IncidentRecord[] = [];
  private readonly violations: string[] = [];
  private readonly from: number;
  private readonly to: number;
  private readonly days: number;
  private seq = 0;
  private open = 0;
  private openArea = 0;
  private openLast = 0;
  private readonly backlogT: number[] = [];
  private readonly backlogOpen: number[] = [];
  private nextGrid = 0;
  private readonly grid = 60;
  private readonly arrivalsByHow = new Array<number>(168).fill(0);
  private readonly surgeActive = new Set<string>();
  /** local hours of the scenario's time zone (arrivals by hour of week) */
  private readonly hours: HourTable;
  /** whether any team queues by SLA deadline ('edf') */
  private readonly edf: boolean;
  /** the event log; called as `this.trace?.(…)` so that without one no event is even built */
  private readonly trace?: (e: TraceEvent) => void;

  constructor(private readonly model: Model, private readonly opt: ReplicationOptions) {
    this.streams = new RandomStreams(replicationSeed(model.seed, opt.index));
    this.from = model.warmup;
    this.to = model.horizon;
    this.days = Math.ceil(model.horizon / 1440);
    this.trace = opt.trace;
    this.hours = model.hours.get(model.timezone);
    this.edf = model.roster.teams.some((t) => t.queue === 'edf');
    // Decisions are explained (reason text, candidates) only when they go into an event log.
    this.engine = new AssignmentEngine(model.roster, { random: this.streams.stream('routing'), explain: opt.trace !== undefined });
    this.engs = model.engineers.map((m) => {
      const e: Eng = {
        m,
        team: model.teamById.get(m.team)!,
        base: 'off',
        inWarRoom: false,
        presence: 'off',
        held: [],
        wip: 0,
        last: 0,
        busy: 0,
        available: 0,
        busyByDay: new Float64Array(this.days),
        availableByDay: new Float64Array(this.days),
        workload: { count: 0, effortHours: 0, severity: 0 },
        high: 0,
        interruptions: { business: 0, off: 0, sleep: 0 },
        ack: this.streams.stream(`ack:${m.id}`),
        hours: model.hours.get(m.timezone),
      };
      this.engById.set(m.id, e);
      return e;
    });
  }

  run(): ReplicationOutput {
    const { model, sim } = this;
    // Presence timelines (absences are random per replication), plus scripted absences.
    // Each engineer has one pending presence event at a time (the next change of their timeline),
    // not a year of them: the event set stays small. Its priority, below every other event's and
    // ordered by engineer, runs same-time changes first and in roster order.
    const timelines = model.presence(this.streams.stream('absence'));
    const away = this.opt.away ?? [];
    this.engs.forEach((e, k) => {
      const tl = timelines[e.m.index] ?? NO_TIMELINE;
      const first = tl.at.length > 0 && tl.at[0] <= 0 ? tl.presence[0] : 'off';
      e.base = first;
      e.presence = first;
      this.engine.setPresence(e.m.id, first, 0);
      this.nextPresence({ e, timeline: tl, next: 0, priority: k - 1 - this.engs.length });
    });
    for (const a of away) {
      const e = this.engOrThrow(a.engineer);
      sim.scheduleAt(Math.max(0, a.from), this.onAway, { e, on: true }, -1);
      if (a.to < model.horizon) sim.scheduleAt(a.to, this.onAway, { e, on: false }, -1);
    }
    // Arrivals.
    if (!this.opt.noArrivals) {
      for (const cls of model.classes) {
        const r = this.streams.stream(`arrivals:${cls.name}`);
        const t = cls.arrivals.next(0, model.horizon, r);
        if (t < Infinity) sim.scheduleAt(t, this.onArrivalTick, { cls, r, attrs: this.streams.stream(`attrs:${cls.name}`) });
      }
    }
    for (const s of this.opt.script ?? []) sim.scheduleAt(s.at, this.onScripted, s);
    sim.run({ until: model.horizon });
    return this.finish();
  }

  // ---- arrivals ---------------------------------------------------------------------------

  private readonly onArrivalTick = (d: { cls: ClassModel; r: Random; attrs: Random }): void => {
    const now = this.sim.now;
    this.arrive(d.cls, d.attrs, undefined);
    const t = d.cls.arrivals.next(now, this.model.horizon, d.r);
    if (t < Infinity) this.sim.scheduleAt(t, this.onArrivalTick, d);
  };

  private readonly onScripted = (s: { id: string; class: string; priority?: string; category?: string }): void => {
    const cls = this.model.classByName.get(s.class)!;
    this.arrive(cls, this.streams.stream(`script:${s.id}`), s);
  };

  private readonly onStormChild = (d: { cls: ClassModel }): void => {
    this.arrive(d.cls, this.streams.stream(`storm:${d.cls.name}`), undefined);
  };

  private arrive(cls: ClassModel, r: Random, script: { id: string; priority?: string; category?: string } | undefined): void {
    const now = this.sim.now;
    const model = this.model;
    // Everything about the incident's content, drawn in a fixed order from its class's stream.
    const priority = script?.priority ?? cls.fixedPriority ?? this.drawPriority(cls, r);
    const triage = model.triageDelay ? model.triageDelay.sample(r) : 0;
    const auto = cls.autoRemediate && r() < cls.autoRemediate.probability ? cls.autoRemediate.after.sample(r) : -1;
    const steps: Step[] = [];
    for (let i = 0; i < cls.path.length; i++) {
      const p = cls.path[i];
      const work = p.work.sample(r);
      const resolves = i === cls.path.length - 1 || r() < p.resolves;
      steps.push({ team: p.team, work, resolves, misroute: false });
      if (resolves) break;
    }
    // Misroutes: first to `to` (or a team drawn among `others`), then with `repeat` passed on
    // between `others`, never straight back to the team it leaves.
    let firstReal = 0;
    if (cls.misroute && r() < cls.misroute.probability) {
      const m = cls.misroute;
      const first = m.to ?? m.others[Math.floor(r() * m.others.length)];
      const wrong: Step[] = [{ team: first, work: m.detect.sample(r), resolves: false, misroute: true }];
      const further = m.repeat ? Math.max(0, Math.round(m.repeat.sample(r))) : 0;
      for (let k = 0; k < further; k++) {
        const choices = m.others.filter((t) => t !== wrong[wrong.length - 1].team);
        wrong.push({ team: choices[Math.floor(r() * choices.length)], work: m.detect.sample(r), resolves: false, misroute: true });
      }
      steps.unshift(...wrong);
      firstReal = wrong.length;
    }
    let pendingAt = -1;
    let pendingDuration = 0;
    if (cls.pending && r() < cls.pending.probability) {
      pendingAt = r(); // fraction of the first real step's work done before the pause
      pendingDuration = cls.pending.duration.sample(r);
    }
    const majorDraw = r();
    const storm = cls.storm && r() < cls.storm.probability ? Math.max(0, Math.round(cls.storm.size.sample(r))) : 0;
    const stormOffsets = storm > 0 ? Array.from({ length: storm }, () => r() * cls.storm!.within) : NO_OFFSETS;

    const id = script?.id ?? `INC${String(++this.seq).padStart(7, '0')}`;
    const warmup = now < this.from;
    const major = model.majorIncident !== undefined && model.majorIncident.priorities.has(priority) && majorDraw < model.majorIncident.probability;
    const rec: IncidentRecord = {
      id,
      class: cls.name,
      category: script?.category ?? cls.category,
      priority,
      openedAt: now,
      firstTeam: steps[0].team,
      team: steps[0].team,
      reassignments: 0,
      escalations: [],
      misrouted: steps[0].misroute,
      autoRemediated: false,
      major,
      pausedMinutes: 0,
      effortMinutes: 0,
      warmup,
      // set later; present from the start so that every record has one shape (faster to read)
      firstAssignedAt: undefined,
      firstAckAt: undefined,
      firstWorkAt: undefined,
      resolvedAt: undefined,
      resolvedBy: undefined,
      respondSlaMinutes: undefined,
      resolveSlaMinutes: undefined,
    };
    const inc: Inc = {
      rec, cls, steps, stepIndex: 0, remaining: steps[0].work, team: steps[0].team, routed: false,
      working: false, workStart: 0, workEvent: -1,
      pendingAt: pendingAt >= 0 && firstReal === 0 ? steps[0].work * (1 - pendingAt) : -1,
      pendingFraction: pendingAt, pendingDuration, pendingUntil: -1, pauses: [],
      chainDone: false, ackedHere: false, pageToken: 0, functionalLevel: 0, hierarchicalLevel: 0, resolved: false,
      effortWeight: model.priorityWeights[priority] ?? 1,
    };
    this.incs.set(id, inc);
    this.changeOpen(+1);
    if (!warmup) this.arrivalsByHow[this.hours.at(now)]++;
    this.trace?.({ t: now, type: 'arrived', incident: id, detail: `${cls.name} ${priority}` });

    for (const off of stormOffsets) this.sim.schedule(off, this.onStormChild, { cls: model.classByName.get(cls.storm!.class)! });

    if (auto >= 0) {
      this.sim.schedule(auto, this.onAutoRemediated, inc);
      return;
    }
    // Immediate escalation (security / PII) and hierarchical notifications.
    const policy = model.escalation;
    const info = this.escInfo(inc);
    const immediate = (cls.security && model.securityTeam) || policy.immediate(info);
    if (immediate && immediate !== inc.team) {
      inc.steps = [{ team: immediate, work: steps[steps.length - 1].work, resolves: true, misroute: false }];
      inc.team = immediate;
      rec.firstTeam = immediate;
      rec.misrouted = false;
      inc.remaining = inc.steps[0].work;
      this.recordEscalation(inc, 'functional', immediate, 'immediate escalation rule');
      info.team = immediate;
      info.tier = this.model.teamById.get(immediate)!.tier;
    }
    for (const n of policy.notifications(info)) this.sim.schedule(n.after, this.onNotify, { inc, notify: n.notify });
    for (const s of policy.stall(info)) this.sim.schedule(s.after, this.onStall, inc);
    this.sim.schedule(triage, this.onRoute, inc);
  }

  private drawPriority(cls: ClassModel, r: Random): string {
    const impact = LEVELS[pickLevel(cls.impact, r)];
    const urgency = LEVELS[pickLevel(cls.urgency, r)];
    return this.model.priorityMatrix[impact][urgency];
  }

  // ---- routing and decisions --------------------------------------------------------------

  private readonly onRoute = (inc: Inc): void => {
    if (inc.resolved) return;
    const d = this.engine.decide(this.ticket(inc), this.sim.now);
    this.trace?.({ t: this.sim.now, type: 'routed', incident: inc.rec.id, team: d.team, detail: d.reason });
    this.applyDecision(d);
    if (inc.rec.major) this.openWarRoom(inc);
  };

  private ticket(inc: Inc): Ticket {
    const step = inc.steps[inc.stepIndex];
    return {
      id: inc.rec.id,
      priority: inc.rec.priority,
      team: step.team,
      skills: inc.cls.skills,
      effortHours: inc.remaining / 60,
      openedAt: inc.rec.openedAt,
      // only earliest-deadline-first queues read the deadline (a calendar walk per incident otherwise)
      slaDueAt: this.edf ? this.resolveDue(inc) : undefined,
      category: inc.rec.category,
    };
  }

  private resolveDue(inc: Inc): number | undefined {
    const sla = this.model.sla.get(inc.rec.priority);
    return sla?.resolve !== undefined ? sla.calendar.due(inc.rec.openedAt, sla.resolve) : undefined;
  }

  private applyDecisions(ds: readonly Decision[]): void {
    for (const d of ds) this.applyDecision(d);
  }

  private applyDecision(d: Decision): void {
    const inc = this.incs.get(d.incidentId);
    if (!inc || inc.resolved) return;
    const now = this.sim.now;
    if (inc.routed && d.team !== inc.team) {
      inc.rec.reassignments++;
      inc.lastEngineer = undefined;
    }
    inc.routed = true;
    inc.team = d.team;
    inc.rec.team = d.team;
    if (d.engineerId === undefined) {
      this.trace?.({ t: now, type: 'queued', incident: inc.rec.id, team: d.team, detail: d.reason });
      this.checkSurge(d.team);
      return;
    }
    const e = this.engOrThrow(d.engineerId);
    // METRICS.md invariant, checked on every run: nobody off shift, absent or full gets work.
    if (!AVAILABLE.has(e.presence) || e.held.length >= e.m.capacity) {
      this.violations.push(`${inc.rec.id} assigned at ${now} min to ${e.m.id}, who is ${e.presence} holding ${e.held.length} of ${e.m.capacity}`);
    }
    if (inc.lastEngineer !== undefined && inc.lastEngineer !== e.m.id) inc.rec.reassignments++;
    inc.lastEngineer = e.m.id;
    inc.engineer = e;
    if (!e.held.includes(inc)) e.held.push(inc);
    inc.rec.firstAssignedAt ??= now;
    this.interrupt(e, now);
    e.workload.count++;
    e.workload.severity += inc.effortWeight;
    if (inc.rec.priority === 'P1' || inc.rec.priority === 'P2') e.high++;
    this.trace?.({ t: now, type: 'assigned', incident: inc.rec.id, engineer: e.m.id, team: d.team, detail: d.reason });
    const team = this.model.teamById.get(d.team)!;
    if (team.paging && !inc.ackedHere && !inc.chainDone) {
      if (!inc.chain) {
        const s = this.model.escalation.start(this.escInfo(inc));
        if (s.type === 'final') return this.endChain(inc, s);
        inc.chain = s;
      }
      this.page(inc, e);
    } else {
      inc.ackedHere = true;
      this.acknowledged(inc, e);
    }
  }

  // ---- paging and acknowledgement ---------------------------------------------------------

  private page(inc: Inc, e: Eng): void {
    const now = this.sim.now;
    const step = inc.chain!;
    const token = ++inc.pageToken;
    this.trace?.({ t: now, type: 'paged', incident: inc.rec.id, engineer: e.m.id, team: inc.team, detail: `level ${step.level}, round ${step.round + 1}` });
    const lost = (this.opt.notificationLoss ?? 0) > 0 && this.streams.stream('channel')() < this.opt.notificationLoss!;
    const silent = lost || (this.opt.silent?.has(e.m.id) ?? false);
    const delay = silent ? Infinity : (this.opt.notificationDelay ?? 0) + this.ackDelay(e, now);
    if (delay <= step.timeout) this.sim.schedule(delay, this.onAck, { inc, e, token });
    else if (step.timeout < Infinity) this.sim.schedule(step.timeout, this.onAckTimeout, { inc, e, token });
  }

  private ackDelay(e: Eng, now: number): number {
    if (this.opt.fixedAckDelay !== undefined) return this.opt.fixedAckDelay;
    const a = e.team.ackDelay;
    if (!a) return 0;
    if (a.night) {
      const h = e.hours.hourOfDay(now);
      const night = a.nightFrom > a.nightTo ? h >= a.nightFrom || h < a.nightTo : h >= a.nightFrom && h < a.nightTo;
      if (night) return a.night.sample(e.ack);
    }
    return a.day.sample(e.ack);
  }

  private readonly onAck = (d: { inc: Inc; e: Eng; token: number }): void => {
    const { inc, e } = d;
    if (inc.resolved || d.token !== inc.pageToken || inc.engineer !== e) return;
    inc.ackedHere = true;
    this.acknowledged(inc, e);
  };

  private acknowledged(inc: Inc, e: Eng): void {
    const now = this.sim.now;
    if (inc.rec.firstAckAt === undefined) inc.rec.firstAckAt = now;
    this.engine.acknowledge(inc.rec.id, e.m.id, now);
    this.trace?.({ t: now, type: 'acknowledged', incident: inc.rec.id, engineer: e.m.id, team: inc.team });
    this.startWork(inc, e);
  }

  private readonly onAckTimeout = (d: { inc: Inc; e: Eng; token: number }): void => {
    const { inc, e } = d;
    if (inc.resolved || d.token !== inc.pageToken || inc.engineer !== e || inc.ackedHere) return;
    const now = this.sim.now;
    const cur = inc.chain!;
    this.trace?.({ t: now, type: 'ack-timeout', incident: inc.rec.id, engineer: e.m.id, detail: `level ${cur.level}` });
    const next = this.model.escalation.next(this.escInfo(inc), cur);
    if (next.type === 'final') return this.endChain(inc, next);
    inc.chain = next;
    if (next.level > cur.level) this.recordEscalation(inc, 'functional', this.targetName(next), `no acknowledgement within ${cur.timeout} min at level ${cur.level}`);
    const t = next.target;
    if (t.kind === 'assignee') {
      // The chain re-pages whoever holds the incident (a repeat, or the next round).
      this.page(inc, e);
      return;
    }
    this.unhold(inc);
    const to = t.kind === 'team' ? { team: t.team } : { team: this.engOrThrow(t.engineerId).m.team, engineerId: t.engineerId };
    this.applyDecisions(this.engine.reassign(inc.rec.id, to, now, `escalation level ${next.level}`));
    this.afterRelease(e);
  };

  private targetName(s: EscalationStep): string {
    const t = s.target;
    return t.kind === 'assignee' ? `level ${s.level}` : t.kind === 'team' ? t.team : t.engineerId;
  }

  private endChain(inc: Inc, f: FinalAction): void {
    const now = this.sim.now;
    inc.chainDone = true;
    this.trace?.({ t: now, type: 'chain-ended', incident: inc.rec.id, detail: f.reason });
    if (f.notify) this.recordEscalation(inc, 'hierarchical', f.notify, f.reason);
    // The responder who never answered is taken off it; it waits for the next free engineer.
    const e = inc.engineer;
    if (e) {
      this.unhold(inc);
      this.applyDecisions(this.engine.release(inc.rec.id, now));
      this.afterRelease(e);
    }
  }

  // ---- work -------------------------------------------------------------------------------

  private startWork(inc: Inc, e: Eng): void {
    const now = this.sim.now;
    if (inc.working || inc.pendingUntil > now || !AVAILABLE.has(e.presence)) return;
    if (inc.rec.firstWorkAt === undefined) inc.rec.firstWorkAt = now;
    this.account(e, now);
    e.wip++;
    inc.working = true;
    inc.workStart = now;
    const untilPause = inc.pendingAt >= 0 ? inc.remaining - inc.pendingAt : Infinity;
    if (untilPause <= inc.remaining && untilPause >= 0) {
      inc.workEvent = this.sim.schedule(untilPause / e.m.share, this.onPendingStart, inc);
    } else {
      inc.workEvent = this.sim.schedule(inc.remaining / e.m.share, this.onWorkDone, inc);
    }
    this.trace?.({ t: now, type: 'work-started', incident: inc.rec.id, engineer: e.m.id });
  }

  /** Stops the clock on the work in progress (if any) and books the effort. */
  private stopWork(inc: Inc): void {
    if (!inc.working) return;
    const e = inc.engineer!;
    const now = this.sim.now;
    this.sim.cancel(inc.workEvent);
    this.account(e, now);
    e.wip--;
    const done = (now - inc.workStart) * e.m.share;
    inc.remaining = Math.max(0, inc.remaining - done);
    inc.rec.effortMinutes += done;
    e.workload.effortHours += done / 60;
    inc.working = false;
  }

  /** Takes the incident off its engineer (without telling the engine). */
  private unhold(inc: Inc): void {
    this.stopWork(inc);
    if (inc.engineer) removeItem(inc.engineer.held, inc);
    inc.engineer = undefined;
    inc.ackedHere = false;
  }

  private readonly onPendingStart = (inc: Inc): void => {
    const now = this.sim.now;
    this.stopWork(inc);
    inc.pendingAt = -1;
    inc.pendingUntil = now + inc.pendingDuration;
    this.trace?.({ t: now, type: 'pending', incident: inc.rec.id, detail: inc.cls.pending?.kind });
    this.sim.schedule(inc.pendingDuration, this.onPendingEnd, inc);
  };

  private readonly onPendingEnd = (inc: Inc): void => {
    if (inc.resolved) return;
    const now = this.sim.now;
    const from = inc.pendingUntil - inc.pendingDuration;
    inc.pauses.push([from, now]);
    inc.rec.pausedMinutes += now - from;
    this.trace?.({ t: now, type: 'pending-ended', incident: inc.rec.id });
    if (inc.engineer && inc.ackedHere) this.startWork(inc, inc.engineer);
  };

  private readonly onWorkDone = (inc: Inc): void => {
    const e = inc.engineer!;
    this.stopWork(inc);
    inc.remaining = 0;
    const step = inc.steps[inc.stepIndex];
    if (step.resolves) this.resolve(inc, e);
    else this.nextStep(inc, step.misroute ? 'misroute found: rerouted' : 'not resolved at this tier');
  };

  /** Moves the incident to the next step of its path (functional escalation or a reroute). */
  private nextStep(inc: Inc, reason: string): boolean {
    const now = this.sim.now;
    const cur = inc.steps[inc.stepIndex];
    let next: Step | undefined = inc.steps[inc.stepIndex + 1];
    if (!next) {
      // Beyond the path: the next tier up, if any, carries the remaining work.
      const tier = this.model.teamById.get(inc.team)!.tier;
      const up = this.model.teams.find((t) => t.tier === tier + 1);
      if (!up) return false;
      next = { team: up.id, work: inc.remaining, resolves: true, misroute: false };
      cur.resolves = false;
      inc.steps.push(next);
    }
    const prev = inc.engineer;
    this.unhold(inc);
    const doneHere = cur.work - inc.remaining;
    inc.stepIndex++;
    const team = this.model.teamById.get(next.team)!;
    let work = next.work;
    if (!cur.misroute) {
      if (team.handoffDelay) work += team.handoffDelay.sample(this.streams.stream(`handoff:${team.id}`));
      work += team.handoffRework * doneHere;
      this.recordEscalation(inc, 'functional', next.team, reason);
    } else {
      this.trace?.({ t: now, type: 'rerouted', incident: inc.rec.id, team: next.team, detail: reason });
      // The pending pause belongs to the first real step, which starts now (unless misrouted again).
      if (!next.misroute && inc.pendingFraction >= 0 && inc.pendingUntil < 0) inc.pendingAt = next.work * (1 - inc.pendingFraction);
    }
    inc.remaining = work;
    inc.chain = undefined;
    inc.chainDone = false;
    this.applyDecisions(this.engine.reassign(inc.rec.id, { team: next.team }, now, reason));
    if (prev) this.afterRelease(prev);
    return true;
  }

  private readonly onStall = (inc: Inc): void => {
    if (inc.resolved) return;
    this.nextStep(inc, `stalled: unresolved after ${Math.round(this.sim.now - inc.rec.openedAt)} min`);
  };

  private readonly onNotify = (d: { inc: Inc; notify: string }): void => {
    if (d.inc.resolved) return;
    this.recordEscalation(d.inc, 'hierarchical', d.notify, `open after ${Math.round(this.sim.now - d.inc.rec.openedAt)} min`);
  };

  private recordEscalation(inc: Inc, kind: 'functional' | 'hierarchical', to: string, reason: string): void {
    const level = kind === 'functional' ? ++inc.functionalLevel : ++inc.hierarchicalLevel;
    inc.rec.escalations.push({ at: this.sim.now, kind, level, to, reason });
    this.trace?.({ t: this.sim.now, type: kind === 'functional' ? 'escalated' : 'notified', incident: inc.rec.id, team: to, detail: `${kind} level ${level}: ${reason}` });
  }

  private resolve(inc: Inc, e: Eng | undefined): void {
    const now = this.sim.now;
    inc.resolved = true;
    inc.rec.resolvedAt = now;
    inc.rec.resolvedBy = e?.m.id;
    if (e) removeItem(e.held, inc);
    inc.engineer = undefined;
    this.trace?.({ t: now, type: 'resolved', incident: inc.rec.id, engineer: e?.m.id, team: inc.team });
    if (inc.warRoom) this.closeWarRoom(inc);
    if (inc.routed) this.applyDecisions(this.engine.resolve(inc.rec.id, now));
    this.close(inc, now);
    if (e) this.afterRelease(e);
  }

  private readonly onAutoRemediated = (inc: Inc): void => {
    inc.rec.autoRemediated = true;
    this.trace?.({ t: this.sim.now, type: 'auto-remediated', incident: inc.rec.id });
    this.resolve(inc, undefined);
  };

  /** After an engineer gave something up: resume any of their held work that is not running. */
  private afterRelease(e: Eng): void {
    if (!AVAILABLE.has(e.presence)) return;
    for (const inc of e.held) if (!inc.working && inc.ackedHere) this.startWork(inc, e);
  }

  // ---- presence, war rooms, surge ---------------------------------------------------------

  /** Schedules the next change of an engineer's presence timeline after `d.next` (if before the horizon). */
  private nextPresence(d: PresenceCursor): void {
    const tl = d.timeline;
    while (d.next < tl.at.length && tl.at[d.next] <= 0) d.next++;
    if (d.next < tl.at.length && tl.at[d.next] < this.model.horizon) this.sim.scheduleAt(tl.at[d.next], this.onPresence, d, d.priority);
  }

  private readonly onPresence = (d: PresenceCursor): void => {
    const presence = d.timeline.presence[d.next++];
    d.e.base = presence;
    if (!d.e.inWarRoom && !this.isAway(d.e)) this.setPresence(d.e, presence);
    this.nextPresence(d);
  };

  private readonly awaySet = new Set<Eng>();
  private isAway(e: Eng): boolean {
    return this.awaySet.has(e);
  }

  private readonly onAway = (d: { e: Eng; on: boolean }): void => {
    if (d.on) {
      this.awaySet.add(d.e);
      this.setPresence(d.e, 'away');
    } else {
      this.awaySet.delete(d.e);
      if (!d.e.inWarRoom) this.setPresence(d.e, d.e.base);
    }
  };

  private setPresence(e: Eng, p: Presence, handsOff = HANDS_OFF.has(p)): void {
    const now = this.sim.now;
    if (e.presence === p) return;
    this.account(e, now);
    const wasAvailable = AVAILABLE.has(e.presence);
    e.presence = p;
    this.trace?.({ t: now, type: 'presence', engineer: e.m.id, detail: p });
    const follow = this.engine.setPresence(e.m.id, p, now);
    if (wasAvailable && !AVAILABLE.has(p)) {
      if (handsOff) {
        // Leaving: hand unfinished incidents back, once every presence change of this instant is
        // in (presence events run before all others at the same time), so that they go to someone
        // who stays or arrives, not to a colleague who leaves at the same instant.
        for (const inc of [...e.held]) {
          this.unhold(inc);
          this.trace?.({ t: now, type: 'released', incident: inc.rec.id, engineer: e.m.id, detail: p });
          this.sim.schedule(0, this.onHandBack, { inc, e });
        }
      } else {
        for (const inc of e.held) if (inc.working) {
          this.stopWork(inc);
          this.trace?.({ t: now, type: 'work-paused', incident: inc.rec.id, engineer: e.m.id, detail: p });
        }
      }
    }
    this.applyDecisions(follow);
    if (!wasAvailable && AVAILABLE.has(p)) this.afterRelease(e);
  }

  /** Returns an incident its engineer left with to the engine, unless it has moved on meanwhile. */
  private readonly onHandBack = (d: { inc: Inc; e: Eng }): void => {
    const { inc, e } = d;
    if (inc.resolved || this.engine.incident(inc.rec.id)?.engineerId !== e.m.id) return;
    this.applyDecisions(this.engine.release(inc.rec.id, this.sim.now));
  };

  private openWarRoom(inc: Inc): void {
    const mi = this.model.majorIncident!;
    const now = this.sim.now;
    const taken: Eng[] = [];
    for (const { role, count } of mi.roles) {
      let n = 0;
      for (const e of this.engs) {
        if (n >= count) break;
        if (e.inWarRoom || !AVAILABLE.has(e.presence) || e === inc.engineer || !e.m.roles.includes(role)) continue;
        taken.push(e);
        n++;
      }
    }
    inc.warRoom = taken;
    this.trace?.({ t: now, type: 'war-room-opened', incident: inc.rec.id, detail: taken.map((e) => e.m.id).join(',') });
    for (const e of taken) {
      e.inWarRoom = true;
      this.interrupt(e, now);
      this.setPresence(e, 'war-room', mi.otherWork === 'reassign');
    }
    // With a stated duration the room stands down then, or when the incident is resolved if sooner.
    if (mi.duration) this.sim.schedule(mi.duration.sample(this.streams.stream('war-room')), this.onWarRoomEnd, { inc, taken });
  }

  private readonly onWarRoomEnd = (d: { inc: Inc; taken: Eng[] }): void => {
    if (d.inc.warRoom === d.taken) this.closeWarRoom(d.inc);
  };

  private closeWarRoom(inc: Inc): void {
    this.trace?.({ t: this.sim.now, type: 'war-room-closed', incident: inc.rec.id });
    for (const e of inc.warRoom!) {
      e.inWarRoom = false;
      this.setPresence(e, this.isAway(e) ? 'away' : e.base);
    }
    inc.warRoom = undefined;
  }

  private checkSurge(teamId: string): void {
    const team = this.model.teamById.get(teamId)!;
    if (!team.surge || this.surgeActive.has(teamId)) return;
    if (this.engine.queueLength(teamId) < team.surge.backlog) return;
    const now = this.sim.now;
    const helpers = this.engs.filter((e) => e.m.surgeTeams.includes(teamId));
    if (helpers.length === 0) return;
    this.surgeActive.add(teamId);
    this.trace?.({ t: now, type: 'surge-started', team: teamId, detail: helpers.map((e) => e.m.id).join(',') });
    for (const e of helpers) this.applyDecisions(this.engine.setTeams(e.m.id, [e.m.team, teamId], now));
    this.sim.schedule(team.surge.maxDuration, this.onSurgeEnd, { team: teamId, helpers });
  }

  private readonly onSurgeEnd = (d: { team: string; helpers: Eng[] }): void => {
    const now = this.sim.now;
    this.surgeActive.delete(d.team);
    this.trace?.({ t: now, type: 'surge-ended', team: d.team });
    for (const e of d.helpers) this.applyDecisions(this.engine.setTeams(e.m.id, [e.m.team], now));
  };

  // ---- accounting -------------------------------------------------------------------------

  private interrupt(e: Eng, now: number): void {
    if (now < this.from) return;
    if (e.presence === 'on-shift') e.interruptions.business++;
    else {
      const h = e.hours.hourOfDay(now);
      if (h >= 22 || h < 8) e.interruptions.sleep++;
      else e.interruptions.off++;
    }
  }

  /** Integrates busy and available time of `e` up to `now` (within the measured window). */
  private account(e: Eng, now: number): void {
    let a = Math.max(e.last, this.from);
    const b = Math.min(now, this.to);
    e.last = now;
    if (b <= a || !AVAILABLE.has(e.presence)) return;
    const share = e.m.share;
    const busyRate = (e.wip / e.m.capacity) * share;
    while (a < b) {
      const day = Math.floor(a / 1440);
      const end = Math.min(b, (day + 1) * 1440);
      const dt = end - a;
      e.available += dt * share;
      e.availableByDay[day] += dt * share;
      e.busy += dt * busyRate;
      e.busyByDay[day] += dt * busyRate;
      a = end;
    }
  }

  private changeOpen(delta: number): void {
    const now = this.sim.now;
    while (this.nextGrid <= now) {
      this.backlogT.push(this.nextGrid);
      this.backlogOpen.push(this.open);
      this.nextGrid += this.grid;
    }
    const a = Math.max(this.openLast, this.from);
    const b = Math.min(now, this.to);
    if (b > a) this.openArea += this.open * (b - a);
    this.openLast = now;
    this.open += delta;
  }

  private close(inc: Inc, now: number): void {
    this.changeOpen(-1);
    this.incs.delete(inc.rec.id);
    this.finalise(inc, now);
  }

  /** Fills the SLA figures and hands the record on. */
  private finalise(inc: Inc, at: number): void {
    const rec = inc.rec;
    const sla = this.model.sla.get(rec.priority);
    if (sla) {
      if (rec.firstAckAt !== undefined) rec.respondSlaMinutes = sla.calendar.elapsed(rec.openedAt, rec.firstAckAt, []);
      rec.resolveSlaMinutes = sla.calendar.elapsed(rec.openedAt, at, inc.pauses);
    }
    if (this.opt.onIncident) this.opt.onIncident(rec);
    else this.records.push(rec);
  }

  private finish(): ReplicationOutput {
    const now = this.model.horizon;
    for (const e of this.engs) this.account(e, now);
    this.changeOpen(0);
    // Open at the horizon: reported, never dropped. Pending pauses so far count as paused.
    for (const inc of [...this.incs.values()]) {
      if (inc.pendingUntil > now) inc.pauses.push([inc.pendingUntil - inc.pendingDuration, now]);
      this.finalise(inc, now);
    }
    const engineers: EngineerObservation[] = this.engs.map((e) => ({
      id: e.m.id,
      team: e.m.team,
      timezone: e.m.timezone,
      capacity: e.m.capacity,
      availableMinutes: e.available,
      busyMinutes: e.busy,
      workload: { count: e.workload.count, effortHours: e.workload.effortHours, severity: e.workload.severity },
      highSeverityCount: e.high,
      interruptions: e.interruptions,
      busyByDay: Array.from(e.busyByDay),
      availableByDay: Array.from(e.availableByDay),
    }));
    return {
      index: this.opt.index,
      window: { from: this.from, to: this.to },
      incidents: this.records,
      engineers,
      backlog: { t: this.backlogT, open: this.backlogOpen },
      inSystemArea: this.openArea,
      violations: this.violations,
      arrivalsByHourOfWeek: this.arrivalsByHow,
      events: this.sim.eventCount,
    };
  }

  // ---- helpers ----------------------------------------------------------------------------

  private escInfo(inc: Inc): EscalationIncident {
    const team = this.model.teamById.get(inc.team)!;
    return { id: inc.rec.id, priority: inc.rec.priority, category: inc.rec.category, team: inc.team, tier: team.tier, openedAt: inc.rec.openedAt };
  }

  private engOrThrow(id: string): Eng {
    const e = this.engById.get(id);
    if (!e) throw new Error(`unknown engineer ${id}`);
    return e;
  }
}
