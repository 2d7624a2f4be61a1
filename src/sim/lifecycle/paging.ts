/**
 * Paging, acknowledgement and escalation: an assignee of a paging team is paged and acknowledges
 * after a drawn delay, or the page times out and the escalation policy's chain moves on (re-page,
 * next level, another team or engineer, or a final action). Stall milestones escalate functionally,
 * notifications hierarchically; every escalation is recorded here.
 */
import type { EscalationIncident, EscalationStep, FinalAction } from '../../policies/escalation/types.js';
import { applyDecisions } from './routing.js';
import { afterRelease, nextStep, startWork, unhold } from './work.js';
import { NO_ESCALATIONS, type Eng, type Inc } from './state.js';

/** The incident as the escalation policy sees it (the replication's one reused object: read it before the next call). */
export function escInfo(inc: Inc): EscalationIncident {
  const team = inc.rep.model.teamById.get(inc.team)!;
  const info = inc.rep.escInfo;
  info.id = inc.rec.id;
  info.priority = inc.rec.priority;
  info.category = inc.rec.category;
  info.team = inc.team;
  info.tier = team.tier;
  info.openedAt = inc.rec.openedAt;
  return info;
}

interface PageEvent {
  inc: Inc;
  e: Eng;
  /** the page this answers; a later page of the incident makes it stale */
  token: number;
}

/** Pages `e` for `inc` at the current step of its chain: an acknowledgement or a timeout follows. */
export function page(inc: Inc, e: Eng): void {
  const rep = inc.rep;
  const opt = rep.opt;
  const now = rep.sim.now;
  const step = inc.chain!;
  const token = ++inc.pageToken;
  rep.trace?.({ t: now, type: 'paged', incident: inc.rec.id, engineer: e.m.id, team: inc.team, detail: `level ${step.level}, round ${step.round + 1}` });
  const lost = (opt.notificationLoss ?? 0) > 0 && rep.streams.stream('channel')() < opt.notificationLoss!;
  const silent = lost || (opt.silent?.has(e.m.id) ?? false);
  const delay = silent ? Infinity : (opt.notificationDelay ?? 0) + ackDelay(e, now);
  if (delay <= step.timeout) rep.sim.schedule(delay, onAck, { inc, e, token });
  else if (step.timeout < Infinity) rep.sim.schedule(step.timeout, onAckTimeout, { inc, e, token });
}

/** Minutes `e` takes to acknowledge a page now (the team's day or night distribution). */
function ackDelay(e: Eng, now: number): number {
  const fixed = e.rep.opt.fixedAckDelay;
  if (fixed !== undefined) return fixed;
  const a = e.team.ackDelay;
  if (!a) return 0;
  if (a.night) {
    const h = e.hours.hourOfDay(now);
    const night = a.nightFrom > a.nightTo ? h >= a.nightFrom || h < a.nightTo : h >= a.nightFrom && h < a.nightTo;
    if (night) return a.night.sample(e.ack);
  }
  return a.day.sample(e.ack);
}

function onAck(d: PageEvent): void {
  const { inc, e } = d;
  if (inc.resolved || d.token !== inc.pageToken || inc.engineer !== e) return;
  inc.ackedHere = true;
  acknowledged(inc, e);
}

/** `e` accepts `inc`: the engine is told, and work starts. */
export function acknowledged(inc: Inc, e: Eng): void {
  const rep = inc.rep;
  const now = rep.sim.now;
  if (inc.rec.firstAckAt === undefined) inc.rec.firstAckAt = now;
  rep.engine.acknowledge(inc.handle, e.m.index, now);
  rep.trace?.({ t: now, type: 'acknowledged', incident: inc.rec.id, engineer: e.m.id, team: inc.team });
  startWork(inc, e);
}

function onAckTimeout(d: PageEvent): void {
  const { inc, e } = d;
  if (inc.resolved || d.token !== inc.pageToken || inc.engineer !== e || inc.ackedHere) return;
  const rep = inc.rep;
  const now = rep.sim.now;
  const cur = inc.chain!;
  rep.trace?.({ t: now, type: 'ack-timeout', incident: inc.rec.id, engineer: e.m.id, detail: `level ${cur.level}` });
  const next = rep.model.escalation.next(escInfo(inc), cur);
  if (next.type === 'final') return endChain(inc, next);
  inc.chain = next;
  if (next.level > cur.level) recordEscalation(inc, 'functional', targetName(next), `no acknowledgement within ${cur.timeout} min at level ${cur.level}`);
  const t = next.target;
  if (t.kind === 'assignee') {
    // The chain re-pages whoever holds the incident (a repeat, or the next round).
    page(inc, e);
    return;
  }
  unhold(inc);
  const to = t.kind === 'team' ? { team: t.team } : { team: rep.engOrThrow(t.engineerId).m.team, engineerId: t.engineerId };
  applyDecisions(rep, rep.engine.reassign(inc.handle, to, now, `escalation level ${next.level}`));
  afterRelease(e);
}

function targetName(s: EscalationStep): string {
  const t = s.target;
  return t.kind === 'assignee' ? `level ${s.level}` : t.kind === 'team' ? t.team : t.engineerId;
}

/** The chain is exhausted: its final action, and the incident waits for the next free engineer. */
export function endChain(inc: Inc, f: FinalAction): void {
  const rep = inc.rep;
  const now = rep.sim.now;
  inc.chainDone = true;
  rep.trace?.({ t: now, type: 'chain-ended', incident: inc.rec.id, detail: f.reason });
  if (f.notify) recordEscalation(inc, 'hierarchical', f.notify, f.reason);
  // The responder who never answered is taken off it; it waits for the next free engineer.
  const e = inc.engineer;
  if (e) {
    unhold(inc);
    applyDecisions(rep, rep.engine.release(inc.handle, now));
    afterRelease(e);
  }
}

/** A stall milestone of the escalation policy: still open, so it moves up its path. */
export function onStall(inc: Inc): void {
  if (inc.resolved) return;
  nextStep(inc, `stalled: unresolved after ${Math.round(inc.rep.sim.now - inc.rec.openedAt)} min`);
}

/** A notification milestone: still open, so someone (management) is told — a hierarchical escalation. */
export function onNotify(d: { inc: Inc; notify: string }): void {
  if (d.inc.resolved) return;
  recordEscalation(d.inc, 'hierarchical', d.notify, `open after ${Math.round(d.inc.rep.sim.now - d.inc.rec.openedAt)} min`);
}

export function recordEscalation(inc: Inc, kind: 'functional' | 'hierarchical', to: string, reason: string): void {
  const rep = inc.rep;
  const level = kind === 'functional' ? ++inc.functionalLevel : ++inc.hierarchicalLevel;
  if (inc.rec.escalations === NO_ESCALATIONS) inc.rec.escalations = [];
  inc.rec.escalations.push({ at: rep.sim.now, kind, level, to, reason });
  rep.trace?.({ t: rep.sim.now, type: kind === 'functional' ? 'escalated' : 'notified', incident: inc.rec.id, team: to, detail: `${kind} level ${level}: ${reason}` });
}
