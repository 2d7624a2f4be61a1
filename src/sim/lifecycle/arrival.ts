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
import { Inc, PendingPause, type Path, type Replication, type ScriptedIncident } from './state.js';
import { newItil, type ItilInc } from './itil-state.js';
import { avoidArrival, drawCause, noteCause } from './problems.js';
import { applyKnownError, drawClosureCode, drawKnownError } from './known-error.js';
import { drawReopen } from './reopen.js';
import { drawMisclassification } from './ticket-type.js';
import { startComms } from './comms.js';

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
  /** the kinds of the class's path steps (`Replication.pathKinds`) */
  kinds: readonly number[];
}

/** Schedules each class's first arrival, and the scripted incidents. */
export function startArrivals(rep: Replication): void {
  const { model, sim, opt } = rep;
  if (!opt.noArrivals) {
    const weekly = model.weeklyShape !== undefined ? weeklyFactors(model.weeklyShape, model.horizon, rep.streams.stream('weekly-variation')) : undefined;
    for (const cls of model.classes) {
      const r = rep.streams.stream(`arrivals:${cls.name}`);
      const t = cls.arrivals.next(0, model.horizon, r, weekly);
      if (t < Infinity) sim.postAt(t, onArrivalTick, { rep, cls, r, attrs: rep.streams.stream(`attrs:${cls.name}`), weekly, kinds: rep.pathKinds(cls) });
    }
  }
  for (const script of opt.script ?? []) sim.postAt(script.at, onScripted, { rep, script });
}

function onArrivalTick(d: ArrivalTick): void {
  const { rep } = d;
  const now = rep.sim.now;
  arrive(rep, d.cls, d.attrs, undefined, d.kinds);
  const t = d.cls.arrivals.next(now, rep.model.horizon, d.r, d.weekly);
  if (t < Infinity) rep.sim.postAt(t, onArrivalTick, d);
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
 * backlog ticket is handed to `seeded` (backlog.ts) once its content is drawn. `kinds`: the
 * class's `Replication.pathKinds`.
 */
export function arrive(rep: Replication, cls: ClassModel, r: Random, script: Fixed | undefined, kinds = rep.pathKinds(cls)): void {
  const now = rep.sim.now;
  const model = rep.model;
  const seed = script?.seed;
  // Everything about the incident's content, drawn in a fixed order from its class's stream.
  const priority = script?.priority ?? cls.fixedPriority ?? drawPriority(rep, cls, r);
  const triage = (model.triageDelay ? model.triageDelay.sample(r) : 0) + (cls.pickup ? cls.pickup.sample(r) : 0);
  const auto = cls.autoRemediate && r() < cls.autoRemediate.probability ? cls.autoRemediate.after.sample(r) : -1;
  // (drawn into the replication's buffer, then copied at its length: a growing [] would reserve
  // 17 slots per incident, and an array sized to the whole path is cut back when a step resolves)
  const buf = rep.pathBuffer;
  let n = 0;
  for (let i = 0; i < cls.path.length; i++) {
    const p = cls.path[i];
    const work = p.work.sample(r);
    const resolves = i === cls.path.length - 1 || r() < p.resolves;
    buf[n++] = kinds[resolves ? 2 * i + 1 : 2 * i];
    buf[n++] = work;
    if (resolves) break;
  }
  let steps: Path = copyOut(buf, n);
  // Misroutes: first to `to` (or a team drawn among `others`), then with `repeat` passed on
  // between `others`, never straight back to the team it leaves.
  let firstReal = 0;
  if (cls.misroute && r() < cls.misroute.probability) {
    const m = cls.misroute;
    const first = m.to ?? m.others[Math.floor(r() * m.others.length)];
    const wrong: Path = [rep.kind(first, false, true), m.detect.sample(r)];
    let last = first;
    const further = m.repeat ? Math.max(0, Math.round(m.repeat.sample(r))) : 0;
    for (let k = 0; k < further; k++) {
      const choices = m.others.filter((t) => t !== last);
      last = choices[Math.floor(r() * choices.length)];
      wrong.push(rep.kind(last, false, true), m.detect.sample(r));
    }
    firstReal = wrong.length >> 1;
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
    const wrong = model.misclassification ? drawMisclassification(rep, cls, r, rep.kinds[steps[0]].team) : undefined;
    if (cause?.removed && !seed) return avoidArrival(rep, cls, cause.cause, steps, stormOffsets);
    if (cause) itil.cause = cause.cause;
    if (knownError >= 0) applyKnownError(rep, steps, knownError);
    if (wrong) {
      steps.unshift(rep.kind(wrong.team, false, true), wrong.work);
      firstReal++;
      misclassified = true;
    }
  }

  if (seed) {
    // Already in its team: the path from its team's step on (no misroute), or one step there.
    let at = 2 * firstReal;
    while (at < steps.length && rep.kinds[steps[at]].team !== seed.team) at += 2;
    steps = at < steps.length ? steps.slice(at) : [rep.kind(seed.team, true, false), steps[steps.length - 1]];
    firstReal = 0;
    misclassified = false; // already triaged: in its team
  }
  const id = script?.id ?? incidentId(++rep.seq);
  const warmup = !seed && now < rep.from;
  const major = !seed && model.majorIncident !== undefined && model.majorIncident.priorities.has(priority) && majorDraw < model.majorIncident.probability;
  // one object for the incident's life
  const inc = new Inc(rep, cls, id, priority, seed ? seed.openedAt : now, steps);
  inc.misrouted = inc.kindAt(misclassified ? 1 : 0).misroute;
  inc.major = major;
  inc.warmup = warmup;
  if (pendingAt >= 0) {
    inc.pending = new PendingPause(pendingAt, pendingDuration);
    if (firstReal === 0) inc.pending.at = steps[1] * (1 - pendingAt);
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
  // (warm-up arrivals add 0: one path through here before and after the warm-up, so that the
  // code optimised during it is not thrown away when it ends)
  rep.arrivalsByHow[rep.hours.at(now)] += warmup ? 0 : 1;
  rep.trace?.({ t: now, type: 'arrived', incident: id, detail: `${cls.name} ${priority}` });
  if (itil) {
    if (misclassified) rep.trace?.({ t: now, type: 'misclassified', incident: id, team: inc.kindAt(0).team, detail: `logged as a ${cls.type === 'incident' ? 'request' : 'incident'}` });
    if (knownError >= 0) rep.trace?.({ t: now, type: 'known-error', incident: id, detail: `work × ${knownError}` });
    if (itil.cause >= 0) noteCause(inc, itil.cause);
  }

  for (let k = 0; k < stormOffsets.length; k++) rep.sim.post(stormOffsets[k], onStormChild, { rep, cls: model.classByName.get(cls.storm!.class)! });

  if (auto >= 0) {
    rep.sim.post(auto, onAutoRemediated, inc);
    return;
  }
  // Immediate escalation (security / PII) and hierarchical notifications.
  const policy = model.escalation;
  const info = escInfo(inc, inc.kindAt(0).teamModel);
  const immediate = (cls.security && model.securityTeam) || policy.immediate(info);
  if (immediate && immediate !== inc.team) {
    inc.steps = [rep.kind(immediate, true, false), steps[steps.length - 1]];
    inc.team = immediate;
    inc.firstTeam = immediate;
    inc.misrouted = false;
    inc.remaining = inc.workAt(0);
    recordEscalation(inc, 'functional', immediate, 'immediate escalation rule');
    info.team = immediate;
    info.tier = model.teamById.get(immediate)!.tier;
  }
  // (indexed loops: no iterator objects per incident)
  const notifications = policy.notifications(info);
  for (let k = 0; k < notifications.length; k++) rep.sim.post(notifications[k].after, onNotify, { inc, notify: notifications[k].notify });
  const stalls = policy.stall(info);
  for (let k = 0; k < stalls.length; k++) rep.sim.post(stalls[k].after, onStall, inc);
  rep.sim.post(triage, onRoute, inc);
  if (model.comms) startComms(inc);
}

/**
 * The first `n` numbers of `buf`, as an array of their own: written out for paths of up to three
 * steps (an array literal is allocated in place, already of doubles; `slice` is a call).
 */
function copyOut(buf: readonly number[], n: number): Path {
  switch (n) {
    case 2: return [buf[0], buf[1]];
    case 4: return [buf[0], buf[1], buf[2], buf[3]];
    case 6: return [buf[0], buf[1], buf[2], buf[3], buf[4], buf[5]];
    default: return buf.slice(0, n);
  }
}

/**
 * 'INC' and the number `n` on at least 7 digits ('INC0000042'). Below 10⁷, made from its ten
 * character codes at once: one string allocated, not the number's digits and then their
 * concatenation.
 */
function incidentId(n: number): string {
  if (n >= 1e7) return 'INC' + String(n);
  return String.fromCharCode(73, 78, 67, digit(n, 1e6), digit(n, 1e5), digit(n, 1e4), digit(n, 1e3), digit(n, 100), digit(n, 10), digit(n, 1));
}

/** The character code of the digit of `n` (a non-negative integer) worth `k` (a power of ten). */
function digit(n: number, k: number): number {
  return 48 + (Math.floor(n / k) % 10);
}

/** Draws a level (0 high, 1 medium, 2 low) from cumulative weights. */
function pickLevel(cum: [number, number, number], r: Random): number {
  const u = r() * cum[2];
  return u < cum[0] ? 0 : u < cum[1] ? 1 : 2;
}

/** Priority from the ITIL matrix of a drawn impact and urgency. */
function drawPriority(rep: Replication, cls: ClassModel, r: Random): string {
  const impact = pickLevel(cls.impact, r);
  const urgency = pickLevel(cls.urgency, r);
  return rep.priorityByLevels[3 * impact + urgency];
}
