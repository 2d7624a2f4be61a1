/**
 * The assignment engine's state as plain, JSON-safe data, and back: what a live system stores so
 * that a restart loads it instead of replaying every call since the beginning. Taking a snapshot
 * changes nothing; restoring one into a NEW engine built from the same roster (and routing
 * options) gives an engine whose every later answer is the one the original would have given —
 * same decisions, same reasons, same queue order — provided the caller also restores the random
 * stream it injected (the engine does not own it).
 *
 * What is stored is the state proper: each engineer's presence, teams, load (count, effort,
 * severity, in the roster's unit), last assignment time, free-since time, incidents held (in
 * arrival order) and assignments per priority; each team's running sums (kept as the exact
 * floating-point numbers they are, not recomputed, so saturation thresholds compare alike), its
 * queue in service order and its routing policy's memory (round-robin cursor, …); each open
 * incident's ticket, handle, arrival sequence, weight, team, assignee and times; the free
 * handles in reuse order. Indexes (available lists, by-count sets, members) are rebuilt from it.
 * Non-finite times (−∞: never assigned) are stored as null.
 *
 * No copies are made either way (a snapshot of thousands of incidents costs one JSON.stringify):
 * a snapshot shares the engine's ticket objects, so serialise it before the next call; `restore`
 * takes the snapshot's objects over (give it one freshly read from its text).
 */
import type { RoutingPolicy } from '../policies/routing/types.js';
import { RosterSet } from './roster-set.js';
import type { Presence, Ticket } from './types.js';
import { ASSIGNABLE } from './types.js';

/** Bumped when the layout below changes; a snapshot of another version is refused. */
export const ENGINE_SNAPSHOT_VERSION = 1;

export interface EngineSnapshot {
  version: number;
  /** the last arrival sequence number given */
  seq: number;
  /** the size of the incident table (handles 0 … slots−1) */
  slots: number;
  /** free handles, in the order they are pushed (the last is reused first) */
  freeSlots: number[];
  /** open incidents in arrival order */
  incidents: IncidentSnapshot[];
  /** in roster order */
  engineers: EngineerSnapshot[];
  /** in roster order */
  teams: TeamSnapshot[];
}

export interface IncidentSnapshot {
  ticket: Ticket;
  handle: number;
  seq: number;
  /** load in the roster's unit (from the ticket: not read back) */
  weight: number;
  team: string;
  engineer?: string;
  queuedAt?: number;
  acknowledgedAt?: number;
}

export interface EngineerSnapshot {
  id: string;
  presence: Presence;
  /** team ids, home team first */
  teams: string[];
  load: number;
  count: number;
  effort: number;
  severity: number;
  /** null: never assigned (−∞) */
  lastAssignedAt: number | null;
  /** null: −∞ */
  freeSince: number | null;
  /** incident ids held, in arrival order */
  held: string[];
  /** assignments per priority, in first-seen order */
  byPriority: [string, number][];
}

export interface TeamSnapshot {
  id: string;
  present: number;
  presentLoad: number;
  presentCapacity: number;
  queuedLoad: number;
  /** queued incident ids, in service order */
  queue: string[];
  /** the routing policy's memory, when it keeps any */
  policy?: unknown;
}

// The engine's internals as this file reads and writes them (structurally: engine.ts passes its own objects).
interface EngI {
  readonly id: string;
  readonly index: number;
  presence: Presence;
  load: number;
  count: number;
  effort: number;
  severity: number;
  lastAssignedAt: number;
  freeSince: number;
  teams: TeamI[];
  readonly capacity: number;
  readonly hasRoom: boolean;
}

interface QueueI {
  readonly length: number;
  insert(x: IncI): number;
  toArray(): IncI[];
}

interface TeamI {
  readonly id: string;
  readonly policy: RoutingPolicy;
  readonly members: EngI[];
  readonly avail: RosterSet;
  availStale: boolean;
  readonly byCount: RosterSet[];
  present: number;
  presentLoad: number;
  presentCapacity: number;
  readonly queue: QueueI;
  queuedLoad: number;
}

interface IncI {
  readonly ticketId: string;
  readonly handle: number;
  readonly seq: number;
  readonly effort: number;
  readonly rank: number;
  owner: TeamI;
  assignee: EngI | undefined;
  queuedAt: number;
  acknowledgedAt: number | undefined;
}

/** What engine.ts hands over: its own tables. */
export interface EngineInternals {
  seq: number;
  rosterSize: number;
  teams: readonly TeamI[];
  engineers: readonly EngI[];
  /** open incidents by id, in arrival order */
  incidents: Map<string, IncI>;
  /** the engine's own index of open incidents' handles by id (written by restore); undefined when it keeps none */
  ids: Map<string, number> | undefined;
  slots: (IncI | undefined)[];
  freeSlots: number[];
  /** the engine's ticket of an open incident */
  ticketOf(inc: IncI): Ticket;
  /** a new incident's state as the engine makes it (unassigned, owned by `owner`) */
  incidentFor(ticket: Ticket, owner: TeamI, handle: number, seq: number): IncI;
  /** the engine's rank of a priority (made when first seen) */
  rankOf(priority: string): number;
  /** an incident's load in the roster's unit */
  weightOf(inc: IncI): number;
  /** an engineer's assignments per priority since the engine started, in the order first given */
  assignments(e: EngI): [string, number][];
  /** adds `n` assignments of priority `p` to `e`'s (restore: into a new engine, in the snapshot's order) */
  countAssignments(e: EngI, p: string, n: number): void;
}

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

export function snapshotEngine(s: EngineInternals): EngineSnapshot {
  const incidents: IncidentSnapshot[] = [];
  /** each engineer's incidents, in arrival order */
  const held = new Map<EngI, string[]>();
  for (const inc of s.incidents.values()) {
    const i: IncidentSnapshot = { ticket: s.ticketOf(inc), handle: inc.handle, seq: inc.seq, weight: s.weightOf(inc), team: inc.owner.id };
    if (inc.assignee !== undefined) {
      i.engineer = inc.assignee.id;
      const list = held.get(inc.assignee);
      if (list) list.push(inc.ticketId);
      else held.set(inc.assignee, [inc.ticketId]);
    }
    if (!Number.isNaN(inc.queuedAt)) i.queuedAt = inc.queuedAt;
    if (inc.acknowledgedAt !== undefined) i.acknowledgedAt = inc.acknowledgedAt;
    incidents.push(i);
  }
  return {
    version: ENGINE_SNAPSHOT_VERSION,
    seq: s.seq,
    slots: s.slots.length,
    freeSlots: [...s.freeSlots],
    incidents,
    engineers: s.engineers.map((e) => ({
      id: e.id, presence: e.presence, teams: e.teams.map((t) => t.id), load: e.load, count: e.count, effort: e.effort + 0, severity: e.severity,
      lastAssignedAt: finite(e.lastAssignedAt), freeSince: finite(e.freeSince), held: held.get(e) ?? [], byPriority: s.assignments(e),
    })),
    teams: s.teams.map((t) => {
      const ts: TeamSnapshot = {
        id: t.id, present: t.present, presentLoad: t.presentLoad, presentCapacity: t.presentCapacity, queuedLoad: t.queuedLoad,
        queue: t.queue.toArray().map((i) => i.ticketId),
      };
      const p = t.policy.save?.();
      if (p !== undefined) ts.policy = p;
      return ts;
    }),
  };
}

/**
 * Loads `snap` into a new engine's tables (nothing decided yet); returns the arrival sequence to
 * continue from. Throws an Error naming what does not fit (another roster, a broken snapshot)
 * — the caller then starts from scratch.
 */
export function restoreEngine(s: EngineInternals, snap: EngineSnapshot): number {
  const fail = (msg: string): never => {
    throw new Error(`engine snapshot: ${msg}`);
  };
  if (snap === null || typeof snap !== 'object') fail('not an object');
  if (snap.version !== ENGINE_SNAPSHOT_VERSION) fail(`version ${String(snap.version)}; this engine reads version ${ENGINE_SNAPSHOT_VERSION}`);
  if (s.seq !== 0 || s.incidents.size > 0 || s.slots.length > 0) fail('restore needs a new engine');
  if (snap.engineers.length !== s.engineers.length) fail(`${snap.engineers.length} engineers; the roster has ${s.engineers.length}`);
  if (snap.teams.length !== s.teams.length) fail(`${snap.teams.length} teams; the roster has ${s.teams.length}`);
  const teams = new Map(s.teams.map((t) => [t.id, t]));
  const engs = new Map(s.engineers.map((e) => [e.id, e]));
  const teamOf = (id: string) => teams.get(id) ?? fail(`unknown team ${JSON.stringify(id)}`);
  const engOf = (id: string) => engs.get(id) ?? fail(`unknown engineer ${JSON.stringify(id)}`);

  // incidents and the handle table
  const byId = new Map<string, IncI>();
  s.slots.length = snap.slots;
  s.slots.fill(undefined);
  for (const i of snap.incidents) {
    if (!(i.handle >= 0 && i.handle < snap.slots) || s.slots[i.handle] !== undefined) fail(`incident ${i.ticket.id}: bad handle ${i.handle}`);
    // built as the engine builds its incidents (one shape), then its assignee and times
    const inc = s.incidentFor(i.ticket, teamOf(i.team), i.handle, i.seq);
    inc.assignee = i.engineer !== undefined ? engOf(i.engineer) : undefined;
    inc.queuedAt = i.queuedAt ?? NaN;
    inc.acknowledgedAt = i.acknowledgedAt;
    s.ids?.set(inc.ticketId, inc.handle);
    s.slots[inc.handle] = inc;
    byId.set(inc.ticketId, inc);
  }
  s.freeSlots.length = 0;
  s.freeSlots.push(...snap.freeSlots);
  const incOf = (id: string) => byId.get(id) ?? fail(`unknown incident ${JSON.stringify(id)}`);

  // engineers, then the team indexes rebuilt from them (members and available in roster order)
  for (const t of s.teams) {
    t.members.length = 0;
    t.avail.clear();
    t.availStale = true;
    t.byCount.length = 0;
  }
  snap.engineers.forEach((es, k) => {
    const e = s.engineers[k];
    if (es.id !== e.id) fail(`engineer ${k} is ${JSON.stringify(es.id)}; the roster has ${JSON.stringify(e.id)}`);
    e.presence = es.presence;
    e.teams = es.teams.map(teamOf);
    e.load = es.load;
    e.count = es.count;
    e.effort = es.effort;
    e.severity = es.severity;
    e.lastAssignedAt = es.lastAssignedAt ?? -Infinity;
    e.freeSince = es.freeSince ?? -Infinity;
    // who holds an incident is its own (`engineer`): the list must agree
    for (const id of es.held) if (incOf(id).assignee !== e) fail(`engineer ${e.id}: holds ${JSON.stringify(id)}, which is not assigned to them`);
    for (const [p, n] of es.byPriority) s.countAssignments(e, p, n);
    for (const t of e.teams) t.members.push(e);
    if (ASSIGNABLE.has(e.presence) && e.hasRoom) {
      for (const t of e.teams) {
        t.avail.add(e.index);
        while (t.byCount.length <= e.count) t.byCount.push(new RosterSet(s.rosterSize));
        t.byCount[e.count].add(e.index);
      }
    }
  });
  snap.teams.forEach((ts, k) => {
    const t = s.teams[k];
    if (ts.id !== t.id) fail(`team ${k} is ${JSON.stringify(ts.id)}; the roster has ${JSON.stringify(t.id)}`);
    t.present = ts.present;
    t.presentLoad = ts.presentLoad;
    t.presentCapacity = ts.presentCapacity;
    t.queuedLoad = ts.queuedLoad;
    if (t.queue.length > 0) fail('restore needs a new engine');
    // service order is a strict total order, so inserting in that order rebuilds the same queue
    for (const id of ts.queue) t.queue.insert(incOf(id));
    if (ts.policy !== undefined) {
      const load = t.policy.load ?? fail(`team ${t.id}: its routing policy ${t.policy.name} keeps no state, but the snapshot holds some`);
      load.call(t.policy, ts.policy);
    }
  });
  return snap.seq;
}
