/**
 * Work, pending and hand-off: an acknowledged incident is worked at the engineer's incident share
 * (one event at its end, or at the start of its pending pause); work stops when the engineer
 * leaves, pauses or gives it up, and the effort is booked. When a step's work is done the incident
 * is resolved there, or handed off to the next step of its path (functional escalation, with the
 * next team's hand-off delay and rework) or rerouted from a misroute.
 */
import { recordEscalation } from './paging.js';
import { applyDecisions } from './routing.js';
import { account, resolve } from './closing.js';
import { NO_PAUSES, removeItem, type Eng, type Inc } from './state.js';

/**
 * Starts (or resumes) work on `inc` by `e`, unless it is running, pending, or `e` is not available.
 * Slots (default): each worked incident runs at the engineer's incident share. Shared: the share
 * is split equally among the incidents the engineer works at once, so every start and stop
 * re-times the others.
 */
export function startWork(inc: Inc, e: Eng): void {
  const rep = inc.rep;
  const now = rep.sim.now;
  if (inc.working || inc.pendingUntil > now || !e.takesWork) return;
  if (inc.firstWorkAt === undefined) inc.firstWorkAt = now;
  account(e, now);
  const shared = e.team.service === 'shared';
  if (shared) settle(e, now);
  e.wip++;
  inc.working = true;
  inc.workStart = now;
  if (shared) retime(e);
  else scheduleNext(inc, (inc.speed = speedOf(e, now)));
  rep.trace?.({ t: now, type: 'work-started', incident: inc.id, engineer: e.m.id });
}

/** Schedules the end of `inc`'s work at this step, or the start of its pending pause, at `rate` minutes of work per minute. */
function scheduleNext(inc: Inc, rate: number): void {
  const sim = inc.rep.sim;
  const untilPause = inc.pendingAt >= 0 ? inc.remaining - inc.pendingAt : Infinity;
  if (untilPause <= inc.remaining && untilPause >= 0) inc.workEvent = sim.schedule(untilPause / rate, onPendingStart, inc);
  else inc.workEvent = sim.schedule(inc.remaining / rate, onWorkDone, inc);
}

/** Shared service: books the work done on each of `e`'s running incidents since their last change, at the pace each was timed at. */
function settle(e: Eng, now: number): void {
  if (e.wip === 0) return;
  for (const inc of e.held) {
    if (!inc.working) continue;
    const done = (now - inc.workStart) * inc.speed;
    inc.remaining = Math.max(0, inc.remaining - done);
    inc.effortMinutes += done;
    e.workload.effortHours += done / 60;
    inc.workStart = now;
  }
}

/** Shared service: re-times every running incident of `e` at the new pace: their speed (share × learning curve) ÷ wip. */
function retime(e: Eng): void {
  const rate = speedOf(e, e.rep.sim.now) / Math.max(1, e.wip);
  for (const inc of e.held) {
    if (!inc.working) continue;
    inc.rep.sim.cancel(inc.workEvent);
    inc.speed = rate;
    scheduleNext(inc, rate);
  }
}

/** Stops the clock on the work in progress (if any) and books the effort. */
export function stopWork(inc: Inc): void {
  if (!inc.working) return;
  const e = inc.engineer!;
  const rep = inc.rep;
  const now = rep.sim.now;
  rep.sim.cancel(inc.workEvent);
  account(e, now);
  if (e.team.service === 'shared') {
    settle(e, now);
    e.wip--;
    inc.working = false;
    retime(e);
    return;
  }
  e.wip--;
  const done = (now - inc.workStart) * inc.speed;
  inc.remaining = Math.max(0, inc.remaining - done);
  inc.effortMinutes += done;
  e.workload.effortHours += done / 60;
  inc.working = false;
}

/**
 * Nominal work minutes `e` gets through per minute from `now`: their incident share, times their
 * learning curve (a new joiner's `ramp`: `factor` at `from`, rising linearly to 1 over `duration`),
 * read when a stretch of work starts and kept until it stops.
 */
export function speedOf(e: Eng, now: number): number {
  const r = e.m.ramp;
  if (!r || now >= r.from + r.duration) return e.share;
  const f = now <= r.from ? r.factor : r.factor + ((1 - r.factor) * (now - r.from)) / r.duration;
  return e.share * f;
}

/** Takes the incident off its engineer (without telling the engine). */
export function unhold(inc: Inc): void {
  stopWork(inc);
  if (inc.engineer) removeItem(inc.engineer.held, inc);
  inc.engineer = undefined;
  inc.ackedHere = false;
}

/** After an engineer gave something up: resume any of their held work that is not running. */
export function afterRelease(e: Eng): void {
  if (!e.takesWork) return;
  const held = e.held;
  for (let i = 0; i < held.length; i++) if (!held[i].working && held[i].ackedHere) startWork(held[i], e);
}

function onPendingStart(inc: Inc): void {
  const rep = inc.rep;
  const now = rep.sim.now;
  stopWork(inc);
  const p = inc.pending!;
  p.at = -1;
  p.until = now + p.duration;
  rep.trace?.({ t: now, type: 'pending', incident: inc.id, detail: inc.cls.pending?.kind });
  rep.sim.post(p.duration, onPendingEnd, inc);
}

function onPendingEnd(inc: Inc): void {
  if (inc.resolved) return;
  const rep = inc.rep;
  const now = rep.sim.now;
  const from = inc.pending!.until - inc.pending!.duration;
  // (a list of one to start with: a pushed-to [] would reserve 17 slots)
  if (inc.pauses === NO_PAUSES) inc.pauses = [[from, now]];
  else inc.pauses.push([from, now]);
  inc.pausedMinutes += now - from;
  rep.trace?.({ t: now, type: 'pending-ended', incident: inc.id });
  if (inc.engineer && inc.ackedHere) startWork(inc, inc.engineer);
}

function onWorkDone(inc: Inc): void {
  const e = inc.engineer!;
  stopWork(inc);
  inc.remaining = 0;
  const step = inc.kindAt(inc.stepIndex);
  if (step.resolves) resolve(inc, e);
  else nextStep(inc, step.misroute ? 'misroute found: rerouted' : 'not resolved at this tier');
}

/** Moves the incident to the next step of its path (functional escalation or a reroute). */
export function nextStep(inc: Inc, reason: string): boolean {
  const rep = inc.rep;
  const model = rep.model;
  const now = rep.sim.now;
  const i = inc.stepIndex;
  const cur = inc.kindAt(i);
  if (i + 1 === inc.stepCount) {
    // Beyond the path: the next tier up, if any, carries the remaining work.
    const tier = model.teamById.get(inc.team)!.tier;
    const up = model.teams.find((t) => t.tier === tier + 1);
    if (!up) return false;
    inc.steps[2 * i] = rep.kind(cur.team, false, cur.misroute);
    inc.steps.push(rep.kind(up.id, true, false), inc.remaining);
  }
  const next = inc.kindAt(i + 1);
  const prev = inc.engineer;
  unhold(inc);
  const doneHere = inc.workAt(i) - inc.remaining;
  inc.stepIndex++;
  const team = next.teamModel;
  let work = inc.workAt(i + 1);
  if (!cur.misroute) {
    if (team.handoffDelay) work += team.handoffDelay.sample(rep.handoffStream(team.id));
    work += team.handoffRework * doneHere;
    recordEscalation(inc, 'functional', next.team, reason);
  } else {
    rep.trace?.({ t: now, type: 'rerouted', incident: inc.id, team: next.team, detail: reason });
    // The pending pause belongs to the first real step, which starts now (unless misrouted again).
    const p = inc.pending;
    if (!next.misroute && p !== undefined && p.until < 0) p.at = inc.workAt(i + 1) * (1 - p.fraction);
  }
  inc.remaining = work;
  inc.chain = undefined;
  inc.chainDone = false;
  const to = rep.target;
  to.team = next.team;
  applyDecisions(rep, rep.engine.reassign(inc.handle, to, now, reason));
  if (prev) afterRelease(prev);
  return true;
}
