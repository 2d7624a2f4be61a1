/**
 * Escalation policies decide who is paged next when nobody acknowledges, when an incident stalls,
 * and when management must be told. They are pure: the simulator (or a live system) owns the
 * clock and the incident state and asks the policy at the moments below. Times and durations are
 * minutes.
 *
 * The simulator's protocol:
 * 1. When an incident first needs a responder in a paging team, it calls `start(incident)` and
 *    pages the returned step's target; if nobody acknowledges within `step.timeout` minutes it
 *    calls `next(incident, step)` and pages that target, and so on. A `final` action ends the
 *    chain (the incident then waits in its team's queue).
 * 2. `stall(incident)` lists resolution milestones: when the incident is still unresolved at
 *    `openedAt + after`, it is escalated functionally to the next tier (hand-off cost applies).
 * 3. `notifications(incident)` lists hierarchical escalations: at `openedAt + after`, if still
 *    unresolved, `notify` is informed (recorded, no change of assignee).
 * 4. `immediate(incident)` names a team that takes the incident at once, regardless of
 *    thresholds (security or PII categories), or undefined.
 */

/** What a policy knows of an incident. */
export interface EscalationIncident {
  id: string;
  priority: string;
  category?: string;
  /** team that currently holds the incident */
  team: string;
  /** tier of that team (1 = service desk) */
  tier: number;
  openedAt: number;
}

/** Who to page at a step. */
export type PageTarget =
  /** whoever the assignment engine picks in the incident's current team */
  | { kind: 'assignee' }
  /** someone the engine picks in another team (functional escalation when its tier is higher) */
  | { kind: 'team'; team: string }
  /** a named engineer */
  | { kind: 'engineer'; engineerId: string }
  /** whoever is on call in `layer` (primary, secondary, …) of `team`'s on-call schedule at that moment */
  | { kind: 'oncall'; team: string; layer: string };

/** One step of a chain. */
export interface EscalationStep {
  type: 'page';
  /** 1-based level in the chain */
  level: number;
  /** 0-based repetition of the whole chain */
  round: number;
  /** index within a round-robin ring at this level (0 when the level has one target) */
  ring: number;
  target: PageTarget;
  /** minutes to wait for an acknowledgement before asking `next` */
  timeout: number;
}

/** The end of a chain: nobody acknowledged after all levels and repetitions. */
export interface FinalAction {
  type: 'final';
  /** what happens: notify someone (recorded as a hierarchical escalation) and/or leave it queued */
  notify?: string;
  reason: string;
}

export interface StallTrigger {
  /** minutes after openedAt */
  after: number;
  /** functional escalation to the next tier */
  kind: 'functional';
}

export interface Notification {
  /** minutes after openedAt */
  after: number;
  /** who is told: "duty-manager", "head-of-it", … */
  notify: string;
}

export interface EscalationPolicy {
  readonly name: string;
  start(incident: EscalationIncident): EscalationStep | FinalAction;
  next(incident: EscalationIncident, current: EscalationStep): EscalationStep | FinalAction;
  stall(incident: EscalationIncident): readonly StallTrigger[];
  notifications(incident: EscalationIncident): readonly Notification[];
  immediate(incident: EscalationIncident): string | undefined;
}

/** Builds a policy from validated options; throws UserError naming `path` for bad options. */
export type EscalationPolicyFactory = (options: Record<string, unknown>, path: string) => EscalationPolicy;
