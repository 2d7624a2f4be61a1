/**
 * Reopens (#19). A class's `reopen: { probability, after }`: each resolution is reopened with that
 * probability, `after` it, back to the same team — to the last assignee when they are present with
 * room (the assignment engine decides), else routed there — with the reopen's work to do. The
 * record stays one ticket: its time to resolve counts to the final resolution, as ticket tools
 * report it, and it is off the backlog between a resolution and its reopen.
 *
 * Common random numbers: the reopen's draws come from the class's content stream at arrival.
 */
import type { Random } from '../../kernel/rng.js';
import type { ClassModel } from '../../model/types.js';
import { changeOpen } from './closing.js';
import { startComms } from './comms.js';
import { applyOne, ticket } from './routing.js';
import type { Inc } from './state.js';

/** Draws a reopen: its uniform, delay and work (minutes). */
export function drawReopen(cls: ClassModel, r: Random): { u: number; after: number; work: number } {
  const ro = cls.reopen!;
  return { u: r(), after: ro.after.sample(r), work: ro.work.sample(r) };
}

/**
 * At a resolution: whether the incident will be reopened. If so its reopen is scheduled, it leaves
 * the backlog meanwhile, and its record is not closed.
 */
export function reopenLater(inc: Inc): boolean {
  const ro = inc.itil?.reopen;
  if (!ro || ro.u >= inc.cls.reopen!.probability) return false;
  const rep = inc.rep;
  inc.itil!.firstResolvedAt ??= rep.sim.now;
  changeOpen(rep, -1);
  rep.sim.post(ro.after, onReopen, { inc, work: ro.work });
  inc.itil!.reopen = undefined;
  return true;
}

function onReopen(d: { inc: Inc; work: number }): void {
  const { inc } = d;
  const rep = inc.rep;
  const now = rep.sim.now;
  const rec = inc;
  const last = rec.resolvedBy;
  inc.resolved = false;
  inc.itil!.reopens++;
  inc.itil!.reopenedAt = now;
  rec.resolvedAt = undefined;
  rec.resolvedBy = undefined;
  changeOpen(rep, +1);
  inc.steps = [rep.kind(inc.team, true, false), d.work];
  inc.stepIndex = 0;
  inc.remaining = d.work;
  inc.lastEngineer = last;
  inc.chain = undefined;
  inc.chainDone = false;
  inc.ackedHere = false;
  if (inc.pending) inc.pending.at = -1;
  rep.trace?.({ t: now, type: 'reopened', incident: rec.id, engineer: last, team: inc.team, detail: `reopen ${rec.reopens}` });
  inc.routed = true;
  const decision = rep.engine.reopen(ticket(inc), last, now, inc);
  inc.handle = decision.incident;
  rep.incByHandle[decision.incident] = inc;
  applyOne(rep, decision);
  startComms(inc);
}
