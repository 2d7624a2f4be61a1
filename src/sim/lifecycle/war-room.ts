/**
 * War rooms: a major incident, when routed, takes the scenario's roles (for each role, the first
 * available engineers holding it, in roster order, who are not in the room already: distinct
 * people while the roster has them) into its war room. They are unavailable for other
 * work meanwhile — their incidents paused, or handed back when `otherWork` is 'reassign' — until
 * the incident is resolved or the room's drawn duration ends, whichever comes first.
 */
import { interrupt } from './closing.js';
import { setPresence } from './presence.js';
import type { Eng, Inc } from './state.js';

/** Opens `inc`'s war room with the engineers its roles take. */
export function openWarRoom(inc: Inc): void {
  const rep = inc.rep;
  const mi = rep.model.majorIncident!;
  const now = rep.sim.now;
  // Each role goes to the first available engineers holding it who are not in the room yet, so
  // one person is not commander and comms lead at once while someone else could be; a role with
  // nobody left to take it goes to a member already in the room who holds it (said in the trace).
  const taken: Eng[] = [];
  const cast: string[] = [];
  for (const { role, count } of mi.roles) {
    let n = 0;
    for (const e of rep.engs) {
      if (n >= count) break;
      if (e.inWarRoom || taken.includes(e) || !e.takesWork || e === inc.engineer || !e.m.roles.includes(role)) continue;
      taken.push(e);
      cast.push(`${role} ${e.m.id}`);
      n++;
    }
    if (n < count) {
      const also = taken.find((e) => e.m.roles.includes(role));
      cast.push(also ? `${role} also ${also.m.id} (nobody else free)` : `${role} nobody free`);
    }
  }
  inc.more().warRoom = taken;
  rep.trace?.({ t: now, type: 'war-room-opened', incident: inc.id, detail: cast.join(', ') });
  for (const e of taken) {
    e.inWarRoom = true;
    interrupt(e, now);
    setPresence(e, 'war-room', mi.otherWork === 'reassign');
  }
  // With a stated duration the room stands down then, or when the incident is resolved if sooner.
  if (mi.duration) rep.sim.post(mi.duration.sample(rep.streams.stream('war-room')), onWarRoomEnd, { inc, taken });
}

function onWarRoomEnd(d: { inc: Inc; taken: Eng[] }): void {
  if (d.inc.warRoom === d.taken) closeWarRoom(d.inc);
}

/** Stands `inc`'s war room down: its members go back to their own presence. */
export function closeWarRoom(inc: Inc): void {
  const rep = inc.rep;
  rep.trace?.({ t: rep.sim.now, type: 'war-room-closed', incident: inc.id });
  for (const e of inc.warRoom!) {
    e.inWarRoom = false;
    setPresence(e, rep.awaySet.has(e) ? 'away' : e.base);
  }
  inc.x!.warRoom = undefined;
}
