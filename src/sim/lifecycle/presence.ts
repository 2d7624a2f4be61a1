/**
 * Presence, shifts and surge: each engineer's presence timeline (shifts, on-call, absences, drawn
 * per replication) and a drill's scripted absences become presence changes, told to the engine.
 * Leaving (off, away, vacation) hands unfinished incidents back; other unavailable states (a war
 * room) only pause work. Surge: when a team's queue reaches its backlog threshold, helpers from
 * other teams join it for a while.
 */
import type { Presence } from '../../engine/types.js';
import { applyDecisions } from './routing.js';
import { afterRelease, stopWork, unhold } from './work.js';
import { account } from './closing.js';
import { AVAILABLE, HANDS_OFF, NO_TIMELINE, type Eng, type Inc, type Replication } from './state.js';

/** Where an engineer is in their presence timeline: `time` of their next change, at `next`. */
interface PresenceCursor {
  e: Eng;
  /** position in the roster: same-time changes run in roster order */
  k: number;
  /** the timeline's instants and presences (its arrays themselves: one object less to reach at each change) */
  at: Float64Array;
  presence: readonly Presence[];
  /** how many of its changes come before the horizon */
  end: number;
  /** its next change: the index, the time and the presence it brings */
  next: number;
  time: number;
  becomes: Presence;
}

/**
 * The next presence change of every engineer, as a binary heap on (time, roster position). One
 * kernel event stands for all the changes at its instant (a shift change of hundreds of engineers
 * is one event, not hundreds), at a priority below every other event's, so that every presence
 * change of an instant is in before anything else happens then.
 */
interface PresenceCalendar {
  rep: Replication;
  heap: PresenceCursor[];
  priority: number;
}

/**
 * Sets every engineer's presence at time 0 and schedules the changes that follow, and the drill's
 * absences. The event set holds one presence event at a time (the next instant at which someone's
 * presence changes), not a year of them per engineer.
 */
export function startPresence(rep: Replication): void {
  const { model, sim, engs } = rep;
  // Presence timelines (absences are random per replication), plus scripted absences.
  const timelines = model.presence(rep.streams.stream('absence'));
  const cal: PresenceCalendar = { rep, heap: [], priority: -1 - engs.length };
  engs.forEach((e, k) => {
    const tl = timelines[e.m.index] ?? NO_TIMELINE;
    const first = tl.at.length > 0 && tl.at[0] <= 0 ? tl.presence[0] : 'off';
    e.base = first;
    e.presence = first;
    e.takesWork = AVAILABLE.has(first);
    rep.engine.setPresence(e.m.index, first, 0);
    let next = 0;
    while (next < tl.at.length && tl.at[next] <= 0) next++;
    let end = tl.at.length;
    while (end > next && tl.at[end - 1] >= model.horizon) end--;
    if (next < end) push(cal.heap, { e, k, at: tl.at, presence: tl.presence, end, next, time: tl.at[next], becomes: tl.presence[next] });
  });
  if (cal.heap.length > 0) sim.postAt(cal.heap[0].time, onPresenceChanges, cal, cal.priority);
  for (const a of rep.opt.away ?? []) {
    const e = rep.engOrThrow(a.engineer);
    sim.postAt(Math.max(0, a.from), onAway, { e, on: true }, -1);
    if (a.to < model.horizon) sim.postAt(a.to, onAway, { e, on: false }, -1);
  }
}

/** Every presence change due now, in roster order; then the event of the next instant with one. */
function onPresenceChanges(cal: PresenceCalendar): void {
  const { heap, rep } = cal;
  const now = heap[0].time;
  while (heap.length > 0 && heap[0].time === now) {
    const d = heap[0];
    const e = d.e;
    const presence = d.becomes;
    e.base = presence;
    if (!e.inWarRoom && (rep.awaySet.size === 0 || !rep.awaySet.has(e))) setPresence(e, presence);
    // (the time and presence of the next change read together: two reads from memory at once, not one after the other)
    if (++d.next < d.end) {
      d.time = d.at[d.next];
      d.becomes = d.presence[d.next];
      siftDown(heap, 0);
    } else pop(heap);
  }
  if (heap.length > 0) rep.sim.postAt(heap[0].time, onPresenceChanges, cal, cal.priority);
}

function earlier(a: PresenceCursor, b: PresenceCursor): boolean {
  return a.time < b.time || (a.time === b.time && a.k < b.k);
}

function push(heap: PresenceCursor[], c: PresenceCursor): void {
  let i = heap.push(c) - 1;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (!earlier(heap[i], heap[p])) break;
    [heap[i], heap[p]] = [heap[p], heap[i]];
    i = p;
  }
}

function pop(heap: PresenceCursor[]): void {
  const last = heap.pop()!;
  if (heap.length > 0) {
    heap[0] = last;
    siftDown(heap, 0);
  }
}

function siftDown(heap: PresenceCursor[], i: number): void {
  const n = heap.length;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= n) return;
    const r = l + 1;
    const m = r < n && earlier(heap[r], heap[l]) ? r : l;
    if (!earlier(heap[m], heap[i])) return;
    const t = heap[i];
    heap[i] = heap[m];
    heap[m] = t;
    i = m;
  }
}

function onAway(d: { e: Eng; on: boolean }): void {
  const { e } = d;
  if (d.on) {
    e.rep.awaySet.add(e);
    setPresence(e, 'away');
  } else {
    e.rep.awaySet.delete(e);
    if (!e.inWarRoom) setPresence(e, e.base);
  }
}

/**
 * Changes `e`'s presence and tells the engine. Becoming unavailable hands their incidents back
 * (`handsOff`) or pauses their work; becoming available resumes what they hold.
 */
export function setPresence(e: Eng, p: Presence, handsOff = HANDS_OFF.has(p)): void {
  const rep = e.rep;
  const now = rep.sim.now;
  if (e.presence === p) return;
  account(e, now);
  const wasAvailable = e.takesWork;
  e.presence = p;
  e.takesWork = AVAILABLE.has(p);
  rep.trace?.({ t: now, type: 'presence', engineer: e.m.id, detail: p });
  const follow = rep.engine.setPresence(e.index, p, now);
  if (wasAvailable && !e.takesWork) {
    // Shared service keeps what it holds over nights and weekends (ticket queues do): paused.
    if (handsOff && !(p === 'off' && e.team.service === 'shared')) {
      // Leaving: hand unfinished incidents back, once every presence change of this instant is
      // in (presence events run before all others at the same time), so that they go to someone
      // who stays or arrives, not to a colleague who leaves at the same instant.
      for (const inc of [...e.held]) {
        unhold(inc);
        rep.trace?.({ t: now, type: 'released', incident: inc.id, engineer: e.m.id, detail: p });
        inc.handBackFrom = e.index;
        rep.sim.post(0, onHandBack, inc);
      }
    } else {
      for (const inc of e.held) if (inc.working) {
        stopWork(inc);
        rep.trace?.({ t: now, type: 'work-paused', incident: inc.id, engineer: e.m.id, detail: p });
      }
    }
  }
  applyDecisions(rep, follow);
  if (!wasAvailable && e.takesWork) afterRelease(e);
}

/** Returns an incident its engineer left with to the engine, unless it has moved on meanwhile. */
function onHandBack(inc: Inc): void {
  const rep = inc.rep;
  if (inc.resolved || rep.engine.assignee(inc.handle) !== inc.handBackFrom) return;
  applyDecisions(rep, rep.engine.release(inc.handle, rep.sim.now));
}

/** A team's queue grew: if it reached the team's surge threshold, its helpers join for `maxDuration`. */
export function checkSurge(rep: Replication, teamId: string): void {
  if (!rep.surges) return;
  const team = rep.model.teamById.get(teamId)!;
  if (!team.surge || rep.surgeActive.has(teamId)) return;
  if (rep.engine.queueLength(teamId) < team.surge.backlog) return;
  const now = rep.sim.now;
  const helpers = rep.engs.filter((e) => e.m.surgeTeams.includes(teamId));
  if (helpers.length === 0) return;
  rep.surgeActive.add(teamId);
  rep.trace?.({ t: now, type: 'surge-started', team: teamId, detail: helpers.map((e) => e.m.id).join(',') });
  for (const e of helpers) applyDecisions(rep, rep.engine.setTeams(e.m.index, [e.m.team, teamId], now));
  rep.sim.post(team.surge.maxDuration, onSurgeEnd, { rep, team: teamId, helpers });
}

function onSurgeEnd(d: { rep: Replication; team: string; helpers: Eng[] }): void {
  const { rep } = d;
  const now = rep.sim.now;
  rep.surgeActive.delete(d.team);
  rep.trace?.({ t: now, type: 'surge-ended', team: d.team });
  for (const e of d.helpers) applyDecisions(rep, rep.engine.setTeams(e.m.index, [e.m.team], now));
}
