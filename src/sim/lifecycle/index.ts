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
 * - `backlog.ts`   today's backlog, seeded at minute 0 with its real ages;
 * - `routing.ts`   asking the engine and applying its decisions (assignment, queueing, reassignment);
 * - `paging.ts`    pages, acknowledgements, escalation chains, stall milestones, notifications;
 * - `channels.ts`  notification chains (push → SMS → phone): loss, delivery delay, fall-back;
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
import { seedBacklog } from './backlog.js';
import { startPresence } from './presence.js';
import { finish } from './closing.js';
import { startProblems } from './problems.js';
import { UserError } from '../../errors.js';
import { BOUNDS, fmtBound } from '../../scenario/bounds.js';

export type { TraceEvent, ScriptedIncident, ReplicationOptions, IncidentReader } from './state.js';
export { recordOf } from './closing.js';

/** Runs replication `options.index` of `model` and returns what metrics need. */
export function runReplication(model: Model, options: ReplicationOptions): ReplicationOutput {
  const rep = new Replication(model, options);
  startPresence(rep);
  startProblems(rep);
  seedBacklog(rep);
  startArrivals(rep);
  runBounded(rep);
  return finish(rep);
}

/** Events run between two checks of the runaway bounds. */
const CHUNK = 100_000;

/**
 * Runs the replication to the horizon within its bounds: at most `maxEvents` events, at most
 * BOUNDS.pendingEvents waiting at once. A model that outgrows them — work arriving faster than
 * it can ever be done, a storm feeding on itself — stops with a UserError that says when, how
 * much is open and of which class most of it is, instead of running for hours or out of memory.
 */
function runBounded(rep: Replication): void {
  const { sim, model } = rep;
  const maxEvents = rep.opt.maxEvents ?? BOUNDS.eventsPerReplication;
  let total = 0;
  for (;;) {
    const chunk = Math.min(CHUNK, maxEvents - total + 1);
    const n = sim.run({ until: model.horizon, maxEvents: chunk });
    total += n;
    if (sim.pending > BOUNDS.pendingEvents) runaway(rep, `${fmtBound(sim.pending)} events waiting at once (at most ${fmtBound(BOUNDS.pendingEvents)})`);
    if (total > maxEvents) runaway(rep, `more than ${fmtBound(maxEvents)} events (--max-events)`);
    if (n < chunk) return; // the horizon reached (or nothing left to do)
  }
}

function runaway(rep: Replication, what: string): never {
  const byClass = new Map<string, number>();
  for (const inc of rep.incs.values()) byClass.set(inc.cls.name, (byClass.get(inc.cls.name) ?? 0) + 1);
  const [worst, count] = [...byClass].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
  const i = rep.model.classes.findIndex((c) => c.name === worst);
  const cause = count > 0 ? `; ${fmtBound(rep.incs.size)} incidents open, ${fmtBound(count)} of them of arrivals[${i}] "${worst}"${rep.model.classes[i]?.storm ? ' (it has storms)' : ''}` : '';
  throw new UserError(`replication ${rep.opt.index}: stopped at day ${(rep.sim.now / 1440).toFixed(1)} of ${(rep.model.horizon / 1440).toFixed(1)} after ${what}${cause} — ${rep.opt.maxEvents !== undefined ? 'raise --max-events, or ' : 'the scenario creates more work than it can simulate: '}lower the rates or storms, or shorten the horizon`);
}
