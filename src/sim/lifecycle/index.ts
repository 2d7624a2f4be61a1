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
 * One file per stage, all over one replication state (`state.ts`):
 * - `arrival.ts`   arrivals, scripted incidents, storms, triage: an incident's content is drawn here;
 * - `routing.ts`   asking the engine and applying its decisions (assignment, queueing, reassignment);
 * - `paging.ts`    pages, acknowledgements, escalation chains, stall milestones, notifications;
 * - `work.ts`      work in progress, pending pauses, hand-offs to the next step of the path;
 * - `presence.ts`  shifts, on-call and absences turned into presence changes; surge helpers;
 * - `war-room.ts`  major-incident war rooms;
 * - `closing.ts`   resolution, the per-engineer and backlog accounting, the records metrics get;
 * and for the ITIL-depth features (#19), each used only when the scenario asks for it:
 * - `ticket-type.ts`  incidents and service requests: SLA per type, misclassification at triage;
 * - `known-error.ts`  known-error matches (shorter work) and closure codes;
 * - `problems.ts`     problem management: causes, problem records at a threshold, fewer arrivals once solved;
 * - `reopen.ts`       resolved incidents reopened back to their team and last assignee;
 * - `comms.ts`        status updates that cost the comms lead or the assignee time.
 *
 * Common random numbers: everything about an incident's content (priority, work per step, whether
 * each step resolves it, misroute, auto-remediation, pending, storm) is drawn at its arrival from
 * its class's own stream, so two variants of a scenario see the same incidents. Acknowledgement
 * delays come from per-engineer streams.
 */
import type { Model } from '../../model/types.js';
import type { ReplicationOutput } from '../records.js';
import { Replication, type ReplicationOptions } from './state.js';
import { startArrivals } from './arrival.js';
import { startPresence } from './presence.js';
import { finish } from './closing.js';
import { startProblems } from './problems.js';

export type { TraceEvent, ScriptedIncident, ReplicationOptions } from './state.js';

/** Runs replication `options.index` of `model` and returns what metrics need. */
export function runReplication(model: Model, options: ReplicationOptions): ReplicationOutput {
  const rep = new Replication(model, options);
  startPresence(rep);
  startProblems(rep);
  startArrivals(rep);
  rep.sim.run({ until: model.horizon });
  return finish(rep);
}
