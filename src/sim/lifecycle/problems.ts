/**
 * Problem management (#19). Causes are shared by classes, each with its share of their arrivals
 * (drawn at arrival from the class's content stream). When incidents of one cause reach
 * `threshold` within `window`, a problem record opens: real work for the problem team, routed by
 * the assignment engine like an incident (at the cause's priority, never paged), competing with
 * incidents for the same engineers. When it is solved, its cause's arrivals drop by `reduction`
 * from then on, and its known error is published (known-error.ts).
 *
 * Common random numbers: every arrival of a cause draws its cause and its removal uniform whether
 * problem management runs or not, and a removed arrival still draws all of its content. So the same
 * seed without problem management (`problems.enabled: false`) sees exactly the same arrivals plus
 * the removed ones: `incidentsAvoided` counts them, and is that paired difference.
 */
import type { Random } from '../../kernel/rng.js';
import type { CauseModel, ClassModel } from '../../model/types.js';
import type { ProblemRecord, ProblemsOutput } from '../records.js';
import { newItil } from './itil-state.js';
import { onRoute } from './routing.js';
import { Inc, type Path, type Replication } from './state.js';

/** A cause as one replication tracks it. */
export interface CauseState {
  model: CauseModel;
  /** arrival times of its latest incidents within the window (oldest first), while no problem is open or solved */
  recent: number[];
  /** incidents it has produced (each after the first is a recurrence) */
  seen: number;
  /** its problem record, once opened */
  record: ProblemRecord | undefined;
  /** when its problem was solved (Infinity: not yet) */
  solvedAt: number;
}

export interface ProblemsState {
  enabled: boolean;
  causes: CauseState[];
  records: ProblemRecord[];
  /** arrivals removed within the window, the work they would have had, and that work per day of the window */
  avoided: number;
  avoidedWork: number;
  avoidedWorkByDay: Float64Array;
  seq: number;
}

/** Sets up problem management for a replication (scenarios with problems:). */
export function startProblems(rep: Replication): void {
  const p = rep.model.problems;
  if (!p) return;
  rep.problems = {
    enabled: p.enabled,
    causes: p.causes.map((model) => ({ model, recent: [], seen: 0, record: undefined, solvedAt: Infinity })),
    records: [],
    avoided: 0,
    avoidedWork: 0,
    avoidedWorkByDay: new Float64Array(Math.max(1, Math.ceil((rep.to - rep.from) / 1440))),
    seq: 0,
  };
}

/** Whether `inc` is a problem record (the problem team's work item, not an incident). */
export function isProblem(inc: Inc): boolean {
  return inc.itil !== undefined && inc.itil.problem >= 0;
}

/**
 * Draws (from the class's content stream, always two uniforms) the cause of an arrival of `cls`
 * and whether a solved problem removes it. Returns the cause index (−1: none) and `removed`.
 */
export function drawCause(rep: Replication, cls: ClassModel, r: Random): { cause: number; removed: boolean } {
  const u = r();
  const v = r();
  let cause = -1;
  for (const c of cls.causes!) if (u < c.cum) { cause = c.index; break; }
  if (cause < 0) return { cause, removed: false };
  const c = rep.problems!.causes[cause];
  return { cause, removed: c.solvedAt <= rep.sim.now && v < c.model.reduction };
}

/**
 * An arrival its solved problem removed: counted (within the window) with the work it would have
 * had, and the storm it would have started; nothing is created.
 */
export function avoidArrival(rep: Replication, cls: ClassModel, cause: number, steps: Readonly<Path>, stormOffsets: readonly number[]): void {
  const now = rep.sim.now;
  const ps = rep.problems!;
  const inWindow = (t: number) => t >= rep.from && t < rep.to;
  if (inWindow(now)) {
    let work = 0;
    for (let i = 0; i < steps.length; i += 2) if (!rep.kinds[steps[i]].misroute) work += steps[i + 1];
    ps.avoided++;
    ps.avoidedWork += work;
    ps.avoidedWorkByDay[Math.floor((now - rep.from) / 1440)] += work;
  }
  for (const off of stormOffsets) if (inWindow(now + off)) ps.avoided++;
  rep.trace?.({ t: now, type: 'avoided', detail: `${cls.name} ${ps.causes[cause].model.id}` });
}

/** An incident of cause `cause` arrived: recurrence, and a problem record at the threshold. */
export function noteCause(inc: Inc, cause: number): void {
  const rep = inc.rep;
  const now = rep.sim.now;
  const ps = rep.problems!;
  const c = ps.causes[cause];
  inc.itil!.cause = cause;
  inc.itil!.causeId = c.model.id;
  inc.itil!.recurrence = c.seen > 0;
  c.seen++;
  if (!ps.enabled || c.record !== undefined) return;
  c.recent.push(now);
  while (c.recent.length > 0 && c.recent[0] <= now - c.model.window) c.recent.shift();
  if (c.recent.length >= c.model.threshold) openProblem(rep, c);
}

/** Opens the problem record of cause `c` now and hands it to the engine for the problem team. */
function openProblem(rep: Replication, c: CauseState): void {
  const now = rep.sim.now;
  const ps = rep.problems!;
  const m = c.model;
  const id = `PRB${String(++ps.seq).padStart(7, '0')}`;
  const record: ProblemRecord = { id, cause: m.id, openedAt: now, solvedAt: undefined, effortMinutes: 0 };
  c.record = record;
  c.recent.length = 0;
  ps.records.push(record);
  const work = m.work.sample(rep.streams.stream(`problem:${m.id}`));
  const steps: Path = [rep.kind(m.team, true, false), work];
  const itil = newItil();
  itil.problem = m.index;
  itil.causeId = m.id;
  const inc = new Inc(rep, problemClass(m), id, m.priority, now, steps);
  inc.escalations = [];
  inc.pauses = [];
  inc.warmup = now < rep.from;
  inc.itil = itil;
  rep.incs.add(inc);
  rep.trace?.({ t: now, type: 'problem-opened', incident: id, team: m.team, detail: `${m.id}: ${m.threshold} incidents within ${m.window} min` });
  rep.sim.post(0, onRoute, inc);
}

/**
 * A problem record has no arrival class: this stands in for the fields the lifecycle reads of one
 * (no skills, no pending pause, an incident's type).
 */
function problemClass(m: CauseModel): ClassModel {
  return { name: `problem:${m.id}`, path: [], security: false, type: 'incident', drawsKnownError: false } as unknown as ClassModel;
}

/** The problem record `inc` is solved now: its cause's arrivals drop, its known error is published. */
export function solveProblem(inc: Inc): void {
  const rep = inc.rep;
  const now = rep.sim.now;
  const c = rep.problems!.causes[inc.itil!.problem];
  c.solvedAt = now;
  c.record!.solvedAt = now;
  c.record!.effortMinutes = inc.effortMinutes + 0; // (+ 0: DOUBLE_ZERO never added to)
  rep.incs.delete(inc);
  rep.trace?.({ t: now, type: 'problem-solved', incident: inc.id, engineer: inc.resolvedBy, detail: `${c.model.id}: arrivals −${c.model.reduction * 100}%, known error published` });
}

/** At the horizon: what problem management did (counts within the window), for metrics/. */
export function finishProblems(rep: Replication): ProblemsOutput {
  const ps = rep.problems!;
  const now = rep.model.horizon;
  for (const inc of rep.incs.values()) {
    if (!isProblem(inc)) continue;
    const rec = ps.causes[inc.itil!.problem].record!;
    rec.effortMinutes = inc.effortMinutes + (inc.working ? (now - inc.workStart) * inc.engineer!.m.share : 0);
  }
  const inWindow = (t: number | undefined) => t !== undefined && t >= rep.from && t <= rep.to;
  let effort = 0;
  for (const r of ps.records) effort += r.effortMinutes;
  // Payback: the first day by whose end the work avoided so far reaches the effort of the problems solved so far.
  let paybackDay: number | undefined;
  let avoided = 0;
  for (let d = 0; d < ps.avoidedWorkByDay.length; d++) {
    avoided += ps.avoidedWorkByDay[d];
    const end = rep.from + (d + 1) * 1440;
    let cost = 0;
    for (const r of ps.records) if (r.solvedAt !== undefined && r.solvedAt < end) cost += r.effortMinutes;
    if (cost > 0 && avoided >= cost) {
      paybackDay = d + 1;
      break;
    }
  }
  return {
    records: ps.records,
    opened: ps.records.filter((r) => inWindow(r.openedAt)).length,
    solved: ps.records.filter((r) => inWindow(r.solvedAt)).length,
    avoided: ps.avoided,
    avoidedWorkMinutes: ps.avoidedWork,
    effortMinutes: effort,
    paybackDay,
  };
}
