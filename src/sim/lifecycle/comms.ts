/**
 * Communication load (#19): while an incident is open, a status update every `cadence` of its
 * priority. Each costs `duration` of someone's time: the war room's communications lead when the
 * incident has a war room with one (their time is the war room's already: the figure shows how much
 * of it updates take), otherwise its assignee, whose work on it grows by `duration` (so the fix
 * finishes later and the engineer is busy longer). An update falls due with nobody holding the
 * incident (queued, or paged and not yet acknowledged) is skipped.
 */
import { startWork, stopWork } from './work.js';
import type { Inc } from './state.js';

interface Update {
  inc: Inc;
  every: number;
  duration: number;
  token: number;
}

/** Starts the status updates of `inc` (a new chain: an earlier one, before a reopen, goes stale). */
export function startComms(inc: Inc): void {
  const c = inc.rep.model.comms;
  if (!c || !c.types.has(inc.type) || !inc.itil) return;
  const every = c.cadence.get(inc.priority);
  if (every === undefined) return;
  const token = ++inc.itil.commsToken;
  inc.rep.sim.post(every, onStatusUpdate, { inc, every, duration: c.duration.get(inc.priority)!, token });
}

function onStatusUpdate(u: Update): void {
  const { inc } = u;
  if (inc.resolved || u.token !== inc.itil!.commsToken) return;
  const rep = inc.rep;
  const now = rep.sim.now;
  const lead = inc.warRoom?.find((e) => e.m.roles.includes('communications'));
  if (lead) {
    inc.itil!.commsLeadMinutes += u.duration;
    rep.trace?.({ t: now, type: 'status-update', incident: inc.id, engineer: lead.m.id, detail: `communications lead, ${u.duration} min` });
  } else if (inc.engineer && inc.ackedHere) {
    const e = inc.engineer;
    const working = inc.working;
    if (working) stopWork(inc);
    inc.remaining += u.duration;
    inc.itil!.commsAssigneeMinutes += u.duration;
    if (working) startWork(inc, e);
    rep.trace?.({ t: now, type: 'status-update', incident: inc.id, engineer: e.m.id, detail: `assignee, ${u.duration} min` });
  } else {
    rep.trace?.({ t: now, type: 'status-update', incident: inc.id, detail: 'skipped: nobody holds it' });
  }
  rep.sim.post(u.every, onStatusUpdate, u);
}
