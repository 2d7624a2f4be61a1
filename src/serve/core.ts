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
import type { EngineSnapshot } from '../engine/snapshot.js';
import type { Decision, Presence, Ticket } from '../engine/types.js';
import { ASSIGNABLE, PRESENCES } from '../engine/types.js';
import type { EscalationIncident, EscalationStep, FinalAction } from '../policies/escalation/types.js';
import type { PresenceTimeline } from '../model/types.js';
import { liveConfig, PRESENCE_WINDOW, type LiveConfig } from './config.js';
import { TimerHeap, type Timer } from './heap.js';
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

/**
 * What a timer does when it falls due: plain data naming its incident or engineer (so the timer
 * heap goes into snapshots). A timer whose incident is resolved (or no longer in memory), whose
 * token moved on, or whose presence timeline was replaced does nothing.
 */
export type TimerWhat =
  | { k: 'extend' }
  | { k: 'notify'; inc: string; notify: string }
  | { k: 'stall'; inc: string }
  | { k: 'ack'; inc: string; token: number; engineer: string }
  | { k: 'override-end'; eng: string; token: number }
  | { k: 'schedule'; eng: string; gen: number; next: number };

/**
 * What the service writes to the database besides the journal, in the commit of the input that
 * made it: the final view of each incident resolved, and every audit entry with its position in
 * the whole trail (0-based). Derived from the journal (a replay makes the same rows again), so
 * written idempotently; the views read them back (the audit trail is never held in memory).
 */
export interface Archived {
  incidents: IncidentView[];
  audit: { n: number; entry: AuditEntry }[];
}

export interface CoreOptions {
  /**
   * Resolved incidents whose resolution is older than this (ms of service clock) leave memory
   * (default 7 days); decisions never depend on them.
   */
  retainMs?: number;
}

/** The default retention: 7 days. */
export const DEFAULT_RETAIN_MS = 7 * 86400000;
/** Pages older than this leave the engineers' interruption counts (they count this week only). */
const PAGES_KEPT_MS = 8 * 86400000;

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
  private readonly timers = new TimerHeap<TimerWhat>();
  /** open incidents, in opening order */
  private readonly incs = new Map<string, Inc>();
  /**
   * incidents resolved within the retention, as their final views, in resolution order: they
   * change no more, so they are not part of the state a decision reads (nor of a snapshot, which
   * names them; their views are in the database)
   */
  private readonly done = new Map<string, IncidentView>();
  /** the number of incidents opened (the last id's number) */
  private lastIncident = 0;
  private readonly keys = new Map<string, Inc>();
  private readonly engs = new Map<string, Eng>();
  private readonly engList: Eng[] = [];
  /** the number of audit entries made (the next one's position) */
  private auditCount = 0;
  private archived: Archived = { incidents: [], audit: [] };
  private out: LiveEvent[] = [];
  private eventSeq = 0;
  private nowMin: number;
  /** how many times the presence timelines were extended (schedule timers of older ones do nothing) */
  private gen = 0;
  private actor: Actor = SYSTEM;
  private readonly prng: seedrandom.StatefulPRNG<seedrandom.State.Alea>;
  readonly retainMs: number;
  readonly counters: Counters = {
    decisions: { assign: 0, queue: 0, overflow: 0 }, pages: 0, ackTimeouts: 0, escalations: 0, notifications: 0,
    opened: 0, duplicates: 0, resolved: 0, acknowledged: 0, ackMinutes: 0, resolveMinutes: 0,
  };

  /**
   * A core at instant `startMs` with everyone at their scheduled presence, or — with `snapshot`
   * (from `snapshot()` of a core of the same scenario, origin and start, read back from its text:
   * the core takes the objects over; `resolvedView` reads the views of the resolved incidents it
   * names from the database) — in the state that snapshot holds. Restoring throws an
   * Error when the snapshot does not fit; the caller then starts a new core and replays the
   * whole journal.
   */
  constructor(
    cfg: LiveConfig, readonly startMs: number, private readonly source: string, options: CoreOptions = {},
    snapshot?: CoreSnapshot, resolvedView?: (id: string) => IncidentView | undefined,
  ) {
    this.retainMs = options.retainMs ?? DEFAULT_RETAIN_MS;
    if (snapshot !== undefined && snapshot.horizon !== cfg.horizon) cfg = liveConfig(cfg.scenario, cfg.originMs, snapshot.horizon - PRESENCE_WINDOW, source);
    this.cfg = cfg;
    this.nowMin = this.min(startMs);
    this.prng = snapshot !== undefined
      ? seedrandom.alea('', { state: snapshot.random })
      : seedrandom.alea(`${cfg.model.seed}#serve`, { state: true });
    const prng = this.prng;
    this.engine = new AssignmentEngine(cfg.model.roster, { random: () => prng(), source });
    cfg.model.engineers.forEach((m, i) => {
      const e: Eng = { id: m.id, team: m.team, timeline: cfg.presence[i], idx: -1, scheduled: 'off', effective: 'off', token: 0, pagesAt: [] };
      this.engs.set(m.id, e);
      this.engList.push(e);
    });
    if (snapshot !== undefined) {
      this.load(snapshot, resolvedView ?? (() => undefined));
      return;
    }
    for (const e of this.engList) this.reschedule(e);
    this.timers.push(cfg.horizon - 10080, { k: 'extend' });
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
      this.fire(t.what);
    }
    if (to > this.nowMin) this.nowMin = to;
    this.trim();
    return this.take();
  }

  private fire(w: TimerWhat): void {
    switch (w.k) {
      case 'extend':
        return this.extend();
      case 'notify': {
        const inc = this.incs.get(w.inc);
        if (inc && !inc.resolved) this.escalate(inc, 'hierarchical', w.notify, `open after ${Math.round(this.nowMin - inc.openedMin)} min`);
        return;
      }
      case 'stall': {
        const inc = this.incs.get(w.inc);
        if (inc) this.stall(inc);
        return;
      }
      case 'ack': {
        const inc = this.incs.get(w.inc);
        if (!inc || inc.resolved || w.token !== inc.token || inc.engineer !== w.engineer || inc.ackedHere) return;
        return this.ackTimeout(inc, w.engineer);
      }
      case 'override-end': {
        const e = this.engs.get(w.eng)!;
        if (e.token !== w.token) return;
        e.override = undefined;
        this.record('presence', undefined, e.id, 'override ended');
        return this.setEffective(e, 'override ended');
      }
      case 'schedule': {
        const e = this.engs.get(w.eng)!;
        if (w.gen !== this.gen) return;
        e.idx = w.next;
        e.scheduled = e.timeline.presence[w.next];
        if (!e.override) {
          this.record('presence', undefined, e.id, `schedule: ${e.scheduled}`);
          this.setEffective(e, 'schedule');
        }
        return this.scheduleNext(e);
      }
    }
  }

  /**
   * Retention: incidents resolved more than `retainMs` ago leave memory (their final view went
   * to the database when they were resolved). A function of the clock alone, so every replay
   * trims the same things.
   */
  private trim(): void {
    const cut = this.nowMs - this.retainMs;
    for (const [id, v] of this.done) {
      if (Date.parse(v.resolvedAt!) >= cut) break;
      this.done.delete(id);
    }
  }

  /** The resolved incidents' views and the audit entries made since the last call (for the database). */
  takeArchived(): Archived {
    const a = this.archived;
    if (a.incidents.length > 0 || a.audit.length > 0) this.archived = { incidents: [], audit: [] };
    return a;
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
    if (inc) return inc;
    const done = this.done.get(id);
    if (done) throw new ServeError(409, `incident ${id}: already resolved at ${done.resolvedAt}`);
    if (this.wasTrimmed(id)) throw new ServeError(409, `incident ${id}: resolved more than ${this.retainText()} ago (the retention); it can no longer change`);
    throw new ServeError(404, `incident "${id}": no such incident`);
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
          if (input.untilMs !== undefined) this.timers.push(this.min(input.untilMs), { k: 'override-end', eng: e.id, token: e.token });
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
    const id = `INC-${String(++this.lastIncident).padStart(6, '0')}`;
    const inc = incident({
      id, input, team: input.team, resolved: false, openedMs: this.nowMs, openedMin: now, pages: 0, duplicates: 0,
      escalations: [], reason: '', chainDone: false, ackedHere: false, token: 0, functionalLevel: 0, hierarchicalLevel: 0,
    });
    this.incs.set(id, inc);
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
    for (const n of policy.notifications(info)) this.timers.push(inc.openedMin + n.after, { k: 'notify', inc: inc.id, notify: n.notify });
    for (const s of policy.stall(info)) this.timers.push(inc.openedMin + s.after, { k: 'stall', inc: inc.id });
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
    const pe = this.engs.get(engineer);
    if (pe) {
      // only this week's pages are counted: older ones leave memory as new ones come
      let j = 0;
      while (j < pe.pagesAt.length && pe.pagesAt[j] < this.nowMs - PAGES_KEPT_MS) j++;
      if (j > 0) pe.pagesAt.splice(0, j);
      pe.pagesAt.push(this.nowMs);
    }
    this.emit({ type: 'page', incident: inc.id, engineer, team: inc.team, priority: inc.input.priority, detail: `level ${step.level}, round ${step.round + 1}; acknowledge within ${step.timeout} min` });
    if (step.timeout < Infinity) this.timers.push(this.nowMin + step.timeout, { k: 'ack', inc: inc.id, token, engineer });
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
    // a resolved incident changes no more: its final view goes to the database now, and stays
    // in memory (for the views) until the retention has passed
    const v = this.view(inc);
    this.archived.incidents.push(v);
    this.incs.delete(inc.id);
    this.done.set(inc.id, v);
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
    this.timers.push(e.timeline.at[next], { k: 'schedule', eng: e.id, gen: this.gen, next });
  }

  private setEffective(e: Eng, why: string): void {
    const p = e.override?.presence ?? e.scheduled;
    if (p === e.effective) return;
    e.effective = p;
    this.emit({ type: 'presence', engineer: e.id, team: e.team, detail: `${p} (${why})` });
    this.applyDecisions(this.engine.setPresence(e.id, p, this.nowMin));
  }

  /** Extends the presence timelines a window further (a timer a week before they end). */
  private extend(): void {
    this.cfg = liveConfig(this.cfg.scenario, this.cfg.originMs, this.nowMin, this.source);
    this.gen++;
    this.engList.forEach((e, i) => {
      e.timeline = this.cfg.presence[i];
      this.reschedule(e);
    });
    this.timers.push(this.cfg.horizon - 10080, { k: 'extend' });
  }

  // ---- output -------------------------------------------------------------------------------

  private emit(e: Omit<LiveEvent, 'seq' | 'at'>): void {
    this.out.push({ seq: ++this.eventSeq, at: this.iso(), ...e });
  }

  private record(action: string, incident: string | undefined, engineer: string | undefined, reason: string): void {
    const a = this.actor;
    this.archived.audit.push({ n: this.auditCount++, entry: {
      at: this.iso(), atMs: this.nowMs, actor: a === SYSTEM ? 'system' : a.token, role: a === SYSTEM ? 'system' : a.role, action,
      ...(incident !== undefined ? { incident } : {}), ...(engineer !== undefined ? { engineer } : {}), reason,
    } });
  }

  /** The number of events produced so far (the last event's seq). */
  get lastEventSeq(): number {
    return this.eventSeq;
  }

  // ---- views --------------------------------------------------------------------------------

  /** Incidents in memory (open, and resolved within the retention), in opening order. */
  incidents(state?: 'open' | 'resolved'): IncidentView[] {
    const open = state === 'resolved' ? [] : [...this.incs.values()].map((inc) => this.view(inc));
    if (state === 'open') return open;
    const done = [...this.done.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
    if (state === 'resolved') return done;
    const out: IncidentView[] = [];
    let i = 0;
    let j = 0;
    while (i < open.length || j < done.length) out.push(j >= done.length || (i < open.length && open[i].id < done[j].id) ? open[i++] : done[j++]);
    return out;
  }

  /** An incident in memory (open, or resolved within the retention). */
  incident(id: string): IncidentView | undefined {
    const inc = this.incs.get(id);
    return inc ? this.view(inc) : this.done.get(id);
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

  /** Incidents held in memory (open, and resolved within the retention). */
  get incidentsInMemory(): number {
    return this.incs.size + this.done.size;
  }

  /** Whether `id` names an incident that was opened and has left memory (resolved, past the retention). */
  wasTrimmed(id: string): boolean {
    const m = /^INC-(\d{6,})$/.exec(id);
    return m !== null && Number(m[1]) >= 1 && Number(m[1]) <= this.lastIncident && !this.incs.has(id) && !this.done.has(id);
  }

  retainText(): string {
    const h = this.retainMs / 3600000;
    return h >= 24 && h % 24 === 0 ? `${h / 24} d` : h >= 1 && Number.isInteger(h) ? `${h} h` : `${this.retainMs / 60000} min`;
  }

  // ---- snapshots ----------------------------------------------------------------------------

  /**
   * The whole state as plain JSON-safe data (no ±Infinity: an unbounded acknowledgement timeout
   * is written as null): restoring it (the constructor's `snapshot`) gives a core whose state and
   * every later answer equal this one's. Take it between inputs. It shares objects with the live
   * state (no copies: a snapshot of thousands of incidents costs one JSON.stringify): serialise
   * it before the next call.
   */
  snapshot(): CoreSnapshot {
    const timers = this.timers.save();
    const incidents: Inc[] = [];
    for (const inc of this.incs.values()) incidents.push(inc.chain?.timeout === Infinity ? { ...inc, chain: { ...inc.chain, timeout: null as unknown as number } } : inc);
    return {
      horizon: this.cfg.horizon,
      gen: this.gen,
      nowMin: this.nowMin,
      eventSeq: this.eventSeq,
      lastIncident: this.lastIncident,
      auditCount: this.auditCount,
      counters: this.counters,
      random: this.prng.state(),
      engine: this.engine.snapshot(),
      timers: timers.timers,
      timerSeq: timers.seq,
      incidents,
      resolved: [...this.done.keys()],
      keys: [...this.keys].map(([k, inc]) => [k, inc.id]),
      engineers: this.engList.map((e) => {
        const o: EngSnapshot = { id: e.id, idx: e.idx, scheduled: e.scheduled, effective: e.effective, token: e.token, pagesAt: e.pagesAt };
        if (e.override) o.override = e.override;
        return o;
      }),
    };
  }

  private load(s: CoreSnapshot, resolvedView: (id: string) => IncidentView | undefined): void {
    const fail = (msg: string): never => {
      throw new Error(`core snapshot: ${msg}`);
    };
    if (s.engineers.length !== this.engList.length) fail(`${s.engineers.length} engineers; the scenario has ${this.engList.length}`);
    this.gen = s.gen;
    this.nowMin = s.nowMin;
    this.eventSeq = s.eventSeq;
    this.lastIncident = s.lastIncident;
    this.auditCount = s.auditCount;
    Object.assign(this.counters, s.counters);
    this.engine.restore(s.engine);
    this.timers.load(s.timers, s.timerSeq);
    for (const i of s.incidents) {
      if (i.chain && i.chain.timeout === null) i.chain.timeout = Infinity;
      this.incs.set(i.id, incident(i));
    }
    for (const id of s.resolved) this.done.set(id, resolvedView(id) ?? fail(`resolved incident ${id}: its view is not in the database`));
    for (const [k, id] of s.keys) this.keys.set(k, this.incs.get(id) ?? fail(`key ${k}: incident ${id} is not among the incidents`));
    s.engineers.forEach((es, i) => {
      const e = this.engList[i];
      if (es.id !== e.id) fail(`engineer ${i} is ${es.id}; the scenario has ${e.id}`);
      e.idx = es.idx;
      e.scheduled = es.scheduled;
      e.effective = es.effective;
      e.token = es.token;
      e.pagesAt = es.pagesAt;
      e.override = es.override;
    });
    this.out = [];
  }
}

/**
 * An incident record with every field in one order, set or not: the same shape however it was
 * made (opened live or read from a snapshot), so that snapshots of equal states are equal texts.
 */
function incident(i: Inc): Inc {
  return {
    id: i.id, input: i.input, team: i.team, engineer: i.engineer, resolved: i.resolved, openedMs: i.openedMs, openedMin: i.openedMin,
    assignedMs: i.assignedMs, ackMs: i.ackMs, resolvedMs: i.resolvedMs, pages: i.pages, duplicates: i.duplicates, escalations: i.escalations,
    reason: i.reason, chain: i.chain, chainDone: i.chainDone, ackedHere: i.ackedHere, token: i.token, functionalLevel: i.functionalLevel,
    hierarchicalLevel: i.hierarchicalLevel,
  };
}

/** One engineer's part of a core snapshot: their live state (the timeline is rebuilt from the scenario). */
type EngSnapshot = Pick<Eng, 'id' | 'idx' | 'scheduled' | 'override' | 'effective' | 'token' | 'pagesAt'>;

/** The live core's whole state (see LiveCore.snapshot); src/serve/snapshot.ts versions and stores it. */
export interface CoreSnapshot {
  /** the end of the presence timelines in force (minutes): they are rebuilt from the scenario */
  horizon: number;
  gen: number;
  nowMin: number;
  eventSeq: number;
  lastIncident: number;
  /** audit entries made so far (they are in the database) */
  auditCount: number;
  counters: Counters;
  random: seedrandom.State.Alea;
  engine: EngineSnapshot;
  timers: Timer<TimerWhat>[];
  timerSeq: number;
  /** the open incidents */
  incidents: Inc[];
  /** the incidents resolved within the retention, in resolution order (their views are in the database) */
  resolved: string[];
  keys: [string, string][];
  engineers: EngSnapshot[];
}
