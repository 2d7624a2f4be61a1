/**
 * War rooms: a major incident, when routed, takes the scenario's roles (the first available
 * engineers holding each role, in roster order) into its war room. They are unavailable for other
 * work meanwhile — their incidents paused, or handed back when `otherWork` is 'reassign' — until
 * the incident is resolved or the room's drawn duration ends, whichever comes first.
 */
import { interrupt } from './closing.js';
import { setPresence } from './presence.js';
import { AVAILABLE, type Eng, type Inc } from './state.js';

/** Opens `inc`'s war room with the engineers its roles take. */
export function openWarRoom(inc: Inc): void {
  const rep = inc.rep;
  const mi = rep.model.majorIncident!;
  const now = rep.sim.now;
  const taken: Eng[] = [];
  for (const { role, count } of mi.roles) {
    let n = 0;
    for (const e of rep.engs) {
      if (n >= count) break;
      if (e.inWarRoom || !AVAILABLE.has(e.presence) || e === inc.engineer || !e.m.roles.includes(role)) continue;
      taken.push(e);
      n++;
    }
  }
  inc.warRoom = taken;
  rep.trace?.({ t: now, type: 'war-room-opened', incident: inc.rec.id, detail: taken.map((e) => e.m.id).join(',') });
  for (const e of taken) {
    e.inWarRoom = true;
    interrupt(e, now);
    setPresence(e, 'war-room', mi.otherWork === 'reassign');
  }
  // With a stated duration the room stands down then, or when the incident is resolved if sooner.
  if (mi.duration) rep.sim.schedule(mi.duration.sample(rep.streams.stream('war-room')), onWarRoomEnd, { inc, taken });
}

function onWarRoomEnd(d: { inc: Inc; taken: Eng[] }): void {
  if (d.inc.warRoom === d.taken) closeWarRoom(d.inc);
}

/** Stands `inc`'s war room down: its members go back to their own presence. */
export function closeWarRoom(inc: Inc): void {
  const rep = inc.rep;
  rep.trace?.({ t: rep.sim.now, type: 'war-room-closed', incident: inc.rec.id });
  for (const e of inc.warRoom!) {
    e.inWarRoom = false;
    setPresence(e, rep.awaySet.has(e) ? 'away' : e.base);
  }
  inc.warRoom = undefined;
}
