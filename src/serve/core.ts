/**
 * The live service's state machine: the assignment engine and the escalation policy driven by
 * journaled inputs and by timers, with no I/O. Its state is a pure function of the live
 * configuration, the start instant and the sequence of (input, instant, actor) applied — which is
 * why replaying the journal rebuilds it exactly.
 *
 * Time: every call names an instant (epoch ms on the service clock); before an input at instant t
 * the timers due at or before t fire, in (due, set order), each at its own due instant. Timers are
 * never journaled: they follow from the inputs. The protocol is the simulator's
 * (src/sim/replication.ts): an assignment in a paging team starts the escalation chain and pages
 * the assignee; without an acknowledgement within the step's timeout the policy names the next
 * step (re-page, another team, a named engineer); the final action releases the incident to its
 * queue and notifies; stall milestones move an unresolved incident to the next tier; notifications
 * tell management. Assignments in teams that do not page count as acknowledged at once.
 */
import seedrandom from 'seedrandom';
import { AssignmentEngine } from '../engine/engine.js';
import type { Decision, Presence, Ticket } from '../engine/types.js';
import { ASSIGNABLE, PRESENCES } from '../engine/types.js';
import type { EscalationIncident, EscalationStep, FinalAction } from '../policies/escalation/types.js';
import type { PresenceTimeline } from '../model/types.js';
import { liveConfig, type LiveConfig } from './config.js';
import { TimerHeap } from './heap.js';
import { ServeError, SYSTEM, type Actor, type Input, type OpenInput, type Source } from './inputs.js';

export type EventType =
  | 'incident.opened' | 'incident.deduplicated' | 'decision' | 'page' | 'ack-timeout' | 'acknowledged' | 'resolved'
  | 'released' | 'escalated' | 'notified' | 'chain-ended' | 'presence';

/** One outgoing event (webhooks, the event stream); `seq` numbers them from 1 in order. */
export interface LiveEvent {
  seq: number;
  type: EventType;
  at: string;
  incident?: string;
  engineer?: string;
  team?: string;
  priority?: string;
  detail: string;
  decision?: { kind: Decision['kind']; team: string; engineerId?: string; reason: string };
}

/** One line of the audit trail: who changed what, when and why. */
export interface AuditEntry {
  at: string;
  atMs: number;
  /** token id, or "system" for timers */
  actor: string;
  role: string;
  action: string;
  incident?: string;
  engineer?: string;
  reason: string;
}

export interface Escalation {
  at: string;
  kind: 'functional' | 'hierarchical';
  level: number;
  to: string;
  reason: string;
}

export interface IncidentView {
  id: string;
  key?: string;
  source: Source;
  title: string;
  priority: string;
  category?: string;
  skills?: string[];
  team: string;
  engineer?: string;
  state: 'open' | 'resolved';
  acknowledged: boolean;
  openedAt: string;
  assignedAt?: string;
  acknowledgedAt?: string;
  resolvedAt?: string;
  pages: number;
  duplicates: number;
  escalations: Escalation[];
  /** the last routing decision's reason */
  reason: string;
  placedBy: string;
  details?: Record<string, string>;
}

export interface EngineerView {
  id: string;
  team: string;
  teams: string[];
  presence: Presence;
  scheduled: Presence;
  override?: { presence: Presence; until?: string };
  load: number;
  capacity: number;
  incidents: string[];
  /** minutes on call (scheduled) since Monday 00:00 of this week, in the scenario's time zone */
  onCallMinutesThisWeek: number;
  /** pages received since Monday 00:00 of this week */
  interruptionsThisWeek: number;
}

interface Inc {
  id: string;
  input: OpenInput;
  team: string;
  engineer?: string;
  resolved: boolean;
  openedMs: number;
  openedMin: number;
  assignedMs?: number;
  ackMs?: number;
  resolvedMs?: number;
  pages: number;
  duplicates: number;
  escalations: Escalation[];
  reason: string;
  chain?: EscalationStep;
  chainDone: boolean;
  ackedHere: boolean;
  token: number;
  functionalLevel: number;
  hierarchicalLevel: number;
}

interface Eng {
  id: string;
  team: string;
  timeline: PresenceTimeline;
  /** index of the timeline entry in force */
  idx: number;
  scheduled: Presence;
  override?: { presence: Presence; untilMs?: number };
  effective: Presence;
  token: number;
  pagesAt: number[];
}

/** Counters for /metrics. */
export interface Counters {
  decisions: Record<Decision['kind'], number>;
  pages: number;
  ackTimeouts: number;
  escalations: number;
  notifications: number;
  opened: number;
  duplicates: number;
  resolved: number;
  acknowledged: number;
  /** sum of minutes from opening to first acknowledgement */
  ackMinutes: number;
  resolveMinutes: number;
}

export class LiveCore {
  cfg: LiveConfig;
  readonly engine: AssignmentEngine;
  private readonly timers = new TimerHeap();
  private readonly incs = new Map<string, Inc>();
  private readonly order: Inc[] = [];
  private readonly keys = new Map<string, Inc>();
  private readonly engs = new Map<string, Eng>();
  private readonly engList: Eng[] = [];
  private readonly audit: AuditEntry[] = [];
  private out: LiveEvent[] = [];
  private eventSeq = 0;
  private nowMin: number;
  private actor: Actor = SYSTEM;
  readonly counters: Counters = {
    decisions: { assign: 0, queue: 0, overflow: 0 }, pages: 0, ackTimeouts: 0, escalations: 0, notifications: 0,
    opened: 0, duplicates: 0, resolved: 0, acknowledged: 0, ackMinutes: 0, resolveMinutes: 0,
  };

  /** A core at instant `startMs` with everyone at their scheduled presence. */
  constructor(cfg: LiveConfig, readonly startMs: number, private readonly source: string) {
    this.cfg = cfg;
    this.nowMin = this.min(startMs);
    this.engine = new AssignmentEngine(cfg.model.roster, { random: seedrandom.alea(`${cfg.model.seed}#serve`), source });
    cfg.model.engineers.forEach((m, i) => {
      const e: Eng = { id: m.id, team: m.team, timeline: cfg.presence[i], idx: -1, scheduled: 'off', effective: 'off', token: 0, pagesAt: [] };
      this.engs.set(m.id, e);
      this.engList.push(e);
    });
    for (const e of this.engList) this.reschedule(e);
    this.timers.push(cfg.horizon - 10080, this.extend);
    this.out = [];
  }

  /** The current instant, epoch ms. */
  get nowMs(): number {
    return this.cfg.originMs + this.nowMin * 60000;
  }

  private min(ms: number): number {
    return (ms - this.cfg.originMs) / 60000;
  }

  private iso(min = this.nowMin): string {
    return new Date(Math.round(this.cfg.originMs + min * 60000)).toISOString();
  }

  /** Fires every timer due at or before `toMs` (each at its own instant); returns their events. */
  advance(toMs: number): LiveEvent[] {
    const to = this.min(toMs);
    this.actor = SYSTEM;
    for (let t = this.timers.peek(); t !== undefined && t.due <= to; t = this.timers.peek()) {
      this.timers.pop();
      if (t.due > this.nowMin) this.nowMin = t.due;
      t.fire();
    }
    if (to > this.nowMin) this.nowMin = to;
    return this.take();
  }

  /** The instant (epoch ms) of the next timer, if any. */
  nextDueMs(): number | undefined {
    const t = this.timers.peek();
    return t === undefined ? undefined : this.cfg.originMs + t.due * 60000;
  }

  private take(): LiveEvent[] {
    const o = this.out;
    this.out = [];
    return o;
  }

  /**
   * Checks an input against the current state (call `advance` first): throws a ServeError (4xx,
   * one line naming the field) and changes nothing when it cannot be applied. Returns 'noop' for
   * inputs that are valid but would change nothing (a resolve for an alert never seen): those
   * are answered without being journaled.
   */
  check(input: Input, actor: Actor): 'noop' | undefined {
    const own = (inc: Inc, action: string) => {
      if (actor.role === 'responder' && inc.engineer !== actor.engineer) {
        throw new ServeError(403, `incident ${inc.id}: a responder may ${action} only incidents assigned to them; it is ${inc.engineer ? `assigned to someone else` : `queued in ${inc.team}`}`);
      }
    };
    switch (input.kind) {
      case 'open':
        if (!this.cfg.tiers.has(input.team)) throw new ServeError(400, `body.team: unknown team "${input.team}"; expected one of ${[...this.cfg.tiers.keys()].join(', ')}`);
        if (!this.cfg.priorities.has(input.priority)) throw new ServeError(400, `body.priority: unknown priority "${input.priority}"; expected one of ${[...this.cfg.priorities].sort().join(', ')}`);
        return undefined;
      case 'resolve-key':
      case 'ack-key': {
        const inc = this.keys.get(input.key);
        if (!inc) return 'noop';
        if (input.kind === 'ack-key' && (inc.engineer === undefined || inc.ackedHere)) return 'noop';
        return undefined;
      }
      case 'ack': {
        const inc = this.open(input.incident);
        own(inc, 'acknowledge');
        if (inc.engineer === undefined) throw new ServeError(409, `incident ${inc.id}: queued in ${inc.team}; nobody is assigned to acknowledge it`);
        if (input.engineer !== undefined && input.engineer !== inc.engineer) throw new ServeError(409, `body.engineer: "${input.engineer}" is not the assignee of ${inc.id}`);
        return inc.ackedHere ? 'noop' : undefined;
      }
      case 'resolve':
        own(this.open(input.incident), 'resolve');
        return undefined;
      case 'release': {
        const inc = this.open(input.incident);
        own(inc, 'release');
        if (inc.engineer === undefined) throw new ServeError(409, `incident ${inc.id}: already queued in ${inc.team}; nobody holds it`);
        return undefined;
      }
      case 'reassign': {
        this.open(input.incident);
        if (!this.cfg.tiers.has(input.team)) throw new ServeError(400, `body.team: unknown team "${input.team}"; expected one of ${[...this.cfg.tiers.keys()].join(', ')}`);
        if (input.engineer !== undefined && !this.engs.has(input.engineer)) throw new ServeError(400, `body.engineer: unknown engineer "${input.engineer}"`);
        return undefined;
      }
      case 'presence': {
        if (!this.engs.has(input.engineer)) throw new ServeError(404, `engineer "${input.engineer}": no such engineer in the scenario`);
        if (actor.role === 'responder' && actor.engineer !== input.engineer) throw new ServeError(403, `engineer ${input.engineer}: a responder may set only their own presence`);
        if (input.presence !== 'schedule' && !PRESENCES.includes(input.presence)) throw new ServeError(400, `body.presence: "${input.presence}"; expected one of ${PRESENCES.join(', ')}, schedule`);
        if (input.untilMs !== undefined && !(input.untilMs > this.nowMs)) throw new ServeError(400, `body.until: ${new Date(input.untilMs).toISOString()} is not after now (${this.iso()})`);
        return undefined;
      }
      case 'clock':
        if (input.toMs < this.nowMs) throw new ServeError(400, `body.to: ${new Date(input.toMs).toISOString()} is before the service clock (${this.iso()}); time only moves forward`);
        return undefined;
      case 'denied':
        return undefined;
    }
  }

  private open(id: string): Inc {
    const inc = this.incs.get(id);
    if (!inc) throw new ServeError(404, `incident "${id}": no such incident`);
    if (inc.resolved) throw new ServeError(409, `incident ${id}: already resolved at ${new Date(inc.resolvedMs!).toISOString()}`);
    return inc;
  }

  /**
   * Applies an input that passed `check` at instant `atMs` (timers due by then fire first).
   * Returns the answer for the request and every event produced, timers' included.
   */
  apply(input: Input, atMs: number, actor: Actor): { result: Record<string, unknown>; events: LiveEvent[] } {
    const timerEvents = this.advance(atMs);
    this.actor = actor;
    const result = this.run(input);
    this.actor = SYSTEM;
    return { result, events: timerEvents.concat(this.take()) };
  }

  private run(input: Input): Record<string, unknown> {
    switch (input.kind) {
      case 'open': return this.openIncident(input);
      case 'resolve-key': {
        const inc = this.keys.get(input.key)!;
        this.record('resolve', inc.id, inc.engineer, `${input.source} alert ${input.key} resolved`);
        this.resolveIncident(inc, `${input.source} alert resolved`);
        return { incident: inc.id, action: 'resolved' };
      }
      case 'ack-key': {
        const inc = this.keys.get(input.key)!;
        this.record('ack', inc.id, inc.engineer, `${input.source} acknowledge for ${input.key}`);
        this.acknowledged(inc, inc.engineer!);
        return { incident: inc.id, action: 'acknowledged' };
      }
      case 'ack': {
        const inc = this.incs.get(input.incident)!;
        this.record('ack', inc.id, inc.engineer, 'acknowledged');
        this.acknowledged(inc, inc.engineer!);
        return { incident: inc.id, action: 'acknowledged', engineer: inc.engineer };
      }
      case 'resolve': {
        const inc = this.incs.get(input.incident)!;
        this.record('resolve', inc.id, inc.engineer, input.reason ?? 'resolved');
        this.resolveIncident(inc, input.reason ?? 'resolved');
        return { incident: inc.id, action: 'resolved' };
      }
      case 'release': {
        const inc = this.incs.get(input.incident)!;
        const by = inc.engineer!;
        this.record('release', inc.id, by, input.reason ?? 'released');
        this.emit({ type: 'released', incident: inc.id, engineer: by, team: inc.team, detail: input.reason ?? 'released' });
        this.unhold(inc);
        inc.chain = undefined;
        inc.chainDone = false;
        this.applyDecisions(this.engine.release(inc.id, this.nowMin));
        return { incident: inc.id, action: 'released', ...this.where(inc) };
      }
      case 'reassign': {
        const inc = this.incs.get(input.incident)!;
        this.record('reassign', inc.id, input.engineer, `to ${input.team}${input.engineer ? ` (${input.engineer})` : ''}: ${input.reason}`);
        this.unhold(inc);
        inc.chain = undefined;
        inc.chainDone = false;
        this.applyDecisions(this.engine.reassign(inc.id, { team: input.team, engineerId: input.engineer }, this.nowMin, input.reason));
        return { incident: inc.id, action: 'reassigned', ...this.where(inc) };
      }
      case 'presence': {
        const e = this.engs.get(input.engineer)!;
        e.token++;
        if (input.presence === 'schedule') e.override = undefined;
        else {
          e.override = { presence: input.presence, untilMs: input.untilMs };
          if (input.untilMs !== undefined) {
            const token = e.token;
            this.timers.push(this.min(input.untilMs), () => {
              if (e.token !== token) return;
              e.override = undefined;
              this.record('presence', undefined, e.id, 'override ended');
              this.setEffective(e, 'override ended');
            });
          }
        }
        const why = input.reason ?? (input.presence === 'schedule' ? 'back to schedule' : `override: ${input.presence}`);
        this.record('presence', undefined, e.id, why);
        this.setEffective(e, why);
        return { engineer: e.id, presence: e.effective, scheduled: e.scheduled };
      }
      case 'clock':
        this.record('clock', undefined, undefined, `clock moved to ${new Date(input.toMs).toISOString()}`);
        this.advanceInside(input.toMs);
        return { now: this.iso() };
      case 'denied':
        this.record(`denied:${input.action}`, input.incident, input.engineer, input.reason);
        return {};
    }
  }

  private advanceInside(toMs: number): void {
    const keep = this.actor;
    const events = this.advance(toMs); // before reading this.out: advance replaces it
    this.out.push(...events);
    this.actor = keep;
  }

  private where(inc: Inc): Record<string, unknown> {
    return { team: inc.team, engineer: inc.engineer, queued: inc.engineer === undefined };
  }

  // ---- incidents ----------------------------------------------------------------------------

  private openIncident(input: OpenInput): Record<string, unknown> {
    const now = this.nowMin;
    if (input.key !== undefined) {
      const dup = this.keys.get(input.key);
      if (dup) {
        dup.duplicates++;
        this.counters.duplicates++;
        this.emit({ type: 'incident.deduplicated', incident: dup.id, team: dup.team, priority: dup.input.priority, detail: `duplicate of ${input.key}` });
        return { incident: dup.id, action: 'deduplicated', ...this.where(dup) };
      }
    }
    const id = `INC-${String(this.order.length + 1).padStart(6, '0')}`;
    const inc: Inc = {
      id, input, team: input.team, resolved: false, openedMs: this.nowMs, openedMin: now, pages: 0, duplicates: 0,
      escalations: [], reason: '', chainDone: false, ackedHere: false, token: 0, functionalLevel: 0, hierarchicalLevel: 0,
    };
    this.incs.set(id, inc);
    this.order.push(inc);
    if (input.key !== undefined) this.keys.set(input.key, inc);
    this.counters.opened++;
    this.record('open', id, undefined, `${input.source}: ${input.title} (${input.priority}, ${input.by})`);
    this.emit({ type: 'incident.opened', incident: id, team: input.team, priority: input.priority, detail: input.title });
    const policy = this.cfg.model.escalation;
    const info = this.info(inc);
    const immediate = policy.immediate(info);
    if (immediate && immediate !== inc.team && this.cfg.tiers.has(immediate)) {
      inc.team = immediate;
      this.escalate(inc, 'functional', immediate, 'immediate escalation rule');
      info.team = immediate;
      info.tier = this.cfg.tiers.get(immediate)!;
    }
    for (const n of policy.notifications(info)) {
      this.timers.push(inc.openedMin + n.after, () => {
        if (!inc.resolved) this.escalate(inc, 'hierarchical', n.notify, `open after ${Math.round(this.nowMin - inc.openedMin)} min`);
      });
    }
    for (const s of policy.stall(info)) this.timers.push(inc.openedMin + s.after, () => this.stall(inc));
    const d = this.engine.decide(this.ticket(inc), now);
    this.applyDecision(d);
    return { incident: id, action: 'opened', ...this.where(inc), decision: { kind: d.kind, team: d.team, engineerId: d.engineerId, reason: d.reason } };
  }

  private ticket(inc: Inc): Ticket {
    const sla = this.cfg.model.sla.get(inc.input.priority);
    const t: Ticket = {
      id: inc.id, priority: inc.input.priority, team: inc.team, effortHours: inc.input.effortHours ?? 1, openedAt: inc.openedMin,
    };
    if (inc.input.skills?.length) t.skills = inc.input.skills;
    if (inc.input.category !== undefined) t.category = inc.input.category;
    if (sla?.resolve !== undefined) {
      const due = sla.calendar.due(inc.openedMin, sla.resolve);
      if (Number.isFinite(due)) t.slaDueAt = due;
    }
    return t;
  }

  private info(inc: Inc): EscalationIncident {
    return { id: inc.id, priority: inc.input.priority, category: inc.input.category, team: inc.team, tier: this.cfg.tiers.get(inc.team) ?? 1, openedAt: inc.openedMin };
  }

  private applyDecisions(ds: readonly Decision[]): void {
    for (const d of ds) this.applyDecision(d);
  }

  private applyDecision(d: Decision): void {
    const inc = this.incs.get(d.incidentId);
    if (!inc || inc.resolved) return;
    this.counters.decisions[d.kind]++;
    inc.team = d.team;
    inc.reason = d.reason;
    this.emit({
      type: 'decision', incident: inc.id, engineer: d.engineerId, team: d.team, priority: inc.input.priority, detail: d.reason,
      decision: { kind: d.kind, team: d.team, engineerId: d.engineerId, reason: d.reason },
    });
    if (d.engineerId === undefined) {
      inc.engineer = undefined;
      inc.ackedHere = false;
      return;
    }
    if (inc.engineer !== d.engineerId) inc.ackedHere = false;
    inc.engineer = d.engineerId;
    inc.assignedMs ??= this.nowMs;
    if (this.cfg.paging.get(d.team) && !inc.ackedHere && !inc.chainDone) {
      if (!inc.chain) {
        const s = this.cfg.model.escalation.start(this.info(inc));
        if (s.type === 'final') return this.endChain(inc, s);
        inc.chain = s;
      }
      this.page(inc);
    } else if (!inc.ackedHere) {
      this.acknowledged(inc, d.engineerId);
    }
  }

  private page(inc: Inc): void {
    const step = inc.chain!;
    const token = ++inc.token;
    const engineer = inc.engineer!;
    inc.pages++;
    this.counters.pages++;
    this.engs.get(engineer)?.pagesAt.push(this.nowMs);
    this.emit({ type: 'page', incident: inc.id, engineer, team: inc.team, priority: inc.input.priority, detail: `level ${step.level}, round ${step.round + 1}; acknowledge within ${step.timeout} min` });
    if (step.timeout < Infinity) {
      this.timers.push(this.nowMin + step.timeout, () => {
        if (inc.resolved || token !== inc.token || inc.engineer !== engineer || inc.ackedHere) return;
        this.ackTimeout(inc, engineer);
      });
    }
  }

  private acknowledged(inc: Inc, engineer: string): void {
    inc.ackedHere = true;
    inc.token++;
    this.engine.acknowledge(inc.id, engineer, this.nowMin);
    if (inc.ackMs === undefined) {
      inc.ackMs = this.nowMs;
      this.counters.acknowledged++;
      this.counters.ackMinutes += this.nowMin - inc.openedMin;
    }
    this.emit({ type: 'acknowledged', incident: inc.id, engineer, team: inc.team, priority: inc.input.priority, detail: this.actor === SYSTEM ? 'assigned in a team that does not page' : 'acknowledged' });
  }

  private ackTimeout(inc: Inc, engineer: string): void {
    const cur = inc.chain!;
    this.counters.ackTimeouts++;
    this.emit({ type: 'ack-timeout', incident: inc.id, engineer, team: inc.team, priority: inc.input.priority, detail: `no acknowledgement within ${cur.timeout} min at level ${cur.level}` });
    this.record('ack-timeout', inc.id, engineer, `no acknowledgement within ${cur.timeout} min at level ${cur.level}`);
    const next = this.cfg.model.escalation.next(this.info(inc), cur);
    if (next.type === 'final') return this.endChain(inc, next);
    inc.chain = next;
    const t = next.target;
    // "oncall:<team>/<layer>": whoever is on call in that layer now (its team when nobody is)
    const onCall = t.kind === 'oncall' ? this.cfg.model.oncall.get(t.team)?.get(t.layer)?.[0]?.whoAt(this.nowMin) : undefined;
    const named = t.kind === 'engineer' ? t.engineerId : onCall;
    if (next.level > cur.level) this.escalate(inc, 'functional', t.kind === 'assignee' ? `level ${next.level}` : t.kind === 'team' ? t.team : t.kind === 'oncall' ? `${t.team}/${t.layer}` : t.engineerId, `no acknowledgement within ${cur.timeout} min at level ${cur.level}`);
    if (t.kind === 'assignee') return this.page(inc);
    this.unhold(inc);
    const to = named !== undefined ? { team: this.cfg.model.engineerById.get(named)!.team, engineerId: named } : { team: t.kind === 'oncall' || t.kind === 'team' ? t.team : inc.team };
    this.applyDecisions(this.engine.reassign(inc.id, to, this.nowMin, `escalation level ${next.level}`));
  }

  private endChain(inc: Inc, f: FinalAction): void {
    inc.chainDone = true;
    this.emit({ type: 'chain-ended', incident: inc.id, team: inc.team, priority: inc.input.priority, detail: f.reason });
    if (f.notify) this.escalate(inc, 'hierarchical', f.notify, f.reason);
    if (inc.engineer !== undefined) {
      this.unhold(inc);
      this.applyDecisions(this.engine.release(inc.id, this.nowMin));
    }
  }

  private stall(inc: Inc): void {
    if (inc.resolved) return;
    const tier = this.cfg.tiers.get(inc.team) ?? 1;
    const up = this.cfg.model.teams.find((t) => t.tier === tier + 1);
    if (!up) return;
    const reason = `stalled: unresolved after ${Math.round(this.nowMin - inc.openedMin)} min`;
    this.record('stall', inc.id, inc.engineer, `${reason}; to ${up.id}`);
    this.escalate(inc, 'functional', up.id, reason);
    this.unhold(inc);
    inc.chain = undefined;
    inc.chainDone = false;
    this.applyDecisions(this.engine.reassign(inc.id, { team: up.id }, this.nowMin, reason));
  }

  private escalate(inc: Inc, kind: 'functional' | 'hierarchical', to: string, reason: string): void {
    const level = kind === 'functional' ? ++inc.functionalLevel : ++inc.hierarchicalLevel;
    inc.escalations.push({ at: this.iso(), kind, level, to, reason });
    if (kind === 'functional') this.counters.escalations++;
    else this.counters.notifications++;
    this.emit({ type: kind === 'functional' ? 'escalated' : 'notified', incident: inc.id, team: to, priority: inc.input.priority, detail: `${kind} level ${level}: ${reason}` });
  }

  /** Takes the incident off its assignee in this layer (the engine is told by the caller). */
  private unhold(inc: Inc): void {
    inc.engineer = undefined;
    inc.ackedHere = false;
    inc.token++;
  }

  private resolveIncident(inc: Inc, reason: string): void {
    inc.resolved = true;
    inc.resolvedMs = this.nowMs;
    inc.token++;
    if (inc.input.key !== undefined && this.keys.get(inc.input.key) === inc) this.keys.delete(inc.input.key);
    this.counters.resolved++;
    this.counters.resolveMinutes += this.nowMin - inc.openedMin;
    this.emit({ type: 'resolved', incident: inc.id, engineer: inc.engineer, team: inc.team, priority: inc.input.priority, detail: reason });
    this.applyDecisions(this.engine.resolve(inc.id, this.nowMin));
  }

  // ---- presence -----------------------------------------------------------------------------

  /** Sets the scheduled presence in force now and the timer of the next change. */
  private reschedule(e: Eng): void {
    const tl = e.timeline;
    const t = this.nowMin;
    let lo = 0;
    let hi = tl.at.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (tl.at[mid] <= t) lo = mid + 1;
      else hi = mid;
    }
    e.idx = lo - 1;
    e.scheduled = e.idx >= 0 ? tl.presence[e.idx] : 'off';
    this.setEffective(e, 'schedule');
    this.scheduleNext(e);
  }

  private scheduleNext(e: Eng): void {
    const next = e.idx + 1;
    if (next >= e.timeline.at.length) return;
    const tl = e.timeline;
    this.timers.push(tl.at[next], () => {
      if (e.timeline !== tl) return;
      e.idx = next;
      e.scheduled = tl.presence[next];
      if (!e.override) {
        this.record('presence', undefined, e.id, `schedule: ${e.scheduled}`);
        this.setEffective(e, 'schedule');
      }
      this.scheduleNext(e);
    });
  }

  private setEffective(e: Eng, why: string): void {
    const p = e.override?.presence ?? e.scheduled;
    if (p === e.effective) return;
    e.effective = p;
    this.emit({ type: 'presence', engineer: e.id, team: e.team, detail: `${p} (${why})` });
    this.applyDecisions(this.engine.setPresence(e.id, p, this.nowMin));
  }

  /** Extends the presence timelines a window further (a timer a week before they end). */
  private readonly extend = (): void => {
    this.cfg = liveConfig(this.cfg.scenario, this.cfg.originMs, this.nowMin, this.source);
    this.engList.forEach((e, i) => {
      e.timeline = this.cfg.presence[i];
      this.reschedule(e);
    });
    this.timers.push(this.cfg.horizon - 10080, this.extend);
  };

  // ---- output -------------------------------------------------------------------------------

  private emit(e: Omit<LiveEvent, 'seq' | 'at'>): void {
    this.out.push({ seq: ++this.eventSeq, at: this.iso(), ...e });
  }

  private record(action: string, incident: string | undefined, engineer: string | undefined, reason: string): void {
    const a = this.actor;
    this.audit.push({
      at: this.iso(), atMs: this.nowMs, actor: a === SYSTEM ? 'system' : a.token, role: a === SYSTEM ? 'system' : a.role, action,
      ...(incident !== undefined ? { incident } : {}), ...(engineer !== undefined ? { engineer } : {}), reason,
    });
  }

  /** The number of events produced so far (the last event's seq). */
  get lastEventSeq(): number {
    return this.eventSeq;
  }

  // ---- views --------------------------------------------------------------------------------

  incidents(state?: 'open' | 'resolved'): IncidentView[] {
    const out: IncidentView[] = [];
    for (const inc of this.order) {
      if (state === 'open' && inc.resolved) continue;
      if (state === 'resolved' && !inc.resolved) continue;
      out.push(this.view(inc));
    }
    return out;
  }

  incident(id: string): IncidentView | undefined {
    const inc = this.incs.get(id);
    return inc && this.view(inc);
  }

  private view(inc: Inc): IncidentView {
    const iso = (ms?: number) => (ms === undefined ? undefined : new Date(Math.round(ms)).toISOString());
    const v: IncidentView = {
      id: inc.id, source: inc.input.source, title: inc.input.title, priority: inc.input.priority, team: inc.team,
      state: inc.resolved ? 'resolved' : 'open', acknowledged: inc.ackedHere, openedAt: iso(inc.openedMs)!, pages: inc.pages,
      duplicates: inc.duplicates, escalations: inc.escalations, reason: inc.reason, placedBy: inc.input.by,
    };
    if (inc.input.key !== undefined) v.key = inc.input.key;
    if (inc.input.category !== undefined) v.category = inc.input.category;
    if (inc.input.skills !== undefined) v.skills = inc.input.skills;
    if (inc.engineer !== undefined) v.engineer = inc.engineer;
    if (inc.assignedMs !== undefined) v.assignedAt = iso(inc.assignedMs);
    if (inc.ackMs !== undefined) v.acknowledgedAt = iso(inc.ackMs);
    if (inc.resolvedMs !== undefined) v.resolvedAt = iso(inc.resolvedMs);
    if (inc.input.details !== undefined) v.details = inc.input.details;
    return v;
  }

  engineers(): EngineerView[] {
    const weekStart = this.weekStartMin();
    return this.engList.map((e) => {
      const s = this.engine.engineer(e.id);
      const v: EngineerView = {
        id: e.id, team: e.team, teams: s.teams, presence: e.effective, scheduled: e.scheduled, load: s.load, capacity: s.capacity,
        incidents: s.incidents, onCallMinutesThisWeek: this.onCallSince(e, weekStart),
        interruptionsThisWeek: e.pagesAt.filter((ms) => ms >= this.cfg.originMs + weekStart * 60000).length,
      };
      if (e.override) v.override = { presence: e.override.presence, ...(e.override.untilMs !== undefined ? { until: new Date(e.override.untilMs).toISOString() } : {}) };
      return v;
    });
  }

  /** Monday 00:00 of the current week in the scenario's time zone, as minutes. */
  private weekStartMin(): number {
    const zone = this.cfg.scenario.timezone ?? 'UTC';
    const local = new Date(this.nowMs).toLocaleString('en-US', { timeZone: zone, hourCycle: 'h23', weekday: 'short', hour: 'numeric', minute: 'numeric' });
    const m = /^(\w+) (\d+):(\d+)$/.exec(local.replace(',', ''));
    if (!m) return this.nowMin - 10080;
    const day = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(m[1]);
    return Math.max(0, this.nowMin - (day * 1440 + Number(m[2]) * 60 + Number(m[3])));
  }

  private onCallSince(e: Eng, from: number): number {
    const tl = e.timeline;
    let total = 0;
    for (let i = 0; i < tl.at.length; i++) {
      if (tl.presence[i] !== 'on-call') continue;
      const a = Math.max(from, tl.at[i]);
      const b = Math.min(this.nowMin, i + 1 < tl.at.length ? tl.at[i + 1] : this.cfg.horizon);
      if (b > a) total += b - a;
    }
    return Math.round(total);
  }

  /** Audit entries, oldest first, filtered. */
  auditTrail(filter: { sinceMs?: number; incident?: string; engineer?: string; limit?: number }): AuditEntry[] {
    const out: AuditEntry[] = [];
    for (const a of this.audit) {
      if (filter.sinceMs !== undefined && a.atMs < filter.sinceMs) continue;
      if (filter.incident !== undefined && a.incident !== filter.incident) continue;
      if (filter.engineer !== undefined && a.engineer !== filter.engineer) continue;
      out.push(a);
      if (filter.limit !== undefined && out.length >= filter.limit) break;
    }
    return out;
  }

  /** Per team: open incidents, queue length, saturation, assignable engineers. */
  teams(): { id: string; open: number; queued: number; saturation: number; present: number }[] {
    const open = new Map<string, number>();
    for (const inc of this.incs.values()) if (!inc.resolved) open.set(inc.team, (open.get(inc.team) ?? 0) + 1);
    return this.cfg.model.teams.map((t) => ({
      id: t.id, open: open.get(t.id) ?? 0, queued: this.engine.queueLength(t.id), saturation: this.engine.saturation(t.id),
      present: this.engList.filter((e) => e.team === t.id && ASSIGNABLE.has(e.effective)).length,
    }));
  }

  isEngineer(id: string): boolean {
    return this.engs.has(id);
  }
}
