/**
 * Routing and applying decisions: after triage the incident goes to the assignment engine, and
 * every decision the engine hands back (here or after any state change it is told of) is applied:
 * a queue placement, or an assignment to an engineer, who is paged (paging teams) or starts work.
 * Reassignments are counted here, as METRICS.md defines them, and the availability invariant is
 * checked on every assignment.
 */
import type { Decision, Ticket } from '../../engine/types.js';
import { escInfo, endChain, page, acknowledged } from './paging.js';
import { interrupt } from './closing.js';
import { checkSurge } from './presence.js';
import { openWarRoom } from './war-room.js';
import type { Inc, Replication } from './state.js';
import { isProblem } from './problems.js';
import { slaOf } from './ticket-type.js';

/** Triage done: the engine decides who gets the incident (a major incident also opens its war room). */
export function onRoute(inc: Inc): void {
  route(inc);
}

/** Routes `inc` now, to `prefer` when they are present with room (a backlog ticket's assignee). */
export function route(inc: Inc, prefer?: string): void {
  if (inc.resolved) return;
  const rep = inc.rep;
  const d = rep.engine.decide(ticket(inc), rep.sim.now, prefer, inc);
  inc.handle = d.incident;
  rep.incByHandle[d.incident] = inc;
  rep.trace?.({ t: rep.sim.now, type: 'routed', incident: inc.id, team: d.team, detail: d.reason });
  applyDecision(rep, d.incident, d.team, d.engineer, d.reason);
  if (inc.major) openWarRoom(inc);
}

/** The incident as the engine sees it, at its current step (the replication's one reused ticket: the engine copies it). */
export function ticket(inc: Inc): Ticket {
  const t = inc.rep.ticket;
  t.id = inc.id;
  t.priority = inc.priority;
  t.team = inc.kindAt(inc.stepIndex).team;
  t.skills = inc.cls.skills;
  t.effortHours = inc.remaining / 60;
  t.openedAt = inc.openedAt;
  // only earliest-deadline-first queues read the deadline (a calendar walk per incident otherwise)
  t.slaDueAt = inc.rep.edf ? resolveDue(inc) : undefined;
  t.category = inc.category;
  return t;
}

function resolveDue(inc: Inc): number | undefined {
  const sla = slaOf(inc.rep.model, inc);
  return sla?.resolve !== undefined ? sla.calendar.due(inc.openedAt, sla.resolve) : undefined;
}

/**
 * Applies the decisions an engine call returned, in order. They may be the engine's reused objects
 * (state.ts), and applying one may call the engine again: so when there are several, their fields
 * are copied onto the replication's `applying` stack first.
 */
export function applyDecisions(rep: Replication, ds: readonly Decision[]): void {
  const n = ds.length;
  if (n === 0) return;
  if (n === 1) return applyOne(rep, ds[0]);
  const stack = rep.applying;
  const base = rep.applyingTop;
  let top = base;
  for (let i = 0; i < n; i++) {
    const d = ds[i];
    stack[top++] = d.incident;
    stack[top++] = d.team;
    stack[top++] = d.engineer;
    stack[top++] = d.reason;
  }
  rep.applyingTop = top;
  for (let k = base; k < top; k += 4) applyDecision(rep, stack[k] as number, stack[k + 1] as string, stack[k + 2] as number, stack[k + 3] as string);
  rep.applyingTop = base;
}

/** Applies one decision (read before anything else calls the engine). */
export function applyOne(rep: Replication, d: Decision): void {
  applyDecision(rep, d.incident, d.team, d.engineer, d.reason);
}

/**
 * Applies one engine decision to its incident (ignored if it is closed meanwhile): incident
 * `handle` now belongs to `teamId`, assigned to the engineer of roster index `engineer` (−1: queued).
 */
function applyDecision(rep: Replication, handle: number, teamId: string, engineer: number, reason: string): void {
  const inc = rep.incByHandle[handle];
  if (!inc || inc.resolved) return;
  const now = rep.sim.now;
  if (inc.routed && teamId !== inc.team) {
    inc.reassignments++;
    inc.lastEngineer = undefined;
  }
  inc.routed = true;
  inc.team = teamId;
  if (engineer < 0) {
    rep.trace?.({ t: now, type: 'queued', incident: inc.id, team: teamId, detail: reason });
    checkSurge(rep, teamId);
    return;
  }
  const e = rep.engs[engineer];
  // METRICS.md invariant, checked on every run: nobody off shift, absent or full gets work.
  if (!e.takesWork || e.held.length >= e.capacity) {
    rep.violations.push(`${inc.id} assigned at ${now} min to ${e.m.id}, who is ${e.presence} holding ${e.held.length} of ${e.m.capacity}`);
  }
  if (inc.lastEngineer !== undefined && inc.lastEngineer !== e.id) inc.reassignments++;
  inc.lastEngineer = e.id;
  inc.engineer = e;
  if (!e.held.includes(inc)) e.held.push(inc);
  inc.firstAssignedAt ??= now;
  interrupt(e, now);
  e.workload.count++;
  e.workload.severity += inc.effortWeight;
  if (inc.priority === 'P1' || inc.priority === 'P2') e.high++;
  rep.trace?.({ t: now, type: 'assigned', incident: inc.id, engineer: e.m.id, team: teamId, detail: reason });
  // (the engineer's own team, unless they help another: no lookup by name)
  const team = teamId === e.team.id ? e.team : rep.model.teamById.get(teamId)!;
  if (team.paging && !inc.ackedHere && !inc.chainDone && !isProblem(inc)) {
    if (!inc.chain) {
      const s = rep.model.escalation.start(escInfo(inc, team));
      if (s.type === 'final') return endChain(inc, s);
      inc.chain = s;
      inc.chainTeam = inc.team;
    }
    page(inc, e);
  } else {
    inc.ackedHere = true;
    acknowledged(inc, e);
  }
}
