/**
 * Closing and metrics: resolution (by an engineer, or auto-remediation), and everything the
 * replication accumulates for metrics/: per-engineer busy and available time (per day),
 * interruptions by local time of day, the backlog and its time integral (Little's law), SLA
 * minutes on each priority's calendar, and at the horizon the records of incidents still open.
 */
import type { EngineerObservation, IncidentRecord, ReplicationOutput } from '../records.js';
import { applyDecisions } from './routing.js';
import { afterRelease } from './work.js';
import { closeWarRoom } from './war-room.js';
import { NO_PAUSES, removeItem, type Eng, type Inc, type Replication } from './state.js';
import { finishProblems, isProblem, solveProblem } from './problems.js';
import { reopenLater } from './reopen.js';
import { slaOf } from './ticket-type.js';
import { DOUBLE_ZERO } from '../../kernel/numbers.js';

/** `inc` is resolved now, by `e` (undefined: auto-remediated); the engine and its war room are told. */
export function resolve(inc: Inc, e: Eng | undefined): void {
  const rep = inc.rep;
  const now = rep.sim.now;
  inc.resolved = true;
  inc.resolvedAt = now;
  inc.resolvedBy = e?.id;
  if (e) removeItem(e.held, inc);
  inc.engineer = undefined;
  rep.trace?.({ t: now, type: 'resolved', incident: inc.id, engineer: e?.m.id, team: inc.team });
  if (inc.warRoom) closeWarRoom(inc);
  if (inc.routed) {
    const follow = rep.engine.resolve(inc.handle, now);
    rep.incByHandle[inc.handle] = undefined;
    applyDecisions(rep, follow);
  }
  if (inc.itil === undefined) close(inc, now);
  else if (isProblem(inc)) solveProblem(inc);
  else if (!reopenLater(inc)) close(inc, now);
  if (e) afterRelease(e);
}

export function onAutoRemediated(inc: Inc): void {
  inc.more().autoRemediated = true;
  inc.rep.trace?.({ t: inc.rep.sim.now, type: 'auto-remediated', incident: inc.id });
  resolve(inc, undefined);
}

/**
 * Counts a page or new assignment of `e` by the local time of day (within the measured window:
 * in the warm-up it adds 0, rather than returning early, so that the code optimised during the
 * warm-up is not thrown away when it ends).
 */
export function interrupt(e: Eng, now: number): void {
  const n = now < e.rep.from ? 0 : 1;
  const w = e.weekly;
  const week = w ? Math.max(0, Math.floor((now - e.rep.from) / 10080)) : 0;
  if (e.presence === 'on-shift') {
    e.interruptions.business += n;
    if (w) w.business[week] += n;
  } else {
    const h = e.hours.hourOfDay(now);
    if (h >= 22 || h < 8) {
      e.interruptions.sleep += n;
      if (w) w.sleep[week] += n;
    } else {
      e.interruptions.off += n;
      if (w) w.off[week] += n;
    }
  }
}

/**
 * Integrates busy and available time of `e` up to `now` (within the measured window). The time
 * before the window (the warm-up) goes through the same steps with a weight of 0, so that the
 * code optimised during the warm-up is not thrown away when it ends.
 */
export function account(e: Eng, now: number): void {
  const from = e.rep.from;
  let a = e.last;
  const b = Math.min(now, e.rep.to);
  e.last = now;
  if (!(a < b) || !e.takesWork) return;
  const share = e.share;
  // Slots: the share of slots in use; shared: busy whenever working anything.
  const busyRate = e.team.service === 'shared' ? (e.wip > 0 ? share : 0) : (e.wip / e.capacity) * share;
  while (a < b) {
    const day = Math.floor(a / 1440);
    // (a piece of one day, and on one side of the window's start)
    const end = Math.min(b, (day + 1) * 1440, a < from ? from : Infinity);
    const dt = (end - a) * (a < from ? 0 : 1);
    if (day !== e.day) closeDay(e, day);
    e.available += dt * share;
    e.availableToday += dt * share;
    e.busy += dt * busyRate;
    e.busyToday += dt * busyRate;
    a = end;
  }
}

/** Adds the minutes of `e`'s day being integrated to their per-day figures, and starts `next` (−1: none). */
function closeDay(e: Eng, next: number): void {
  if (e.day >= 0) {
    const rep = e.rep;
    const k = e.day * rep.engs.length + e.index;
    rep.availableByDay[k] += e.availableToday;
    rep.busyByDay[k] += e.busyToday;
  }
  e.day = next;
  e.availableToday = 0;
  e.busyToday = 0;
}

/** Changes the number of open incidents by `delta` now: backlog samples and the in-system area. */
export function changeOpen(rep: Replication, delta: number): void {
  const now = rep.sim.now;
  while (rep.nextGrid <= now) {
    rep.backlogT.push(rep.nextGrid);
    rep.backlogOpen.push(rep.open);
    rep.nextGrid += rep.grid;
  }
  const a = Math.max(rep.openLast, rep.from);
  const b = Math.min(now, rep.to);
  // (added outside the window too, as −0, a double: one path through here, with the same number
  // types, before and after the warm-up, so that the code optimised during the warm-up is not
  // thrown away when it ends)
  rep.openArea += rep.open * Math.max(DOUBLE_ZERO, b - a);
  rep.openLast = now;
  rep.open += delta;
}

function close(inc: Inc, now: number): void {
  const rep = inc.rep;
  changeOpen(rep, -1);
  rep.incs.delete(inc);
  finalise(inc, now);
}

/**
 * Fills the SLA figures and hands the record on: the incident itself to `readIncident` (no copy),
 * a copy of its record to `onIncident`, or, with neither, a copy into the output's records.
 */
function finalise(inc: Inc, at: number): void {
  const rep = inc.rep;
  const sla = inc.itil === undefined ? rep.model.sla.get(inc.priority) : slaOf(rep.model, inc);
  if (sla) {
    if (inc.firstAckAt !== undefined) inc.respondSlaMinutes = sla.calendar.elapsed(inc.openedAt, inc.firstAckAt, NO_PAUSES);
    inc.resolveSlaMinutes = sla.calendar.elapsed(inc.openedAt, at, inc.pauses);
    // a backlog ticket's pauses before minute 0 (carried as minutes)
    if (inc.carriedPause > 0) inc.resolveSlaMinutes = Math.max(0, inc.resolveSlaMinutes - inc.carriedPause);
  }
  if (inc.carriedPause > 0) inc.pausedMinutes += inc.carriedPause;
  const opt = rep.opt;
  if (opt.readIncident) opt.readIncident.read(inc);
  if (opt.onIncident) opt.onIncident(recordOf(inc));
  else if (!opt.readIncident) rep.records.push(recordOf(inc));
}

/**
 * The record of an incident as a plain object of its own (the fields of IncidentRecord, in its
 * order), for whoever keeps it. (`+ 0`: minutes that started at DOUBLE_ZERO and were never added to are −0, handed out as 0.)
 */
export function recordOf(inc: IncidentRecord): IncidentRecord {
  return {
    id: inc.id, class: inc.class, category: inc.category, priority: inc.priority, openedAt: inc.openedAt,
    firstTeam: inc.firstTeam, team: inc.team, reassignments: inc.reassignments, escalations: inc.escalations,
    misrouted: inc.misrouted, autoRemediated: inc.autoRemediated, major: inc.major, pausedMinutes: inc.pausedMinutes + 0,
    effortMinutes: inc.effortMinutes + 0, warmup: inc.warmup, seeded: inc.seeded,
    firstAssignedAt: inc.firstAssignedAt, firstAckAt: inc.firstAckAt, firstWorkAt: inc.firstWorkAt, resolvedAt: inc.resolvedAt,
    resolvedBy: inc.resolvedBy, respondSlaMinutes: inc.respondSlaMinutes, resolveSlaMinutes: inc.resolveSlaMinutes,
    type: inc.type, misclassified: inc.misclassified, knownError: inc.knownError, closureCode: inc.closureCode,
    reopens: inc.reopens, firstResolvedAt: inc.firstResolvedAt, reopenedAt: inc.reopenedAt, cause: inc.cause,
    recurrence: inc.recurrence, commsAssigneeMinutes: inc.commsAssigneeMinutes, commsLeadMinutes: inc.commsLeadMinutes,
  };
}

/** The `n` numbers of `a` at `from`, `from + stride`, …, as a plain list (what records hold; no iterator, unlike Array.from). */
function column(a: Float64Array, from: number, stride: number, n: number): number[] {
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = a[from + i * stride];
  return out;
}

/** At the horizon: closes the accounts, reports the incidents still open, and returns the output. */
export function finish(rep: Replication): ReplicationOutput {
  const now = rep.model.horizon;
  for (const e of rep.engs) {
    account(e, now);
    closeDay(e, -1);
  }
  // (the run left the clock at the horizon, which changeOpen reads)
  changeOpen(rep, 0);
  // Open at the horizon: reported, never dropped. Pending pauses so far count as paused.
  const problems = rep.problems ? finishProblems(rep) : undefined;
  // (read in place: finalising unlinks nothing, and a copy of 30,000 open incidents is a pass over cold objects of its own)
  for (let inc = rep.incs.first; inc !== undefined; inc = inc.nextOpen) {
    if (inc.itil !== undefined && isProblem(inc)) continue;
    if (inc.pendingUntil > now) {
      const pause: [number, number] = [inc.pendingUntil - inc.pending!.duration, now];
      if (inc.pauses === NO_PAUSES) inc.pauses = [pause];
      else inc.pauses.push(pause);
    }
    finalise(inc, now);
  }
  const engineers: EngineerObservation[] = rep.engs.map((e) => ({
    id: e.m.id,
    team: e.m.team,
    timezone: e.m.timezone,
    capacity: e.m.capacity,
    // (+ 0: a sum started at DOUBLE_ZERO and never added to is −0, handed out as 0)
    availableMinutes: e.available + 0,
    busyMinutes: e.busy + 0,
    workload: { count: e.workload.count, effortHours: e.workload.effortHours + 0, severity: e.workload.severity },
    highSeverityCount: e.high,
    interruptions: e.interruptions,
    busyByDay: column(rep.busyByDay, e.index, rep.engs.length, rep.days),
    availableByDay: column(rep.availableByDay, e.index, rep.engs.length, rep.days),
    ...(e.weekly ? { weekly: e.weekly } : {}),
  }));
  return {
    index: rep.opt.index,
    window: { from: rep.from, to: rep.to },
    incidents: rep.records,
    engineers,
    backlog: { t: rep.backlogT, open: rep.backlogOpen },
    inSystemArea: rep.openArea + 0,
    violations: rep.violations,
    arrivalsByHourOfWeek: rep.arrivalsByHow,
    events: rep.sim.eventCount,
    ...(problems ? { problems } : {}),
    ...(rep.model.channels ? { paging: { ...rep.paging } } : {}),
  };
}
