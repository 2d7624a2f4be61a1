/**
 * Closing and metrics: resolution (by an engineer, or auto-remediation), and everything the
 * replication accumulates for metrics/: per-engineer busy and available time (per day),
 * interruptions by local time of day, the backlog and its time integral (Little's law), SLA
 * minutes on each priority's calendar, and at the horizon the records of incidents still open.
 */
import type { EngineerObservation, ReplicationOutput } from '../records.js';
import { applyDecisions } from './routing.js';
import { afterRelease } from './work.js';
import { closeWarRoom } from './war-room.js';
import { AVAILABLE, NO_PAUSES, removeItem, type Eng, type Inc, type Replication } from './state.js';
import { finishProblems, isProblem, solveProblem } from './problems.js';
import { reopenLater } from './reopen.js';
import { slaOf } from './ticket-type.js';

/** `inc` is resolved now, by `e` (undefined: auto-remediated); the engine and its war room are told. */
export function resolve(inc: Inc, e: Eng | undefined): void {
  const rep = inc.rep;
  const now = rep.sim.now;
  inc.resolved = true;
  inc.rec.resolvedAt = now;
  inc.rec.resolvedBy = e?.m.id;
  if (e) removeItem(e.held, inc);
  inc.engineer = undefined;
  rep.trace?.({ t: now, type: 'resolved', incident: inc.rec.id, engineer: e?.m.id, team: inc.team });
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
  inc.rec.autoRemediated = true;
  inc.rep.trace?.({ t: inc.rep.sim.now, type: 'auto-remediated', incident: inc.rec.id });
  resolve(inc, undefined);
}

/** Counts a page or new assignment of `e` by the local time of day (within the measured window). */
export function interrupt(e: Eng, now: number): void {
  if (now < e.rep.from) return;
  const w = e.weekly;
  const week = w ? Math.floor((now - e.rep.from) / 10080) : 0;
  if (e.presence === 'on-shift') {
    e.interruptions.business++;
    if (w) w.business[week]++;
  } else {
    const h = e.hours.hourOfDay(now);
    if (h >= 22 || h < 8) {
      e.interruptions.sleep++;
      if (w) w.sleep[week]++;
    } else {
      e.interruptions.off++;
      if (w) w.off[week]++;
    }
  }
}

/** Integrates busy and available time of `e` up to `now` (within the measured window). */
export function account(e: Eng, now: number): void {
  let a = Math.max(e.last, e.rep.from);
  const b = Math.min(now, e.rep.to);
  e.last = now;
  if (b <= a || !AVAILABLE.has(e.presence)) return;
  const share = e.m.share;
  // Slots: the share of slots in use; shared: busy whenever working anything.
  const busyRate = e.team.service === 'shared' ? (e.wip > 0 ? share : 0) : (e.wip / e.m.capacity) * share;
  while (a < b) {
    const day = Math.floor(a / 1440);
    const end = Math.min(b, (day + 1) * 1440);
    const dt = end - a;
    e.available += dt * share;
    e.availableByDay[day] += dt * share;
    e.busy += dt * busyRate;
    e.busyByDay[day] += dt * busyRate;
    a = end;
  }
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
  if (b > a) rep.openArea += rep.open * (b - a);
  rep.openLast = now;
  rep.open += delta;
}

function close(inc: Inc, now: number): void {
  const rep = inc.rep;
  changeOpen(rep, -1);
  rep.incs.delete(inc);
  finalise(inc, now);
}

/** Fills the SLA figures and hands the record on. */
function finalise(inc: Inc, at: number): void {
  const rep = inc.rep;
  const rec = inc.rec;
  const sla = inc.itil === undefined ? rep.model.sla.get(rec.priority) : slaOf(rep.model, rec);
  if (inc.itil !== undefined && rec.resolvedAt !== undefined) rec.closureCode = inc.itil.closureCode;
  if (sla) {
    if (rec.firstAckAt !== undefined) rec.respondSlaMinutes = sla.calendar.elapsed(rec.openedAt, rec.firstAckAt, NO_PAUSES);
    rec.resolveSlaMinutes = sla.calendar.elapsed(rec.openedAt, at, inc.pauses);
    // a backlog ticket's pauses before minute 0 (carried as minutes)
    if (inc.carriedPause > 0) rec.resolveSlaMinutes = Math.max(0, rec.resolveSlaMinutes - inc.carriedPause);
  }
  if (inc.carriedPause > 0) rec.pausedMinutes += inc.carriedPause;
  if (rep.opt.onIncident) rep.opt.onIncident(rec);
  else rep.records.push(rec);
}

/** At the horizon: closes the accounts, reports the incidents still open, and returns the output. */
export function finish(rep: Replication): ReplicationOutput {
  const now = rep.model.horizon;
  for (const e of rep.engs) account(e, now);
  // (the run left the clock at the horizon, which changeOpen reads)
  changeOpen(rep, 0);
  // Open at the horizon: reported, never dropped. Pending pauses so far count as paused.
  const problems = rep.problems ? finishProblems(rep) : undefined;
  for (const inc of [...rep.incs]) {
    if (inc.itil !== undefined && isProblem(inc)) continue;
    if (inc.pendingUntil > now) {
      if (inc.pauses === NO_PAUSES) inc.pauses = [];
      inc.pauses.push([inc.pendingUntil - inc.pendingDuration, now]);
    }
    finalise(inc, now);
  }
  const engineers: EngineerObservation[] = rep.engs.map((e) => ({
    id: e.m.id,
    team: e.m.team,
    timezone: e.m.timezone,
    capacity: e.m.capacity,
    availableMinutes: e.available,
    busyMinutes: e.busy,
    workload: { count: e.workload.count, effortHours: e.workload.effortHours, severity: e.workload.severity },
    highSeverityCount: e.high,
    interruptions: e.interruptions,
    busyByDay: Array.from(e.busyByDay),
    availableByDay: Array.from(e.availableByDay),
    ...(e.weekly ? { weekly: e.weekly } : {}),
  }));
  return {
    index: rep.opt.index,
    window: { from: rep.from, to: rep.to },
    incidents: rep.records,
    engineers,
    backlog: { t: rep.backlogT, open: rep.backlogOpen },
    inSystemArea: rep.openArea,
    violations: rep.violations,
    arrivalsByHourOfWeek: rep.arrivalsByHow,
    events: rep.sim.eventCount,
    ...(problems ? { problems } : {}),
    ...(rep.model.channels ? { paging: { ...rep.paging } } : {}),
  };
}
