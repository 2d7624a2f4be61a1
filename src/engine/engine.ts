/**
 * The assignment engine: who gets an incident. A live incident system and the simulator call the
 * very same code; it has no clock (every call passes `now`, in minutes) and no randomness other
 * than the injected `random`, so the same roster, calls and random stream give the same decisions.
 *
 * State: each engineer's presence, team memberships, load (in the roster's unit: count, effort
 * hours or priority weight), last assignment time and counts per priority; each team's queue.
 * Every call that frees capacity (resolve, release, reassign, presence back, joining a team)
 * returns the follow-on assignments it made from the queues, so nothing waits while someone
 * eligible is free in its team. Every decision carries a reason and the candidates considered,
 * and goes to the optional audit sink.
 *
 * Indexes: each team keeps the set of its members who are present with room to spare (a bitset
 * by roster index: O(1) updates whatever the team's size; the sorted list of them is made only
 * when a policy or an explanation reads it), the same by number of incidents held, and running
 * sums of present load and capacity, so a decision never scans absent or full engineers (except,
 * capped, to explain why nobody was eligible), and least-loaded by count scans nobody.
 */
import { UserError, show } from '../errors.js';
import { createRoutingPolicy } from '../policies/routing/index.js';
import type { Choice, EngineerView, RoutingContext, RoutingPolicy } from '../policies/routing/types.js';
import { insertAt, PriorityQueues, removeAt, ServiceQueue } from './queue.js';
import { RosterSet } from './roster-set.js';
import { restoreEngine, snapshotEngine, type EngineInternals, type EngineSnapshot } from './snapshot.js';
import {
  ASSIGNABLE, PRESENCES, REACHABLE,
  type AuditSink, type Candidate, type Decision, type EngineIncidentFields, type EngineOptions, type EngineerRef, type FallbackSpec, type IncidentRef, type LoadUnit,
  type Presence, type QueueDiscipline, type RosterSpec, type Ticket,
} from './types.js';

/** At most this many candidates are listed in a decision (counts in the reason cover all). */
export const CANDIDATE_LIST_LIMIT = 20;
const EPS = 1e-9;
const UNITS: readonly LoadUnit[] = ['count', 'effort', 'severity', 'priority'];
const DISCIPLINES: readonly QueueDiscipline[] = ['fifo', 'priority', 'edf'];

/**
 * Whether an engineer holding `count` incidents of `load` (in the roster's unit) has room for one
 * more under `capacity`. Capacity is the number of incidents an engineer works on at once, in every
 * unit; with the `effort` or `severity` unit a heavy incident also takes the room of several, so
 * new work is admitted while BOTH the count and the load are below capacity. With `count` the two
 * are the same number. An idle engineer therefore always admits one incident (unless capacity is
 * 0), and nobody ever holds more than `capacity` incidents — what the simulator's work model
 * (each held incident worked at once) and utilisation (work in progress ÷ capacity) count on.
 */
export function hasRoom(count: number, load: number, capacity: number): boolean {
  return count < capacity - EPS && load < capacity - EPS;
}

/** Names for a message: the first few, and how many more. */
function listed(names: string[]): string {
  return names.length <= 10 ? names.join(', ') : `${names.slice(0, 10).join(', ')}, … (${names.length} in all)`;
}

class Eng implements EngineerView {
  load = 0;
  count = 0;
  /**
   * hours of effort held. Fractions, so a double from the start: −0 (0 in arithmetic; handed out
   * `+ 0`). Begun as the small integer 0, the field changed representation at the first fraction
   * and V8 threw away the optimised code that reads engineers (`assign`, `detachIncident`).
   */
  effort = -0;
  severity = 0;
  lastAssignedAt = -Infinity;
  freeSince = -Infinity;
  /** the ranks (`AssignmentEngine.rankOf`) of the priorities of the work they were given, in the order first given (their counts: `assignedByRank`) */
  readonly ranksGiven: number[] = [];
  teams: Team[] = [];
  /** whether `presence` is one in which routing may give them work (kept with it: read on every decision) */
  assignable = false;
  private where: Presence = 'off';
  constructor(
    readonly id: string,
    readonly index: number,
    readonly home: string,
    readonly skills: ReadonlyMap<string, number>,
    readonly capacity: number,
    presence: Presence,
  ) {
    this.presence = presence;
  }
  get presence(): Presence {
    return this.where;
  }
  set presence(p: Presence) {
    this.where = p;
    this.assignable = ASSIGNABLE.has(p);
  }
  /** The one definition of room, for every load unit: see `hasRoom` below. */
  get hasRoom(): boolean {
    return hasRoom(this.count, this.load, this.capacity);
  }
  get available(): boolean {
    return this.assignable && this.hasRoom;
  }
}

interface Team {
  readonly id: string;
  readonly index: number;
  readonly tier: number;
  readonly policy: RoutingPolicy;
  readonly discipline: QueueDiscipline;
  readonly fallback: FallbackSpec;
  readonly overflow?: { team: string; saturation: number };
  /** members, sorted by roster index */
  readonly members: Eng[];
  /** members present with room, by roster index: O(1) to add and remove, whatever the team's size */
  readonly avail: RosterSet;
  /** the same as a list sorted by roster index, made when a policy or an explanation reads it (`availableList`) */
  readonly availList: Eng[];
  /** whether `avail` changed since `availList` was made */
  availStale: boolean;
  /** the same members by number of incidents held: byCount[c] holds the roster indices of those holding c */
  readonly byCount: RosterSet[];
  /** members present (assignable), with or without room */
  present: number;
  presentLoad: number;
  presentCapacity: number;
  /** queued incidents in service order */
  readonly queue: ServiceQueue<Inc> | PriorityQueues<Inc>;
  queuedLoad: number;
}

interface Inc {
  /**
   * the ticket as the engine keeps it, made from the fields below when something asks for it (a
   * policy reading `ctx.ticket`, `assigned`, a snapshot: `ticketOf`), then kept; undefined until then
   */
  ticket: Ticket | undefined;
  /**
   * what the engine keeps of the ticket, on the incident itself: decisions, queue order and
   * eligibility read these (a ticket copy is another object to visit — a cache miss in a large
   * organisation when the incident comes back hours later). Its team is `owner`'s, its priority
   * `rank`'s name, its effort `effort`; the skills a frozen list (the caller's when frozen, else a copy).
   */
  readonly ticketId: string;
  readonly ticketSkills: readonly string[] | undefined;
  readonly ticketOpenedAt: number;
  readonly ticketDueAt: number | undefined;
  readonly ticketCategory: string | undefined;
  /** the incident's handle: its slot in the engine's incident table, reused once it is resolved */
  readonly handle: number;
  readonly seq: number;
  /**
   * the ticket's effort (hours) and its priority's rank (`rankOf`), kept here as well: every
   * assignment and hand-back reads them (the load, effort and severity held), and the ticket copy
   * is a visit to another object — a cache miss in a large organisation when it comes back hours later
   */
  readonly effort: number;
  readonly rank: number;
  /** the team that owns it (queued there, or its assignee's) */
  owner: Team;
  assignee: Eng | undefined;
  /** when it was first queued since it was last assigned (minutes); NaN: not queued (`EngineIncidentFields.queuedAt`) */
  queuedAt: number;
  acknowledgedAt: number | undefined;
}

/** A routing context the engine reuses for every choice (policies read it during `choose` only). */
interface MutableContext extends RoutingContext {
  now: number;
  fewestIncidents(): EngineerView | undefined;
}

/** One row of the bias audit: how much of a team's work of one priority went to one engineer. */
export interface BiasRow {
  team: string;
  engineerId: string;
  priority: string;
  assignments: number;
  /** assignments ÷ all assignments of that priority in the team */
  share: number;
  flagged: boolean;
}

/** Where an incident is now. */
export interface IncidentState {
  team: string;
  engineerId?: string;
  queued: boolean;
  acknowledgedAt?: number;
}

/** An engineer as the engine sees them now. */
export interface EngineerState {
  presence: Presence;
  teams: string[];
  load: number;
  capacity: number;
  count: number;
  incidents: string[];
  lastAssignedAt: number;
}

export class AssignmentEngine {
  private readonly random: () => number;
  private readonly audit?: AuditSink;
  private readonly explain: boolean;
  /** decisions and their lists are the engine's own, overwritten by the next call (`EngineOptions.reuseDecisions`) */
  private readonly reuse: boolean;
  /** whether open incidents are also kept by id (`EngineOptions.indexById`) */
  private readonly byId: boolean;
  /** with `reuse`: the decision objects (the first `used` are this call's) and the list a call returns */
  private readonly pool: Decision[] = objectArray();
  private used = 0;
  private readonly outbox: Decision[] = objectArray();
  /** the one-engineer candidate list of an assignment by name (read during the call only) */
  private readonly one: Eng[] = objectArray();
  private readonly unit: LoadUnit;
  private readonly weights: Record<string, number>;
  private readonly teams = new Map<string, Team>();
  private readonly teamList: Team[] = [];
  private readonly engs = new Map<string, Eng>();
  private readonly engList: Eng[] = [];
  /**
   * open incidents' handles by id (the string face of the API) and the incidents by handle (slots;
   * free ones listed). The id index holds handles, not incidents: a Map with one set and one delete
   * per incident rebuilds its table every few hundred, and V8 chains each discarded table to its
   * successor — once one is old, every later table and what it holds outlives young collections,
   * so holding incidents there kept each closed one alive until a full collection.
   */
  private readonly incs = new Map<string, number>();
  private readonly slots: (Inc | undefined)[] = objectArray();
  private readonly freeSlots: number[] = [];
  /** candidates listed by the last `find` (empty without `explain`) */
  private listed: Candidate[] = NO_CANDIDATES;
  /** the incident a policy is choosing for (`ctx.ticket` is its ticket) */
  private choosingFor: Inc | undefined;
  /** the team whose own available list the policy is choosing from (undefined: a filtered list) */
  private choosingIn: Team | undefined;
  /** with `WHOLE_BUT_ONE`: the one left out (who released the incident), as `find` said and as the policy chooses */
  private skip: Eng | undefined;
  private choosingSkip: Eng | undefined;
  private rosterSize = 0;
  /**
   * The priorities seen, by rank (the order first seen): rank by name, name and weight by rank,
   * and assignments of each (by rank) per engineer (by roster index) since the engine started, for
   * the bias audit and snapshots. Per-priority arrays by roster index rather than a map per engineer:
   * an assignment adds one to a number in a short, hot array instead of updating a string-keyed map.
   */
  private readonly ranks = new Map<string, number>();
  private readonly rankName: string[] = [];
  private readonly rankWeight: number[] = [];
  private readonly assignedByRank: number[][] = [];
  private readonly ctx: MutableContext;
  private seq = 0;
  /** an incident's priority (its rank's name), as queues order them */
  private readonly priorityOf = (inc: Inc): string => this.rankName[inc.rank];

  /**
   * The class of the routing context (`ctx`), declared in here to reach the engine's own members.
   * One class for every engine, so its `ticket`, `weight` and `fewestIncidents` are the same
   * functions for each: closures made per engine were other call targets for each new engine (a
   * simulator's every replication), and the policies' optimised code that had inlined the last
   * ones was thrown away at the next engine's first choice.
   */
  private static readonly Context = class implements MutableContext {
    /** minutes, set before every choice; −0 so that the field holds doubles from the start (as `Eng.effort`) */
    now = -0;
    readonly random: () => number;
    readonly explain: boolean;
    readonly loadUnit: LoadUnit;
    constructor(private readonly engine: AssignmentEngine) {
      this.random = engine.random;
      this.explain = engine.explain;
      this.loadUnit = engine.unit;
    }
    /** made only when a policy reads it (least-loaded does not) */
    get ticket(): Ticket {
      return this.engine.ticketOf(this.engine.choosingFor!);
    }
    /** a priority's weight (1 when unset) */
    weight(p: string): number {
      return this.engine.weights[p] ?? 1;
    }
    fewestIncidents(): EngineerView | undefined {
      return this.engine.fewest();
    }
  };

  /**
   * Validates `roster` (UserErrors name `source` and the field path) and sets every engineer to
   * their initial presence (default 'off'). `options.random` is the only source of randomness.
   */
  constructor(roster: RosterSpec, options: EngineOptions) {
    const src = options.source ?? 'roster';
    const fail = (path: string, msg: string): never => {
      throw new UserError(`${src}: ${path}: ${msg}`);
    };
    this.random = options.random;
    this.audit = options.audit;
    this.explain = options.explain ?? true;
    this.reuse = options.reuseDecisions ?? false;
    this.byId = options.indexById ?? true;
    this.unit = roster.loadUnit ?? 'count';
    this.ctx = new AssignmentEngine.Context(this);
    if (!UNITS.includes(this.unit)) fail('loadUnit', `${show(this.unit)} is not one of ${UNITS.join(', ')}`);
    this.weights = {};
    for (const [p, w] of Object.entries(roster.priorityWeights ?? {})) {
      if (typeof w !== 'number' || !(w >= 0) || !Number.isFinite(w)) fail(`priorityWeights.${p}`, `${show(w)} is not a number ≥ 0`);
      this.weights[p] = w;
    }
    if (!Array.isArray(roster.teams) || roster.teams.length === 0) fail('teams', 'expected a non-empty list of teams');
    if (!Array.isArray(roster.engineers)) fail('engineers', 'expected a list of engineers');
    this.rosterSize = roster.engineers.length;
    // the default policy is checked even when every team names its own
    if (roster.defaultRouting !== undefined) createRoutingPolicy(roster.defaultRouting, `${src}: defaultRouting`);
    roster.teams.forEach((t, i) => {
      const path = `teams[${i}]`;
      if (t === null || typeof t !== 'object' || Array.isArray(t)) fail(path, `${show(t)} is not a team (expected a mapping with an id)`);
      if (typeof t.id !== 'string' || t.id === '') fail(`${path}.id`, t.id === undefined ? 'missing (expected a non-empty string)' : `${show(t.id)} is not a non-empty string`);
      if (this.teams.has(t.id)) fail(`${path}.id`, `"${t.id}" is used twice; team ids must be unique`);
      const discipline = t.queue ?? 'priority';
      if (!DISCIPLINES.includes(discipline)) fail(`${path}.queue`, `${show(discipline)} is not one of ${DISCIPLINES.join(', ')}`);
      const ref = t.routing ?? roster.defaultRouting ?? { policy: 'least-loaded' };
      const policy = createRoutingPolicy(ref, `${src}: ${t.routing ? `${path}.routing` : roster.defaultRouting ? 'defaultRouting' : path}`);
      const team: Team = {
        id: t.id, index: i, tier: t.tier ?? 1, policy, discipline,
        fallback: t.fallback ?? { kind: 'queue' }, overflow: t.overflow,
        members: [], avail: new RosterSet(roster.engineers.length), availList: objectArray(), availStale: false, byCount: objectArray(), present: 0, presentLoad: 0, presentCapacity: 0, queue: newQueue(discipline, this.priorityOf), queuedLoad: 0,
      };
      this.teams.set(t.id, team);
      this.teamList.push(team);
    });
    roster.teams.forEach((t, i) => {
      const path = `teams[${i}]`;
      const fb = t.fallback;
      if (fb !== undefined) {
        if (!['queue', 'team', 'next-tier'].includes(fb.kind)) fail(`${path}.fallback.kind`, `${show(fb.kind)} is not one of queue, team, next-tier`);
        if (fb.kind === 'team' && !this.teams.has(fb.team)) fail(`${path}.fallback.team`, `unknown team "${fb.team}"; expected one of ${[...this.teams.keys()].join(', ')}`);
      }
      if (t.overflow !== undefined) {
        if (!this.teams.has(t.overflow.team)) fail(`${path}.overflow.team`, `unknown team "${t.overflow.team}"; expected one of ${[...this.teams.keys()].join(', ')}`);
        if (t.overflow.team === t.id) fail(`${path}.overflow.team`, `"${t.id}" cannot overflow to itself`);
        if (typeof t.overflow.saturation !== 'number' || !(t.overflow.saturation > 0)) fail(`${path}.overflow.saturation`, `${show(t.overflow.saturation)} is not a number > 0`);
      }
    });
    // Engineers given the same skills (one object: a group's, or none) share one map, never changed
    // afterwards: an empty Map costs ~350 bytes, 1 MB of the heap for a roster of 3,000.
    const skillMaps = new Map<Readonly<Record<string, number>> | undefined, ReadonlyMap<string, number>>();
    roster.engineers.forEach((s, i) => {
      const path = `engineers[${i}]`;
      if (s === null || typeof s !== 'object' || Array.isArray(s)) fail(path, `${show(s)} is not an engineer (expected a mapping with an id and a team)`);
      if (typeof s.id !== 'string' || s.id === '') fail(`${path}.id`, s.id === undefined ? 'missing (expected a non-empty string)' : `${show(s.id)} is not a non-empty string`);
      if (this.engs.has(s.id)) fail(`${path}.id`, `"${s.id}" is used twice; engineer ids must be unique`);
      const team = this.teams.get(s.team);
      if (!team) fail(`${path}.team`, s.team === undefined ? `missing (expected one of ${listed([...this.teams.keys()])})` : `unknown team ${show(s.team)}; expected one of ${listed([...this.teams.keys()])}`);
      const capacity = s.capacity ?? 1;
      if (typeof capacity !== 'number' || !Number.isFinite(capacity)) fail(`${path}.capacity`, `${show(capacity)} is not a number`);
      if (capacity < 0) fail(`${path}.capacity`, `${capacity} is negative; expected a number ≥ 0`);
      let skills = skillMaps.get(s.skills);
      if (skills === undefined) {
        const made = new Map<string, number>();
        for (const [k, v] of Object.entries(s.skills ?? {})) {
          if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 5) fail(`${path}.skills.${k}`, `${show(v)} is not a proficiency 1–5`);
          made.set(k, v);
        }
        skillMaps.set(s.skills, (skills = made));
      }
      const presence = s.presence ?? 'off';
      if (!PRESENCES.includes(presence)) fail(`${path}.presence`, `${show(presence)} is not one of ${PRESENCES.join(', ')}`);
      const e = new Eng(s.id, i, s.team, skills, capacity, presence);
      this.engs.set(s.id, e);
      this.engList.push(e);
      e.teams = [team!];
      team!.members.push(e);
      this.attach(e);
    });
  }

  // ---- public API ---------------------------------------------------------------------------

  /**
   * Routes a new incident: overflow when its team is saturated; else the team's routing policy
   * among eligible engineers; else the team's fallback; else the team queue. With `prefer` (an
   * engineer id: the ticket's existing assignee, when a system starts from its open tickets) it
   * goes to them when they are on shift or on call with room, and is routed as above otherwise.
   * With `into` (the caller's own object for the incident, see `EngineIncidentFields`), the engine
   * keeps its state on that object rather than on one of its own: one object per incident.
   */
  decide(ticket: Ticket, now: number, prefer?: string, into?: EngineIncidentFields): Decision {
    this.begin();
    const team = this.teamOf(ticket.team, 'ticket', ticket.id);
    if (this.byId && this.incs.has(ticket.id)) throw new UserError(`ticket ${ticket.id}: id is already open in the engine; expected a new incident id`);
    if (typeof ticket.priority !== 'string') throw new UserError(`ticket ${ticket.id}: priority ${show(ticket.priority)} is not a string`);
    if (typeof ticket.effortHours !== 'number' || !(ticket.effortHours >= 0)) throw new UserError(`ticket ${ticket.id}: effortHours ${show(ticket.effortHours)} is not a number ≥ 0`);
    const inc = this.open(ticket, team, into);
    if (prefer !== undefined) {
      const named = this.engOf(prefer, 'ticket', ticket.id);
      const unfit = this.unfit(named, team, inc.ticketSkills);
      if (unfit === undefined) {
        this.listed = this.explain ? [candidate(named, true)] : NO_CANDIDATES;
        return this.emit(this.assign(inc, team, this.only(named), now, this.explain ? 'its assignee: ' : '', NAMED));
      }
      return this.emit(this.route(inc, team, now, this.explain ? `its assignee ${named.id} ${unfit}, so routed in ${team.id}: ` : ''));
    }
    return this.emit(this.route(inc, team, now, ''));
  }

  /**
   * Registers a new open incident under its id and a free handle: its state on `into` (the caller's
   * own incident object, adopted) or on a new object. What the engine keeps of `ticket` is copied
   * onto the incident (see `Inc`); `ticket` itself is not kept.
   */
  private open(ticket: Ticket, team: Team, into?: EngineIncidentFields): Inc {
    const handle = this.freeSlots.length > 0 ? this.freeSlots.pop()! : this.slots.length;
    const inc = this.incidentFor(ticket, team, handle, ++this.seq, into);
    if (this.byId) this.incs.set(ticket.id, handle);
    this.slots[handle] = inc;
    return inc;
  }

  /** An incident's state for `ticket`, owned by `team`, unassigned: on `into` (every field written) or on a new object. */
  private incidentFor(ticket: Ticket, team: Team, handle: number, seq: number, into?: EngineIncidentFields): Inc {
    const given = ticket.skills;
    const skills = given === undefined || given.length === 0 ? undefined : Object.isFrozen(given) ? given : Object.freeze([...given]);
    const rank = this.rankOf(ticket.priority);
    if (into === undefined) {
      // every field from the start: one shape, no properties added later
      return {
        ticket: undefined, ticketId: ticket.id, ticketSkills: skills, ticketOpenedAt: ticket.openedAt, ticketDueAt: ticket.slaDueAt, ticketCategory: ticket.category,
        handle, seq, effort: ticket.effortHours, rank, owner: team, assignee: undefined, queuedAt: NaN, acknowledgedAt: undefined,
      };
    }
    const o = into as unknown as { -readonly [K in keyof Inc]: Inc[K] };
    o.ticket = undefined;
    o.ticketId = ticket.id;
    o.ticketSkills = skills;
    o.ticketOpenedAt = ticket.openedAt;
    o.ticketDueAt = ticket.slaDueAt;
    o.ticketCategory = ticket.category;
    o.handle = handle;
    o.seq = seq;
    o.effort = ticket.effortHours;
    o.rank = rank;
    o.owner = team;
    o.assignee = undefined;
    o.queuedAt = NaN;
    o.acknowledgedAt = undefined;
    return o;
  }

  /**
   * The engine's ticket of an open incident (its `team` the team that owns it now), made from what
   * the incident keeps on first request and kept with it: a policy or snapshot may hold it.
   */
  private ticketOf(inc: Inc): Ticket {
    let t = inc.ticket;
    if (t === undefined) {
      t = {
        id: inc.ticketId, priority: this.rankName[inc.rank], team: inc.owner.id, skills: inc.ticketSkills, effortHours: inc.effort,
        openedAt: inc.ticketOpenedAt, slaDueAt: inc.ticketDueAt, category: inc.ticketCategory,
      };
      inc.ticket = t;
    } else t.team = inc.owner.id;
    return t;
  }

  /** Records that the assignee acknowledged. Throws if someone else holds the incident. */
  acknowledge(incident: IncidentRef, engineer: EngineerRef, now: number): void {
    const inc = this.incOf(incident);
    const e = typeof engineer === 'number' ? this.engList[engineer] : undefined;
    if (typeof engineer === 'number' ? inc.assignee === undefined || inc.assignee !== e : inc.assignee?.id !== engineer) {
      const who = typeof engineer === 'number' ? (e?.id ?? `#${engineer}`) : engineer;
      throw new UserError(`incident ${inc.ticketId}: acknowledged by ${who} but ${inc.assignee ? `assigned to ${inc.assignee.id}` : `queued in ${inc.owner.id}`}`);
    }
    inc.acknowledgedAt = now;
  }

  /**
   * Moves an incident to `to.team` (to the named engineer when they are present — on shift, on
   * call or on standby — with room, otherwise routed there like a new incident). Returns the incident's decision first, then the
   * follow-on assignments made with the capacity its previous assignee got back.
   */
  reassign(incident: IncidentRef, to: { team: string; engineerId?: EngineerRef }, now: number, reason: string): readonly Decision[] {
    const out = this.begin();
    const inc = this.incOf(incident);
    const team = this.teamOf(to.team, 'reassign', inc.ticketId);
    const old = this.detachIncident(inc, now);
    inc.owner = team;
    let d: Decision;
    const named = to.engineerId !== undefined ? this.engOf(to.engineerId, 'reassign', inc.ticketId) : undefined;
    const unfit = named ? this.unfit(named, team, inc.ticketSkills, true) : undefined;
    if (named && unfit === undefined) {
      this.listed = this.explain ? [candidate(named, true)] : NO_CANDIDATES;
      d = this.assign(inc, team, this.only(named), now, this.explain ? `reassigned (${reason}) by name: ` : '', NAMED);
    } else {
      const why = !this.explain ? '' : named ? `reassigned (${reason}); named ${named.id} ${unfit}, so routed in ${team.id}: ` : `reassigned (${reason}): `;
      d = this.route(inc, team, now, why);
    }
    this.emit(d);
    if (out) {
      out.push(d);
      if (old) this.drain(old.teams, now, inc, old, out);
      return out;
    }
    if (!old) return [d];
    const more = this.drain(old.teams, now, inc, old);
    return more.length === 0 ? [d] : [d, ...more];
  }

  /**
   * A resolved incident comes back (reopened): assigned to `engineerId` (its last assignee) when
   * they are present with room in the ticket's team and hold its skills, otherwise routed there
   * like a new incident. The id must not be open in the engine.
   */
  reopen(ticket: Ticket, engineerId: string | undefined, now: number, into?: EngineIncidentFields): Decision {
    this.begin();
    const team = this.teamOf(ticket.team, 'ticket', ticket.id);
    if (this.byId && this.incs.has(ticket.id)) throw new UserError(`ticket ${ticket.id}: id is still open in the engine; only a resolved incident can be reopened`);
    const inc = this.open(ticket, team, into);
    const named = engineerId !== undefined ? this.engs.get(engineerId) : undefined;
    const unfit = named ? this.unfit(named, team, inc.ticketSkills) : 'is unknown';
    if (named && unfit === undefined) {
      this.listed = this.explain ? [candidate(named, true)] : NO_CANDIDATES;
      return this.emit(this.assign(inc, team, this.only(named), now, 'reopened, back to the last assignee: ', NAMED));
    }
    return this.emit(this.route(inc, team, now, this.explain ? `reopened; last assignee ${engineerId ?? 'none'} ${unfit}, so routed in ${team.id}: ` : ''));
  }

  /**
   * Takes an incident off its assignee (who declined, left or never answered) and routes it again
   * in its team — not to the same engineer in this call — or queues it. Returns that decision and
   * the follow-on assignments; [] when the incident was already queued.
   */
  release(incident: IncidentRef, now: number): readonly Decision[] {
    const out = this.begin();
    const inc = this.incOf(incident);
    if (!inc.assignee) return NO_DECISIONS;
    const old = this.detachIncident(inc, now)!;
    const d = this.emit(this.place(inc, inc.owner, now, this.explain ? `released by ${old.id}: ` : '', old));
    if (out) {
      out.push(d);
      return this.drain(old.teams, now, inc, old, out);
    }
    const more = this.drain(old.teams, now, inc, old);
    return more.length === 0 ? [d] : [d, ...more];
  }

  /** Closes an incident; returns the follow-on assignments from the capacity it frees. */
  resolve(incident: IncidentRef, now: number): readonly Decision[] {
    const out = this.begin();
    const inc = this.incOf(incident);
    const old = this.detachIncident(inc, now);
    if (this.byId) this.incs.delete(inc.ticketId);
    this.slots[inc.handle] = undefined;
    this.freeSlots.push(inc.handle);
    return old ? this.drain(old.teams, now, undefined, undefined, out) : NO_DECISIONS;
  }

  /**
   * Changes an engineer's presence. Their incidents stay with them (release them explicitly to
   * hand them back); becoming assignable returns the assignments they take from their queues.
   */
  setPresence(engineer: EngineerRef, presence: Presence, now: number): readonly Decision[] {
    const out = this.begin();
    const e = this.engOf(engineer, 'setPresence');
    if (!PRESENCES.includes(presence)) throw new UserError(`setPresence ${e.id}: ${show(presence)} is not one of ${PRESENCES.join(', ')}`);
    const was = e.available;
    this.detach(e);
    e.presence = presence;
    this.attach(e);
    if (was || !e.available) return NO_DECISIONS;
    e.freeSince = now;
    return this.drain(e.teams, now, undefined, undefined, out);
  }

  /**
   * Sets the teams an engineer serves (home team first, e.g. surge help). Incidents they hold
   * stay; returns the assignments they take from their new teams' queues.
   */
  setTeams(engineer: EngineerRef, teamIds: readonly string[], now: number): readonly Decision[] {
    const out = this.begin();
    const e = this.engOf(engineer, 'setTeams');
    const teams = [...new Set(teamIds)].map((id) => this.teamOf(id, 'setTeams', e.id));
    const added = teams.filter((t) => !e.teams.includes(t));
    this.mutate(e, now, () => {
      for (const t of e.teams) if (!teams.includes(t)) removeSorted(t.members, e);
      for (const t of added) insertSorted(t.members, e);
      e.teams = teams;
    });
    return e.available ? this.drain(added, now, undefined, undefined, out) : NO_DECISIONS;
  }

  /** Incidents waiting in a team's queue. */
  queueLength(team: string): number {
    return this.teamOf(team, 'queueLength').queue.length;
  }

  /** Ids waiting in a team's queue, in service order. */
  queued(team: string): string[] {
    return this.teamOf(team, 'queued').queue.toArray().map((i) => i.ticketId);
  }

  /** Where an open incident is; undefined once resolved (or never seen). */
  incident(incident: IncidentRef): IncidentState | undefined {
    const inc = typeof incident === 'number' ? this.slots[incident] : this.findById(incident, 'incident');
    if (!inc) return undefined;
    return { team: inc.owner.id, engineerId: inc.assignee?.id, queued: inc.assignee === undefined, acknowledgedAt: inc.acknowledgedAt };
  }

  /** The handle (roster index) of whoever holds an open incident; −1 when it is queued. */
  assignee(incident: IncidentRef): number {
    return this.incOf(incident).assignee?.index ?? -1;
  }

  /** An engineer's handle: their index in the roster (what decisions carry as `engineer`). */
  engineerHandle(engineerId: string): number {
    return this.engOf(engineerId, 'engineer').index;
  }

  /** An engineer's current state. */
  engineer(engineer: EngineerRef): EngineerState {
    const e = this.engOf(engineer, 'engineer');
    return {
      presence: e.presence, teams: e.teams.map((t) => t.id), load: e.load, capacity: e.capacity, count: e.count,
      incidents: this.heldBy(e).map((i) => i.ticketId), lastAssignedAt: e.lastAssignedAt,
    };
  }

  /**
   * The open incidents `e` holds, in arrival order: found from the incidents' assignees (one pass
   * over the open incidents) — the engine keeps no list per engineer, which every assignment and
   * hand-back would update, for the few calls that ask.
   */
  private heldBy(e: Eng): Inc[] {
    return this.slots.filter((i): i is Inc => i !== undefined && i.assignee === e).sort((a, b) => a.seq - b.seq);
  }

  /** Open incident ids, in arrival order. */
  openIncidents(): string[] {
    return [...this.openById().values()].sort((a, b) => a.seq - b.seq).map((i) => i.ticketId);
  }

  /** Team load ÷ capacity of its present engineers (queued work included); Infinity when nobody is present. */
  saturation(team: string): number {
    return saturationOf(this.teamOf(team, 'saturation'));
  }

  /**
   * Assignments per team × engineer × priority since the engine started, flagging any engineer
   * whose share of a team's assignments of one priority exceeds `maxShare` (0–1).
   */
  biasAudit(maxShare: number): BiasRow[] {
    const rows: BiasRow[] = [];
    for (const t of this.teamList) {
      const totals = new Map<string, number>();
      for (const e of this.engList) if (e.home === t.id) for (const [p, n] of this.assignmentsOf(e)) totals.set(p, (totals.get(p) ?? 0) + n);
      for (const e of this.engList) {
        if (e.home !== t.id) continue;
        const byPriority = new Map(this.assignmentsOf(e));
        for (const p of [...byPriority.keys()].sort()) {
          const n = byPriority.get(p)!;
          const share = n / totals.get(p)!;
          rows.push({ team: t.id, engineerId: e.id, priority: p, assignments: n, share, flagged: share > maxShare });
        }
      }
    }
    return rows;
  }

  // ---- snapshots (src/engine/snapshot.ts) -----------------------------------------------------

  /** The whole state as plain JSON-safe data; changes nothing. */
  snapshot(): EngineSnapshot {
    return snapshotEngine(this.internals());
  }

  /**
   * Loads a snapshot into this engine, which must be new (nothing decided) and built from the same
   * roster; later answers are then those of the engine the snapshot was taken from (given the same
   * random stream). Throws an Error when the snapshot does not fit.
   */
  restore(snapshot: EngineSnapshot): void {
    this.seq = restoreEngine(this.internals(), snapshot);
  }

  private internals(): EngineInternals {
    return {
      seq: this.seq, rosterSize: this.rosterSize, teams: this.teamList, engineers: this.engList, incidents: this.openById(), ids: this.byId ? this.incs : undefined,
      slots: this.slots, freeSlots: this.freeSlots,
      rankOf: (p) => this.rankOf(p),
      ticketOf: (inc) => this.ticketOf(inc as Inc),
      incidentFor: (ticket, owner, handle, seq) => this.incidentFor(ticket, owner as Team, handle, seq),
      weightOf: (inc) => this.weightOf(inc as Inc),
      assignments: (e) => this.assignmentsOf(e as Eng),
      countAssignments: (e, p, n) => this.countAssignment(e as Eng, this.rankOf(p), n),
    };
  }

  // ---- routing ------------------------------------------------------------------------------

  /**
   * Overflow first: while `team` is saturated, new work goes to its overflow team if someone
   * there can take it now (otherwise it stays, and the reason says so); then `place`.
   */
  private route(inc: Inc, team: Team, now: number, prefix: string): Decision {
    if (team.overflow) {
      const s = saturationOf(team);
      if (s >= team.overflow.saturation) {
        const to = this.teams.get(team.overflow.team)!;
        const why = this.explain ? `${team.id} saturated (${fmt(s)} ≥ ${team.overflow.saturation})` : '';
        const eligible = this.find(inc.ticketSkills, to);
        if (some(eligible)) {
          inc.owner = to;
          const d = this.assign(inc, to, eligible, now, this.explain ? `${prefix}${why}: overflow to ${to.id}; ` : '');
          d.kind = 'overflow';
          return d;
        }
        if (this.explain) prefix = `${prefix}${why} but nobody eligible in overflow team ${to.id}; `;
      }
    }
    return this.place(inc, team, now, prefix);
  }

  /** Assigns in `team`, else via its fallback, else queues in `team`. */
  private place(inc: Inc, team: Team, now: number, prefix: string, exclude?: Eng): Decision {
    const eligible = this.find(inc.ticketSkills, team, exclude);
    if (some(eligible)) return this.assign(inc, team, eligible, now, prefix);
    const listed = this.listed;
    const none = this.explain ? this.nobody(team, inc.ticketSkills, exclude) : '';
    const fb = team.fallback;
    if (fb.kind === 'queue') return this.enqueue(inc, team, now, this.explain ? `${prefix}${none}` : '', listed);
    const to = fb.kind === 'team' ? this.teams.get(fb.team)! : this.teamList.find((t) => t.tier === team.tier + 1);
    const label = fb.kind === 'team' ? `team:${to!.id}` : `next-tier:${to ? to.id : 'none'}`;
    let d: Decision;
    if (!to || to === team) {
      d = this.enqueue(inc, team, now, this.explain ? `${prefix}${none}; fallback next-tier: no team of tier ${team.tier + 1}` : '', listed);
    } else {
      const e2 = this.find(inc.ticketSkills, to, exclude);
      if (some(e2)) {
        inc.owner = to;
        d = this.assign(inc, to, e2, now, this.explain ? `${prefix}${none}; fallback to ${to.id}: ` : '');
      } else {
        d = this.enqueue(inc, team, now, this.explain ? `${prefix}${none}; fallback ${to.id}: ${this.nobody(to, inc.ticketSkills, exclude)}` : '', listed);
      }
    }
    d.fallback = label;
    return d;
  }

  /**
   * Eligible members of `team` (present, room, every skill), and in `this.listed` a capped list for
   * the audit (empty without `explain`). The eligible list may be the team's own index: read it,
   * never keep it.
   */
  private find(required: readonly string[] | undefined, team: Team, exclude?: Eng): Eng[] {
    const skills = required ?? NO_SKILLS;
    if (!this.explain) {
      this.listed = NO_CANDIDATES;
      if (skills.length === 0) {
        if (exclude === undefined || !team.avail.has(exclude.index)) return team.avail.size > 0 ? WHOLE_TEAM : NONE;
        if (team.avail.size === 1) return NONE;
        this.skip = exclude;
        return WHOLE_BUT_ONE;
      }
      const eligible: Eng[] = [];
      outer: for (const e of this.availableList(team)) {
        if (e === exclude) continue;
        for (let i = 0; i < skills.length; i++) if (!e.skills.has(skills[i])) continue outer;
        eligible.push(e);
      }
      return eligible;
    }
    const eligible: Eng[] = [];
    const listed: Candidate[] = [];
    for (const e of this.availableList(team)) {
      let why: string | undefined;
      if (e === exclude) why = 'released-it';
      else for (const s of skills) if (!e.skills.has(s)) { why = `missing-skill:${s}`; break; }
      if (why === undefined) eligible.push(e);
      if (listed.length < CANDIDATE_LIST_LIMIT) listed.push(candidate(e, why === undefined, why));
    }
    if (eligible.length === 0) {
      for (const e of team.members) {
        if (listed.length >= CANDIDATE_LIST_LIMIT) break;
        if (!e.available) listed.push(candidate(e, false, e.assignable ? 'at-capacity' : e.presence));
      }
    }
    this.listed = listed;
    return eligible;
  }

  /** Why `e` cannot take an incident needing `skills` in `team` now (`named`: given to them by name), or undefined when they can. */
  private unfit(e: Eng, team: Team, skills: readonly string[] | undefined, named = false): string | undefined {
    if (!(named ? REACHABLE : ASSIGNABLE).has(e.presence)) return `is ${e.presence}`;
    if (!e.hasRoom) return 'is at capacity';
    if (!e.teams.includes(team)) return `is not in ${team.id}`;
    const missing = (skills ?? NO_SKILLS).find((s) => !e.skills.has(s));
    return missing !== undefined ? `lacks ${missing}` : undefined;
  }

  /** Why nobody in `team` is eligible, counting members by reason (no scan: running counts). */
  private nobody(team: Team, skills: readonly string[] | undefined, exclude?: Eng): string {
    const released = exclude !== undefined && team.avail.has(exclude.index) ? 1 : 0;
    const parts: [number, string][] = [
      [team.members.length - team.present, 'absent'],
      [team.present - team.avail.size, 'at capacity'],
      [team.avail.size - released, `lacking ${(skills ?? NO_SKILLS).join('+')}`],
      [released, 'released it'],
    ];
    const said = parts.filter(([n]) => n > 0).map(([n, what]) => `${n} ${what}`);
    return `nobody eligible in ${team.id} (${team.members.length} member${team.members.length === 1 ? '' : 's'})${said.length > 0 ? `: ${said.join(', ')}` : ''}`;
  }

  /** Assigns `inc` in `team` to the policy's pick among `eligible`; the decision lists `this.listed`. */
  private assign(inc: Inc, team: Team, eligible: Eng[], now: number, prefix: string, policy: RoutingPolicy = team.policy): Decision {
    const listed = this.listed;
    const ctx = this.ctx;
    this.choosingFor = inc;
    ctx.now = now;
    const whole = eligible === WHOLE_TEAM || eligible === WHOLE_BUT_ONE;
    const skip = eligible === WHOLE_BUT_ONE ? this.skip : undefined;
    this.skip = undefined;
    const size = whole ? team.avail.size - (skip ? 1 : 0) : eligible.length;
    let choice: Choice | undefined;
    if (whole) {
      // the whole available team (but one): the policy may answer from the indexes, without the list
      this.choosingIn = team;
      this.choosingSkip = skip;
      choice = policy.chooseIndexed?.(ctx);
      this.choosingIn = undefined;
      this.choosingSkip = undefined;
      if (choice === undefined) {
        const all = this.availableList(team);
        choice = policy.choose((eligible = skip ? all.filter((x) => x !== skip) : all), ctx);
      }
    } else choice = policy.choose(eligible, ctx);
    const e = choice.engineer as Eng;
    if (whole ? !team.avail.has(e.index) || e === skip : !containsSorted(eligible, e)) throw new Error(`routing policy ${policy.name} chose ${e.id}, who is not a candidate`);
    const oldLoad = e.load;
    const wasRoom = e.hasRoom;
    e.load += this.weightOf(inc);
    e.count += 1;
    e.effort += inc.effort;
    e.severity += this.rankWeight[inc.rank];
    this.reindex(e, oldLoad, e.count - 1, wasRoom, now);
    e.lastAssignedAt = now;
    this.countAssignment(e, inc.rank);
    inc.assignee = e;
    inc.owner = team;
    inc.queuedAt = NaN;
    this.choosingFor = undefined;
    team.policy.assigned?.(e, this.ticketOf(inc), now);
    const reason = this.explain ? `${prefix}${e.id} — ${choice.reason}; ${size} eligible of ${team.members.length} in ${team.id} (${policy.name})` : '';
    if (this.reuse) return this.reused(now, inc, 'assign', team, e, reason, listed);
    return {
      at: now, incidentId: inc.ticketId, kind: 'assign', team: team.id, engineerId: e.id,
      reason,
      candidates: listed,
      incident: inc.handle, engineer: e.index,
    };
  }

  private enqueue(inc: Inc, team: Team, now: number, why: string, listed: Candidate[]): Decision {
    inc.owner = team;
    inc.assignee = undefined;
    if (Number.isNaN(inc.queuedAt)) inc.queuedAt = now;
    const q = team.queue;
    const lo = q.insert(inc);
    team.queuedLoad += this.weightOf(inc);
    const reason = this.explain ? `${why}; queued in ${team.id} at position ${lo + 1} of ${q.length} (${team.discipline})` : '';
    if (this.reuse) return this.reused(now, inc, 'queue', team, undefined, reason, listed);
    return {
      at: now, incidentId: inc.ticketId, kind: 'queue', team: team.id,
      reason,
      candidates: listed,
      incident: inc.handle, engineer: -1,
    };
  }

  /**
   * Starts a public call that makes decisions: with `reuse`, this call's decisions overwrite the
   * last call's, and the list it returns is the outbox (returned, emptied); without, undefined.
   */
  private begin(): Decision[] | undefined {
    if (!this.reuse) return undefined;
    this.used = 0;
    // emptied by pops (a call returns a decision or two): setting `length` is a call into the runtime
    while (this.outbox.length > 0) this.outbox.pop();
    return this.outbox;
  }

  /** The next decision object of this call (with `reuse`), every field set. */
  private reused(at: number, inc: Inc, kind: Decision['kind'], team: Team, e: Eng | undefined, reason: string, candidates: Candidate[]): Decision {
    let d = this.pool[this.used];
    if (d === undefined) {
      d = { at: 0, incidentId: '', kind: 'queue', team: '', engineerId: undefined, reason: '', candidates: NO_CANDIDATES, incident: -1, engineer: -1, fallback: undefined };
      this.pool.push(d);
    }
    this.used++;
    d.at = at;
    d.incidentId = inc.ticketId;
    d.kind = kind;
    d.team = team.id;
    d.engineerId = e?.id;
    d.reason = reason;
    d.candidates = candidates;
    d.incident = inc.handle;
    d.engineer = e ? e.index : -1;
    d.fallback = undefined;
    return d;
  }

  /** `e` as a one-candidate list (the engine's own: read during the call only). */
  private only(e: Eng): Eng[] {
    this.one[0] = e;
    return this.one;
  }

  /**
   * Serves the queues of `teams` (in that order) with whoever is present with room: each queued
   * incident, in service order, goes to the team policy's pick among its eligible engineers.
   * `skipInc` (just released) is kept away from `skipEng`, the engineer who released it. Appends
   * to `into` (and returns it) when given; otherwise returns a new list, or the shared empty list
   * when nobody was assigned.
   */
  private drain(teams: readonly Team[], now: number, skipInc?: Inc, skipEng?: Eng, into?: Decision[]): readonly Decision[] {
    let out: Decision[] | undefined = into;
    for (let k = 0; k < teams.length; k++) {
      const team = teams[k];
      let i = 0;
      while (i < team.queue.length && team.avail.size > 0) {
        const inc = team.queue.at(i);
        const eligible = this.find(inc.ticketSkills, team, inc === skipInc ? skipEng : undefined);
        if (!some(eligible)) {
          i++;
          continue;
        }
        team.queue.removeAt(i);
        team.queuedLoad -= this.weightOf(inc);
        const prefix = this.explain ? `from the ${team.id} queue after ${fmt(Number.isNaN(inc.queuedAt) ? 0 : now - inc.queuedAt)} min: ` : '';
        (out ??= []).push(this.emit(this.assign(inc, team, eligible, now, prefix)));
      }
    }
    return out ?? NO_DECISIONS;
  }

  /** Takes an incident off its engineer or out of its queue; returns the engineer who had it. */
  private detachIncident(inc: Inc, now: number): Eng | undefined {
    const e = inc.assignee;
    if (e) {
      const oldLoad = e.load;
      const wasRoom = e.hasRoom;
      e.load = Math.max(0, e.load - this.weightOf(inc));
      e.count -= 1;
      e.effort = Math.max(0, e.effort - inc.effort);
      e.severity = Math.max(0, e.severity - this.rankWeight[inc.rank]);
      if (e.count === 0) {
        e.load = 0;
        e.effort = 0;
        e.severity = 0;
      }
      this.reindex(e, oldLoad, e.count + 1, wasRoom, now);
      inc.assignee = undefined;
    } else {
      const q = inc.owner.queue;
      const k = q.indexOf(inc);
      if (k >= 0) {
        q.removeAt(k);
        inc.owner.queuedLoad -= this.weightOf(inc);
      }
    }
    inc.queuedAt = NaN;
    return e;
  }

  // ---- indexes ------------------------------------------------------------------------------

  /**
   * After `e`'s load changed from `oldLoad` and their count from `oldCount` (presence unchanged): the
   * teams' present load, their available lists only when `e` gained or lost room (the hot path: no
   * remove and re-insert), and the by-count sets.
   */
  private reindex(e: Eng, oldLoad: number, oldCount: number, wasRoom: boolean, now: number): void {
    if (!e.assignable) return;
    const room = e.hasRoom;
    for (let k = 0; k < e.teams.length; k++) {
      const t = e.teams[k];
      t.presentLoad += e.load - oldLoad;
      if (wasRoom) t.byCount[oldCount].delete(e.index);
      if (room) this.countSet(t, e.count).add(e.index);
      if (wasRoom && !room) this.leave(t, e);
      else if (!wasRoom && room) this.join(t, e);
    }
    if (!wasRoom && room) e.freeSince = now;
  }

  /** `e` is now present with room in `t`. */
  private join(t: Team, e: Eng): void {
    t.avail.add(e.index);
    t.availStale = true;
  }

  /** `e` is no longer present with room in `t`. */
  private leave(t: Team, e: Eng): void {
    t.avail.delete(e.index);
    t.availStale = true;
  }

  /** `t`'s members present with room, sorted by roster index (made again only after a change): read it, never keep it. */
  private availableList(t: Team): Eng[] {
    if (t.availStale) {
      const list = t.availList;
      let n = 0;
      for (let i = t.avail.first(); i >= 0; i = t.avail.next(i + 1)) list[n++] = this.engList[i];
      if (list.length !== n) list.length = n;
      t.availStale = false;
    }
    return t.availList;
  }

  /** The set of `t`'s available members holding `count` incidents (made on first use). */
  private countSet(t: Team, count: number): RosterSet {
    while (t.byCount.length <= count) t.byCount.push(new RosterSet(this.rosterSize));
    return t.byCount[count];
  }

  /**
   * For the policy choosing now among its team's whole available list: the member holding the
   * fewest incidents, lowest roster index first (what least-loaded picks when load is a count).
   */
  private fewest(): Eng | undefined {
    const t = this.choosingIn;
    if (t === undefined) return undefined;
    const skip = this.choosingSkip;
    for (let k = 0; k < t.byCount.length; k++) {
      let i = t.byCount[k].first();
      if (skip !== undefined && i === skip.index) i = t.byCount[k].next(i + 1);
      if (i >= 0) return this.engList[i];
    }
    return undefined;
  }

  /** Runs `change` on `e` keeping the team indexes right; true if `e` became available. */
  private mutate(e: Eng, now: number, change: () => void): boolean {
    const was = e.available;
    this.detach(e);
    change();
    this.attach(e);
    if (!was && e.available) {
      e.freeSince = now;
      return true;
    }
    return false;
  }

  private detach(e: Eng): void {
    if (!e.assignable) return;
    for (let k = 0; k < e.teams.length; k++) {
      const t = e.teams[k];
      t.present -= 1;
      t.presentLoad -= e.load;
      t.presentCapacity -= e.capacity;
      if (e.hasRoom) {
        this.leave(t, e);
        t.byCount[e.count].delete(e.index);
      }
    }
  }

  private attach(e: Eng): void {
    if (!e.assignable) return;
    for (let k = 0; k < e.teams.length; k++) {
      const t = e.teams[k];
      t.present += 1;
      t.presentLoad += e.load;
      t.presentCapacity += e.capacity;
      if (e.hasRoom) {
        this.join(t, e);
        this.countSet(t, e.count).add(e.index);
      }
    }
  }

  // ---- helpers ------------------------------------------------------------------------------

  /** An incident's load in the roster's unit. */
  private weightOf(inc: Inc): number {
    if (this.unit === 'count') return 1;
    if (this.unit === 'effort') return inc.effort;
    return this.rankWeight[inc.rank];
  }

  /** The rank of priority `p`: its index among the priorities seen, in the order first seen (a new one gets the next). */
  private rankOf(p: string): number {
    const r = this.ranks.get(p);
    if (r !== undefined) return r;
    const rank = this.rankName.length;
    this.ranks.set(p, rank);
    this.rankName.push(p);
    this.rankWeight.push(this.weights[p] ?? 1);
    this.assignedByRank.push(new Array<number>(this.rosterSize).fill(0));
    return rank;
  }

  /** Counts an assignment of priority `rank` to `e`. */
  private countAssignment(e: Eng, rank: number, n = 1): void {
    const counts = this.assignedByRank[rank];
    if (counts[e.index] === 0 && n > 0) e.ranksGiven.push(rank);
    counts[e.index] += n;
  }

  /** `e`'s assignments per priority, in the order first given. */
  private assignmentsOf(e: Eng): [string, number][] {
    return e.ranksGiven.map((r) => [this.rankName[r], this.assignedByRank[r][e.index]]);
  }

  private emit(d: Decision): Decision {
    this.audit?.(d);
    return d;
  }

  /** The team `id`; else a UserError naming `where` (and `subject`: built only then, not per call). */
  private teamOf(id: string, where: string, subject?: string): Team {
    const t = this.teams.get(id);
    if (!t) throw new UserError(`${subject !== undefined ? `${where} ${subject}` : where}: unknown team ${show(id)}; expected one of ${[...this.teams.keys()].join(', ')}`);
    return t;
  }

  private engOf(ref: EngineerRef, where: string, subject?: string): Eng {
    const e = typeof ref === 'number' ? this.engList[ref] : this.engs.get(ref);
    if (!e) throw new UserError(`${subject !== undefined ? `${where} ${subject}` : where}: unknown engineer ${typeof ref === 'number' ? `handle ${ref}` : show(ref)}`);
    return e;
  }

  /** The open incidents by id (the engine's map; without `byId`, one made now from the handle table in arrival order). */
  private openById(): Map<string, Inc> {
    if (this.byId) return new Map(Array.from(this.incs, ([id, handle]) => [id, this.slots[handle]!]));
    const open = this.slots.filter((i): i is Inc => i !== undefined).sort((a, b) => a.seq - b.seq);
    return new Map(open.map((i) => [i.ticketId, i]));
  }

  /** The open incident with this id (undefined: none), or a UserError when the engine keeps no ids (`indexById: false`). */
  private findById(id: string, where: string): Inc | undefined {
    if (!this.byId) throw new UserError(`${where} ${show(id)}: this engine refers to incidents by handle only (indexById: false)`);
    const handle = this.incs.get(id);
    return handle === undefined ? undefined : this.slots[handle];
  }

  private incOf(ref: IncidentRef): Inc {
    const i = typeof ref === 'number' ? this.slots[ref] : this.findById(ref, 'incident');
    if (!i) throw new UserError(`incident ${typeof ref === 'number' ? `handle ${ref}` : show(ref)}: not open in the engine (never decided, or already resolved)`);
    return i;
  }
}

const NO_SKILLS: readonly string[] = [];

/**
 * An empty array of object elements kind, for the engine's arrays that will hold objects: `[]`
 * starts with small-integer elements, and code optimised on an earlier engine's arrays (of object
 * kind by then) would be thrown away at a new engine's first call (src/kernel/arrays.ts says more;
 * the engine imports nothing of the simulator's).
 */
function objectArray<T>(): T[] {
  const a: T[] = [undefined as T];
  a.pop();
  return a;
}

/** What `find` answers for "every member of the team present with room" (no list made: see `availableList`). */
const WHOLE_TEAM = Object.freeze([]) as unknown as Eng[];
/** What `find` answers for "every member of the team present with room but `skip`" (who released it). */
const WHOLE_BUT_ONE = Object.freeze([]) as unknown as Eng[];
/** What `find` answers for "nobody". */
const NONE = Object.freeze([]) as unknown as Eng[];

/** Whether `find`'s answer names anyone. */
function some(eligible: readonly Eng[]): boolean {
  return eligible === WHOLE_TEAM || eligible === WHOLE_BUT_ONE || eligible.length > 0;
}
/** What calls that assigned nobody return (shared, frozen). */
const NO_DECISIONS: readonly Decision[] = Object.freeze([]);
/** The policy of a reassignment by name: the one candidate. */
const NAMED: RoutingPolicy = { name: 'named', choose: (c) => ({ engineer: c[0], reason: 'named' }) };
/** The candidate list of decisions made without `explain` (shared, frozen). */
const NO_CANDIDATES = Object.freeze([]) as unknown as Candidate[];

function saturationOf(t: Team): number {
  if (t.presentCapacity <= EPS) return Infinity;
  return (Math.max(0, t.presentLoad) + Math.max(0, t.queuedLoad)) / t.presentCapacity;
}

/** A team's queue: per priority for the 'priority' discipline (arrivals append), else one sorted queue. */
function newQueue(d: QueueDiscipline, priorityOf: (inc: Inc) => string): ServiceQueue<Inc> | PriorityQueues<Inc> {
  const order = (a: Inc, b: Inc) => before(d, a, b, priorityOf);
  return d === 'priority' ? new PriorityQueues<Inc>(priorityOf, order) : new ServiceQueue<Inc>(order);
}

/** True when `a` is served before `b` under `d` (ties: earlier openedAt, then arrival order). */
function before(d: QueueDiscipline, a: Inc, b: Inc, priorityOf: (inc: Inc) => string): boolean {
  // one rank per priority: the names compared only when they differ
  if (d === 'priority' && a.rank !== b.rank) return priorityOf(a) < priorityOf(b);
  if (d === 'edf') {
    const da = a.ticketDueAt ?? Infinity;
    const db = b.ticketDueAt ?? Infinity;
    if (da !== db) return da < db;
  }
  if (a.ticketOpenedAt !== b.ticketOpenedAt) return a.ticketOpenedAt < b.ticketOpenedAt;
  return a.seq < b.seq;
}

function candidate(e: Eng, eligible: boolean, excluded?: string): Candidate {
  const c: Candidate = { engineerId: e.id, load: e.load, capacity: e.capacity, eligible };
  if (excluded !== undefined) c.excluded = excluded;
  return c;
}

/** The first position in `list` (sorted by roster index, as every candidate and member list is) whose index is not below `e`'s: O(log n). */
function lowerBound(list: readonly Eng[], e: Eng): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].index < e.index) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Whether `e` is in the sorted `list`: O(log n). */
function containsSorted(list: readonly Eng[], e: Eng): boolean {
  return list[lowerBound(list, e)] === e;
}

/** Inserts `e` into the sorted `list` unless it is there. */
function insertSorted(list: Eng[], e: Eng): void {
  const k = lowerBound(list, e);
  if (list[k] !== e) insertAt(list, k, e);
}

/** Removes `e` from the sorted `list` if it is there. */
function removeSorted(list: Eng[], e: Eng): void {
  const k = lowerBound(list, e);
  if (list[k] === e) removeAt(list, k);
}

function fmt(x: number): string {
  return x === Infinity ? '∞' : String(Math.round(x * 100) / 100);
}
