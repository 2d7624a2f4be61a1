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

/** Where an engineer is in their presence timeline: their next change is at `next`. */
interface PresenceCursor {
  e: Eng;
  /** the timeline's instants and presences (its arrays themselves: one object less to reach) */
  at: Float64Array;
  presence: readonly Presence[];
  /** how many of its changes come before the horizon */
  end: number;
  /** the index of its next change not yet gathered into a window */
  next: number;
}

/** The span of simulated time whose presence changes are gathered at once (a week, in minutes). */
const WINDOW = 10080;

/**
 * Everyone's presence changes, a window at a time: the changes of the window (the week from the
 * earliest change not yet gathered) are gathered from every timeline at once, in (time, roster
 * position) order, and then run through. Gathering reads each timeline's week in one go, where
 * taking one change at a time from a heap of a thousand timelines would reach into a cold
 * timeline at every change. One kernel event stands for all the changes at its instant (a shift
 * change of hundreds of engineers is one event, not hundreds), at a priority below every other
 * event's, so that every presence change of an instant is in before anything else happens then.
 */
interface PresenceCalendar {
  rep: Replication;
  /** the cursors of the timelines with changes left to gather, in roster order */
  cursors: PresenceCursor[];
  /** the window's instants in time order, and how many of them have run */
  instants: PresenceInstant[];
  done: number;
  priority: number;
}

/** The presence changes of one instant: whose (in roster order) and what each becomes. */
interface PresenceInstant {
  time: number;
  engs: Eng[];
  becomes: Presence[];
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
  const cal: PresenceCalendar = { rep, cursors: [], instants: [], done: 0, priority: -1 - engs.length };
  for (const e of engs) {
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
    if (next < end) cal.cursors.push({ e, at: tl.at, presence: tl.presence, end, next });
  }
  gather(cal);
  if (cal.instants.length > 0) sim.postAt(cal.instants[0].time, onPresenceChanges, cal, cal.priority);
  for (const a of rep.opt.away ?? []) {
    const e = rep.engOrThrow(a.engineer);
    sim.postAt(Math.max(0, a.from), onAway, { e, on: true }, -1);
    if (a.to < model.horizon) sim.postAt(a.to, onAway, { e, on: false }, -1);
  }
}

/**
 * Replaces the window's changes with those of the next window: every change before the earliest
 * one left plus {@link WINDOW}, grouped by instant (in time order) and, at one instant, in roster
 * order (the cursors' order; a timeline has at most one change per instant). None left: no
 * instants. Grouping by instant needs no sort of the changes themselves, only of the window's few
 * instants, and makes two short lists per instant rather than lists of every change.
 */
function gather(cal: PresenceCalendar): void {
  const { cursors } = cal;
  let from = Infinity;
  for (const c of cursors) from = Math.min(from, c.at[c.next]);
  const until = from + WINDOW;
  const byTime = new Map<number, PresenceInstant>();
  const instants: PresenceInstant[] = [];
  let left = 0;
  for (const c of cursors) {
    const { at, presence, end, e } = c;
    let i = c.next;
    for (; i < end && at[i] < until; i++) {
      let x = byTime.get(at[i]);
      if (x === undefined) {
        x = { time: at[i], engs: [], becomes: [] };
        byTime.set(at[i], x);
        instants.push(x);
      }
      x.engs.push(e);
      x.becomes.push(presence[i]);
    }
    c.next = i;
    if (i < end) cursors[left++] = c;
  }
  cursors.length = left;
  cal.instants = instants.sort((a, b) => a.time - b.time);
  cal.done = 0;
}

/** Every presence change due now, in roster order; then the event of the next instant with one. */
function onPresenceChanges(cal: PresenceCalendar): void {
  const { rep } = cal;
  const { engs, becomes } = cal.instants[cal.done++];
  for (let j = 0; j < engs.length; j++) {
    const e = engs[j];
    const presence = becomes[j];
    e.base = presence;
    if (!e.inWarRoom && (rep.awaySet.size === 0 || !rep.awaySet.has(e))) setPresence(e, presence);
  }
  if (cal.done === cal.instants.length) gather(cal);
  if (cal.done < cal.instants.length) rep.sim.postAt(cal.instants[cal.done].time, onPresenceChanges, cal, cal.priority);
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
