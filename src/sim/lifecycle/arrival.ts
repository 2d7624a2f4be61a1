/**
 * Arrival and triage: generated arrivals per class, scripted incidents (drills, replays), alert
 * storms; everything about an incident's content is drawn here, at its arrival, in a fixed order
 * from its class's own stream (common random numbers). Then the escalation policy's immediate
 * rules, notification and stall milestones are scheduled, and routing after the triage delay.
 */
import type { Random } from '../../kernel/rng.js';
import { UserError } from '../../errors.js';
import { BOUNDS, fmtBound } from '../../scenario/bounds.js';
import type { BacklogTicketModel, ClassModel } from '../../model/types.js';
import { weeklyFactors, type WeeklyFactors } from '../../model/arrivals.js';
import { escInfo, onNotify, onStall, recordEscalation } from './paging.js';
import { onRoute } from './routing.js';
import { seeded } from './backlog.js';
import { changeOpen, onAutoRemediated } from './closing.js';
import { Inc, PendingPause, type Replication, type ScriptedIncident, type Step } from './state.js';
import { newItil, type ItilInc } from './itil-state.js';
import { avoidArrival, drawCause, noteCause } from './problems.js';
import { applyKnownError, drawClosureCode, drawKnownError } from './known-error.js';
import { drawReopen } from './reopen.js';
import { drawMisclassification } from './ticket-type.js';
import { startComms } from './comms.js';

const LEVELS = ['high', 'medium', 'low'] as const;
const NO_OFFSETS: readonly number[] = [];

interface ArrivalTick {
  rep: Replication;
  cls: ClassModel;
  /** the class's arrival-time stream */
  r: Random;
  /** the class's content stream */
  attrs: Random;
  /** the replication's week-to-week rate factors (scenario weeklyVariation), if any */
  weekly?: WeeklyFactors;
}

/** Schedules each class's first arrival, and the scripted incidents. */
export function startArrivals(rep: Replication): void {
  const { model, sim, opt } = rep;
  if (!opt.noArrivals) {
    const weekly = model.weeklyShape !== undefined ? weeklyFactors(model.weeklyShape, model.horizon, rep.streams.stream('weekly-variation')) : undefined;
    for (const cls of model.classes) {
      const r = rep.streams.stream(`arrivals:${cls.name}`);
      const t = cls.arrivals.next(0, model.horizon, r, weekly);
      if (t < Infinity) sim.scheduleAt(t, onArrivalTick, { rep, cls, r, attrs: rep.streams.stream(`attrs:${cls.name}`), weekly });
    }
  }
  for (const script of opt.script ?? []) sim.scheduleAt(script.at, onScripted, { rep, script });
}

function onArrivalTick(d: ArrivalTick): void {
  const { rep } = d;
  const now = rep.sim.now;
  arrive(rep, d.cls, d.attrs, undefined);
  const t = d.cls.arrivals.next(now, rep.model.horizon, d.r, d.weekly);
  if (t < Infinity) rep.sim.scheduleAt(t, onArrivalTick, d);
}

function onScripted(d: { rep: Replication; script: ScriptedIncident }): void {
  const { rep, script } = d;
  const cls = rep.model.classByName.get(script.class)!;
  arrive(rep, cls, rep.streams.stream(`script:${script.id}`), script);
}

function onStormChild(d: { rep: Replication; cls: ClassModel }): void {
  arrive(d.rep, d.cls, d.rep.streams.stream(`storm:${d.cls.name}`), undefined);
}

/** What a script fixes of an incident; a backlog ticket (`seed`) also fixes its past: opened, team, response, pauses. */
export interface Fixed {
  id: string;
  priority?: string;
  category?: string;
  seed?: BacklogTicketModel;
}

/**
 * A new incident of class `cls` now, its content drawn from `r` (a script fixes some of it). A
 * backlog ticket is handed to `seeded` (backlog.ts) once its content is drawn.
 */
export function arrive(rep: Replication, cls: ClassModel, r: Random, script: Fixed | undefined): void {
  const now = rep.sim.now;
  const model = rep.model;
  const seed = script?.seed;
  // Everything about the incident's content, drawn in a fixed order from its class's stream.
  const priority = script?.priority ?? cls.fixedPriority ?? drawPriority(rep, cls, r);
  const triage = (model.triageDelay ? model.triageDelay.sample(r) : 0) + (cls.pickup ? cls.pickup.sample(r) : 0);
  const auto = cls.autoRemediate && r() < cls.autoRemediate.probability ? cls.autoRemediate.after.sample(r) : -1;
  // (sized to the path: a growing [] would reserve 17 slots per incident)
  let steps = new Array<Step>(cls.path.length);
  let n = 0;
  for (let i = 0; i < cls.path.length; i++) {
    const p = cls.path[i];
    const work = p.work.sample(r);
    const resolves = i === cls.path.length - 1 || r() < p.resolves;
    steps[n++] = { team: p.team, work, resolves, misroute: false };
    if (resolves) break;
  }
  if (steps.length !== n) steps.length = n;
  // Misroutes: first to `to` (or a team drawn among `others`), then with `repeat` passed on
  // between `others`, never straight back to the team it leaves.
  let firstReal = 0;
  if (cls.misroute && r() < cls.misroute.probability) {
    const m = cls.misroute;
    const first = m.to ?? m.others[Math.floor(r() * m.others.length)];
    const wrong: Step[] = [{ team: first, work: m.detect.sample(r), resolves: false, misroute: true }];
    const further = m.repeat ? Math.max(0, Math.round(m.repeat.sample(r))) : 0;
    for (let k = 0; k < further; k++) {
      const choices = m.others.filter((t) => t !== wrong[wrong.length - 1].team);
      wrong.push({ team: choices[Math.floor(r() * choices.length)], work: m.detect.sample(r), resolves: false, misroute: true });
    }
    firstReal = wrong.length;
    steps = wrong.concat(steps);
  }
  let pendingAt = -1;
  let pendingDuration = 0;
  if (cls.pending && r() < cls.pending.probability) {
    pendingAt = r(); // fraction of the first real step's work done before the pause
    pendingDuration = cls.pending.duration.sample(r);
  }
  const majorDraw = r();
  const storm = cls.storm && r() < cls.storm.probability ? Math.max(0, Math.round(cls.storm.size.sample(r))) : 0;
  if (storm > BOUNDS.stormSize) {
    const i = rep.model.classes.indexOf(cls);
    throw new UserError(`arrivals[${i}].storms.size: drew a burst of ${storm > 1e12 ? storm.toExponential(2) : fmtBound(storm)} incidents at once (day ${(now / 1440).toFixed(1)}, replication ${rep.opt.index}); expected at most ${fmtBound(BOUNDS.stormSize)} — a size distribution with a lighter tail`);
  }
  const stormOffsets = storm > 0 ? Array.from({ length: storm }, () => r() * cls.storm!.within) : NO_OFFSETS;
  // ITIL depth (#19): drawn after all of the above, each only when its feature is in use, so
  // scenarios without them draw exactly as before.
  let itil: ItilInc | undefined;
  let knownError = -1;
  let misclassified = false;
  if (model.itil) {
    itil = newItil();
    const cause = cls.causes ? drawCause(rep, cls, r) : undefined;
    knownError = cls.drawsKnownError ? drawKnownError(rep, cls, r, cause?.cause ?? -1) : -1;
    if (cls.closureCodes) itil.closureCode = drawClosureCode(cls, r, knownError >= 0);
    if (cls.reopen) itil.reopen = drawReopen(cls, r);
    const wrong = model.misclassification ? drawMisclassification(rep, cls, r, steps[0].team) : undefined;
    if (cause?.removed && !seed) return avoidArrival(rep, cls, cause.cause, steps, stormOffsets);
    if (cause) itil.cause = cause.cause;
    if (knownError >= 0) applyKnownError(steps, knownError);
    if (wrong) {
      steps.unshift(wrong);
      firstReal++;
      misclassified = true;
    }
  }

  if (seed) {
    // Already in its team: the path from its team's step on (no misroute), or one step there.
    const real = steps.slice(firstReal);
    const at = real.findIndex((s) => s.team === seed.team);
    steps.length = 0;
    if (at >= 0) steps.push(...real.slice(at));
    else steps.push({ team: seed.team, work: real[real.length - 1].work, resolves: true, misroute: false });
    firstReal = 0;
    misclassified = false; // already triaged: in its team
  }
  const id = script?.id ?? incidentId(++rep.seq);
  const warmup = !seed && now < rep.from;
  const major = !seed && model.majorIncident !== undefined && model.majorIncident.priorities.has(priority) && majorDraw < model.majorIncident.probability;
  // one object for the incident's life
  const inc = new Inc(rep, cls, id, priority, seed ? seed.openedAt : now, steps);
  inc.misrouted = steps[misclassified ? 1 : 0].misroute;
  inc.major = major;
  inc.warmup = warmup;
  if (pendingAt >= 0) {
    inc.pending = new PendingPause(pendingAt, pendingDuration);
    if (firstReal === 0) inc.pending.at = steps[0].work * (1 - pendingAt);
  }
  if (script?.category !== undefined) inc.more().category = script.category;
  if (itil) {
    itil.misclassified = misclassified;
    itil.knownError = knownError >= 0;
    inc.itil = itil;
  }
  if (seed) {
    const x = inc.more();
    x.seeded = true;
    x.carriedPause = seed.pausedMinutes ?? 0;
    inc.firstAckAt = seed.acknowledgedAt;
    // a backlog ticket someone already responded to is not paged again
    inc.chainDone = seed.acknowledgedAt !== undefined;
  }
  rep.incs.add(inc);
  changeOpen(rep, +1);
  if (seed) {
    rep.trace?.({ t: now, type: 'seeded', incident: id, team: seed.team, detail: `${cls.name} ${priority}, open ${Math.round(now - seed.openedAt)} min${seed.assignee ? `, with ${seed.assignee}` : ''}` });
    seeded(inc, seed);
    return;
  }
  if (!warmup) rep.arrivalsByHow[rep.hours.at(now)]++;
  rep.trace?.({ t: now, type: 'arrived', incident: id, detail: `${cls.name} ${priority}` });
  if (itil) {
    if (misclassified) rep.trace?.({ t: now, type: 'misclassified', incident: id, team: steps[0].team, detail: `logged as a ${cls.type === 'incident' ? 'request' : 'incident'}` });
    if (knownError >= 0) rep.trace?.({ t: now, type: 'known-error', incident: id, detail: `work × ${knownError}` });
    if (itil.cause >= 0) noteCause(inc, itil.cause);
  }

  for (let k = 0; k < stormOffsets.length; k++) rep.sim.schedule(stormOffsets[k], onStormChild, { rep, cls: model.classByName.get(cls.storm!.class)! });

  if (auto >= 0) {
    rep.sim.schedule(auto, onAutoRemediated, inc);
    return;
  }
  // Immediate escalation (security / PII) and hierarchical notifications.
  const policy = model.escalation;
  const info = escInfo(inc);
  const immediate = (cls.security && model.securityTeam) || policy.immediate(info);
  if (immediate && immediate !== inc.team) {
    inc.steps = [{ team: immediate, work: steps[steps.length - 1].work, resolves: true, misroute: false }];
    inc.team = immediate;
    inc.firstTeam = immediate;
    inc.misrouted = false;
    inc.remaining = inc.steps[0].work;
    recordEscalation(inc, 'functional', immediate, 'immediate escalation rule');
    info.team = immediate;
    info.tier = model.teamById.get(immediate)!.tier;
  }
  // (indexed loops: no iterator objects per incident)
  const notifications = policy.notifications(info);
  for (let k = 0; k < notifications.length; k++) rep.sim.schedule(notifications[k].after, onNotify, { inc, notify: notifications[k].notify });
  const stalls = policy.stall(info);
  for (let k = 0; k < stalls.length; k++) rep.sim.schedule(stalls[k].after, onStall, inc);
  rep.sim.schedule(triage, onRoute, inc);
  if (model.comms) startComms(inc);
}

/** 'INC' and the number `n` on at least 7 digits ('INC0000042'), made with one concatenation. */
function incidentId(n: number): string {
  const digits = String(n);
  return (digits.length < 7 ? ID_PREFIXES[digits.length] : 'INC') + digits;
}
/** 'INC' and the zeros that pad a number of each length (index) below 7 to 7 digits. */
const ID_PREFIXES = Array.from({ length: 7 }, (_, len) => 'INC' + '0'.repeat(7 - len));

/** Draws a level (0 high, 1 medium, 2 low) from cumulative weights. */
function pickLevel(cum: [number, number, number], r: Random): number {
  const u = r() * cum[2];
  return u < cum[0] ? 0 : u < cum[1] ? 1 : 2;
}

/** Priority from the ITIL matrix of a drawn impact and urgency. */
function drawPriority(rep: Replication, cls: ClassModel, r: Random): string {
  const impact = LEVELS[pickLevel(cls.impact, r)];
  const urgency = LEVELS[pickLevel(cls.urgency, r)];
  return rep.model.priorityMatrix[impact][urgency];
}
