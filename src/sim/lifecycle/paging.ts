/**
 * Paging, acknowledgement and escalation: an assignee of a paging team is paged and acknowledges
 * after a drawn delay, or the page times out and the escalation policy's chain moves on (re-page,
 * next level, another team or engineer, or a final action). Stall milestones escalate functionally,
 * notifications hierarchically; every escalation is recorded here.
 */
import type { EscalationIncident, EscalationStep, FinalAction } from '../../policies/escalation/types.js';
import { REACHABLE } from '../../engine/types.js';
import { applyDecisions } from './routing.js';
import { afterRelease, nextStep, startWork, unhold } from './work.js';
import { pageByChannels } from './channels.js';
import type { TeamModel } from '../../model/types.js';
import { NO_ESCALATIONS, type Eng, type Inc } from './state.js';
import { NO_EVENT } from '../../kernel/simulation.js';

/**
 * The incident as the escalation policy sees it (the replication's one reused object: read it
 * before the next call); `team` is the model of `inc.team`, looked up when not given.
 */
export function escInfo(inc: Inc, team: TeamModel = inc.rep.model.teamById.get(inc.team)!): EscalationIncident {
  const info = inc.rep.escInfo;
  info.id = inc.id;
  info.priority = inc.priority;
  info.category = inc.category;
  info.team = inc.team;
  info.tier = team.tier;
  info.openedAt = inc.openedAt;
  return info;
}

/** A page's timeout on notification channels (channels.ts): the page it answers; a later page of the incident makes it stale. */
interface PageEvent {
  inc: Inc;
  e: Eng;
  token: number;
}

/** Pages `e` for `inc` at the current step of its chain: an acknowledgement or a timeout follows. */
export function page(inc: Inc, e: Eng): void {
  const rep = inc.rep;
  const opt = rep.opt;
  const now = rep.sim.now;
  const step = inc.chain!;
  const token = ++inc.pageToken;
  // a later page makes the events of earlier ones stale: their ids are no longer `pageEvent`
  inc.pageEvent = NO_EVENT;
  inc.pagedEng = e;
  rep.trace?.({ t: now, type: 'paged', incident: inc.id, engineer: e.m.id, team: inc.team, detail: `level ${step.level}, round ${step.round + 1}` });
  const channels = e.m.channels ?? e.team.channels;
  if (channels) return pageByChannels(inc, e, token, channels);
  const lost = (opt.notificationLoss ?? 0) > 0 && rep.streams.stream('channel')() < opt.notificationLoss!;
  const silent = lost || (opt.silent?.has(e.m.id) ?? false);
  const delay = silent ? Infinity : (opt.notificationDelay ?? 0) + ackDelay(e, now);
  // (the incident itself is the event's data: no payload object per page)
  if (delay <= step.timeout) inc.pageEvent = rep.sim.schedule(delay, onAck, inc);
  else if (step.timeout < Infinity) inc.pageEvent = rep.sim.schedule(step.timeout, onPageTimeout, inc);
}

/** Whether the event running now is `inc`'s latest page (to `inc.pagedEng`), and they still hold it. */
function currentPage(inc: Inc): boolean {
  return !inc.resolved && inc.rep.sim.current === inc.pageEvent && inc.engineer === inc.pagedEng;
}

/** Minutes `e` takes to acknowledge a page now (the team's day or night distribution). */
export function ackDelay(e: Eng, now: number): number {
  const fixed = e.rep.opt.fixedAckDelay;
  if (fixed !== undefined) return fixed;
  const a = e.team.ackDelay;
  if (!a) return 0;
  const r = (e.ack ??= e.rep.streams.stream(`ack:${e.id}`));
  if (a.night) {
    const h = e.hours.hourOfDay(now);
    const night = a.nightFrom > a.nightTo ? h >= a.nightFrom || h < a.nightTo : h >= a.nightFrom && h < a.nightTo;
    if (night) return a.night.sample(r);
  }
  return a.day.sample(r);
}

function onAck(inc: Inc): void {
  if (!currentPage(inc)) return;
  inc.ackedHere = true;
  acknowledged(inc, inc.pagedEng!);
}

/** `e` accepts `inc`: the engine is told, and work starts. */
export function acknowledged(inc: Inc, e: Eng): void {
  const rep = inc.rep;
  const now = rep.sim.now;
  if (inc.firstAckAt === undefined) inc.firstAckAt = now;
  rep.engine.acknowledge(inc.handle, e.index, now);
  rep.trace?.({ t: now, type: 'acknowledged', incident: inc.id, engineer: e.m.id, team: inc.team });
  startWork(inc, e);
}

function onPageTimeout(inc: Inc): void {
  if (!currentPage(inc) || inc.ackedHere) return;
  pageTimedOut(inc, inc.pagedEng!);
}

/** The timeout of a page sent on notification channels (channels.ts). */
export function onAckTimeout(d: PageEvent): void {
  const { inc, e } = d;
  if (inc.resolved || d.token !== inc.pageToken || inc.engineer !== e || inc.ackedHere) return;
  pageTimedOut(inc, e);
}

/** Nobody acknowledged `e`'s page for `inc` in time: the chain's next step. */
function pageTimedOut(inc: Inc, e: Eng): void {
  const rep = inc.rep;
  const now = rep.sim.now;
  const cur = inc.chain!;
  rep.trace?.({ t: now, type: 'ack-timeout', incident: inc.id, engineer: e.m.id, detail: `level ${cur.level}` });
  // The next step that can be paged now: a named engineer off duty, or a layer with nobody on
  // call, is skipped (said in the trace) rather than routed to whoever the team has — which may be
  // the very responder who did not answer.
  let next = rep.model.escalation.next(escInfo(inc), cur);
  let to: { team: string; engineerId?: string } | undefined;
  for (;;) {
    if (next.type === 'final') return endChain(inc, next);
    const why = unreachable(inc, next);
    if (typeof why !== 'string') {
      to = why;
      break;
    }
    rep.trace?.({ t: now, type: 'skipped', incident: inc.id, detail: `level ${next.level}: ${why}; next target` });
    next = rep.model.escalation.next(escInfo(inc), next);
  }
  inc.chain = next;
  if (next.level > cur.level) recordEscalation(inc, 'functional', targetName(next, to), `no acknowledgement within ${cur.timeout} min at level ${cur.level}`);
  if (next.target.kind === 'assignee' && to.team === inc.team) {
    // "assignee" in the chain's own team: re-page whoever holds it (a repeat, or the next round).
    page(inc, e);
    return;
  }
  unhold(inc);
  applyDecisions(rep, rep.engine.reassign(inc.handle, to, now, `escalation level ${next.level}`));
  afterRelease(e);
}

/**
 * Where a step's target is now — `{ team }` (the engine picks someone there; "assignee" means the
 * team the chain started in, so round 2 goes back to the first level, not to whoever holds it),
 * `{ team, engineerId }` for a named engineer or whoever is on call in a layer — or, as a string,
 * why it cannot be paged now (off duty or full; nobody on call in the layer).
 */
function unreachable(inc: Inc, step: EscalationStep): { team: string; engineerId?: string } | string {
  const rep = inc.rep;
  const t = step.target;
  if (t.kind === 'assignee') return { team: inc.chainTeam ?? inc.team };
  if (t.kind === 'team') return { team: t.team };
  let id: string;
  if (t.kind === 'engineer') id = t.engineerId;
  else {
    const who = rep.model.oncall.get(t.team)?.get(t.layer)?.[0]?.whoAt(rep.sim.now);
    if (who === undefined) return `nobody on call in ${t.team}/${t.layer}`;
    id = who;
  }
  const e = rep.engOrThrow(id);
  const state = rep.engine.engineer(id);
  if (!REACHABLE.has(e.presence)) return `${id} is ${e.presence}`;
  if (state.load >= state.capacity) return `${id} is at capacity`;
  return { team: e.m.team, engineerId: id };
}

function targetName(s: EscalationStep, to: { team: string; engineerId?: string }): string {
  const t = s.target;
  return t.kind === 'assignee' ? `level ${s.level}` : t.kind === 'team' ? t.team : t.kind === 'oncall' ? `${t.team}/${t.layer} (${to.engineerId})` : t.engineerId;
}

/**
 * The chain is exhausted: its final action. When the one told (`final.notify`) is an engineer or
 * a team of the scenario ("morgan", "engineer:morgan", "team:management"), the incident is handed
 * to them — told, they take it, so it is not paged again; otherwise the trace says why it goes
 * back to its team's queue for the next engineer with room (the responder who never answered is
 * taken off it).
 */
export function endChain(inc: Inc, f: FinalAction): void {
  const rep = inc.rep;
  const now = rep.sim.now;
  inc.chainDone = true;
  const to = f.notify !== undefined ? responder(inc, f.notify) : undefined;
  const why = to
    ? `; handed to ${to.engineerId ?? `team ${to.team}`}, who is told`
    : `; ${f.notify === undefined ? 'nobody is told' : `${f.notify} is told but is no engineer or team of the scenario`}, so it waits in the ${inc.team} queue for the next engineer with room`;
  rep.trace?.({ t: now, type: 'chain-ended', incident: inc.id, detail: f.reason + why });
  if (f.notify) recordEscalation(inc, 'hierarchical', f.notify, f.reason);
  const e = inc.engineer;
  if (to) {
    if (e) unhold(inc);
    applyDecisions(rep, rep.engine.reassign(inc.handle, to, now, 'final action of the escalation chain'));
    if (e) afterRelease(e);
    return;
  }
  if (e) {
    unhold(inc);
    applyDecisions(rep, rep.engine.release(inc.handle, now));
    afterRelease(e);
  }
}

/** The engineer or team a final action's `notify` names in the scenario, if any. */
function responder(inc: Inc, notify: string): { team: string; engineerId?: string } | undefined {
  const m = /^(?:(engineer|team):)?(.+)$/.exec(notify)!;
  const model = inc.rep.model;
  const eng = m[1] !== 'team' ? model.engineerById.get(m[2]) : undefined;
  if (eng) return { team: eng.team, engineerId: eng.id };
  return m[1] !== 'engineer' && model.teamById.has(m[2]) ? { team: m[2] } : undefined;
}

/** A stall milestone of the escalation policy: still open, so it moves up its path. */
export function onStall(inc: Inc): void {
  if (inc.resolved) return;
  nextStep(inc, `stalled: unresolved after ${Math.round(inc.rep.sim.now - inc.openedAt)} min`);
}

/** A notification milestone: still open, so someone (management) is told — a hierarchical escalation. */
export function onNotify(d: { inc: Inc; notify: string }): void {
  if (d.inc.resolved) return;
  recordEscalation(d.inc, 'hierarchical', d.notify, `open after ${Math.round(d.inc.rep.sim.now - d.inc.openedAt)} min`);
}

export function recordEscalation(inc: Inc, kind: 'functional' | 'hierarchical', to: string, reason: string): void {
  const rep = inc.rep;
  // its level: one more than the escalations of its kind so far
  let level = 1;
  for (let i = 0; i < inc.escalations.length; i++) if (inc.escalations[i].kind === kind) level++;
  const esc = { at: rep.sim.now, kind, level, to, reason };
  // (a list of one to start with: a pushed-to [] would reserve 17 slots)
  if (inc.escalations === NO_ESCALATIONS) inc.escalations = [esc];
  else inc.escalations.push(esc);
  rep.trace?.({ t: rep.sim.now, type: kind === 'functional' ? 'escalated' : 'notified', incident: inc.id, team: to, detail: `${kind} level ${level}: ${reason}` });
}
