/**
 * Public types of the assignment engine (src/engine/engine.ts). Times are minutes (any origin the
 * caller chooses: simulated minutes, or minutes since an epoch for a live system). The engine has
 * no clock of its own and no randomness other than the injected `random`.
 */

/**
 * Where an engineer is. Only 'on-shift' and 'on-call' are assignable by routing; 'standby' (on
 * call in a backup layer such as `secondary`) takes work only when named (`reassign` with
 * `engineerId`, as an escalation level paging that layer does), never from routing or queues.
 */
export type Presence = 'on-shift' | 'on-call' | 'standby' | 'off' | 'away' | 'vacation' | 'meeting' | 'war-room';

/** The presences in which an engineer may be given new work. */
export const ASSIGNABLE: ReadonlySet<Presence> = new Set<Presence>(['on-shift', 'on-call']);

/** Every presence value, for input validation. */
export const PRESENCES: readonly Presence[] = ['on-shift', 'on-call', 'standby', 'off', 'away', 'vacation', 'meeting', 'war-room'];

/** Presences in which an engineer can take work given to them by name. */
export const REACHABLE: ReadonlySet<Presence> = new Set<Presence>(['on-shift', 'on-call', 'standby']);

/**
 * The unit in which load is measured: 'count' (each incident weighs 1), 'effort' (each incident
 * weighs its effort in hours), 'severity' (each incident weighs its priority's weight from
 * `priorityWeights`; 'priority' is accepted as a synonym). Capacity bounds both the number of
 * incidents held and the load in this unit (see `hasRoom` in engine.ts).
 */
export type LoadUnit = 'count' | 'effort' | 'severity' | 'priority';

/** Team queue order: arrival order, priority then arrival, or earliest SLA deadline first. */
export type QueueDiscipline = 'fifo' | 'priority' | 'edf';

/** A registered policy by name, with its options (validated by the policy). */
export interface PolicyRef {
  policy: string;
  options?: Record<string, unknown>;
}

/** What happens when nobody in the team is eligible: wait in the queue, try a backup team, or the next tier. */
export type FallbackSpec = { kind: 'queue' } | { kind: 'team'; team: string } | { kind: 'next-tier' };

export interface TeamSpec {
  id: string;
  /** 1 = service desk; 'next-tier' fallback goes to the first team with tier + 1 */
  tier?: number;
  /** routing policy for this team; default: the roster's defaultRouting, else least-loaded */
  routing?: PolicyRef;
  /** queue discipline; default 'priority' */
  queue?: QueueDiscipline;
  fallback?: FallbackSpec;
  /**
   * New work goes to `team` while this team's saturation — (load of its engineers + load waiting
   * in its queue) ÷ capacity of its assignable engineers, Infinity when nobody is present — is
   * at or above `saturation`, provided someone there can take it now; otherwise it stays here.
   */
  overflow?: { team: string; saturation: number };
}

export interface EngineerSpec {
  id: string;
  /** home team */
  team: string;
  tier?: number;
  /** skill → proficiency 1–5 */
  skills?: Record<string, number>;
  /**
   * Incidents worked at once (default 1), also the bound on load in the roster's unit: new work is
   * admitted while both the number of incidents held and the load are strictly below it, so an
   * idle engineer always admits one incident and nobody holds more than `capacity` of them.
   */
  capacity?: number;
  /** share of working time available for incident work, 0–1 (informational; default 1) */
  incidentShare?: number;
  timezone?: string;
  /** initial presence; default 'off' */
  presence?: Presence;
}

export interface RosterSpec {
  teams: TeamSpec[];
  engineers: EngineerSpec[];
  /** priority → weight for the 'severity' load unit and severity-aware policies (default 1) */
  priorityWeights?: Record<string, number>;
  loadUnit?: LoadUnit;
  defaultRouting?: PolicyRef;
}

/** An incident as the engine sees it. */
export interface Ticket {
  id: string;
  /** e.g. 'P1'…'P5'; 'P1' sorts first (lexicographic order) in priority queues */
  priority: string;
  /** the team it should go to */
  team: string;
  /** required skills (an engineer must have every one) */
  skills?: readonly string[];
  /** expected work, hours (the 'effort' load unit) */
  effortHours: number;
  /** minutes */
  openedAt: number;
  /** resolution deadline, minutes (the 'edf' queue discipline); none sorts last */
  slaDueAt?: number;
  category?: string;
}

/** One engineer considered for a decision, with why they were or were not eligible. */
export interface Candidate {
  engineerId: string;
  /** load in the roster's unit at decision time */
  load: number;
  capacity: number;
  eligible: boolean;
  /** why not eligible: 'off' | 'away' | … (presence), 'at-capacity', 'missing-skill:<s>', 'excluded' */
  excluded?: string;
}

/**
 * The answer to a routing question: assigned to an engineer ('assign'), placed in a team queue
 * ('queue'), or assigned in the overflow team because its own team was saturated ('overflow').
 */
export interface Decision {
  /** minutes */
  at: number;
  incidentId: string;
  kind: 'assign' | 'queue' | 'overflow';
  /** the team that now owns the incident */
  team: string;
  engineerId?: string;
  /** set when the team's fallback was followed, e.g. 'team:network' or 'next-tier:platform' or 'queue' */
  fallback?: string;
  /** human-readable explanation */
  reason: string;
  /** the engineers considered, in roster order (capped at the first 50 considered, eligible first) */
  candidates: Candidate[];
  /** the incident's handle (see `IncidentRef`), valid until it is resolved */
  incident: number;
  /** the assignee's handle (roster index, see `EngineerRef`); −1 for a queue placement */
  engineer: number;
}

/**
 * An open incident, by its id or by its handle: the number the engine gave it (`Decision.incident`),
 * its slot in the engine's table, which a later incident may reuse once it is resolved. Handles
 * spare a caller (the simulator) string look-ups; a live system may keep to ids.
 */
export type IncidentRef = string | number;

/**
 * The fields in which the engine keeps its state of an open incident: its handle, what it keeps of
 * the ticket (its id, skills, open time, deadline and category, and the ticket made from them when
 * asked for), its arrival sequence, its effort and priority rank, the team that owns it, its assignee
 * and times (all but `handle` opaque to the caller: read them through the engine's API). A caller
 * with one object per incident declares them on that object, initialised (`handle` −1, `seq`,
 * `effort`, `rank` and `ticketOpenedAt` 0, `ticketId` '', `queuedAt` NaN, the rest undefined), and passes it as `into` to `decide` and
 * `reopen`: the engine then keeps its state on the caller's object instead of one of its own, and
 * both share ONE incident object. The engine writes nothing else on it.
 */
export interface EngineIncidentFields {
  handle: number;
  ticket: unknown;
  ticketId: string;
  ticketSkills: readonly string[] | undefined;
  ticketOpenedAt: number;
  ticketDueAt: number | undefined;
  ticketCategory: string | undefined;
  seq: number;
  effort: number;
  rank: number;
  owner: unknown;
  assignee: unknown;
  /**
   * NaN (not queued) or a number of minutes, never undefined: a field first given `undefined` and
   * later a number changes representation at its first number, and V8 throws away the optimised
   * code that reads it (in a replication, at the first hand-back, after the engine's `assign` and
   * `detachIncident` have been optimised).
   */
  queuedAt: number;
  acknowledgedAt: number | undefined;
}

/** An engineer, by id or by handle: their index in the roster (`Decision.engineer`). */
export type EngineerRef = string | number;

/** Called with every decision the engine makes (for a JSON-lines audit trail). */
export type AuditSink = (d: Decision) => void;

export interface EngineOptions {
  /** uniform [0, 1); the only source of randomness (ties, random policy) */
  random: () => number;
  audit?: AuditSink;
  /**
   * Whether decisions carry their explanation: `reason` text and the `candidates` list (default
   * true). Without it they carry '' and an empty list, and the engine is faster; the choice itself
   * is the same. The simulator turns it off unless it keeps an event log.
   */
  explain?: boolean;
  /**
   * Whether the decisions a call returns, and the list of them, are the engine's own objects,
   * overwritten by its next call that decides (default false: new objects the caller may keep).
   * A caller that reads each call's decisions before the next call (the simulator) then makes
   * decisions without allocating; the choices are the same. The audit sink sees the same objects.
   */
  reuseDecisions?: boolean;
  /**
   * Whether the engine keeps its open incidents by id (default true): ids of open incidents are
   * then unique (a second `decide` of an open id is refused) and every call also takes an id. With
   * false, a caller that refers to incidents by handle only and never reuses an open id (the
   * simulator: its ids are a counter) spares a string-keyed map of every open incident (thousands
   * in a large organisation: a cache miss or two per incident opened and closed); an id passed
   * instead of a handle is then refused. Decisions are the same either way.
   */
  indexById?: boolean;
  /** names the roster in error messages, e.g. its file name (default "roster") */
  source?: string;
}
