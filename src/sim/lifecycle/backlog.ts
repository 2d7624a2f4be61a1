/**
 * Today's backlog: the tickets open at the start (`model.backlog`, from `incisim run --backlog`)
 * are seeded at minute 0 as incidents opened at their real, past times — so their SLA clocks have
 * been running (on their priority's calendar, minus the pauses they carry), their notification and
 * stall milestones fall due from their real opening, and they are routed at once in their team, to
 * their assignee when that engineer is there with room. Their content (work at each step of their
 * class's path from their team on) is drawn from each ticket's own `backlog:<id>` stream.
 */
import type { BacklogTicketModel } from '../../model/types.js';
import { arrive } from './arrival.js';
import { escInfo, onNotify, onStall } from './paging.js';
import { route } from './routing.js';
import type { Inc, Replication } from './state.js';

/** Seeds every backlog ticket now (minute 0), in file order. */
export function seedBacklog(rep: Replication): void {
  for (const t of rep.model.backlog) arrive(rep, rep.model.classByName.get(t.class)!, rep.streams.stream(`backlog:${t.id}`), { id: t.id, priority: t.priority, seed: t });
}

/** A seeded incident's milestones (those already past are due now), then its routing. */
export function seeded(inc: Inc, seed: BacklogTicketModel): void {
  const rep = inc.rep;
  const info = escInfo(inc);
  const due = (after: number) => Math.max(0, inc.openedAt + after - rep.sim.now);
  for (const n of rep.model.escalation.notifications(info)) rep.sim.post(due(n.after), onNotify, { inc, notify: n.notify });
  for (const s of rep.model.escalation.stall(info)) rep.sim.post(due(s.after), onStall, inc);
  route(inc, seed.assignee);
}
