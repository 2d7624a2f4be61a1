/**
 * ITIL figures of a ticket history (#19), per class of a capacity fit: known-error matches (the
 * export's `knowledge` flag: an article was used to resolve it) and how much shorter their work
 * was, closure codes, reopens and when they came; and how many incidents link to problem records.
 * `incisim fit --itil` writes them into the scenario. Units: minutes; instants as imported (ms).
 */
import type { HistoricalIncident } from '../io/import/types.js';
import { firstTeam, teamMapper, type CapacityFit } from './capacity.js';
import { timelineOf } from './timeline.js';

/** Fewest incidents on each side (with and without an article) for a class's own work factor. */
export const MIN_KNOWN_ERROR_SAMPLE = 20;
/** Fewest reopens of a class for its own delay distribution (else the window's). */
export const MIN_REOPEN_SAMPLE = 20;

export interface ItilClassFit {
  /** share of the class's incidents resolved with an article, and their mean held (active) time ÷ the others' (the class's, or the window's when `pooled`) */
  knownError?: { share: number; workFactor: number; pooled: boolean };
  /** closure code → incidents resolved with it */
  closureCodes?: Record<string, number>;
  /** share of resolved incidents reopened, and 101 percentiles of the minutes from the resolution to the reopen (the class's, or the window's when `pooled`) */
  reopen?: { probability: number; after: number[]; pooled: boolean };
}

export interface ItilFit {
  /** window incidents that have each column */
  columns: { knowledge: number; closedCode: number; reopens: number; problemId: number };
  classes: Record<string, ItilClassFit>;
  /** incidents linked to a problem record, the distinct records, and the most incidents on one */
  problems: { linked: number; records: number; largest: number };
  /** mean held time of incidents with an article ÷ those without, over the whole window */
  pooledWorkFactor?: number;
}

/** 101 percentiles (type 7) of `xs` (non-empty). */
function percentiles(xs: number[]): number[] {
  const s = [...xs].sort((a, b) => a - b);
  return Array.from({ length: 101 }, (_, k) => {
    const h = (s.length - 1) * (k / 100);
    const lo = Math.floor(h);
    return s[lo] + (h - lo) * ((s[Math.min(lo + 1, s.length - 1)] ?? s[lo]) - s[lo]);
  });
}

/** Minutes from the first resolution to the first reopen (the first event after it in an open phase), if any. */
export function reopenDelay(inc: HistoricalIncident): number | undefined {
  let resolvedAt: number | undefined;
  for (const e of inc.events ?? []) {
    if (e.phase === 'resolved') resolvedAt ??= e.at;
    else if (resolvedAt !== undefined && (e.phase === 'queued' || e.phase === 'active' || e.phase === 'pending')) return (e.at - resolvedAt) / 60_000;
  }
  return undefined;
}

/** The ITIL figures of the incidents opened in the fit's window, per class of `fit`. */
export function fitItil(all: readonly HistoricalIncident[], fit: CapacityFit): ItilFit {
  const teamOf = teamMapper(fit);
  const end = fit.window.start + fit.window.weeks * 7 * 86_400_000;
  const inWindow = all.filter((i) => i.events !== undefined && i.events.length > 0 && i.openedAt >= fit.window.start && i.openedAt < end);
  const held = (i: HistoricalIncident) => (timelineOf(i)?.totals.active ?? 0) / 60_000;
  const byClass = new Map<string, HistoricalIncident[]>();
  for (const i of inWindow) {
    const name = `${firstTeam(i, teamOf)}-${(i.priority ?? fit.defaultPriority ?? 'P3').toLowerCase()}`;
    const l = byClass.get(name);
    if (l) l.push(i);
    else byClass.set(name, [i]);
  }
  const resolvedWith = (list: HistoricalIncident[], k: boolean) => list.filter((i) => i.resolvedAt !== undefined && i.knowledge === k).map(held);
  // means, not medians: most incidents are held for minutes, a few for days, and the medians of so
  // skewed a sample swing with a handful of incidents
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const ratio = (yes: number[], no: number[]) => {
    const m = mean(no);
    return m > 0 ? mean(yes) / m : undefined;
  };
  const allYes = resolvedWith(inWindow, true);
  const allNo = resolvedWith(inWindow, false);
  const pooled = allYes.length >= MIN_KNOWN_ERROR_SAMPLE && allNo.length >= MIN_KNOWN_ERROR_SAMPLE ? ratio(allYes, allNo) : undefined;
  const delayOf = (list: HistoricalIncident[]) => list.filter((i) => i.resolvedAt !== undefined).map(reopenDelay).filter((d): d is number => d !== undefined && d >= 0);
  const allDelays = delayOf(inWindow);
  const classes: Record<string, ItilClassFit> = {};
  for (const c of fit.classes) {
    const members = byClass.get(c.name) ?? [];
    if (members.length === 0) continue;
    const out: ItilClassFit = {};
    const flagged = members.filter((i) => i.knowledge !== undefined);
    const yes = resolvedWith(members, true);
    const no = resolvedWith(members, false);
    const own = yes.length >= MIN_KNOWN_ERROR_SAMPLE && no.length >= MIN_KNOWN_ERROR_SAMPLE ? ratio(yes, no) : undefined;
    const factor = own ?? pooled;
    const share = flagged.length > 0 ? flagged.filter((i) => i.knowledge).length / flagged.length : 0;
    if (share > 0 && factor !== undefined) out.knownError = { share, workFactor: factor, pooled: own === undefined };
    const codes: Record<string, number> = {};
    for (const i of members) if (i.resolvedAt !== undefined && i.closedCode !== undefined) codes[i.closedCode] = (codes[i.closedCode] ?? 0) + 1;
    if (Object.keys(codes).length > 0) out.closureCodes = Object.fromEntries(Object.entries(codes).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
    const resolved = members.filter((i) => i.resolvedAt !== undefined);
    const delays = delayOf(members);
    // the delay's shape from the class's own reopens when it has enough, else from the window's
    if (resolved.length > 0 && delays.length > 0) out.reopen = { probability: delays.length / resolved.length, after: percentiles(delays.length >= MIN_REOPEN_SAMPLE ? delays : allDelays), pooled: delays.length < MIN_REOPEN_SAMPLE };
    classes[c.name] = out;
  }
  const problemCounts = new Map<string, number>();
  for (const i of inWindow) if (i.problemId !== undefined) problemCounts.set(i.problemId, (problemCounts.get(i.problemId) ?? 0) + 1);
  const count = (f: (i: HistoricalIncident) => unknown) => inWindow.filter((i) => f(i) !== undefined).length;
  return {
    columns: { knowledge: count((i) => i.knowledge), closedCode: count((i) => i.closedCode), reopens: count((i) => i.reopens), problemId: count((i) => i.problemId) },
    classes,
    problems: { linked: [...problemCounts.values()].reduce((a, b) => a + b, 0), records: problemCounts.size, largest: Math.max(0, ...problemCounts.values()) },
    pooledWorkFactor: pooled,
  };
}
