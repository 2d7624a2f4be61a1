/**
 * Routing policies choose one engineer among the eligible candidates the assignment engine found
 * (present, member of the team, under capacity, holding every required skill). A policy never
 * sees an ineligible engineer, so it cannot break those rules. One policy instance serves one team
 * of one engine; policies that remember (round-robin, fairness-rotation) keep that state
 * themselves and learn of every assignment in their team through `assigned`.
 */
import type { LoadUnit, Ticket } from '../../engine/types.js';

/** What a policy may read about an eligible engineer. Loads are current, before this assignment. */
export interface EngineerView {
  readonly id: string;
  /** position in the roster (stable tie-breaker) */
  readonly index: number;
  /** skill → proficiency 1–5 */
  readonly skills: ReadonlyMap<string, number>;
  /** capacity in the roster's load unit */
  readonly capacity: number;
  /** load in the roster's load unit */
  readonly load: number;
  /** open incidents held */
  readonly count: number;
  /** effort hours held */
  readonly effort: number;
  /** priority-weighted load held */
  readonly severity: number;
  /** minutes; -Infinity when never assigned */
  readonly lastAssignedAt: number;
  /** minutes since which the engineer has had spare capacity (pull order); -Infinity at start */
  readonly freeSince: number;
}

export interface RoutingContext {
  readonly ticket: Ticket;
  /** minutes */
  readonly now: number;
  readonly random: () => number;
  /** the weight of a priority (roster.priorityWeights, default 1) */
  weight(priority: string): number;
  /**
   * false when nobody will read the choice's reason (the engine without `explain`): a policy may
   * then return '' and skip building it. The choice itself must not depend on this.
   */
  readonly explain?: boolean;
  /** the roster's load unit (what EngineerView.load measures) */
  readonly loadUnit?: LoadUnit;
  /**
   * Offered by the engine when the candidates are the team's whole available list: the candidate
   * holding the fewest incidents, lowest roster index first, found without a scan (undefined when
   * the list was filtered, e.g. by skills). Policies may use it or scan the candidates.
   */
  fewestIncidents?(): EngineerView | undefined;
}

/**
 * A policy's pick. The engine reads it at once, so a policy may return one object it refills (as
 * least-loaded does for unexplained decisions) rather than a new one per choice.
 */
export interface Choice {
  engineer: EngineerView;
  /** why this one, for the audit trail (e.g. "least loaded: 1 of capacity 3") */
  reason: string;
}

export interface RoutingPolicy {
  readonly name: string;
  /** picks one of `candidates` (never empty; sorted by roster index) */
  choose(candidates: readonly EngineerView[], ctx: RoutingContext): Choice;
  /**
   * Optional: the pick among the team's whole available list (no candidate filtered out, e.g. by
   * skills), answered from the engine's indexes in `ctx` (`fewestIncidents`) without the list being
   * made; undefined to be asked `choose` with the list. Must pick what `choose` would.
   */
  chooseIndexed?(ctx: RoutingContext): Choice | undefined;
  /** told of every assignment in the team, whoever chose it */
  assigned?(engineer: EngineerView, ticket: Ticket, now: number): void;
  /**
   * Policies that remember (see `assigned`) return that memory as plain JSON-safe data, for the
   * engine's snapshot (src/engine/snapshot.ts); `load` puts it back into a new instance.
   */
  save?(): unknown;
  load?(state: unknown): void;
}

/** Builds a policy from validated options; `path` names the options in error messages. */
export type RoutingFactory = (options: Record<string, unknown>, path: string) => RoutingPolicy;
